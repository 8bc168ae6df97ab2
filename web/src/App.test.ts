import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from './App.vue';
import { createAppRouter, installSessionGuard } from './router';
import { fakeApi, membership, project, user, type FakeApiState } from './test/fakeApi';
import { mountWithApp, settle } from './test/mount';
import { createMockClient, operationName } from './test/urql';

const admin = user({ name: 'Testbruker Admin', email: 'admin@example.org', isAdmin: true });
const recovery = project({ name: 'Recoveryteamet' });
const manager = user({
  name: 'Testbruker Leder',
  email: 'leder@example.org',
  isAdmin: false,
  memberships: [membership(recovery, 'MANAGER')],
});
const researcher = user({
  name: 'Testbruker Forsker',
  email: 'forsker@example.org',
  isAdmin: false,
  language: 'EN',
  memberships: [
    membership(recovery, 'MANAGER'),
    membership(project({ name: 'Ambulant team' }), 'RESEARCHER'),
  ],
});

async function setup(path: string, state: Partial<FakeApiState> = {}) {
  const api: FakeApiState = { projects: [], viewer: admin, ...state };
  const { client, operations } = createMockClient(fakeApi(api));
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  // Navigating before mounting, as the browser's address does, so the app does not start at '/'.
  await router.push(path);
  // The staff frame is loaded on demand; loaded once here, it shows within the settling below, as in a browser
  // that has it cached, rather than after however long this machine takes to transform it the first time.
  await import('./components/AppLayout.vue');
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  return { ...mounted, operations, api };
}

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    document.documentElement.lang = '';
  });
  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    document.body.innerHTML = '';
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

  it('keeps an account awaiting approval on the page that says so, except its own settings', async () => {
    const pending = user({
      name: 'Ny Fra Innlogging',
      email: null,
      isAdmin: false,
      pendingApproval: true,
      linkedProviders: ['Kommunens innlogging'],
    });
    for (const path of ['/projects', '/admin/users', '/tokens', '/']) {
      const { wrapper, router } = await setup(path, { viewer: pending });
      expect(router.currentRoute.value.name, path).toBe('awaiting-approval');
      expect(wrapper.get('h1').text()).toBe('Venter på godkjenning');
      expect(wrapper.text()).toContain('Du er logget inn som Ny Fra Innlogging');
      wrapper.unmount();
    }
    const { router } = await setup('/account', { viewer: pending });
    expect(router.currentRoute.value.name).toBe('account');
  });

  it('sends a signed-in user away from the sign-in page', async () => {
    const { router } = await setup('/sign-in?redirect=/projects');

    expect(router.currentRoute.value.fullPath).toBe('/projects');
  });

  it('never redirects to another site after signing in', async () => {
    const { router } = await setup('/sign-in?redirect=//evil.example/');

    expect(router.currentRoute.value.fullPath).toBe('/projects');
  });

  describe('access by role', () => {
    function navLinks(wrapper: Awaited<ReturnType<typeof setup>>['wrapper']) {
      return wrapper.findAll('nav a').map((a) => [a.text(), a.attributes('href')]);
    }

    it('shows an admin every page in the menu', async () => {
      const { wrapper } = await setup('/projects');

      expect(navLinks(wrapper)).toEqual([
        ['Prosjekter', '/projects'],
        ['Resultater', '/dashboard'],
        ['Skjema', '/instruments'],
        ['API-nøkler', '/tokens'],
        ['Brukere', '/admin/users'],
        ['Revisjonslogg', '/admin/audit'],
        ['Sletteplan', '/admin/retention'],
      ]);
      expect(wrapper.get('.app-account a').attributes('href')).toBe('/account');
    });

    it('shows a manager only the projects and results, and no admin or token links', async () => {
      const { wrapper } = await setup('/projects', { viewer: manager, projects: [recovery] });

      expect(navLinks(wrapper)).toEqual([
        ['Prosjekter', '/projects'],
        ['Resultater', '/dashboard'],
      ]);
      expect(wrapper.get('.app-account a').text()).toBe('Min konto');
    });

    it('shows a researcher the API tokens page too', async () => {
      const { wrapper } = await setup('/tokens', { viewer: researcher });

      // The saved language (English) applies when signing in, not to a session that already exists.
      expect(navLinks(wrapper).map(([text]) => text)).toEqual([
        'Prosjekter',
        'Resultater',
        'Skjema',
        'API-nøkler',
      ]);
      expect(wrapper.get('h1').text()).toBe('API-nøkler');
    });

    it.each(['/admin/users', '/admin/users/u1', '/admin/audit?page=2', '/admin/retention', '/tokens'])(
      'shows a manager "no access" at %s, keeping the address',
      async (path) => {
        const { wrapper, router, operations } = await setup(path, { viewer: manager });

        expect(router.currentRoute.value.name).toBe('forbidden');
        expect(router.currentRoute.value.fullPath).toBe(path);
        expect(wrapper.get('h1').text()).toBe('Ingen tilgang');
        expect(wrapper.get('main').text()).toContain('har ikke tilgang til denne siden');
        expect(document.title).toBe('Ingen tilgang – Verdi');
        // The page it guards never asked the API for anything.
        expect(operations.map(operationName).filter((name) => name !== 'Me')).toEqual([]);
      },
    );

    it('shows a researcher "no access" on admin pages', async () => {
      const { wrapper, router } = await setup('/admin/audit', { viewer: researcher });

      expect(router.currentRoute.value.name).toBe('forbidden');
      expect(wrapper.get('h1').text()).toBe('Ingen tilgang');
    });

    it('lets an admin open the admin pages, and sends /admin to the users', async () => {
      const { wrapper, router } = await setup('/admin');

      expect(router.currentRoute.value.fullPath).toBe('/admin/users');
      expect(wrapper.get('h1').text()).toBe('Brukere');
    });

    it('lets every signed-in user open their account page', async () => {
      const { wrapper } = await setup('/account', { viewer: manager });

      expect(wrapper.get('h1').text()).toBe('Min konto');
    });

    it('sends a signed-out visitor of an admin page to the sign-in page', async () => {
      const { router } = await setup('/admin/users', { viewer: null });

      expect(router.currentRoute.value.name).toBe('sign-in');
      expect(router.currentRoute.value.query['redirect']).toBe('/admin/users');
    });

    it('still shows not-found, not "no access", for an address that does not exist', async () => {
      const { router } = await setup('/admin/nothing-here', { viewer: manager });

      expect(router.currentRoute.value.name).toBe('not-found');
    });
  });

  describe('language of the account', () => {
    const accounts = {
      'forsker@example.org': { user: researcher, password: 'et langt testpassord' },
    };

    async function signInAsResearcher(wrapper: Awaited<ReturnType<typeof setup>>['wrapper']) {
      await wrapper.get('#sign-in-email').setValue('forsker@example.org');
      await wrapper.get('#sign-in-password').setValue('et langt testpassord');
      await wrapper.get('form').trigger('submit');
      await settle();
    }

    it('switches to the language saved with the account after signing in', async () => {
      const { wrapper } = await setup('/sign-in', { viewer: null, accounts });
      expect(wrapper.get('h1').text()).toBe('Logg inn');

      await signInAsResearcher(wrapper);

      expect(wrapper.get('h1').text()).toBe('Projects');
      expect(document.documentElement.lang).toBe('en');
      expect(localStorage.getItem('verdi.locale')).toBe('en');
    });

    it('keeps the language the user picked before signing in', async () => {
      const { wrapper, operations } = await setup('/sign-in', { viewer: null, accounts });
      await wrapper.get('button[lang="nb"]').trigger('click');
      await settle();

      await signInAsResearcher(wrapper);

      expect(wrapper.get('h1').text()).toBe('Prosjekter');
      // Nobody was signed in when the language was picked, so there was no account to save it to.
      expect(operations.some((o) => operationName(o) === 'UpdateMe')).toBe(false);
    });

    it('saves the language picked while signed in with the account', async () => {
      const { wrapper, operations, api } = await setup('/projects');

      await wrapper.get('button[lang="en"]').trigger('click');
      await settle();

      const update = operations.find((o) => operationName(o) === 'UpdateMe');
      expect(update?.variables).toEqual({ input: { language: 'EN' } });
      expect(api.viewer?.language).toBe('EN');
      expect(wrapper.get('h1').text()).toBe('Projects');

      // Picking the language the account already has saves nothing.
      await wrapper.get('button[lang="en"]').trigger('click');
      await settle();
      expect(operations.filter((o) => operationName(o) === 'UpdateMe')).toHaveLength(1);
    });
  });

  it("moves focus to the new page's heading after moving to another page", async () => {
    const { wrapper, router } = await setup('/projects');
    // Not on the first page load: the browser starts at the top of the page by itself.
    expect(document.activeElement).toBe(document.body);

    await wrapper.get('.app-account a').trigger('click');
    await settle();

    expect(router.currentRoute.value.name).toBe('account');
    const heading = wrapper.get('h1');
    expect(heading.text()).toBe('Min konto');
    expect(document.activeElement).toBe(heading.element);
    expect(heading.attributes('tabindex')).toBe('-1');
  });
});
