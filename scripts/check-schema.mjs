// Fails when schema/schema.graphql (or schema/error-codes.ts) is not what the api emits, or schema/generated is not what the codegen makes
// of it and the operations. Run `npm run schema:emit` to bring both up to date.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, 'node_modules', '.cache', 'verdi-schema-check');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (command, args, cwd = root) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

run(process.execPath, [bin('tsc'), '-p', 'api/tsconfig.build.json']);
run(process.execPath, ['api/dist/emit-schema.js', path.join(work, 'schema.graphql')]);
cpSync(path.join(root, 'schema', 'operations'), path.join(work, 'operations'), { recursive: true });
cpSync(path.join(root, 'schema', 'codegen.ts'), path.join(work, 'codegen.ts'));
run(process.execPath, [bin('graphql-codegen'), '--config', 'codegen.ts'], work);

const problems = [];
const compare = (committed, fresh, label) => {
  if (!existsSync(committed)) problems.push(`${label} is missing`);
  else if (readFileSync(committed, 'utf8') !== readFileSync(fresh, 'utf8'))
    problems.push(`${label} is out of date`);
};
compare(
  path.join(root, 'schema', 'schema.graphql'),
  path.join(work, 'schema.graphql'),
  'schema/schema.graphql',
);
compare(
  path.join(root, 'schema', 'error-codes.ts'),
  path.join(work, 'error-codes.ts'),
  'schema/error-codes.ts',
);
const generated = path.join(work, 'generated');
const committedGenerated = path.join(root, 'schema', 'generated');
// Files in subfolders too (generated/documents/), as paths relative to generated/.
const filesIn = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
const freshFiles = filesIn(generated);
const committedFiles = existsSync(committedGenerated) ? filesIn(committedGenerated) : [];
for (const file of new Set([...freshFiles, ...committedFiles])) {
  if (!freshFiles.includes(file)) problems.push(`schema/generated/${file} is no longer generated`);
  else compare(path.join(committedGenerated, file), path.join(generated, file), `schema/generated/${file}`);
}

if (problems.length > 0) {
  console.error(
    `Schema drift:\n  ${problems.join('\n  ')}\nRun \`npm run schema:emit\` and commit the result.`,
  );
  process.exit(1);
}
console.log('schema/schema.graphql and schema/generated match the api and the operations');
