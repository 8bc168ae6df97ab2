import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';

/**
 * Failure drill: the database goes away — every connection is cut and new ones are refused, as while PostgreSQL
 * restarts or fails over — and comes back. Meanwhile the API answers with a clear error (DATABASE_UNAVAILABLE, HTTP
 * 503) and `/healthz` fails, nothing crashes; afterwards it serves again by itself. The API reaches PostgreSQL
 * through a TCP proxy that the test turns off and on. Needs a PostgreSQL server.
 */
const serverUrl = process.env.DATABASE_URL;

/** A TCP proxy to the PostgreSQL server that can drop every connection and refuse new ones. */
class SwitchableProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async up(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe.skipIf(!serverUrl)('the database goes away and comes back', () => {
  let db: TestDatabase;
  let proxy: SwitchableProxy;
  let orm: Orm;
  let app: App;
  let url: string;
  let session: string;
  let surveyToken: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const admin = await makeUser(em, { isAdmin: true });
    session = await makeSession(em, admin);
    surveyToken = Object.values((await makeOpenRound(em, await makeProject(em), admin)).links)[0]!;
    const direct = new URL(db.location);
    proxy = new SwitchableProxy(direct.hostname, Number(direct.port || 5432));
    await proxy.up();
    const proxied = new URL(db.location);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    orm = await openDatabase({ databaseUrl: proxied.toString() });
    app = await createApp({ orm, log: createLogger('silent') });
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.stop();
    await orm?.close(true);
    await proxy?.down();
    await db?.drop();
  });

  const graphql = async (query: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `verdi_session=${session}` },
      body: JSON.stringify({ query }),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
    };
  };
  const projects = () => graphql('{ projects { id } }');
  const survey = () => graphql(`{ survey(token: "${surveyToken}") { role } }`);

  it('answers with a clear error and a failing health check while it is away, then recovers by itself', async () => {
    expect((await projects()).body.errors).toBeUndefined();
    expect((await survey()).body.errors).toBeUndefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    await proxy.down();
    for (const request of [projects, survey, projects, survey]) {
      const answer = await request();
      expect(answer.status).toBe(503);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      // A clear message, and nothing about the driver, the address or the stack.
      expect(answer.text).toMatch(/database/i);
      expect(answer.text).not.toMatch(/ECONN|127\.0\.0\.1|pg_|stack|\.js:/);
    }
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'database unavailable' });

    await proxy.up();
    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      recovered = (await projects()).body.errors === undefined;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(true);
    expect((await survey()).body.errors).toBeUndefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
