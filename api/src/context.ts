import type { DisclosurePolicy } from './analytics/disclosure.js';
import type { Viewer } from './auth/viewer.js';
import type { Em } from './db/orm.js';
import type { AnsweredMix } from './invitees/answered-mix.js';
import type { InvitationMailing } from './invitees/invitation-mail.service.js';
import type { Loaders } from './loaders.js';
import type { Logger } from './logger.js';
import type { SignInLimits } from './throttle/sign-in-limits.js';
import type { Throttle } from './throttle/throttle.js';
import type { TwoFactorPolicy } from './two-factor/two-factor.config.js';

/** What a resolver may do to the browser's session cookie, without knowing about HTTP. */
export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** The httpOnly cookie that carries a sign-in from the password to its second factor. */
export interface PendingSignInCookie {
  /** The pending sign-in's secret as the browser sent it. */
  token: string | undefined;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface Context {
  /** A fork of the EntityManager for this request alone. */
  em: Em;
  /** Batch loaders over `em` for this request alone, so that list fields cost one query per field, not per item. */
  loaders: Loaders;
  log: Logger;
  /** The signed-in staff account, or null for anonymous callers (participants, the sign-in page). */
  viewer: Viewer | null;
  /** The caller's network address, for staff sign-in records and rate limits only. */
  ip: string | null;
  sessionCookie: SessionCookie;
  pendingSignIn: PendingSignInCookie;
  /** Whether admins must use two-factor sign-in (VERDI_ADMIN_TWO_FACTOR). */
  twoFactor: TwoFactorPolicy;
  /** The rules every number a manager sees passes through. */
  disclosure: DisclosurePolicy;
  /** Limits on the public participant operations, shared by every instance (`@Throttled`). */
  throttle: Throttle;
  /** The configured single sign-on providers, by id and button text. */
  signInProviders: readonly { id: string; name: string }[];
  /** Limits on password checks (sign-in, changing the password), shared by every instance; always on. */
  signInLimits: SignInLimits;
  /** This process's marks of invitees who answered in anonymous rounds, waiting for a batch of at least k. */
  answeredMix: AnsweredMix;
  /** VERDI_INVITEE_GRACE_DAYS: days after closing before a round's addresses go, unless the round says otherwise. */
  inviteeGraceDays: number;
  /** The mailer, the public address and the scheduler's clock, for the invitation operations. */
  mailing: InvitationMailing;
}
