import type { SuppressionReason } from '@verdi/schema/generated';
import type { CsvValue } from './csv';

/** What a chart shows, as a table: the accessible and downloadable form of every chart. */
export interface ChartTable {
  columns: string[];
  rows: TableRow[];
  /** Columns of numbers and intervals, which are read as one value and so never wrapped. */
  numbers?: number[];
  /** The last column is each row's note (why a number is hidden), given room to be read. */
  notes?: boolean;
}

export interface TableRow {
  key: string;
  /** Shown as text; numbers are already formatted, and a number that is hidden is `hiddenValue`. */
  cells: string[];
  /** Raw values for CSV, same order as cells; a hidden number is null. */
  values: CsvValue[];
  suppressed: SuppressionReason | null;
  /** Why the chart has no bar for this row, in words; null where it has one. */
  gap: string | null;
  /** Why the row's bar has no interval, in words that start a sentence; null where it has one or has no bar. */
  noInterval: string | null;
  /** The row's section (its construct), where a chart is shown one section at a time. */
  section?: string;
  /** The row's project and round, so that a description can name a round whose every group is hidden once. */
  round?: string;
  /** The row's role, so that a description can name a role whose every row in a round is hidden once. */
  role?: string;
}

/**
 * What a table shows in place of a number that is hidden or not reported: never 0 and never an empty cell, which
 * would read as "none". The row's note says why.
 */
export const hiddenValue = '–';

export const roles = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'] as const;
