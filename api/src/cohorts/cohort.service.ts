import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { ProgrammeCohort } from './cohort.entity.js';

/** Programme figures per cohort; access is decided by the resolver's rule. */
export class CohortService {
  constructor(private readonly em: Em) {}

  /** A project's cohorts, oldest first; none for an id that cannot be a project's. */
  async ofProject(projectId: string): Promise<ProgrammeCohort[]> {
    if (!isUuid(projectId)) return [];
    return this.em.find(
      ProgrammeCohort,
      { project: projectId },
      { orderBy: { startYear: 'asc', cohort: 'asc' } },
    );
  }

  /** The cohorts of several projects with their project, by project name, then oldest first. */
  ofProjects(projectIds: readonly string[]): Promise<ProgrammeCohort[]> {
    return this.em.find(
      ProgrammeCohort,
      { project: { $in: projectIds.filter(isUuid) } },
      { populate: ['project'], orderBy: { project: { name: 'asc' }, startYear: 'asc', cohort: 'asc' } },
    );
  }
}
