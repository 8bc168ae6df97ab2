import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';

/**
 * Failure drill: every connection the API holds to PostgreSQL is cut, as in a database restart or failover. The API
 * must answer with clear errors meanwhile rather than crash, and recover by itself. Needs a PostgreSQL server.
 */
const serverUrl = process.env.DATABASE_URL;
let server: TestServer;
let session: string;

describe.skipIf(!serverUrl)('the database connection goes away and comes back', () => {
  beforeAll(async () => {
    server = await startTestServer();
    const em = server.db.orm.em.fork();
    session = await makeSession(em, await makeUser(em, { isAdmin: true }));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers without crashing, then recovers on its own', async () => {
    const client = server.client({ session });
    expect((await client.graphql('{ projects { id } }')).body.errors).toBeUndefined();

    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const database = new URL(server.db.location).pathname.slice(1);
    const cut = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    await admin.end();
    expect(cut.rowCount).toBeGreaterThan(0);

    const answers: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const result = await client.graphql('{ projects { id } }');
      const code = result.body.errors?.[0]?.extensions?.code as string | undefined;
      answers.push(code);
      expect(result.status).toBeLessThan(600);
      if (!code) break;
      expect(code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result.body)).not.toMatch(/terminat|pg_|connection/i);
    }
    expect(answers.at(-1)).toBeUndefined();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
