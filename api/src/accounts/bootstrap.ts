import { randomBytes } from 'node:crypto';
import type { Em } from '../db/orm.js';
import { AccountService } from './account.service.js';
import { normaliseEmail } from './auth.service.js';
import { PASSWORD_MIN_LENGTH } from './password.js';
import { User } from './user.entity.js';

export interface CreatedAdmin {
  email: string;
  /** Set when the password was generated: it is printed this once and stored nowhere in clear. */
  generatedPassword?: string;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@verdi.local';

/**
 * On a database without any admin, creates one from VERDI_ADMIN_EMAIL / VERDI_ADMIN_PASSWORD, or with a
 * generated password. Does nothing once an admin exists, so restarts never reset a password.
 */
export async function ensureAdmin(
  em: Em,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CreatedAdmin | null> {
  if ((await em.count(User, { isAdmin: true })) > 0) return null;
  const email = normaliseEmail(env.VERDI_ADMIN_EMAIL?.trim() || DEFAULT_ADMIN_EMAIL);
  const given = env.VERDI_ADMIN_PASSWORD;
  if (given !== undefined && given.length < PASSWORD_MIN_LENGTH) {
    throw new Error(`VERDI_ADMIN_PASSWORD must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const password = given ?? randomBytes(12).toString('base64url');
  await new AccountService(em).createUser(null, { email, name: 'Administrator', password, isAdmin: true });
  return { email, generatedPassword: given === undefined ? password : undefined };
}
