import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(path.join(tmpdir(), 'verdi-main-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The real entry point from source, with the embedded database unless `extra` names a server. The pseudonym key comes
 * from `extra` only, never from the environment the tests run in.
 */
function spawnVerdi(
  extra: NodeJS.ProcessEnv,
  directory: string,
): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    VERDI_DATA_DIR: directory,
    LOG_LEVEL: 'warn',
    VERDI_ADMIN_EMAIL: 'forste.admin@example.test',
    VERDI_ADMIN_PASSWORD: 'et langt testpassord',
  };
  delete env.DATABASE_URL;
  delete env.VERDI_PSEUDONYM_KEY;
  Object.assign(env, extra);
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Starts Verdi on a free port and waits for its URL. */
async function startVerdi(
  extra: NodeJS.ProcessEnv = { VERDI_DEMO: '0' },
  directory = dataDir,
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const { child, output } = spawnVerdi(extra, directory);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Verdi did not start in 45 s:\n${output()}`)), 45_000);
    child.stdout!.on('data', () => {
      const match = /Verdi is running at (http:\/\/localhost:\d+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdi exited with ${code} before it started:\n${output()}`));
    });
  });
  return { url, child, output };
}

/** Runs Verdi where it must refuse to start: its exit code and what it said. */
async function refusal(
  extra: NodeJS.ProcessEnv,
  directory: string,
): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnVerdi({ VERDI_DEMO: '0', ...extra }, directory);
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  const code = await exitCode(child);
  clearTimeout(timer);
  expect(output()).not.toContain('Verdi is running');
  return { code, output: output() };
}

async function stop(child: ChildProcess): Promise<void> {
  const stopped = exitCode(child);
  child.kill('SIGTERM');
  expect(await stopped).toBe(0);
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
    // Without VERDI_PSEUDONYM_KEY the embedded database's key is made on first start, for its owner's eyes only.
    const keyFile = path.join(dataDir, 'pseudonym.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}\n$/);
    expect(first.output()).toContain(`Pseudonym key: ${keyFile} (back it up with the database)`);
    const stopped = exitCode(first.child);
    first.child.kill('SIGTERM');
    expect(await stopped).toBe(0);

    const second = await startVerdi();
    expect(second.output()).not.toContain('Created the first admin');
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
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

describe('a production start', () => {
  it('on an empty database loads no demo; with VERDI_DEMO=1 it does and warns about the demo accounts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-prod-'));
    const demoDir = mkdtempSync(path.join(tmpdir(), 'verdi-prod-demo-'));
    const production = { NODE_ENV: 'production', VERDI_PSEUDONYM_KEY: randomBytes(32).toString('hex') };
    try {
      const verdi = await startVerdi({ ...production, VERDI_DEMO: undefined }, dir);
      expect(verdi.output()).not.toContain('Demo data loaded');
      const demoSignIn = await graphql(
        verdi.url,
        'mutation { signIn(input: { email: "forsker@verdi.local", password: "demo-forsker-2025" }) { user { id } } }',
      );
      expect(demoSignIn.data).toBeFalsy();
      const users = await graphql(
        verdi.url,
        '{ users { email } }',
        (await graphql(verdi.url, SIGN_IN)).cookie,
      );
      expect(users.data?.users).toEqual([{ email: 'forste.admin@example.test' }]);
      expect(verdi.output()).not.toContain('Demo accounts with published passwords');
      await stop(verdi.child);

      const demo = await startVerdi({ ...production, VERDI_DEMO: '1' }, demoDir);
      expect(demo.output()).toMatch(/Demo data loaded/);
      expect(demo.output()).toMatch(
        /WARNING: Demo accounts with published passwords are active in this production database: .*forsker@verdi\.local/,
      );
      await stop(demo.child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(demoDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses a VERDI_DEMO that is neither on nor off', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-prod-'));
    try {
      const refused = await refusal({ VERDI_DEMO: 'ja' }, dir);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('Verdi could not start: VERDI_DEMO must be 1 (or true)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the pseudonym key at start', () => {
  const keyA = randomBytes(32).toString('hex');
  const keyB = randomBytes(32).toString('base64');

  it('refuses a key other than the one the database was used with, and starts again with the right one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-key-'));
    try {
      await stop((await startVerdi({ VERDI_DEMO: '0', VERDI_PSEUDONYM_KEY: keyA }, dir)).child);
      const changed = await refusal({ VERDI_PSEUDONYM_KEY: keyB }, dir);
      expect(changed.code).toBe(1);
      expect(changed.output).toMatch(
        /Verdi could not start: The pseudonym key .* is not the one this database was used with/,
      );
      // Nor may a missing variable quietly swap in a key file of its own.
      expect((await refusal({}, dir)).output).toContain('is not the one this database was used with');
      await stop((await startVerdi({ VERDI_DEMO: '0', VERDI_PSEUDONYM_KEY: keyA }, dir)).child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to start on a PostgreSQL server in production without VERDI_PSEUDONYM_KEY, before connecting', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-key-'));
    try {
      const missing = await refusal(
        { NODE_ENV: 'production', DATABASE_URL: 'postgres://verdi@127.0.0.1:9/verdi' },
        dir,
      );
      expect(missing.code).toBe(1);
      expect(missing.output).toMatch(
        /Verdi could not start: VERDI_PSEUDONYM_KEY is not set\. .*NODE_ENV=production.*openssl rand -hex 32/,
      );
      expect(existsSync(path.join(dir, 'pseudonym.key'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a key that is too short or not hex or base64, naming the variable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-key-'));
    try {
      const short = await refusal({ VERDI_PSEUDONYM_KEY: randomBytes(16).toString('hex') }, dir);
      expect(short.code).toBe(1);
      expect(short.output).toContain(
        'Verdi could not start: VERDI_PSEUDONYM_KEY holds 16 bytes; it must hold at least 32 random bytes',
      );
      const malformed = await refusal({ VERDI_PSEUDONYM_KEY: 'et passord, ikke en nøkkel' }, dir);
      expect(malformed.output).toContain(
        'VERDI_PSEUDONYM_KEY must be at least 32 random bytes written as hex or base64',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
  it('refuses to start with single sign-on but without VERDI_PUBLIC_URL, naming the variable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-sso-'));
    try {
      const refused = await refusal(
        {
          VERDI_OIDC_PROVIDERS: 'entra',
          VERDI_OIDC_ENTRA_ISSUER:
            'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
          VERDI_OIDC_ENTRA_CLIENT_ID: 'verdi',
          VERDI_OIDC_ENTRA_NAME: 'Kommunens innlogging',
        },
        dir,
      );
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(
        'Verdi could not start: VERDI_PUBLIC_URL must be set when VERDI_OIDC_PROVIDERS is',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('mail configuration at start', () => {
  it('refuses a mail setup that is incomplete or malformed, naming the variable and never printing the password', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-mail-'));
    try {
      const noFrom = await refusal({ SMTP_URL: 'smtps://verdi:hemmelig-passord@mail.example.org:465' }, dir);
      expect(noFrom.code).toBe(1);
      expect(noFrom.output).toContain('Verdi could not start: VERDI_MAIL_FROM must be set when SMTP_URL is');
      const malformed = await refusal(
        { SMTP_URL: 'https://verdi:hemmelig-passord@mail.example.org', VERDI_MAIL_FROM: 'verdi@example.org' },
        dir,
      );
      expect(malformed.output).toContain(
        'Verdi could not start: SMTP_URL must be an smtp:// or smtps:// address',
      );
      expect(noFrom.output + malformed.output).not.toContain('hemmelig');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
