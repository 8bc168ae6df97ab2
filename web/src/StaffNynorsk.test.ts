import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from './App.vue';
import { createAppRouter, installSessionGuard } from './router';
import { fakeApi, membership, project, user, type FakeApiState } from './test/fakeApi';
import { mountWithApp, settle } from './test/mount';
import { createMockClient, operationName } from './test/urql';

const nynorskResearcher = user({
  name: 'Testbrukar Forskar',
  email: 'forskar@example.org',
  isAdmin: false,
  language: 'NN',
  memberships: [membership(project({ name: 'Ambulant team' }), 'RESEARCHER')],
});

async function setup(path: string, state: Partial<FakeApiState> = {}) {
  const api: FakeApiState = { projects: [], viewer: null, ...state };
  const { client, operations } = createMockClient(fakeApi(api));
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  await import('./components/AppLayout.vue');
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  return { ...mounted, operations, api };
}

describe('the staff pages in nynorsk', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    document.body.innerHTML = '';
  });

  it('offer nynorsk in the language switch, and a picked language is saved with the account', async () => {
    const { wrapper, operations, api } = await setup('/projects', {
      viewer: user({ name: 'Testbrukar Admin', email: 'admin@example.org', isAdmin: true }),
    });
    expect(wrapper.findAll('.language-switch button').map((b) => b.attributes('lang'))).toEqual([
      'nb',
      'nn',
      'en',
    ]);

    await wrapper.get('button[lang="nn"]').trigger('click');
    await settle();
    expect(wrapper.get('h1').text()).toBe('Prosjekt');
    expect(wrapper.text()).toContain('Gå til hovudinnhaldet');
    expect(document.documentElement.lang).toBe('nn');
    const update = operations.find((o) => operationName(o) === 'UpdateMe');
    expect(update?.variables).toEqual({ input: { language: 'NN' } });
    expect(api.viewer?.language).toBe('NN');
  });

  it("switch to an account's nynorsk after signing in", async () => {
    const { wrapper } = await setup('/sign-in', {
      accounts: { 'forskar@example.org': { user: nynorskResearcher, password: 'eit langt testpassord' } },
    });
    expect(wrapper.get('h1').text()).toBe('Logg inn');
    await wrapper.get('#sign-in-email').setValue('forskar@example.org');
    await wrapper.get('#sign-in-password').setValue('eit langt testpassord');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('h1').text()).toBe('Prosjekt');
    expect(localStorage.getItem('verdi.locale')).toBe('nn');
  });
});
