import { randomInt } from 'node:crypto';
import { hashSecret } from '../accounts/secrets.js';

/**
 * The characters of every code Verdi prints for participants (single-use codes, withdrawal receipts). No 0/O, 1/I/L
 * or U: codes are read off paper and typed on phones.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A single-use code such as "K7M3Q-X9P2H": 10 characters, about 49 bits. */
export function newCode(): string {
  const chars = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Upper-cases and drops spaces and hyphens, so "k7m3q x9p2h" finds "K7M3Q-X9P2H". */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashCode(code: string): string {
  return hashSecret(`code:${normaliseCode(code)}`);
}

/** Whether a string looks like a code rather than an open link's token. */
export function looksLikeCode(value: string): boolean {
  const normalised = normaliseCode(value);
  return normalised.length === 10 && [...normalised].every((c) => CODE_ALPHABET.includes(c));
}
