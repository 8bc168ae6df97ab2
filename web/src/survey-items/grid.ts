import type { SurveyScale } from './types';

/** The scale of a grid section (its items share one) and how many answer columns it has, "don't know" included. */
export function gridOf(
  section: { grid?: boolean | null } | undefined,
  items: readonly { scale?: string | null }[],
  scales: readonly SurveyScale[],
): { scale: SurveyScale; columns: number } | null {
  if (!section?.grid) return null;
  const scale = scales.find((candidate) => candidate.key === items[0]?.scale);
  return scale ? { scale, columns: scale.points.length + (scale.notApplicable ? 1 : 0) } : null;
}
