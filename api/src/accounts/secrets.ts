import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret with 256 bits of randomness, URL- and header-safe. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256; they are random, so a slow hash adds nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
