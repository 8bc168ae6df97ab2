import { randomBytes } from 'node:crypto';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Em } from '../db/orm.js';
import { AccountService } from './account.service.js';
import { normaliseEmail, revokeCredentials } from './auth.service.js';
import { hashPassword, PASSWORD_MIN_LENGTH } from './password.js';
import { User } from './user.entity.js';

export interface CreatedAdmin {
  email: string;
  /** Set when the password was generated: it is printed this once and stored nowhere in clear. */
  generatedPassword?: string;
  /** Set when the account existed (deactivated, or not an admin) and was made an active admin again. */
  restored?: boolean;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@verdi.local';

/** VERDI_ADMIN_EMAIL and VERDI_ADMIN_PASSWORD, read with the rest of the configuration (`readConfig`). */
export interface AdminBootstrapConfig {
  email: string;
  /** Unset: a password is generated and printed once. */
  password: string | undefined;
}

export function readAdminBootstrap(env: NodeJS.ProcessEnv): AdminBootstrapConfig {
  const password = env.VERDI_ADMIN_PASSWORD;
  if (password !== undefined && password.length < PASSWORD_MIN_LENGTH) {
    throw new Error(`VERDI_ADMIN_PASSWORD must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  return { email: normaliseEmail(env.VERDI_ADMIN_EMAIL?.trim() || DEFAULT_ADMIN_EMAIL), password };
}

/**
 * On a database without any ACTIVE admin (a new one, or one whose admins were all deactivated), makes the account
 * VERDI_ADMIN_EMAIL an active admin with VERDI_ADMIN_PASSWORD or a generated password: a new account, or the existing
 * one with that email, reactivated, given admin rights and the new password, its sessions ended and its tokens
 * revoked (its old password may be why it was deactivated). Does nothing while an active admin exists, so restarts
 * never reset a password.
 */
export async function ensureAdmin(
  em: Em,
  admin: AdminBootstrapConfig,
  now = new Date(),
): Promise<CreatedAdmin | null> {
  if ((await em.count(User, { isAdmin: true, active: true })) > 0) return null;
  const { email, password: given } = admin;
  const password = given ?? randomBytes(12).toString('base64url');
  const generatedPassword = given === undefined ? password : undefined;
  const existing = await em.findOne(User, { email });
  if (!existing) {
    await new AccountService(em).createUser(null, { email, name: 'Administrator', password, isAdmin: true });
    return { email, generatedPassword };
  }
  await em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, { id: existing.id }, { refresh: true });
    const audit = new AuditService(tx as Em);
    const record = (action: AuditAction, details?: Record<string, unknown>) =>
      audit.record({ action, actorId: null, subjectType: 'User', subjectId: user.id, details });
    if (!user.active) record(AuditAction.USER_REACTIVATED, { by: 'VERDI_ADMIN_EMAIL at start' });
    if (!user.isAdmin) record(AuditAction.ADMIN_GRANTED, { by: 'VERDI_ADMIN_EMAIL at start' });
    user.active = true;
    user.isAdmin = true;
    user.passwordHash = await hashPassword(password);
    const revoked = await revokeCredentials(tx as Em, user.id, now, null);
    record(AuditAction.PASSWORD_CHANGED, { reset: true, by: 'VERDI_ADMIN_EMAIL at start', ...revoked });
  });
  return { email, generatedPassword, restored: true };
}
