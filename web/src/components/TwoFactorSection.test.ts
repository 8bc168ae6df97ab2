import type { Operation } from '@urql/vue';
import { afterEach, describe, expect, it } from 'vitest';
import AccountView from '../views/AccountView.vue';
import AdminUserView from '../views/AdminUserView.vue';
import { account, fakeApi, user, type FakeApiState } from '../test/fakeApi';
import { mountWithApp, settle, submitFormOf } from '../test/mount';
import { createMockClient, dataResult, errorResult, operationName } from '../test/urql';

const password = 'et langt testpassord';
const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><path d="M0,0h1v1h-1z"/></svg>';
const codes = Array.from({ length: 10 }, (_, i) => `abcd-efgh-jkmn-pq${String.fromCharCode(97 + i)}${i + 2}`);

async function setupAccount() {
  const me = user({ name: 'Testbruker Forsker', email: 'forsker@example.org', isAdmin: false });
  const api: FakeApiState = { projects: [], viewer: me };
  const { client, operations } = createMockClient(
    fakeApi(api, {
      StartTwoFactorSetup: (operation: Operation) => {
        if ((operation.variables as { input: { password: string } }).input.password !== password)
          return errorResult(operation, [
            {
              message: 'Invalid input: password is not your current password',
              extensions: { code: 'BAD_USER_INPUT', fields: { password: 'is not your current password' } },
            },
          ]);
        return dataResult(operation, {
          startTwoFactorSetup: {
            __typename: 'TwoFactorSetup',
            secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
            otpauthUri: 'otpauth://totp/Verdi:forsker%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
            qrCodeSvg: svg,
          },
        });
      },
      ConfirmTwoFactorSetup: (operation: Operation) => {
        api.viewer = {
          ...me,
          twoFactor: {
            enabled: true,
            enabledAt: '2026-01-15T10:00:00.000Z',
            required: false,
            setupOnly: false,
            recoveryCodesLeft: 10,
          },
        };
        return dataResult(operation, { confirmTwoFactorSetup: { __typename: 'RecoveryCodes', codes } });
      },
    }),
  );
  const mounted = mountWithApp(AccountView, { client, attachTo: document.body });
  await settle();
  return { ...mounted, operations, api };
}

describe('two-factor sign-in on the account page', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('sets it up: password, QR code and key as text, a code, then the recovery codes once', async () => {
    const { wrapper, operations } = await setupAccount();
    expect(wrapper.get('#two-factor-heading').text()).toBe('Totrinnsinnlogging');

    await wrapper.get('#two-factor-password').setValue('feil passord her');
    await submitFormOf(wrapper.get('#two-factor-password'));
    expect(wrapper.get('#two-factor-password-error').text()).toBe('Dette er ikke passordet du bruker nå.');

    await wrapper.get('#two-factor-password').setValue(password);
    await submitFormOf(wrapper.get('#two-factor-password'));
    const img = wrapper.get('img.two-factor-qr');
    expect(img.attributes('src')).toBe(`data:image/svg+xml;base64,${btoa(svg)}`);
    expect(img.attributes('alt')).toContain('QR-kode');
    expect(wrapper.get('[data-testid="two-factor-secret"]').text()).toBe(
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
    );
    expect(wrapper.html()).not.toContain('<path d="M0,0h1v1h-1z"');
    expect(document.activeElement?.textContent).toBe('Legg Verdi til i autentiseringsappen');
    const code = wrapper.get('#two-factor-code');
    expect(code.attributes('autocomplete')).toBe('one-time-code');
    expect(code.attributes('inputmode')).toBe('numeric');

    await code.setValue('123 456');
    await submitFormOf(code);
    expect(operations.find((o) => operationName(o) === 'ConfirmTwoFactorSetup')?.variables).toEqual({
      input: { code: '123 456' },
    });
    const shown = wrapper.findAll('[data-testid="recovery-codes"] li').map((li) => li.text());
    expect(shown).toEqual(codes);
    expect(document.activeElement?.id).toBe('recovery-codes-heading');
    const download = wrapper.get('a[download]');
    expect(download.attributes('download')).toBe('verdi-recovery-codes.txt');
    expect(decodeURIComponent(download.attributes('href')!.split(',')[1]!)).toContain(codes[9]);

    await wrapper.get('[aria-labelledby="recovery-codes-heading"] .button--primary').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="recovery-codes"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="two-factor-state"]').text()).toContain(
      '10 ubrukte gjenopprettingskoder',
    );
    expect(wrapper.text()).toContain('Totrinnsinnlogging er slått på.');
  });
});

describe("two-factor sign-in on the admin's user page", () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('resets it after asking, for a user who lost their phone', async () => {
    const target = {
      ...account({ name: 'Eksempel Forsker', email: 'forsker@example.org' }),
      twoFactor: {
        __typename: 'TwoFactorStatus',
        enabled: true,
        enabledAt: '2026-01-15T10:00:00.000Z' as string | null,
        required: false,
        setupOnly: false,
        recoveryCodesLeft: 7,
      },
    };
    const api: FakeApiState = { projects: [], viewer: user({ isAdmin: true }), users: [target] };
    const { client, operations } = createMockClient(
      fakeApi(api, {
        ResetTwoFactor: (operation: Operation) => {
          target.twoFactor = { ...target.twoFactor, enabled: false, enabledAt: null, recoveryCodesLeft: 0 };
          return dataResult(operation, {
            resetTwoFactor: { __typename: 'User', id: target.id, twoFactor: target.twoFactor },
          });
        },
      }),
    );
    const { wrapper } = mountWithApp(AdminUserView, {
      client,
      attachTo: document.body,
      props: { id: target.id },
    });
    await settle();

    expect(wrapper.get('[data-testid="user-two-factor-state"]').text()).toContain('7 ubrukte');
    await wrapper.get('#user-two-factor-heading').element.parentElement!.querySelector('button')!.click();
    await settle();
    const dialog = wrapper.get('dialog');
    expect(dialog.get('h2').text()).toBe('Nullstille totrinnsinnlogging?');
    await dialog.get('.button--danger').trigger('click');
    await settle();

    expect(operations.find((o) => operationName(o) === 'ResetTwoFactor')?.variables).toEqual({
      userId: target.id,
    });
    expect(wrapper.get('[data-testid="user-two-factor-state"]').text()).toBe('Ikke slått på.');
    expect(wrapper.text()).toContain(
      'Totrinnsinnlogging er nullstilt, og Eksempel Forsker er logget ut overalt.',
    );
    expect(document.activeElement?.id).toBe('user-two-factor-heading');
  });
});
