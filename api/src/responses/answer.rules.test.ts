import { describe, expect, it } from 'vitest';
import { RespondentRole } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { checkAnswers } from './answer.rules.js';
import { scoreConstructs } from './scoring.js';

const definition = sampleDefinition();
const { SERVICE_USER, PROFESSIONAL, CONSULTANT } = RespondentRole;

describe('answers checked against their items', () => {
  it('accept valid answers of every type and drop answers to items hidden by show-if', () => {
    const result = checkAnswers(
      definition,
      CONSULTANT,
      [
        { item: 'contact', number: 0 },
        { item: 'workplace', choices: ['housing'] },
        { item: 'years', number: 3.5 },
        { item: 'hope_1', number: 5 },
        { item: 'hope_2', notApplicable: true },
        { item: 'role_1', number: 2 },
        { item: 'value_text', text: '  Mer håp  ' },
      ],
      { complete: true },
    );
    expect(result.errors).toEqual({});
    expect(result.answers.map((a) => a.itemKey)).toEqual([
      'contact',
      'workplace',
      'years',
      'hope_2',
      'role_1',
      'value_text',
    ]);
    expect(result.answers.find((a) => a.itemKey === 'value_text')!.text).toBe('Mer håp');
    expect(result.answers.find((a) => a.itemKey === 'hope_2')!.notApplicable).toBe(true);
  });

  it('name the item and the problem for each kind of invalid answer', () => {
    const result = checkAnswers(
      definition,
      CONSULTANT,
      [
        { item: 'contact', number: 2 },
        { item: 'workplace', choices: ['office'] },
        { item: 'years', number: 51 },
        { item: 'role_1', text: 'enig' },
        { item: 'recommend', number: 9 },
        { item: 'nothing', number: 1 },
      ],
      { complete: false },
    );
    expect(result.errors).toEqual({
      contact: 'Item contact must be one of 0, 1',
      workplace: 'Item workplace has no option "office"',
      years: 'Item years must be at most 50',
      role_1: 'Item role_1 needs a number',
      recommend: 'Item recommend is not asked of this role',
      nothing: 'Item nothing is not in this questionnaire',
    });
  });

  it('require visible required items only when submitting', () => {
    expect(checkAnswers(definition, SERVICE_USER, [], { complete: false }).errors).toEqual({});
    expect(checkAnswers(definition, SERVICE_USER, [], { complete: true }).errors).toEqual({
      contact: 'Item contact needs an answer',
    });
  });

  it('refuse "Vet ikke" where the scale has none, more than one option for a single choice, and two kinds of value', () => {
    const noNa = structuredClone(definition);
    noNa.scales[0]!.notApplicable = null;
    expect(
      checkAnswers(noNa, PROFESSIONAL, [{ item: 'role_1', notApplicable: true }], { complete: false }).errors,
    ).toEqual({
      role_1: 'Item role_1 has no "Vet ikke" answer',
    });
    expect(
      checkAnswers(definition, PROFESSIONAL, [{ item: 'workplace', choices: ['housing', 'ambulant'] }], {
        complete: false,
      }).errors,
    ).toEqual({ workplace: 'Item workplace takes one option only' });
    expect(
      checkAnswers(definition, PROFESSIONAL, [{ item: 'years', number: 1, text: 'en' }], { complete: false })
        .errors,
    ).toEqual({ years: 'Item years give one kind of answer only' });
  });
});

describe('construct scores', () => {
  it('are the mean of answered items with reverse-scoring applied and "Vet ikke" left out', () => {
    const { answers } = checkAnswers(
      definition,
      SERVICE_USER,
      [
        { item: 'contact', number: 1 },
        { item: 'hope_1', number: 4 },
        { item: 'hope_2', number: 2 },
      ],
      { complete: true },
    );
    // hope_2 is reverse-scored on 1–5: 2 counts as 4.
    expect(scoreConstructs(definition, SERVICE_USER, answers)).toEqual([
      { constructKey: 'hope', kind: 'VALUE', score: 4, answeredItems: 2, shownItems: 2 },
    ]);
    const withNa = checkAnswers(
      definition,
      SERVICE_USER,
      [
        { item: 'contact', number: 1 },
        { item: 'hope_1', number: 5 },
        { item: 'hope_2', notApplicable: true },
      ],
      { complete: true },
    ).answers;
    expect(scoreConstructs(definition, SERVICE_USER, withNa)).toEqual([
      { constructKey: 'hope', kind: 'VALUE', score: 5, answeredItems: 1, shownItems: 2 },
    ]);
  });

  it('count only the items shown to the respondent, and keep kinds apart', () => {
    const { answers } = checkAnswers(
      definition,
      PROFESSIONAL,
      [
        { item: 'contact', number: 0 },
        { item: 'hope_2', number: 5 },
        { item: 'role_1', number: 4 },
      ],
      { complete: true },
    );
    expect(scoreConstructs(definition, PROFESSIONAL, answers)).toEqual([
      { constructKey: 'hope', kind: 'VALUE', score: 1, answeredItems: 1, shownItems: 1 },
      { constructKey: 'role_clarity', kind: 'CHALLENGE', score: 4, answeredItems: 1, shownItems: 1 },
    ]);
  });
});
