import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Language } from '../accounts/user.entity.js';
import { Allow, Rules } from '../auth/rules.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import { UUID } from '../common/ids.js';
import type { Context } from '../context.js';
import { Project } from '../projects/project.entity.js';
import { RetentionService } from './retention.service.js';
import {
  ProjectRetention,
  RetentionReceipt,
  RetentionScheduleEntry,
  SetProjectRetentionInput,
} from './retention.types.js';

const projectFromId = { arg: 'projectId' };
const projectItself = { parent: (project: unknown) => (project as Project).id };

@Resolver(() => Project)
export class RetentionResolver {
  @Allow(Rules.researcherOf(projectFromId))
  @Mutation(() => Project, {
    description:
      "Sets a project's approved end date, what happens to its data then, and the approval reference (its researchers and admins)",
  })
  setProjectRetention(
    @Arg('projectId', () => UUID) projectId: string,
    @Arg('input') input: SetProjectRetentionInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Project> {
    return new RetentionService(em).set(viewer, projectId, input);
  }

  @Allow(Rules.memberOf(projectItself))
  @FieldResolver(() => ProjectRetention, {
    nullable: true,
    description:
      "The project's retention end date and its state (its members and admins); null when none is set",
  })
  retention(@Root() project: Project, @Ctx() { em }: Context): Promise<ProjectRetention | null> {
    return new RetentionService(em).of(project);
  }

  @Allow(Rules.researcherOf(projectFromId))
  @Query(() => RetentionReceipt, {
    nullable: true,
    description:
      "The receipt of the project's retention run (its researchers and admins); null until it has run",
  })
  retentionReceipt(
    @Arg('projectId', () => UUID) projectId: string,
    @Arg('language', () => Language, { defaultValue: Language.NB }) language: Language,
    @Ctx() { em }: Context,
  ): Promise<RetentionReceipt | null> {
    return new RetentionService(em).receipt(projectId, language);
  }

  @Allow(Rules.admin)
  @Query(() => [RetentionScheduleEntry], {
    description: 'Every project with a retention end date, soonest first, with its warnings and run (admins)',
  })
  retentionSchedule(@Ctx() { em }: Context): Promise<RetentionScheduleEntry[]> {
    return new RetentionService(em).schedule();
  }
}
