import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../router';
import { fakeApi, type FakeApiState } from '../test/fakeApi';
import { mountWithApp, settle } from '../test/mount';
import { createMockClient } from '../test/urql';
import SignInProviders from './SignInProviders.vue';

async function setup(path: string, state: Partial<FakeApiState> = {}, locale?: 'nb' | 'en') {
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const { client } = createMockClient(fakeApi({ projects: [], viewer: null, ...state }));
  const mounted = mountWithApp(SignInProviders, { client, router, locale });
  await settle();
  return mounted;
}

const providers = [
  { id: 'entra', name: 'Kommunens innlogging (Entra ID)' },
  { id: 'feide', name: 'Feide' },
];

describe('SignInProviders', () => {
  it('shows nothing when no provider is configured', async () => {
    const { wrapper } = await setup('/sign-in');
    expect(wrapper.text()).toBe('');
  });

  it('links each provider to its start, carrying a redirect inside the app and dropping one outside it', async () => {
    const { wrapper } = await setup('/sign-in?redirect=/projects/abc%3Ftab%3D1', {
      signInProviders: providers,
    });
    const links = wrapper.findAll('a');
    expect(links.map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['Kommunens innlogging (Entra ID)', '/auth/oidc/entra/start?redirect=%2Fprojects%2Fabc%3Ftab%3D1'],
      ['Feide', '/auth/oidc/feide/start?redirect=%2Fprojects%2Fabc%3Ftab%3D1'],
    ]);
    expect(wrapper.get('h2').text()).toBe('Logg inn med kommunens innlogging');

    const outside = await setup('/sign-in?redirect=//evil.example', { signInProviders: providers });
    expect(outside.wrapper.get('a').attributes('href')).toBe('/auth/oidc/entra/start');
  });

  it('says in words why a single sign-on failed, in the chosen language', async () => {
    const nb = await setup('/sign-in?sso=state', { signInProviders: providers });
    expect(nb.wrapper.get('[role="alert"]').text()).toBe(
      'Innloggingen gikk ikke. Innloggingen er utløpt, ble allerede brukt eller ble startet i en annen nettleser. Start den på nytt her.',
    );
    const en = await setup('/sign-in?sso=unavailable', {}, 'en');
    expect(en.wrapper.get('[role="alert"]').text()).toContain(
      'The sign-in service is not answering right now.',
    );
    const unknown = await setup('/sign-in?sso=%3Cscript%3E');
    expect(unknown.wrapper.get('[role="alert"]').text()).toBe(
      'Innloggingen gikk ikke. Innloggingen gikk ikke. Prøv igjen.',
    );
  });
});
