import { describe, expect, it } from 'vitest';
import { completeLanguages, missingInDefinition } from './definition.languages.js';
import { problemsOf } from './definition.rules.js';
import {
  ItemType,
  ShowIfOperator,
  isIsoDay,
  type InstrumentDefinition,
  type Item,
} from './definition.types.js';
import { canonicalDefinition } from './definition.canonical.js';
import { newTypesDefinition } from './test/new-types-definition.js';

function itemOf(definition: InstrumentDefinition, key: string): Item {
  return definition.sections.flatMap((s) => s.items).find((i) => i.key === key)!;
}

/** Code, item and message of each problem of the definition changed by `change`. */
function problemsAfter(change: (definition: InstrumentDefinition) => void) {
  const definition = newTypesDefinition();
  change(definition);
  return problemsOf(definition).map((p) => ({ code: p.code, item: p.item, message: p.message }));
}

describe('sliders, dates and "other, specify" in a definition', () => {
  it('accept the instrument with every new type', () => {
    expect(problemsOf(newTypesDefinition())).toEqual([]);
  });

  it('refuse a slider without both ends, or with its ends the wrong way round', () => {
    expect(problemsAfter((d) => (itemOf(d, 'mood').max = null))).toEqual([
      {
        code: 'SLIDER_NEEDS_RANGE',
        item: 'mood',
        message: 'Item mood: is a slider, which needs both a lowest and a highest number',
      },
      {
        code: 'CONSTRUCT_MIXED_SCALES',
        item: 'strain',
        message: 'Item strain: is answered differently from mood, so construct wellbeing would mix scales',
      },
    ]);
    expect(problemsAfter((d) => Object.assign(itemOf(d, 'mood'), { min: 5, max: 5 }))).toMatchObject([
      { code: 'SLIDER_MIN_NOT_BELOW_MAX', item: 'mood' },
      // The construct's items are now answered on different ranges, and the condition on mood is out of it.
      { code: 'CONSTRUCT_MIXED_SCALES', item: 'strain' },
      { code: 'SHOW_IF_OUT_OF_RANGE', item: 'calm' },
    ]);
  });

  it('refuse a step of zero, below zero, or one that does not divide the range', () => {
    for (const step of [0, -1, Number.NaN])
      expect(problemsAfter((d) => (itemOf(d, 'mood').step = step)).map((p) => p.code)).toEqual([
        'SLIDER_STEP_INVALID',
      ]);
    expect(
      problemsAfter((d) => {
        itemOf(d, 'mood').step = 3;
        itemOf(d, 'calm').showIf!.values = ['9'];
      }),
    ).toEqual([
      {
        code: 'SLIDER_STEP_INVALID',
        item: 'mood',
        message: 'Item mood: the step (3) does not divide the range from 0 to 10',
      },
    ]);
    // 0.1 does not divide 1 exactly in binary floating point, but does to a millionth of a step.
    expect(
      problemsAfter((d) => Object.assign(itemOf(d, 'mood'), { min: 0, max: 1, step: 0.1 })),
    ).toMatchObject([{ code: 'CONSTRUCT_MIXED_SCALES' }, { code: 'SHOW_IF_OUT_OF_RANGE' }]);
  });

  it('refuse a slider end label with no bokmål, and slider fields on other types', () => {
    expect(problemsAfter((d) => (itemOf(d, 'mood').minLabel = { nb: ' ', en: 'Bad' }))).toMatchObject([
      { code: 'SLIDER_LABEL_NO_TEXT', item: 'mood' },
    ]);
    expect(problemsAfter((d) => (itemOf(d, 'started').step = 1))).toEqual([
      {
        code: 'FIELD_NOT_USED',
        item: 'started',
        message: 'Item started: has step, but DATE items do not use it',
      },
    ]);
    expect(problemsAfter((d) => (itemOf(d, 'mood').earliest = '2026-01-01')).map((p) => p.code)).toEqual([
      'FIELD_NOT_USED',
    ]);
  });

  it('refuse days that do not exist or are not written YYYY-MM-DD, and an earliest after the latest', () => {
    for (const day of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '2026-01-01T00:00', ''])
      expect(
        problemsAfter((d) => (itemOf(d, 'started').earliest = day)),
        day,
      ).toEqual([
        {
          code: 'DATE_INVALID',
          item: 'started',
          message: `Item started: earliest "${day}" is not a day written YYYY-MM-DD`,
        },
      ]);
    expect(problemsAfter((d) => (itemOf(d, 'started').earliest = '2027-01-01'))).toEqual([
      {
        code: 'DATE_EARLIEST_AFTER_LATEST',
        item: 'started',
        message: 'Item started: the earliest day (2027-01-01) is after the latest (2026-12-31)',
      },
    ]);
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2026-02-29')).toBe(false);
  });

  it('refuse "other, specify" on an item without options, and an option keyed "other" beside it', () => {
    expect(problemsAfter((d) => (itemOf(d, 'mood').otherOption = true))).toEqual([
      {
        code: 'OTHER_NOT_CHOICE',
        item: 'mood',
        message: 'Item mood: offers "other, specify", but SLIDER items have no options',
      },
    ]);
    expect(
      problemsAfter((d) => itemOf(d, 'help').options!.push({ key: 'other', label: { nb: 'Annet' } })),
    ).toEqual([
      {
        code: 'OTHER_KEY_RESERVED',
        item: 'help',
        message: 'Item help: option key "other" is kept for "other, specify", which the item offers',
      },
    ]);
    // Without "other, specify", "other" is an option key like any other.
    expect(
      problemsAfter((d) => {
        itemOf(d, 'help').otherOption = false;
        itemOf(d, 'help').options!.push({ key: 'other', label: { nb: 'Annet' } });
      }),
    ).toEqual([]);
  });

  it('let a show-if name "other" only on an item offering it, and refuse one on a date', () => {
    expect(problemsAfter((d) => (itemOf(d, 'workplace').otherOption = null))).toMatchObject([
      { code: 'SHOW_IF_UNKNOWN_OPTION', item: 'other_followup' },
    ]);
    expect(
      problemsAfter(
        (d) =>
          (itemOf(d, 'calm').showIf = { item: 'started', op: ShowIfOperator.EQUALS, values: ['2026-01-01'] }),
      ),
    ).toMatchObject([{ code: 'SHOW_IF_DATE', item: 'calm' }]);
    // Equal to a slider value: one on its steps; greater or less than: any number within its ends.
    expect(
      problemsAfter(
        (d) => (itemOf(d, 'calm').showIf = { item: 'mood', op: ShowIfOperator.EQUALS, values: ['7.25'] }),
      ),
    ).toEqual([
      {
        code: 'SHOW_IF_NOT_ON_STEP',
        item: 'calm',
        message: "Item calm: show-if on mood expects 7.25, which is not one of the slider's steps",
      },
    ]);
    expect(problemsAfter((d) => (itemOf(d, 'calm').showIf!.values = ['7.25']))).toEqual([]);
    expect(problemsAfter((d) => (itemOf(d, 'calm').showIf!.values = ['11']))).toMatchObject([
      { code: 'SHOW_IF_OUT_OF_RANGE', item: 'calm' },
    ]);
  });

  it('see the slider end labels in the nynorsk walk, and keep every new field through the canonical form', () => {
    const definition = newTypesDefinition();
    // The agreement scale has no nynorsk, and only other_followup uses it.
    const missing = (d: InstrumentDefinition) =>
      missingInDefinition(d, 'nn').filter((m) => !m.path.startsWith('scales'));
    expect(missing(definition)).toEqual([]);
    itemOf(definition, 'mood').maxLabel!.nn = '';
    expect(missing(definition)).toEqual([
      { path: 'sections[0].items[0].maxLabel', item: 'mood', language: 'nn' },
    ]);
    expect(completeLanguages(newTypesDefinition())).toEqual(['nb', 'en']);

    const canonical = canonicalDefinition(newTypesDefinition());
    expect(itemOf(canonical, 'mood')).toMatchObject({
      type: ItemType.SLIDER,
      min: 0,
      max: 10,
      step: 0.5,
      minLabel: { nb: 'Svært dårlig' },
      maxLabel: { nb: 'Svært godt' },
    });
    expect(itemOf(canonical, 'started')).toMatchObject({ earliest: '2020-01-01', latest: '2026-12-31' });
    expect(itemOf(canonical, 'workplace').otherOption).toBe(true);
    const off = newTypesDefinition();
    itemOf(off, 'workplace').otherOption = false;
    expect('otherOption' in itemOf(canonicalDefinition(off), 'workplace')).toBe(false);
    expect(canonicalDefinition(canonical)).toEqual(canonical);
  });
});
