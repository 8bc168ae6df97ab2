import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { makeProject, makeSession, makeUser, opened, TEST_PASSWORD } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { ApiToken } from './api-token.entity.js';
import { AuthService, SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_AGE_MS } from './auth.service.js';
import { ProjectRole } from './project-role.js';
import { hashSecret } from './secrets.js';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const SIGN_IN =
  'mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { user { id email } expiresAt } }';
const ME = '{ me { id email isAdmin } }';
const em = () => server.db.orm.em.fork();

async function auditOf(action: AuditAction, subjectId?: string): Promise<AuditEvent[]> {
  return em().find(AuditEvent, { action, ...(subjectId ? { subjectId } : {}) }, { orderBy: { at: 'asc' } });
}

describe('signing in and out', () => {
  it('signs in with any case of the email, sets an httpOnly SameSite cookie, and signs out', async () => {
    const user = await makeUser(em(), { email: 'Kari.Test@example.test'.toLowerCase() });
    const browser = server.client();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: SIGN_IN,
        variables: { email: ' KARI.test@Example.TEST ', password: TEST_PASSWORD },
      }),
    });
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^verdi_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);

    const signedIn = await browser.graphql(SIGN_IN, { email: user.email, password: TEST_PASSWORD });
    expect(signedIn.body.errors).toBeUndefined();
    expect((await browser.graphql<{ me: { id: string } }>(ME)).body.data!.me.id).toBe(user.id);

    expect((await browser.graphql('mutation { signOut }')).body.data).toEqual({ signOut: true });
    expect(browser.cookies.has('verdi_session')).toBe(false);
    expect((await browser.graphql(ME)).body.data).toEqual({ me: null });
    expect(await auditOf(AuditAction.SIGN_OUT, user.id)).toHaveLength(1);
    expect((await auditOf(AuditAction.SIGN_IN, user.id)).length).toBeGreaterThanOrEqual(2);
  });

  it('stores only a hash of the session secret', async () => {
    const user = await makeUser(em());
    const browser = server.client();
    await browser.graphql(SIGN_IN, { email: user.email, password: TEST_PASSWORD });
    const secret = browser.cookies.get('verdi_session')!;
    const sessions = await em().find(Session, { user: user.id });
    expect(sessions.map((s) => s.tokenHash)).toEqual([hashSecret(secret)]);
  });

  it('gives the same answer for an unknown email, a wrong password and a deactivated account', async () => {
    const user = await makeUser(em());
    const inactive = await makeUser(em(), { active: false });
    const answers = await Promise.all(
      [
        { email: 'ingen.slik@example.test', password: TEST_PASSWORD },
        { email: user.email, password: 'feil passord her' },
        { email: inactive.email, password: TEST_PASSWORD },
      ].map(async (variables) => (await server.client().graphql(SIGN_IN, variables)).body.errors![0]),
    );
    for (const answer of answers) {
      expect(answer).toMatchObject({
        message: 'Wrong email or password',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    const failed = await em().find(AuditEvent, {
      action: AuditAction.SIGN_IN_FAILED,
      details: { email: user.email },
    });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.ip).toMatch(/127\.0\.0\.1/);
  });
});

describe('sessions', () => {
  it('end after the idle timeout, and move forward when used', async () => {
    const user = await makeUser(em());
    const start = new Date('2026-03-02T08:00:00Z');
    const { sessionToken } = opened(
      await new AuthService(em()).signIn(user.email, TEST_PASSWORD, null, start),
    );
    const later = new Date(start.getTime() + SESSION_IDLE_TIMEOUT_MS - 60_000);
    expect(await new AuthService(em()).viewerFor({ sessionToken }, later)).toMatchObject({ userId: user.id });
    const stored = await em().findOneOrFail(Session, { tokenHash: hashSecret(sessionToken) });
    expect(stored.expiresAt.getTime()).toBe(later.getTime() + SESSION_IDLE_TIMEOUT_MS);
    const idle = new Date(stored.expiresAt.getTime() + 1);
    expect(await new AuthService(em()).viewerFor({ sessionToken }, idle)).toBeNull();
  });

  it('never outlive their absolute lifetime, however often used', async () => {
    const user = await makeUser(em());
    const start = new Date('2026-03-02T08:00:00Z');
    const { sessionToken } = opened(
      await new AuthService(em()).signIn(user.email, TEST_PASSWORD, null, start),
    );
    let now = start;
    while (now.getTime() < start.getTime() + SESSION_MAX_AGE_MS - SESSION_IDLE_TIMEOUT_MS) {
      now = new Date(now.getTime() + SESSION_IDLE_TIMEOUT_MS / 2);
      expect(await new AuthService(em()).viewerFor({ sessionToken }, now)).not.toBeNull();
    }
    const past = new Date(start.getTime() + SESSION_MAX_AGE_MS + 1);
    expect(await new AuthService(em()).viewerFor({ sessionToken }, past)).toBeNull();
  });

  it('stop working when the account is deactivated', async () => {
    const admin = server.client({
      session: await makeSession(em(), await makeUser(em(), { isAdmin: true })),
    });
    const user = await makeUser(em());
    const browser = server.client({ session: await makeSession(em(), user) });
    expect((await browser.graphql<{ me: { id: string } }>(ME)).body.data!.me.id).toBe(user.id);
    const deactivated = await admin.graphql(
      'mutation ($id: UUID!) { updateUser(id: $id, input: { active: false }) { active } }',
      {
        id: user.id,
      },
    );
    expect(deactivated.body.data).toEqual({ updateUser: { active: false } });
    expect((await browser.graphql(ME)).body.data).toEqual({ me: null });
    expect(await auditOf(AuditAction.USER_DEACTIVATED, user.id)).toHaveLength(1);
  });

  it('of other browsers end when the password is changed', async () => {
    const user = await makeUser(em());
    const here = server.client({ session: await makeSession(em(), user) });
    const elsewhere = server.client({ session: await makeSession(em(), user) });
    const wrong = await here.graphql(
      'mutation { changePassword(input: { currentPassword: "ikke riktig", newPassword: "et nytt langt passord" }) }',
    );
    expect(wrong.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { currentPassword: expect.any(String) },
    });
    const changed = await here.graphql(
      `mutation { changePassword(input: { currentPassword: "${TEST_PASSWORD}", newPassword: "et nytt langt passord" }) }`,
    );
    expect(changed.body.data).toEqual({ changePassword: true });
    expect((await here.graphql<{ me: unknown }>(ME)).body.data!.me).not.toBeNull();
    expect((await elsewhere.graphql(ME)).body.data).toEqual({ me: null });
    const signIn = await server
      .client()
      .graphql(SIGN_IN, { email: user.email, password: 'et nytt langt passord' });
    expect(signIn.body.errors).toBeUndefined();
  });
});

describe('personal API tokens', () => {
  const CREATE =
    'mutation { createApiToken(input: { name: "R på laptop", expiresInDays: 30 }) { secret token { id name prefix expiresAt } } }';

  it('are shown once, stored as a hash, work as a bearer token, and stop working when revoked', async () => {
    const project = await makeProject(em());
    const researcher = await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] });
    const browser = server.client({ session: await makeSession(em(), researcher) });
    const created = await browser.graphql<{
      createApiToken: { secret: string; token: { id: string; prefix: string; expiresAt: string } };
    }>(CREATE);
    const { secret, token } = created.body.data!.createApiToken;
    expect(secret).toMatch(/^verdi_pat_[\w-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(new Date(token.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const stored = await em().findOneOrFail(ApiToken, { id: token.id });
    expect(stored.tokenHash).toBe(hashSecret(secret));
    const listed = await browser.graphql<{ apiTokens: Record<string, unknown>[] }>(
      '{ apiTokens { id name } }',
    );
    expect(listed.body.data!.apiTokens).toEqual([{ id: token.id, name: 'R på laptop' }]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const script = server.client({ bearer: secret });
    const projects = await script.graphql<{ projects: { id: string }[] }>('{ projects { id } }');
    expect(projects.body.data!.projects.map((p) => p.id)).toEqual([project.id]);

    await browser.graphql('mutation ($id: UUID!) { revokeApiToken(id: $id) { revokedAt } }', {
      id: token.id,
    });
    const after = await script.graphql('{ projects { id } }');
    expect(after.status).toBe(401);
    expect(after.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(await auditOf(AuditAction.TOKEN_CREATED, token.id)).toHaveLength(1);
    expect(await auditOf(AuditAction.TOKEN_REVOKED, token.id)).toHaveLength(1);
  });

  it('answer an unknown or expired bearer token with 401, not as anonymous', async () => {
    const unknown = await server.client({ bearer: 'verdi_pat_not-a-real-token' }).graphql(ME);
    expect(unknown.status).toBe(401);
    expect(unknown.body.errors![0]!.message).toContain('The API token is unknown, revoked or expired');

    const project = await makeProject(em());
    const researcher = await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] });
    const viewer = await new AuthService(em()).viewerFor({
      sessionToken: await makeSession(em(), researcher),
    });
    const { secret } = await new AuthService(em()).createApiToken(
      viewer!,
      'kort',
      1,
      new Date(Date.now() - 2 * 86_400_000),
    );
    expect((await server.client({ bearer: secret }).graphql(ME)).status).toBe(401);
  });

  it('cannot be revoked by someone else, who is told it does not exist', async () => {
    const project = await makeProject(em());
    const owner = await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] });
    const other = await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] });
    const created = await server
      .client({ session: await makeSession(em(), owner) })
      .graphql<{ createApiToken: { token: { id: string } } }>(CREATE);
    const id = created.body.data!.createApiToken.token.id;
    const attempt = await server
      .client({ session: await makeSession(em(), other) })
      .graphql('mutation ($id: UUID!) { revokeApiToken(id: $id) { id } }', { id });
    expect(attempt.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await em().findOneOrFail(ApiToken, { id })).revokedAt).toBeNull();
  });
});

describe('admins managing accounts and memberships', () => {
  it('create accounts, give and change project roles, and every change is in the audit log', async () => {
    const adminUser = await makeUser(em(), { isAdmin: true });
    const admin = server.client({ session: await makeSession(em(), adminUser) });
    const project = await makeProject(em());

    const created = await admin.graphql<{ createUser: { id: string; email: string; language: string } }>(
      'mutation { createUser(input: { email: "Ny.Forsker@Example.test", name: "Ny Forsker", password: "et langt startpassord", language: EN }) { id email language } }',
    );
    const user = created.body.data!.createUser;
    expect(user).toMatchObject({ email: 'ny.forsker@example.test', language: 'EN' });

    const duplicate = await admin.graphql(
      'mutation { createUser(input: { email: "ny.forsker@example.test", name: "Kopi", password: "et langt startpassord" }) { id } }',
    );
    expect(duplicate.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { email: 'is already used by another account' },
    });

    const tooShort = await admin.graphql(
      'mutation { createUser(input: { email: "ikke-epost", name: "", password: "kort" }) { id } }',
    );
    expect(tooShort.body.errors![0]!.extensions!.fields).toEqual({
      email: 'must be an email address',
      name: 'must not be blank',
      password: 'must be 12 to 200 characters',
    });

    const SET =
      'mutation ($input: SetMembershipInput!) { setMembership(input: $input) { role project { id } user { id } } }';
    await admin.graphql(SET, { input: { userId: user.id, projectId: project.id, role: 'MANAGER' } });
    const changed = await admin.graphql(SET, {
      input: { userId: user.id, projectId: project.id, role: 'RESEARCHER' },
    });
    expect(changed.body.data).toEqual({
      setMembership: { role: 'RESEARCHER', project: { id: project.id }, user: { id: user.id } },
    });
    const members = await admin.graphql<{
      project: { memberships: { role: string; user: { id: string } }[] };
    }>('query ($id: UUID!) { project(id: $id) { memberships { role user { id } } } }', { id: project.id });
    expect(members.body.data!.project.memberships).toEqual([{ role: 'RESEARCHER', user: { id: user.id } }]);
    await admin.graphql('mutation ($u: UUID!, $p: UUID!) { removeMembership(userId: $u, projectId: $p) }', {
      u: user.id,
      p: project.id,
    });
    await admin.graphql(
      'mutation ($id: UUID!) { updateUser(id: $id, input: { isAdmin: true }) { isAdmin } }',
      {
        id: user.id,
      },
    );

    const log = await admin.graphql<{
      auditEvents: { events: { action: string; actorId: string; details: Record<string, unknown> }[] };
    }>('{ auditEvents(limit: 500) { total events { action actorId subjectId projectId details } } }');
    const mine = log.body
      .data!.auditEvents.events.filter((e) => e.actorId === adminUser.id)
      .map((e) => [e.action, e.details]);
    expect(mine).toEqual(
      expect.arrayContaining([
        ['USER_CREATED', { email: 'ny.forsker@example.test', isAdmin: false }],
        ['MEMBERSHIP_GRANTED', { role: 'MANAGER' }],
        ['MEMBERSHIP_CHANGED', { from: 'MANAGER', to: 'RESEARCHER' }],
        ['MEMBERSHIP_REVOKED', { role: 'RESEARCHER' }],
        ['ADMIN_GRANTED', {}],
      ]),
    );
  });

  it('cannot remove the last active admin', async () => {
    const service = server.db.orm.em.fork();
    await service.nativeUpdate(User, { isAdmin: true }, { isAdmin: false });
    const lastAdmin = await makeUser(em(), { isAdmin: true });
    const admin = server.client({ session: await makeSession(em(), lastAdmin) });
    const demote = await admin.graphql(
      'mutation ($id: UUID!) { updateUser(id: $id, input: { isAdmin: false }) { id } }',
      {
        id: lastAdmin.id,
      },
    );
    expect(demote.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { isAdmin: expect.stringContaining('at least one active admin') },
    });
    const deactivate = await admin.graphql(
      'mutation ($id: UUID!) { updateUser(id: $id, input: { active: false }) { id } }',
      {
        id: lastAdmin.id,
      },
    );
    expect(deactivate.body.errors![0]!.extensions!.fields).toHaveProperty('active');
    expect((await em().findOneOrFail(User, { id: lastAdmin.id })).isAdmin).toBe(true);
  });
});
