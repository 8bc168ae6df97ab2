import { afterEach, describe, expect, it } from 'vitest';
import { account, fakeApi, user, type ApiAccount, type FakeApiState } from '../test/fakeApi';
import { mountWithApp, settle } from '../test/mount';
import { createMockClient, errorResult, operationName } from '../test/urql';
import AdminUsersView from './AdminUsersView.vue';

const admin = user({ name: 'Testbruker Admin', isAdmin: true });

async function setup(users: ApiAccount[], handlers: Parameters<typeof fakeApi>[1] = {}) {
  const api: FakeApiState = { projects: [], viewer: admin, users };
  const { client, operations } = createMockClient(fakeApi(api, handlers));
  const mounted = mountWithApp(AdminUsersView, { client, attachTo: document.body });
  await settle();
  return { ...mounted, operations, api };
}

function rows(wrapper: Awaited<ReturnType<typeof setup>>['wrapper']) {
  return wrapper.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text()));
}

describe('AdminUsersView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists the users with their admin rights, state and last sign-in', async () => {
    const { wrapper } = await setup([
      account({
        name: 'Testbruker Admin',
        email: 'admin@example.org',
        isAdmin: true,
        lastSignInAt: '2026-03-02T08:15:00.000Z',
      }),
      account({ name: 'Eksempel Forsker', email: 'forsker@example.org' }),
      account({ name: 'Avsluttet Bruker', email: 'slutt@example.org', active: false }),
    ]);

    const [first, second, third] = rows(wrapper);
    expect(first).toEqual(['Avsluttet Bruker', 'slutt@example.org', 'Nei', 'Nei', 'Aldri', 'Godkjent']);
    expect(second).toEqual(['Eksempel Forsker', 'forsker@example.org', 'Nei', 'Ja', 'Aldri', 'Godkjent']);
    expect(third?.slice(0, 4)).toEqual(['Testbruker Admin', 'admin@example.org', 'Ja', 'Ja']);
    expect(third?.[4]).toBe(
      new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date('2026-03-02T08:15:00.000Z'),
      ),
    );
    const link = wrapper.get('tbody tr:nth-child(2) th a');
    expect(link.attributes('href')).toMatch(/^\/admin\/users\/u\d+$/);
  });

  it('shows the last sign-in in the English format when English is chosen', async () => {
    const api: FakeApiState = {
      projects: [],
      viewer: admin,
      users: [
        account({
          name: 'Eksempel Forsker',
          email: 'forsker@example.org',
          lastSignInAt: '2026-03-02T08:15:00.000Z',
        }),
      ],
    };
    const { client } = createMockClient(fakeApi(api));
    const { wrapper } = mountWithApp(AdminUsersView, { client, locale: 'en' });
    await settle();

    expect(wrapper.get('tbody td:nth-last-child(2)').text()).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date('2026-03-02T08:15:00.000Z'),
      ),
    );
    expect(wrapper.get('thead').text()).toContain('Last signed in');
  });

  it('lists accounts awaiting approval first, and approves one', async () => {
    const { wrapper, operations } = await setup([
      account({ name: 'Aase Godkjent', email: 'aase@example.org' }),
      account({
        name: 'Ny Fra Innlogging',
        email: null,
        pendingApproval: true,
        linkedProviders: ['Entra ID'],
      }),
    ]);
    expect(rows(wrapper)[0]).toEqual([
      'Ny Fra Innlogging',
      '(ingen e-post)',
      'Nei',
      'Ja',
      'Aldri',
      'Venter på godkjenningGodkjenn',
    ]);
    expect(wrapper.text()).toContain('venter på godkjenning og står øverst');

    const button = wrapper.get('button[aria-label="Godkjenn Ny Fra Innlogging"]');
    await button.trigger('click');
    await settle();
    expect(operations.find((o) => operationName(o) === 'ApproveUser')?.variables).toMatchObject({
      id: expect.stringMatching(/^u\d+$/),
    });
    expect(wrapper.get('[role="status"]').text()).toBe('Ny Fra Innlogging er godkjent og kan nå få roller.');
    expect(wrapper.find('button[aria-label="Godkjenn Ny Fra Innlogging"]').exists()).toBe(false);
  });

  it('creates a user and lists them', async () => {
    const { wrapper, operations } = await setup([
      account({ name: 'Testbruker Admin', email: 'admin@example.org' }),
    ]);

    await wrapper.get('#user-name').setValue(' Eksempel Leder ');
    await wrapper.get('#user-email').setValue('leder@example.org');
    await wrapper.get('#user-password').setValue('et langt startpassord');
    await wrapper.get('#user-language').setValue('EN');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations.find((o) => operationName(o) === 'CreateUser')?.variables).toEqual({
      input: {
        name: 'Eksempel Leder',
        email: 'leder@example.org',
        password: 'et langt startpassord',
        language: 'EN',
        isAdmin: false,
      },
    });
    expect(rows(wrapper).map((row) => row[0])).toEqual(['Eksempel Leder', 'Testbruker Admin']);
    const status = wrapper.get('form [role="status"]');
    expect(status.text()).toContain('Kontoen for Eksempel Leder er opprettet.');
    expect(status.get('a').attributes('href')).toBe(
      wrapper.get('tbody tr:first-child th a').attributes('href'),
    );
    expect((wrapper.get('#user-name').element as HTMLInputElement).value).toBe('');
    expect((wrapper.get('#user-password').element as HTMLInputElement).value).toBe('');
  });

  it('checks the fields and the password length before sending', async () => {
    const { wrapper, operations } = await setup([]);

    await wrapper.get('#user-password').setValue('for kort');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations.some((o) => operationName(o) === 'CreateUser')).toBe(false);
    expect(wrapper.get('#user-name-error').text()).toBe('Fyll inn navnet.');
    expect(wrapper.get('#user-email-error').text()).toBe('Fyll inn e-postadressen.');
    expect(wrapper.get('#user-password-error').text()).toBe('Må være minst 12 tegn.');
    expect(wrapper.get('#user-password').attributes('aria-describedby')).toBe(
      'user-password-hint user-password-error',
    );
    expect(document.activeElement).toBe(wrapper.get('#user-name').element);
  });

  it("shows the server's message next to the email when it is taken", async () => {
    const { wrapper } = await setup([account({ name: 'Eksempel Forsker', email: 'forsker@example.org' })]);

    await wrapper.get('#user-name').setValue('Eksempel Forsker To');
    await wrapper.get('#user-email').setValue('forsker@example.org');
    await wrapper.get('#user-password').setValue('et langt startpassord');
    await wrapper.get('form').trigger('submit');
    await settle();

    const email = wrapper.get('#user-email');
    expect(email.attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#user-email-error').text()).toBe('is already used by another account');
    expect(wrapper.get('form [role="alert"]').text()).toBe(
      'Brukeren ble ikke opprettet. Rett feltene som er merket.',
    );
    expect(document.activeElement).toBe(email.element);
    expect(rows(wrapper)).toHaveLength(1);
  });

  it('shows an error when the users cannot be loaded', async () => {
    const { wrapper } = await setup([], {
      Users: (operation) => errorResult(operation, [{ message: 'No', extensions: { code: 'FORBIDDEN' } }]),
    });

    expect(wrapper.get('[role="alert"]').text()).toContain(
      'Kunne ikke hente brukerne. Du har ikke tilgang til dette.',
    );
    expect(wrapper.find('table').exists()).toBe(false);
  });
});
