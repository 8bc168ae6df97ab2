import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { makeSession, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimits } from '../throttle/sign-in-limits.js';
import { DEFAULT_THROTTLE } from '../throttle/throttle.config.js';
import { AuthService } from './auth.service.js';

/**
 * The limits on password checks, as an attacker would meet them: many requests at once, from one address or many,
 * on one instance or two. The server runs with VERDI_THROTTLE=off, which must leave these limits on.
 */
let server: TestServer;
const extraApps: App[] = [];
let secondOrm: Orm | null = null;

/** Every request over HTTP comes from 127.0.0.1: the per-address limit is tested on its own, through the service. */
const HTTP_LIMITS = { ...DEFAULT_SIGN_IN_LIMITS, perAddress: { points: 10_000, seconds: 900 } };

beforeAll(async () => {
  server = await startTestServer({
    throttle: { ...DEFAULT_THROTTLE, enabled: false },
    signInLimits: HTTP_LIMITS,
  });
});
afterAll(async () => {
  for (const app of extraApps) await app.stop();
  await secondOrm?.close();
  await server?.stop();
});

const SIGN_IN =
  'mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { user { id } } }';
const CHANGE =
  'mutation ($current: String!) { changePassword(input: { currentPassword: $current, newPassword: "et nytt langt passord" }) }';
const em = () => server.db.orm.em.fork();
const FREE = DEFAULT_SIGN_IN_LIMITS.freeAttempts;
const MAX_WAIT_SECONDS = DEFAULT_SIGN_IN_LIMITS.maxDelayMs / 1000;

interface Reply {
  status: number;
  retryAfter: string | null;
  code: string;
  retryAfterSeconds?: number;
}

async function signIn(url: string, email: string, password: string): Promise<Reply> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: SIGN_IN, variables: { email, password } }),
  });
  const body = (await response.json()) as {
    errors?: { extensions: { code: string; retryAfterSeconds?: number } }[];
  };
  const error = body.errors?.[0]?.extensions;
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: error?.code ?? 'OK',
    retryAfterSeconds: error?.retryAfterSeconds,
  };
}

/** How many passwords were checked for this email: every check ends in SIGN_IN or SIGN_IN_FAILED. */
async function checksOf(email: string, userId: string): Promise<{ failed: number; succeeded: number }> {
  const failed = await em().count(AuditEvent, { action: AuditAction.SIGN_IN_FAILED, details: { email } });
  const succeeded = await em().count(AuditEvent, { action: AuditAction.SIGN_IN, subjectId: userId });
  return { failed, succeeded };
}

/**
 * Signs in through the service at a moment of the test's choosing, answering the error code or 'OK'. Smaller limits
 * than the defaults keep the number of (slow, on purpose) password checks down.
 */
async function signInAt(email: string, password: string, ip: string, now: number) {
  try {
    await new AuthService(em(), { limits }).signIn(email, password, ip, new Date(now));
    return { code: 'OK', retryAfterSeconds: 0 };
  } catch (error) {
    const extensions = (error as { extensions?: { code: string; retryAfterSeconds?: number } }).extensions;
    if (!extensions) throw error;
    return { code: extensions.code, retryAfterSeconds: extensions.retryAfterSeconds ?? 0 };
  }
}

const SMALL = {
  ...DEFAULT_SIGN_IN_LIMITS,
  perAddress: { points: 8, seconds: 900 },
  perAccountAddress: { points: 4, seconds: 900 },
};
let limits: SignInLimits;
beforeAll(() => {
  limits = new SignInLimits(server.db.orm, SMALL);
});

/**
 * The most checks one account allows in `ms`: the free ones at once, then one each time the doubling wait has passed.
 * A burst's requests reach the limit over a second or more on a busy machine, so tests bound by the time they took.
 */
function mostChecksWithin(ms: number): number {
  let checks = FREE;
  let waited = 0;
  while (waited + limits.delayAfter(checks) <= ms) waited += limits.delayAfter(checks++);
  return checks;
}

let nextAddress = 1;
const freshAddress = () => `203.0.113.${nextAddress++}`;

describe('passwords sent all at once', () => {
  it(`are checked ${FREE} times in 40 at once, then once per doubling wait, and the right password after them is refused`, async () => {
    const user = await makeUser(em());
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(server.url, user.email, `feil passord ${i}`)),
    );
    const most = mostChecksWithin(Date.now() - started);
    expect(replies.filter((r) => r.code === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(most);
    const refused = replies.filter((r) => r.code === 'RATE_LIMITED');
    expect(refused.length).toBeGreaterThanOrEqual(40 - most);
    for (const reply of refused) {
      expect(reply.status).toBe(429);
      expect(Number(reply.retryAfter)).toBe(reply.retryAfterSeconds);
    }
    expect((await checksOf(user.email, user.id)).failed).toBeLessThanOrEqual(most);
    const right = await signIn(server.url, user.email, TEST_PASSWORD);
    expect(right.code).toBe('RATE_LIMITED');
    expect(await checksOf(user.email, user.id)).toMatchObject({ succeeded: 0 });
  });

  it(`are checked at most ${FREE} times when the right password is among 40 at once, and it is refused after them`, async () => {
    const user = await makeUser(em());
    const now = Date.parse('2026-05-02T08:00:00Z');
    // 39 guesses from as many addresses and the right password, all in the same instant.
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signInAt(user.email, i === 20 ? TEST_PASSWORD : `feil ${i}`, freshAddress(), now),
      ),
    );
    const { failed, succeeded } = await checksOf(user.email, user.id);
    expect(failed + succeeded).toBeLessThanOrEqual(FREE);
    expect(replies.filter((r) => r.code === 'RATE_LIMITED')).toHaveLength(40 - failed - succeeded);
    // The right password got in only if it was among the first checks.
    expect(replies[20]!.code).toBe(succeeded === 1 ? 'OK' : 'RATE_LIMITED');
  });

  it('of a stolen session changing the password are checked no more often than at sign-in', async () => {
    const user = await makeUser(em());
    const thief = server.client({ session: await makeSession(em(), user) });
    const started = Date.now();
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => thief.graphql(CHANGE, { current: `gjetning ${i}` })),
    );
    const codes = guesses.map((g) => g.body.errors?.[0]?.extensions?.code ?? 'OK');
    const most = mostChecksWithin(Date.now() - started);
    expect(codes.filter((c) => c === 'BAD_USER_INPUT').length).toBeLessThanOrEqual(most);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(20 - most);
  });

  it('at sign-in and at changing the password share one count per account', async () => {
    const user = await makeUser(em());
    const now = Date.parse('2026-05-03T08:00:00Z');
    for (let i = 0; i < FREE; i++) {
      expect((await signInAt(user.email, `feil ${i}`, freshAddress(), now)).code).toBe('UNAUTHENTICATED');
    }
    const viewer = {
      userId: user.id,
      isAdmin: false,
      roles: new Map(),
      via: 'session' as const,
      credentialId: 'x',
    };
    await expect(
      new AuthService(em()).changePassword(viewer, TEST_PASSWORD, 'et nytt langt passord', new Date(now)),
    ).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    await expect(
      new AuthService(em()).changePassword(
        viewer,
        TEST_PASSWORD,
        'et nytt langt passord',
        new Date(now + 1000),
      ),
    ).resolves.toBeUndefined();
  });
});

describe('a stranger trying an account', () => {
  it(`from many addresses makes its owner wait at most ${MAX_WAIT_SECONDS} s, never locks them out`, async () => {
    const user = await makeUser(em());
    let now = Date.parse('2026-05-04T08:00:00Z');
    let checked = 0;
    let longestWait = 0;
    // A botnet: a fresh address for every guess, each guess sent as soon as the account lets one through.
    while (checked < FREE + 10) {
      const guess = await signInAt(user.email, `gjetning ${checked}`, freshAddress(), now);
      if (guess.code === 'UNAUTHENTICATED') checked++;
      else {
        expect(guess.code).toBe('RATE_LIMITED');
        longestWait = Math.max(longestWait, guess.retryAfterSeconds);
        now += guess.retryAfterSeconds * 1000;
      }
    }
    expect(longestWait).toBe(MAX_WAIT_SECONDS);
    // The owner comes right after the stranger's last guess: a wait of at most the cap, then in.
    const owner = '192.0.2.10';
    const first = await signInAt(user.email, TEST_PASSWORD, owner, now);
    expect(first.code).toBe('RATE_LIMITED');
    expect(first.retryAfterSeconds).toBeLessThanOrEqual(MAX_WAIT_SECONDS);
    const later = await signInAt(user.email, TEST_PASSWORD, owner, now + first.retryAfterSeconds * 1000);
    expect(later.code).toBe('OK');
  }, 60_000);

  it('cannot hold up its owner at all where the owner signed in before', async () => {
    const user = await makeUser(em());
    const home = freshAddress();
    let now = Date.parse('2026-05-06T08:00:00Z');
    expect((await signInAt(user.email, TEST_PASSWORD, home, now)).code).toBe('OK');
    let checked = 0;
    while (checked < FREE + 8) {
      const guess = await signInAt(user.email, `gjetning ${checked}`, freshAddress(), now);
      if (guess.code === 'UNAUTHENTICATED') checked++;
      else now += guess.retryAfterSeconds * 1000;
    }
    // Right after the stranger's last guess: a new address waits, home does not.
    const elsewhere = await signInAt(user.email, TEST_PASSWORD, freshAddress(), now);
    expect(elsewhere.code).toBe('RATE_LIMITED');
    expect((await signInAt(user.email, TEST_PASSWORD, home, now)).code).toBe('OK');
  }, 60_000);

  it('from one address runs out of guesses on that account, and a correct sign-in from there starts its count again', async () => {
    const user = await makeUser(em());
    const { points } = SMALL.perAccountAddress;
    const office = freshAddress();
    let now = Date.parse('2026-05-05T08:00:00Z');
    /** One attempt, waiting out the account's delay first as a patient person would. */
    const attempt = async (password: string) => {
      for (;;) {
        const result = await signInAt(user.email, password, office, now);
        if (result.code !== 'RATE_LIMITED' || result.retryAfterSeconds > MAX_WAIT_SECONDS) return result;
        now += result.retryAfterSeconds * 1000;
      }
    };
    for (let i = 0; i < points - 1; i++) expect((await attempt(`feil ${i}`)).code).toBe('UNAUTHENTICATED');
    expect((await attempt(TEST_PASSWORD)).code).toBe('OK');
    for (let i = 0; i < points; i++) expect((await attempt(`feil igjen ${i}`)).code).toBe('UNAUTHENTICATED');
    const over = await attempt(TEST_PASSWORD);
    expect(over.code).toBe('RATE_LIMITED');
    expect(over.retryAfterSeconds).toBeGreaterThan(MAX_WAIT_SECONDS);
    // The same account from another address is only delayed.
    const elsewhere = await signInAt(user.email, TEST_PASSWORD, freshAddress(), now + 61_000);
    expect(elsewhere.code).toBe('OK');
  }, 60_000);

  it('from one address across accounts is refused after the per-address limit; other addresses are not', async () => {
    const { points } = SMALL.perAddress;
    const ip = freshAddress();
    for (let i = 0; i < points; i++) {
      expect((await signInAt(`konto${i}@example.test`, 'feil', ip, Date.now())).code).toBe('UNAUTHENTICATED');
    }
    const user = await makeUser(em());
    const refused = await signInAt(user.email, TEST_PASSWORD, ip, Date.now());
    expect(refused.code).toBe('RATE_LIMITED');
    expect((await signInAt(user.email, TEST_PASSWORD, freshAddress(), Date.now())).code).toBe('OK');
  }, 60_000);
});

describe.skipIf(!process.env.DATABASE_URL)('two API instances on one PostgreSQL server', () => {
  it('share the counters: 40 guesses spread over both are checked no more often than on one', async () => {
    secondOrm = await openDatabase({ databaseUrl: server.db.location });
    const app = await createApp({ orm: secondOrm, log: createLogger('silent'), signInLimits: HTTP_LIMITS });
    extraApps.push(app);
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    const second = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    const user = await makeUser(em());
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(i % 2 ? second : server.url, user.email, `feil ${i}`)),
    );
    const most = mostChecksWithin(Date.now() - started);
    expect((await checksOf(user.email, user.id)).failed).toBeLessThanOrEqual(most);
  });
});
