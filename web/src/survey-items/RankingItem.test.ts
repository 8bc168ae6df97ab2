import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkAnswer, toAnswerInput } from '../survey/model/answers';
import SurveyItem from './SurveyItem.vue';
import type { Answer, SurveyItemDefinition } from './types';

enableAutoUnmount(afterEach);

const ranking: SurveyItemDefinition = {
  key: 'priorities',
  type: 'RANKING',
  roles: ['CONSULTANT'],
  required: false,
  prompt: { nb: 'Hva er viktigst?', nn: 'Kva er viktigast?', en: 'What matters most?' },
  options: [
    { key: 'housing', label: { nb: 'Bolig', nn: 'Bustad', en: 'Housing' } },
    { key: 'work', label: { nb: 'Arbeid', en: 'Work' } },
    { key: 'friends', label: { nb: 'Venner', nn: 'Vener', en: 'Friends' } },
  ],
};

async function render(item: SurveyItemDefinition, language: 'nb' | 'nn' | 'en' = 'nb', answer?: Answer) {
  const updates: (Answer | undefined)[] = [];
  const wrapper = mount(SurveyItem, {
    attachTo: document.body,
    props: {
      item,
      role: 'CONSULTANT',
      language,
      scales: [],
      modelValue: answer,
      'onUpdate:modelValue': (value: Answer | undefined) => {
        updates.push(value);
        void wrapper.setProps({ modelValue: value });
      },
    },
  });
  // The ranking is loaded on demand.
  await vi.dynamicImportSettled();
  await flushPromises();
  return { wrapper, updates };
}

const labels = (wrapper: Awaited<ReturnType<typeof render>>['wrapper']) =>
  wrapper.findAll('.survey-ranking__label').map((l) => l.text());

describe('a ranking item', () => {
  it('lists the options in a fieldset with move buttons named by the option', async () => {
    const { wrapper } = await render(ranking);
    expect(wrapper.find('fieldset legend').text()).toContain('Hva er viktigst?');
    expect(labels(wrapper)).toEqual(['Bolig', 'Arbeid', 'Venner']);
    expect(wrapper.findAll('button').map((b) => b.attributes('aria-label') ?? b.text())).toEqual([
      'Flytt «Bolig» opp',
      'Flytt «Bolig» ned',
      'Flytt «Arbeid» opp',
      'Flytt «Arbeid» ned',
      'Flytt «Venner» opp',
      'Flytt «Venner» ned',
      'Bruk denne rekkefølgen',
    ]);
    expect(wrapper.find('.survey-item__hint').text()).toContain('Ikke rangert ennå');
  });

  it('answers with the whole order on a move, says the new place, and keeps focus on the moved option', async () => {
    const { wrapper, updates } = await render(ranking);
    await wrapper.find('button[aria-label="Flytt «Venner» opp"]').trigger('click');
    await flushPromises();
    expect(updates.at(-1)).toEqual({ kind: 'choices', value: ['housing', 'friends', 'work'] });
    expect(labels(wrapper)).toEqual(['Bolig', 'Venner', 'Arbeid']);
    expect(wrapper.find('[aria-live="polite"]').text()).toBe('«Venner» er nå nummer 2 av 3.');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Flytt «Venner» opp');
    await wrapper.find('button[aria-label="Flytt «Venner» opp"]').trigger('click');
    await flushPromises();
    expect(updates.at(-1)).toEqual({ kind: 'choices', value: ['friends', 'housing', 'work'] });
    // At the top, focus goes to the button that can still move it.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Flytt «Venner» ned');
    await wrapper.find('button[aria-label="Flytt «Venner» opp"]').trigger('click');
    expect(wrapper.find('[aria-live="polite"]').text()).toBe('«Venner» er allerede først.');
    expect(updates).toHaveLength(2);
  });

  it('takes the order as it is, and lets an optional ranking be taken back, but not a required one', async () => {
    const { wrapper, updates } = await render(ranking);
    await wrapper.find('.survey-ranking__action').trigger('click');
    expect(updates.at(-1)).toEqual({ kind: 'choices', value: ['housing', 'work', 'friends'] });
    await flushPromises();
    expect(wrapper.find('.survey-ranking__action').text()).toBe('Fjern rangeringen');
    await wrapper.find('.survey-ranking__action').trigger('click');
    expect(updates.at(-1)).toBeUndefined();
    const required = await render({ ...ranking, required: true }, 'nb', {
      kind: 'choices',
      value: ['work', 'friends', 'housing'],
    });
    expect(labels(required.wrapper)).toEqual(['Arbeid', 'Venner', 'Bolig']);
    expect(required.wrapper.find('.survey-ranking__action').exists()).toBe(false);
  });

  it('speaks nynorsk and English, bokmål where an option is not translated', async () => {
    const nn = await render(ranking, 'nn');
    expect(labels(nn.wrapper)).toEqual(['Bustad', 'Arbeid', 'Vener']);
    expect(nn.wrapper.find('button').attributes('aria-label')).toBe('Flytt «Bustad» opp');
    expect(nn.wrapper.find('.survey-item__hint').text()).toContain('Ikkje rangert enno');
    const en = await render(ranking, 'en');
    expect(en.wrapper.find('button').attributes('aria-label')).toBe('Move “Housing” up');
    expect(en.wrapper.find('.survey-ranking__action').text()).toBe('Use this order');
  });

  it('is sent as the ordered keys, and a required one left unranked is missing', () => {
    expect(toAnswerInput('priorities', { kind: 'choices', value: ['work', 'housing', 'friends'] })).toEqual({
      item: 'priorities',
      choices: ['work', 'housing', 'friends'],
    });
    expect(
      checkAnswer({ ...ranking, required: true, min: null, max: null, maxLength: null }, undefined, true),
    ).toEqual({
      kind: 'required',
    });
  });
});
