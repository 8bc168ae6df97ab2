import { describe, expect, it } from 'vitest';
import { canAccess } from './access';

// The rules themselves are the API's (api/src/auth/access.test.ts); the web only reads its answer.
describe('canAccess', () => {
  it('offers the pages the API says the account may use, and no others', () => {
    const researcher = { access: { admin: false, researcher: true } };
    expect(canAccess(researcher, 'researcher')).toBe(true);
    expect(canAccess(researcher, 'admin')).toBe(false);
    const admin = { access: { admin: true, researcher: true } };
    expect(canAccess(admin, 'admin')).toBe(true);
    const manager = { access: { admin: false, researcher: false } };
    expect(canAccess(manager, 'researcher')).toBe(false);
    expect(canAccess(manager, 'admin')).toBe(false);
  });
});
