import {
  type ConstructKind,
  type InstrumentDefinition,
  type RespondentRole,
} from '../instruments/definition.types.js';
import { scoredValue } from '../instruments/scale-bounds.js';
import { isShown, itemsFor, type StoredAnswer } from './answer.rules.js';

// Exports read the bounds from here too; they are decided in one place, `scale-bounds.ts`.
export { scaleBounds } from '../instruments/scale-bounds.js';

export interface ScoreRow {
  constructKey: string;
  kind: ConstructKind;
  score: number;
  answeredItems: number;
  shownItems: number;
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
      values.push(scoredValue(item, definition, answer.number));
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
