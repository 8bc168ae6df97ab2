import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { AuthService } from '../accounts/auth.service.js';
import { hashSecret } from '../accounts/secrets.js';
import { Session } from '../accounts/session.entity.js';
import type { User } from '../accounts/user.entity.js';
import type { Em } from '../db/orm.js';
import { makeSession, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { PendingSignIn } from './pending-sign-in.entity.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { codeAt, TOTP_PERIOD_SECONDS } from './totp.js';
import {
  MAX_CODES_PER_SIGN_IN,
  MAX_WRONG_CODES_PER_ACCOUNT,
  PENDING_SIGN_IN_MS,
  TwoFactorService,
} from './two-factor.service.js';
import { UserTotp } from './user-totp.entity.js';

let server: TestServer;
/** The same code base with admins required to use two-factor sign-in. */
let strict: TestServer;

// Two servers, one after the other: starting two embedded databases at once on a busy machine can take minutes.
beforeAll(async () => {
  server = await startTestServer();
  strict = await startTestServer({ twoFactor: { adminTwoFactor: 'required' } });
}, 180_000);
afterAll(async () => {
  await Promise.all([server?.stop(), strict?.stop()]);
});

const em = (on = server) => on.db.orm.em.fork() as Em;
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
/** The app's code one step from now: right for the server, and later than the step used to confirm setup. */
const nextCode = (secret: string) => codeAt(secret, new Date(Date.now() + STEP_MS));

const SIGN_IN =
  'mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { user { id } expiresAt secondFactorRequired enrolmentRequired } }';
const COMPLETE =
  'mutation ($code: String!) { completeSignIn(input: { code: $code }) { user { id } expiresAt secondFactorRequired } }';
const START =
  'mutation ($password: String!) { startTwoFactorSetup(input: { password: $password }) { secret otpauthUri qrCodeSvg } }';
const CONFIRM = 'mutation ($code: String!) { confirmTwoFactorSetup(input: { code: $code }) { codes } }';
const ME = '{ me { id twoFactor { enabled required setupOnly recoveryCodesLeft } } }';

interface SignInData {
  signIn: {
    user: { id: string } | null;
    expiresAt: string;
    secondFactorRequired: boolean;
    enrolmentRequired: boolean;
  };
}

function codeOf(result: { body: { errors?: { extensions?: Record<string, unknown> }[] } }): unknown {
  return result.body.errors?.[0]?.extensions?.code;
}

/** A user with two-factor sign-in set up through the API, as the account page does it. */
async function enrolled(
  on = server,
  options: { isAdmin?: boolean } = {},
): Promise<{ user: User; secret: string; codes: string[]; browser: GraphQLClient }> {
  const user = await makeUser(em(on), options);
  const browser = on.client({ session: await makeSession(em(on), user) });
  const started = await browser.graphql<{ startTwoFactorSetup: { secret: string } }>(START, {
    password: TEST_PASSWORD,
  });
  expect(started.body.errors).toBeUndefined();
  const secret = started.body.data!.startTwoFactorSetup.secret;
  const confirmed = await browser.graphql<{ confirmTwoFactorSetup: { codes: string[] } }>(CONFIRM, {
    code: codeAt(secret, new Date()),
  });
  expect(confirmed.body.errors).toBeUndefined();
  return { user, secret, codes: confirmed.body.data!.confirmTwoFactorSetup.codes, browser };
}

/** A browser that has given the right password and now waits for the second factor. */
async function atSecondStep(user: User, on = server): Promise<GraphQLClient> {
  const browser = on.client();
  const result = await browser.graphql<SignInData>(SIGN_IN, { email: user.email, password: TEST_PASSWORD });
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data!.signIn).toMatchObject({ user: null, secondFactorRequired: true });
  return browser;
}

describe('setting up two-factor sign-in', () => {
  it('needs the password, shows the secret until confirmed, stores it sealed, and gives ten recovery codes once', async () => {
    const user = await makeUser(em());
    const otherSession = await makeSession(em(), user);
    const browser = server.client({ session: await makeSession(em(), user) });

    const wrong = await browser.graphql(START, { password: 'not the password' });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.body.errors![0]!.extensions!.fields).toEqual({ password: 'is not your current password' });

    const started = await browser.graphql<{
      startTwoFactorSetup: { secret: string; otpauthUri: string; qrCodeSvg: string };
    }>(START, { password: TEST_PASSWORD });
    const setup = started.body.data!.startTwoFactorSetup;
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
    expect(setup.otpauthUri).toContain('issuer=Verdi');
    expect(setup.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    const stored = await em().findOneOrFail(UserTotp, { user: user.id });
    expect(stored.sealedSecret).not.toContain(setup.secret);
    expect(stored.confirmedAt).toBeNull();

    // Not on until confirmed: signing in still takes only the password.
    expect(
      (await server.client().graphql<SignInData>(SIGN_IN, { email: user.email, password: TEST_PASSWORD }))
        .body.data!.signIn.secondFactorRequired,
    ).toBe(false);

    const bad = await browser.graphql(CONFIRM, {
      code: '000000' === codeAt(setup.secret, new Date()) ? '111111' : '000000',
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const confirmed = await browser.graphql<{ confirmTwoFactorSetup: { codes: string[] } }>(CONFIRM, {
      code: codeAt(setup.secret, new Date()),
    });
    const codes = confirmed.body.data!.confirmTwoFactorSetup.codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const hashes = await em().find(RecoveryCode, { user: user.id });
    expect(hashes.map((c) => c.codeHash).sort()).not.toContain(codes[0]);

    expect((await browser.graphql(ME)).body.data).toMatchObject({
      me: { twoFactor: { enabled: true, required: false, setupOnly: false, recoveryCodesLeft: 10 } },
    });
    // The secret is never shown again: starting over is refused while it is on.
    expect(codeOf(await browser.graphql(START, { password: TEST_PASSWORD }))).toBe('CONFLICT');
    // Other browsers, signed in with the password alone, are signed out.
    expect(await em().count(Session, { tokenHash: hashSecret(otherSession) })).toBe(0);
    expect(await em().count(AuditEvent, { action: AuditAction.TWO_FACTOR_ENABLED, subjectId: user.id })).toBe(
      1,
    );
  });

  it('is refused with an API token', async () => {
    const user = await makeUser(em());
    const viewer = {
      userId: user.id,
      isAdmin: false,
      roles: new Map(),
      via: 'token' as const,
      credentialId: 'x',
    };
    await expect(new TwoFactorService(em()).startSetup(viewer, TEST_PASSWORD)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('signing in with two-factor sign-in on', () => {
  it('opens no session for the password alone, and one for the password and a code', async () => {
    const { user, secret } = await enrolled();
    const browser = await atSecondStep(user);
    expect(browser.cookies.has('verdi_session')).toBe(false);
    expect(browser.cookies.has('verdi_pending_sign_in')).toBe(true);
    expect((await browser.graphql(ME)).body.data).toEqual({ me: null });
    expect(await em().count(Session, { user: user.id })).toBe(1); // the enrolling browser's only

    const done = await browser.graphql<{ completeSignIn: { user: { id: string } } }>(COMPLETE, {
      code: nextCode(secret),
    });
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data!.completeSignIn.user.id).toBe(user.id);
    expect(browser.cookies.has('verdi_pending_sign_in')).toBe(false);
    expect((await browser.graphql<{ me: { id: string } }>(ME)).body.data!.me.id).toBe(user.id);
    const signIns = await em().find(AuditEvent, { action: AuditAction.SIGN_IN, subjectId: user.id });
    expect(signIns.map((e) => e.details.method)).toEqual(['password+totp']);
  });

  it('takes a code once: the same code again, and the finished sign-in again, are refused', async () => {
    const { user, secret } = await enrolled();
    const code = nextCode(secret);
    const first = await atSecondStep(user);
    const pendingCookie = first.cookies.get('verdi_pending_sign_in')!;
    expect((await first.graphql(COMPLETE, { code })).body.errors).toBeUndefined();

    const second = await atSecondStep(user);
    const replayed = await second.graphql(COMPLETE, { code });
    expect(codeOf(replayed)).toBe('BAD_USER_INPUT');
    expect(second.cookies.has('verdi_session')).toBe(false);

    const replayer = server.client();
    replayer.cookies.set('verdi_pending_sign_in', pendingCookie);
    expect(codeOf(await replayer.graphql(COMPLETE, { code: nextCode(secret) }))).toBe('UNAUTHENTICATED');
    expect(replayer.cookies.has('verdi_session')).toBe(false);
  });

  it('gives one session for the same code sent at once from two browsers, and for one sign-in finished twice at once', async () => {
    const { user, secret } = await enrolled();
    const code = nextCode(secret);
    const browsers = await Promise.all([atSecondStep(user), atSecondStep(user)]);
    const results = await Promise.all(browsers.map((b) => b.graphql(COMPLETE, { code })));
    expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(browsers.filter((b) => b.cookies.has('verdi_session'))).toHaveLength(1);

    // One pending sign-in finished twice at once, once with the app's code and once with a recovery code: one session.
    const { user: other, secret: otherSecret, codes } = await enrolled();
    const browser = await atSecondStep(other);
    const twin = server.client();
    twin.cookies.set('verdi_pending_sign_in', browser.cookies.get('verdi_pending_sign_in')!);
    const twins = await Promise.all([
      browser.graphql(COMPLETE, { code: nextCode(otherSecret) }),
      twin.graphql(COMPLETE, { code: codes[0] }),
    ]);
    expect(twins.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(twins.map(codeOf).filter(Boolean)).toEqual(['UNAUTHENTICATED']);
    expect(await em().count(Session, { user: other.id })).toBe(2); // the enrolling browser and one more
  });

  it('takes each recovery code once, also when two devices send it at the same moment', async () => {
    const { user, codes } = await enrolled();
    const browsers = await Promise.all([atSecondStep(user), atSecondStep(user)]);
    const results = await Promise.all(
      browsers.map((b) => b.graphql(COMPLETE, { code: codes[0]!.toUpperCase().replace(/-/g, ' ') })),
    );
    expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(results.map(codeOf).filter(Boolean)).toEqual(['BAD_USER_INPUT']);

    const later = await atSecondStep(user);
    expect(codeOf(await later.graphql(COMPLETE, { code: codes[0] }))).toBe('BAD_USER_INPUT');
    expect((await later.graphql(COMPLETE, { code: codes[1] })).body.errors).toBeUndefined();
    const signIn = await em().findOneOrFail(
      AuditEvent,
      { action: AuditAction.SIGN_IN, subjectId: user.id },
      { orderBy: { at: 'desc' } },
    );
    expect(signIn.details).toMatchObject({ method: 'password+recovery', recoveryCodesLeft: 8 });
  });

  it('ends a pending sign-in after a few wrong codes: even the right code then needs the password again', async () => {
    const { user, secret } = await enrolled();
    const browser = await atSecondStep(user);
    const wrong = nextCode(secret) === '123456' ? '654321' : '123456';
    for (let i = 1; i < MAX_CODES_PER_SIGN_IN; i++) {
      expect(codeOf(await browser.graphql(COMPLETE, { code: wrong }))).toBe('BAD_USER_INPUT');
    }
    const last = await browser.graphql(COMPLETE, { code: wrong });
    expect(codeOf(last)).toBe('UNAUTHENTICATED');
    expect(last.body.errors![0]!.message).toMatch(/last try/);
    const stale = server.client();
    stale.cookies.set('verdi_pending_sign_in', hashSecret('made up'));
    expect(codeOf(await browser.graphql(COMPLETE, { code: nextCode(secret) }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await stale.graphql(COMPLETE, { code: nextCode(secret) }))).toBe('UNAUTHENTICATED');
    const failures = await em().count(AuditEvent, {
      action: AuditAction.TWO_FACTOR_FAILED,
      subjectId: user.id,
    });
    expect(failures).toBe(MAX_CODES_PER_SIGN_IN);
  });

  it('checks no more codes for one pending sign-in than its tries, when they all arrive at once', async () => {
    const { user, secret } = await enrolled();
    const browser = await atSecondStep(user);
    const wrong = nextCode(secret) === '123456' ? '654321' : '123456';
    const results = await Promise.all(
      Array.from({ length: 3 * MAX_CODES_PER_SIGN_IN }, () => browser.graphql(COMPLETE, { code: wrong })),
    );
    expect(new Set(results.map(codeOf))).toEqual(new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED']));
    expect(browser.cookies.has('verdi_session')).toBe(false);
    // Only codes that were looked at count against the account: no more than one pending sign-in's tries.
    const failures = await em().count(AuditEvent, {
      action: AuditAction.TWO_FACTOR_FAILED,
      subjectId: user.id,
    });
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThanOrEqual(MAX_CODES_PER_SIGN_IN);
    const totp = await em().findOneOrFail(UserTotp, { user: user.id });
    expect(totp.failedCodes).toBe(failures);
  });

  it('limits wrong codes per account exactly, even when they arrive all at once over several sign-ins', async () => {
    const { user, secret, codes } = await enrolled();
    // Fewer tries per sign-in than it allows, so that every code is looked at and none is turned away for that.
    const perSignIn = MAX_CODES_PER_SIGN_IN - 1;
    const signIns = Math.ceil((MAX_WRONG_CODES_PER_ACCOUNT + 5) / perSignIn);
    const browsers = await Promise.all(Array.from({ length: signIns }, () => atSecondStep(user)));
    const wrong = nextCode(secret) === '123456' ? '654321' : '123456';
    const results = await Promise.all(
      browsers.flatMap((b) => Array.from({ length: perSignIn }, () => b.graphql(COMPLETE, { code: wrong }))),
    );
    const limited = results.filter((r) => codeOf(r) === 'RATE_LIMITED');
    expect(limited).toHaveLength(signIns * perSignIn - MAX_WRONG_CODES_PER_ACCOUNT);
    expect(limited[0]!.body.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(results.filter((r) => codeOf(r) === 'BAD_USER_INPUT')).toHaveLength(MAX_WRONG_CODES_PER_ACCOUNT);
    // Now even the right code and a recovery code wait for the window to end.
    const next = await atSecondStep(user);
    expect(codeOf(await next.graphql(COMPLETE, { code: nextCode(secret) }))).toBe('RATE_LIMITED');
    expect(codeOf(await next.graphql(COMPLETE, { code: codes[0] }))).toBe('RATE_LIMITED');
  });

  it('lets the second step wait five minutes and no longer', async () => {
    const { user, secret } = await enrolled();
    const start = new Date(Date.now() + 10 * STEP_MS);
    const signIn = async () => {
      const outcome = await new AuthService(em()).signIn(user.email!, TEST_PASSWORD, null, start);
      if (!outcome.secondFactorRequired) throw new Error('expected a second step');
      return outcome.pendingToken;
    };
    const late = new Date(start.getTime() + PENDING_SIGN_IN_MS + 1);
    await expect(
      new TwoFactorService(em()).completeSignIn(await signIn(), codeAt(secret, late), null, late),
    ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const inTime = new Date(start.getTime() + PENDING_SIGN_IN_MS - 1000);
    const session = await new TwoFactorService(em()).completeSignIn(
      await signIn(),
      codeAt(secret, inTime),
      null,
      inTime,
    );
    expect(session.user.id).toBe(user.id);
    expect(await em().count(PendingSignIn, { user: user.id })).toBe(0);
  });

  it('names what is wrong with a code that is neither shape', async () => {
    const { user } = await enrolled();
    const browser = await atSecondStep(user);
    const result = await browser.graphql(COMPLETE, { code: '12345' });
    expect(result.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { code: expect.stringContaining('6-digit code') },
    });
  });
});

describe('managing two-factor sign-in', () => {
  const REGENERATE =
    'mutation ($code: String!) { regenerateRecoveryCodes(input: { code: $code }) { codes } }';
  const TURN_OFF =
    'mutation ($password: String!, $code: String!) { turnOffTwoFactor(input: { password: $password, code: $code }) }';
  const RESET = 'mutation ($id: UUID!) { resetTwoFactor(userId: $id) { id } }';

  it('replaces the recovery codes with a current code from the app; the old ones stop working', async () => {
    const { user, secret, codes, browser } = await enrolled();
    expect(codeOf(await browser.graphql(REGENERATE, { code: codes[0] }))).toBe('BAD_USER_INPUT');
    const fresh = await browser.graphql<{ regenerateRecoveryCodes: { codes: string[] } }>(REGENERATE, {
      code: nextCode(secret),
    });
    const newCodes = fresh.body.data!.regenerateRecoveryCodes.codes;
    expect(newCodes).toHaveLength(10);
    const old = await atSecondStep(user);
    expect(codeOf(await old.graphql(COMPLETE, { code: codes[0] }))).toBe('BAD_USER_INPUT');
    expect((await old.graphql(COMPLETE, { code: newCodes[0] })).body.errors).toBeUndefined();
    expect(
      await em().count(AuditEvent, { action: AuditAction.RECOVERY_CODES_REGENERATED, subjectId: user.id }),
    ).toBe(1);
  });

  it('turns off with the password and a code, after which the password alone signs in', async () => {
    const { user, secret, browser } = await enrolled();
    expect(codeOf(await browser.graphql(TURN_OFF, { password: 'wrong', code: nextCode(secret) }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      (await browser.graphql(TURN_OFF, { password: TEST_PASSWORD, code: nextCode(secret) })).body.errors,
    ).toBeUndefined();
    const result = await server
      .client()
      .graphql<SignInData>(SIGN_IN, { email: user.email, password: TEST_PASSWORD });
    expect(result.body.data!.signIn).toMatchObject({ user: { id: user.id }, secondFactorRequired: false });
    expect(await em().count(RecoveryCode, { user: user.id })).toBe(0);
    expect(
      await em().count(AuditEvent, { action: AuditAction.TWO_FACTOR_DISABLED, subjectId: user.id }),
    ).toBe(1);
  });

  it('lets an admin reset it for a lost phone: the user is signed out everywhere, and it is audited', async () => {
    const { user, browser } = await enrolled();
    const admin = await makeUser(em(), { isAdmin: true });
    const adminBrowser = server.client({ session: await makeSession(em(), admin) });
    expect(codeOf(await adminBrowser.graphql(RESET, { id: admin.id }))).toBe('FORBIDDEN');
    expect((await adminBrowser.graphql(RESET, { id: user.id })).body.errors).toBeUndefined();
    expect((await browser.graphql(ME)).body.data).toEqual({ me: null });
    const signIn = await server
      .client()
      .graphql<SignInData>(SIGN_IN, { email: user.email, password: TEST_PASSWORD });
    expect(signIn.body.data!.signIn).toMatchObject({ secondFactorRequired: false, user: { id: user.id } });
    const [event] = await em().find(AuditEvent, { action: AuditAction.TWO_FACTOR_RESET, subjectId: user.id });
    expect(event).toMatchObject({ actorId: admin.id, subjectType: 'User' });
    expect(codeOf(await adminBrowser.graphql(RESET, { id: user.id }))).toBe('CONFLICT');
  });
});

describe('with VERDI_ADMIN_TWO_FACTOR=required', () => {
  it('gives an admin without it a session that can only set it up, and full rights once it is on', async () => {
    const admin = await makeUser(em(strict), { isAdmin: true });
    const browser = strict.client();
    const signIn = await browser.graphql<SignInData>(SIGN_IN, {
      email: admin.email,
      password: TEST_PASSWORD,
    });
    expect(signIn.body.data!.signIn).toMatchObject({ user: { id: admin.id }, enrolmentRequired: true });
    expect((await browser.graphql(ME)).body.data).toMatchObject({
      me: { id: admin.id, twoFactor: { enabled: false, required: true, setupOnly: true } },
    });
    const users = await browser.graphql('{ users { id } }');
    expect(codeOf(users)).toBe('FORBIDDEN');
    expect(users.body.errors![0]!.message).toMatch(/two-factor/);
    expect(codeOf(await browser.graphql('{ projects { id } }'))).toBe('FORBIDDEN');
    expect(
      codeOf(await browser.graphql('mutation { createApiToken(input: { name: "x" }) { secret } }')),
    ).toBe('FORBIDDEN');

    const started = await browser.graphql<{ startTwoFactorSetup: { secret: string } }>(START, {
      password: TEST_PASSWORD,
    });
    const secret = started.body.data!.startTwoFactorSetup.secret;
    expect(
      (await browser.graphql(CONFIRM, { code: codeAt(secret, new Date()) })).body.errors,
    ).toBeUndefined();
    expect((await browser.graphql('{ users { id } }')).body.errors).toBeUndefined();
    expect((await browser.graphql(ME)).body.data).toMatchObject({
      me: { twoFactor: { enabled: true, required: true, setupOnly: false } },
    });

    // Required means it cannot be turned off; another admin can still reset it.
    const off = await browser.graphql(
      'mutation ($p: String!, $c: String!) { turnOffTwoFactor(input: { password: $p, code: $c }) }',
      { p: TEST_PASSWORD, c: nextCode(secret) },
    );
    expect(codeOf(off)).toBe('FORBIDDEN');
  });

  it('leaves other accounts alone, and asks an admin who has it for the code as usual', async () => {
    const researcher = await makeUser(em(strict));
    const signIn = await strict
      .client()
      .graphql<SignInData>(SIGN_IN, { email: researcher.email, password: TEST_PASSWORD });
    expect(signIn.body.data!.signIn).toMatchObject({ enrolmentRequired: false, secondFactorRequired: false });

    const { user: admin, secret } = await enrolled(strict, { isAdmin: true });
    const browser = await atSecondStep(admin, strict);
    expect((await browser.graphql(COMPLETE, { code: nextCode(secret) })).body.errors).toBeUndefined();
    expect((await browser.graphql('{ users { id } }')).body.errors).toBeUndefined();
  });

  it('restricts a password-only session of an account that becomes an admin', async () => {
    const user = await makeUser(em(strict));
    const browser = strict.client();
    await browser.graphql(SIGN_IN, { email: user.email, password: TEST_PASSWORD });
    expect((await browser.graphql('{ projects { id } }')).body.errors).toBeUndefined();
    const admin = await makeUser(em(strict), { isAdmin: true });
    const adminBrowser = strict.client({ session: await makeSession(em(strict), admin) });
    await adminBrowser.graphql(
      'mutation ($id: UUID!) { updateUser(id: $id, input: { isAdmin: true }) { id } }',
      {
        id: user.id,
      },
    );
    expect(codeOf(await browser.graphql('{ users { id } }'))).toBe('FORBIDDEN');
  });
});
