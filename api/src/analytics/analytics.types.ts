import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ConstructKind, LocalizedText, RespondentRole, ScalePoint } from '../instruments/definition.types.js';
import { SuppressionReason } from './suppression.js';

@ObjectType({ description: 'Where a result comes from: one round of one project' })
export class RoundRef {
  @Field(() => ID)
  projectId!: string;

  @Field()
  projectName!: string;

  @Field(() => ID)
  waveId!: string;

  @Field()
  waveLabel!: string;

  @Field()
  opensAt!: Date;

  @Field(() => Int, {
    description:
      "The round's minimum group size k: smaller groups are hidden; spread needs 2k; medians and quartiles are never shown",
  })
  minGroupSize!: number;

  @Field(() => Int, {
    nullable: true,
    description: "The round's release the numbers come from (managers); null for live numbers (researchers)",
  })
  releaseVersion!: number | null;

  @Field(() => Date, { nullable: true, description: 'When that release was made' })
  releasedAt!: Date | null;
}

@ObjectType({
  description:
    'Construct scores of one group: a role in a round (or all roles when role is null). A suppressed cell says why and carries no numbers.',
})
export class ScoreCell {
  @Field(() => RoundRef)
  round!: RoundRef;

  @Field(() => RespondentRole, { nullable: true, description: 'Null: all roles together' })
  role!: RespondentRole | null;

  @Field()
  construct!: string;

  @Field(() => ConstructKind)
  kind!: ConstructKind;

  @Field(() => LocalizedText)
  label!: LocalizedText;

  @Field(() => SuppressionReason, {
    nullable: true,
    description: 'Why the numbers are not shown; null when they are',
  })
  suppressed!: SuppressionReason | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Respondents with a score (at least the minimum share of items answered)',
  })
  n!: number | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => SuppressionReason, {
    nullable: true,
    description: 'Why the standard deviation and confidence interval are not shown (they need at least 2k)',
  })
  spreadSuppressed!: SuppressionReason | null;

  @Field(() => Float, { nullable: true, description: 'Sample standard deviation' })
  sd!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Lower end of the t-based 95% confidence interval of the mean',
  })
  ciLow!: number | null;

  @Field(() => Float, { nullable: true })
  ciHigh!: number | null;

  @Field(() => SuppressionReason, {
    nullable: true,
    description:
      'Why the median and quartiles are not shown: they are never released, since with the mean and the item distributions they can pin single answers down',
  })
  quartilesSuppressed!: SuppressionReason | null;

  @Field(() => Float, { nullable: true })
  median!: number | null;

  @Field(() => Float, { nullable: true, description: 'First quartile' })
  q1!: number | null;

  @Field(() => Float, { nullable: true, description: 'Third quartile' })
  q3!: number | null;
}

@ObjectType({ description: 'How many chose one point of the scale' })
export class PointCount {
  @Field(() => Int)
  value!: number;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, { description: 'Share of those who answered the item with a point of the scale' })
  share!: number;
}

@ObjectType({ description: "One item's answers in one group, for diverging stacked bars" })
export class ItemDistribution {
  @Field(() => RoundRef)
  round!: RoundRef;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field()
  item!: string;

  @Field(() => LocalizedText, { description: "The item's wording for this role" })
  prompt!: LocalizedText;

  @Field(() => String, { nullable: true })
  construct!: string | null;

  @Field(() => [ScalePoint], { description: 'The scale, lowest first; the neutral point is the middle one' })
  points!: ScalePoint[];

  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Answered with a point of the scale (the threshold k applies to this count)',
  })
  n!: number | null;

  @Field(() => [PointCount], { nullable: true })
  counts!: PointCount[] | null;

  @Field(() => Int, { nullable: true, description: 'Answered "Vet ikke / ikke aktuelt"' })
  notApplicable!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Gave no answer, including those the item was hidden from (live numbers for researchers only; null in releases)',
  })
  missing!: number | null;
}

@ObjectType({ description: 'Scores in one round, for a change between rounds' })
export class GroupScore {
  @Field(() => RoundRef)
  round!: RoundRef;

  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;

  @Field(() => Int, { nullable: true })
  n!: number | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => SuppressionReason, {
    nullable: true,
    description: 'Why sd is not shown (it needs at least 2k)',
  })
  spreadSuppressed!: SuppressionReason | null;

  @Field(() => Float, { nullable: true })
  sd!: number | null;
}

@ObjectType({ description: 'The difference between two rounds’ means, as independent groups (Welch)' })
export class UnpairedChange {
  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;

  @Field(() => Float, { nullable: true, description: 'Later round minus earlier round' })
  difference!: number | null;

  @Field(() => Float, { nullable: true })
  ciLow!: number | null;

  @Field(() => Float, { nullable: true })
  ciHigh!: number | null;
}

@ObjectType({
  description: 'Change of the same respondents, paired through their self-generated linkage code',
})
export class PairedChangeResult {
  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;

  @Field(() => Int, { nullable: true, description: 'Pairs found' })
  n!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Responses left out because their linkage code came up more than once in a round and role: the one submitted first is paired',
  })
  duplicatesSetAside!: number | null;

  @Field(() => Float, { nullable: true })
  meanChange!: number | null;

  @Field(() => SuppressionReason, {
    nullable: true,
    description: 'Why the interval and effect size are not shown (they need at least 2k pairs)',
  })
  spreadSuppressed!: SuppressionReason | null;

  @Field(() => Float, { nullable: true })
  ciLow!: number | null;

  @Field(() => Float, { nullable: true })
  ciHigh!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Effect size: mean change over the changes' standard deviation",
  })
  dz!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share better off (higher VALUE, or lower CHALLENGE, score)',
  })
  improved!: number | null;

  @Field(() => Float, { nullable: true })
  unchanged!: number | null;

  @Field(() => Float, { nullable: true })
  worse!: number | null;
}

@ObjectType({
  description:
    "One construct's change between two rounds of a project, for one role or all (for a construct asked of one role, all is that role)",
})
export class RoundChange {
  @Field()
  construct!: string;

  @Field(() => ConstructKind)
  kind!: ConstructKind;

  @Field(() => RespondentRole, { nullable: true })
  role!: RespondentRole | null;

  @Field(() => GroupScore)
  from!: GroupScore;

  @Field(() => GroupScore)
  to!: GroupScore;

  @Field(() => UnpairedChange)
  unpaired!: UnpairedChange;

  @Field(() => PairedChangeResult)
  paired!: PairedChangeResult;
}

@ObjectType({ description: "Cronbach's alpha of one construct for one role in one round" })
export class Reliability {
  @Field(() => RoundRef)
  round!: RoundRef;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field()
  construct!: string;

  @Field(() => Int, { description: 'Items in the construct for this role' })
  items!: number;

  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;

  @Field(() => Int, { nullable: true, description: 'Respondents who answered every item (complete cases)' })
  n!: number | null;

  @Field(() => Float, { nullable: true, description: 'Null with fewer than two items or no variance' })
  alpha!: number | null;
}

@ObjectType({ description: 'One step of a programme funnel' })
export class FunnelStage {
  @Field({
    description:
      'applicants, interviewed, admitted, started or completed (each of the stage before), then what became of those who started: employedInServices, employedElsewhere, furtherEducation, stillFinishing or inactive',
  })
  stage!: string;

  @Field(() => Int, { nullable: true, description: 'Null when the source does not report it (never 0)' })
  count!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The stage the rate is a share of: the last reported stage before, or started for outcomes',
  })
  of!: string | null;

  @Field(() => Float, { nullable: true, description: 'count as a share of the stage in `of`' })
  rate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Wilson 95% interval of the rate' })
  ciLow!: number | null;

  @Field(() => Float, { nullable: true })
  ciHigh!: number | null;
}

@ObjectType({
  description:
    "A programme cohort's funnel: applicants → interviewed → admitted → started → completed, and what became of those who started",
})
export class ProgrammeFunnel {
  @Field(() => ID)
  projectId!: string;

  @Field()
  projectName!: string;

  @Field()
  cohort!: string;

  @Field(() => Int, { nullable: true })
  startYear!: number | null;

  @Field(() => String, { nullable: true })
  source!: string | null;

  @Field(() => String, { nullable: true, description: 'What to know about the figures' })
  note!: string | null;

  @Field(() => [FunnelStage])
  stages!: FunnelStage[];
}
