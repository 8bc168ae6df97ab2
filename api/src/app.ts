import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  DatabaseUnavailableError,
  ErrorCode,
  HTTP_STATUS,
  isDatabaseUnavailable,
} from './common/errors.js';
import { rejectInvalidText } from './common/invalid-text.js';
import type { Context } from './context.js';
import { databaseAnswers, type Orm } from './db/orm.js';
import { createLoaders } from './loaders.js';
import { loggableUrl, type Logger } from './logger.js';
import { getSchema } from './schema.js';
import { exportRouter } from './exports/export.routes.js';
import { AuthService } from './accounts/auth.service.js';
import { credentialsOf, pendingSignInCookieFor, sessionCookieFor } from './auth/http-auth.js';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { STRICT, type DisclosurePolicy } from './analytics/disclosure.js';
import { SignInLimits, type SignInLimitsConfig } from './throttle/sign-in-limits.js';
import { Throttle } from './throttle/throttle.js';
import { DEFAULT_THROTTLE, type ThrottleConfig, type TrustProxy } from './throttle/throttle.config.js';
import { draftExpiryJob } from './responses/draft-expiry.js';
import { AnsweredMix, answeredMixFlushJob, STRICT_INVITATIONS } from './invitees/answered-mix.js';
import { addressDeletionJob } from './invitees/address-deletion.js';
import { DEFAULT_INVITEE_GRACE_DAYS } from './invitees/invitee.config.js';
import { retentionJobs } from './retention/retention.jobs.js';
import { registerInvitationJobs } from './invitees/invitation.jobs.js';
import { optOutRouter } from './invitees/opt-out.routes.js';
import { NO_SSO, type SsoConfig } from './sso/sso.config.js';
import { ssoRouter } from './sso/sso.routes.js';
import { SsoProviders } from './sso/sso.service.js';
import { DEFAULT_TWO_FACTOR_POLICY, type TwoFactorPolicy } from './two-factor/two-factor.config.js';
import type { MailConfig } from './mail/mail.config.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { systemClock, type Clock } from './scheduler/clock.js';
import { jobLockFor } from './scheduler/job-lock.js';
import { Scheduler } from './scheduler/scheduler.js';

export interface AppOptions {
  orm: Orm;
  log: Logger;
  /** The built web app; when the folder is missing, only the API is served. */
  webDir?: string;
  production?: boolean;
  exposeStacktraces?: boolean;
  /** The disclosure rules managers' numbers pass through; always `STRICT` outside tests that weaken one on purpose. */
  disclosure?: DisclosurePolicy;
  /** The longest a GraphQL request may take before it is answered 503 REQUEST_TIMEOUT; 0 for no limit. */
  requestTimeoutMs?: number;
  /** Limits on the public participant operations and the expiry of empty drafts; `DEFAULT_THROTTLE` when unset. */
  throttle?: ThrottleConfig;
  /** Limits on password checks; `DEFAULT_SIGN_IN_LIMITS` when unset. VERDI_THROTTLE=off does not turn them off. */
  signInLimits?: SignInLimitsConfig;
  /** Which proxies' X-Forwarded-For to believe (Express's `trust proxy`); none when unset. */
  trustProxy?: TrustProxy;
  /** Single sign-on providers; none when unset. */
  sso?: SsoConfig;
  /** Whether admins must use two-factor sign-in; optional when unset. */
  twoFactor?: TwoFactorPolicy;
  /** Where background jobs take the time from; the system clock unless a test passes a `ManualClock`. */
  clock?: Clock;
  /**
   * The background jobs' timer: `tickMs` (VERDI_SCHEDULER_TICK_MS, 60 s by default) and `autoStart` (default true:
   * the scheduler starts when the HTTP server starts listening). main.ts and the test server pass `autoStart: false`;
   * main.ts starts it after `listen`, tests call `app.scheduler.runDue()`.
   */
  scheduler?: { tickMs?: number; autoStart?: boolean };
  /** SMTP_URL and VERDI_MAIL_FROM; no mailer when unset. */
  mail?: MailConfig;
  /** VERDI_PUBLIC_URL: the address links in mails point to. */
  publicUrl?: string;
  /**
   * Marks of invitees who answered in anonymous rounds, held until a batch of k (one per process); a new one with
   * `STRICT_INVITATIONS` when unset. Tests pass their own, to flush it or to weaken its policy on purpose.
   */
  answeredMix?: AnsweredMix;
  /** VERDI_INVITEE_GRACE_DAYS: days after closing before a round's invitee addresses are deleted (30 when unset). */
  inviteeGraceDays?: number;
  /** VERDI_RETENTION_WARNING_DAYS: days before a retention end date that researchers are warned (30, 7, 1). */
  retentionWarningDays?: readonly number[];
}

export interface App {
  httpServer: http.Server;
  /** Background jobs: modules `register` theirs here (see scheduler/scheduler.ts); stopped by `stop()`. */
  scheduler: Scheduler;
  /** The process's one pooled SMTP transport; undefined when mail is not configured. Closed by `stop()`. */
  mailer: Mailer | undefined;
  clock: Clock;
  /** VERDI_PUBLIC_URL without a trailing slash, when set. */
  publicUrl: string | undefined;
  /** Stops taking requests, lets running ones finish, then stops the GraphQL server. */
  stop(): Promise<void>;
}

/** Codes whose messages are written for the client; any other error is logged and replaced by a generic one. */
const CLIENT_FACING_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Limits that reject abusive documents before they run. Verdi's own operations stay far below them; the
 * introspection query that tools send is exempt from the depth limit.
 */
export const MAX_TOKENS = 5000;
export const QUERY_LIMITS = {
  maxDepth: { n: 12, ignoreIntrospection: true },
  costLimit: {
    maxCost: 15000,
    objectCost: 2,
    scalarCost: 1,
    depthCostFactor: 1.5,
    ignoreIntrospection: true,
  },
  maxAliases: { n: 15 },
  // Counted by graphql-js's own parser (parseOptions below), so that an over-long document is a 400 parse error.
  maxTokens: { enabled: false },
  maxDirectives: { n: 20 },
  // Suggestions are turned off in production by Apollo's hideSchemaDetailsFromClientErrors (see createApp).
  blockFieldSuggestion: { enabled: false },
};

export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_FACING_CODES.has(code)) return formatted;
    const original = unwrapResolverError(error);
    if (isDatabaseUnavailable(original)) {
      log.warn({ err: original, path: formatted.path }, 'the database is unavailable');
      return {
        message: DATABASE_UNAVAILABLE_MESSAGE,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
      };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

const errorLogging: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        // A database outage is the server's state, not the operation's fault: 503, so that clients and load
        // balancers know to retry.
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (errors?.some((e) => e.extensions?.code === ErrorCode.DATABASE_UNAVAILABLE)) {
          response.http.status = 503;
        }
      },
      async didEncounterErrors({ errors, contextValue, operationName }) {
        for (const error of errors) {
          const code = error instanceof GraphQLError ? error.extensions.code : undefined;
          if (typeof code === 'string' && CLIENT_FACING_CODES.has(code)) {
            contextValue.log?.info({ operationName, code, message: error.message }, 'operation rejected');
          }
        }
      },
    };
  },
};

/**
 * Answers a request still running after `ms` with 503 REQUEST_TIMEOUT, so that a client is never held longer than
 * that whatever stalls; the work itself ends on its own (the statement timeout bounds what the database does).
 */
function requestTimeout(ms: number): express.RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      req.log?.warn({ timeoutMs: ms }, 'request timed out');
      res.status(503).json({
        errors: [
          {
            message: 'The server took too long to answer. Please try again in a moment.',
            extensions: { code: ErrorCode.REQUEST_TIMEOUT },
          },
        ],
      });
    }, ms);
    res.on('close', () => clearTimeout(timer));
    res.on('finish', () => clearTimeout(timer));
    next();
  };
}

/** A personal invitation link or its opt-out page: a page of the web app whatever its token looks like. */
const PERSONAL_LINK_PAGE = /^\/[iu]\/[A-Za-z0-9._~-]+$/;

export async function createApp({
  orm,
  log,
  webDir,
  production = false,
  exposeStacktraces = false,
  disclosure = STRICT,
  requestTimeoutMs = 0,
  throttle: throttleConfig = DEFAULT_THROTTLE,
  sso = NO_SSO,
  trustProxy = false,
  signInLimits: signInLimitsConfig,
  twoFactor = DEFAULT_TWO_FACTOR_POLICY,
  clock = systemClock,
  scheduler: schedulerOptions = {},
  mail,
  publicUrl,
  answeredMix = new AnsweredMix(STRICT_INVITATIONS, log),
  inviteeGraceDays = DEFAULT_INVITEE_GRACE_DAYS,
  retentionWarningDays,
}: AppOptions): Promise<App> {
  const app = express();
  app.disable('x-powered-by');
  // The client's address keys the participant limits: believe X-Forwarded-For only from the proxies configured.
  app.set('trust proxy', trustProxy);
  const throttle = Throttle.create(orm, throttleConfig);
  throttle.startSweeping();
  const signInLimits = new SignInLimits(orm, signInLimitsConfig);
  const httpServer = http.createServer(app);

  const armor = new ApolloArmor(QUERY_LIMITS).protect();
  const apollo = new ApolloServer<Context>({
    schema: await getSchema(),
    csrfPrevention: true,
    // main.ts stops the server on SIGTERM/SIGINT itself; a second stop() from Apollo's own handler never resolves.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: exposeStacktraces,
    // "Did you mean …" helps a script author in development; in production it maps the schema for a stranger who
    // has no session, so a security review asks for it off.
    hideSchemaDetailsFromClientErrors: production,
    formatError: formatError(log),
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      rejectInvalidText as ApolloServerPlugin<Context>,
      errorLogging,
    ],
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger: log,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      // Headers carry cookies and tokens, and participants' user agents must never be written down.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: loggableUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({
      // Chromium treats the default upgrade-insecure-requests as a reason to rewrite plain-http localhost requests.
      contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
      strictTransportSecurity: production,
    }),
  );

  // Participants answer on phones, often on slow connections: scripts, pages and GraphQL answers go out compressed.
  // Research exports stream as they are, so that a million-answer file costs no extra CPU and keeps its pace. The
  // filter runs when the answer starts, inside the export router, where `req.path` no longer holds the mount point:
  // hence `originalUrl`.
  app.use(
    compression({
      filter: (req, res) => !req.originalUrl.startsWith('/exports/') && compression.filter(req, res),
    }),
  );

  app.get('/healthz', async (_req, res) => {
    const ok = await databaseAnswers(orm);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'database unavailable' });
  });

  app.use('/exports', exportRouter(orm, log, twoFactor));
  app.use('/mail', optOutRouter(orm, log, throttle));

  const ssoProviders = new SsoProviders(sso.providers, log);
  const signInProviders = sso.providers.map(({ id, name }) => ({ id, name }));
  app.use('/auth/oidc', ssoRouter({ orm, log, providers: ssoProviders, production }));

  if (requestTimeoutMs > 0) app.use('/graphql', requestTimeout(requestTimeoutMs));
  app.use(
    '/graphql',
    express.json({ limit: '1mb', type: ['application/json', 'application/graphql-response+json'] }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const em = orm.em.fork();
        const viewer = await new AuthService(em, { twoFactor })
          .viewerFor(credentialsOf(req))
          .catch((error: unknown) => {
            if (isDatabaseUnavailable(error)) throw new DatabaseUnavailableError();
            if (error instanceof GraphQLError) {
              throw new GraphQLError(error.message, {
                extensions: { ...error.extensions, http: { status: 401 } },
              });
            }
            throw error;
          });
        return {
          em,
          loaders: createLoaders(em),
          log: req.log,
          viewer,
          ip: req.ip ?? null,
          sessionCookie: sessionCookieFor(req, res, production),
          pendingSignIn: pendingSignInCookieFor(req, res, production),
          twoFactor,
          disclosure,
          throttle,
          signInProviders,
          signInLimits,
          answeredMix,
          inviteeGraceDays,
          mailing,
        };
      },
    }),
  );

  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    const index = path.join(webDir, 'index.html');
    app.use(
      '/assets',
      express.static(path.join(webDir, 'assets'), { immutable: true, maxAge: '1y', index: false }),
    );
    app.use(express.static(webDir, { index: false }));
    // History fallback: every other GET that a browser sends for a page gets the app, which routes on the client.
    app.get('/{*path}', (req, res, next) => {
      // A missing file (a stale asset after a deploy) must be a 404, not the app's HTML under a .js name.
      // Mailed links are pages although their tokens have a dot (`/i/inv.…`, `/u/out.…`).
      const page = PERSONAL_LINK_PAGE.test(req.path) || !path.extname(req.path);
      if (!req.accepts('html') || req.path.startsWith('/assets/') || !page) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('The Verdi API is running. The web app is not built: run `npm run build`.');
    });
  }

  app.use((_req, res) => {
    res.status(HTTP_STATUS.NOT_FOUND).json({ code: ErrorCode.NOT_FOUND, message: 'Not found' });
  });

  // Express's own error page would print the stack trace; bodies that are not JSON are the client's mistake.
  app.use(
    (
      error: Error & { status?: number; type?: string },
      req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) {
        // A request answered by its timeout that finished afterwards: its late answer has nowhere to go.
        if ((error as { code?: string }).code === 'ERR_HTTP_HEADERS_SENT') return;
        return next(error);
      }
      if (isDatabaseUnavailable(error)) {
        req.log?.warn({ err: error }, 'the database is unavailable');
        res.status(503).json({
          errors: [
            { message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } },
          ],
        });
        return;
      }
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      if (status === 500) req.log?.error({ err: error }, 'unexpected error');
      const message =
        error.type === 'entity.parse.failed'
          ? 'The request body is not valid JSON'
          : error.type === 'entity.too.large'
            ? 'The request body is too large'
            : status === 500
              ? 'Internal server error'
              : error.message;
      res.status(status).json({
        errors: [
          {
            message,
            extensions: { code: status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT },
          },
        ],
      });
    },
  );

  const mailer = mail ? createMailer(mail, { log, production }) : undefined;
  const scheduler = new Scheduler({
    orm,
    log,
    clock,
    tickMs: schedulerOptions.tickMs,
    lock: jobLockFor(orm, log),
  });
  scheduler.register(draftExpiryJob(throttleConfig.emptyDraftDays));
  scheduler.register(answeredMixFlushJob(answeredMix));
  scheduler.register(addressDeletionJob(inviteeGraceDays));
  for (const job of retentionJobs({ mailer, publicUrl, warningDays: retentionWarningDays }))
    scheduler.register(job);
  const mailing = registerInvitationJobs(scheduler, {
    mailer,
    publicUrl,
    graceDays: inviteeGraceDays,
    log,
  });
  if (schedulerOptions.autoStart ?? true) {
    httpServer.once('listening', () => {
      scheduler.start().catch((error: unknown) => log.error({ err: error }, 'the scheduler did not start'));
    });
  }
  return {
    httpServer,
    scheduler,
    mailer,
    clock,
    publicUrl,
    stop: async () => {
      await Promise.all([throttle.stop(), scheduler.stop()]);
      mailer?.close();
      await apollo.stop();
    },
  };
}
