import type { RespondentRole, RoundMissingnessQuery } from '@verdi/schema/generated';

export type Report = RoundMissingnessQuery['roundMissingness'];
type Item = Report['items'][number];

export interface TextsForTable {
  t: (key: string, values?: Record<string, unknown>) => string;
  /** A share as a percentage text, e.g. "12 %". */
  percent: (share: number) => string;
  /** The item's wording in the reader's language. */
  prompt: (item: Item) => string;
}

export interface MissingnessRow {
  key: string;
  prompt: string;
  conditional: boolean;
  /** Shown, answered, "Vet ikke", skipped, hidden by show-if, not asked; empty where the group is hidden. */
  cells: string[];
  /** Why the group's numbers are not shown, in words; null when they are. */
  note: string | null;
}

/** A count with its share of those shown the item, e.g. "4 (20 %)". */
function withRate(count: number, rate: number | null | undefined, texts: TextsForTable): string {
  return rate == null ? String(count) : `${count} (${texts.percent(rate)})`;
}

/**
 * One row per item for one group (a role, or all roles when `role` is null). A hidden group says why in words and
 * shows no number at all, never a zero.
 */
export function missingnessRows(
  report: Report,
  role: RespondentRole | null,
  texts: TextsForTable,
): MissingnessRow[] {
  const k = report.round.minGroupSize;
  return report.items.flatMap((item) => {
    const cell = item.cells.find((c) => c.role === role);
    if (!cell) return [];
    const c = cell.counts;
    return [
      {
        key: item.item,
        prompt: texts.prompt(item),
        conditional: item.conditional,
        cells: c
          ? [
              String(c.shown),
              withRate(c.answered, c.answeredRate, texts),
              withRate(c.dontKnow, c.dontKnowRate, texts),
              withRate(c.skipped, c.skippedRate, texts),
              String(c.hiddenByShowIf),
              String(c.notAsked),
            ]
          : [],
        note: cell.suppressed ? texts.t(`missingness.hidden.${cell.suppressed}`, { k }) : null,
      },
    ];
  });
}

/** "x of n (rate)", or "x of n" where n is 0. */
export function ofText(x: number, n: number, rate: number | null, texts: TextsForTable): string {
  return rate == null
    ? texts.t('missingness.ofNoRate', { x, n })
    : texts.t('missingness.ofWithRate', { x, n, rate: texts.percent(rate) });
}
