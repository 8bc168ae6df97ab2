import { describe, expect, it } from 'vitest';
import { apiToken } from '../test/fakeApi';
import { tokenStatus } from './useApiTokens';
import { describeDetails, isAuditAction } from './useAuditLog';

describe('describeDetails', () => {
  it('lists what changed as short key: value pairs', () => {
    expect(describeDetails({ from: 'RESEARCHER', to: 'MANAGER' })).toBe('from: RESEARCHER, to: MANAGER');
    expect(describeDetails({ email: 'leder@example.org', isAdmin: false, expiresAt: null })).toBe(
      'email: leder@example.org, isAdmin: false, expiresAt: null',
    );
    expect(describeDetails({})).toBe('');
  });
});

describe('isAuditAction', () => {
  it('accepts the actions the filter offers, and nothing else from an address', () => {
    expect(isAuditAction('SIGN_IN')).toBe(true);
    expect(isAuditAction('sign_in')).toBe(false);
    expect(isAuditAction(['SIGN_IN'])).toBe(false);
    expect(isAuditAction(undefined)).toBe(false);
  });
});

describe('tokenStatus', () => {
  const now = new Date('2026-02-01T12:00:00.000Z');

  it('is revoked once revoked, whatever the expiry', () => {
    const token = apiToken({
      name: 'a',
      revokedAt: '2026-01-20T00:00:00.000Z',
      expiresAt: '2027-01-01T00:00:00.000Z',
    });
    expect(tokenStatus(token, now)).toBe('revoked');
  });

  it('is expired from the moment it expires', () => {
    expect(tokenStatus(apiToken({ name: 'a', expiresAt: '2026-02-01T12:00:00.000Z' }), now)).toBe('expired');
    expect(tokenStatus(apiToken({ name: 'a', expiresAt: '2026-02-01T12:00:01.000Z' }), now)).toBe('active');
  });

  it('is active without an expiry', () => {
    expect(tokenStatus(apiToken({ name: 'a' }), now)).toBe('active');
  });
});
