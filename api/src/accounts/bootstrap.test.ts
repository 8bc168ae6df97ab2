import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { ensureAdmin, DEFAULT_ADMIN_EMAIL, readAdminBootstrap } from './bootstrap.js';
import { AuthService } from './auth.service.js';
import { User } from './user.entity.js';
import { ApiToken } from './api-token.entity.js';
import { Session } from './session.entity.js';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { makeSession, makeUser, TEST_PASSWORD } from '../test/factories.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.orm.em.fork().nativeDelete(ApiToken, {});
  await db.orm.em.fork().nativeDelete(Session, {});
  await db.orm.em.fork().nativeDelete(User, {});
});

describe('the first admin', () => {
  it('is created from VERDI_ADMIN_EMAIL and VERDI_ADMIN_PASSWORD, once', async () => {
    const env = { VERDI_ADMIN_EMAIL: 'Sjef@Example.test', VERDI_ADMIN_PASSWORD: 'et langt adminpassord' };
    expect(await ensureAdmin(db.orm.em.fork(), readAdminBootstrap(env))).toEqual({
      email: 'sjef@example.test',
      generatedPassword: undefined,
    });
    expect(await ensureAdmin(db.orm.em.fork(), readAdminBootstrap(env))).toBeNull();
    const signedIn = await new AuthService(db.orm.em.fork()).signIn(
      'sjef@example.test',
      'et langt adminpassord',
      null,
    );
    expect(signedIn.user.isAdmin).toBe(true);
  });

  it('gets a generated password when none is given, which then works', async () => {
    const created = await ensureAdmin(db.orm.em.fork(), readAdminBootstrap({}));
    expect(created!.email).toBe(DEFAULT_ADMIN_EMAIL);
    expect(created!.generatedPassword!.length).toBeGreaterThanOrEqual(16);
    const signedIn = await new AuthService(db.orm.em.fork()).signIn(
      DEFAULT_ADMIN_EMAIL,
      created!.generatedPassword!,
      null,
    );
    expect(signedIn.user.email).toBe(DEFAULT_ADMIN_EMAIL);
  });

  it('is made again when every admin is deactivated, since nobody could administer', async () => {
    const env = { VERDI_ADMIN_EMAIL: 'ny.sjef@example.test', VERDI_ADMIN_PASSWORD: 'et langt adminpassord' };
    await makeUser(db.orm.em.fork(), { isAdmin: true, active: false });
    expect(await ensureAdmin(db.orm.em.fork(), readAdminBootstrap(env))).toEqual({
      email: 'ny.sjef@example.test',
      generatedPassword: undefined,
    });
    expect(await db.orm.em.fork().count(User, { isAdmin: true, active: true })).toBe(1);
    expect(await ensureAdmin(db.orm.em.fork(), readAdminBootstrap(env))).toBeNull();
  });

  it('restores a deactivated account with the admin email: active, admin, the new password, old credentials gone', async () => {
    const old = await makeUser(db.orm.em.fork(), { email: 'sjef@example.test', active: false });
    const session = await makeSession(db.orm.em.fork(), old);
    const em = db.orm.em.fork();
    em.create(ApiToken, {
      user: old.id,
      name: 'gammel',
      tokenHash: 'y'.repeat(64),
      prefix: 'verdi_pat_yyyy',
    });
    await em.flush();
    const created = await ensureAdmin(
      db.orm.em.fork(),
      readAdminBootstrap({ VERDI_ADMIN_EMAIL: 'Sjef@Example.test' }),
    );
    expect(created).toMatchObject({ email: 'sjef@example.test', restored: true });
    expect(await db.orm.em.fork().count(User, { email: 'sjef@example.test' })).toBe(1);
    const restored = await db.orm.em.fork().findOneOrFail(User, { id: old.id });
    expect(restored).toMatchObject({ active: true, isAdmin: true });
    await expect(
      new AuthService(db.orm.em.fork()).signIn('sjef@example.test', TEST_PASSWORD, null),
    ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await new AuthService(db.orm.em.fork()).signIn('sjef@example.test', created!.generatedPassword!, null);
    expect(await new AuthService(db.orm.em.fork()).viewerFor({ sessionToken: session })).toBeNull();
    expect(await db.orm.em.fork().count(ApiToken, { user: old.id, revokedAt: null })).toBe(0);
    const actions = (
      await db.orm.em.fork().find(AuditEvent, { subjectId: old.id }, { orderBy: { at: 'asc' } })
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        AuditAction.USER_REACTIVATED,
        AuditAction.ADMIN_GRANTED,
        AuditAction.PASSWORD_CHANGED,
      ]),
    );
  });

  it('refuses a password that is too short, naming the setting', async () => {
    // The configuration is read, and refused, before the database is touched.
    expect(() => readAdminBootstrap({ VERDI_ADMIN_PASSWORD: 'kort' })).toThrow(/VERDI_ADMIN_PASSWORD/);
    expect(() => readConfig({ VERDI_ADMIN_PASSWORD: 'kort' })).toThrow(/VERDI_ADMIN_PASSWORD/);
    expect(await db.orm.em.fork().count(User, {})).toBe(0);
  });
});
