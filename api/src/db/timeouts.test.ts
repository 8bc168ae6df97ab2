import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { ormOptions } from './orm.js';

/**
 * Issue 14: a stalled database held requests for as long as it stalled (18 s seen). With the statement timeout a
 * request waiting on it is answered 503 promptly, and the server answers normally once the database does again; the
 * request timeout does the same whatever stalls. A lock held from another connection stalls the database here; PGlite
 * has no other connection, so these run on PostgreSQL only.
 */
const SURVEY = `query ($token: String!) { survey(token: $token) { kind } }`;

async function stallInvitations(url: string): Promise<pg.Client> {
  const blocker = new pg.Client({ connectionString: url });
  await blocker.connect();
  await blocker.query('begin');
  await blocker.query('lock table invitations in access exclusive mode');
  return blocker;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

describe.skipIf(!process.env.DATABASE_URL)('a stalled database, on PostgreSQL', () => {
  let statementLimited: TestServer;
  let requestLimited: TestServer;
  const rounds = new Map<TestServer, OpenRound>();

  beforeAll(async () => {
    const withTimeout = (statementTimeoutMs: number) => ({
      orm: { driverOptions: ormOptions({ databaseUrl: 'postgres://x', statementTimeoutMs }).driverOptions },
    });
    statementLimited = await startTestServer(withTimeout(800));
    requestLimited = await startTestServer({ ...withTimeout(60_000), requestTimeoutMs: 800 });
    for (const server of [statementLimited, requestLimited]) {
      const em = server.db.orm.em.fork();
      rounds.set(
        server,
        await makeOpenRound(em, await makeProject(em), await makeUser(em, { isAdmin: true })),
      );
    }
  });
  afterAll(async () => {
    await statementLimited?.stop();
    await requestLimited?.stop();
  });

  it.each([
    ['the statement timeout', () => statementLimited, 'DATABASE_UNAVAILABLE'],
    ['the request timeout', () => requestLimited, 'REQUEST_TIMEOUT'],
  ])(
    'answers 503 promptly under %s, and normally again once the lock is gone',
    async (_name, serverOf, code) => {
      const server = serverOf();
      const token = rounds.get(server)!.links.CONSULTANT!;
      const blocker = await stallInvitations(server.db.location);
      try {
        const [stalled, ms] = await timed(() => server.graphql(SURVEY, { token }));
        expect(stalled.status).toBe(503);
        expect(stalled.body.errors![0]!.extensions!.code).toBe(code);
        expect(ms).toBeLessThan(5000);
      } finally {
        await blocker.query('rollback');
        await blocker.end();
      }
      const [recovered, ms] = await timed(() => server.graphql(SURVEY, { token }));
      expect(recovered.body.errors).toBeUndefined();
      expect(recovered.status).toBe(200);
      expect(ms).toBeLessThan(5000);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
    },
  );
});
