import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { clientOf } from './client-address.js';
import { DEFAULT_SIGN_IN_LIMITS } from './sign-in-limits.config.js';
import { DEFAULT_THROTTLE, readThrottleConfig, readTrustProxy } from './throttle.config.js';

describe('throttle configuration', () => {
  it('has the documented defaults when nothing is set', () => {
    expect(readThrottleConfig({})).toEqual({
      enabled: true,
      perClient: { points: 3000, seconds: 60 },
      perParticipant: { points: 120, seconds: 60 },
      newDrafts: { points: 100, seconds: 3600 },
      failedLookups: { points: 200, seconds: 3600 },
      emptyDraftDays: 2,
    });
    expect(readConfig({}).throttle).toEqual(DEFAULT_THROTTLE);
  });

  it('reads each limit as requests/seconds and the expiry in days', () => {
    expect(
      readThrottleConfig({
        VERDI_THROTTLE: 'OFF',
        VERDI_THROTTLE_PER_CLIENT: '600/60',
        VERDI_THROTTLE_PER_PARTICIPANT: ' 30 / 10 ',
        VERDI_THROTTLE_NEW_DRAFTS: '1/1',
        VERDI_THROTTLE_FAILED_LOOKUPS: '1000000/604800',
        VERDI_EMPTY_DRAFT_DAYS: '7',
      }),
    ).toEqual({
      enabled: false,
      perClient: { points: 600, seconds: 60 },
      perParticipant: { points: 30, seconds: 10 },
      newDrafts: { points: 1, seconds: 1 },
      failedLookups: { points: 1000000, seconds: 604800 },
      emptyDraftDays: 7,
    });
  });

  it.each([
    ['VERDI_THROTTLE', 'no'],
    ['VERDI_THROTTLE_PER_CLIENT', '600'],
    ['VERDI_THROTTLE_PER_CLIENT', '0/60'],
    ['VERDI_THROTTLE_PER_PARTICIPANT', '10/0'],
    ['VERDI_THROTTLE_NEW_DRAFTS', '1.5/60'],
    ['VERDI_THROTTLE_FAILED_LOOKUPS', '1000001/60'],
    ['VERDI_THROTTLE_FAILED_LOOKUPS', '10/604801'],
    ['VERDI_EMPTY_DRAFT_DAYS', '0'],
    ['VERDI_EMPTY_DRAFT_DAYS', '1.5'],
    ['VERDI_EMPTY_DRAFT_DAYS', '366'],
  ])('refuses %s=%s, naming the variable, so that Verdi does not start', (variable, value) => {
    expect(() => readConfig({ [variable]: value })).toThrow(new RegExp(`^${variable} must`));
  });
});

describe('the trusted proxies', () => {
  it('default to none, and take false, a count, or addresses and ranges', () => {
    expect(readTrustProxy({})).toBe(false);
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readTrustProxy({ VERDI_TRUST_PROXY: 'false' })).toBe(false);
    expect(readTrustProxy({ VERDI_TRUST_PROXY: '0' })).toBe(false);
    expect(readTrustProxy({ VERDI_TRUST_PROXY: '2' })).toBe(2);
    expect(readTrustProxy({ VERDI_TRUST_PROXY: '10.0.0.0/8, loopback, fd00::1' })).toEqual([
      '10.0.0.0/8',
      'loopback',
      'fd00::1',
    ]);
  });

  it.each(['true', '11', 'proxy.example.org', '10.0.0.0/33'])(
    'refuses VERDI_TRUST_PROXY=%s, which would let a client pick its own address or is no address',
    (value) => {
      expect(() => readConfig({ VERDI_TRUST_PROXY: value })).toThrow(/^VERDI_TRUST_PROXY must/);
    },
  );
});

describe('the client an address stands for', () => {
  it('is the IPv4 address, also IPv4-mapped, and the /64 of an IPv6 address', () => {
    expect(clientOf('203.0.113.9')).toBe('203.0.113.9');
    expect(clientOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientOf('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(clientOf('2001:db8:aa:bb::ffff')).toBe(clientOf('2001:db8:aa:bb:1:2:3:4'));
    expect(clientOf('2001:db8:aa:bc::1')).not.toBe(clientOf('2001:db8:aa:bb::1'));
    expect(clientOf(null)).toBe('unknown:');
  });
});

describe('the sign-in limits', () => {
  it('have the documented defaults, and VERDI_SIGN_IN_PER_ADDRESS sets the per-address one', () => {
    expect(readConfig({}).signInLimits).toEqual(DEFAULT_SIGN_IN_LIMITS);
    expect(DEFAULT_SIGN_IN_LIMITS).toMatchObject({
      perAddress: { points: 30, seconds: 900 },
      perAccountAddress: { points: 10, seconds: 900 },
      freeAttempts: 5,
      firstDelayMs: 1000,
      maxDelayMs: 60_000,
    });
    expect(readConfig({ VERDI_SIGN_IN_PER_ADDRESS: ' 200 / 900 ' }).signInLimits.perAddress).toEqual({
      points: 200,
      seconds: 900,
    });
    // Turning the participant limits off leaves these on.
    expect(readConfig({ VERDI_THROTTLE: 'off' }).signInLimits).toEqual(DEFAULT_SIGN_IN_LIMITS);
  });

  it.each(['30', '0/900', '30/10', '30/90000', 'many/900'])(
    'refuses VERDI_SIGN_IN_PER_ADDRESS=%s, naming the variable',
    (value) => {
      expect(() => readConfig({ VERDI_SIGN_IN_PER_ADDRESS: value })).toThrow(
        /^VERDI_SIGN_IN_PER_ADDRESS must/,
      );
    },
  );
});
