import { UniqueConstraintViolationException } from '@mikro-orm/core';
import * as oidc from 'openid-client';
import { normaliseEmail } from '../accounts/auth.service.js';
import { User } from '../accounts/user.entity.js';
import { hashSecret } from '../accounts/secrets.js';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Em } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { SsoSignInAttempt } from './sign-in-attempt.entity.js';
import { isLoopback, type OidcProviderConfig } from './sso.config.js';
import { UserIdentity } from './user-identity.entity.js';

/** How long a user may spend at the provider between leaving Verdi and coming back. */
export const SIGN_IN_ATTEMPT_TTL_MS = 10 * 60_000;
const DISCOVERY_TIMEOUT_SECONDS = 10;
const MAX_NAME_LENGTH = 200;

/**
 * Why a single sign-on did not work, as the `sso` parameter of the sign-in page (the web app words each one). Stable:
 * the web app switches on them.
 */
export const SsoFailure = {
  /** No provider with this id is configured. */
  UNKNOWN_PROVIDER: 'unknown_provider',
  /** The provider answered with an error (the user cancelled, or the provider refused). */
  PROVIDER_ERROR: 'provider_error',
  /** The callback's state is missing, unknown, expired, used already, or from another browser. */
  STATE: 'state',
  /** The provider could not be reached. */
  UNAVAILABLE: 'unavailable',
  /** The code exchange or the ID token failed a check. */
  FAILED: 'failed',
  /** A Verdi account has this email, but the provider does not say the email is verified. */
  EMAIL_UNVERIFIED: 'email_unverified',
  /** The account is deactivated. */
  DEACTIVATED: 'deactivated',
  /** The account with this email is linked to another person at the same provider already. */
  ALREADY_LINKED: 'already_linked',
} as const;
export type SsoFailure = (typeof SsoFailure)[keyof typeof SsoFailure];

export class SsoError extends Error {
  constructor(
    readonly code: SsoFailure,
    /** For the log and the audit record, never shown to the user. */
    readonly reason: string,
    readonly userId?: string,
  ) {
    super(reason);
  }
}

/** What Verdi reads from an ID token: who (issuer and subject), and a name and email for a new account. */
export interface SsoClaims {
  iss: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  preferred_username?: unknown;
  xms_edov?: unknown;
}

export interface SsoAccount {
  user: User;
  /** What happened to the account: found by its link, linked now by a verified email, or made now. */
  how: 'linked' | 'linked-by-email' | 'created';
}

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

/**
 * The providers' metadata, discovered on first use and kept: Verdi starts while a provider is down, and a sign-in
 * then fails with a clear message until the provider answers again (a failed discovery is not kept).
 */
export class SsoProviders {
  private readonly discovered = new Map<string, Promise<oidc.Configuration>>();

  constructor(
    readonly providers: readonly OidcProviderConfig[],
    private readonly log: Logger,
  ) {}

  find(id: string): OidcProviderConfig | undefined {
    return this.providers.find((provider) => provider.id === id);
  }

  configuration(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    let found = this.discovered.get(provider.id);
    if (!found) {
      found = oidc
        .discovery(
          provider.issuer,
          provider.clientId,
          provider.clientSecret,
          provider.clientSecret ? oidc.ClientSecretPost(provider.clientSecret) : oidc.None(),
          {
            timeout: DISCOVERY_TIMEOUT_SECONDS,
            execute: isLoopback(provider.issuer) ? [oidc.allowInsecureRequests] : [],
          },
        )
        .catch((error: unknown) => {
          this.discovered.delete(provider.id);
          this.log.warn({ err: error, provider: provider.id }, 'single sign-on: provider discovery failed');
          throw new SsoError(
            isNetworkFailure(error) ? SsoFailure.UNAVAILABLE : SsoFailure.FAILED,
            `discovery failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      this.discovered.set(provider.id, found);
    }
    return found;
  }

  /** The authorization code exchange, with the checks openid-client makes (state, PKCE, nonce, issuer, audience, signature). */
  async exchange(
    provider: OidcProviderConfig,
    callbackUrl: URL,
    checks: { state: string; codeVerifier: string; nonce: string },
  ): Promise<SsoClaims> {
    const configuration = await this.configuration(provider);
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: checks.state,
        pkceCodeVerifier: checks.codeVerifier,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims() as SsoClaims | undefined;
      if (!claims) throw new Error('the provider sent no ID token');
      if (claims.email !== undefined && claims.name !== undefined) return claims;
      // Some providers (Feide) put email and name in userinfo only. The ID token's issuer and subject stay.
      const userinfo = await oidc
        .fetchUserInfo(configuration, tokens.access_token, claims.sub)
        .catch((error: unknown) => {
          this.log.warn({ err: error, provider: provider.id }, 'single sign-on: userinfo failed');
          return {};
        });
      return { ...userinfo, ...claims, iss: claims.iss, sub: claims.sub } as SsoClaims;
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) {
        throw new SsoError(SsoFailure.PROVIDER_ERROR, `the provider answered ${error.error}`);
      }
      throw new SsoError(
        isNetworkFailure(error) ? SsoFailure.UNAVAILABLE : SsoFailure.FAILED,
        `code exchange failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function nameOf(claims: SsoClaims, provider: OidcProviderConfig): string {
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const name =
    text(claims.name) ??
    (given || undefined) ??
    text(claims.preferred_username) ??
    `Ny bruker fra ${provider.name}`;
  return name.slice(0, MAX_NAME_LENGTH);
}

/** The database side of single sign-on: sign-in attempts, and finding, linking or making the account. */
export class SsoService {
  private readonly audit: AuditService;

  constructor(private readonly em: Em) {
    this.audit = new AuditService(em);
  }

  /** Remembers what the callback must check; expired attempts of anyone are cleared on the way. */
  async saveAttempt(
    attempt: {
      state: string;
      browserSecret: string;
      provider: string;
      nonce: string;
      codeVerifier: string;
      redirect: string;
    },
    now = new Date(),
  ): Promise<void> {
    await this.em.nativeDelete(SsoSignInAttempt, { expiresAt: { $lte: now } });
    this.em.create(SsoSignInAttempt, {
      stateHash: hashSecret(attempt.state),
      browserHash: hashSecret(attempt.browserSecret),
      provider: attempt.provider,
      nonce: attempt.nonce,
      codeVerifier: attempt.codeVerifier,
      redirect: attempt.redirect,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_IN_ATTEMPT_TTL_MS),
    });
    await this.em.flush();
  }

  /**
   * Takes the attempt a callback's state names, once: the row is deleted here, so a replayed callback (or two at
   * once) finds nothing. Only then is it compared with the browser and provider, so that a callback carried to
   * another browser also spends it.
   */
  async takeAttempt(
    provider: string,
    state: string | undefined,
    browserSecret: string | undefined,
    now = new Date(),
  ): Promise<SsoSignInAttempt> {
    if (!state) throw new SsoError(SsoFailure.STATE, 'the callback has no state');
    const stateHash = hashSecret(state);
    const attempt = await this.em.findOne(SsoSignInAttempt, { stateHash });
    if (!attempt) throw new SsoError(SsoFailure.STATE, 'unknown state: tampered, expired or used already');
    if ((await this.em.nativeDelete(SsoSignInAttempt, { stateHash })) !== 1) {
      throw new SsoError(SsoFailure.STATE, 'the state was used already (a replayed callback)');
    }
    if (!browserSecret || hashSecret(browserSecret) !== attempt.browserHash) {
      throw new SsoError(SsoFailure.STATE, 'the callback came to another browser than the one that started');
    }
    if (attempt.provider !== provider) {
      throw new SsoError(SsoFailure.STATE, `the state was made for the provider "${attempt.provider}"`);
    }
    if (attempt.expiresAt <= now) throw new SsoError(SsoFailure.STATE, 'the sign-in attempt expired');
    return attempt;
  }

  /**
   * The account a person at a provider signs in to: the one their identity is linked to; else an account with the
   * email the provider says is verified, linked now; else a new account without a password, waiting for approval.
   * Two first sign-ins of one person at once make one account: the loser of the unique constraint looks again.
   */
  async accountFor(provider: OidcProviderConfig, claims: SsoClaims, now = new Date()): Promise<SsoAccount> {
    for (let attempt = 1; ; attempt++) {
      const em = this.em.fork();
      try {
        return await new SsoService(em).findLinkOrCreate(provider, claims, now);
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException) || attempt >= 3) throw error;
      }
    }
  }

  private async findLinkOrCreate(
    provider: OidcProviderConfig,
    claims: SsoClaims,
    now: Date,
  ): Promise<SsoAccount> {
    const { iss: issuer, sub: subject } = claims;
    const identity = await this.em.findOne(UserIdentity, { issuer, subject }, { populate: ['user'] });
    if (identity) {
      identity.lastSignInAt = now;
      await this.em.flush();
      return { user: identity.user, how: 'linked' };
    }

    const claimedEmail = text(claims.email);
    const email = claimedEmail ? normaliseEmail(claimedEmail) : null;
    // Entra ID sends no email_verified; its optional claim xms_edov says the tenant owns the email's domain.
    const verified = claims.email_verified === true || claims.xms_edov === true;
    const existing = email ? await this.em.findOne(User, { email }) : null;
    if (existing) {
      if (!verified) {
        throw new SsoError(
          SsoFailure.EMAIL_UNVERIFIED,
          `an account has the email ${email}, but the provider does not say it is verified`,
          existing.id,
        );
      }
      if (!existing.active)
        throw new SsoError(SsoFailure.DEACTIVATED, 'the account is deactivated', existing.id);
      const linkedHere = await this.em.findOne(UserIdentity, { user: existing.id, issuer });
      // Read committed: a first sign-in of this same person in another browser may have linked it between the
      // look-up by subject above and this one.
      if (linkedHere?.subject === subject) return { user: existing, how: 'linked' };
      if (linkedHere) {
        throw new SsoError(
          SsoFailure.ALREADY_LINKED,
          `the account with the email ${email} is linked to another person at ${issuer}`,
          existing.id,
        );
      }
      this.em.create(UserIdentity, {
        user: existing,
        provider: provider.id,
        issuer,
        subject,
        lastSignInAt: now,
      });
      this.audit.record({
        action: AuditAction.IDENTITY_LINKED,
        actorId: existing.id,
        subjectType: 'User',
        subjectId: existing.id,
        details: { provider: provider.id, issuer, by: 'verified email', email },
      });
      await this.em.flush();
      return { user: existing, how: 'linked-by-email' };
    }

    // An email the provider does not vouch for is not stored: it would let anyone claim someone else's address.
    const user = this.em.create(User, {
      email: verified ? email : null,
      name: nameOf(claims, provider),
      passwordHash: null,
      pendingApproval: true,
    });
    this.em.create(UserIdentity, { user, provider: provider.id, issuer, subject, lastSignInAt: now });
    this.audit.record({
      action: AuditAction.USER_CREATED,
      actorId: null,
      subjectType: 'User',
      subjectId: user.id,
      details: { method: 'oidc', provider: provider.id, issuer, email: user.email, pendingApproval: true },
    });
    await this.em.flush();
    return { user, how: 'created' };
  }

  /** A failed single sign-on, in the audit log beside failed password sign-ins. */
  async recordFailure(
    provider: string,
    failure: { code: SsoFailure; reason: string; userId?: string },
    ip: string | null,
  ): Promise<void> {
    this.audit.record({
      action: AuditAction.SIGN_IN_FAILED,
      actorId: null,
      subjectType: failure.userId ? 'User' : undefined,
      subjectId: failure.userId,
      ip,
      details: { method: 'oidc', provider, code: failure.code, reason: failure.reason },
    });
    await this.em.flush();
  }

  /** Per account, the ids of the providers linked to it, oldest link first. */
  async providersOfUsers(userIds: readonly string[]): Promise<string[][]> {
    const identities = await this.em.find(
      UserIdentity,
      { user: { $in: [...userIds] } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    return userIds.map((id) => [
      ...new Set(identities.filter((i) => i.user.id === id).map((i) => i.provider)),
    ]);
  }
}
