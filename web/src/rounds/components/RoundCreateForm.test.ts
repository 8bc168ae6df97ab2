import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../router';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, errorResult, operationName } from '../../test/urql';
import { useRoundsMessages } from '../i18n';
import { roundsApi, type RoundsApiState } from '../test/roundsApi';
import RoundCreateForm from './RoundCreateForm.vue';

const recovery = project({ name: 'Recoveryteamet' });
const researcher = user({ isAdmin: false, memberships: [membership(recovery, 'RESEARCHER')] });

/** The form as the rounds page shows it, with the rounds' texts loaded. */
const Host = defineComponent({
  props: { projectId: { type: String, required: true } },
  setup(props) {
    useRoundsMessages();
    return () => h(RoundCreateForm, { projectId: props.projectId });
  },
});

async function mountForm(
  state: Partial<RoundsApiState> = {},
  handlers: Parameters<typeof roundsApi>[1] = {},
) {
  const api: RoundsApiState = {
    projects: [recovery],
    viewer: researcher,
    rounds: [],
    instruments: [
      {
        id: 'i1',
        name: 'Verdi og utfordringer',
        shared: false,
        versions: [
          { number: 2, publishedAt: '2026-02-01T10:00:00.000Z' },
          { number: 1, publishedAt: '2026-01-10T10:00:00.000Z' },
        ],
      },
      { id: 'i2', name: 'Utkast uten versjon', shared: false, versions: [] },
      {
        id: 'i3',
        name: 'Felles skjema',
        shared: true,
        versions: [{ number: 1, publishedAt: '2026-01-05T10:00:00.000Z' }],
      },
    ],
    ...state,
  };
  const { client, operations } = createMockClient(roundsApi(api, handlers));
  const router = createAppRouter(createMemoryHistory());
  await router.push(`/projects/${recovery.id}/rounds`);
  const mounted = mountWithApp(Host, {
    client,
    router,
    attachTo: document.body,
    props: { projectId: recovery.id },
  });
  await settle();
  return { ...mounted, operations, api };
}

function createInputs(operations: ReturnType<typeof createMockClient>['operations']) {
  return operations
    .filter((operation) => operationName(operation) === 'CreateRound')
    .map((operation) => (operation.variables as { input: Record<string, unknown> }).input);
}

describe('RoundCreateForm', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('offers the published instruments and their versions, newest first', async () => {
    const { wrapper } = await mountForm();

    const instrumentOptions = wrapper.findAll('#round-instrument option').map((option) => option.text());
    expect(instrumentOptions).toEqual([
      'Velg et spørreskjema',
      'Verdi og utfordringer',
      'Felles skjema (delt)',
    ]);

    await wrapper.get('#round-instrument').setValue('i1');
    await settle();

    expect(wrapper.findAll('#round-version option').map((option) => option.text())).toEqual([
      'Versjon 2, publisert 1. feb. 2026',
      'Versjon 1, publisert 10. jan. 2026',
    ]);
    expect((wrapper.get('#round-version').element as HTMLSelectElement).value).toBe('2');
  });

  it('starts from defaults that protect participants, with an information outline to fill in', async () => {
    const { wrapper } = await mountForm();

    expect((wrapper.get('#round-anonymity-ANONYMOUS').element as HTMLInputElement).checked).toBe(true);
    expect((wrapper.get('#round-k').element as HTMLInputElement).value).toBe('5');
    expect((wrapper.get('#round-k-text').element as HTMLInputElement).value).toBe('10');
    expect((wrapper.get('#round-consent').element as HTMLInputElement).checked).toBe(true);
    expect((wrapper.get('#round-linkage').element as HTMLInputElement).checked).toBe(false);
    const information = (wrapper.get('#round-information-nb').element as HTMLTextAreaElement).value;
    expect(information).toContain('Hvem som er ansvarlig');
    expect(information).toContain('Det er frivillig');
    expect(information).toContain('[dato]');
    expect((wrapper.get('#round-information-en').element as HTMLTextAreaElement).value).toContain(
      'Taking part is voluntary',
    );
  });

  it('checks the form as the API would before sending anything', async () => {
    const { wrapper, operations } = await mountForm();
    await wrapper.get('#round-opens').setValue('2026-04-01T09:00');
    await wrapper.get('#round-closes').setValue('2026-03-01T09:00');
    await wrapper.get('#round-k').setValue('2');
    await wrapper.get('#round-information-nb').setValue('   ');

    await wrapper.get('form').trigger('submit');
    await settle();

    expect(createInputs(operations)).toHaveLength(0);
    expect(wrapper.get('#round-instrument-error').text()).toBe('Velg et spørreskjema.');
    expect(wrapper.get('#round-label-error').text()).toBe('Fyll inn dette feltet.');
    expect(wrapper.get('#round-closes-error').text()).toBe('Må være etter at runden åpner.');
    expect(wrapper.get('#round-k-error').text()).toBe('Skriv et heltall fra 3 til 100.');
    expect(wrapper.find('#round-k-text-error').exists()).toBe(false);
    expect(wrapper.get('#round-information-nb-error').text()).toBe('Fyll inn dette feltet.');
    expect(document.activeElement).toBe(wrapper.get('#round-instrument').element);
  });

  it('creates the round with what was filled in, and opens its page', async () => {
    const { wrapper, operations, router } = await mountForm();
    await wrapper.get('#round-instrument').setValue('i1');
    await settle();
    await wrapper.get('#round-version').setValue('1');
    await wrapper.get('#round-label').setValue('  Etter 12 måneder ');
    await wrapper.get('#round-opens').setValue('2026-04-01T09:00');
    await wrapper.get('#round-closes').setValue('2026-05-01T16:30');
    await wrapper.get('#round-anonymity-CONFIDENTIAL').setValue(true);
    await wrapper.get('#round-k').setValue('7');
    await wrapper.get('#round-information-nb').setValue('Informasjon på bokmål.');
    await wrapper.get('#round-information-en').setValue('');
    await wrapper.get('#round-linkage').setValue(true);

    await wrapper.get('form').trigger('submit');
    await settle();

    expect(createInputs(operations)).toEqual([
      {
        projectId: recovery.id,
        instrumentId: 'i1',
        version: 1,
        label: 'Etter 12 måneder',
        opensAt: new Date('2026-04-01T09:00').toISOString(),
        closesAt: new Date('2026-05-01T16:30').toISOString(),
        anonymity: 'CONFIDENTIAL',
        minGroupSize: 7,
        minGroupSizeText: 10,
        information: { nb: 'Informasjon på bokmål.' },
        consentRequired: true,
        linkage: true,
        draft: true,
      },
    ]);
    // The round's page is loaded on demand, which takes a moment the first time.
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('round'), { timeout: 10_000 });
    expect(router.currentRoute.value.params).toEqual({ projectId: recovery.id, roundId: 'w1' });
  });

  it('shows the server’s objection next to the field it is about', async () => {
    const { wrapper } = await mountForm(
      {},
      {
        CreateRound: (operation) =>
          errorResult(operation, [
            {
              message: 'Invalid input: version is not a published version of Verdi og utfordringer',
              extensions: {
                code: 'BAD_USER_INPUT',
                fields: { version: 'is not a published version of Verdi og utfordringer' },
              },
            },
          ]),
      },
    );
    await wrapper.get('#round-instrument').setValue('i1');
    await settle();
    await wrapper.get('#round-label').setValue('Oppstart');

    await wrapper.get('form').trigger('submit');
    await settle();

    expect(wrapper.get('#round-version-error').text()).toBe(
      'is not a published version of Verdi og utfordringer',
    );
    expect(wrapper.get('[role="alert"]').text()).toContain('Runden ble ikke opprettet.');
  });

  it('says so when the project has no published instrument', async () => {
    const { wrapper } = await mountForm({ instruments: [] });

    expect(wrapper.text()).toContain('Prosjektet har ingen publiserte spørreskjemaer ennå.');
    expect(wrapper.find('form').exists()).toBe(false);
  });
});
