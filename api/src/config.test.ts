import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('readConfig', () => {
  it('defaults to port 4000 and an embedded database in .verdi at the repository root', () => {
    const config = readConfig({});
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve(import.meta.dirname, '..', '..', '.verdi'));
    expect(config.exposeStacktraces).toBe(false);
    expect(config.pseudonymKey).toBeUndefined();
  });

  it('reads PORT, DATABASE_URL and VERDI_DATA_DIR', () => {
    const config = readConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/verdi',
      VERDI_DATA_DIR: '/data',
    });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://u@db:5432/verdi', dataDir: '/data' });
  });

  it('reads the statement and request timeouts, 0 turning one off, and names a bad one', () => {
    expect(readConfig({})).toMatchObject({ statementTimeoutMs: 15_000, requestTimeoutMs: 30_000 });
    expect(readConfig({ VERDI_STATEMENT_TIMEOUT_MS: '2500', VERDI_REQUEST_TIMEOUT_MS: '0' })).toMatchObject({
      statementTimeoutMs: 2500,
      requestTimeoutMs: 0,
    });
    expect(() => readConfig({ VERDI_STATEMENT_TIMEOUT_MS: '1.5s' })).toThrow(/VERDI_STATEMENT_TIMEOUT_MS/);
    expect(() => readConfig({ VERDI_REQUEST_TIMEOUT_MS: '-1' })).toThrow(/VERDI_REQUEST_TIMEOUT_MS/);
  });

  it('reads VERDI_ADMIN_TWO_FACTOR, optional unless set to required, and names a bad value', () => {
    expect(readConfig({}).adminTwoFactor).toBe('optional');
    expect(readConfig({ VERDI_ADMIN_TWO_FACTOR: ' Required ' }).adminTwoFactor).toBe('required');
    expect(readConfig({ VERDI_ADMIN_TWO_FACTOR: 'optional' }).adminTwoFactor).toBe('optional');
    expect(() => readConfig({ VERDI_ADMIN_TWO_FACTOR: 'yes' })).toThrow(
      'VERDI_ADMIN_TWO_FACTOR must be "optional" or "required", not "yes"',
    );
  });

  it('names the setting that is wrong', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('reads VERDI_PSEUDONYM_KEY as hex or base64, and treats an empty one as unset', () => {
    const key = randomBytes(32);
    expect(readConfig({ VERDI_PSEUDONYM_KEY: key.toString('hex') }).pseudonymKey).toEqual(key);
    expect(readConfig({ VERDI_PSEUDONYM_KEY: key.toString('base64') }).pseudonymKey).toEqual(key);
    expect(readConfig({ VERDI_PSEUDONYM_KEY: '  ' }).pseudonymKey).toBeUndefined();
  });

  it('refuses a pseudonym key that is short or malformed, naming the variable', () => {
    expect(() => readConfig({ VERDI_PSEUDONYM_KEY: randomBytes(8).toString('hex') })).toThrow(
      /^VERDI_PSEUDONYM_KEY holds 8 bytes; it must hold at least 32 random bytes/,
    );
    expect(() => readConfig({ VERDI_PSEUDONYM_KEY: 'ikke en nøkkel' })).toThrow(
      /^VERDI_PSEUDONYM_KEY must be/,
    );
  });
});
