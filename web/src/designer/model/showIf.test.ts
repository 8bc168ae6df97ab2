import { describe, expect, it } from 'vitest';
import { fromDefinition, type EditDefinition } from './editable';
import { itemPlaces, moveItem } from './operations';
import {
  earlierItems,
  operatorsFor,
  setShowIfEnabled,
  setShowIfOperator,
  setShowIfTarget,
  showIfTargets,
  valueChoicesFor,
} from './showIf';
import { apiItem, sampleDefinition } from '../test/definitions';

const item = (definition: EditDefinition, key: string) =>
  itemPlaces(definition).find((p) => p.item.key === key)!.item;
const keys = (items: { key: string }[]) => items.map((entry) => entry.key);

describe('show-if choices', () => {
  it('offers only items that come before, across sections, and never free text', () => {
    const definition = fromDefinition(sampleDefinition());
    expect(keys(earlierItems(definition, item(definition, 'q1').uid))).toEqual([]);
    expect(keys(earlierItems(definition, item(definition, 'q5').uid))).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(keys(showIfTargets(definition, item(definition, 'q5').uid))).toEqual(['q1', 'q2', 'q3']);
    // After a move, what is earlier changes with it.
    moveItem(definition, item(definition, 'q1').uid, 1);
    expect(keys(showIfTargets(definition, item(definition, 'q2').uid))).toEqual([]);
  });

  it('compares options only as equal or one of; numbers also as greater or less', () => {
    const definition = fromDefinition(sampleDefinition());
    expect(operatorsFor(item(definition, 'q3'))).toEqual(['EQUALS', 'ONE_OF']);
    expect(operatorsFor(item(definition, 'q2'))).toEqual(['EQUALS', 'ONE_OF', 'GREATER_THAN', 'LESS_THAN']);
  });

  it("offers the target's own options, scale points, yes and no, or 0–10", () => {
    const definition = fromDefinition(sampleDefinition());
    const scales = definition.scales;
    expect(valueChoicesFor(item(definition, 'q3'), scales)?.map((c) => [c.value, c.label?.nb])).toEqual([
      ['a', 'Alternativ A'],
      ['b', 'Alternativ B'],
    ]);
    expect(valueChoicesFor(item(definition, 'q2'), scales)?.map((c) => c.value)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(valueChoicesFor(item(definition, 'q1'), scales)).toEqual([
      { value: '1', label: null, yesNo: 'yes' },
      { value: '0', label: null, yesNo: 'no' },
    ]);
    const nps = fromDefinition({
      ...sampleDefinition(),
      sections: [
        {
          key: 's',
          title: { nb: 'S', en: null, nn: null },
          randomiseOrder: null,
          grid: null,
          items: [
            apiItem({ key: 'n', type: 'NPS', scale: null }),
            apiItem({ key: 'x', type: 'NUMBER', scale: null }),
          ],
        },
      ],
    });
    expect(valueChoicesFor(item(nps, 'n'), scales)).toHaveLength(11);
    expect(valueChoicesFor(item(nps, 'x'), scales)).toBeNull();
  });

  it('starts a condition on the nearest earlier item, and keeps values only where the operator takes several', () => {
    const definition = fromDefinition(sampleDefinition());
    const q5 = item(definition, 'q5');
    expect(setShowIfEnabled(definition, q5, true)).toBe(true);
    // q4 is free text, so q3 is the nearest that can be compared.
    expect(q5.showIf).toEqual({ item: 'q3', op: 'EQUALS', values: [] });
    setShowIfOperator(q5, 'ONE_OF');
    q5.showIf!.values = ['a', 'b'];
    setShowIfTarget(definition, q5, 'q2');
    expect(q5.showIf).toEqual({ item: 'q2', op: 'ONE_OF', values: [] });
    q5.showIf!.values = ['4', '5'];
    setShowIfOperator(q5, 'GREATER_THAN');
    expect(q5.showIf?.values).toEqual(['4']);
    setShowIfOperator(q5, 'GREATER_THAN');
    setShowIfTarget(definition, q5, 'q3');
    expect(q5.showIf?.op).toBe('EQUALS');
    const q1 = item(definition, 'q1');
    expect(setShowIfEnabled(definition, q1, true)).toBe(false);
    expect(q1.showIf).toBeNull();
  });
});

describe('show-if on the new item types', () => {
  it('never offers a date, offers "other" where a choice item has it, and any number on a slider', () => {
    const definition = fromDefinition(sampleDefinition());
    item(definition, 'q1').type = 'DATE';
    item(definition, 'q3').otherOption = true;
    item(definition, 'q2').type = 'SLIDER';
    expect(keys(showIfTargets(definition, item(definition, 'q5').uid))).toEqual(['q2', 'q3']);
    expect(valueChoicesFor(item(definition, 'q3'), definition.scales)?.map((c) => c.value)).toEqual([
      'a',
      'b',
      'other',
    ]);
    expect(valueChoicesFor(item(definition, 'q3'), definition.scales)?.at(-1)?.other).toBe(true);
    expect(valueChoicesFor(item(definition, 'q2'), definition.scales)).toBeNull();
    expect(operatorsFor(item(definition, 'q2'))).toContain('GREATER_THAN');
  });
});
