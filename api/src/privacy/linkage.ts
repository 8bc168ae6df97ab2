import { createHmac, hash, type KeyObject } from 'node:crypto';

/**
 * Linkage hashes. The participant's code comes from a space of under a million values, so an unkeyed hash of it is
 * reversed by trying them all; the stored hash is therefore keyed with the installation's pseudonym key.
 */

/** The code as the participant's device sends it, in one spelling: upper case, no spaces. */
export function normaliseLinkageCode(code: string): string {
  return code.toUpperCase().replace(/\s+/g, '');
}

/** What Verdi stored before linkage hashes were keyed: SHA-256 of the project and the code, in hex. */
export function unkeyedLinkageHash(projectId: string, code: string): string {
  return hash('sha256', `linkage:${projectId}:${normaliseLinkageCode(code)}`, 'hex');
}

/**
 * HMAC-SHA256 under the key of the unkeyed hash (its hex text), in hex. For many hashes give the key as a KeyObject
 * (`createSecretKey`): Node sets a raw key up again for every HMAC, which costs five times the hashing. Keying an old unkeyed value gives exactly the
 * hash a new submission of the same code gets, which is what lets an existing database be re-keyed in place.
 */
export function keyLinkageHash(key: Buffer | KeyObject, unkeyed: string): string {
  return createHmac('sha256', key).update(unkeyed).digest('hex');
}

/** The stored linkage hash of a code in a project: the same in every round of the project, under one key. */
export function keyedLinkageHash(key: Buffer | KeyObject, projectId: string, code: string): string {
  return keyLinkageHash(key, unkeyedLinkageHash(projectId, code));
}
