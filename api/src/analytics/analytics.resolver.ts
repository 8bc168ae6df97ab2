import { Arg, Ctx, Float, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { UUID } from '../common/ids.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { RespondentRole } from '../instruments/definition.types.js';
import {
  ConstructScoreTable,
  ItemDistribution,
  ItemDistributionTable,
  ProgrammeFunnel,
  Reliability,
  RoundChange,
  RoundMissingness,
  ScoreCell,
} from './analytics.types.js';
import { AnalyticsService } from './analytics.service.js';
import { ResponseRatesService, RoundResponseRates } from './response-rates.js';

const projectsArg = Rules.memberOfAll('projectIds');

/** Aggregates only, for managers and researchers of the projects; every result passes the suppression rule. */
@Resolver()
export class AnalyticsResolver {
  @Allow(projectsArg)
  @Query(() => [ScoreCell], {
    description:
      'Construct scores per round and role (and all roles together): n, mean, sd, t-based 95% CI, median and quartiles. Filters only choose cells; groups smaller than k, and cells that would give them away, are suppressed.',
  })
  constructScores(
    @Arg('projectIds', () => [UUID]) projectIds: string[],
    @Arg('roundIds', () => [UUID], { nullable: true }) roundIds: string[] | null,
    @Arg('roles', () => [RespondentRole], { nullable: true }) roles: RespondentRole[] | null,
    @Arg('constructs', () => [String], { nullable: true }) constructs: string[] | null,
    @Arg('minShareAnswered', () => Float, {
      nullable: true,
      description:
        'Share of a construct’s items a respondent must answer to get a score (default 0.5; researchers only)',
    })
    minShareAnswered: number | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<ScoreCell[]> {
    return new AnalyticsService(em, viewer, disclosure, log).constructScores({
      projectIds,
      roundIds,
      roles,
      constructs,
      minShareAnswered,
    });
  }

  @Allow(projectsArg)
  @Query(() => [ItemDistribution], {
    description: 'Answers per scale point of each Likert item, per round and role',
  })
  itemDistributions(
    @Arg('projectIds', () => [UUID]) projectIds: string[],
    @Arg('roundIds', () => [UUID], { nullable: true }) roundIds: string[] | null,
    @Arg('roles', () => [RespondentRole], { nullable: true }) roles: RespondentRole[] | null,
    @Arg('items', () => [String], { nullable: true }) items: string[] | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<ItemDistribution[]> {
    return new AnalyticsService(em, viewer, disclosure, log).itemDistributions({
      projectIds,
      roundIds,
      roles,
      items,
    });
  }

  @Allow(projectsArg)
  @Query(() => ConstructScoreTable, {
    description:
      'The cells of constructScores for the dashboard: each round and construct named once, the cells as columns (one small answer however many projects). The same numbers and the same suppression.',
  })
  constructScoreTable(
    @Arg('projectIds', () => [UUID]) projectIds: string[],
    @Arg('roundIds', () => [UUID], { nullable: true }) roundIds: string[] | null,
    @Arg('roles', () => [RespondentRole], { nullable: true }) roles: RespondentRole[] | null,
    @Arg('constructs', () => [String], { nullable: true }) constructs: string[] | null,
    @Arg('minShareAnswered', () => Float, {
      nullable: true,
      description:
        'Share of a construct’s items a respondent must answer to get a score (default 0.5; researchers only)',
    })
    minShareAnswered: number | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<ConstructScoreTable> {
    return new AnalyticsService(em, viewer, disclosure, log).constructScoreTable({
      projectIds,
      roundIds,
      roles,
      constructs,
      minShareAnswered,
    });
  }

  @Allow(projectsArg)
  @Query(() => ItemDistributionTable, {
    description:
      'The cells of itemDistributions for the dashboard: each round and item named once, the cells as columns. The same numbers and the same suppression.',
  })
  itemDistributionTable(
    @Arg('projectIds', () => [UUID]) projectIds: string[],
    @Arg('roundIds', () => [UUID], { nullable: true }) roundIds: string[] | null,
    @Arg('roles', () => [RespondentRole], { nullable: true }) roles: RespondentRole[] | null,
    @Arg('items', () => [String], { nullable: true }) items: string[] | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<ItemDistributionTable> {
    return new AnalyticsService(em, viewer, disclosure, log).itemDistributionTable({
      projectIds,
      roundIds,
      roles,
      items,
    });
  }

  @Allow(Rules.memberOf({ arg: 'projectId' }))
  @Query(() => RoundChange, {
    description:
      "A construct's change between two rounds of a project: unpaired (Welch) and paired through linkage codes",
  })
  roundChange(
    @Arg('projectId', () => UUID) projectId: string,
    @Arg('fromRoundId', () => UUID) fromRoundId: string,
    @Arg('toRoundId', () => UUID) toRoundId: string,
    @Arg('construct') construct: string,
    @Arg('role', () => RespondentRole, { nullable: true }) role: RespondentRole | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<RoundChange> {
    return new AnalyticsService(em, viewer, disclosure, log).roundChange({
      projectId,
      fromRoundId,
      toRoundId,
      construct,
      role,
    });
  }

  @Allow(Rules.memberOf({ arg: 'projectId' }))
  @Query(() => [Reliability], { description: "Cronbach's alpha per construct and role in one round" })
  reliability(
    @Arg('projectId', () => UUID) projectId: string,
    @Arg('roundId', () => UUID) roundId: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<Reliability[]> {
    return new AnalyticsService(em, viewer, disclosure, log).reliability({ projectId, roundId });
  }

  @Allow(Rules.researcherOfOwner('Round', { arg: 'roundId' }))
  @Query(() => RoundMissingness, {
    description:
      'A round\'s response figures (codes, open-link completion, submitted, withdrawn) and, per item, how many were shown it, answered, said "Vet ikke", skipped it or were not shown it, overall and by role, live. Researchers of the project only; small roles are hidden as elsewhere.',
  })
  roundMissingness(
    @Arg('roundId', () => UUID) roundId: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<RoundMissingness> {
    return new AnalyticsService(em, viewer, disclosure, log).roundMissingness(roundId);
  }

  @Allow(projectsArg)
  @Query(() => [ProgrammeFunnel], {
    description: 'Programme funnels per cohort, with rates and Wilson 95% intervals',
  })
  programmeFunnel(
    @Arg('projectIds', () => [UUID]) projectIds: string[],
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<ProgrammeFunnel[]> {
    return new AnalyticsService(em, viewer, disclosure, log).programmeFunnel(projectIds);
  }

  @Allow(Rules.memberOf({ arg: 'projectId' }))
  @Query(() => [RoundResponseRates], {
    description:
      "Each round's submitted responses, per role where the disclosure rules allow, and how codes and open links were used; managers read the round's current release, researchers live figures",
  })
  roundResponseRates(
    @Arg('projectId', () => UUID) projectId: string,
    @Arg('roundIds', () => [UUID], { nullable: true }) roundIds: string[] | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<RoundResponseRates[]> {
    return new ResponseRatesService(em, viewer, disclosure, log).roundResponseRates(projectId, roundIds);
  }
}
