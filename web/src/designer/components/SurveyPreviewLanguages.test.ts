import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { apiItem, sampleDefinition } from '../test/definitions';
import { designerI18n } from '../test/mountDesigner';
import SurveyPreview from './SurveyPreview.vue';

function definitionWith(nynorsk: boolean) {
  const definition = sampleDefinition();
  definition.sections = [
    {
      key: 'arbeid',
      title: { nb: 'Arbeidet', en: 'Work', nn: 'Arbeidet' },
      randomiseOrder: null,
      grid: null,
      items: [
        apiItem({
          key: 'q1',
          type: 'TEXT',
          scale: null,
          prompt: { nb: 'Hva trenger du?', en: 'What do you need?', nn: nynorsk ? 'Kva treng du?' : null },
        }),
      ],
    },
  ];
  return definition;
}

describe("the designer's preview", () => {
  it('says, in nynorsk, which languages are complete and where texts are missing', async () => {
    const incomplete = definitionWith(false);
    const wrapper = mount(SurveyPreview, {
      props: { sections: incomplete.sections, scales: incomplete.scales, idPrefix: 'p' },
      global: { plugins: [designerI18n('nn')] },
    });
    const line = (language: string) => wrapper.get(`[data-language="${language}"]`).text();
    expect(line('nb')).toBe('Bokmål: alle tekstane er skrivne.');
    expect(line('nn')).toBe('Nynorsk: manglar tekst i q1.');
    expect(line('en')).toBe('Engelsk: alle tekstane er skrivne.');

    const complete = definitionWith(true);
    await wrapper.setProps({ sections: complete.sections });
    expect(line('nn')).toBe('Nynorsk: alle tekstane er skrivne.');
    // The preview itself can be shown in nynorsk.
    await wrapper.get('#p-language').setValue('nn');
    expect(wrapper.text()).toContain('Kva treng du?');
  });
});
