import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bench's own folder (bench/src), the repository, and the API's build, the one `npm start` runs. */
export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.resolve(BENCH_DIR, '..', '..');
export const API_DIR = path.join(REPO_DIR, 'api', 'dist');

export const BENCH_ADMIN = { email: 'bench.admin@example.test', password: 'benchmark-passord-som-er-langt' };

/**
 * The Node option for a server on a small machine: V8's young generation capped at 4 MiB per semi-space (by default it
 * grows to 32 MiB, 64 MiB resident once grown). The export and submission sections measure what it saves and costs.
 */
export const SMALL_YOUNG_GENERATION = '--max-semi-space-size=4';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Waits for the line a started Verdi prints last, and returns its URL. */
export function waitForUrl(child: ChildProcess, timeoutMs = 120_000): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Verdi did not start:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /is running at (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdi exited with ${code} before it was ready:\n${output}`));
    });
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The built API (`node api/dist/main.js`) as its own process on a free port, over the given database. */
export async function startServer(
  databaseUrl: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  // VERDI_BENCH_PROFILE=<dir>: the server writes a CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.VERDI_BENCH_PROFILE;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  const child = spawn(process.execPath, [...flags, path.join(API_DIR, 'main.js')], {
    cwd: REPO_DIR,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      VERDI_DEMO: '0',
      VERDI_ADMIN_EMAIL: BENCH_ADMIN.email,
      VERDI_ADMIN_PASSWORD: BENCH_ADMIN.password,
      // The bench sends thousands of submissions from one address on purpose: it measures Verdi, not its limits.
      VERDI_THROTTLE: 'off',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child);
  return { url, child, stop: () => stopChild(child) };
}

export interface GraphQLCaller {
  <T>(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<T>;
  cookie: string;
}

/** Signs in over HTTP and returns a caller that sends the session cookie and throws on any GraphQL error. */
export async function signIn(url: string, email: string, password: string): Promise<GraphQLCaller> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($input: SignInInput!) { signIn(input: $input) { expiresAt } }',
      variables: { input: { email, password } },
    }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error(`Sign-in as ${email} failed: ${await response.text()}`);
  const call = (async <T>(query: string, variables?: Record<string, unknown>, operationName?: string) => {
    const reply = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query, variables, operationName }),
    });
    const body = (await reply.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) {
      throw new Error(`GraphQL error: ${body.errors?.map((e) => e.message).join('; ') ?? reply.status}`);
    }
    return body.data;
  }) as GraphQLCaller;
  call.cookie = cookie;
  return call;
}
