import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import { roundsApi, fakeRound, type RoundsApiState } from '../test/roundsApi';

const recovery = project({ name: 'Recoveryteamet' });
const researcher = user({
  name: 'Testbruker Forsker',
  isAdmin: false,
  memberships: [membership(recovery, 'RESEARCHER')],
});

const withPlaceholders = fakeRound({
  status: 'DRAFT',
  draft: true,
  information: {
    __typename: 'LocalizedText',
    nb: '[Navn på virksomheten] er ansvarlig. Svarene slettes [dato]. Grupper på minst [k].',
    en: null,
    nn: null,
  } as ReturnType<typeof fakeRound>['information'],
});

async function openRound(state: Partial<RoundsApiState> = {}) {
  const api: RoundsApiState = { projects: [recovery], viewer: researcher, rounds: [fakeRound()], ...state };
  const { client, operations } = createMockClient(roundsApi(api));
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(`/projects/${recovery.id}/rounds/w1`);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await settle();
  return { ...mounted, operations, api, router };
}

type Wrapper = Awaited<ReturnType<typeof openRound>>['wrapper'];
function button(wrapper: Wrapper, name: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

describe('preparing, editing, opening and copying a round', () => {
  beforeEach(() => {
    localStorage.clear();
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists what is left to fill in, and shows the refusal in words when opened too early', async () => {
    const { wrapper, operations } = await openRound({ rounds: [structuredClone(withPlaceholders)] });
    const prepare = wrapper.get('[data-testid="round-prepare"]');
    expect(wrapper.get('#round-status-heading').text()).toContain('Utkast');
    expect(prepare.text()).toContain('Dette må fylles ut før runden kan åpnes:');
    expect(prepare.get('li[data-field="information.nb"]').text()).toBe(
      'Informasjon på bokmål: [Navn på virksomheten], [dato], [k]',
    );
    // A draft takes no answers, so there is nothing to close.
    expect(wrapper.findAll('button').some((b) => b.text() === 'Steng runden')).toBe(false);

    await button(wrapper, 'Åpne runden').trigger('click');
    await settle();

    expect(operations.filter((o) => operationName(o) === 'OpenRound')).toHaveLength(1);
    const refused = wrapper.get('[data-testid="open-refused"]');
    expect(refused.attributes('role')).toBe('alert');
    expect(refused.text()).toContain('Runden ble ikke åpnet. Fyll ut eller fjern dette først:');
    expect(refused.text()).toContain('Informasjon på bokmål: [Navn på virksomheten], [dato], [k]');
    expect(wrapper.get('#round-status-heading').text()).toContain('Utkast');
  });

  it('saves the filled-in texts, contact and data controller, then opens the round', async () => {
    const { wrapper, operations } = await openRound({ rounds: [structuredClone(withPlaceholders)] });
    await wrapper
      .get('#edit-information-nb')
      .setValue('Eksempel kommune er ansvarlig. Svarene slettes 31.12.2027. Grupper på minst 5.');
    await wrapper.get('#edit-consent-nb').setValue('Jeg har lest informasjonen og vil delta.');
    await wrapper.get('#edit-data-controller').setValue('Eksempel kommune');
    await wrapper.get('#edit-contact').setValue('Prosjektleder, prosjekt@example.org');
    await wrapper.get('#edit-target').setValue('40');
    await button(wrapper, 'Lagre endringene').trigger('click');
    await settle();

    const update = operations.find((o) => operationName(o) === 'UpdateRound');
    expect(update?.variables).toMatchObject({
      id: 'w1',
      input: {
        label: 'Oppstart 2026',
        information: { nb: 'Eksempel kommune er ansvarlig. Svarene slettes 31.12.2027. Grupper på minst 5.' },
        consentText: { nb: 'Jeg har lest informasjonen og vil delta.' },
        dataController: 'Eksempel kommune',
        contact: 'Prosjektleder, prosjekt@example.org',
        targetResponses: 40,
        closesAt: null,
      },
    });
    expect(wrapper.text()).toContain('Endringene er lagret.');
    expect(wrapper.get('[data-testid="round-prepare"]').text()).toContain(
      'Ingen tekst i [hakeparenteser] står igjen.',
    );

    await button(wrapper, 'Åpne runden').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="round-prepare"]').exists()).toBe(false);
    expect(wrapper.get('#round-status-heading').text()).toContain('Åpen');
    expect(wrapper.text()).toContain('Runden er åpnet.');
    expect(wrapper.text()).toContain('Eksempel kommune');
  });

  it('keeps a placeholder out of an open round before anything is sent, naming it at its field', async () => {
    const { wrapper, operations } = await openRound();
    await wrapper.get('#edit-information-nb').setValue('Kontakt [navn] ved spørsmål.');
    await wrapper.get('#edit-target').setValue('0');
    await button(wrapper, 'Lagre endringene').trigger('click');
    await settle();

    expect(operations.some((o) => operationName(o) === 'UpdateRound')).toBe(false);
    expect(wrapper.get('#edit-information-nb-error').text()).toContain('Fyll ut eller fjern [navn].');
    expect(wrapper.get('#edit-target-error').text()).toContain('Skriv et heltall fra 1 til 1000000');
    expect(wrapper.get('#edit-information-nb').attributes('aria-invalid')).toBe('true');
  });

  it('shows the response rate against the target and against the codes handed out', async () => {
    const { wrapper } = await openRound({
      rounds: [
        fakeRound({
          responseRate: {
            __typename: 'ResponseRate',
            submitted: 6,
            target: 24,
            ofTarget: 0.25,
            invited: 10,
            invitedSubmitted: 4,
            ofInvited: 0.4,
          } as ReturnType<typeof fakeRound>['responseRate'],
        }),
      ],
    });
    const rate = wrapper
      .get('[data-testid="round-rate"]')
      .text()
      .replace(/\u00a0/g, ' ');
    expect(rate).toContain('6 av målet på 24 svar (25 %)');
    expect(rate).toContain('4 av 10 utdelte engangskoder er brukt (40 %)');
  });

  it('copies the round after confirmation and opens the copy, a draft named "(kopi)"', async () => {
    const { wrapper, operations, router } = await openRound();
    await button(wrapper, 'Kopier runden').trigger('click');
    await settle();
    const dialog = wrapper.get('dialog[open]');
    expect(dialog.text()).toContain('nye lenker, ingen koder og ingen svar');
    await dialog
      .findAll('button')
      .find((b) => b.text() === 'Kopier')!
      .trigger('click');
    await settle();

    const copy = operations.find((o) => operationName(o) === 'CopyRound');
    expect(copy?.variables).toEqual({ id: 'w1', label: 'Oppstart 2026 (kopi)' });
    await vi.waitFor(() => expect(router.currentRoute.value.params['roundId']).toBe('w2'));
    await settle();
    await vi.waitFor(() => expect(wrapper.get('h1').text()).toBe('Oppstart 2026 (kopi)'));
    expect(wrapper.get('#round-status-heading').text()).toContain('Utkast');
  });
});
