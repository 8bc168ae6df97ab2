import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../app.js';
import { createLogger } from '../logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  body: {
    data?: T | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  };
}

export interface TestServer {
  url: string;
  db: TestDatabase;
  app: App;
  /** POSTs one GraphQL operation the way the web client does. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

/** The real HTTP server on a free port, over a database of its own. */
export async function startTestServer(
  options: { webDir?: string; exposeStacktraces?: boolean } = {},
): Promise<TestServer> {
  const db = await createTestDatabase();
  const app = await createApp({ orm: db.orm, log: createLogger('silent'), ...options });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    db,
    app,
    async graphql<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
        },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        body: (await response.json()) as GraphQLResult<T>['body'],
      };
    },
    async stop() {
      await app.stop();
      await db.drop();
    },
  };
}
