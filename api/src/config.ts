import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAdminBootstrap, type AdminBootstrapConfig } from './accounts/bootstrap.js';
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
  /** VERDI_OIDC_PROVIDERS, VERDI_OIDC_<ID>_* and VERDI_PUBLIC_URL: single sign-on with OpenID Connect. */
  sso: SsoConfig;
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
    sso: readSsoConfig(env),
    signInLimits: readSignInLimits(env),
    demo: demoWanted(env),
    admin: readAdminBootstrap(env),
    adminTwoFactor: readAdminTwoFactor(env),
  };
}
