import { describe, expect, it } from 'vitest';
import { groupFreeText, localized, type FreeTextAnswer, type FreeTextQuestion } from './groups';

const question = (
  fields: Partial<FreeTextQuestion> & { item: string; position: number },
): FreeTextQuestion => ({
  section: { nb: 'Verdi', en: 'Value', nn: null },
  prompt: { nb: `Spørsmål ${fields.item}`, en: `Question ${fields.item}`, nn: null },
  promptByRole: [],
  roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
  ...fields,
});
let next = 0;
const answer = (item: string, role: FreeTextAnswer['role'], text = 'svar'): FreeTextAnswer => ({
  responseId: `r${++next}`,
  item,
  role,
  text,
  tags: [],
  belowReportingThreshold: false,
});

const questions: FreeTextQuestion[] = [
  question({
    item: 'value_text',
    position: 9,
    prompt: { nb: 'Hva er verdien for deg?', en: 'What is the value to you?', nn: 'Kva er verdien for deg?' },
    promptByRole: [
      { role: 'CONSULTANT', text: { nb: 'Hva er verdien av arbeidet ditt?', en: null, nn: null } },
      {
        role: 'PROFESSIONAL',
        text: { nb: 'Hva er verdien for deg?', en: 'What is the value to you?', nn: null },
      },
    ],
  }),
  question({ item: 'challenge_text', position: 3 }),
  question({ item: 'never_answered', position: 5 }),
];

describe('groupFreeText', () => {
  it('puts answers under the question text in questionnaire order, roles in a fixed order', () => {
    const groups = groupFreeText(
      questions,
      [
        answer('value_text', 'CONSULTANT'),
        answer('value_text', 'SERVICE_USER'),
        answer('challenge_text', 'PROFESSIONAL'),
        answer('value_text', 'SERVICE_USER'),
      ],
      'nb',
    );
    expect(groups.map((g) => [g.item, g.question, g.count])).toEqual([
      ['challenge_text', 'Spørsmål challenge_text', 1],
      ['value_text', 'Hva er verdien for deg?', 3],
    ]);
    expect(groups[1]!.roles.map((r) => [r.role, r.answers.length])).toEqual([
      ['SERVICE_USER', 2],
      ['CONSULTANT', 1],
    ]);
  });

  it("names a role's own wording where it differs, in the reader's language or else in bokmål", () => {
    const all = [answer('value_text', 'CONSULTANT'), answer('value_text', 'PROFESSIONAL')];
    const nb = groupFreeText(questions, all, 'nb')[0]!;
    expect(nb.roles.map((r) => [r.role, r.wording])).toEqual([
      ['PROFESSIONAL', null],
      ['CONSULTANT', 'Hva er verdien av arbeidet ditt?'],
    ]);
    const en = groupFreeText(questions, all, 'en')[0]!;
    expect(en.question).toBe('What is the value to you?');
    expect(en.section).toBe('Value');
    expect(en.roles.find((r) => r.role === 'CONSULTANT')!.wording).toBe('Hva er verdien av arbeidet ditt?');
  });

  it('still shows answers to an item the instrument does not list, under its key, last', () => {
    const groups = groupFreeText(
      questions,
      [answer('old_item', 'CONSULTANT'), answer('challenge_text', 'CONSULTANT')],
      'nb',
    );
    expect(groups.map((g) => [g.item, g.question, g.section])).toEqual([
      ['challenge_text', 'Spørsmål challenge_text', 'Verdi'],
      ['old_item', 'old_item', null],
    ]);
  });

  it('gives nothing for a round without free text', () => {
    expect(groupFreeText(questions, [], 'nb')).toEqual([]);
  });
});

describe('localized', () => {
  it('falls back to bokmål for a missing or blank translation', () => {
    expect(localized({ nb: 'Hei', en: '  ', nn: null }, 'en')).toBe('Hei');
    expect(localized({ nb: 'Hei', en: 'Hi', nn: 'Hei du' }, 'nn')).toBe('Hei du');
  });
});
