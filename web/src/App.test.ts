import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from './App.vue';
import { createAppRouter, installSessionGuard } from './router';
import { fakeApi, user, type FakeApiState } from './test/fakeApi';
import { mountWithApp, settle } from './test/mount';
import { createMockClient, operationName } from './test/urql';

const admin = user({ name: 'Testbruker Admin', email: 'admin@example.org', isAdmin: true });

async function setup(path: string, state: Partial<FakeApiState> = {}) {
  const api: FakeApiState = { projects: [], viewer: admin, ...state };
  const { client, operations } = createMockClient(fakeApi(api));
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  // Navigating before mounting, as the browser's address does, so the app does not start at '/'.
  await router.push(path);
  const mounted = mountWithApp(App, { client, router });
  await settle();
  return { ...mounted, operations, api };
}

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.lang = '';
  });
  afterEach(() => {
    localStorage.clear();
  });

  it('sends / to the projects page, in bokmål by default', async () => {
    const { wrapper, router } = await setup('/');

    expect(router.currentRoute.value.fullPath).toBe('/projects');
    expect(wrapper.get('h1').text()).toBe('Prosjekter');
    expect(wrapper.get('nav a').text()).toBe('Prosjekter');
    expect(wrapper.get('.app-account').text()).toContain('Logget inn som Testbruker Admin');
    expect(wrapper.get('a.skip-link').attributes('href')).toBe('#main-content');
    expect(wrapper.find('main#main-content').exists()).toBe(true);
    expect(document.documentElement.lang).toBe('nb');
    expect(document.title).toBe('Prosjekter – Verdi');
  });

  it('switches to English, updates <html lang> and remembers the choice', async () => {
    const { wrapper } = await setup('/projects');

    const english = wrapper.get('button[lang="en"]');
    expect(english.attributes('aria-pressed')).toBe('false');
    await english.trigger('click');
    await settle();

    expect(english.attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('button[lang="nb"]').attributes('aria-pressed')).toBe('false');
    expect(wrapper.get('nav a').text()).toBe('Projects');
    expect(wrapper.get('.empty-state').text()).toContain('No projects yet');
    expect(document.documentElement.lang).toBe('en');
    expect(document.title).toBe('Projects – Verdi');
    expect(localStorage.getItem('verdi.locale')).toBe('en');
  });

  it('starts in the language chosen last time', async () => {
    localStorage.setItem('verdi.locale', 'en');
    const { wrapper } = await setup('/projects');

    expect(wrapper.get('h1').text()).toBe('Projects');
    expect(document.documentElement.lang).toBe('en');
  });

  it('ignores a stored value that is not a language it has', async () => {
    localStorage.setItem('verdi.locale', 'sv');
    const { wrapper } = await setup('/projects');

    expect(wrapper.get('h1').text()).toBe('Prosjekter');
  });

  it('shows a not-found page for an unknown address, signed in or not', async () => {
    const { wrapper, router } = await setup('/no/such/page', { viewer: null });

    expect(router.currentRoute.value.name).toBe('not-found');
    expect(router.currentRoute.value.fullPath).toBe('/no/such/page');
    expect(wrapper.get('h1').text()).toBe('Fant ikke siden');
    expect(document.title).toBe('Fant ikke siden – Verdi');
    expect(wrapper.get('main a').attributes('href')).toBe('/projects');
  });

  it('sends a signed-out visitor to the sign-in page, and back after signing in', async () => {
    const { wrapper, router, operations } = await setup('/projects', {
      viewer: null,
      accounts: { 'admin@example.org': { user: admin, password: 'et langt testpassord' } },
    });

    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query['redirect']).toBe('/projects');
    expect(wrapper.get('h1').text()).toBe('Logg inn');
    expect(wrapper.find('nav').exists()).toBe(false);
    expect(operations.some((o) => operationName(o) === 'Projects')).toBe(false);

    await wrapper.get('#sign-in-email').setValue('admin@example.org');
    await wrapper.get('#sign-in-password').setValue('feil passord');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(wrapper.get('[role="alert"]').text()).toBe('Feil e-post eller passord.');
    expect((wrapper.get('#sign-in-password').element as HTMLInputElement).value).toBe('');
    expect(router.currentRoute.value.name).toBe('sign-in');

    await wrapper.get('#sign-in-password').setValue('et langt testpassord');
    await wrapper.get('form').trigger('submit');
    await settle();

    const signIn = operations.filter((o) => operationName(o) === 'SignIn').at(-1);
    expect(signIn?.variables).toEqual({
      input: { email: 'admin@example.org', password: 'et langt testpassord' },
    });
    expect(router.currentRoute.value.fullPath).toBe('/projects');
    expect(wrapper.get('h1').text()).toBe('Prosjekter');
    expect(wrapper.get('.app-account').text()).toContain('Testbruker Admin');
  });

  it('asks for both fields before trying to sign in', async () => {
    const { wrapper, operations } = await setup('/sign-in', { viewer: null });

    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations.some((o) => operationName(o) === 'SignIn')).toBe(false);
    expect(wrapper.get('#sign-in-email').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#sign-in-email-error').text()).toBe('Fyll inn e-postadressen.');
    expect(wrapper.get('#sign-in-password-error').text()).toBe('Fyll inn passordet.');
  });

  it('sends a signed-in user away from the sign-in page', async () => {
    const { router } = await setup('/sign-in?redirect=/projects');

    expect(router.currentRoute.value.fullPath).toBe('/projects');
  });

  it('never redirects to another site after signing in', async () => {
    const { router } = await setup('/sign-in?redirect=//evil.example/');

    expect(router.currentRoute.value.fullPath).toBe('/projects');
  });
});
