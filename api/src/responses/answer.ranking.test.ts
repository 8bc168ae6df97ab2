import { describe, expect, it } from 'vitest';
import { problemsOf } from '../instruments/definition.rules.js';
import { ItemType, RespondentRole, ShowIfOperator, type Item } from '../instruments/definition.types.js';
import { rankingDefinition } from '../instruments/test/ranking-definition.js';
import { checkAnswers, type AnswerValue } from './answer.rules.js';
import { scoreConstructs } from './scoring.js';

const definition = rankingDefinition();
const { CONSULTANT } = RespondentRole;

function check(value: AnswerValue) {
  const result = checkAnswers(definition, CONSULTANT, [value], { complete: false });
  return result.errors[value.item] ?? result.answers.find((a) => a.itemKey === value.item);
}

const ranking = (d = rankingDefinition()) => d.sections[0]!.items[0]!;

describe('ranking items in a definition', () => {
  it('accept a ranking of two to ten options', () => {
    expect(problemsOf(rankingDefinition())).toEqual([]);
    const d = rankingDefinition();
    ranking(d).options = Array.from({ length: 10 }, (_, i) => ({ key: `o${i}`, label: { nb: `Valg ${i}` } }));
    expect(problemsOf(d)).toEqual([]);
  });

  it('refuse one option, more than ten, and duplicate keys', () => {
    const one = rankingDefinition();
    ranking(one).options = ranking(one).options!.slice(0, 1);
    expect(problemsOf(one).map((p) => [p.code, p.item])).toEqual([['TOO_FEW_OPTIONS', 'priorities']]);
    const many = rankingDefinition();
    ranking(many).options = Array.from({ length: 11 }, (_, i) => ({
      key: `o${i}`,
      label: { nb: `Valg ${i}` },
    }));
    expect(problemsOf(many).map((p) => p.message)).toEqual([
      'Item priorities: is a ranking of 11 options; at most 10 can be ranked',
    ]);
    const twice = rankingDefinition();
    ranking(twice).options![1]!.key = 'housing';
    expect(problemsOf(twice).map((p) => p.code)).toEqual(['OPTION_KEY_DUPLICATE']);
  });

  it('refuse "other, specify" and a show-if on a ranking', () => {
    const other = rankingDefinition();
    ranking(other).otherOption = true;
    expect(problemsOf(other).map((p) => p.code)).toEqual(['OTHER_NOT_CHOICE']);
    const shown = rankingDefinition();
    const places: Item = shown.sections[0]!.items[1]!;
    places.showIf = { item: 'priorities', op: ShowIfOperator.EQUALS, values: ['housing'] };
    expect(problemsOf(shown).map((p) => [p.code, p.item, p.message])).toEqual([
      [
        'SHOW_IF_RANKING',
        'places',
        'Item places: show-if on priorities: a ranking cannot be compared; show the item on another answer',
      ],
    ]);
  });

  it('refuse a ranking in a construct: it is not scored', () => {
    const d = rankingDefinition();
    d.constructs.push({ key: 'c', kind: 'OUTCOME' as never, label: { nb: 'C' } });
    ranking(d).construct = 'c';
    expect(problemsOf(d).map((p) => p.code)).toEqual(['CONSTRUCT_NOT_SCORED']);
    expect(ranking(d).type).toBe(ItemType.RANKING);
  });
});

describe('answers to a ranking', () => {
  it('store every option once, in the order given', () => {
    expect(check({ item: 'priorities', choices: ['friends', 'housing', 'work'] })).toMatchObject({
      choices: ['friends', 'housing', 'work'],
      number: null,
      text: null,
    });
  });

  it('refuse a partial ranking, naming what is left', () => {
    expect(check({ item: 'priorities', choices: ['work'] })).toBe(
      'Item priorities must rank every option; "housing", "friends" are not ranked',
    );
    expect(check({ item: 'priorities', choices: ['work', 'friends'] })).toBe(
      'Item priorities must rank every option; "housing" is not ranked',
    );
  });

  it('refuse unknown keys, duplicates, and other kinds of answer', () => {
    expect(check({ item: 'priorities', choices: ['housing', 'work', 'friends', 'pets'] })).toBe(
      'Item priorities has no option "pets"',
    );
    expect(check({ item: 'priorities', choices: ['housing', 'work', 'friends', 'work'] })).toBe(
      'Item priorities ranks an option twice',
    );
    expect(check({ item: 'priorities', choices: ['housing', 'work', 'work'] })).toBe(
      'Item priorities ranks an option twice',
    );
    expect(check({ item: 'priorities', choices: ['housing', 'work', 'friends\u0000'] })).toBe(
      'Item priorities has no option "friends\u0000"',
    );
    expect(check({ item: 'priorities', number: 1 })).toBe('Item priorities needs the options put in order');
    expect(check({ item: 'priorities', text: 'housing' })).toBe(
      'Item priorities needs the options put in order',
    );
  });

  it('leave an optional ranking unanswered, and require a required one at submission', () => {
    const done = checkAnswers(definition, CONSULTANT, [{ item: 'places', choices: [] }], { complete: true });
    expect(done.errors.places).toBeUndefined();
    expect(done.errors.priorities).toBeDefined();
    const full = checkAnswers(
      definition,
      CONSULTANT,
      [{ item: 'priorities', choices: ['work', 'housing', 'friends'] }],
      { complete: true },
    );
    expect(full.errors).toEqual({});
    expect(scoreConstructs(definition, CONSULTANT, full.answers)).toEqual([]);
  });
});
