import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, type FakeApiState } from '../test/fakeApi';
import { mountWithApp, settle, submitFormOf } from '../test/mount';
import { createMockClient, errorResult } from '../test/urql';
import SignInView from './SignInView.vue';

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
