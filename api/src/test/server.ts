import type { AddressInfo } from 'node:net';
import type { DisclosurePolicy } from '../analytics/disclosure.js';
import type { SsoConfig } from '../sso/sso.config.js';
import { createApp, type App } from '../app.js';
import type { OrmOptions } from '../db/orm.js';
import type { AnsweredMix } from '../invitees/answered-mix.js';
import { createLogger, type Logger } from '../logger.js';
import type { SignInLimitsConfig } from '../throttle/sign-in-limits.js';
import type { ThrottleConfig, TrustProxy } from '../throttle/throttle.config.js';
import type { TwoFactorPolicy } from '../two-factor/two-factor.config.js';
import type { MailConfig } from '../mail/mail.config.js';
import type { Clock } from '../scheduler/clock.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  body: {
    data?: T | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  };
}

export interface GraphQLClient {
  /** POSTs one GraphQL operation the way the web client does, sending and keeping cookies like a browser. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResult<T>>;
  cookies: Map<string, string>;
}

export interface TestServer extends GraphQLClient {
  url: string;
  db: TestDatabase;
  app: App;
  /** A client of its own: a cookie jar, and optionally a bearer token or a session cookie to start with. */
  client(options?: { bearer?: string; session?: string }): GraphQLClient;
  stop(): Promise<void>;
}

/** The real HTTP server on a free port, over a database of its own. */
export async function startTestServer({
  orm: ormOverrides,
  ...options
}: {
  webDir?: string;
  exposeStacktraces?: boolean;
  orm?: OrmOptions;
  disclosure?: DisclosurePolicy;
  requestTimeoutMs?: number;
  sso?: SsoConfig;
  /** A port chosen beforehand (single sign-on tests need Verdi's address before it starts); a free one when unset. */
  port?: number;
  production?: boolean;
  trustProxy?: TrustProxy;
  throttle?: ThrottleConfig;
  signInLimits?: SignInLimitsConfig;
  twoFactor?: TwoFactorPolicy;
  /** The time background jobs see: pass a `ManualClock` and call `app.scheduler.runDue()`. */
  clock?: Clock;
  /** The scheduler does not start by itself here unless `autoStart: true`: tests call `app.scheduler.runDue()`. */
  scheduler?: { tickMs?: number; autoStart?: boolean };
  /** An SMTP server, e.g. `{ smtpUrl: (await startSmtpServer()).url, from: 'Verdi <verdi@example.org>' }`. */
  mail?: MailConfig;
  publicUrl?: string;
  answeredMix?: AnsweredMix;
  inviteeGraceDays?: number;
  retentionWarningDays?: readonly number[];
  /** A logger of the test's own (to read what is logged); silent unless TEST_LOG_LEVEL says otherwise. */
  log?: Logger;
} = {}): Promise<TestServer> {
  const { port: chosenPort = 0, log, ...appOptions } = options;
  const db = await createTestDatabase(ormOverrides);
  const app = await createApp({
    orm: db.orm,
    log: log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    ...appOptions,
    scheduler: { autoStart: false, ...appOptions.scheduler },
  });
  await new Promise<void>((resolve) => app.httpServer.listen(chosenPort, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const client = (credentials: { bearer?: string; session?: string } = {}): GraphQLClient => {
    const cookies = new Map<string, string>();
    if (credentials.session) cookies.set('verdi_session', credentials.session);
    return {
      cookies,
      async graphql<T>(query: string, variables?: Record<string, unknown>) {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
        };
        if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query, variables }),
        });
        for (const header of response.headers.getSetCookie()) {
          const [pair = '', ...attributes] = header.split(';');
          const separator = pair.indexOf('=');
          const name = pair.slice(0, separator).trim();
          const value = pair.slice(separator + 1).trim();
          const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a.trim()));
          if (expired || value === '') cookies.delete(name);
          else cookies.set(name, value);
        }
        return {
          status: response.status,
          contentType: response.headers.get('content-type'),
          body: (await response.json()) as GraphQLResult<T>['body'],
        };
      },
    };
  };

  const anonymous = client();
  return {
    url,
    db,
    app,
    client,
    cookies: anonymous.cookies,
    graphql: anonymous.graphql,
    async stop() {
      await app.stop();
      await db.drop();
    },
  };
}
