/**
 * A programme cohort's figures follow the people through the programme: each pipeline stage is part of the one
 * before it, and the outcomes are parts of those who started (each person has one outcome at most), so none may
 * exceed its whole. A figure not reported is null, never 0.
 */
export const PIPELINE = ['applicants', 'interviewed', 'admitted', 'started', 'completed'] as const;
export const OUTCOMES = [
  'employedInServices',
  'employedElsewhere',
  'furtherEducation',
  'stillFinishing',
  'inactive',
] as const;

export type Stage = (typeof PIPELINE)[number] | (typeof OUTCOMES)[number];
export type CohortFigures = Partial<Record<Stage, number | null>> & { hoursPerWeek?: number | null };

/** The whole the outcomes are parts of: those who started, or the nearest stage before it that is reported. */
export function outcomeWhole(figures: CohortFigures): { stage: Stage; count: number } | null {
  for (const stage of ['started', 'admitted', 'interviewed', 'applicants'] as const) {
    const count = figures[stage];
    if (count != null) return { stage, count };
  }
  return null;
}

/** What is wrong with a cohort's figures, by field; empty when they hold together. */
export function cohortProblems(figures: CohortFigures): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const stage of [...PIPELINE, ...OUTCOMES]) {
    const value = figures[stage];
    if (value != null && !(Number.isInteger(value) && value >= 0))
      problems[stage] = `must be a whole number of people, 0 or more (was ${value})`;
  }
  if (Object.keys(problems).length > 0) return problems;
  PIPELINE.forEach((stage, index) => {
    const value = figures[stage];
    if (value == null) return;
    const before = PIPELINE.slice(0, index)
      .reverse()
      .find((earlier) => figures[earlier] != null);
    if (before && value > figures[before]!)
      problems[stage] = `(${value}) cannot exceed ${before} (${figures[before]}): it is part of it`;
  });
  const whole = outcomeWhole(figures);
  const reported = OUTCOMES.filter((stage) => figures[stage] != null);
  const sum = reported.reduce((s, stage) => s + figures[stage]!, 0);
  if (whole && sum > whole.count) {
    problems[reported.length === 1 ? reported[0]! : 'outcomes'] =
      `${reported.map((s) => `${s} (${figures[s]})`).join(' + ')} = ${sum} cannot exceed ${whole.stage} (${whole.count}): each person who started has one outcome at most`;
  }
  const hours = figures.hoursPerWeek;
  if (hours != null && !(hours >= 0 && hours <= 80))
    problems.hoursPerWeek = `must be between 0 and 80 hours a week (was ${hours})`;
  return problems;
}
