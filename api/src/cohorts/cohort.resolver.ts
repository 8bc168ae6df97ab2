import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { UUID } from '../common/ids.js';
import type { Context } from '../context.js';
import { ProgrammeCohort } from './cohort.entity.js';
import { CohortService } from './cohort.service.js';

@Resolver(() => ProgrammeCohort)
export class CohortResolver {
  @Allow(Rules.memberOf({ arg: 'projectId' }))
  @Query(() => [ProgrammeCohort], { description: "A project's programme figures per cohort, oldest first" })
  programmeCohorts(
    @Arg('projectId', () => UUID) projectId: string,
    @Ctx() { em }: Context,
  ): Promise<ProgrammeCohort[]> {
    return new CohortService(em).ofProject(projectId);
  }
}
