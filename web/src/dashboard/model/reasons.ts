import type { SuppressionReason } from '@verdi/schema/generated';
import type { ChartTexts } from './charts';

/**
 * How many times the round's k a group needs before its spread (sd, confidence interval, d_z) and its median are
 * shown. The API decides and sends only the reason; these say how many answers that takes, in words. They mirror
 * `STRICT` in api/src/analytics/disclosure.ts, and a test fails when the two part. Medians and quartiles are never
 * shown (Infinity): with the mean and the answer distributions they can give single answers away.
 */
export const spreadFactor = 2;
export const quartileFactor = Infinity;

/** Who a hidden cell counts: answers, or people who answered both rounds (pairs). */
export type Counted = 'answers' | 'pairs';

/** Why a whole cell is hidden, with the round's k where the reason is that too few answered. */
export function hiddenReason(
  reason: SuppressionReason,
  k: number,
  texts: ChartTexts,
  counted: Counted = 'answers',
): string {
  return texts.t(`dashboard.${counted === 'pairs' ? 'pairsSuppressed' : 'suppressed'}.${reason}`, { k });
}

interface Details {
  spreadSuppressed?: SuppressionReason | null;
  quartilesSuppressed?: SuppressionReason | null;
  round: { minGroupSize: number };
}

/** Why a shown mean comes without its spread, and without its median where a median could be shown at all. */
export function detailNotes(cell: Details, texts: ChartTexts): string[] {
  const k = cell.round.minGroupSize;
  const spread = cell.spreadSuppressed ?? null;
  const quartiles = cell.quartilesSuppressed ?? null;
  const notes: string[] = [];
  if (spread) notes.push(detailNote('spread', spread, spreadFactor * k, texts));
  // Never released: said once under the heading, not on every row.
  if (quartiles && Number.isFinite(quartileFactor))
    notes.push(detailNote('median', quartiles, quartileFactor * k, texts));
  return notes;
}

function detailNote(
  what: 'spread' | 'median' | 'pairedSpread' | 'unpairedInterval',
  reason: SuppressionReason,
  n: number,
  texts: ChartTexts,
): string {
  // A round that is not shown hides the whole cell; its reason is already the row's note.
  if (reason === 'ROUND_OPEN') return texts.t('dashboard.suppressed.ROUND_OPEN');
  return texts.t(`dashboard.${what}.${reason}`, { n });
}

/** Why a paired change comes without its interval and effect size: they need 2k pairs. */
export function pairedSpreadNote(reason: SuppressionReason, k: number, texts: ChartTexts): string {
  return detailNote('pairedSpread', reason, spreadFactor * k, texts);
}

/** Why a difference between two rounds comes without its interval: each round's sd needs 2k answers. */
export function unpairedIntervalNote(reason: SuppressionReason, k: number, texts: ChartTexts): string {
  return detailNote('unpairedInterval', reason, spreadFactor * k, texts);
}

/** The start of a sentence in a chart's description that lists the bars drawn without an interval. */
export function noIntervalLead(
  reason: SuppressionReason,
  k: number,
  texts: ChartTexts,
  counted: Counted | 'each' = 'answers',
): string {
  if (reason !== 'TOO_FEW') return texts.t('dashboard.chart.noInterval.SECONDARY');
  const key = { answers: 'TOO_FEW', pairs: 'TOO_FEW_PAIRS', each: 'TOO_FEW_EACH' }[counted];
  return texts.t(`dashboard.chart.noInterval.${key}`, { n: spreadFactor * k });
}
