import type { Operation, OperationResult } from '@urql/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiToken, fakeApi, membership, project, user, type FakeApiState } from '../test/fakeApi';
import { mountWithApp, settle } from '../test/mount';
import {
  createMockClient,
  dataResult,
  deferred,
  errorResult,
  networkErrorResult,
  operationName,
} from '../test/urql';
import TokensView from './TokensView.vue';

const researcher = user({
  name: 'Testbruker Forsker',
  email: 'forsker@example.org',
  isAdmin: false,
  memberships: [membership(project({ name: 'Recoveryteamet' }), 'RESEARCHER')],
});

function setup(state: Partial<FakeApiState> = {}, handlers: Parameters<typeof fakeApi>[1] = {}) {
  const api: FakeApiState = { projects: [], viewer: researcher, tokens: [], ...state };
  const { client, operations } = createMockClient(fakeApi(api, handlers));
  const mounted = mountWithApp(TokensView, { client, attachTo: document.body });
  return { ...mounted, operations, api };
}

function rows(wrapper: ReturnType<typeof setup>['wrapper']) {
  return wrapper.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text()));
}

describe('TokensView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows a loading state, then the tokens with their state', async () => {
    const reply = deferred<OperationResult>();
    let tokensOperation: Operation | undefined;
    const { wrapper } = setup(
      {},
      {
        ApiTokens: (operation) => {
          tokensOperation = operation;
          return reply.promise;
        },
      },
    );
    await settle();
    expect(wrapper.get('[role="status"]').text()).toBe('Laster API-nøkler …');

    if (!tokensOperation) throw new Error('the view sent no query');
    reply.resolve(
      dataResult(tokensOperation, {
        apiTokens: [
          apiToken({
            name: 'R på arbeidsmaskinen',
            prefix: 'vrd_r1',
            lastUsedAt: '2026-01-20T08:30:00.000Z',
          }),
          apiToken({ name: 'Gammel nøkkel', prefix: 'vrd_old', expiresAt: '2026-01-01T00:00:00.000Z' }),
          apiToken({ name: 'Avlyst', prefix: 'vrd_rev', revokedAt: '2026-01-16T12:00:00.000Z' }),
        ],
      }),
    );
    await settle();

    expect(wrapper.text()).not.toContain('Laster API-nøkler');
    const [first, second, third] = rows(wrapper);
    expect(first?.slice(0, 2)).toEqual(['R på arbeidsmaskinen', 'vrd_r1…']);
    expect(first?.[3]).toContain('2026');
    expect(first?.[4]).toBe('Aldri');
    expect(first?.[5]).toBe('Aktiv');
    expect(first?.[6]).toBe('Tilbakekall «R på arbeidsmaskinen»');
    expect(second?.[3]).toBe('Aldri');
    expect(second?.[5]).toBe('Utløpt');
    expect(third?.[5]).toMatch(/^Tilbakekalt .*2026/);
    // A revoked token cannot be revoked again.
    expect(wrapper.findAll('tbody tr')[2]?.find('button').exists()).toBe(false);
  });

  it('says so when there are no tokens', async () => {
    const { wrapper } = setup();
    await settle();

    expect(wrapper.get('.empty-state').text()).toBe('Du har ingen API-nøkler ennå.');
    expect(wrapper.find('table').exists()).toBe(false);
  });

  it('shows an error when the tokens cannot be loaded, and loads again on retry', async () => {
    let fail = true;
    const { wrapper, operations } = setup(
      {},
      {
        ApiTokens: (operation) =>
          fail
            ? networkErrorResult(operation)
            : dataResult(operation, { apiTokens: [apiToken({ name: 'Python-skript' })] }),
      },
    );
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toContain('Kunne ikke hente API-nøklene.');

    fail = false;
    await wrapper.get('[role="alert"] button').trigger('click');
    await settle();

    expect(operations.filter((o) => operationName(o) === 'ApiTokens')).toHaveLength(2);
    expect(rows(wrapper)[0]?.[0]).toBe('Python-skript');
  });

  it('creates a token and shows its secret once, with a warning and a curl example', async () => {
    const { wrapper, operations } = setup();
    await settle();

    await wrapper.get('#token-name').setValue('  R på arbeidsmaskinen ');
    await wrapper.get('#token-days').setValue('90');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations.find((o) => operationName(o) === 'CreateApiToken')?.variables).toEqual({
      input: { name: 'R på arbeidsmaskinen', expiresInDays: 90 },
    });
    const secretField = wrapper.get<HTMLInputElement>('#token-secret');
    const secret = secretField.element.value;
    expect(secret).toMatch(/^vrd_\d+_hemmelig-testnokkel-/);
    expect(secretField.attributes('readonly')).toBeDefined();
    expect(wrapper.get('label[for="token-secret"]').text()).toBe('API-nøkkel');
    expect(secretField.attributes('aria-describedby')).toBe('token-secret-warning');
    expect(wrapper.get('#token-secret-warning').text()).toContain('vises bare denne ene gangen');
    const curl = wrapper.get('pre code').text();
    expect(curl).toContain(`authorization: Bearer ${secret}`);
    expect(curl).toContain(`curl -s ${window.location.origin}/graphql`);
    // Focus goes to the secret, the one thing the user must act on now.
    expect(document.activeElement).toBe(wrapper.get('#token-secret-heading').element);
    expect(wrapper.get('#token-secret-heading').text()).toBe('Ny API-nøkkel: R på arbeidsmaskinen');
    // The form is empty again, and the new token is listed without its secret.
    expect((wrapper.get('#token-name').element as HTMLInputElement).value).toBe('');
    expect(rows(wrapper)[0]?.[0]).toBe('R på arbeidsmaskinen');
    expect(wrapper.get('table').text()).not.toContain(secret);

    await wrapper.get('.token-secret .button--primary').trigger('click');
    await settle();

    expect(wrapper.find('#token-secret').exists()).toBe(false);
    expect(wrapper.text()).not.toContain(secret);
    expect(document.activeElement).toBe(wrapper.get('#tokens-list-heading').element);
  });

  it('copies the secret to the clipboard', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    try {
      const { wrapper } = setup();
      await settle();
      await wrapper.get('#token-name').setValue('Skript');
      await wrapper.get('form').trigger('submit');
      await settle();

      await wrapper.get('.token-secret__row button').trigger('click');
      await settle();

      expect(writeText).toHaveBeenCalledWith(wrapper.get<HTMLInputElement>('#token-secret').element.value);
      expect(wrapper.get('.token-secret__status').text()).toBe('Nøkkelen er kopiert.');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('checks the name and the number of days before sending, and focuses the first field to fix', async () => {
    const { wrapper, operations } = setup();
    await settle();

    await wrapper.get('#token-days').setValue('1,5');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(operations.some((o) => operationName(o) === 'CreateApiToken')).toBe(false);
    expect(wrapper.get('#token-name').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#token-name-error').text()).toBe('Gi nøkkelen et navn.');
    expect(wrapper.get('#token-days').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#token-days').attributes('aria-describedby')).toBe(
      'token-days-hint token-days-error',
    );
    expect(wrapper.get('#token-days-error').text()).toBe('Skriv et helt tall fra 1 til 3650.');
    expect(document.activeElement).toBe(wrapper.get('#token-name').element);

    for (const bad of ['0', '3651', '-3', 'ti']) {
      await wrapper.get('#token-name').setValue('Skript');
      await wrapper.get('#token-days').setValue(bad);
      await wrapper.get('form').trigger('submit');
      await settle();
      expect(wrapper.find('#token-days-error').exists(), bad).toBe(true);
    }
    expect(operations.some((o) => operationName(o) === 'CreateApiToken')).toBe(false);
  });

  it("shows the server's field message, and no secret, when the server refuses", async () => {
    const { wrapper } = setup(
      {},
      {
        CreateApiToken: (operation) =>
          errorResult(operation, [
            {
              message: 'Invalid input: expiresInDays must be at most 3650',
              extensions: { code: 'BAD_USER_INPUT', fields: { expiresInDays: 'must be at most 3650' } },
            },
          ]),
      },
    );
    await settle();

    await wrapper.get('#token-name').setValue('Skript');
    await wrapper.get('#token-days').setValue('365');
    await wrapper.get('form').trigger('submit');
    await settle();

    expect(wrapper.get('#token-days-error').text()).toBe('must be at most 3650');
    expect(wrapper.get('form [role="alert"]').text()).toBe(
      'Nøkkelen ble ikke laget. Rett feltene som er merket.',
    );
    expect(wrapper.find('#token-secret').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('#token-days').element);
  });

  it('says why when the account may not create tokens', async () => {
    const { wrapper } = setup({
      viewer: user({ name: 'Testbruker Leder', isAdmin: false, memberships: [] }),
    });
    await settle();

    await wrapper.get('#token-name').setValue('Skript');
    await wrapper.get('form').trigger('submit');
    await settle();

    const alert = wrapper.get('form [role="alert"]');
    expect(alert.text()).toBe('Nøkkelen ble ikke laget. Du har ikke tilgang til dette.');
    expect(document.activeElement).toBe(alert.element);
  });

  it('revokes a token only after confirming', async () => {
    const token = apiToken({ name: 'Python-skript' });
    const { wrapper, operations, api } = setup({ tokens: [token] });
    await settle();
    const revokeButton = wrapper.get('tbody button');

    (revokeButton.element as HTMLButtonElement).focus();
    await revokeButton.trigger('click');
    await settle();
    const dialog = wrapper.get('dialog');
    expect(dialog.attributes('open')).toBeDefined();
    expect(dialog.get('h2').text()).toBe('Tilbakekalle API-nøkkelen?');
    expect(dialog.text()).toContain('Skript som bruker «Python-skript», slutter å virke med en gang.');
    // The safe choice has focus, so that Enter alone destroys nothing.
    expect(document.activeElement?.textContent?.trim()).toBe('Avbryt');

    await dialog.findAll('button')[0]?.trigger('click');
    await settle();
    expect(dialog.attributes('open')).toBeUndefined();
    expect(operations.some((o) => operationName(o) === 'RevokeApiToken')).toBe(false);
    expect(document.activeElement).toBe(revokeButton.element);

    await revokeButton.trigger('click');
    await settle();
    await dialog.get('.button--danger').trigger('click');
    await settle();

    expect(operations.find((o) => operationName(o) === 'RevokeApiToken')?.variables).toEqual({
      id: token.id,
    });
    expect(api.tokens?.[0]?.revokedAt).not.toBeNull();
    expect(rows(wrapper)[0]?.[5]).toMatch(/^Tilbakekalt/);
    expect(wrapper.find('tbody button').exists()).toBe(false);
    expect(wrapper.text()).toContain('API-nøkkelen «Python-skript» er tilbakekalt.');
    expect(document.activeElement).toBe(wrapper.get('#tokens-list-heading').element);
  });

  it('shows the page in English', async () => {
    const { client } = createMockClient(fakeApi({ projects: [], viewer: researcher, tokens: [] }));
    const { wrapper } = mountWithApp(TokensView, { client, locale: 'en' });
    await settle();

    expect(wrapper.get('h1').text()).toBe('API tokens');
    expect(wrapper.get('.empty-state').text()).toBe('You have no API tokens yet.');
    expect(wrapper.get('button[type="submit"]').text()).toBe('Create API token');
  });
});
