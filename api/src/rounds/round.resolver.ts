import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  Float,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { UUID } from '../common/ids.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { Instrument } from '../instruments/instrument.entity.js';
import { Project } from '../projects/project.entity.js';
import { Survey } from '../responses/survey.types.js';
import { CreateCodesInput, CreateRoundInput, UpdateRoundInput } from './round.inputs.js';
import { Round, RoundStatus } from './round.entity.js';
import { responseRateOf, RoundService } from './round.service.js';

@ObjectType({ description: 'The open link of one role' })
class OpenLink {
  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field({ description: 'The path to hand out, e.g. /s/3q…; prefix it with the server address' })
  path!: string;
}

@ObjectType({ description: 'How far a round has come for one role' })
class RoleCount {
  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field(() => Int, { description: 'Participants who started and saved answers but did not submit yet' })
  inProgress!: number;

  @Field(() => Int)
  submitted!: number;

  @Field(() => Int, { description: 'Single-use codes made' })
  codes!: number;

  @Field(() => Int)
  codesUsed!: number;
}

@ObjectType({
  description:
    'How many have answered, against the target the researchers set and against the single-use codes handed out',
})
class ResponseRate {
  @Field(() => Int, { description: 'Submitted responses, through links and codes' })
  submitted!: number;

  @Field(() => Int, { nullable: true, description: 'The target set on the round, if any' })
  target!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'submitted / target, from 0 (may pass 1); null without a target',
  })
  ofTarget!: number | null;

  @Field(() => Int, { description: 'Single-use codes made: the participants invited one by one' })
  invited!: number;

  @Field(() => Int, { description: 'Codes used to submit' })
  invitedSubmitted!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'invitedSubmitted / invited; null when no code was made',
  })
  ofInvited!: number | null;
}

@ObjectType({ description: 'A new batch of codes, shown this once' })
class CreatedCodes {
  @Field(() => [String])
  codes!: string[];

  @Field({ description: 'The same codes as CSV (round, role, code) for printing or mail merge' })
  csv!: string;
}

const projectFromArg = { arg: 'projectId' };
const roundFromId = { arg: 'id' };
const ownProject = { parent: (round: unknown) => (round as Round).project.id };

@Resolver(() => Round)
export class RoundResolver {
  @Allow(Rules.memberOf(projectFromArg))
  @Query(() => [Round], { description: "A project's rounds, oldest first" })
  rounds(@Arg('projectId', () => UUID) projectId: string, @Ctx() { em }: Context): Promise<Round[]> {
    return new RoundService(em).list(projectId);
  }

  @Allow(Rules.memberOfOwner('Round', roundFromId))
  @Query(() => Round, { description: 'One round' })
  round(@Arg('id', () => UUID) id: string, @Ctx() { em }: Context): Promise<Round> {
    return new RoundService(em).get(id);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromId))
  @Query(() => Survey, {
    description:
      'The round exactly as a participant of one role gets it, in any state, for researchers to check before opening. Stores nothing',
  })
  roundPreview(
    @Arg('id', () => UUID) id: string,
    @Arg('role', () => RespondentRole) role: RespondentRole,
    @Ctx() { em }: Context,
  ): Promise<Survey> {
    return new RoundService(em).preview(id, role);
  }

  @Allow(Rules.researcherOf({ arg: 'input', field: 'projectId' }))
  @Mutation(() => Round, { description: 'Opens a round: one published instrument version in one project' })
  createRound(
    @Arg('input') input: CreateRoundInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Round> {
    return new RoundService(em).create(viewer, input);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromId))
  @Mutation(() => Round, {
    description:
      "Changes a round's label, window, thresholds, texts, contact or target, before or after it opens (audited)",
  })
  updateRound(
    @Arg('id', () => UUID) id: string,
    @Arg('input') input: UpdateRoundInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Round> {
    return new RoundService(em).update(viewer, id, input);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromId))
  @Mutation(() => Round, {
    description:
      'Opens a round that is being prepared, so that it takes answers from its opening time. Refused (BAD_USER_INPUT, with `placeholders`) while a [placeholder] from the default texts remains',
  })
  openRound(
    @Arg('id', () => UUID) id: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Round> {
    return new RoundService(em).open(viewer, id);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromId))
  @Mutation(() => Round, {
    description:
      'A new round in preparation like this one: same instrument version, texts and settings, new links, no codes or responses',
  })
  copyRound(
    @Arg('id', () => UUID) id: string,
    @Arg('label', () => String, {
      nullable: true,
      description: 'The new round\'s name; "<name> (kopi)" when left out',
    })
    label: string | null | undefined,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Round> {
    return new RoundService(em).copy(viewer, id, label);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromId))
  @Mutation(() => Round, { description: 'Closes a round now; it accepts nothing until reopened' })
  closeRound(
    @Arg('id', () => UUID) id: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Round> {
    return new RoundService(em).close(viewer, id);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromId))
  @Mutation(() => Round, {
    description: 'Reopens a closed round, optionally with a new closing time (null: none)',
  })
  reopenRound(
    @Arg('id', () => UUID) id: string,
    @Arg('closesAt', () => Date, { nullable: true }) closesAt: Date | null | undefined,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<Round> {
    return new RoundService(em).reopen(viewer, id, closesAt);
  }

  @Allow(Rules.researcherOfOwner('Round', { arg: 'input', field: 'roundId' }))
  @Mutation(() => CreatedCodes, {
    description: 'Makes single-use codes for one role; they are shown this once',
  })
  createInvitationCodes(
    @Arg('input') input: CreateCodesInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<CreatedCodes> {
    return new RoundService(em).createCodes(viewer, input);
  }

  @FieldResolver(() => RoundStatus, { description: 'Whether the round accepts answers now' })
  status(@Root() round: Round): RoundStatus {
    return round.statusAt(new Date());
  }

  @FieldResolver(() => Project)
  project(@Root() round: Round, @Ctx() { loaders }: Context): Promise<Project> {
    return loaders.project.load(round.project.id);
  }

  @Allow(Rules.researcherOf(ownProject))
  @FieldResolver(() => Instrument, { description: 'The instrument asked (researchers)' })
  async instrument(@Root() round: Round, @Ctx() { loaders }: Context): Promise<Instrument> {
    const version = await loaders.instrumentVersion.load(round.instrumentVersion.id);
    return loaders.instrument.load(version.instrument.id);
  }

  @FieldResolver(() => Int, { description: 'The instrument version asked' })
  async instrumentVersion(@Root() round: Round, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.instrumentVersion.load(round.instrumentVersion.id)).number;
  }

  @Allow(Rules.researcherOf(ownProject))
  @FieldResolver(() => [OpenLink], { description: 'One link per role that is asked anything (researchers)' })
  async openLinks(@Root() round: Round, @Ctx() { loaders }: Context): Promise<OpenLink[]> {
    return (await loaders.openLinks.load(round.id)).map((link) => ({
      role: link.role,
      path: `/s/${link.linkToken}`,
    }));
  }

  @Allow(Rules.researcherOf(ownProject))
  @FieldResolver(() => ResponseRate, {
    description: 'Response rate against the target and the codes (researchers)',
  })
  async responseRate(@Root() round: Round, @Ctx() { loaders }: Context): Promise<ResponseRate> {
    return responseRateOf(await loaders.roundCounts.load(round.id), round.targetResponses);
  }

  @Allow(Rules.researcherOf(ownProject))
  @FieldResolver(() => [RoleCount], { description: 'Live counts per role (researchers)' })
  counts(@Root() round: Round, @Ctx() { loaders }: Context): Promise<RoleCount[]> {
    return loaders.roundCounts.load(round.id);
  }
}
