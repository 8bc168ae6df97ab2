import { CohortService } from '../cohorts/cohort.service.js';
import { outcomeWhole, OUTCOMES, PIPELINE, type Stage } from '../cohorts/cohort.rules.js';
import type { Em } from '../db/orm.js';
import type { FunnelStage, ProgrammeFunnel } from './analytics.types.js';
import { wilsonInterval } from './stats.js';

/**
 * Programme figures per cohort, as the programmes report them: the pipeline stage by stage (each a share of the
 * last reported stage before it), then what became of those who started (shares of them). A figure not reported is
 * null, never 0, and no rate is made from one. The figures are the programmes' own published totals, validated on
 * entry so that no part exceeds its whole.
 */
export async function programmeFunnel(em: Em, projectIds: string[]): Promise<ProgrammeFunnel[]> {
  const cohorts = await new CohortService(em).ofProjects(projectIds);
  const stage = (
    name: Stage,
    count: number | null,
    of: { stage: Stage; count: number } | null,
  ): FunnelStage => {
    const rate = count !== null && of && of.count > 0 ? count / of.count : null;
    const interval = rate !== null && of ? wilsonInterval(count!, of.count) : null;
    return {
      stage: name,
      count,
      of: of?.stage ?? null,
      rate,
      ciLow: interval?.low ?? null,
      ciHigh: interval?.high ?? null,
    };
  };
  return cohorts.map((cohort) => {
    const stages: FunnelStage[] = [];
    let previous: { stage: Stage; count: number } | null = null;
    for (const name of PIPELINE) {
      const count = cohort[name];
      stages.push(stage(name, count, count === null ? null : previous));
      if (count !== null) previous = { stage: name, count };
    }
    const whole = outcomeWhole(cohort);
    for (const name of OUTCOMES) {
      const count = cohort[name];
      stages.push(stage(name, count, count === null ? null : whole));
    }
    return {
      projectId: cohort.project.id,
      projectName: cohort.project.name,
      cohort: cohort.cohort,
      startYear: cohort.startYear,
      source: cohort.source,
      note: cohort.note,
      stages,
    };
  });
}
