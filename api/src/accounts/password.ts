import argon2 from 'argon2';

export const PASSWORD_MIN_LENGTH = 12;

/** argon2id with the library's defaults (64 MiB, 3 passes), which follow the OWASP recommendation. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash it still spends the time of a verification, so that the answer
 * for an unknown email cannot be told apart from a wrong password by timing.
 */
export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not a password anyone has');
  const stored = hash ?? (await dummyHash);
  const ok = await argon2.verify(stored, password).catch(() => false);
  // An account without a password (made by single sign-on) must not open with the dummy's password.
  return hash != null && ok;
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash);
}
