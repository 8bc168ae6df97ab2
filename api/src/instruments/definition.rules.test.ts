import { describe, expect, it } from 'vitest';
import { problemsOf } from './definition.rules.js';
import { ConstructKind, ShowIfOperator, type InstrumentDefinition, type Item } from './definition.types.js';
import { likert, sampleDefinition } from './test/sample-definition.js';

function itemOf(definition: InstrumentDefinition, key: string): Item {
  const item = definition.sections.flatMap((s) => s.items).find((i) => i.key === key);
  if (!item) throw new Error(`no item ${key}`);
  return item;
}

/** The messages of a definition changed by `change`, for the rule under test. */
function messagesAfter(change: (definition: InstrumentDefinition) => void): string[] {
  const definition = sampleDefinition();
  change(definition);
  return problemsOf(definition).map((p) => p.message);
}

describe('definition rules', () => {
  it('accept the sample three-role instrument', () => {
    expect(problemsOf(sampleDefinition())).toEqual([]);
  });

  it('refuse duplicate item keys, naming the item', () => {
    const problems = messagesAfter((d) => d.sections[1]!.items.push(likert('hope_1', 'hope')));
    expect(problems).toEqual(['Item hope_1: the key is used by an earlier item too']);
  });

  it('refuse keys that are not usable as variable names', () => {
    expect(messagesAfter((d) => (itemOf(d, 'years').key = '2nd Year'))).toEqual([
      'Item 2nd Year: the key must start with a letter a-z and hold only a-z, 0-9 and _, at most 64 characters',
    ]);
  });

  it('refuse a show-if that points at a later item, at itself, or at an unknown item', () => {
    expect(
      messagesAfter(
        (d) =>
          (itemOf(d, 'contact').showIf = { item: 'years', op: ShowIfOperator.GREATER_THAN, values: ['1'] }),
      ),
    ).toEqual(['Item contact: show-if points at years, which does not come before it']);
    expect(
      messagesAfter(
        (d) =>
          (itemOf(d, 'years').showIf = { item: 'years', op: ShowIfOperator.GREATER_THAN, values: ['1'] }),
      ),
    ).toEqual(['Item years: show-if points at years, which does not come before it']);
    expect(messagesAfter((d) => (itemOf(d, 'hope_1').showIf!.item = 'nowhere'))).toEqual([
      'Item hope_1: show-if points at nowhere, which does not exist',
    ]);
  });

  it('refuse a show-if on a value the item cannot have', () => {
    expect(messagesAfter((d) => (itemOf(d, 'value_text').showIf!.values = ['ambulant', 'office']))).toEqual([
      'Item value_text: show-if on workplace expects option "office", which workplace does not have',
    ]);
    expect(messagesAfter((d) => (itemOf(d, 'recommend').showIf!.values = ['6']))).toEqual([
      'Item recommend: show-if on hope_2 compares with 6, which hope_2 cannot have (1–5)',
    ]);
    expect(messagesAfter((d) => (itemOf(d, 'hope_1').showIf!.values = ['ja']))).toEqual([
      'Item hope_1: show-if on contact compares with "ja", which is not a number',
    ]);
    expect(
      messagesAfter(
        (d) =>
          (itemOf(d, 'value_text').showIf = {
            item: 'workplace',
            op: ShowIfOperator.GREATER_THAN,
            values: ['housing'],
          }),
      ),
    ).toEqual(['Item value_text: show-if on workplace: options cannot be greater or less than each other']);
    expect(
      messagesAfter(
        (d) =>
          (itemOf(d, 'recommend').showIf = { item: 'value_text', op: ShowIfOperator.EQUALS, values: ['x'] }),
      ),
    ).toEqual(['Item recommend: show-if on value_text: text answers cannot be compared']);
  });

  it('refuse a construct that mixes kinds', () => {
    expect(
      messagesAfter((d) =>
        d.constructs.push({ key: 'hope', kind: ConstructKind.CHALLENGE, label: { nb: 'Håp' } }),
      ),
    ).toEqual(['Construct hope mixes kinds: it is both VALUE and CHALLENGE']);
  });

  it('refuse a construct whose items would be averaged across different scales', () => {
    expect(
      messagesAfter((d) => {
        const nps = itemOf(d, 'recommend');
        nps.construct = 'hope';
      }),
    ).toEqual(['Item recommend: is answered differently from hope_1, so construct hope would mix scales']);
    expect(messagesAfter((d) => (itemOf(d, 'value_text').construct = 'hope'))).toEqual([
      'Item value_text: is a TEXT item, which cannot be scored as part of construct hope',
    ]);
    expect(messagesAfter((d) => (itemOf(d, 'hope_2').construct = 'trust'))).toEqual([
      'Item hope_2: measures construct trust, which does not exist',
    ]);
  });

  it('refuse a Likert item without a scale, or with an unknown one', () => {
    expect(messagesAfter((d) => (itemOf(d, 'hope_2').scale = null))).toEqual([
      'Item hope_2: is a Likert item without a scale',
    ]);
    expect(messagesAfter((d) => (itemOf(d, 'hope_2').scale = 'agree7'))).toEqual([
      'Item hope_2: uses scale agree7, which does not exist',
    ]);
  });

  it('refuse an empty role set, and a wording for a role the item is not shown to', () => {
    expect(messagesAfter((d) => (itemOf(d, 'years').roles = []))).toEqual([
      'Item years: is shown to no role; choose at least one',
    ]);
    expect(
      messagesAfter((d) => (itemOf(d, 'hope_1').roles = ['SERVICE_USER' as never, 'PROFESSIONAL' as never])),
    ).toEqual(['Item hope_1: has a wording for CONSULTANT, who is not shown the item']);
  });

  it('refuse missing bokmål text anywhere a participant would see it', () => {
    expect(messagesAfter((d) => (itemOf(d, 'years').prompt = { nb: ' ', en: 'Years?' }))).toEqual([
      'Item years: has no bokmål text',
    ]);
    expect(
      messagesAfter((d) => (itemOf(d, 'workplace').options![1]!.label = { nb: '', en: 'Housing' })),
    ).toEqual(['Item workplace: option housing has no bokmål label']);
    expect(messagesAfter((d) => (d.sections[0]!.title = { nb: '' }))).toEqual([
      'Section about has no bokmål title',
    ]);
    expect(messagesAfter((d) => (d.scales[0]!.points[2]!.label = { nb: '' }))).toEqual([
      'Scale agree5: point 3 has no bokmål label',
    ]);
    expect(messagesAfter((d) => (itemOf(d, 'hope_1').promptByRole![0]!.text = { nb: '' }))).toEqual([
      'Item hope_1: the PROFESSIONAL wording has no bokmål text',
    ]);
  });

  it('refuse options without keys, and choice items with fewer than two options', () => {
    expect(messagesAfter((d) => (itemOf(d, 'workplace').options![0]!.key = ''))).toContain(
      'Item workplace: option 1 has no key',
    );
    expect(
      messagesAfter((d) => (itemOf(d, 'workplace').options = itemOf(d, 'workplace').options!.slice(0, 1))),
    ).toContain('Item workplace: needs at least two options');
    expect(messagesAfter((d) => (itemOf(d, 'workplace').options![2]!.key = 'housing'))).toEqual([
      'Item workplace: option key "housing" is used twice',
    ]);
  });

  it('refuse impossible bounds and reverse-scoring where nothing is scored', () => {
    expect(messagesAfter((d) => Object.assign(itemOf(d, 'years'), { min: 10, max: 5 }))).toEqual([
      'Item years: the lowest number (10) is above the highest (5)',
    ]);
    expect(messagesAfter((d) => (itemOf(d, 'value_text').reverseScored = true))).toEqual([
      'Item value_text: is reverse-scored, but TEXT items are not scored',
    ]);
  });

  it('refuse an instrument without items', () => {
    expect(messagesAfter((d) => (d.sections = []))).toEqual(['The instrument has no sections']);
    expect(messagesAfter((d) => (d.sections = [{ key: 'empty', title: { nb: 'Tom' }, items: [] }]))).toEqual([
      'Section empty has no items',
      'The instrument has no items',
    ]);
  });

  it('give each problem a path and the item it concerns', () => {
    const definition = sampleDefinition();
    itemOf(definition, 'hope_2').scale = null;
    expect(problemsOf(definition)).toEqual([
      {
        path: 'sections[1].items[1].scale',
        item: 'hope_2',
        code: 'LIKERT_NO_SCALE',
        params: [{ name: 'key', value: 'hope_2' }],
        message: 'Item hope_2: is a Likert item without a scale',
      },
    ]);
  });

  it('give each problem a code and the values its wording needs, so the designer can say it in any language', () => {
    const definition = sampleDefinition();
    itemOf(definition, 'recommend').showIf!.values = ['6'];
    Object.assign(itemOf(definition, 'years'), { reverseScored: true, max: null });
    definition.constructs.push({ ...definition.constructs[0]!, kind: ConstructKind.OUTCOME });
    const found = problemsOf(definition).map((p) => [
      p.code,
      Object.fromEntries(p.params.map((param) => [param.name, param.value])),
    ]);
    expect(found).toEqual([
      [
        'CONSTRUCT_MIXED_KINDS',
        {
          construct: definition.constructs[0]!.key,
          kind: definition.constructs[0]!.kind,
          otherKind: 'OUTCOME',
        },
      ],
      ['REVERSE_NEEDS_RANGE', { key: 'years' }],
      ['SHOW_IF_OUT_OF_RANGE', { key: 'recommend', target: 'hope_2', value: '6', min: '1', max: '5' }],
    ]);
  });
});
