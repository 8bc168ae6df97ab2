import type { SuppressionReason } from '@verdi/schema/generated';
import type { CsvValue } from './csv';

/** What a chart shows, as a table: the accessible and downloadable form of every chart. */
export interface ChartTable {
  columns: string[];
  rows: TableRow[];
}

export interface TableRow {
  key: string;
  /** Shown as text; numbers are already formatted. */
  cells: string[];
  /** Raw values for CSV, same order as cells. */
  values: CsvValue[];
  suppressed: SuppressionReason | null;
}

export const roles = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'] as const;
