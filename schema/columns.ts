// The wire form of the column scalars (`ScoreColumns`, `ItemColumns`): cell i is the i-th entry of every column.
// The API's own types (api/src/analytics/analytics.types.ts) say the same; codegen maps the scalars to these.
import type { RespondentRole, SuppressionReason } from './generated/graphql';

export interface ScoreColumns {
  /** Index into the table's rounds. */
  round: number[];
  /** Null: all roles together. */
  role: (RespondentRole | null)[];
  /** Index into the table's constructs. */
  construct: number[];
  suppressed: (SuppressionReason | null)[];
  n: (number | null)[];
  mean: (number | null)[];
  spreadSuppressed: (SuppressionReason | null)[];
  sd: (number | null)[];
  ciLow: (number | null)[];
  ciHigh: (number | null)[];
  quartilesSuppressed: (SuppressionReason | null)[];
  median: (number | null)[];
  q1: (number | null)[];
  q3: (number | null)[];
}

export interface ItemColumns {
  /** Index into the table's rounds. */
  round: number[];
  /** Index into the table's items (an item as one role is asked it). */
  item: number[];
  suppressed: (SuppressionReason | null)[];
  n: (number | null)[];
  /** Answers per point of the item's scale, in the points' order; null where hidden. */
  counts: (number[] | null)[];
  notApplicable: (number | null)[];
  missing: (number | null)[];
}
