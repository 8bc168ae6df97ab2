import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';

/**
 * The per-installation pseudonym key: the secret that linkage hashes are keyed with. It lives outside the database
 * (in configuration on a server, in a file next to the embedded database), so that neither a database dump nor an
 * export holds what it takes to reverse a pseudonym.
 */

export const PSEUDONYM_KEY_VARIABLE = 'VERDI_PSEUDONYM_KEY';
export const PSEUDONYM_KEY_FILE = 'pseudonym.key';
export const MIN_KEY_BYTES = 32;

const GENERATE_HINT =
  'generate one with `openssl rand -hex 32` (or `node -e "console.log(crypto.randomBytes(32).toString(\'hex\'))"`)';

/**
 * The key's bytes from hex (`openssl rand -hex 32`) or base64/base64url (`openssl rand -base64 32`). A string that is
 * valid hex is read as hex. `source` names where the value came from, for the error.
 */
export function parsePseudonymKey(value: string, source = PSEUDONYM_KEY_VARIABLE): Buffer {
  const text = value.trim();
  let key: Buffer;
  if (/^(?:[0-9a-f]{2})+$/i.test(text)) {
    key = Buffer.from(text, 'hex');
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) && text.replace(/=+$/, '').length % 4 !== 1) {
    const bare = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    key = Buffer.from(bare, 'base64url');
    // Node decodes leniently; a value that does not encode back to itself was not base64.
    if (key.toString('base64url') !== bare) throw malformed(source);
  } else {
    throw malformed(source);
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new Error(
      `${source} holds ${key.length} bytes; it must hold at least ${MIN_KEY_BYTES} random bytes: ${GENERATE_HINT}`,
    );
  }
  return key;
}

function malformed(source: string): Error {
  return new Error(
    `${source} must be at least ${MIN_KEY_BYTES} random bytes written as hex or base64; ${GENERATE_HINT}`,
  );
}

/** The part of the configuration (`readConfig`) that decides where the key comes from. */
export interface KeySettings {
  /** VERDI_PSEUDONYM_KEY, already parsed; undefined when it is not set. */
  pseudonymKey: Buffer | undefined;
  /** Set when the database is a PostgreSQL server. */
  databaseUrl: string | undefined;
  /** The embedded database's directory (also where the key file lives), or `memory://`. */
  dataDir: string;
  production: boolean;
}

/**
 * The key this process uses: VERDI_PSEUDONYM_KEY when set. Otherwise a server in production refuses to start, since a
 * key generated on one instance would differ from its neighbours' and be lost with the container; everywhere else the
 * key file in the data directory, made on first start (an in-memory database gets a key that lives as long as it).
 */
export function resolvePseudonymKey(settings: KeySettings, log?: Logger): Buffer {
  if (settings.pseudonymKey) return settings.pseudonymKey;
  if (settings.databaseUrl && settings.production) {
    throw new Error(
      `${PSEUDONYM_KEY_VARIABLE} is not set. On a PostgreSQL server (DATABASE_URL) with NODE_ENV=production Verdi ` +
        `takes its pseudonym key from configuration: ${GENERATE_HINT}, set it as ${PSEUDONYM_KEY_VARIABLE} on every ` +
        'instance, and keep a copy where you keep your other secrets. Without the same key, later rounds cannot be ' +
        'paired with earlier ones.',
    );
  }
  if (settings.dataDir === 'memory://') return randomBytes(MIN_KEY_BYTES);
  const file = keyFilePath(settings.dataDir);
  if (settings.databaseUrl) {
    log?.warn(
      { file },
      `${PSEUDONYM_KEY_VARIABLE} is not set: using the key file in the data directory. Set ${PSEUDONYM_KEY_VARIABLE} ` +
        'on a server, where instances must share one key (NODE_ENV=production requires it).',
    );
  }
  return keyFile(file, log);
}

/** Where the key lives when it is not configured: next to the embedded database's files. */
export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, PSEUDONYM_KEY_FILE);
}

/** Reads the key file, or makes it (owner read/write only) when there is none. */
function keyFile(file: string, log?: Logger): Buffer {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(MIN_KEY_BYTES);
  try {
    // `wx`: never overwrite a key that is there, even one written a moment ago by another process.
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    log?.info({ file }, 'made a new pseudonym key; back it up with the database');
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    // Only the owner should read the key; tighten what a copy or an archive loosened.
    chmodSync(file, 0o600);
    log?.warn({ file }, 'the pseudonym key file was readable by others; it is now owner-only (0600)');
  }
  return parsePseudonymKey(readFileSync(file, 'utf8'), `The pseudonym key file ${file}`);
}

/** What the database keeps to recognise the key: an HMAC of a fixed text, from which the key cannot be found. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('verdi:pseudonym-key-check').digest('hex');
}

let current: Buffer | undefined;

/** Sets the key request-time code uses; done once at start (and by the tests' setup). */
export function setPseudonymKey(key: Buffer): void {
  current = key;
}

/** The key set at start. Reading it before then is a programming error, not a reason to make one up. */
export function pseudonymKey(): Buffer {
  if (!current) {
    throw new Error(
      'The pseudonym key has not been set: the entry point must resolve it (resolvePseudonymKey) and call ' +
        'setPseudonymKey before linkage hashes are made',
    );
  }
  return current;
}
