import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { PublishReview } from '../composables/usePublishDraft';
import { designerI18n } from '../test/mountDesigner';
import PublishDialog from './PublishDialog.vue';

const changes = {
  addedItems: ['q6', 'q7'],
  removedItems: ['q2'],
  changedItems: ['q1'],
  changedConstructs: [],
  changedScales: ['agree5'],
  changedSections: [],
  hasChanges: true,
};

async function open(review: PublishReview, error: unknown = null, locale: 'nb' | 'en' = 'nb') {
  const wrapper = mount(PublishDialog, {
    props: { review, error: error as never, publishing: false },
    global: { plugins: [designerI18n(locale)] },
    attachTo: document.body,
  });
  await nextTick();
  await nextTick();
  return wrapper;
}

describe('PublishDialog', () => {
  it('summarises what the new version changes and publishes on request', async () => {
    const wrapper = await open({ number: 3, revision: 7, changes, problems: [] });
    expect(wrapper.get('dialog').attributes('open')).toBeDefined();
    expect(wrapper.get('h2').text()).toBe('Publisere versjon 3?');
    const rows = wrapper
      .findAll('.publish-dialog__change')
      .map((row) => [row.get('dt').text(), row.findAll('dd code').map((code) => code.text())]);
    expect(rows).toEqual([
      ['Nye spørsmål (2)', ['q6', 'q7']],
      ['Fjernede spørsmål (1)', ['q2']],
      ['Endrede spørsmål (1)', ['q1']],
      ['Endrede begreper (0)', []],
      ['Endrede skalaer (1)', ['agree5']],
      ['Endrede deler (0)', []],
    ]);
    const publish = wrapper.findAll('button').find((button) => button.text() === 'Publiser versjon 3')!;
    await publish.trigger('click');
    expect(wrapper.emitted('publish')).toHaveLength(1);
  });

  it('says so when nothing changed, in English too', async () => {
    const wrapper = await open(
      {
        number: 2,
        revision: 1,
        changes: {
          ...changes,
          addedItems: [],
          removedItems: [],
          changedItems: [],
          changedScales: [],
          hasChanges: false,
        },
        problems: [],
      },
      null,
      'en',
    );
    expect(wrapper.text()).toContain('The draft is the same as the previous version.');
    expect(wrapper.find('.publish-dialog__changes').exists()).toBe(false);
  });

  it('blocks publishing while the draft has problems, and lists them', async () => {
    const wrapper = await open({
      number: 1,
      revision: 2,
      changes,
      problems: [
        {
          path: 'sections[0].items[0].prompt',
          item: 'q1',
          code: 'ITEM_NO_PROMPT',
          params: [{ name: 'key', value: 'q1' }],
          message: 'Item q1: has no bokmål text',
        },
        {
          path: 'sections[0].title',
          item: null,
          code: 'SECTION_NO_TITLE',
          params: [{ name: 'section', value: 'del1' }],
          message: 'Section del1 has no bokmål title',
        },
      ],
    });
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('Utkastet kan ikke publiseres før disse 2 problemene er løst:');
    expect(alert.findAll('li').map((li) => li.text())).toEqual([
      'Spørsmål q1: Spørsmålet har ingen tekst på bokmål.',
      'Del 1: Delen har ingen tittel på bokmål.',
    ]);
    expect(wrapper.findAll('button').map((button) => button.text())).toEqual(['Avbryt', 'Lukk og rett opp']);
    await wrapper.findAll('button')[1]!.trigger('click');
    expect(wrapper.emitted('fix')).toHaveLength(1);
  });

  it('tells of a conflict and will not publish the stale revision', async () => {
    const wrapper = await open(
      { number: 1, revision: 2, changes, problems: [] },
      { code: 'CONFLICT', message: 'changed', fields: {} },
    );
    expect(wrapper.get('[role="alert"]').text()).toContain(
      'Utkastet er endret siden du åpnet dette vinduet.',
    );
    const publish = wrapper.findAll('button').find((button) => button.text() === 'Publiser versjon 1')!;
    expect(publish.attributes('disabled')).toBeDefined();
  });

  it('closes when the review is gone', async () => {
    const wrapper = await open({ number: 1, revision: 2, changes, problems: [] });
    await wrapper.setProps({ review: null });
    await nextTick();
    await nextTick();
    expect(wrapper.get('dialog').attributes('open')).toBeUndefined();
    expect(wrapper.emitted('close')).toHaveLength(1);
  });
});
