import type { Operation } from '@urql/vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../App.vue';
import { createAppRouter, installSessionGuard } from '../router';
import SignInView from './SignInView.vue';
import { fakeApi, user, type ApiUser, type FakeApiState } from '../test/fakeApi';
import { mountWithApp, settle, submitFormOf } from '../test/mount';
import { createMockClient, dataResult, errorResult, operationName } from '../test/urql';

const password = 'et langt testpassord';
const secured = user({ name: 'Testbruker Forsker', email: 'forsker@example.org', isAdmin: false });

function wrongCode(operation: Operation) {
  return errorResult(operation, [
    {
      message: 'Invalid input: code is not right, or has been used already',
      extensions: { code: 'BAD_USER_INPUT', fields: { code: 'is not right, or has been used already' } },
    },
  ]);
}

/** A fake API where the account uses two-factor sign-in: `123456` and one recovery code are right, once. */
async function setup(path: string, options: { viewer?: ApiUser | null; over?: boolean } = {}) {
  const api: FakeApiState = { projects: [], viewer: options.viewer ?? null };
  const used = new Set<string>();
  const { client, operations } = createMockClient(
    fakeApi(api, {
      SignIn: (operation) => {
        const input = (operation.variables as { input: { password: string } }).input;
        if (input.password !== password)
          return errorResult(operation, [
            { message: 'Wrong email or password', extensions: { code: 'UNAUTHENTICATED' } },
          ]);
        return dataResult(operation, {
          signIn: {
            __typename: 'SignInResult',
            user: null,
            expiresAt: '2026-01-15T10:05:00.000Z',
            secondFactorRequired: true,
            enrolmentRequired: false,
          },
        });
      },
      CompleteSignIn: (operation) => {
        const code = (operation.variables as { input: { code: string } }).input.code;
        if (options.over)
          return errorResult(operation, [
            { message: 'This sign-in has expired', extensions: { code: 'UNAUTHENTICATED' } },
          ]);
        if (!['123456', 'abcd-efgh-jkmn-pqrs'].includes(code) || used.has(code)) return wrongCode(operation);
        used.add(code);
        api.viewer = secured;
        return dataResult(operation, {
          completeSignIn: {
            __typename: 'SignInResult',
            expiresAt: '2026-01-15T18:00:00.000Z',
            user: secured,
          },
        });
      },
    }),
  );
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  return { ...mounted, operations, api };
}

async function givePassword(wrapper: Awaited<ReturnType<typeof setup>>['wrapper']) {
  await wrapper.get('#sign-in-email').setValue('forsker@example.org');
  await wrapper.get('#sign-in-password').setValue(password);
  await wrapper.get('form').trigger('submit');
  await settle();
}

describe('signing in with two-factor sign-in', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('asks for the code after the password, with focus on a one-time-code field, then signs in', async () => {
    const { wrapper, router, operations } = await setup('/sign-in?redirect=/account');
    await givePassword(wrapper);

    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(wrapper.get('h2').text()).toBe('Kode fra autentiseringsappen');
    const field = wrapper.get('#sign-in-code');
    expect(document.activeElement).toBe(field.element);
    expect(field.attributes('autocomplete')).toBe('one-time-code');
    expect(field.attributes('inputmode')).toBe('numeric');
    expect(wrapper.get('label[for="sign-in-code"]').text()).toContain('Kode');

    await field.setValue('12345');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#sign-in-code-error').text()).toBe('Koden fra appen har seks sifre.');
    expect(operations.some((o) => operationName(o) === 'CompleteSignIn')).toBe(false);

    await wrapper.get('#sign-in-code').setValue('654321');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#sign-in-code').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#sign-in-code-error').text()).toContain('Koden stemmer ikke');
    expect(document.activeElement).toBe(wrapper.get('#sign-in-code').element);

    await wrapper.get('#sign-in-code').setValue(' 123456 ');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(operations.filter((o) => operationName(o) === 'CompleteSignIn').at(-1)?.variables).toEqual({
      input: { code: '123456' },
    });
    // The account page is loaded on demand.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/account'));
  });

  it('takes a recovery code instead when asked', async () => {
    const { wrapper, router } = await setup('/sign-in');
    await givePassword(wrapper);

    const toggle = wrapper
      .findAll('form button[type="button"]')
      .find((b) => b.text().includes('gjenoppretting'));
    await toggle!.trigger('click');
    await settle();
    expect(wrapper.get('h2').text()).toBe('Gjenopprettingskode');
    const field = wrapper.get('#sign-in-code');
    expect(field.attributes('inputmode')).toBe('text');
    expect(document.activeElement).toBe(field.element);
    await field.setValue('ABCD EFGH JKMN PQRS'.toLowerCase().replace(/ /g, '-'));
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('projects'));
  });

  it('sends the user back to the password when the sign-in is over, and says why', async () => {
    const { wrapper } = await setup('/sign-in', { over: true });
    await givePassword(wrapper);
    await wrapper.get('#sign-in-code').setValue('123456');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(wrapper.find('#sign-in-code').exists()).toBe(false);
    expect(wrapper.get('[role="alert"]').text()).toContain('Logg inn på nytt');
    expect(document.activeElement).toBe(wrapper.get('#sign-in-password').element);
  });

  it('keeps an admin who must set it up on the setup page', async () => {
    const admin = user({
      name: 'Testbruker Admin',
      isAdmin: true,
      twoFactor: { enabled: false, enabledAt: null, required: true, setupOnly: true, recoveryCodesLeft: 0 },
    });
    const { wrapper, router } = await setup('/admin/users', { viewer: admin });
    expect(router.currentRoute.value.name).toBe('two-factor-setup');
    expect(wrapper.get('h1').text()).toBe('Slå på totrinnsinnlogging');
    await router.push('/projects');
    await settle();
    expect(router.currentRoute.value.name).toBe('two-factor-setup');
  });
});

async function signInRefused(extensions: Record<string, unknown>, locale?: 'nb' | 'en') {
  const api: FakeApiState = { projects: [], viewer: null, accounts: {} };
  const { client } = createMockClient(
    fakeApi(api, { SignIn: (operation) => errorResult(operation, [{ message: 'Too many', extensions }]) }),
  );
  const { wrapper } = mountWithApp(SignInView, { client, locale, attachTo: document.body });
  await settle();
  await wrapper.get('#sign-in-email').setValue('forsker@example.test');
  await wrapper.get('#sign-in-password').setValue('et passord');
  await submitFormOf(wrapper.get('#sign-in-email'));
  return wrapper.get('[role="alert"]').text();
}

describe('SignInView when sign-in is limited', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('says how many seconds to wait, in bokmål and English', async () => {
    expect(await signInRefused({ code: 'RATE_LIMITED', retryAfterSeconds: 4 })).toBe(
      'For mange innloggingsforsøk. Vent 4 sekunder og prøv igjen.',
    );
    expect(await signInRefused({ code: 'RATE_LIMITED', retryAfterSeconds: 1 })).toBe(
      'For mange innloggingsforsøk. Vent 1 sekund og prøv igjen.',
    );
    expect(await signInRefused({ code: 'RATE_LIMITED', retryAfterSeconds: 30 }, 'en')).toBe(
      'Too many sign-in attempts. Wait 30 seconds and try again.',
    );
  });

  it('falls back to the general message without a wait', async () => {
    expect(await signInRefused({ code: 'RATE_LIMITED' })).toBe('For mange forsøk. Vent litt og prøv igjen.');
  });
});
