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
async function startVerdi(
  extra: NodeJS.ProcessEnv = { VERDI_DEMO: '0' },
  directory = dataDir,
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    PORT: '0',
    VERDI_DATA_DIR: directory,
    LOG_LEVEL: 'warn',
    VERDI_ADMIN_EMAIL: 'forste.admin@example.test',
    VERDI_ADMIN_PASSWORD: 'et langt testpassord',
  };
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

async function graphql(
  url: string,
  query: string,
  cookie?: string,
): Promise<{ data?: Record<string, unknown>; cookie: string | undefined }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown> };
  return { ...body, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
}

const SIGN_IN =
  'mutation { signIn(input: { email: "Forste.Admin@example.test", password: "et langt testpassord" }) { user { isAdmin } } }';

describe('the entry point on the embedded database', () => {
  it('keeps data across a restart and stops cleanly on SIGTERM', async () => {
    const first = await startVerdi();
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(first.output()).toContain('Created the first admin: forste.admin@example.test');
    const signedIn = await graphql(first.url, SIGN_IN);
    expect(signedIn.data?.signIn).toEqual({ user: { isAdmin: true } });
    const created = await graphql(
      first.url,
      'mutation { createProject(input: { name: "Omstart", organisation: "Test kommune" }) { id } }',
      signedIn.cookie,
    );
    expect(created.data?.createProject).toBeTruthy();
    const stopped = exitCode(first.child);
    first.child.kill('SIGTERM');
    expect(await stopped).toBe(0);

    const second = await startVerdi();
    expect(second.output()).not.toContain('Created the first admin');
    const listed = await graphql(
      second.url,
      '{ projects { name } }',
      (await graphql(second.url, SIGN_IN)).cookie,
    );
    expect(listed.data?.projects).toEqual([{ name: 'Omstart' }]);
    const secondStopped = exitCode(second.child);
    second.child.kill('SIGTERM');
    expect(await secondStopped).toBe(0);
  }, 120_000);

  it('loads the demo on a new database and prints the demo sign-ins', async () => {
    const demoDir = mkdtempSync(path.join(tmpdir(), 'verdi-demo-'));
    try {
      const verdi = await startVerdi({ VERDI_DEMO: undefined }, demoDir);
      expect(verdi.output()).toMatch(/Demo data loaded: 4 projects, 7 rounds/);
      expect(verdi.output()).toContain('forsker@verdi.local');
      expect(verdi.output()).toContain('leder@verdi.local');
      const signIn = await graphql(
        verdi.url,
        'mutation { signIn(input: { email: "leder@verdi.local", password: "demo-leder-2025!" }) { user { name } } }',
      );
      const listed = await graphql(verdi.url, '{ projects { slug } }', signIn.cookie);
      expect(listed.data?.projects).toEqual([{ slug: 'kbt-trondheim' }, { slug: 'erfaringsskolen-oslo' }]);
      const stopped = exitCode(verdi.child);
      verdi.child.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      rmSync(demoDir, { recursive: true, force: true });
    }
  }, 120_000);
});
