import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(path.join(tmpdir(), 'verdi-main-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the real entry point from source on a free port with the embedded database, and waits for its URL. */
async function startVerdi(): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const env = { ...process.env, PORT: '0', VERDI_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Verdi did not start in 45 s:\n${output}`)), 45_000);
    child.stdout!.on('data', () => {
      const match = /Verdi is running at (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdi exited with ${code} before it started:\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function graphql(url: string, query: string): Promise<{ data?: Record<string, unknown> }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown> };
}

describe('the entry point on the embedded database', () => {
  it('keeps data across a restart and stops cleanly on SIGTERM', async () => {
    const first = await startVerdi();
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const created = await graphql(
      first.url,
      'mutation { createProject(input: { name: "Omstart", organisation: "Test kommune" }) { id } }',
    );
    expect(created.data?.createProject).toBeTruthy();
    const stopped = exitCode(first.child);
    first.child.kill('SIGTERM');
    expect(await stopped).toBe(0);

    const second = await startVerdi();
    const listed = await graphql(second.url, '{ projects { name } }');
    expect(listed.data?.projects).toEqual([{ name: 'Omstart' }]);
    const secondStopped = exitCode(second.child);
    second.child.kill('SIGTERM');
    expect(await secondStopped).toBe(0);
  }, 120_000);
});
