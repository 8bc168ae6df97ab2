import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAdminBootstrap, type AdminBootstrapConfig } from './accounts/bootstrap.js';
import { DEFAULT_INVITEE_GRACE_DAYS } from './invitees/invitee.config.js';
import { readMailConfig, type MailConfig } from './mail/mail.config.js';
import { demoWanted } from './demo/demo-setting.js';
import { parsePseudonymKey } from './privacy/pseudonym-key.js';
import { readSsoConfig, type SsoConfig } from './sso/sso.config.js';
import { readSignInLimits, type SignInLimitsConfig } from './throttle/sign-in-limits.config.js';
import {
  readThrottleConfig,
  readTrustProxy,
  type ThrottleConfig,
  type TrustProxy,
} from './throttle/throttle.config.js';
import { readAdminTwoFactor, type AdminTwoFactor } from './two-factor/two-factor.config.js';

export interface AppConfig {
  port: number;
  /** A PostgreSQL connection string; when unset, PostgreSQL runs embedded in-process (PGlite). */
  databaseUrl: string | undefined;
  /** Where the embedded database keeps its files. */
  dataDir: string;
  /** The built web app; served with a history fallback when present. */
  webDir: string;
  production: boolean;
  /** Stack traces in GraphQL error responses: only when NODE_ENV=development (`npm run dev`). */
  exposeStacktraces: boolean;
  logLevel: string;
  /**
   * VERDI_PSEUDONYM_KEY: the secret linkage hashes are keyed with, kept out of the database. When unset, the embedded
   * database keeps one in a file in `dataDir`; see `resolvePseudonymKey`.
   */
  pseudonymKey: Buffer | undefined;
  /**
   * VERDI_STATEMENT_TIMEOUT_MS: the longest one SQL statement may run (or wait for a lock, or for a free connection)
   * on a PostgreSQL server before it is cancelled and the request answered 503; 0 turns it off.
   */
  statementTimeoutMs: number;
  /** VERDI_REQUEST_TIMEOUT_MS: the longest a GraphQL request may take before it is answered 503; 0 turns it off. */
  requestTimeoutMs: number;
  /** VERDI_THROTTLE, VERDI_THROTTLE_* and VERDI_EMPTY_DRAFT_DAYS: see docs/throttling.md. */
  throttle: ThrottleConfig;
  /** VERDI_TRUST_PROXY: whose X-Forwarded-For names the client; nobody's unless set. */
  trustProxy: TrustProxy;
  /** VERDI_OIDC_PROVIDERS and VERDI_OIDC_<ID>_*: single sign-on with OpenID Connect (redirect URIs from publicUrl). */
  sso: SsoConfig;
  /**
   * VERDI_PUBLIC_URL without a trailing slash: the address users reach Verdi at, which links in mails and single
   * sign-on's redirect URIs are made from. Required with SMTP_URL and with VERDI_OIDC_PROVIDERS.
   */
  publicUrl: string | undefined;
  /** SMTP_URL and VERDI_MAIL_FROM; undefined when Verdi sends no mail. */
  mail: MailConfig | undefined;
  /** VERDI_SCHEDULER_TICK_MS: how often each instance looks for background jobs that are due (default 60 s). */
  schedulerTickMs: number;
  /** VERDI_INVITEE_GRACE_DAYS: days after a round closes before its invitees' addresses are deleted (0–365). */
  inviteeGraceDays: number;
  /** VERDI_RETENTION_WARNING_DAYS: how many days before a project's retention end date researchers are warned. */
  retentionWarningDays: number[];
  /** VERDI_SIGN_IN_PER_ADDRESS and the fixed limits on password checks: see docs/throttling.md. */
  signInLimits: SignInLimitsConfig;
  /** VERDI_DEMO with NODE_ENV: whether a new database gets the demo (never in production unless VERDI_DEMO=1). */
  demo: boolean;
  /** VERDI_ADMIN_EMAIL and VERDI_ADMIN_PASSWORD: the admin made at start on a database without an active admin. */
  admin: AdminBootstrapConfig;
  /** VERDI_ADMIN_TWO_FACTOR: `required` makes admins who sign in with a password use two-factor sign-in. */
  adminTwoFactor: AdminTwoFactor;
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
    throw new Error(`${name} must be a whole number of milliseconds (0 turns it off), not "${raw}"`);
  }
  return value;
}

function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

/** A comma-separated list of distinct days from 1 to 365, returned from the largest to the smallest. */
function dayList(env: NodeJS.ProcessEnv, name: string, fallback: string): number[] {
  const raw = env[name]?.trim() || fallback;
  const parts = raw.split(',').map((part) => part.trim());
  const days = parts.map(Number);
  if (
    parts.some((part) => !/^\d+$/.test(part)) ||
    days.some((day) => day < 1 || day > 365) ||
    new Set(days).size !== days.length ||
    days.length > 10
  ) {
    throw new Error(
      `${name} must be up to 10 different whole numbers of days from 1 to 365, comma-separated (e.g. "${fallback}"), not "${raw}"`,
    );
  }
  return days.sort((a, b) => b - a);
}

// api/src or api/dist: two levels up is the repository, whichever the code runs from.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = env.PORT ? Number(env.PORT) : 4000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const sso = readSsoConfig(env);
  const mail = readMailConfig(env);
  if (mail && !sso.publicUrl) {
    throw new Error(
      'VERDI_PUBLIC_URL must be set when SMTP_URL is: the address users reach Verdi at (e.g. https://verdi.kommune.no), from which the links in mails are made',
    );
  }
  const schedulerTickMs = milliseconds(env, 'VERDI_SCHEDULER_TICK_MS', 60_000);
  if (schedulerTickMs < 100) {
    throw new Error(
      `VERDI_SCHEDULER_TICK_MS must be at least 100 milliseconds, not "${env.VERDI_SCHEDULER_TICK_MS}"`,
    );
  }
  return {
    port,
    databaseUrl,
    dataDir: path.resolve(env.VERDI_DATA_DIR ?? path.join(repoRoot, '.verdi')),
    webDir: path.resolve(env.VERDI_WEB_DIR ?? path.join(repoRoot, 'web', 'dist')),
    production: env.NODE_ENV === 'production',
    exposeStacktraces: env.NODE_ENV === 'development',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    pseudonymKey: env.VERDI_PSEUDONYM_KEY?.trim() ? parsePseudonymKey(env.VERDI_PSEUDONYM_KEY) : undefined,
    statementTimeoutMs: milliseconds(env, 'VERDI_STATEMENT_TIMEOUT_MS', 15_000),
    requestTimeoutMs: milliseconds(env, 'VERDI_REQUEST_TIMEOUT_MS', 30_000),
    throttle: readThrottleConfig(env),
    trustProxy: readTrustProxy(env),
    sso,
    publicUrl: sso.publicUrl,
    mail,
    schedulerTickMs,
    inviteeGraceDays: wholeNumber(env, 'VERDI_INVITEE_GRACE_DAYS', DEFAULT_INVITEE_GRACE_DAYS, 0, 365),
    retentionWarningDays: dayList(env, 'VERDI_RETENTION_WARNING_DAYS', '30,7,1'),
    signInLimits: readSignInLimits(env),
    demo: demoWanted(env),
    admin: readAdminBootstrap(env),
    adminTwoFactor: readAdminTwoFactor(env),
  };
}
