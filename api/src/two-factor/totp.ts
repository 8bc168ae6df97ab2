import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomInt,
} from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import qrcode from 'qrcode-generator';
import { pseudonymKey } from '../privacy/pseudonym-key.js';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
const ISSUER = 'Verdi';
export const RECOVERY_CODE_COUNT = 10;

/** Letters and digits that cannot be mistaken for one another when copied by hand (no 0/o, 1/l/i). */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** 16 characters of 31: about 79 bits, so a stored SHA-256 cannot be reversed by trying them all. */
const RECOVERY_LENGTH = 16;

export type CodeKind = 'totp' | 'recovery';

/** What a typed code is, by its shape alone; undefined when it is neither. */
export function kindOfCode(code: string): { kind: CodeKind; value: string } | undefined {
  const compact = code.replace(/[\s-]/g, '').toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', value: compact };
  if (compact.length === RECOVERY_LENGTH && [...compact].every((c) => RECOVERY_ALPHABET.includes(c))) {
    return { kind: 'recovery', value: compact };
  }
  return undefined;
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    secret: Secret.fromBase32(secretBase32),
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    algorithm: 'SHA1',
  });
}

/** The time step a code was made for, when it is right for `now` give or take one step; otherwise undefined. */
export function matchingStep(secretBase32: string, code: string, now: Date): number | undefined {
  const totp = totpOf(secretBase32);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}

/** A code as the authenticator app shows it at `now` (tests and the seeder use it). */
export function codeAt(secretBase32: string, now: Date): string {
  return totpOf(secretBase32).generate({ timestamp: now.getTime() });
}

/** The `otpauth://` URI that an authenticator app reads from the QR code. */
export function otpauthUri(secretBase32: string, accountName: string): string {
  return totpOf(secretBase32, accountName).toString();
}

/** The URI as an SVG QR code, drawn on the server so that no QR library reaches the browser. */
export function qrSvg(uri: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(uri);
  qr.make();
  return qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true });
}

/**
 * TOTP secrets are stored encrypted (AES-256-GCM) under a key derived from the pseudonym key, which lives outside
 * the database: a copy of the database alone does not give anyone the codes.
 */
function secretKey(): Buffer {
  return createHmac('sha256', pseudonymKey()).update('verdi:totp-secrets').digest();
}

const SEALED_PREFIX = 'v1.';

export function sealSecret(secretBase32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(), iv);
  const encrypted = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64url');
}

export function openSecret(sealed: string): string {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('The stored TOTP secret is not in a known format');
  const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', secretKey(), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

/** A recovery code as shown to the user: four groups of four, e.g. `k7cm-q2xr-9fha-tn4w`. */
export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_LENGTH; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}

/** Salted with the account, so that one table of hashes serves no attacker for another account. */
export function hashRecoveryCode(userId: string, code: string): string {
  const compact = code.replace(/[\s-]/g, '').toLowerCase();
  return createHash('sha256').update(`${userId}:${compact}`).digest('hex');
}
