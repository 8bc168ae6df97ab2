import type { InstrumentDefinitionInput } from '@verdi/schema/generated';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import { sampleDefinition } from '../test/definitions';
import { fakeInstrument, fakeInstrumentApi, projectFields, researcher } from '../test/fakeInstrumentApi';
import { mountDesignerAt } from '../test/mountDesigner';

const project = projectFields('Erfaringsskolen i Eksempelby');

async function open() {
  const instrument = fakeInstrument({ name: 'Verdi', project, draft: { definition: sampleDefinition() } });
  const { client, operations } = createMockClient(
    fakeInstrumentApi({ viewer: researcher(project), projects: [project], instruments: [instrument] }),
  );
  const { wrapper } = await mountDesignerAt(`/instruments/${instrument.id}`, { client });
  return { wrapper, operations };
}

async function card(wrapper: VueWrapper, key: string) {
  const found = wrapper.findAll('.item-card').find((c) => c.find('.item-card__key').text() === key)!;
  await found.get('.item-card__toggle').trigger('click');
  await settle();
  return () => wrapper.findAll('.item-card').find((c) => c.find('.item-card__key').text() === key)!;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the designer for sliders, dates and "other, specify"', () => {
  it('edits a slider, a date and "other", previews them and saves what each type uses', async () => {
    const { wrapper, operations } = await open();
    const q5 = await card(wrapper, 'q5');
    await q5().get('select[id$="-type"]').setValue('SLIDER');
    await settle();
    // A slider starts at 0–10, with a step and labels for its ends.
    expect((q5().get<HTMLInputElement>('input[id$="-min"]').element as HTMLInputElement).value).toBe('0');
    expect((q5().get<HTMLInputElement>('input[id$="-max"]').element as HTMLInputElement).value).toBe('10');
    await q5().get('input[id$="-step"]').setValue('0,5');
    await q5().get('[id$="-min-label-nb"]').setValue('Svært dårlig');
    await q5().get('[id$="-max-label-nb"]').setValue('Svært godt');
    expect(q5().text()).toContain('Tekst ved laveste ende');

    const q4 = await card(wrapper, 'q4');
    await q4().get('select[id$="-type"]').setValue('DATE');
    await settle();
    await q4().get('input[id$="-earliest"]').setValue('2020-01-01');
    expect(q4().get('input[id$="-earliest"]').attributes('type')).toBe('date');
    expect(q4().text()).toContain('Seneste dato');

    const q3 = await card(wrapper, 'q3');
    await q3().get('input[id$="-other-option"]').setValue(true);
    await settle();

    // The preview renders them with the participants' own components.
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Vis forhåndsvisning')
      ?.trigger('click');
    await settle();
    // The slider and the date are loaded on demand, as on the participants' page.
    await vi.dynamicImportSettled();
    await settle();
    const preview = wrapper.get('.survey-preview');
    expect(preview.find('input[type="range"]').exists()).toBe(true);
    // q4 is shown when q3 is b.
    await preview
      .findAll('input[type="radio"]')
      .find((r) => r.attributes('value') === 'b')!
      .setValue(true);
    await vi.dynamicImportSettled();
    await settle();
    expect(preview.find('input[type="date"]').exists()).toBe(true);
    expect(preview.text()).toContain('Annet');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, cancelable: true }));
    await settle();
    const saved = operations
      .filter((operation) => operationName(operation) === 'SaveInstrumentDraft')
      .map((operation) => (operation.variables as { definition: InstrumentDefinitionInput }).definition)[0]!;
    const items = saved.sections.flatMap((s) => s.items);
    expect(items.find((i) => i.key === 'q5')).toMatchObject({
      type: 'SLIDER',
      min: 0,
      max: 10,
      step: 0.5,
      minLabel: { nb: 'Svært dårlig', en: null, nn: null },
      maxLabel: { nb: 'Svært godt' },
      scale: null,
      earliest: null,
    });
    expect(items.find((i) => i.key === 'q4')).toMatchObject({
      type: 'DATE',
      earliest: '2020-01-01',
      latest: null,
      maxLength: null,
      step: null,
    });
    expect(items.find((i) => i.key === 'q3')).toMatchObject({ otherOption: true });
    expect(items.find((i) => i.key === 'q1')!.otherOption).toBeNull();
  });
});

describe('the designer for rankings', () => {
  it('offers ranking, edits its options like a choice item, previews it and saves the options', async () => {
    const { wrapper, operations } = await open();
    const q5 = await card(wrapper, 'q5');
    const types = q5()
      .findAll('select[id$="-type"] option')
      .map((o) => o.text());
    expect(types).toContain('Rangering');
    await q5().get('select[id$="-type"]').setValue('RANKING');
    await settle();
    // The choice items' option editor, with options to start from, and no "other, specify".
    const keys = q5().findAll<HTMLInputElement>('input[id*="-option-"][id$="-key"]');
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(q5().find('input[id$="-other-option"]').exists()).toBe(false);
    const labels = q5().findAll('[id*="-option-"][id$="-label-nb"]');
    expect(labels).toHaveLength(keys.length);
    await labels[0]!.setValue('Bolig');
    await labels[1]!.setValue('Arbeid');

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Vis forhåndsvisning')
      ?.trigger('click');
    await settle();
    await vi.dynamicImportSettled();
    await settle();
    const preview = wrapper.get('.survey-preview');
    expect(preview.findAll('.survey-ranking__move').length).toBe(2 * keys.length);
    expect(preview.find('button[aria-label="Flytt «Arbeid» opp"]').exists()).toBe(true);

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, cancelable: true }));
    await settle();
    const saved = operations
      .filter((operation) => operationName(operation) === 'SaveInstrumentDraft')
      .map((operation) => (operation.variables as { definition: InstrumentDefinitionInput }).definition)[0]!;
    const q5Saved = saved.sections.flatMap((s) => s.items).find((i) => i.key === 'q5')!;
    expect(q5Saved).toMatchObject({ type: 'RANKING', scale: null, otherOption: null });
    expect(q5Saved.options!.length).toBe(keys.length);
  });
});
