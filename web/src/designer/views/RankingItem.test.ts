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
