import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService, type SignedIn } from '../accounts/auth.service.js';
import { verifyPassword } from '../accounts/password.js';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import { Session } from '../accounts/session.entity.js';
import { User } from '../accounts/user.entity.js';
import type { Viewer } from '../auth/viewer.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { PasswordOnlySession } from './password-only-session.entity.js';
import { PendingSignIn } from './pending-sign-in.entity.js';
import { RecoveryCode } from './recovery-code.entity.js';
import {
  hashRecoveryCode,
  kindOfCode,
  matchingStep,
  newRecoveryCode,
  newTotpSecret,
  openSecret,
  otpauthUri,
  qrSvg,
  RECOVERY_CODE_COUNT,
  sealSecret,
  type CodeKind,
} from './totp.js';
import { DEFAULT_TWO_FACTOR_POLICY, type TwoFactorPolicy } from './two-factor.config.js';
import { UserTotp } from './user-totp.entity.js';

const MINUTE = 60_000;

/** How long the second step of a sign-in may take after the password. */
export const PENDING_SIGN_IN_MS = 5 * MINUTE;
/** Wrong codes one pending sign-in takes before the password must be given again. */
export const MAX_CODES_PER_SIGN_IN = 5;
/**
 * Wrong codes one account takes in `WRONG_CODE_WINDOW_MS`, over every pending sign-in and every signed-in check
 * together. A TOTP guess is right with odds of 3 in a million (the code before, now and after), so 10 an hour make
 * someone who has the password wait years on average.
 */
export const MAX_WRONG_CODES_PER_ACCOUNT = 10;
export const WRONG_CODE_WINDOW_MS = 60 * MINUTE;

const CODE_SHAPE = 'must be the 6-digit code from your authenticator app or one of your recovery codes';
const TOTP_SHAPE = 'must be the 6-digit code from your authenticator app';
const WRONG_CODE = 'is not right, or has been used already';
const SIGN_IN_OVER = 'This sign-in has expired or is finished. Sign in again with your email and password.';

export interface TwoFactorSetup {
  secret: string;
  otpauthUri: string;
  qrCodeSvg: string;
}

export interface TwoFactorState {
  enabled: boolean;
  enabledAt: Date | null;
  /** Whether this account must have it: an admin while VERDI_ADMIN_TWO_FACTOR=required. */
  required: boolean;
  recoveryCodesLeft: number;
}

export interface SecondFactorNeeded {
  secondFactorRequired: true;
  user: User;
  /** The secret of the pending sign-in, for the httpOnly cookie. */
  pendingToken: string;
  expiresAt: Date;
}

export type SignInOutcome =
  (SignedIn & { secondFactorRequired: false; enrolmentRequired: boolean }) | SecondFactorNeeded;

/** A code that was well-formed but wrong or used; the caller decides what the person hears. */
class WrongCode extends Error {}

export class TwoFactorService {
  private readonly audit: AuditService;

  constructor(
    private readonly em: Em,
    private readonly policy: TwoFactorPolicy = DEFAULT_TWO_FACTOR_POLICY,
  ) {
    this.audit = new AuditService(em);
  }

  private requiredFor(user: { isAdmin: boolean }): boolean {
    return this.policy.adminTwoFactor === 'required' && user.isAdmin;
  }

  async state(user: User): Promise<TwoFactorState> {
    const totp = await this.em.findOne(UserTotp, { user: user.id, confirmedAt: { $ne: null } });
    const recoveryCodesLeft = totp ? await this.em.count(RecoveryCode, { user: user.id, usedAt: null }) : 0;
    return {
      enabled: totp !== null,
      enabledAt: totp?.confirmedAt ?? null,
      required: this.requiredFor(user),
      recoveryCodesLeft,
    };
  }

  // --- Signing in ---------------------------------------------------------------------------------------------

  /**
   * What happens once the password has been found right: with two-factor sign-in on, a pending sign-in that waits
   * for a code; without it, a session (marked as opened by password alone).
   */
  async afterPassword(user: User, ip: string | null, now = new Date()): Promise<SignInOutcome> {
    const enabled = await this.em.count(UserTotp, { user: user.id, confirmedAt: { $ne: null } });
    if (enabled > 0) {
      const pendingToken = newSecret();
      const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MS);
      // Ended pending sign-ins of anyone are removed on the way, so that the table holds only live ones.
      await this.em.nativeDelete(PendingSignIn, { expiresAt: { $lte: now } });
      this.em.create(PendingSignIn, {
        tokenHash: hashSecret(pendingToken),
        user,
        createdAt: now,
        expiresAt,
      });
      await this.em.flush();
      return { secondFactorRequired: true, user, pendingToken, expiresAt };
    }
    const signedIn = await new AuthService(this.em, { twoFactor: this.policy }).openSession(
      user,
      ip,
      { method: 'password' },
      now,
    );
    // A second flush: should it fail, the session's secret never leaves the server, so nobody can use the session.
    this.em.create(PasswordOnlySession, {
      session: this.em.getReference(Session, hashSecret(signedIn.sessionToken)),
    });
    await this.em.flush();
    return { ...signedIn, secondFactorRequired: false, enrolmentRequired: this.requiredFor(user) };
  }

  /**
   * The second step of a sign-in: a code from the authenticator app or a recovery code. A right code opens the
   * session and ends the pending sign-in in one transaction, so of two requests with the same pending sign-in (or
   * the same code) exactly one gets a session.
   */
  async completeSignIn(
    pendingToken: string | undefined,
    code: string,
    ip: string | null,
    now = new Date(),
  ): Promise<SignedIn> {
    const parsed = kindOfCode(code);
    if (!parsed) throw ValidationError.forFields({ code: CODE_SHAPE });
    if (!pendingToken) throw new UnauthenticatedError(SIGN_IN_OVER);
    const tokenHash = hashSecret(pendingToken);

    // Each try is counted before the code is looked at, so that tries sent all at once are counted too.
    const tried = await this.em.execute<{ user_id: string; attempts: number }[]>(
      `update pending_sign_ins set attempts = attempts + 1
        where token_hash = ? and expires_at > ? and attempts < ?
        returning user_id, attempts`,
      [tokenHash, now, MAX_CODES_PER_SIGN_IN],
    );
    const pending = tried[0];
    if (!pending) {
      await this.em.nativeDelete(PendingSignIn, { tokenHash });
      throw new UnauthenticatedError(SIGN_IN_OVER);
    }
    const user = await this.em.findOne(User, { id: pending.user_id });
    if (!user || !user.active) {
      await this.em.nativeDelete(PendingSignIn, { tokenHash });
      throw new UnauthenticatedError(SIGN_IN_OVER);
    }
    await this.holdWrongCodePoint(user.id, now);

    let signedIn: SignedIn;
    try {
      signedIn = await this.em.transactional(async (tx) => {
        const em = tx as Em;
        // Ending the pending sign-in first locks its row: a twin request waits here, then finds it gone.
        const ended = await em.nativeDelete(PendingSignIn, { tokenHash, expiresAt: { $gt: now } });
        if (ended === 0) throw new UnauthenticatedError(SIGN_IN_OVER);
        const kind = await this.useCode(em, user.id, parsed, now);
        const recoveryCodesLeft =
          kind === 'recovery' ? await em.count(RecoveryCode, { user: user.id, usedAt: null }) : undefined;
        const fresh = await em.findOneOrFail(User, { id: user.id });
        return new AuthService(em, { twoFactor: this.policy }).openSession(
          fresh,
          ip,
          {
            method: kind === 'totp' ? 'password+totp' : 'password+recovery',
            ...(recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft }),
          },
          now,
        );
      });
    } catch (error) {
      if (!(error instanceof WrongCode)) {
        // Not a wrong code (the sign-in ended meanwhile, or the database failed): nothing to count against the account.
        await this.giveBackWrongCodePoint(user.id);
        throw error;
      }
      const last = pending.attempts >= MAX_CODES_PER_SIGN_IN;
      if (last) await this.em.nativeDelete(PendingSignIn, { tokenHash });
      this.audit.record({
        action: AuditAction.TWO_FACTOR_FAILED,
        actorId: null,
        subjectType: 'User',
        subjectId: user.id,
        ip,
        details: {
          during: 'sign-in',
          kind: parsed.kind,
          triesLeft: MAX_CODES_PER_SIGN_IN - pending.attempts,
        },
      });
      await this.em.flush();
      if (last) {
        throw new UnauthenticatedError(
          'Wrong code, and that was the last try. Sign in again with your email and password.',
        );
      }
      throw ValidationError.forFields({ code: WRONG_CODE });
    }
    await this.giveBackWrongCodePoint(user.id);
    return signedIn;
  }

  /**
   * Counts a wrong code against the account before the code is checked (given back when it is right), so that a
   * burst of guesses in parallel is limited exactly like guesses one after another, on every instance.
   */
  private async holdWrongCodePoint(userId: string, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - WRONG_CODE_WINDOW_MS);
    const held = await this.em.execute<{ failed_codes: number }[]>(
      `update user_totp set
          failed_codes = case when failed_window_start is null or failed_window_start <= ? then 1 else failed_codes + 1 end,
          failed_window_start = case when failed_window_start is null or failed_window_start <= ? then ? else failed_window_start end
        where user_id = ? and confirmed_at is not null
          and (failed_window_start is null or failed_window_start <= ? or failed_codes < ?)
        returning failed_codes`,
      [windowStart, windowStart, now, userId, windowStart, MAX_WRONG_CODES_PER_ACCOUNT],
    );
    if (held.length > 0) return;
    const totp = await this.em.findOne(UserTotp, { user: userId, confirmedAt: { $ne: null } });
    if (!totp) throw new ConflictError('Two-factor sign-in is not on for this account');
    const retryAfterMs =
      (totp.failedWindowStart?.getTime() ?? now.getTime()) + WRONG_CODE_WINDOW_MS - now.getTime();
    const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
    throw new RateLimitedError(
      `Too many wrong codes for this account. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to reset two-factor sign-in.`,
      Math.max(1, Math.ceil(retryAfterMs / 1000)),
    );
  }

  private async giveBackWrongCodePoint(userId: string): Promise<void> {
    await this.em.execute(
      'update user_totp set failed_codes = greatest(failed_codes - 1, 0) where user_id = ?',
      [userId],
      'run',
    );
  }

  /** Marks a right code as used, in `em`'s transaction; throws WrongCode when it is wrong or used already. */
  private async useCode(
    em: Em,
    userId: string,
    code: { kind: CodeKind; value: string },
    now: Date,
  ): Promise<CodeKind> {
    if (code.kind === 'recovery') {
      const used = await em.nativeUpdate(
        RecoveryCode,
        { user: userId, codeHash: hashRecoveryCode(userId, code.value), usedAt: null },
        { usedAt: now },
      );
      if (used === 0) throw new WrongCode();
      return 'recovery';
    }
    const totp = await em.findOne(UserTotp, { user: userId, confirmedAt: { $ne: null } });
    const step = totp ? matchingStep(openSecret(totp.sealedSecret), code.value, now) : undefined;
    if (step === undefined) throw new WrongCode();
    // Only a step later than the last one used: the same code twice, or an older one after a newer, is refused.
    const used = await em.nativeUpdate(
      UserTotp,
      {
        user: userId,
        confirmedAt: { $ne: null },
        $or: [{ lastUsedStep: null }, { lastUsedStep: { $lt: step } }],
      },
      { lastUsedStep: step },
    );
    if (used === 0) throw new WrongCode();
    return 'totp';
  }

  /** A code checked for a signed-in account (turning off, new recovery codes), under the same per-account limit. */
  private async checkCode(
    viewer: Viewer,
    code: { kind: CodeKind; value: string },
    during: string,
    now: Date,
    then: (em: Em) => Promise<void>,
  ): Promise<void> {
    await this.holdWrongCodePoint(viewer.userId, now);
    try {
      await this.em.transactional(async (tx) => {
        const em = tx as Em;
        await this.useCode(em, viewer.userId, code, now);
        await then(em);
      });
    } catch (error) {
      if (!(error instanceof WrongCode)) throw error;
      this.audit.record({
        action: AuditAction.TWO_FACTOR_FAILED,
        actorId: viewer.userId,
        subjectType: 'User',
        subjectId: viewer.userId,
        details: { during, kind: code.kind },
      });
      await this.em.flush();
      throw ValidationError.forFields({ code: WRONG_CODE });
    }
    await this.giveBackWrongCodePoint(viewer.userId);
  }

  // --- Setting it up and managing it --------------------------------------------------------------------------

  private assertBrowserSession(viewer: Viewer): void {
    if (viewer.via !== 'session') {
      throw new ForbiddenError(
        'Two-factor sign-in is managed from a signed-in browser, not with an API token',
      );
    }
  }

  private async assertPassword(userId: string, password: string): Promise<User> {
    const user = await this.em.findOneOrFail(User, { id: userId }, { populate: ['passwordHash'] });
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw ValidationError.forFields({ password: 'is not your current password' });
    }
    return user;
  }

  /**
   * A new secret for the authenticator app, proven by the current password. Starting again replaces a secret that
   * was never confirmed; the secret is shown now and never again once confirmed.
   */
  async startSetup(viewer: Viewer, password: string, now = new Date()): Promise<TwoFactorSetup> {
    this.assertBrowserSession(viewer);
    const user = await this.assertPassword(viewer.userId, password);
    const secret = newTotpSecret();
    const stored = await this.em.execute<{ user_id: string }[]>(
      `insert into user_totp (user_id, sealed_secret, created_at, failed_codes) values (?, ?, ?, 0)
        on conflict (user_id) do update set sealed_secret = excluded.sealed_secret, created_at = excluded.created_at
        where user_totp.confirmed_at is null
        returning user_id`,
      [user.id, sealSecret(secret), now],
    );
    if (stored.length === 0) {
      throw new ConflictError(
        'Two-factor sign-in is on already. Turn it off first to move it to another authenticator app.',
      );
    }
    const uri = otpauthUri(secret, user.email ?? user.name);
    return { secret, otpauthUri: uri, qrCodeSvg: qrSvg(uri) };
  }

  /**
   * Turns two-factor sign-in on once a code shows the app has the secret, and returns the recovery codes (shown
   * this once). Other sessions of the account end: they were opened without the second factor.
   */
  async confirmSetup(viewer: Viewer, code: string, now = new Date()): Promise<string[]> {
    this.assertBrowserSession(viewer);
    const parsed = kindOfCode(code);
    if (parsed?.kind !== 'totp') throw ValidationError.forFields({ code: TOTP_SHAPE });
    const totp = await this.em.findOne(UserTotp, { user: viewer.userId });
    if (!totp) throw new ConflictError('Start setting up two-factor sign-in first');
    if (totp.confirmedAt) throw new ConflictError('Two-factor sign-in is on already');
    const step = matchingStep(openSecret(totp.sealedSecret), parsed.value, now);
    if (step === undefined) {
      throw ValidationError.forFields({
        code: 'is not the code your authenticator app shows now; check that the phone’s clock is right',
      });
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.em.transactional(async (tx) => {
      const em = tx as Em;
      // The secret must still be the one the code was checked against: a setup restarted in another window wins.
      const confirmed = await em.nativeUpdate(
        UserTotp,
        { user: viewer.userId, confirmedAt: null, sealedSecret: totp.sealedSecret },
        { confirmedAt: now, lastUsedStep: step, failedCodes: 0, failedWindowStart: null },
      );
      if (confirmed === 0) {
        throw new ConflictError('Two-factor sign-in was set up or restarted in another window; start again');
      }
      await this.replaceRecoveryCodes(em, viewer.userId, codes, now);
      await em.nativeDelete(Session, { user: viewer.userId, tokenHash: { $ne: viewer.credentialId } });
      await em.nativeDelete(PasswordOnlySession, { session: viewer.credentialId });
      new AuditService(em).record({
        action: AuditAction.TWO_FACTOR_ENABLED,
        actorId: viewer.userId,
        subjectType: 'User',
        subjectId: viewer.userId,
      });
      await em.flush();
    });
    return codes;
  }

  private async replaceRecoveryCodes(em: Em, userId: string, codes: string[], now: Date): Promise<void> {
    await em.nativeDelete(RecoveryCode, { user: userId });
    const user = em.getReference(User, userId);
    for (const code of codes) {
      em.create(RecoveryCode, { user, codeHash: hashRecoveryCode(userId, code), createdAt: now });
    }
    await em.flush();
  }

  /** New recovery codes for old (all old ones stop working), proven by a current code from the app. */
  async regenerateRecoveryCodes(viewer: Viewer, code: string, now = new Date()): Promise<string[]> {
    this.assertBrowserSession(viewer);
    const parsed = kindOfCode(code);
    if (parsed?.kind !== 'totp') throw ValidationError.forFields({ code: TOTP_SHAPE });
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.checkCode(viewer, parsed, 'new recovery codes', now, async (em) => {
      await this.replaceRecoveryCodes(em, viewer.userId, codes, now);
      new AuditService(em).record({
        action: AuditAction.RECOVERY_CODES_REGENERATED,
        actorId: viewer.userId,
        subjectType: 'User',
        subjectId: viewer.userId,
      });
      await em.flush();
    });
    return codes;
  }

  /** Turns it off with the password and a code (or a recovery code); refused for an admin who must have it. */
  async turnOff(viewer: Viewer, password: string, code: string, now = new Date()): Promise<void> {
    this.assertBrowserSession(viewer);
    const user = await this.assertPassword(viewer.userId, password);
    if (this.requiredFor(user)) {
      throw new ForbiddenError(
        'Admins must use two-factor sign-in here, so it cannot be turned off. Another admin can reset it if your phone is lost.',
      );
    }
    const parsed = kindOfCode(code);
    if (!parsed) throw ValidationError.forFields({ code: CODE_SHAPE });
    await this.checkCode(viewer, parsed, 'turning off', now, async (em) => {
      await this.removeAll(em, user.id);
      await em.nativeDelete(Session, { user: user.id, tokenHash: { $ne: viewer.credentialId } });
      // This session now stands on the password alone, like any later sign-in of the account.
      em.create(PasswordOnlySession, { session: em.getReference(Session, viewer.credentialId) });
      new AuditService(em).record({
        action: AuditAction.TWO_FACTOR_DISABLED,
        actorId: user.id,
        subjectType: 'User',
        subjectId: user.id,
      });
      await em.flush();
    });
  }

  private async removeAll(em: Em, userId: string): Promise<void> {
    await em.nativeDelete(RecoveryCode, { user: userId });
    await em.nativeDelete(PendingSignIn, { user: userId });
    await em.nativeDelete(UserTotp, { user: userId });
  }

  /**
   * An admin's help for a lost phone: two-factor sign-in is removed and every session of the account ends (the lost
   * phone may hold one). The user signs in with the password and can set it up again.
   */
  async reset(viewer: Viewer, userId: string): Promise<User> {
    if (userId === viewer.userId) {
      throw new ForbiddenError(
        'Reset your own two-factor sign-in on your account page, or ask another admin',
      );
    }
    const user = isUuid(userId) ? await this.em.findOne(User, { id: userId }) : null;
    if (!user) throw new NotFoundError('User', userId);
    await this.em.transactional(async (tx) => {
      const em = tx as Em;
      const removed = await em.nativeDelete(UserTotp, { user: user.id });
      if (removed === 0) throw new ConflictError(`${user.name} does not use two-factor sign-in`);
      await this.removeAll(em, user.id);
      await em.nativeDelete(Session, { user: user.id });
      new AuditService(em).record({
        action: AuditAction.TWO_FACTOR_RESET,
        actorId: viewer.userId,
        subjectType: 'User',
        subjectId: user.id,
      });
      await em.flush();
    });
    return user;
  }
}
