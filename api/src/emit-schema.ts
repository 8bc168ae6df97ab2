import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSdl } from './schema.js';

const target =
  process.argv[2] ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'schema.graphql');
await writeFile(target, await printSdl());
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
