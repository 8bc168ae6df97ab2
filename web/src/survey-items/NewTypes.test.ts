import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkAnswer,
  fromSavedAnswer,
  problemFromServer,
  readAnswers,
  toAnswerInput,
} from '../survey/model/answers';
import SurveyItem from './SurveyItem.vue';
import type { Answer, SurveyItemDefinition } from './types';

enableAutoUnmount(afterEach);

const base = { roles: ['CONSULTANT'], required: false } as const;
const slider: SurveyItemDefinition = {
  ...base,
  key: 'mood',
  type: 'SLIDER',
  prompt: { nb: 'Hvordan har du det?', nn: 'Korleis har du det?', en: 'How are you?' },
  min: 0,
  max: 10,
  step: 0.5,
  minLabel: { nb: 'Svært dårlig', nn: 'Svært dårleg' },
  maxLabel: { nb: 'Svært godt' },
};
const date: SurveyItemDefinition = {
  ...base,
  key: 'started',
  type: 'DATE',
  prompt: { nb: 'Når begynte du?' },
  earliest: '2020-01-01',
  latest: '2026-12-31',
};
const choice: SurveyItemDefinition = {
  ...base,
  key: 'workplace',
  type: 'MULTI_CHOICE',
  prompt: { nb: 'Hvor jobber du?' },
  otherOption: true,
  options: [
    { key: 'ambulant', label: { nb: 'Ambulant team' } },
    { key: 'housing', label: { nb: 'Bolig' } },
  ],
};

async function render(item: SurveyItemDefinition, language: 'nb' | 'nn' | 'en' = 'nb', answer?: Answer) {
  const updates: (Answer | undefined)[] = [];
  const wrapper = mount(SurveyItem, {
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
    attachTo: document.body,
  });
  // The slider and the date field are loaded on demand.
  await vi.dynamicImportSettled();
  await flushPromises();
  return { wrapper, updates };
}

describe('the slider', () => {
  it('is a range input labelled by the question, its ends written out, unanswered until moved', async () => {
    const { wrapper, updates } = await render(slider, 'nn');
    const input = wrapper.get<HTMLInputElement>('input[type="range"]');
    expect(wrapper.get('label').attributes('for')).toBe(input.attributes('id'));
    expect(input.attributes()).toMatchObject({ min: '0', max: '10', step: '0.5' });
    expect(wrapper.get('output').text()).toBe('Ikkje svart enno');
    expect(input.attributes('aria-valuetext')).toBe('Ikkje svart enno');
    const ends = wrapper.element.querySelector(`[id="${input.attributes('aria-describedby')}"]`)!;
    // The min label has nynorsk; the max label falls back to bokmål, and says so for screen readers.
    expect(ends.textContent).toContain('0: Svært dårleg');
    expect(ends.textContent).toContain('10: Svært godt');
    expect(ends.querySelectorAll('span')[1]!.getAttribute('lang')).toBe('nb');
    input.element.value = '7.5';
    await input.trigger('input');
    expect(updates.at(-1)).toEqual({ kind: 'number', value: 7.5 });
    expect(wrapper.get('output').text()).toBe('7,5');
    expect(input.attributes('aria-valuetext')).toBeUndefined();
  });
});

describe('the date', () => {
  it('is a date input bounded by the earliest and latest day, with the bounds written out', async () => {
    const { wrapper, updates } = await render(date);
    const input = wrapper.get<HTMLInputElement>('input[type="date"]');
    expect(input.attributes()).toMatchObject({ min: '2020-01-01', max: '2026-12-31' });
    expect(wrapper.text()).toContain('Velg en dato mellom 1. januar 2020 og 31. desember 2026.');
    input.element.value = '2024-02-29';
    await input.trigger('input');
    expect(updates.at(-1)).toEqual({ kind: 'text', value: '2024-02-29' });
  });
});

describe('"other, specify"', () => {
  it('offers "other" after the options and asks for its text only while it is chosen', async () => {
    const { wrapper, updates } = await render(choice, 'nn');
    const boxes = wrapper.findAll<HTMLInputElement>('input[type="checkbox"]');
    expect(boxes.map((b) => b.attributes('value'))).toEqual(['ambulant', 'housing', 'other']);
    expect(wrapper.text()).toContain('Anna');
    expect(wrapper.find('input[type="text"]').exists()).toBe(false);
    await boxes[2]!.setValue(true);
    const text = wrapper.get<HTMLInputElement>('input[type="text"]');
    expect(wrapper.get(`label[for="${text.attributes('id')}"]`).text()).toBe('Skriv kva');
    expect(text.attributes('maxlength')).toBe('500');
    await text.setValue('Kafé');
    await boxes[0]!.setValue(true);
    expect(updates.at(-1)).toEqual({ kind: 'choices', value: ['ambulant', 'other'], other: 'Kafé' });
    await boxes[2]!.setValue(false);
    expect(updates.at(-1)).toEqual({ kind: 'choices', value: ['ambulant'] });
    expect(wrapper.find('input[type="text"]').exists()).toBe(false);
  });
});

describe('answers of the new types on their way to and from the server', () => {
  it('send the other text with "other" only, and read it back from a saved draft and from this device', () => {
    expect(toAnswerInput('w', { kind: 'choices', value: ['other'], other: 'Kafé' })).toEqual({
      item: 'w',
      choices: ['other'],
      text: 'Kafé',
    });
    expect(toAnswerInput('w', { kind: 'choices', value: ['housing'], other: 'Kafé' })).toEqual({
      item: 'w',
      choices: ['housing'],
    });
    expect(
      fromSavedAnswer({ item: 'w', choices: ['other'], text: 'Kafé', number: null, notApplicable: false }),
    ).toEqual({ kind: 'choices', value: ['other'], other: 'Kafé' });
    expect(readAnswers({ w: { kind: 'choices', value: ['other'], other: 'Kafé' } })).toEqual({
      w: { kind: 'choices', value: ['other'], other: 'Kafé' },
    });
  });

  it('check what the server checks: steps, real days within bounds, an other text', () => {
    const check = (item: SurveyItemDefinition, answer: Answer) =>
      checkAnswer({ maxLength: null, min: null, max: null, ...item }, answer, true);
    expect(check(slider, { kind: 'number', value: 7.5 })).toBeNull();
    // Off its steps only from a tampered page: the server refuses it ("not accepted").
    expect(check(slider, { kind: 'number', value: 7.25 })).toBeNull();
    expect(check(slider, { kind: 'number', value: 11 })).toEqual({ kind: 'max', max: 10 });
    expect(check(date, { kind: 'text', value: '2019-12-31' })).toEqual({ kind: 'date' });
    expect(check(date, { kind: 'text', value: '2027-01-01' })).toEqual({ kind: 'date' });
    expect(check(date, { kind: 'text', value: '2024-02-29' })).toBeNull();
    expect(check(choice, { kind: 'choices', value: ['other'], other: ' ' })).toEqual({ kind: 'otherText' });
    expect(check(choice, { kind: 'choices', value: ['other'], other: 'x'.repeat(501) })).toEqual({
      kind: 'tooLong',
      max: 500,
    });
    expect(check(choice, { kind: 'choices', value: ['other'], other: 'Kafé' })).toBeNull();
    // Checked before sending; a refusal by the server (a tampered page) is "not accepted".
    expect(problemFromServer('Item w needs a text saying what "other" is')).toEqual({ kind: 'invalid' });
  });
});
