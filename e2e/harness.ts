import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFailed } from 'vitest';
import { createScratchDatabase } from '../api/src/test/scratch-database.js';

export const repoRoot = path.resolve(import.meta.dirname, '..');
const serverEntry = path.join(repoRoot, 'api', 'dist', 'main.js');
const webIndex = path.join(repoRoot, 'web', 'dist', 'index.html');
/** Screenshots of failed tests land here (ignored by git). */
const artifactsDir = path.join(repoRoot, '.e2e');

const startTimeoutMs = 60_000;
const stopTimeoutMs = 15_000;

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Without these Chromium keeps calling home, which floods a machine with no network.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface E2eApp {
  /** http://localhost:<port>, without a trailing slash. */
  baseUrl: string;
  /** The first admin, created by the server on its empty database from VERDI_ADMIN_EMAIL/PASSWORD. */
  admin: { email: string; password: string };
  context: BrowserContext;
  /** Opens a page; closed again by the harness. */
  newPage(): Promise<Page>;
  /** Sends one GraphQL operation straight to the server, as a script would, signed in as the admin. */
  graphql: Graphql;
  /** Signs in through the API as a script would, and sends operations with that session. */
  signInAs(email: string, password: string): Promise<ApiSession>;
  /** Everything the server printed so far. */
  output(): string;
}

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Sends one operation; the whole response, errors included. */
export type Graphql = <T>(query: string, variables?: Record<string, unknown>) => Promise<GraphqlResponse<T>>;

export interface ApiSession {
  /** `verdi_session=…`, for a browser context or a download. */
  cookie: string;
  graphql: Graphql;
  /** Sends one operation and gives its data; throws on any error. */
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** The data of a response, or an error naming what went wrong. */
export function data<T>(result: GraphqlResponse<T>): T {
  if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** Signs in on the sign-in page the browser is on (or is going to), and waits until it leaves it. */
export async function signInOnPage(page: Page, person: { email: string; password: string }): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('textbox', { name: 'E-post' }).fill(person.email);
  // A password input has no role; its label still names it.
  await page.getByLabel('Passord').fill(person.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class ServerProcess {
  private chunks: string[] = [];
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<void>;
  private readonly child: ChildProcess;

  constructor(env: NodeJS.ProcessEnv) {
    // The node binary itself, not npm or npx, so that stopping this process stops the server.
    this.child = spawn(process.execPath, [serverEntry], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.chunks.push(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.chunks.push(chunk));
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
      this.child.once('error', (error) => {
        this.chunks.push(`\n[harness] could not start the server: ${error.message}\n`);
        this.exit = { code: null, signal: null };
        resolve();
      });
    });
  }

  output(): string {
    return this.chunks.join('');
  }

  async waitUntilHealthy(baseUrl: string): Promise<void> {
    const deadline = Date.now() + startTimeoutMs;
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(
          `The server exited before it was ready (code ${this.exit.code}, signal ${this.exit.signal}).\n` +
            `--- server output ---\n${this.output()}`,
        );
      }
      try {
        const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
        lastProblem = `GET /healthz answered ${response.status}`;
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error);
      }
      await delay(200);
    }
    throw new Error(
      `The server was not healthy after ${startTimeoutMs / 1000} s (${lastProblem}).\n` +
        `--- server output ---\n${this.output()}`,
    );
  }

  async stop(): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([
      this.exited.then(() => true),
      delay(stopTimeoutMs).then(() => false),
    ]);
    if (!stopped) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

export interface AppOptions {
  /** Load the demo data (projects, accounts, synthetic answers) on start; other tests start empty. */
  demo?: boolean;
  /**
   * More environment for the server, made once its address is known (single sign-on needs it for its redirect
   * URIs, and a provider started by the test needs them in turn).
   */
  env?: (baseUrl: string) => Promise<Record<string, string>> | Record<string, string>;
}

async function startApp(cleanups: (() => Promise<void>)[], options: AppOptions = {}): Promise<E2eApp> {
  for (const [file, hint] of [
    [serverEntry, 'npm run build -w @verdi/api'],
    [webIndex, 'npm run build -w @verdi/web'],
  ] as const) {
    if (!existsSync(file))
      throw new Error(`${path.relative(repoRoot, file)} is missing: run \`${hint}\` first`);
  }

  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const admin = { email: 'admin@example.org', password: randomBytes(18).toString('base64url') };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    NODE_ENV: 'production',
    VERDI_ADMIN_EMAIL: admin.email,
    VERDI_ADMIN_PASSWORD: admin.password,
    // Browser tests set up what they need; the demo data would only get in their way, unless asked for.
    VERDI_DEMO: options.demo ? '1' : '0',
    // A server in production takes its pseudonym key from configuration (a new database each time: a new key).
    VERDI_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
  };
  delete env['VERDI_WEB_DIR'];
  Object.assign(env, (await options.env?.(baseUrl)) ?? {});

  const adminUrl = process.env['DATABASE_URL']?.trim();
  if (adminUrl) {
    const database = await createScratchDatabase(
      adminUrl,
      `verdi_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`,
    );
    cleanups.push(database.drop);
    env['DATABASE_URL'] = database.url;
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'verdi-e2e-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    delete env['DATABASE_URL'];
    env['VERDI_DATA_DIR'] = dataDir;
  }

  const server = new ServerProcess(env);
  cleanups.push(() => server.stop());
  await server.waitUntilHealthy(baseUrl);

  const profileDir = await mkdtemp(path.join(tmpdir(), 'verdi-e2e-chromium-'));
  cleanups.push(() => rm(profileDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    baseURL: baseUrl,
  });
  cleanups.push(() => context.close());

  const post = async <T>(body: object, cookie?: string) => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    return { response, result: (await response.json()) as GraphqlResponse<T> };
  };
  const signInAs = async (email: string, password: string): Promise<ApiSession> => {
    const { response, result } = await post({
      query: 'mutation ($input: SignInInput!) { signIn(input: $input) { expiresAt } }',
      variables: { input: { email, password } },
    });
    const cookie = response.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .find((pair) => pair?.startsWith('verdi_session='));
    if (!cookie) throw new Error(`signing in as ${email} failed: ${JSON.stringify(result)}`);
    const graphql: Graphql = async <T>(query: string, variables?: Record<string, unknown>) =>
      (await post<T>({ query, variables }, cookie)).result;
    return {
      cookie,
      graphql,
      gql: async <T>(query: string, variables?: Record<string, unknown>) =>
        data(await graphql<T>(query, variables)),
    };
  };
  let adminSession: Promise<ApiSession> | undefined;

  return {
    baseUrl,
    admin,
    context,
    newPage: async () => {
      const page = await context.newPage();
      onTestFailed(async ({ task }) => {
        await mkdir(artifactsDir, { recursive: true });
        const name = task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
        await page
          .screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true })
          .catch(() => {});
      });
      return page;
    },
    graphql: async <T>(query: string, variables?: Record<string, unknown>) => {
      adminSession ??= signInAs(admin.email, admin.password);
      return (await adminSession).graphql<T>(query, variables);
    },
    signInAs,
    output: () => server.output(),
  };
}

/**
 * Starts the built server on a free port with an empty database, and Chromium, for the tests of one file;
 * stops and removes them all after the file.
 */
export function useApp(options: AppOptions = {}): () => E2eApp {
  let app: E2eApp | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    app = await startApp(cleanups, options);
  });

  afterAll(async () => {
    const failures: unknown[] = [];
    // Last started, first stopped: the browser, then the server, then its database and folders.
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'e2e teardown failed');
  });

  return () => {
    if (!app) throw new Error('the app is not running (did beforeAll fail?)');
    return app;
  };
}

// Fixtures, made through the API as an admin's or a researcher's script would.

export const allRoles = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'];

/** One Chromium for a test file's participant pages: started on first use, closed after the file's tests. */
export function useBrowser(): () => Promise<Browser> {
  let browser: Promise<Browser> | undefined;
  afterAll(async () => {
    await (await browser)?.close();
  });
  return () =>
    (browser ??= chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs,
    }));
}

/** A narrow phone on the app: 360 × 740, touch, Norwegian; `options` adds to or overrides these. */
export function phoneContext(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'nb-NO',
    bypassCSP: true,
    ...options,
  });
}

/** axe's WCAG 2.0 and 2.1 A and AA violations on the page, as "rule: help (where)"; axe must have checked the page. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`);
}

/** A new project, made by the admin; its id. */
export async function createProject(
  app: E2eApp,
  input: { name: string; organisation: string },
): Promise<string> {
  return data(
    await app.graphql<{ createProject: { id: string } }>(
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input },
    ),
  ).createProject.id;
}

/** A new account with a role in a project, made by the admin; its id. */
export async function addMember(
  app: E2eApp,
  projectId: string,
  user: { name: string; email: string; password: string; language?: string },
  role: 'RESEARCHER' | 'MANAGER',
): Promise<string> {
  const { id } = data(
    await app.graphql<{ createUser: { id: string } }>(
      'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: user },
    ),
  ).createUser;
  data(
    await app.graphql('mutation ($input: SetMembershipInput!) { setMembership(input: $input) { id } }', {
      input: { userId: id, projectId, role },
    }),
  );
  return id;
}

/** A new project with a researcher in it (an account the admin makes), signed in over the API. */
export async function projectWithResearcher(
  app: E2eApp,
  project: { name: string; organisation: string },
  person: { name: string; email: string; password: string },
): Promise<{ projectId: string; researcher: ApiSession }> {
  const projectId = await createProject(app, project);
  await addMember(app, projectId, person, 'RESEARCHER');
  return { projectId, researcher: await app.signInAs(person.email, person.password) };
}

/** Imports an instrument in Verdi's own format (schema/instrument.schema.json) into a project and publishes it. */
export async function publishInstrument(
  graphql: Graphql,
  projectId: string,
  instrumentFile: object,
): Promise<string> {
  const imported = data(
    await graphql<{
      importInstrument: {
        instrument: { id: string; draft: { revision: number } };
        problems: { message: string }[];
      };
    }>(
      `
        mutation ($input: ImportInstrumentInput!) {
          importInstrument(input: $input) {
            instrument {
              id
              draft {
                revision
              }
            }
            problems {
              message
            }
          }
        }
      `,
      { input: { format: 'VERDI_JSON', content: JSON.stringify(instrumentFile), projectId } },
    ),
  ).importInstrument;
  if (imported.problems.length > 0)
    throw new Error(`the instrument has problems: ${JSON.stringify(imported.problems)}`);
  data(
    await graphql(
      'mutation ($id: UUID!, $revision: Int!) { publishInstrument(id: $id, revision: $revision) { number } }',
      { id: imported.instrument.id, revision: imported.instrument.draft.revision },
    ),
  );
  return imported.instrument.id;
}

export interface CreatedRound {
  id: string;
  openLinks: { role: string; path: string }[];
}

/** A round made with createRound (the API's name for it), with its open links. */
export async function createRound(graphql: Graphql, input: Record<string, unknown>): Promise<CreatedRound> {
  return data(
    await graphql<{ createRound: CreatedRound }>(
      'mutation ($input: CreateRoundInput!) { createRound(input: $input) { id openLinks { role path } } }',
      { input },
    ),
  ).createRound;
}
