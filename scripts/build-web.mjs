#!/usr/bin/env node
// Builds the web app with Vite, unless nothing it is built from has changed since the last build: `npm start` runs
// the build every time, and a second start must not wait for an unchanged bundle to be rebuilt.
//
// What the bundle is built from: web/ and schema/ (the typed GraphQL documents), the lockfile (the dependencies'
// versions) and the VITE_* environment. Their paths and contents are hashed into web/dist/.inputs; a build whose
// hash matches is skipped. `--force` builds anyway.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const stamp = path.join(web, 'dist', '.inputs');
const skipped = new Set(['node_modules', 'dist', '.vite', 'coverage']);

/** Every file under a directory, as paths relative to the repository, in a stable order. */
function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(path.relative(root, full));
  }
  return out;
}

function inputsHash() {
  const hash = createHash('sha256');
  const files = [...filesUnder(web), ...filesUnder(path.join(root, 'schema')), 'package-lock.json'].sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  const env = Object.entries(process.env)
    .filter(([name]) => name.startsWith('VITE_'))
    .sort(([a], [b]) => a.localeCompare(b));
  hash.update(JSON.stringify(env));
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const before = inputsHash();
const built = existsSync(path.join(web, 'dist', 'index.html')) && existsSync(stamp);
if (!force && built && readFileSync(stamp, 'utf8').trim() === before) {
  console.log(
    'web: unchanged since the last build, not rebuilt (node scripts/build-web.mjs --force rebuilds)',
  );
  process.exit(0);
}

const vite = spawnSync('npm', ['run', 'build', '-w', '@verdi/web'], { cwd: root, stdio: 'inherit' });
if (vite.status !== 0) process.exit(vite.status ?? 1);
// The hash of what was read before the build: a file edited during the build makes the next start build again.
writeFileSync(stamp, `${before}\n`);
