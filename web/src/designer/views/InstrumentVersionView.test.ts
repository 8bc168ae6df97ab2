import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import { sampleDefinition } from '../test/definitions';
import { fakeInstrument, fakeInstrumentApi, projectFields, researcher } from '../test/fakeInstrumentApi';
import { mountDesignerAt } from '../test/mountDesigner';

const project = projectFields('Erfaringsskolen i Eksempelby');

afterEach(() => {
  document.body.innerHTML = '';
});

describe('InstrumentVersionView', () => {
  it('shows one published version read-only, as participants saw it, and downloads it as a file', async () => {
    const first = sampleDefinition();
    const second = sampleDefinition();
    second.sections[0]!.items[0]!.prompt.nb = 'Ny formulering';
    const instrument = fakeInstrument({
      name: 'Verdi og utfordringer',
      project,
      published: [first, second],
      draft: null,
    });
    const { client, operations } = createMockClient(
      fakeInstrumentApi({ viewer: researcher(project), projects: [project], instruments: [instrument] }),
    );
    const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}/versions/1`, { client });
    expect(wrapper.get('h1').text()).toBe('Verdi og utfordringer, versjon 1');
    const preview = wrapper.get('.survey-preview__survey');
    expect(preview.text()).toContain('Tekst q1');
    expect(preview.text()).not.toContain('Ny formulering');
    expect(wrapper.find('.designer-toolbar').exists()).toBe(false);
    expect(wrapper.find('input[id^="item-"]').exists()).toBe(false);
    const current = wrapper.get('.version-list a[aria-current="page"]');
    expect(current.text()).toBe('Versjon 1');

    const created: Blob[] = [];
    const clicked: string[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:test';
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const download = wrapper
      .findAll('button')
      .find((button) => button.attributes('aria-label') === 'Last ned versjon 1 som REDCap CSV')!;
    await download.trigger('click');
    await settle();
    const exported = operations.find((operation) => operationName(operation) === 'ExportInstrument');
    expect(exported?.variables).toEqual({ id: instrument.id, format: 'REDCAP_CSV', version: 1 });
    expect(clicked).toEqual(['verdi-og-utfordringer-v1-redcap.csv']);
    expect(created[0]?.type).toBe('text/csv;charset=utf-8');

    const xlsForm = wrapper
      .findAll('button')
      .find((button) => button.attributes('aria-label') === 'Last ned versjon 1 som XLSForm (ODK/Kobo)')!;
    await xlsForm.trigger('click');
    await settle();
    expect(operations.filter((o) => operationName(o) === 'ExportInstrument').at(-1)?.variables).toEqual({
      id: instrument.id,
      format: 'XLSFORM_XLSX',
      version: 1,
    });
    expect(clicked.at(-1)).toBe('verdi-og-utfordringer-v1-xlsform.xlsx');
    expect(created[1]?.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // The base64 from the API is decoded: the file holds the workbook's bytes, not their base64 text.
    expect(new TextDecoder().decode(await created[1]!.arrayBuffer())).toBe('PK\u0003\u0004workbook');

    const surveyJs = wrapper
      .findAll('button')
      .find((button) => button.attributes('aria-label') === 'Last ned versjon 1 som SurveyJS JSON')!;
    await surveyJs.trigger('click');
    await settle();
    expect(operations.filter((o) => operationName(o) === 'ExportInstrument').at(-1)?.variables).toEqual({
      id: instrument.id,
      format: 'SURVEYJS_JSON',
      version: 1,
    });
    expect(clicked.at(-1)).toBe('verdi-og-utfordringer-v1-surveyjs.json');
    expect(created[2]?.type).toBe('application/json;charset=utf-8');
  });
});
