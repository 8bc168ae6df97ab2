import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { ensureAdmin, DEFAULT_ADMIN_EMAIL } from './bootstrap.js';
import { AuthService } from './auth.service.js';
import { User } from './user.entity.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.orm.em.fork().nativeDelete(User, {});
});

describe('the first admin', () => {
  it('is created from VERDI_ADMIN_EMAIL and VERDI_ADMIN_PASSWORD, once', async () => {
    const env = { VERDI_ADMIN_EMAIL: 'Sjef@Example.test', VERDI_ADMIN_PASSWORD: 'et langt adminpassord' };
    expect(await ensureAdmin(db.orm.em.fork(), env)).toEqual({
      email: 'sjef@example.test',
      generatedPassword: undefined,
    });
    expect(await ensureAdmin(db.orm.em.fork(), env)).toBeNull();
    const signedIn = await new AuthService(db.orm.em.fork()).signIn(
      'sjef@example.test',
      'et langt adminpassord',
      null,
    );
    expect(signedIn.user.isAdmin).toBe(true);
  });

  it('gets a generated password when none is given, which then works', async () => {
    const created = await ensureAdmin(db.orm.em.fork(), {});
    expect(created!.email).toBe(DEFAULT_ADMIN_EMAIL);
    expect(created!.generatedPassword!.length).toBeGreaterThanOrEqual(16);
    const signedIn = await new AuthService(db.orm.em.fork()).signIn(
      DEFAULT_ADMIN_EMAIL,
      created!.generatedPassword!,
      null,
    );
    expect(signedIn.user.email).toBe(DEFAULT_ADMIN_EMAIL);
  });

  it('refuses a password that is too short, naming the setting', async () => {
    await expect(ensureAdmin(db.orm.em.fork(), { VERDI_ADMIN_PASSWORD: 'kort' })).rejects.toThrow(
      /VERDI_ADMIN_PASSWORD/,
    );
    expect(await db.orm.em.fork().count(User, {})).toBe(0);
  });
});
