import { describe, expect, it } from 'vitest';
import { localized } from './texts';
import type { Answers, SurveyItemDefinition, SurveySection } from './types';
import { isForRole, isShown, promptFor, visibleSections } from './visibility';

function item(
  fields: Partial<SurveyItemDefinition> & Pick<SurveyItemDefinition, 'key'>,
): SurveyItemDefinition {
  return {
    type: 'LIKERT',
    roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
    prompt: { nb: `Spørsmål ${fields.key}` },
    required: false,
    ...fields,
  };
}

describe('isShown', () => {
  it('shows an item without a condition, whatever the answers', () => {
    expect(isShown(item({ key: 'q1' }), {})).toBe(true);
  });

  it('hides an item until the earlier item is answered', () => {
    const q2 = item({ key: 'q2', showIf: { item: 'q1', op: 'EQUALS', values: ['ja'] } });
    expect(isShown(q2, {})).toBe(false);
    expect(isShown(q2, { q1: { kind: 'choices', value: ['ja'] } })).toBe(true);
    expect(isShown(q2, { q1: { kind: 'choices', value: ['nei'] } })).toBe(false);
  });

  it('treats EQUALS on a multiple choice as "among those chosen", and ONE_OF as any of the values', () => {
    const equals = item({ key: 'q2', showIf: { item: 'q1', op: 'EQUALS', values: ['b'] } });
    const oneOf = item({ key: 'q3', showIf: { item: 'q1', op: 'ONE_OF', values: ['c', 'd'] } });
    const answers: Answers = { q1: { kind: 'choices', value: ['a', 'b'] } };
    expect(isShown(equals, answers)).toBe(true);
    expect(isShown(oneOf, answers)).toBe(false);
    expect(isShown(oneOf, { q1: { kind: 'choices', value: ['d'] } })).toBe(true);
  });

  it('compares numbers: equal, one of, greater and less than', () => {
    const answer = (value: number): Answers => ({ q1: { kind: 'number', value } });
    const when = (op: 'EQUALS' | 'ONE_OF' | 'GREATER_THAN' | 'LESS_THAN', values: string[]) =>
      item({ key: 'q2', showIf: { item: 'q1', op, values } });
    expect(isShown(when('EQUALS', ['4']), answer(4))).toBe(true);
    expect(isShown(when('EQUALS', ['4']), answer(5))).toBe(false);
    expect(isShown(when('ONE_OF', ['4', '5']), answer(5))).toBe(true);
    expect(isShown(when('GREATER_THAN', ['3']), answer(4))).toBe(true);
    expect(isShown(when('GREATER_THAN', ['3']), answer(3))).toBe(false);
    expect(isShown(when('LESS_THAN', ['3']), answer(2))).toBe(true);
    expect(isShown(when('LESS_THAN', ['3']), answer(3))).toBe(false);
  });

  it('never meets a condition with "Vet ikke", a text, or a value that is not a number', () => {
    const q2 = item({ key: 'q2', showIf: { item: 'q1', op: 'LESS_THAN', values: ['3'] } });
    expect(isShown(q2, { q1: { kind: 'notApplicable' } })).toBe(false);
    expect(isShown(q2, { q1: { kind: 'text', value: '1' } })).toBe(false);
    const broken = item({ key: 'q3', showIf: { item: 'q1', op: 'EQUALS', values: [''] } });
    expect(isShown(broken, { q1: { kind: 'number', value: 0 } })).toBe(false);
  });
});

describe('visibleSections', () => {
  const sections: SurveySection[] = [
    {
      key: 'intro',
      title: { nb: 'Om deg' },
      items: [
        item({ key: 'q1', type: 'YES_NO' }),
        item({ key: 'q2', showIf: { item: 'q1', op: 'EQUALS', values: ['1'] } }),
        item({ key: 'q3', showIf: { item: 'q2', op: 'GREATER_THAN', values: ['3'] } }),
      ],
    },
    {
      key: 'erfaring',
      title: { nb: 'Erfaring' },
      items: [item({ key: 'q4', type: 'TEXT', roles: ['CONSULTANT'] })],
    },
  ];
  const keys = (result: ReturnType<typeof visibleSections>) =>
    result.map((entry) => [entry.section.key, entry.items.map((i) => i.key)]);

  it('shows each role only its items, and leaves out sections with nothing to show', () => {
    expect(keys(visibleSections(sections, 'SERVICE_USER', {}))).toEqual([['intro', ['q1']]]);
    expect(keys(visibleSections(sections, 'CONSULTANT', {}))).toEqual([
      ['intro', ['q1']],
      ['erfaring', ['q4']],
    ]);
  });

  it('hides an item whose condition rests on an item that is itself hidden', () => {
    const answers: Answers = { q1: { kind: 'number', value: 1 }, q2: { kind: 'number', value: 5 } };
    expect(keys(visibleSections(sections, 'PROFESSIONAL', answers))).toEqual([['intro', ['q1', 'q2', 'q3']]]);
    // Answering "no" to q1 hides q2, and with it q3, although q2's old answer would still meet q3's condition.
    const changed: Answers = { ...answers, q1: { kind: 'number', value: 0 } };
    expect(keys(visibleSections(sections, 'PROFESSIONAL', changed))).toEqual([['intro', ['q1']]]);
  });

  it('hides an item whose condition rests on an item not shown to the role', () => {
    const later: SurveySection[] = [
      {
        key: 's',
        title: { nb: 'S' },
        items: [
          item({ key: 'a', roles: ['CONSULTANT'] }),
          item({ key: 'b', showIf: { item: 'a', op: 'EQUALS', values: ['5'] } }),
        ],
      },
    ];
    const answers: Answers = { a: { kind: 'number', value: 5 } };
    expect(keys(visibleSections(later, 'CONSULTANT', answers))).toEqual([['s', ['a', 'b']]]);
    expect(keys(visibleSections(later, 'SERVICE_USER', answers))).toEqual([]);
  });

  it('knows who an item is for', () => {
    expect(isForRole(item({ key: 'q', roles: ['PROFESSIONAL'] }), 'PROFESSIONAL')).toBe(true);
    expect(isForRole(item({ key: 'q', roles: ['PROFESSIONAL'] }), 'CONSULTANT')).toBe(false);
  });
});

describe('wording', () => {
  const q = item({
    key: 'q1',
    prompt: { nb: 'Erfaringskonsulenten forstår meg', en: 'The consultant understands me', nn: null },
    promptByRole: [
      {
        role: 'PROFESSIONAL',
        text: { nb: 'Erfaringskonsulenten forstår brukerne', en: 'The consultant understands users' },
      },
      { role: 'CONSULTANT', text: { nb: 'Jeg forstår brukerne', en: '  ' } },
    ],
  });

  it("gives each role its own wording, in the participant's language", () => {
    expect(promptFor(q, 'SERVICE_USER', 'nb')).toBe('Erfaringskonsulenten forstår meg');
    expect(promptFor(q, 'SERVICE_USER', 'en')).toBe('The consultant understands me');
    expect(promptFor(q, 'PROFESSIONAL', 'nb')).toBe('Erfaringskonsulenten forstår brukerne');
    expect(promptFor(q, 'PROFESSIONAL', 'en')).toBe('The consultant understands users');
  });

  it('falls back to bokmål where a translation is missing or blank', () => {
    expect(promptFor(q, 'SERVICE_USER', 'nn')).toBe('Erfaringskonsulenten forstår meg');
    expect(promptFor(q, 'CONSULTANT', 'en')).toBe('Jeg forstår brukerne');
    expect(localized({ nb: 'Hei', en: '' }, 'en')).toBe('Hei');
    expect(localized(null, 'en')).toBe('');
  });
});
