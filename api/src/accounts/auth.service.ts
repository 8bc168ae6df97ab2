import { isResearcherAnywhere } from '../auth/access.js';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { runStatement } from '../db/statement.js';
import type { Viewer } from '../auth/viewer.js';
import { ApiToken } from './api-token.entity.js';
import { Membership } from './membership.entity.js';
import type { ProjectRole } from './project-role.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';
import { hashSecret, newSecret } from './secrets.js';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';
import { SignInLimits } from '../throttle/sign-in-limits.js';
import { DEFAULT_TWO_FACTOR_POLICY, type TwoFactorPolicy } from '../two-factor/two-factor.config.js';
import { TwoFactorService, type SignInOutcome } from '../two-factor/two-factor.service.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const SESSION_IDLE_TIMEOUT_MS = 8 * HOUR;
export const SESSION_MAX_AGE_MS = 7 * 24 * HOUR;
/** A session's expiry is moved forward at most this often, so reading pages does not mean a write per request. */
const SESSION_TOUCH_INTERVAL_MS = 5 * MINUTE;

/**
 * A session's viewer in one prepared statement (every signed-in request runs it): the live session of an active user,
 * whether its expiry is due to move, whether it was opened with a password only, and the user's project roles.
 */
const SESSION_VIEWER_SQL = `
  select u.id as user_id, u.is_admin, s.created_at::text as created_at,
         s.last_seen_at < $3::timestamptz as stale,
         exists (select 1 from password_only_sessions p where p.session_token_hash = s.token_hash) as password_only,
         coalesce((select json_agg(json_build_array(m.project_id, m.role)) from memberships m where m.user_id = u.id),
                  '[]'::json) as roles
    from sessions s join users u on u.id = s.user_id
   where s.token_hash = $1 and s.expires_at > $2::timestamptz and u.active`;

interface SessionViewerRow {
  user_id: string;
  is_admin: boolean;
  created_at: string;
  stale: boolean;
  password_only: boolean;
  roles: [string, ProjectRole][];
}

const WRONG_CREDENTIALS = 'Wrong email or password';
export const API_TOKEN_PREFIX = 'verdi_pat_';

export interface Credentials {
  sessionToken?: string;
  bearerToken?: string;
}

export interface SignedIn {
  user: User;
  sessionToken: string;
  expiresAt: Date;
}

export interface CreatedToken {
  token: ApiToken;
  secret: string;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class AuthService {
  private readonly audit: AuditService;
  private limitsInUse: SignInLimits | undefined;

  private readonly twoFactor: TwoFactorPolicy;

  /**
   * `limits` are the app's password-check limits (`Context.signInLimits`); without them the defaults are counted on
   * `em`'s own database, so that no way of calling this checks a password unlimited. `twoFactor` is the app's policy
   * (`Context.twoFactor`): whether an admin's password-only session is held to setting up two-factor sign-in.
   */
  constructor(
    private readonly em: Em,
    options: { limits?: SignInLimits; twoFactor?: TwoFactorPolicy } = {},
  ) {
    this.audit = new AuditService(em);
    this.limitsInUse = options.limits;
    this.twoFactor = options.twoFactor ?? DEFAULT_TWO_FACTOR_POLICY;
  }

  private get limits(): SignInLimits {
    return (this.limitsInUse ??= new SignInLimits(this.em));
  }

  /**
   * Who is calling, from a session cookie or a bearer token. A bad bearer token is an error (a script should
   * hear that its token is wrong); a stale cookie just means nobody is signed in.
   */
  async viewerFor(credentials: Credentials, now = new Date()): Promise<Viewer | null> {
    if (credentials.bearerToken) {
      const token = await this.em.findOne(
        ApiToken,
        { tokenHash: hashSecret(credentials.bearerToken) },
        { populate: ['user'] },
      );
      if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now) || !token.user.active) {
        throw new UnauthenticatedError('The API token is unknown, revoked or expired');
      }
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > MINUTE) {
        await this.em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: now });
      }
      return this.viewerOf(token.user, 'token', token.id);
    }
    if (credentials.sessionToken) {
      const tokenHash = hashSecret(credentials.sessionToken);
      const [row] = await runStatement<SessionViewerRow>(
        this.em,
        SESSION_VIEWER_SQL,
        [tokenHash, now.toISOString(), new Date(now.getTime() - SESSION_TOUCH_INTERVAL_MS).toISOString()],
        'session-viewer',
      );
      if (!row) return null;
      if (row.stale) {
        await this.em.nativeUpdate(
          Session,
          { tokenHash },
          { lastSeenAt: now, expiresAt: this.sessionExpiry(new Date(row.created_at), now) },
        );
      }
      if (this.twoFactor.adminTwoFactor === 'required' && row.is_admin && row.password_only) {
        return {
          userId: row.user_id,
          isAdmin: false,
          roles: new Map(),
          via: 'session',
          credentialId: tokenHash,
          twoFactorSetupOnly: true,
        };
      }
      return {
        userId: row.user_id,
        isAdmin: row.is_admin,
        roles: new Map(row.roles),
        via: 'session',
        credentialId: tokenHash,
      };
    }
    return null;
  }

  private async viewerOf(user: User, via: Viewer['via'], credentialId: string): Promise<Viewer> {
    const memberships = await this.em.find(Membership, { user: user.id }, { fields: ['project', 'role'] });
    return {
      userId: user.id,
      isAdmin: user.isAdmin,
      roles: new Map(memberships.map((m) => [m.project.id, m.role])),
      via,
      credentialId,
    };
  }

  private sessionExpiry(createdAt: Date, now: Date): Date {
    return new Date(
      Math.min(now.getTime() + SESSION_IDLE_TIMEOUT_MS, createdAt.getTime() + SESSION_MAX_AGE_MS),
    );
  }

  async signIn(
    emailInput: string,
    password: string,
    ip: string | null,
    now = new Date(),
  ): Promise<SignInOutcome> {
    const email = normaliseEmail(emailInput);
    // Counted before the password is checked, so that requests sent all at once cannot check more than the limits.
    const check = await this.limits.beforeSignIn(email, ip, now.getTime());

    const user = await this.em.findOne(User, { email }, { populate: ['passwordHash'] });
    const passwordOk = await verifyPassword(user?.passwordHash, password);
    if (!user || !passwordOk || !user.active) {
      this.audit.record({
        action: AuditAction.SIGN_IN_FAILED,
        actorId: null,
        subjectType: user ? 'User' : undefined,
        subjectId: user?.id,
        ip,
        details: { email, reason: !user ? 'unknown email' : !passwordOk ? 'wrong password' : 'deactivated' },
      });
      await this.em.flush();
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }

    if (user.passwordHash && needsRehash(user.passwordHash)) user.passwordHash = await hashPassword(password);
    // The password was right: its counts are cleared and this address becomes one the owner uses, also when a second
    // factor is still to come — those limits guard the password, and the codes have limits of their own.
    await check.succeeded();
    return new TwoFactorService(this.em, this.twoFactor).afterPassword(user, ip, now);
  }

  /**
   * The one way a session starts, whichever way the user proved who they are: a new session, the sign-in time and
   * a SIGN_IN audit record (with `details` saying how), in one flush.
   */
  async openSession(
    user: User,
    ip: string | null,
    details: Record<string, unknown>,
    now = new Date(),
  ): Promise<SignedIn> {
    const sessionToken = newSecret();
    const session = this.em.create(Session, {
      tokenHash: hashSecret(sessionToken),
      user,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: this.sessionExpiry(now, now),
    });
    user.lastSignInAt = now;
    this.audit.record({
      action: AuditAction.SIGN_IN,
      actorId: user.id,
      subjectType: 'User',
      subjectId: user.id,
      ip,
      details,
    });
    await this.em.flush();
    return { user, sessionToken, expiresAt: session.expiresAt };
  }

  async signOut(viewer: Viewer): Promise<void> {
    if (viewer.via === 'session') await this.em.nativeDelete(Session, { tokenHash: viewer.credentialId });
    this.audit.record({
      action: AuditAction.SIGN_OUT,
      actorId: viewer.userId,
      subjectType: 'User',
      subjectId: viewer.userId,
    });
    await this.em.flush();
  }

  async changePassword(
    viewer: Viewer,
    currentPassword: string,
    newPassword: string,
    now = new Date(),
  ): Promise<void> {
    if (viewer.via !== 'session') {
      throw new ForbiddenError('The password can only be changed from a signed-in browser session');
    }
    const user = await this.em.findOneOrFail(User, { id: viewer.userId }, { populate: ['passwordHash'] });
    if (!user.passwordHash || !user.email) {
      throw ValidationError.forFields({
        currentPassword:
          'does not exist: this account signs in with single sign-on and has no password in Verdi',
      });
    }
    // The same per-account turn as signing in: a stolen session gets no extra guesses at the password.
    const check = await this.limits.beforePasswordCheck(user.email, now.getTime());
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      this.audit.record({
        action: AuditAction.SIGN_IN_FAILED,
        actorId: user.id,
        subjectType: 'User',
        subjectId: user.id,
        details: { email: user.email, reason: 'wrong current password when changing it' },
      });
      await this.em.flush();
      throw ValidationError.forFields({ currentPassword: 'is not your current password' });
    }
    await check.succeeded();
    user.passwordHash = await hashPassword(newPassword);
    // Whoever knew the old password may have signed in or made a token with it: other browsers are signed out and
    // every API token is revoked; this browser stays signed in.
    const revoked = await revokeCredentials(
      this.em,
      user.id,
      now,
      viewer.via === 'session' ? viewer.credentialId : null,
    );
    this.audit.record({
      action: AuditAction.PASSWORD_CHANGED,
      actorId: user.id,
      subjectType: 'User',
      subjectId: user.id,
      details: revoked,
    });
    await this.em.flush();
  }

  /** Tokens are for scripts that read research data, so only researchers (and admins) may have them. */
  async createApiToken(
    viewer: Viewer,
    name: string,
    expiresInDays?: number | null,
    now = new Date(),
  ): Promise<CreatedToken> {
    // A token must not make tokens: one that expires tomorrow could otherwise mint one that never does.
    if (viewer.via !== 'session') {
      throw new ForbiddenError(
        'API tokens can only be created from a signed-in browser session, not with an API token',
      );
    }
    if (!isResearcherAnywhere(viewer)) {
      throw new ForbiddenError('Only researchers and admins can create API tokens');
    }
    const secret = newSecret(API_TOKEN_PREFIX);
    const token = this.em.create(ApiToken, {
      user: this.em.getReference(User, viewer.userId),
      name: name.trim(),
      tokenHash: hashSecret(secret),
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 4),
      createdAt: now,
      expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * 24 * HOUR) : null,
    });
    this.audit.record({
      action: AuditAction.TOKEN_CREATED,
      actorId: viewer.userId,
      subjectType: 'ApiToken',
      subjectId: token.id,
      details: { name: token.name, expiresAt: token.expiresAt?.toISOString() ?? null },
    });
    await this.em.flush();
    return { token, secret };
  }

  listApiTokens(viewer: Viewer): Promise<ApiToken[]> {
    return this.em.find(ApiToken, { user: viewer.userId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  async revokeApiToken(viewer: Viewer, id: string, now = new Date()): Promise<ApiToken> {
    const token = isUuid(id) ? await this.em.findOne(ApiToken, { id }) : null;
    if (!token || (token.user.id !== viewer.userId && !viewer.isAdmin))
      throw new NotFoundError('API token', id);
    if (!token.revokedAt) {
      token.revokedAt = now;
      this.audit.record({
        action: AuditAction.TOKEN_REVOKED,
        actorId: viewer.userId,
        subjectType: 'ApiToken',
        subjectId: id,
      });
      await this.em.flush();
    }
    return token;
  }
}

/**
 * Signs an account out everywhere (but `keepSession`, the browser asking) and revokes all its API tokens: after its
 * password changes, nothing made with the old one may go on working. Returns what was ended, for the audit record.
 */
export async function revokeCredentials(
  em: Em,
  userId: string,
  now: Date,
  keepSession: string | null,
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const sessionsEnded = await em.nativeDelete(Session, {
    user: userId,
    ...(keepSession ? { tokenHash: { $ne: keepSession } } : {}),
  });
  const tokensRevoked = await em.nativeUpdate(
    ApiToken,
    { user: userId, revokedAt: null },
    { revokedAt: now },
  );
  return { sessionsEnded, tokensRevoked };
}
