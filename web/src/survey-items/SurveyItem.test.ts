import { enableAutoUnmount, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SurveyItem from './SurveyItem.vue';
import type { Answer, SurveyItemDefinition, SurveyScale } from './types';

const agree: SurveyScale = {
  key: 'agree5',
  points: [
    { value: 1, label: { nb: 'Helt uenig', en: 'Strongly disagree' } },
    { value: 2, label: { nb: 'Litt uenig', en: 'Somewhat disagree' } },
    { value: 3, label: { nb: 'Verken enig eller uenig' } },
    { value: 4, label: { nb: 'Litt enig', en: 'Somewhat agree' } },
    { value: 5, label: { nb: 'Helt enig', en: 'Strongly agree' } },
  ],
  notApplicable: { nb: 'Vet ikke / ikke aktuelt', en: 'Don’t know / not applicable' },
};

function item(fields: Partial<SurveyItemDefinition>): SurveyItemDefinition {
  return {
    key: 'q1',
    type: 'LIKERT',
    roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
    prompt: { nb: 'Jeg blir tatt på alvor', en: 'I am taken seriously' },
    required: true,
    scale: 'agree5',
    ...fields,
  };
}

enableAutoUnmount(afterEach);

/** The text of the element with this id inside the rendered item (ids repeat across separately mounted apps). */
function textOf(wrapper: VueWrapper, id: string | undefined): string | undefined {
  return id ? wrapper.element.querySelector(`[id="${id}"]`)?.textContent?.trim() : undefined;
}

function render(
  definition: SurveyItemDefinition,
  options: {
    role?: 'SERVICE_USER' | 'PROFESSIONAL' | 'CONSULTANT';
    language?: 'nb' | 'en' | 'nn';
    answer?: Answer;
  } = {},
) {
  const updates: (Answer | undefined)[] = [];
  const wrapper = mount(SurveyItem, {
    props: {
      item: definition,
      role: options.role ?? 'SERVICE_USER',
      language: options.language ?? 'nb',
      scales: [agree],
      modelValue: options.answer,
      'onUpdate:modelValue': (value: Answer | undefined) => {
        updates.push(value);
        void wrapper.setProps({ modelValue: value });
      },
    },
    attachTo: document.body,
  });
  return { wrapper, updates };
}

describe('SurveyItem', () => {
  it('asks a Likert item as a radio group in a fieldset, the question as its legend, with the "Vet ikke" answer', async () => {
    const { wrapper, updates } = render(item({ help: { nb: 'Tenk på de siste fire ukene.' } }));
    const fieldset = wrapper.get('fieldset');
    expect(fieldset.get('legend').text()).toBe('Jeg blir tatt på alvor (Må besvares)');
    const radios = fieldset.findAll('input[type="radio"]');
    expect(radios).toHaveLength(6);
    const labels = fieldset.findAll('label').map((label) => label.text());
    expect(labels).toEqual([
      'Helt uenig',
      'Litt uenig',
      'Verken enig eller uenig',
      'Litt enig',
      'Helt enig',
      'Vet ikke / ikke aktuelt',
    ]);
    // Every radio is inside its label, so the whole row is the touch target, and all share one name.
    for (const radio of radios) expect(radio.element.closest('label')).not.toBeNull();
    expect(new Set(radios.map((radio) => radio.attributes('name'))).size).toBe(1);
    // The help text is tied to the group.
    const helpId = fieldset.attributes('aria-describedby');
    expect(helpId).toBeTruthy();
    expect(textOf(wrapper, helpId)).toBe('Tenk på de siste fire ukene.');

    await radios[3]!.setValue(true);
    expect(updates.at(-1)).toEqual({ kind: 'number', value: 4 });
    await radios[5]!.setValue(true);
    expect(updates.at(-1)).toEqual({ kind: 'notApplicable' });
  });

  it("shows the role's wording in the chosen language, with bokmål where a translation is missing", () => {
    const wording = item({
      promptByRole: [
        {
          role: 'PROFESSIONAL',
          text: { nb: 'Brukerne blir tatt på alvor', en: 'Users are taken seriously' },
        },
      ],
    });
    expect(render(wording, { role: 'PROFESSIONAL', language: 'en' }).wrapper.get('legend').text()).toBe(
      'Users are taken seriously (Required)',
    );
    expect(render(wording, { role: 'SERVICE_USER', language: 'en' }).wrapper.get('legend').text()).toBe(
      'I am taken seriously (Required)',
    );
    const { wrapper } = render(wording, { role: 'SERVICE_USER', language: 'en' });
    // Point 3 has no English label: bokmål stands in.
    expect(wrapper.findAll('label').map((label) => label.text())).toContain('Verken enig eller uenig');
    expect(wrapper.get('.survey-item').attributes('lang')).toBe('en');
    expect(render(wording, { language: 'nn' }).wrapper.get('legend').text()).toBe(
      'Jeg blir tatt på alvor (Må svarast på)',
    );
  });

  it('offers choices as radios or, for several answers, checkboxes', async () => {
    const options = [
      { key: 'kurs', label: { nb: 'Kurs' } },
      { key: 'jobb', label: { nb: 'Jobb' } },
      { key: 'annet', label: { nb: 'Annet' } },
    ];
    const single = render(item({ type: 'SINGLE_CHOICE', scale: null, options }));
    expect(single.wrapper.findAll('input[type="radio"]')).toHaveLength(3);
    await single.wrapper.findAll('input')[1]!.setValue(true);
    expect(single.updates.at(-1)).toEqual({ kind: 'choices', value: ['jobb'] });

    const multi = render(item({ type: 'MULTI_CHOICE', scale: null, options, required: false }));
    const boxes = multi.wrapper.findAll('input[type="checkbox"]');
    expect(boxes).toHaveLength(3);
    expect(multi.wrapper.get('legend').text()).toBe('Jeg blir tatt på alvor');
    await boxes[2]!.setValue(true);
    await boxes[0]!.setValue(true);
    // In the options' order, not the order ticked.
    expect(multi.updates.at(-1)).toEqual({ kind: 'choices', value: ['kurs', 'annet'] });
    await boxes[0]!.setValue(false);
    await boxes[2]!.setValue(false);
    expect(multi.updates.at(-1)).toBeUndefined();
  });

  it('asks for a number in a labelled field with its bounds', async () => {
    const { wrapper, updates } = render(
      item({
        type: 'NUMBER',
        scale: null,
        min: 0,
        max: 40,
        prompt: { nb: 'Timer per uke' },
        help: { nb: 'Omtrent.' },
      }),
    );
    expect(wrapper.find('fieldset').exists()).toBe(false);
    const input = wrapper.get('input');
    expect(input.attributes('type')).toBe('number');
    expect(input.attributes('min')).toBe('0');
    expect(input.attributes('max')).toBe('40');
    expect(wrapper.get(`label[for="${input.attributes('id')}"]`).text()).toBe('Timer per uke (Må besvares)');
    const described = input
      .attributes('aria-describedby')!
      .split(' ')
      .map((id) => textOf(wrapper, id));
    expect(described).toEqual(['Omtrent.', 'Skriv et tall fra 0 til 40.']);
    await input.setValue('12');
    expect(updates.at(-1)).toEqual({ kind: 'number', value: 12 });
    await input.setValue('');
    expect(updates.at(-1)).toBeUndefined();
  });

  it('takes free text up to its maximum length', async () => {
    const { wrapper, updates } = render(item({ type: 'TEXT', scale: null, maxLength: 500, required: false }));
    const area = wrapper.get('textarea');
    expect(area.attributes('maxlength')).toBe('500');
    expect(textOf(wrapper, area.attributes('aria-describedby'))).toBe('Inntil 500 tegn.');
    await area.setValue('Mer tid til samtaler.');
    expect(updates.at(-1)).toEqual({ kind: 'text', value: 'Mer tid til samtaler.' });
    // Without a maximum, the API's default applies.
    expect(
      render(item({ type: 'TEXT', scale: null }))
        .wrapper.get('textarea')
        .attributes('maxlength'),
    ).toBe('2000');
  });

  it('asks yes or no, and NPS from 0 to 10 with its end points named', async () => {
    const yesNo = render(item({ type: 'YES_NO', scale: null }), { language: 'en' });
    expect(yesNo.wrapper.findAll('label').map((label) => label.text())).toEqual(['Yes', 'No']);
    await yesNo.wrapper.findAll('input')[1]!.setValue(true);
    expect(yesNo.updates.at(-1)).toEqual({ kind: 'number', value: 0 });

    const nps = render(item({ type: 'NPS', scale: null }));
    const radios = nps.wrapper.findAll('input[type="radio"]');
    expect(radios.map((radio) => radio.attributes('value'))).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    expect(textOf(nps.wrapper, radios[0]!.attributes('aria-describedby'))).toBe('0 = Svært lite sannsynlig');
    expect(textOf(nps.wrapper, radios[10]!.attributes('aria-describedby'))).toBe('10 = Svært sannsynlig');
  });

  it('shows a given answer as chosen', () => {
    const { wrapper } = render(item({}), { answer: { kind: 'number', value: 2 } });
    const checked = wrapper.findAll('input').filter((input) => (input.element as HTMLInputElement).checked);
    expect(checked.map((input) => input.attributes('value'))).toEqual(['2']);
  });
});
