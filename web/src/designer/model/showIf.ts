import type { ShowIfOperator } from '@verdi/schema/generated';
import { choiceTypes, type EditDefinition, type EditItem, type EditScale, type EditText } from './editable';
import { itemPlaces } from './operations';

/** The items before this one in the questionnaire: the only ones a show-if condition may look at. */
export function earlierItems(definition: EditDefinition, uid: string): EditItem[] {
  const items = itemPlaces(definition).map((place) => place.item);
  const index = items.findIndex((item) => item.uid === uid);
  return index < 0 ? [] : items.slice(0, index);
}

/** Earlier items whose answers can be compared: all but free text and dates. */
export function showIfTargets(definition: EditDefinition, uid: string): EditItem[] {
  return earlierItems(definition, uid).filter(
    (item) =>
      item.type !== 'TEXT' && item.type !== 'DATE' && item.type !== 'RANKING' && item.key.trim() !== '',
  );
}

export function operatorsFor(target: Pick<EditItem, 'type'> | undefined): ShowIfOperator[] {
  if (!target) return ['EQUALS'];
  // Options have no order, so they are only the same or not.
  return choiceTypes.has(target.type)
    ? ['EQUALS', 'ONE_OF']
    : ['EQUALS', 'ONE_OF', 'GREATER_THAN', 'LESS_THAN'];
}

/** One value a condition can compare with; `label` null for plain numbers, `yesNo` for the yes/no answers. */
export interface ValueChoice {
  value: string;
  label: EditText | null;
  yesNo?: 'yes' | 'no';
  /** The "other, specify" answer of a choice item offering it. */
  other?: boolean;
}

/** The values a condition on `target` can compare with; null when any number may be typed (NUMBER). */
export function valueChoicesFor(
  target: EditItem | undefined,
  scales: readonly EditScale[],
): ValueChoice[] | null {
  if (!target) return [];
  switch (target.type) {
    case 'SINGLE_CHOICE':
    case 'MULTI_CHOICE': {
      const options = target.options.map((option) => ({ value: option.key, label: option.label }));
      return target.otherOption ? [...options, { value: 'other', label: null, other: true }] : options;
    }
    case 'LIKERT':
      return (scales.find((scale) => scale.key === target.scale)?.points ?? []).map((point) => ({
        value: String(point.value),
        label: point.label,
      }));
    case 'YES_NO':
      return [
        { value: '1', label: null, yesNo: 'yes' },
        { value: '0', label: null, yesNo: 'no' },
      ];
    case 'NPS':
      return Array.from({ length: 11 }, (_, value) => ({ value: String(value), label: null }));
    case 'NUMBER':
    case 'SLIDER':
      return null;
    case 'TEXT':
    case 'DATE':
    case 'RANKING':
      return [];
  }
}

/** Starts a condition on the nearest earlier item that can be compared, or removes the condition. */
export function setShowIfEnabled(definition: EditDefinition, item: EditItem, enabled: boolean): boolean {
  if (!enabled) {
    item.showIf = null;
    return true;
  }
  const target = showIfTargets(definition, item.uid).at(-1);
  if (!target) return false;
  item.showIf = { item: target.key, op: 'EQUALS', values: [] };
  return true;
}

export function setShowIfTarget(definition: EditDefinition, item: EditItem, targetKey: string): void {
  const target = itemPlaces(definition).find((place) => place.item.key === targetKey)?.item;
  const op = item.showIf && operatorsFor(target).includes(item.showIf.op) ? item.showIf.op : 'EQUALS';
  item.showIf = { item: targetKey, op, values: [] };
}

export function setShowIfOperator(item: EditItem, op: ShowIfOperator): void {
  if (!item.showIf) return;
  item.showIf.op = op;
  // Only ONE_OF takes several values.
  if (op !== 'ONE_OF') item.showIf.values = item.showIf.values.slice(0, 1);
}
