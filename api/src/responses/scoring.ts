import {
  ItemType,
  type ConstructKind,
  type InstrumentDefinition,
  type Item,
  type RespondentRole,
} from '../instruments/definition.types.js';
import { isShown, itemsFor, type StoredAnswer } from './answer.rules.js';

export interface ScoreRow {
  constructKey: string;
  kind: ConstructKind;
  score: number;
  answeredItems: number;
  shownItems: number;
}

/** The ends of an item's scale, for mirroring a reverse-scored answer. */
export function scaleBounds(item: Item, definition: InstrumentDefinition): [number, number] | undefined {
  switch (item.type) {
    case ItemType.LIKERT: {
      const values = definition.scales.find((s) => s.key === item.scale)?.points.map((p) => p.value) ?? [];
      return values.length ? [Math.min(...values), Math.max(...values)] : undefined;
    }
    case ItemType.NPS:
      return [0, 10];
    case ItemType.YES_NO:
      return [0, 1];
    case ItemType.NUMBER:
      return item.min != null && item.max != null ? [item.min, item.max] : undefined;
    default:
      return undefined;
  }
}

/**
 * Each construct's score for one respondent: the mean of the items they answered (reverse-scored items mirrored,
 * "Vet ikke" left out), with how many of the construct's items they were shown. Constructs they answered nothing of
 * get no row. Kinds stay apart: every row carries its construct's kind.
 */
export function scoreConstructs(
  definition: InstrumentDefinition,
  role: RespondentRole,
  answers: StoredAnswer[],
): ScoreRow[] {
  const byKey = new Map(answers.map((a) => [a.itemKey, a]));
  const rows: ScoreRow[] = [];
  for (const construct of definition.constructs) {
    const items = itemsFor(definition, role).filter(
      (item) => item.construct === construct.key && isShown(item, byKey),
    );
    const values: number[] = [];
    for (const item of items) {
      const answer = byKey.get(item.key);
      if (!answer || answer.notApplicable || answer.number == null) continue;
      const range = scaleBounds(item, definition);
      values.push(item.reverseScored && range ? range[0] + range[1] - answer.number : answer.number);
    }
    if (values.length === 0) continue;
    rows.push({
      constructKey: construct.key,
      kind: construct.kind,
      score: values.reduce((sum, v) => sum + v, 0) / values.length,
      answeredItems: values.length,
      shownItems: items.length,
    });
  }
  return rows;
}
