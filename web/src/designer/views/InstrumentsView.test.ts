import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle } from '../../test/mount';
import { createMockClient, errorResult, operationName } from '../../test/urql';
import { sampleDefinition } from '../test/definitions';
import {
  fakeInstrument,
  fakeInstrumentApi,
  projectFields,
  researcher,
  type FakeInstrumentState,
} from '../test/fakeInstrumentApi';
import { mountDesignerAt } from '../test/mountDesigner';

const project = projectFields('Erfaringsskolen i Eksempelby');
const other = { ...projectFields('Ambulant team Eksempelby'), myRole: 'MANAGER' as const };

function setup(extra: Partial<FakeInstrumentState> = {}) {
  const state: FakeInstrumentState = {
    viewer: researcher(project),
    projects: [project, other],
    instruments: [
      fakeInstrument({ name: 'Felles verdiskjema', published: [sampleDefinition()], draft: null }),
      fakeInstrument({ name: 'Oppfølging i Eksempelby', project, published: [sampleDefinition()] }),
    ],
    ...extra,
  };
  return { state, ...createMockClient(fakeInstrumentApi(state)) };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('InstrumentsView', () => {
  it('lists the instruments with where they belong, their latest version and any draft', async () => {
    const { client } = setup();
    const { wrapper } = await mountDesignerAt('/instruments', { client });
    expect(wrapper.get('h1').text()).toBe('Skjema');
    expect(document.title).toBe('Skjema – Verdi');
    const rows = wrapper.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text()));
    expect(rows).toEqual([
      ['Felles verdiskjema', 'Delt med alle prosjekter', 'Versjon 1', 'Ingen'],
      ['Oppfølging i Eksempelby', 'Erfaringsskolen i Eksempelby', 'Versjon 1', 'Utkast til versjon 2'],
    ]);
  });

  it('creates an instrument in one of the projects where the user is a researcher, and opens it', async () => {
    const { client, operations } = setup();
    const { wrapper, router } = await mountDesignerAt('/instruments', { client, locale: 'en' });
    const scope = wrapper.get('#instrument-scope');
    // Only projects where the user is a researcher, and "shared".
    expect(scope.findAll('option').map((option) => option.text())).toEqual([
      'Erfaringsskolen i Eksempelby',
      'Shared with all projects',
    ]);
    expect((scope.element as HTMLSelectElement).value).toBe(project.id);

    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#instrument-name').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#instrument-name-error').text()).toBe('Enter the name.');
    expect(document.activeElement?.id).toBe('instrument-name');

    await wrapper.get('#instrument-name').setValue('Verdi i ambulante team');
    await scope.setValue('shared');
    await wrapper.get('form').trigger('submit');
    await settle();
    const create = operations.find((operation) => operationName(operation) === 'CreateInstrument');
    expect(create?.variables).toEqual({ input: { name: 'Verdi i ambulante team' } });
    // The designer's page is loaded on demand: wait for it (its first import takes seconds on a loaded machine).
    await vi.waitFor(() => expect(wrapper.find('#designer-heading').exists()).toBe(true), {
      timeout: 15_000,
    });
    expect(router.currentRoute.value.name).toBe('instrument');
    expect(wrapper.get('h1').text()).toBe('Verdi i ambulante team');
    // A new instrument starts with the default agreement scale.
    expect(wrapper.get('[id$="-key"][id^="scale-"]').element).toHaveProperty('value', 'agree5');
  });

  it("says what the server refused about a field in the user's language, never in the API's English", async () => {
    const state: FakeInstrumentState = { viewer: researcher(project), projects: [project], instruments: [] };
    const { client } = createMockClient(
      fakeInstrumentApi(state, {
        CreateInstrument: (operation) =>
          errorResult(operation, [
            {
              message: 'Invalid input: name must be 1 to 200 characters',
              extensions: { code: 'BAD_USER_INPUT', fields: { name: 'must be 1 to 200 characters' } },
            },
          ]),
      }),
    );
    const { wrapper } = await mountDesignerAt('/instruments', { client });
    await wrapper.get('#instrument-name').setValue('Et navn serveren ikke godtar');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#instrument-name-error').text()).toBe(
      'Navnet må ha fra 1 til 200 tegn, uten kontrolltegn.',
    );
    expect(wrapper.text()).not.toContain('must be');
  });

  it('does not make a shared instrument by default while the projects are still loading', async () => {
    const state: FakeInstrumentState = { viewer: researcher(project), projects: [project], instruments: [] };
    const api = fakeInstrumentApi(state);
    const { client, operations } = createMockClient((operation) =>
      operationName(operation) === 'Projects' ? 'pending' : api(operation),
    );
    const { wrapper } = await mountDesignerAt('/instruments', { client });
    const scope = wrapper.get('#instrument-scope');
    expect((scope.element as HTMLSelectElement).value).toBe('');
    expect(scope.findAll('option').map((option) => option.text())).toEqual([
      'Henter prosjektene dine …',
      'Delt med alle prosjekter',
    ]);
    await wrapper.get('#instrument-name').setValue('Raskt skjema');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(wrapper.get('#instrument-scope-error').text()).toBe('Velg hvor skjemaet hører til.');
    expect(operations.some((operation) => operationName(operation) === 'CreateInstrument')).toBe(false);
  });

  it('imports a file and shows plainly what could not be taken over before opening it', async () => {
    const { client, operations } = setup({
      importResult: {
        definition: sampleDefinition(),
        notes: [
          {
            kind: 'redcap.validation.text',
            severity: 'LOSES_DETAIL',
            message: { nb: 'Validering uten motstykke.', en: 'Validation without a counterpart.' },
            fields: ['dob (date_ymd)'],
          },
        ],
        name: 'REDCap-import',
      },
    });
    const { wrapper, router } = await mountDesignerAt('/instruments', { client });
    await wrapper.findAll('form')[1]!.trigger('submit');
    await settle();
    expect(wrapper.get('#import-file-error').text()).toBe('Velg en fil.');

    const input = wrapper.get('#import-file');
    const file = new File(['Variable / Field Name,Form Name\nq1,skjema\n'], 'ordbok.csv', {
      type: 'text/csv',
    });
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await settle();
    expect((wrapper.get('#import-format').element as HTMLSelectElement).value).toBe('REDCAP_CSV');

    await wrapper.findAll('form')[1]!.trigger('submit');
    await settle();
    const sent = operations.find((operation) => operationName(operation) === 'ImportInstrument');
    expect(sent?.variables).toEqual({
      input: {
        format: 'REDCAP_CSV',
        content: 'Variable / Field Name,Form Name\nq1,skjema\n',
        projectId: project.id,
      },
    });
    const result = wrapper.get('.import-result');
    expect(document.activeElement).toBe(result.element);
    expect(result.get('h3').text()).toBe('«REDCap-import» er importert som et utkast');
    expect(result.get('.import-note__message').text()).toBe('Validering uten motstykke.');
    expect(result.get('.import-note__fields').text()).toBe('Felt: dob (date_ymd)');
    expect(result.text()).toContain('Dette må rettes før skjemaet kan publiseres');
    expect(result.findAll(':scope > p').map((p) => p.text())).toEqual(['Ingenting.']);
    await result.get('a').trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('instrument'));
  });

  it('sends an .xlsx file as an XLSForm, its bytes as base64', async () => {
    const { client, operations } = setup({
      importResult: { definition: sampleDefinition(), notes: [], name: 'Skjema fra Kobo' },
    });
    const { wrapper } = await mountDesignerAt('/instruments', { client });
    const input = wrapper.get('#import-file');
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x80]);
    Object.defineProperty(input.element, 'files', { value: [new File([bytes], 'skjema.xlsx')] });
    await input.trigger('change');
    await settle();
    expect((wrapper.get('#import-format').element as HTMLSelectElement).value).toBe('XLSFORM_XLSX');
    await wrapper.findAll('form')[1]!.trigger('submit');
    await settle();
    const sent = operations.find((operation) => operationName(operation) === 'ImportInstrument');
    expect(sent?.variables).toEqual({
      input: { format: 'XLSFORM_XLSX', content: 'UEsDBP8AgA==', projectId: project.id },
    });
  });

  it('sends a .json file with pages as a SurveyJS survey, and one with sections as Verdi JSON', async () => {
    const { client, operations } = setup({
      importResult: { definition: sampleDefinition(), notes: [], name: 'Fra SurveyJS' },
    });
    const { wrapper } = await mountDesignerAt('/instruments', { client });
    const input = wrapper.get('#import-file');
    Object.defineProperty(input.element, 'files', {
      value: [new File(['{"format":"verdi-instrument","sections":[]}'], 'skjema.json')],
      configurable: true,
    });
    await input.trigger('change');
    await settle();
    expect((wrapper.get('#import-format').element as HTMLSelectElement).value).toBe('VERDI_JSON');

    const survey = '{"locale":"no","pages":[{"name":"p1","elements":[]}]}';
    Object.defineProperty(input.element, 'files', { value: [new File([survey], 'undersokelse.json')] });
    await input.trigger('change');
    await settle();
    expect((wrapper.get('#import-format').element as HTMLSelectElement).value).toBe('SURVEYJS_JSON');
    await wrapper.findAll('form')[1]!.trigger('submit');
    await settle();
    const sent = operations.find((operation) => operationName(operation) === 'ImportInstrument');
    expect(sent?.variables).toEqual({
      input: { format: 'SURVEYJS_JSON', content: survey, projectId: project.id },
    });
  });

  it('shows import notes grouped and ranked, what changes the questionnaire first and marked, long field lists folded', async () => {
    const fields = Array.from({ length: 30 }, (_, n) => `f${n + 1}`);
    const { client } = setup({
      importResult: {
        definition: sampleDefinition(),
        notes: [
          {
            kind: 'redcap.layout',
            severity: 'COSMETIC',
            message: { nb: 'Oppsett holdes ikke.', en: 'Layout is not kept.' },
            fields: ['a'],
          },
          {
            kind: 'redcap.branching.and',
            severity: 'CHANGES_QUESTIONNAIRE',
            message: { nb: 'Vises alltid.', en: 'Always shown.' },
            fields,
          },
          {
            kind: 'redcap.slider',
            severity: 'LOSES_DETAIL',
            message: { nb: 'Etikettene ble borte.', en: 'Labels were lost.' },
            fields: ['b', 'c'],
          },
        ],
        name: 'Mange notater',
      },
    });
    const { wrapper } = await mountDesignerAt('/instruments', { client });
    const input = wrapper.get('#import-file');
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'a.csv')] });
    await input.trigger('change');
    await settle();
    await wrapper.findAll('form')[1]!.trigger('submit');
    await settle();
    const groups = wrapper.findAll('.import-notes');
    expect(groups.map((g) => g.get('h5').text())).toEqual([
      '! Endrer spørreskjemaet (1)',
      'Detaljer som går tapt (1)',
      'Bare utseende og nøkler (1)',
    ]);
    expect(groups[0]!.classes()).toContain('import-notes--changes-questionnaire');
    expect(groups[0]!.find('.import-notes__mark').exists()).toBe(true);
    expect(groups[1]!.find('.import-notes__mark').exists()).toBe(false);
    const first = groups[0]!.get('.import-note');
    expect(first.findAll(':scope > .import-note__fields code').map((c) => c.text())).toEqual(
      fields.slice(0, 8),
    );
    expect(first.get('details summary').text()).toBe('Vis 22 felt til');
    expect(first.findAll('details code').map((c) => c.text())).toEqual(fields.slice(8));
    expect(groups[1]!.find('details').exists()).toBe(false);
  });

  it('shows import notes in English to an English reader', async () => {
    const { client } = setup({
      importResult: {
        definition: sampleDefinition(),
        notes: [
          {
            kind: 'redcap.slider',
            severity: 'LOSES_DETAIL',
            message: { nb: 'Etikettene ble borte.', en: 'Labels were lost.' },
            fields: Array.from({ length: 9 }, (_, n) => `s${n}`),
          },
        ],
      },
    });
    const { wrapper } = await mountDesignerAt('/instruments', { client, locale: 'en' });
    const input = wrapper.get('#import-file');
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'a.csv')] });
    await input.trigger('change');
    await settle();
    await wrapper.findAll('form')[1]!.trigger('submit');
    await settle();
    expect(wrapper.get('.import-notes h5').text()).toBe('Details that are lost (1)');
    expect(wrapper.get('.import-note__message').text()).toBe('Labels were lost.');
    expect(wrapper.get('.import-note__fields').text()).toMatch(/^Fields: s0/);
    expect(wrapper.get('details summary').text()).toBe('Show 1 more field');
  });
});
