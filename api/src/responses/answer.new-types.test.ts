import { describe, expect, it } from 'vitest';
import { RespondentRole } from '../instruments/definition.types.js';
import { newTypesDefinition } from '../instruments/test/new-types-definition.js';
import { checkAnswers, type AnswerValue } from './answer.rules.js';
import { scoreConstructs } from './scoring.js';

const definition = newTypesDefinition();
const { CONSULTANT } = RespondentRole;

/** The error for one answer, or the stored answer when it is accepted. */
function check(value: AnswerValue) {
  const result = checkAnswers(definition, CONSULTANT, [value], { complete: false });
  return result.errors[value.item] ?? result.answers.find((a) => a.itemKey === value.item);
}

describe('answers to sliders, dates and "other, specify"', () => {
  it('accept a slider value on a step, within its ends', () => {
    for (const number of [0, 0.5, 7.5, 10])
      expect(check({ item: 'mood', number })).toMatchObject({ number, text: null });
  });

  it('refuse a slider value off its steps, outside its ends, or not a number', () => {
    expect(check({ item: 'mood', number: 7.25 })).toBe(
      'Item mood must be 0 plus a whole number of steps of 0.5',
    );
    expect(check({ item: 'mood', number: -0.5 })).toBe('Item mood must be from 0 to 10');
    expect(check({ item: 'mood', number: 10.5 })).toBe('Item mood must be from 0 to 10');
    expect(check({ item: 'mood', number: Number.POSITIVE_INFINITY })).toBe('Item mood must be a number');
    expect(check({ item: 'mood', text: '5' })).toBe('Item mood needs a number');
  });

  it('accept a day that exists within the bounds, and store it as its text', () => {
    expect(check({ item: 'started', text: ' 2024-02-29 ' })).toMatchObject({
      text: '2024-02-29',
      number: null,
    });
    expect(check({ item: 'started', text: '2020-01-01' })).toMatchObject({ text: '2020-01-01' });
    expect(check({ item: 'started', text: '2026-12-31' })).toMatchObject({ text: '2026-12-31' });
  });

  it('refuse impossible days, other ways of writing them, and days outside the bounds', () => {
    for (const text of [
      '2026-02-30',
      '2025-02-29',
      '2026-00-10',
      '06.12.2026',
      '2026-12-06T10:00',
      '2026-1-5',
    ])
      expect(check({ item: 'started', text }), text).toBe(
        'Item started must be a date that exists, written YYYY-MM-DD',
      );
    expect(check({ item: 'started', text: '2019-12-31' })).toBe('Item started must be 2020-01-01 or later');
    expect(check({ item: 'started', text: '2027-01-01' })).toBe('Item started must be 2026-12-31 or earlier');
    expect(check({ item: 'started', number: 20260101 })).toBe('Item started needs a date');
  });

  it('store "other" with its text, trimmed, for single and multiple choice', () => {
    expect(check({ item: 'workplace', choices: ['other'], text: '  Bydelens aktivitetshus ' })).toMatchObject(
      {
        choices: ['other'],
        text: 'Bydelens aktivitetshus',
      },
    );
    expect(check({ item: 'help', choices: ['talk', 'other'], text: 'Musikk 🎵' })).toMatchObject({
      choices: ['talk', 'other'],
      text: 'Musikk 🎵',
    });
    expect(check({ item: 'help', choices: ['talk'] })).toMatchObject({ choices: ['talk'], text: null });
  });

  it('refuse an empty, multi-line, NUL-holding or too long "other" text, and a text without "other"', () => {
    expect(check({ item: 'workplace', choices: ['other'] })).toBe(
      'Item workplace needs a text saying what "other" is',
    );
    expect(check({ item: 'workplace', choices: ['other'], text: '   ' })).toBe(
      'Item workplace needs a text saying what "other" is',
    );
    for (const text of ['Første\nandre', 'a\r\nb', 'a\u2028b'])
      expect(check({ item: 'workplace', choices: ['other'], text })).toBe(
        'Item workplace takes its "other" text on one line',
      );
    expect(check({ item: 'workplace', choices: ['other'], text: 'a\u0000b' })).toBe(
      'Item workplace has a NUL character in its "other" text',
    );
    // 500 characters counted as a person does: an emoji is one.
    expect(check({ item: 'workplace', choices: ['other'], text: '🙂'.repeat(500) })).toMatchObject({
      choices: ['other'],
    });
    expect(check({ item: 'workplace', choices: ['other'], text: 'x'.repeat(501) })).toBe(
      'Item workplace takes at most 500 characters of "other" text',
    );
    expect(check({ item: 'workplace', choices: ['housing'], text: 'Tøyen' })).toBe(
      'Item workplace has an "other" text, but "other" is not chosen',
    );
    expect(check({ item: 'workplace', choices: [], text: 'Tøyen' })).toBe(
      'Item workplace has an "other" text, but "other" is not chosen',
    );
  });

  it('refuse "other" on an item that does not offer it, and a text there', () => {
    const without = newTypesDefinition();
    without.sections[0]!.items.find((i) => i.key === 'workplace')!.otherOption = false;
    const result = checkAnswers(
      without,
      CONSULTANT,
      [
        { item: 'workplace', choices: ['other'], text: 'Tøyen' },
        { item: 'help', choices: ['other'], text: 'Musikk' },
      ],
      { complete: false },
    );
    expect(result.errors).toEqual({ workplace: 'Item workplace give one kind of answer only' });
    expect(
      checkAnswers(without, CONSULTANT, [{ item: 'workplace', choices: ['other'] }], { complete: false })
        .errors,
    ).toEqual({ workplace: 'Item workplace has no option "other"' });
  });

  it('show items on "other" and on a slider value, and score sliders like numbers, reverse-scored ones mirrored', () => {
    const result = checkAnswers(
      definition,
      CONSULTANT,
      [
        { item: 'mood', number: 8 },
        { item: 'strain', number: 2.5 },
        { item: 'workplace', choices: ['other'], text: 'Kafé' },
        { item: 'other_followup', number: 4 },
        { item: 'calm', number: 1 },
      ],
      { complete: true },
    );
    expect(result.errors).toEqual({});
    expect(result.answers.map((a) => a.itemKey)).toEqual([
      'mood',
      'strain',
      'workplace',
      'other_followup',
      'calm',
    ]);
    // 8 and 10 − 2.5 = 7.5.
    expect(scoreConstructs(definition, CONSULTANT, result.answers)).toEqual([
      { constructKey: 'wellbeing', kind: 'OUTCOME', score: 7.75, answeredItems: 2, shownItems: 2 },
    ]);
    const hidden = checkAnswers(
      definition,
      CONSULTANT,
      [
        { item: 'mood', number: 7.5 },
        { item: 'workplace', choices: ['housing'] },
        { item: 'other_followup', number: 4 },
        { item: 'calm', number: 1 },
      ],
      { complete: true },
    );
    expect(hidden.answers.map((a) => a.itemKey)).toEqual(['mood', 'workplace']);
  });
});
