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

  describe('mail and the scheduler', () => {
    const mail = {
      SMTP_URL: 'smtps://verdi:hemmelig%40passord@mail.example.org:465',
      VERDI_MAIL_FROM: 'Verdi <verdi@example.org>',
      VERDI_PUBLIC_URL: 'https://verdi.example.org/',
    };

    it('sends no mail by default, with the scheduler, grace and warning defaults', () => {
      expect(readConfig({})).toMatchObject({
        mail: undefined,
        publicUrl: undefined,
        schedulerTickMs: 60_000,
        inviteeGraceDays: 30,
        retentionWarningDays: [30, 7, 1],
      });
    });

    it('reads SMTP_URL, VERDI_MAIL_FROM and VERDI_PUBLIC_URL (into publicUrl, single sign-on or not)', () => {
      const config = readConfig(mail);
      expect(config.mail).toEqual({ smtpUrl: mail.SMTP_URL, from: 'Verdi <verdi@example.org>' });
      expect(config.publicUrl).toBe('https://verdi.example.org');
      expect(readConfig({ ...mail, SMTP_URL: 'smtp://mail.example.org:587' }).mail?.smtpUrl).toBe(
        'smtp://mail.example.org:587',
      );
      expect(readConfig({ ...mail, VERDI_MAIL_FROM: 'verdi@example.org' }).mail?.from).toBe(
        'verdi@example.org',
      );
      expect(readConfig({ VERDI_PUBLIC_URL: 'http://localhost:4000' }).publicUrl).toBe(
        'http://localhost:4000',
      );
    });

    it('names the missing partner of SMTP_URL', () => {
      expect(() => readConfig({ ...mail, VERDI_MAIL_FROM: undefined })).toThrow(
        /^VERDI_MAIL_FROM must be set when SMTP_URL is/,
      );
      expect(() => readConfig({ ...mail, VERDI_PUBLIC_URL: undefined })).toThrow(
        /^VERDI_PUBLIC_URL must be set when SMTP_URL is/,
      );
      expect(() => readConfig({ VERDI_MAIL_FROM: 'verdi@example.org' })).toThrow(
        /^VERDI_MAIL_FROM is set, but SMTP_URL/,
      );
      expect(() => readConfig({ ...mail, VERDI_MAIL_FROM: 'Verdi' })).toThrow(
        /^VERDI_MAIL_FROM must be an address/,
      );
    });

    it.each([
      'https://verdi:hemmelig-passord@mail.example.org',
      'hemmelig-passord',
      'smtp://verdi:hemmelig-passord@',
      'smtp://verdi:hemmelig-passord@mail.example.org:99999',
    ])('refuses SMTP_URL %s without printing it or its password', (smtpUrl) => {
      let message = '';
      try {
        readConfig({ ...mail, SMTP_URL: smtpUrl });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^SMTP_URL /);
      expect(message).not.toContain('hemmelig');
      expect(message).not.toContain(smtpUrl);
    });

    it.each([
      [{ VERDI_SCHEDULER_TICK_MS: '10s' }, /^VERDI_SCHEDULER_TICK_MS/],
      [{ VERDI_SCHEDULER_TICK_MS: '0' }, /^VERDI_SCHEDULER_TICK_MS must be at least 100/],
      [{ VERDI_INVITEE_GRACE_DAYS: '366' }, /^VERDI_INVITEE_GRACE_DAYS must be a whole number from 0 to 365/],
      [{ VERDI_INVITEE_GRACE_DAYS: '-1' }, /^VERDI_INVITEE_GRACE_DAYS/],
      [{ VERDI_INVITEE_GRACE_DAYS: '2.5' }, /^VERDI_INVITEE_GRACE_DAYS/],
      [{ VERDI_RETENTION_WARNING_DAYS: '30,7,x' }, /^VERDI_RETENTION_WARNING_DAYS/],
      [{ VERDI_RETENTION_WARNING_DAYS: '7,7' }, /^VERDI_RETENTION_WARNING_DAYS/],
      [{ VERDI_RETENTION_WARNING_DAYS: '0' }, /^VERDI_RETENTION_WARNING_DAYS/],
    ])('refuses %o, naming the variable', (env, message) => {
      expect(() => readConfig(env)).toThrow(message);
    });

    it('reads the tick, the grace days and the warning days, largest first', () => {
      expect(
        readConfig({
          VERDI_SCHEDULER_TICK_MS: '500',
          VERDI_INVITEE_GRACE_DAYS: '0',
          VERDI_RETENTION_WARNING_DAYS: ' 1, 14 ,60',
        }),
      ).toMatchObject({ schedulerTickMs: 500, inviteeGraceDays: 0, retentionWarningDays: [60, 14, 1] });
    });
  });
});
