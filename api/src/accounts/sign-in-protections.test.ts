import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App, type AppOptions } from '../app.js';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { createLogger } from '../logger.js';
import { makeProject, makeSession, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import type { UpdateUserInput } from './account.inputs.js';
import { AccountService } from './account.service.js';
import { ApiToken } from './api-token.entity.js';
import { ProjectRole } from './project-role.js';
import { User } from './user.entity.js';

/** What the security review asked of tokens, password changes, admin rights, proxies and error messages. */
let server: TestServer;
const apps: App[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await server?.stop();
});

const em = () => server.db.orm.em.fork();
const ME = '{ me { id } }';
const CREATE_TOKEN =
  'mutation ($days: Int) { createApiToken(input: { name: "skript", expiresInDays: $days }) { secret token { id expiresAt } } }';
const SIGN_IN =
  'mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { user { id } } }';

/** Another app on the same database, with options of its own. */
async function otherApp(options: Partial<AppOptions>): Promise<string> {
  const app = await createApp({ orm: server.db.orm, log: createLogger('silent'), ...options });
  apps.push(app);
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
}

async function post(url: string, query: string, variables: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
}

async function researcher(): Promise<User> {
  return makeUser(em(), { roles: [[await makeProject(em()), ProjectRole.RESEARCHER]] });
}

describe('API tokens', () => {
  it('cannot be made with a token, only from a signed-in session', async () => {
    const user = await researcher();
    const browser = server.client({ session: await makeSession(em(), user) });
    const made = await browser.graphql<{ createApiToken: { secret: string } }>(CREATE_TOKEN, { days: 1 });
    const script = server.client({ bearer: made.body.data!.createApiToken.secret });
    const minted = await script.graphql(CREATE_TOKEN, { days: null });
    expect(minted.body.errors![0]).toMatchObject({
      message: 'API tokens can only be created from a signed-in browser session, not with an API token',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await em().count(ApiToken, { user: user.id })).toBe(1);
    // Nor may a token change the password it was made under.
    const changed = await script.graphql(
      `mutation { changePassword(input: { currentPassword: "${TEST_PASSWORD}", newPassword: "et nytt langt passord" }) }`,
    );
    expect(changed.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('and other browsers stop working when the password is changed; this browser stays', async () => {
    const user = await researcher();
    const here = server.client({ session: await makeSession(em(), user) });
    const elsewhere = server.client({ session: await makeSession(em(), user) });
    const made = await here.graphql<{ createApiToken: { secret: string } }>(CREATE_TOKEN, { days: 30 });
    const script = server.client({ bearer: made.body.data!.createApiToken.secret });
    expect((await script.graphql(ME)).status).toBe(200);
    const changed = await here.graphql(
      `mutation { changePassword(input: { currentPassword: "${TEST_PASSWORD}", newPassword: "et nytt langt passord" }) }`,
    );
    expect(changed.body.data).toEqual({ changePassword: true });
    expect((await here.graphql<{ me: { id: string } }>(ME)).body.data!.me.id).toBe(user.id);
    expect((await elsewhere.graphql(ME)).body.data).toEqual({ me: null });
    expect((await script.graphql(ME)).status).toBe(401);
    const audit = await em().findOneOrFail(AuditEvent, {
      action: AuditAction.PASSWORD_CHANGED,
      subjectId: user.id,
    });
    expect(audit.details).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
  });

  it('and every session stop working when an admin resets the password', async () => {
    const user = await researcher();
    const admin = server.client({
      session: await makeSession(em(), await makeUser(em(), { isAdmin: true })),
    });
    const one = server.client({ session: await makeSession(em(), user) });
    const two = server.client({ session: await makeSession(em(), user) });
    const made = await one.graphql<{ createApiToken: { secret: string } }>(CREATE_TOKEN, { days: 30 });
    const script = server.client({ bearer: made.body.data!.createApiToken.secret });
    const reset = await admin.graphql(
      'mutation ($id: UUID!) { updateUser(id: $id, input: { password: "et nytt startpassord" }) { id } }',
      { id: user.id },
    );
    expect(reset.body.errors).toBeUndefined();
    expect((await one.graphql(ME)).body.data).toEqual({ me: null });
    expect((await two.graphql(ME)).body.data).toEqual({ me: null });
    expect((await script.graphql(ME)).status).toBe(401);
    const audit = await em().findOneOrFail(AuditEvent, {
      action: AuditAction.PASSWORD_CHANGED,
      subjectId: user.id,
    });
    expect(audit.details).toEqual({ reset: true, sessionsEnded: 2, tokensRevoked: 1 });
  });
});

describe('the last active admin', () => {
  const viewerOf = (user: User): Viewer => ({
    userId: user.id,
    isAdmin: true,
    roles: new Map(),
    via: 'session',
    credentialId: 'test',
  });
  const update = (actor: User, target: User, input: Partial<UpdateUserInput>) =>
    new AccountService(em())
      .updateUser(viewerOf(actor), target.id, input as UpdateUserInput)
      .then(() => 'OK')
      .catch((error: { extensions?: { code: string } }) => error.extensions?.code ?? String(error));

  it('survives two admins removing each other at once, every time', async () => {
    const a = await makeUser(em(), { isAdmin: true });
    const b = await makeUser(em(), { isAdmin: true });
    await em().nativeUpdate(User, { id: { $nin: [a.id, b.id] } }, { isAdmin: false });
    const removals: Partial<UpdateUserInput>[] = [{ active: false }, { isAdmin: false }];
    for (let round = 0; round < 12; round++) {
      await em().nativeUpdate(User, { id: { $in: [a.id, b.id] } }, { isAdmin: true, active: true });
      const [byA, byB] = await Promise.all([
        update(a, b, removals[round % 2]!),
        update(b, a, removals[Math.floor(round / 2) % 2]!),
      ]);
      expect([byA, byB].sort()).toEqual(['BAD_USER_INPUT', 'OK']);
      expect(await em().count(User, { isAdmin: true, active: true })).toBe(1);
    }
  }, 60_000);
});

describe('the client address', () => {
  it('is the TCP peer by default, whatever X-Forwarded-For says, and the forwarded one from a configured proxy', async () => {
    const signInFrom = async (url: string) => {
      const user = await makeUser(em());
      await post(
        url,
        SIGN_IN,
        { email: user.email, password: TEST_PASSWORD },
        { 'x-forwarded-for': '198.51.100.66' },
      );
      return (await em().findOneOrFail(AuditEvent, { action: AuditAction.SIGN_IN, subjectId: user.id })).ip;
    };
    const byDefault = await signInFrom(server.url);
    expect(byDefault).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(await signInFrom(await otherApp({ trustProxy: ['loopback'] }))).toBe('198.51.100.66');
  });
});

describe('a misspelt field', () => {
  it('gets a suggestion in development and none in production', async () => {
    const development = await post(server.url, '{ mee { id } }', {});
    expect(development.errors![0]!.message).toMatch(/Did you mean "me"\?/);
    const production = await post(await otherApp({ production: true }), '{ mee { id } }', {});
    expect(production.errors![0]!.message).toBe('Cannot query field "mee" on type "Query".');
  });
});
