import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  keyFingerprint,
  parsePseudonymKey,
  PSEUDONYM_KEY_FILE,
  resolvePseudonymKey,
  type KeySettings,
} from './pseudonym-key.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'verdi-key-'));
  dirs.push(dir);
  return path.join(dir, 'data');
}

function capturingLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

const embedded = (dir: string): KeySettings => ({
  pseudonymKey: undefined,
  databaseUrl: undefined,
  dataDir: dir,
  production: false,
});

describe('the pseudonym key from VERDI_PSEUDONYM_KEY', () => {
  it('is read from hex, base64 or base64url, ignoring surrounding space', () => {
    const key = randomBytes(32);
    expect(parsePseudonymKey(key.toString('hex'))).toEqual(key);
    expect(parsePseudonymKey(` ${key.toString('hex').toUpperCase()}\n`)).toEqual(key);
    expect(parsePseudonymKey(key.toString('base64'))).toEqual(key);
    expect(parsePseudonymKey(key.toString('base64url'))).toEqual(key);
    expect(parsePseudonymKey(randomBytes(64).toString('base64'))).toHaveLength(64);
  });

  it('is refused when shorter than 32 bytes, naming the variable and how to make one', () => {
    expect(() => parsePseudonymKey(randomBytes(31).toString('hex'))).toThrow(
      /VERDI_PSEUDONYM_KEY holds 31 bytes; it must hold at least 32.*openssl rand -hex 32/,
    );
    expect(() => parsePseudonymKey('hemmelig')).toThrow(/VERDI_PSEUDONYM_KEY holds 6 bytes/);
    expect(() => parsePseudonymKey(randomBytes(16).toString('base64'))).toThrow(/holds 16 bytes/);
  });

  it('is refused when it is neither hex nor base64', () => {
    for (const value of [
      'mitt hemmelige passord som er langt nok, ikke sant?',
      'æøå'.repeat(20),
      'a'.repeat(45),
    ]) {
      expect(() => parsePseudonymKey(value)).toThrow(/VERDI_PSEUDONYM_KEY must be .* hex or base64/);
    }
  });

  it('is used as it is whenever it is set, without a key file', () => {
    const key = randomBytes(32);
    const dir = dataDir();
    expect(resolvePseudonymKey({ ...embedded(dir), pseudonymKey: key })).toBe(key);
    expect(
      resolvePseudonymKey({
        pseudonymKey: key,
        databaseUrl: 'postgres://db/verdi',
        dataDir: dir,
        production: true,
      }),
    ).toBe(key);
    expect(existsSync(path.join(dir, PSEUDONYM_KEY_FILE))).toBe(false);
  });
});

describe('the pseudonym key without VERDI_PSEUDONYM_KEY', () => {
  it('refuses on a server in production, saying what to set and how to make it', () => {
    const dir = dataDir();
    expect(() =>
      resolvePseudonymKey({
        pseudonymKey: undefined,
        databaseUrl: 'postgres://db/verdi',
        dataDir: dir,
        production: true,
      }),
    ).toThrow(/VERDI_PSEUDONYM_KEY is not set.*NODE_ENV=production.*openssl rand -hex 32/);
    expect(existsSync(path.join(dir, PSEUDONYM_KEY_FILE))).toBe(false);
  });

  it('is made on the first start of the embedded database in a file only its owner can read, and reused after', () => {
    const dir = dataDir();
    const { log, lines } = capturingLog();
    const first = resolvePseudonymKey(embedded(dir), log);
    const file = path.join(dir, PSEUDONYM_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(32);
    expect(readFileSync(file, 'utf8')).toBe(`${first.toString('hex')}\n`);
    expect(lines.map((l) => l.msg)).toEqual([expect.stringMatching(/new pseudonym key; back it up/)]);

    const again = resolvePseudonymKey(embedded(dir), log);
    expect(again).toEqual(first);
    expect(readFileSync(file, 'utf8')).toBe(`${first.toString('hex')}\n`);
    // A production start of the embedded database uses the same file.
    expect(resolvePseudonymKey({ ...embedded(dir), production: true })).toEqual(first);
  });

  it('tightens a key file that others could read, and refuses one that holds no key', () => {
    const dir = dataDir();
    const key = resolvePseudonymKey(embedded(dir));
    const file = path.join(dir, PSEUDONYM_KEY_FILE);
    chmodSync(file, 0o644);
    const { log, lines } = capturingLog();
    expect(resolvePseudonymKey(embedded(dir), log)).toEqual(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines[0]!.level).toBe(40);

    writeFileSync(file, 'abc\n');
    expect(() => resolvePseudonymKey(embedded(dir))).toThrow(`The pseudonym key file ${file} holds 2 bytes`);
  });

  it('falls back to the key file on a server outside production, with a warning', () => {
    const dir = dataDir();
    const { log, lines } = capturingLog();
    const settings = {
      pseudonymKey: undefined,
      databaseUrl: 'postgres://db/verdi',
      dataDir: dir,
      production: false,
    };
    const key = resolvePseudonymKey(settings, log);
    expect(lines.find((l) => l.level === 40)?.msg).toMatch(/VERDI_PSEUDONYM_KEY is not set/);
    expect(resolvePseudonymKey(settings)).toEqual(key);
  });

  it('lives as long as the process for an in-memory database, and is written nowhere', () => {
    const a = resolvePseudonymKey(embedded('memory://'));
    const b = resolvePseudonymKey(embedded('memory://'));
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(b);
    expect(existsSync('memory:')).toBe(false);
  });

  it('has a fingerprint that tells keys apart and is not the key', () => {
    const key = randomBytes(32);
    expect(keyFingerprint(key)).toBe(keyFingerprint(Buffer.from(key)));
    expect(keyFingerprint(key)).not.toBe(keyFingerprint(randomBytes(32)));
    expect(keyFingerprint(key)).not.toContain(key.toString('hex'));
  });
});

describe('the pseudonym key holder', () => {
  it('refuses to be read before the entry point has set it', async () => {
    vi.resetModules();
    const fresh = await import('./pseudonym-key.js');
    expect(() => fresh.pseudonymKey()).toThrow(/pseudonym key has not been set/);
    const key = randomBytes(32);
    fresh.setPseudonymKey(key);
    expect(fresh.pseudonymKey()).toBe(key);
  });
});
