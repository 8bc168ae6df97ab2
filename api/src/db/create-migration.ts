// Writes a migration for the difference between the entities and what the committed migrations build, then
// lists it in migrations/index.ts. Usage: npm run migration:create -w @verdi/api -- <short_name>
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './orm.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Give the migration a short name in snake_case, e.g. accounts_and_sessions');
  process.exit(1);
}
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/db/migrations');
const orm = await openDatabase({ dataDir: 'memory://' });
try {
  const result = await orm.migrator.create(dir, false, false, name);
  if (!result.fileName) {
    console.log('The entities and the migrations agree; nothing to write.');
  } else {
    const className = result.fileName.replace(/\.ts$/, '');
    const indexPath = path.join(dir, 'index.ts');
    const index = readFileSync(indexPath, 'utf8')
      .replace(/(\n\/\*\*)/, `import { ${className} } from './${className}.js';\n$1`)
      .replace(/\];\s*$/, `  { name: '${className}', class: ${className} },\n];\n`);
    writeFileSync(indexPath, index);
    console.log(`Wrote src/db/migrations/${result.fileName} and listed it in index.ts`);
  }
} finally {
  await orm.close(true);
}
