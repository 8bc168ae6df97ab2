import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../accounts/auth.service.js';
import { Membership } from '../accounts/membership.entity.js';
import { Session } from '../accounts/session.entity.js';
import { User } from '../accounts/user.entity.js';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { makeProject, makeSession, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { SsoSignInAttempt } from './sign-in-attempt.entity.js';
import { readSsoConfig } from './sso.config.js';
import { SSO_BROWSER_COOKIE } from './sso.routes.js';
import { FlowBrowser } from './test/browser.js';
import { startIdentityProvider, type TestIdentityProvider } from './test/identity-provider.js';
import { UserIdentity } from './user-identity.entity.js';

const PROVIDER_NAME = 'Testkommunens innlogging';

let idp: TestIdentityProvider;
let server: TestServer;
let adminSession: string;
const em = () => server.db.orm.em.fork();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  idp = await startIdentityProvider([`${publicUrl}/auth/oidc/test/callback`]);
  const closedPort = await freePort();
  const sso = readSsoConfig({
    VERDI_PUBLIC_URL: publicUrl,
    VERDI_OIDC_PROVIDERS: 'test,down',
    VERDI_OIDC_TEST_ISSUER: idp.issuer,
    VERDI_OIDC_TEST_CLIENT_ID: idp.clientId,
    VERDI_OIDC_TEST_CLIENT_SECRET: idp.clientSecret,
    VERDI_OIDC_TEST_NAME: PROVIDER_NAME,
    // A provider that is not answering: Verdi must start all the same.
    VERDI_OIDC_DOWN_ISSUER: `http://127.0.0.1:${closedPort}`,
    VERDI_OIDC_DOWN_CLIENT_ID: 'verdi',
    VERDI_OIDC_DOWN_NAME: 'Nede',
  });
  server = await startTestServer({ sso, port });
  adminSession = await makeSession(em(), await makeUser(em(), { isAdmin: true }));
});
afterAll(async () => {
  await server?.stop();
  await idp?.stop();
});

const callbackPath = '/auth/oidc/test/callback';

/** From Verdi's start to the provider's login page, then the login: returns the callback the provider sends back. */
async function callbackFor(browser: FlowBrowser, login: string, redirect = '/projects'): Promise<URL> {
  const start = `${server.url}/auth/oidc/test/start?redirect=${encodeURIComponent(redirect)}`;
  const isCallback = (url: URL) => url.href.startsWith(`${server.url}${callbackPath}`);
  const atProvider = await browser.follow(start, isCallback);
  // Signed in at the provider already (an earlier sign-in in this browser): it sends the browser straight back.
  if (isCallback(atProvider.url)) return atProvider.url;
  expect(atProvider.response.status, `login page at ${atProvider.url.href}`).toBe(200);
  const page = await atProvider.response.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no login form at ${atProvider.url.href}:\n${page.slice(0, 500)}`);
  const submitted = await browser.postForm(new URL(action, atProvider.url), {
    prompt: 'login',
    login,
    password: 'any',
  });
  await submitted.arrayBuffer();
  const back = await browser.follow(new URL(submitted.headers.get('location')!, atProvider.url), isCallback);
  expect(back.url.pathname).toBe(callbackPath);
  return back.url;
}

/** Visits the callback: where Verdi sends the browser next, and whether it set a session cookie. */
async function visit(browser: FlowBrowser, url: URL): Promise<{ location: string; session?: string }> {
  const before = browser.cookies(server.url).get('verdi_session');
  const response = await browser.request(url);
  await response.arrayBuffer();
  expect(response.status).toBe(302);
  const session = browser.cookies(server.url).get('verdi_session');
  return { location: response.headers.get('location')!, session: session !== before ? session : undefined };
}

async function signInVia(login: string, redirect?: string) {
  const browser = new FlowBrowser();
  return { browser, ...(await visit(browser, await callbackFor(browser, login, redirect))) };
}

const ME = '{ me { id name email pendingApproval linkedProviders memberships { role } } }';
interface Me {
  me: {
    id: string;
    name: string;
    email: string | null;
    pendingApproval: boolean;
    linkedProviders: string[];
  } | null;
}

async function failures(code: string): Promise<AuditEvent[]> {
  const events = await em().find(AuditEvent, { action: AuditAction.SIGN_IN_FAILED });
  return events.filter((e) => e.details.method === 'oidc' && e.details.code === code);
}

describe('single sign-on', () => {
  it('offers the configured providers to the sign-in page, by name', async () => {
    const result = await server.client().graphql('{ signInProviders { id name } }');
    expect(result.body.data).toEqual({
      signInProviders: [
        { id: 'test', name: PROVIDER_NAME },
        { id: 'down', name: 'Nede' },
      ],
    });
  });

  it('starts while a provider is down, says so, and signs in once it answers (before anything was discovered)', async () => {
    idp.pause();
    const browser = new FlowBrowser();
    const down = await browser.follow(
      `${server.url}/auth/oidc/test/start`,
      (url) => url.pathname === '/sign-in',
    );
    expect(down.url.search).toBe('?sso=unavailable');
    idp.resume();
    idp.people.set('omar', { name: 'Omar Omdirigert' });
    for (const redirect of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example',
      '/ok\r\nSet-Cookie: x=1',
    ]) {
      const { location } = await signInVia('omar', redirect);
      expect(location, redirect).toBe('/projects');
    }
  });
  it('sends the browser to the provider with PKCE S256, state and nonce, bound by an httpOnly Lax cookie', async () => {
    const response = await fetch(`${server.url}/auth/oidc/test/start?redirect=/projects`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location')!);
    expect(target.origin).toBe(idp.issuer);
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    expect(target.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(target.searchParams.get('state')).toBeTruthy();
    expect(target.searchParams.get('nonce')).toBeTruthy();
    expect(target.searchParams.get('redirect_uri')).toBe(`${server.url}${callbackPath}`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SSO_BROWSER_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/auth\/oidc/i);
    expect(cookie).toMatch(/Max-Age=600/i);
  });

  it('makes a new account on the first sign-in: signed in, without a password, waiting for approval', async () => {
    idp.people.set('kari', { email: 'Kari.Nord@example.test', email_verified: true, name: 'Kari Testesen' });
    const { location, session } = await signInVia('kari', '/projects?tab=mine');
    expect(location).toBe('/projects?tab=mine');
    expect(session).toBeTruthy();

    const me = await server.client({ session }).graphql<Me>(ME);
    expect(me.body.data!.me).toMatchObject({
      name: 'Kari Testesen',
      email: 'kari.nord@example.test',
      pendingApproval: true,
      linkedProviders: [PROVIDER_NAME],
      memberships: [],
    });
    const user = await em().findOneOrFail(User, { id: me.body.data!.me!.id }, { populate: ['passwordHash'] });
    expect(user.passwordHash).toBeNull();
    const signIn = await em().find(AuditEvent, { action: AuditAction.SIGN_IN, subjectId: user.id });
    expect(signIn.map((e) => e.details)).toEqual([{ method: 'oidc', provider: 'test', account: 'created' }]);
    // No password opens it, not even the one the timing dummy was made with.
    for (const password of ['not a password anyone has', '', TEST_PASSWORD]) {
      await expect(new AuthService(em()).signIn('kari.nord@example.test', password, null)).rejects.toThrow(
        /Wrong email or password/,
      );
    }
  });

  it('lets an admin give roles only after approving, and the next sign-in reaches the same account', async () => {
    idp.people.set('nils', { email: 'nils@example.test', email_verified: true, name: 'Nils Testmann' });
    const first = await signInVia('nils');
    const me = await server.client({ session: first.session }).graphql<Me>(ME);
    const userId = me.body.data!.me!.id;
    const project = await makeProject(em());
    const admin = server.client({ session: adminSession });

    const SET = 'mutation ($input: SetMembershipInput!) { setMembership(input: $input) { id } }';
    const input = { userId, projectId: project.id, role: 'RESEARCHER' };
    const refused = await admin.graphql(SET, { input });
    expect(refused.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { userId: expect.stringContaining('approve') } },
    });
    const makeAdmin = await admin.graphql(
      'mutation ($id: UUID!) { updateUser(id: $id, input: { isAdmin: true }) { id } }',
      {
        id: userId,
      },
    );
    expect(makeAdmin.body.errors?.[0]?.extensions?.fields).toMatchObject({
      isAdmin: expect.stringContaining('approve'),
    });
    expect(await em().count(Membership, { user: userId })).toBe(0);
    expect((await em().findOneOrFail(User, { id: userId })).isAdmin).toBe(false);

    // Listed first for the admin, since it waits.
    const list = await admin.graphql<{ users: { id: string; pendingApproval: boolean }[] }>(
      '{ users { id pendingApproval } }',
    );
    const users = list.body.data!.users;
    expect(users.findIndex((u) => !u.pendingApproval)).toBeGreaterThan(
      users.findIndex((u) => u.id === userId),
    );

    const approved = await admin.graphql<{ approveUser: { pendingApproval: boolean } }>(
      'mutation ($id: UUID!) { approveUser(id: $id) { pendingApproval } }',
      { id: userId },
    );
    expect(approved.body.data!.approveUser.pendingApproval).toBe(false);
    expect(await em().count(AuditEvent, { action: AuditAction.USER_APPROVED, subjectId: userId })).toBe(1);
    expect((await admin.graphql(SET, { input })).body.errors).toBeUndefined();

    const second = await signInVia('nils');
    expect(second.location).toBe('/projects');
    const again = await server.client({ session: second.session }).graphql<Me>(ME);
    expect(again.body.data!.me).toMatchObject({
      id: userId,
      pendingApproval: false,
      memberships: [{ role: 'RESEARCHER' }],
    });
    expect(await em().count(UserIdentity, { user: userId })).toBe(1);
    expect(await em().count(User, { email: 'nils@example.test' })).toBe(1);
  });

  it('links a verified email to the password account that has it, and audits the link', async () => {
    const existing = await makeUser(em(), { email: 'per.lenke@example.test' });
    idp.people.set('per', { email: 'PER.lenke@example.test', email_verified: true, name: 'Per fra IdP' });
    const { session } = await signInVia('per');
    const me = await server.client({ session }).graphql<Me>(ME);
    expect(me.body.data!.me).toMatchObject({
      id: existing.id,
      pendingApproval: false,
      linkedProviders: [PROVIDER_NAME],
    });
    const linked = await em().find(AuditEvent, {
      action: AuditAction.IDENTITY_LINKED,
      subjectId: existing.id,
    });
    expect(linked).toHaveLength(1);
    expect(linked[0]!.details).toMatchObject({ provider: 'test', by: 'verified email' });
    // The password still works alongside.
    await expect(new AuthService(em()).signIn(existing.email, TEST_PASSWORD, null)).resolves.toBeTruthy();
  });

  it("links by Entra ID's xms_edov (the tenant owns the email's domain) where email_verified is missing", async () => {
    const existing = await makeUser(em(), { email: 'liv.entra@example.test' });
    idp.people.set('liv', { email: 'liv.entra@example.test', xms_edov: true, name: 'Liv Entra' });
    const { session } = await signInVia('liv');
    const me = await server.client({ session }).graphql<Me>(ME);
    expect(me.body.data!.me!.id).toBe(existing.id);
  });

  it('does not link an email the provider does not say is verified', async () => {
    const existing = await makeUser(em(), { email: 'ola.uverifisert@example.test' });
    for (const email_verified of [false, undefined]) {
      idp.people.set('ola', {
        email: 'ola.uverifisert@example.test',
        email_verified,
        name: 'Ola Uverifisert',
      });
      const { location, session } = await signInVia('ola');
      expect(location).toBe('/sign-in?sso=email_unverified');
      expect(session).toBeUndefined();
    }
    expect(await em().count(UserIdentity, { user: existing.id })).toBe(0);
    expect(await em().count(UserIdentity, { subject: 'ola' })).toBe(0);
    const failed = await failures('email_unverified');
    expect(failed.at(-1)).toMatchObject({ subjectId: existing.id, details: { provider: 'test' } });
  });

  it('does not store an unverified email on a new account', async () => {
    idp.people.set('eva', { email: 'eva.ny@example.test', email_verified: false, name: 'Eva Ny' });
    const { session } = await signInVia('eva');
    const me = await server.client({ session }).graphql<Me>(ME);
    expect(me.body.data!.me).toMatchObject({ name: 'Eva Ny', email: null, pendingApproval: true });
  });

  it('refuses a tampered, missing or expired state, and a callback from another provider', async () => {
    idp.people.set('tuva', { name: 'Tuva Test' });
    const browser = new FlowBrowser();
    const callback = await callbackFor(browser, 'tuva');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    expect(await visit(browser, tampered)).toEqual({ location: '/sign-in?sso=state' });
    const missing = new URL(callback);
    missing.searchParams.delete('state');
    expect(await visit(browser, missing)).toEqual({ location: '/sign-in?sso=state' });

    await em().nativeUpdate(SsoSignInAttempt, {}, { expiresAt: new Date(Date.now() - 1000) });
    expect(await visit(browser, callback)).toEqual({ location: '/sign-in?sso=state' });

    const other = await callbackFor(browser, 'tuva');
    const toOther = new URL(other);
    toOther.pathname = '/auth/oidc/down/callback';
    expect(await visit(browser, toOther)).toEqual({ location: '/sign-in?sso=state' });
    expect(await em().count(UserIdentity, { subject: 'tuva' })).toBe(0);
    const reasons = (await failures('state')).map((e) => String(e.details.reason));
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown state/),
        expect.stringMatching(/no state/),
        expect.stringMatching(/expired/),
        expect.stringMatching(/made for the provider "test"/),
      ]),
    );
  });

  it('uses a callback once: a replay is refused, also when two arrive at once', async () => {
    idp.people.set('rita', { name: 'Rita Replay' });
    const browser = new FlowBrowser();
    const callback = await callbackFor(browser, 'rita');
    const first = await visit(browser, callback);
    expect(first.location).toBe('/projects');
    expect(await visit(browser, callback)).toEqual({ location: '/sign-in?sso=state' });

    const racing = await callbackFor(browser, 'rita');
    const [a, b] = await Promise.all([browser.request(racing), browser.request(racing)]);
    const locations = [a.headers.get('location'), b.headers.get('location')].sort();
    expect(locations).toEqual(['/projects', '/sign-in?sso=state']);
  });

  it('refuses a callback carried to another browser, even one with a sign-in of its own under way', async () => {
    idp.people.set('victim', { name: 'Offer Test' });
    const victim = new FlowBrowser();
    const callback = await callbackFor(victim, 'victim');
    const attacker = new FlowBrowser();
    idp.people.set('attacker', { name: 'Angriper Test' });
    await callbackFor(attacker, 'attacker');
    expect(attacker.cookies(server.url).get(SSO_BROWSER_COOKIE)).toBeTruthy();
    expect(await visit(attacker, callback)).toEqual({ location: '/sign-in?sso=state' });
    expect(await em().count(UserIdentity, { subject: 'victim' })).toBe(0);
    expect((await failures('state')).some((e) => /another browser/.test(String(e.details.reason)))).toBe(
      true,
    );
  });

  it('checks the nonce and the PKCE verifier against the ones it sent', async () => {
    idp.people.set('nora', { name: 'Nora Nonce' });
    const browser = new FlowBrowser();
    let callback = await callbackFor(browser, 'nora');
    await em().nativeUpdate(SsoSignInAttempt, {}, { nonce: 'not-the-nonce-that-was-sent' });
    expect(await visit(browser, callback)).toEqual({ location: '/sign-in?sso=failed' });

    callback = await callbackFor(browser, 'nora');
    await em().nativeUpdate(SsoSignInAttempt, {}, { codeVerifier: 'x'.repeat(43) });
    expect(await visit(browser, callback)).toEqual({ location: '/sign-in?sso=failed' });
    expect(await em().count(UserIdentity, { subject: 'nora' })).toBe(0);
  });

  it('refuses a deactivated account, found by its link or by its email', async () => {
    idp.people.set('dag', { name: 'Dag Deaktivert' });
    const { session } = await signInVia('dag');
    const me = await server.client({ session }).graphql<Me>(ME);
    await em().nativeUpdate(User, { id: me.body.data!.me!.id }, { active: false });
    expect(await signInVia('dag')).toMatchObject({
      location: '/sign-in?sso=deactivated',
      session: undefined,
    });

    const inactive = await makeUser(em(), { email: 'inaktiv@example.test', active: false });
    idp.people.set('inaktiv', { email: 'inaktiv@example.test', email_verified: true });
    expect(await signInVia('inaktiv')).toMatchObject({
      location: '/sign-in?sso=deactivated',
      session: undefined,
    });
    expect(await em().count(UserIdentity, { user: inactive.id })).toBe(0);
    expect(await em().count(Session, { user: inactive.id })).toBe(0);
  });

  it('makes one account when the same person signs in for the first time in two browsers at once', async () => {
    idp.people.set('samtidig', {
      email: 'samtidig@example.test',
      email_verified: true,
      name: 'Samtidig Test',
    });
    const browsers = [new FlowBrowser(), new FlowBrowser(), new FlowBrowser()];
    const callbacks = await Promise.all(browsers.map((b) => callbackFor(b, 'samtidig')));
    const results = await Promise.all(browsers.map((b, i) => visit(b, callbacks[i]!)));
    const refusals = (await em().find(AuditEvent, { action: AuditAction.SIGN_IN_FAILED }))
      .filter(
        (e) => e.details.method === 'oidc' && !['state', 'unavailable'].includes(String(e.details.code)),
      )
      .map((e) => e.details.reason);
    expect(
      results.map((r) => r.location),
      JSON.stringify(refusals),
    ).toEqual(['/projects', '/projects', '/projects']);
    const identities = await em().find(UserIdentity, { subject: 'samtidig' });
    expect(identities).toHaveLength(1);
    expect(await em().count(User, { email: 'samtidig@example.test' })).toBe(1);
    const ids = await Promise.all(
      results.map(
        async (r) => (await server.client({ session: r.session }).graphql<Me>(ME)).body.data!.me!.id,
      ),
    );
    expect(new Set(ids)).toEqual(new Set([identities[0]!.user.id]));
  });

  it('says so when the provider cannot be reached, the user cancels, or the provider is unknown', async () => {
    const browser = new FlowBrowser();
    const down = await browser.follow(
      `${server.url}/auth/oidc/down/start`,
      (url) => url.pathname === '/sign-in',
    );
    expect(down.url.pathname + down.url.search).toBe('/sign-in?sso=unavailable');

    const unknown = await browser.follow(
      `${server.url}/auth/oidc/nope/start`,
      (url) => url.pathname === '/sign-in',
    );
    expect(unknown.url.search).toBe('?sso=unknown_provider');
    const long = await browser.follow(
      `${server.url}/auth/oidc/${'x'.repeat(500)}/start`,
      (url) => url.pathname === '/sign-in',
    );
    expect(long.url.search).toBe('?sso=unknown_provider');
    expect((await failures('unknown_provider')).map((e) => String(e.details.provider).length)).toEqual([
      4, 64,
    ]);

    // At the provider's login page, the user presses cancel: the provider sends an error back.
    const atProvider = await browser.follow(`${server.url}/auth/oidc/test/start`);
    const abort = /href="([^"]+\/abort)"/.exec(await atProvider.response.text())?.[1];
    expect(abort).toBeTruthy();
    const back = await browser.follow(new URL(abort!, atProvider.url), (url) =>
      url.href.startsWith(`${server.url}${callbackPath}`),
    );
    expect(back.url.searchParams.get('error')).toBe('access_denied');
    expect(await visit(browser, back.url)).toEqual({ location: '/sign-in?sso=provider_error' });
    expect(await failures('unavailable')).not.toHaveLength(0);
    expect(await failures('provider_error')).not.toHaveLength(0);
  });
});
