import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, membership, project, user, type FakeApiState } from '../test/fakeApi';
import { mountWithApp, settle, submitFormOf } from '../test/mount';
import { createMockClient, errorResult, operationName } from '../test/urql';
import AccountView from './AccountView.vue';

const manager = user({
  name: 'Testbruker Leder',
  email: 'leder@example.org',
  isAdmin: false,
  memberships: [membership(project({ name: 'Recoveryteamet' }), 'MANAGER')],
});
const password = 'et langt gammelt passord';

async function setup(handlers: Parameters<typeof fakeApi>[1] = {}) {
  const api: FakeApiState = {
    projects: [],
    viewer: manager,
    accounts: { [manager.email]: { user: manager, password } },
  };
  const { client, operations } = createMockClient(fakeApi(api, handlers));
  const mounted = mountWithApp(AccountView, { client, attachTo: document.body });
  await settle();
  return { ...mounted, operations, api };
}

describe('AccountView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it("shows the user's email, name and roles", async () => {
    const { wrapper } = await setup();

    expect(wrapper.get('h1').text()).toBe('Min konto');
    expect(wrapper.get('.facts dd').text()).toBe('leder@example.org');
    expect((wrapper.get('#account-name').element as HTMLInputElement).value).toBe('Testbruker Leder');
    expect(wrapper.get('.plain-list').text()).toBe('Recoveryteamet: Leder');
  });

  it('saves a new name', async () => {
    const { wrapper, operations, api } = await setup();

    await wrapper.get('#account-name').setValue('  Testbruker Nytt Navn ');
    await submitFormOf(wrapper.get('#account-name'));

    expect(operations.find((o) => operationName(o) === 'UpdateMe')?.variables).toEqual({
      input: { name: 'Testbruker Nytt Navn' },
    });
    expect(api.viewer?.name).toBe('Testbruker Nytt Navn');
    expect(wrapper.text()).toContain('Navnet er lagret.');
  });

  it('asks for a name before saving', async () => {
    const { wrapper, operations } = await setup();

    await wrapper.get('#account-name').setValue('   ');
    await submitFormOf(wrapper.get('#account-name'));

    expect(operations.some((o) => operationName(o) === 'UpdateMe')).toBe(false);
    expect(wrapper.get('#account-name-error').text()).toBe('Fyll inn navnet ditt.');
    expect(document.activeElement).toBe(wrapper.get('#account-name').element);
  });

  describe('changing the password', () => {
    async function submitPassword(wrapper: Awaited<ReturnType<typeof setup>>['wrapper']) {
      await submitFormOf(wrapper.get('#account-new-password'));
    }

    it('checks the length of the new password before sending', async () => {
      const { wrapper, operations } = await setup();

      await wrapper.get('#account-current-password').setValue(password);
      await wrapper.get('#account-new-password').setValue('elleve tegn');
      await submitPassword(wrapper);

      expect(operations.some((o) => operationName(o) === 'ChangePassword')).toBe(false);
      const field = wrapper.get('#account-new-password');
      expect(field.attributes('aria-invalid')).toBe('true');
      expect(field.attributes('aria-describedby')).toBe(
        'account-new-password-hint account-new-password-error',
      );
      expect(wrapper.get('#account-new-password-error').text()).toBe('Må være minst 12 tegn.');
      expect(wrapper.get('#account-current-password').attributes('aria-invalid')).toBeUndefined();
      expect(document.activeElement).toBe(field.element);
    });

    it('asks for the current password', async () => {
      const { wrapper } = await setup();

      await wrapper.get('#account-new-password').setValue('tolv tegn eller flere');
      await submitPassword(wrapper);

      expect(wrapper.get('#account-current-password-error').text()).toBe('Fyll inn passordet du bruker nå.');
      expect(document.activeElement).toBe(wrapper.get('#account-current-password').element);
    });

    it('shows a wrong current password next to that field', async () => {
      const { wrapper, operations } = await setup();

      await wrapper.get('#account-current-password').setValue('feil passord her');
      await wrapper.get('#account-new-password').setValue('et helt nytt og langt passord');
      await submitPassword(wrapper);

      expect(operations.filter((o) => operationName(o) === 'ChangePassword')).toHaveLength(1);
      const current = wrapper.get('#account-current-password');
      expect(current.attributes('aria-invalid')).toBe('true');
      expect(current.attributes('aria-describedby')).toBe('account-current-password-error');
      expect(wrapper.get('#account-current-password-error').text()).toBe(
        'Dette er ikke passordet du bruker nå.',
      );
      expect(wrapper.get('#account-new-password').attributes('aria-invalid')).toBeUndefined();
      expect(wrapper.findAll('[role="alert"]').map((a) => a.text())).toEqual([
        'Passordet ble ikke byttet. Rett feltene som er merket.',
      ]);
      expect((current.element as HTMLInputElement).value).toBe('');
      expect((wrapper.get('#account-new-password').element as HTMLInputElement).value).toBe(
        'et helt nytt og langt passord',
      );
      expect(document.activeElement).toBe(current.element);
    });

    it("shows the server's message about the new password next to it", async () => {
      const { wrapper } = await setup({
        ChangePassword: (operation) =>
          errorResult(operation, [
            {
              message: 'Invalid input: newPassword must be 12 to 200 characters',
              extensions: { code: 'BAD_USER_INPUT', fields: { newPassword: 'must be 12 to 200 characters' } },
            },
          ]),
      });

      await wrapper.get('#account-current-password').setValue(password);
      await wrapper.get('#account-new-password').setValue('x'.repeat(12));
      await submitPassword(wrapper);

      expect(wrapper.get('#account-new-password-error').text()).toBe('must be 12 to 200 characters');
      expect(wrapper.find('#account-current-password-error').exists()).toBe(false);
    });

    it('changes the password and empties the fields', async () => {
      const { wrapper, operations, api } = await setup();

      await wrapper.get('#account-current-password').setValue(password);
      await wrapper.get('#account-new-password').setValue('et helt nytt og langt passord');
      await submitPassword(wrapper);

      expect(operations.find((o) => operationName(o) === 'ChangePassword')?.variables).toEqual({
        input: { currentPassword: password, newPassword: 'et helt nytt og langt passord' },
      });
      expect(api.accounts?.[manager.email]?.password).toBe('et helt nytt og langt passord');
      expect(wrapper.text()).toContain('Passordet er byttet.');
      expect((wrapper.get('#account-current-password').element as HTMLInputElement).value).toBe('');
      expect((wrapper.get('#account-new-password').element as HTMLInputElement).value).toBe('');
      expect(wrapper.find('[aria-invalid="true"]').exists()).toBe(false);
    });

    it('says when there were too many attempts', async () => {
      const { wrapper } = await setup({
        ChangePassword: (operation) =>
          errorResult(operation, [{ message: 'Too many', extensions: { code: 'RATE_LIMITED' } }]),
      });

      await wrapper.get('#account-current-password').setValue(password);
      await wrapper.get('#account-new-password').setValue('et helt nytt og langt passord');
      await submitPassword(wrapper);

      const alert = wrapper.get('[role="alert"]');
      expect(alert.text()).toBe('Passordet ble ikke byttet. For mange forsøk. Vent litt og prøv igjen.');
      expect(document.activeElement).toBe(alert.element);
    });
  });
});
