import { createRequire } from 'node:module';
import type { GraphQLScalarType as ScalarType } from 'graphql';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  ConstructKind,
  ItemType,
  LocalizedText,
  RespondentRole,
  ScalePoint,
} from '../instruments/definition.types.js';
import { SuppressionReason } from './suppression.js';

@ObjectType({ description: 'Where a result comes from: one round of one project' })
export class RoundRef {
  @Field(() => ID)
  projectId!: string;

  @Field()
  projectName!: string;

  @Field(() => ID)
  roundId!: string;

  @Field()
  roundLabel!: string;

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

export enum ChangeDesign {
  UNPAIRED = 'UNPAIRED',
  PAIRED = 'PAIRED',
}
registerEnumType(ChangeDesign, {
  name: 'ChangeDesign',
  description: 'Whether a change compares two rounds as independent groups or the same people in both',
  valuesConfig: {
    UNPAIRED: {
      description: 'Everyone who answered each round, as two independent groups (people may overlap unknown)',
    },
    PAIRED: {
      description: 'Only people found in both rounds through their linkage code, each with their own change',
    },
  },
});

@ObjectType({ description: 'The difference between two rounds’ means, as independent groups (Welch)' })
export class UnpairedChange {
  @Field(() => ChangeDesign, { description: 'Always UNPAIRED: the two rounds as independent groups' })
  design!: ChangeDesign;

  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;

  @Field(() => Float, { nullable: true, description: 'Later round minus earlier round' })
  difference!: number | null;

  @Field(() => Float, { nullable: true })
  ciLow!: number | null;

  @Field(() => Float, { nullable: true })
  ciHigh!: number | null;

  @Field(() => SuppressionReason, {
    nullable: true,
    description:
      "Why the effect size is not shown: it needs both rounds' standard deviations, which need at least 2k each",
  })
  spreadSuppressed!: SuppressionReason | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Effect size for independent groups: Hedges' g, the difference over the pooled standard deviation with the small-sample correction J = 1 − 3/(4(n₁+n₂−2)−1)",
  })
  hedgesG!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Lower end of Hedges' g's 95% interval (normal approximation, Borenstein et al. 2009)",
  })
  gCiLow!: number | null;

  @Field(() => Float, { nullable: true })
  gCiHigh!: number | null;
}

@ObjectType({
  description: 'Change of the same respondents, paired through their self-generated linkage code',
})
export class PairedChangeResult {
  @Field(() => ChangeDesign, { description: 'Always PAIRED: the same people in both rounds' })
  design!: ChangeDesign;

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

  @Field(() => Float, {
    nullable: true,
    description:
      "Lower end of Feldt's 95% interval for alpha (F with n−1 and (n−1)(items−1) degrees of freedom); null where alpha is",
  })
  alphaCiLow!: number | null;

  @Field(() => Float, { nullable: true })
  alphaCiHigh!: number | null;
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

@ObjectType({
  description:
    'How the respondents of one group met one item: every submitted response is in exactly one state',
})
export class ItemStateCounts {
  @Field(() => Int, { description: 'Submitted responses in the group' })
  responses!: number;

  @Field(() => Int, { description: 'Not asked: the item is for other roles' })
  notAsked!: number;

  @Field(() => Int, { description: "Asked, but hidden by the item's show-if condition" })
  hiddenByShowIf!: number;

  @Field(() => Int, { description: 'Shown the item: answered + dontKnow + skipped' })
  shown!: number;

  @Field(() => Int, { description: 'Answered with a value' })
  answered!: number;

  @Field(() => Int, { description: 'Answered "Vet ikke / ikke aktuelt"' })
  dontKnow!: number;

  @Field(() => Int, { description: 'Shown the item and left it empty' })
  skipped!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'answered / shown; null when no one was shown the item',
  })
  answeredRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'dontKnow / shown' })
  dontKnowRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'skipped / shown' })
  skippedRate!: number | null;
}

@ObjectType({ description: "One item's missingness for one role, or for all roles together (role null)" })
export class ItemMissingnessCell {
  @Field(() => RespondentRole, { nullable: true, description: 'Null: all roles together' })
  role!: RespondentRole | null;

  @Field(() => SuppressionReason, {
    nullable: true,
    description: 'Why the counts are not shown; null when they are',
  })
  suppressed!: SuppressionReason | null;

  @Field(() => ItemStateCounts, { nullable: true })
  counts!: ItemStateCounts | null;
}

@ObjectType({ description: "One item's missingness in a round, over all roles and per role" })
export class ItemMissingness {
  @Field()
  item!: string;

  @Field(() => ItemType)
  type!: ItemType;

  @Field(() => String, { nullable: true })
  construct!: string | null;

  @Field(() => LocalizedText, {
    description: "The item's main wording (role wordings are in the instrument)",
  })
  prompt!: LocalizedText;

  @Field(() => [RespondentRole], { description: 'The roles the item is asked of' })
  roles!: RespondentRole[];

  @Field({ description: 'Whether the item has a show-if condition' })
  conditional!: boolean;

  @Field(() => [ItemMissingnessCell], {
    description: 'All roles first, then each role asked anything in the round',
  })
  cells!: ItemMissingnessCell[];
}

@ObjectType({
  description: "Submitted responses of one role in a round (hidden as the round's other small groups are)",
})
export class RoleResponseCount {
  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;

  @Field(() => Int, { nullable: true })
  submitted!: number | null;
}

@ObjectType({ description: 'How a round was answered: codes, open-link drafts, submissions and withdrawals' })
export class RoundResponseFigures {
  @Field(() => Int, { description: 'Single-use codes made for the round' })
  codesIssued!: number;

  @Field(() => Int, { description: 'Codes used to submit' })
  codesUsed!: number;

  @Field(() => Float, { nullable: true, description: 'codesUsed / codesIssued; null without codes' })
  codeUseRate!: number | null;

  @Field(() => Int, {
    description:
      'Answers begun through an open link (a draft saved, whatever became of it); drafts that expired unsubmitted and were deleted are not counted',
  })
  openLinkStarted!: number;

  @Field(() => Int, { description: 'Of those, submitted (including those later withdrawn)' })
  openLinkSubmitted!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'openLinkSubmitted / openLinkStarted (completion rate)',
  })
  completionRate!: number | null;

  @Field(() => Int, { description: 'Drafts not submitted yet (links and codes)' })
  inProgress!: number;

  @Field(() => Int, { description: 'Submitted and not withdrawn: the responses every figure counts' })
  submitted!: number;

  @Field(() => Int, { description: 'Submitted, then withdrawn by the participant with their receipt code' })
  withdrawn!: number;

  @Field(() => [RoleResponseCount])
  byRole!: RoleResponseCount[];
}

@ObjectType({
  description:
    'A round\'s response figures and item-level missingness, for the project\'s researchers: who was shown each item, answered it, said "Vet ikke", skipped it or was not shown it',
})
export class RoundMissingness {
  @Field(() => RoundRef)
  round!: RoundRef;

  @Field(() => RoundResponseFigures)
  responses!: RoundResponseFigures;

  @Field(() => [ItemMissingness])
  items!: ItemMissingness[];
}

/**
 * The cells of the dashboard's tables travel as columns of equal length (cell i is the i-th entry of every column)
 * rather than as one object per cell: over a thousand projects that is a few arrays instead of hundreds of thousands
 * of small objects, each with its round and labels repeated, and the server neither builds nor serialises them one
 * field at a time. The column types are mirrored for the web in `schema/columns.ts`.
 */
function columnsScalar(name: string, description: string): ScalarType {
  // The scalar must come from the same copy of graphql as type-graphql's (its CommonJS build): under Vitest a plain
  // import resolves to the ES module build, a second copy that type-graphql would not recognise.
  const { GraphQLScalarType } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => value,
    parseValue: () => {
      throw new TypeError(`${name} is output only`);
    },
    parseLiteral: () => {
      throw new TypeError(`${name} is output only`);
    },
  });
}

export interface ScoreColumns {
  /** Index into the table's rounds. */
  round: number[];
  /** Null: all roles together. */
  role: (RespondentRole | null)[];
  /** Index into the table's constructs. */
  construct: number[];
  suppressed: (SuppressionReason | null)[];
  n: (number | null)[];
  mean: (number | null)[];
  spreadSuppressed: (SuppressionReason | null)[];
  sd: (number | null)[];
  ciLow: (number | null)[];
  ciHigh: (number | null)[];
  quartilesSuppressed: (SuppressionReason | null)[];
  median: (number | null)[];
  q1: (number | null)[];
  q3: (number | null)[];
}

export const ScoreColumnsScalar = columnsScalar(
  'ScoreColumns',
  'Construct score cells as columns of equal length: round and construct (indexes into the table’s lists), role (null: all roles), suppressed, n, mean, spreadSuppressed, sd, ciLow, ciHigh, quartilesSuppressed, median, q1, q3 — each as in ScoreCell',
);

export interface ItemColumns {
  /** Index into the table's rounds. */
  round: number[];
  /** Index into the table's items (an item as one role is asked it). */
  item: number[];
  suppressed: (SuppressionReason | null)[];
  n: (number | null)[];
  /** Answers per point of the item's scale, in the points' order; null where hidden. */
  counts: (number[] | null)[];
  notApplicable: (number | null)[];
  missing: (number | null)[];
}

export const ItemColumnsScalar = columnsScalar(
  'ItemColumns',
  'Item distribution cells as columns of equal length: round and item (indexes into the table’s lists), suppressed, n, counts (answers per point of the item’s scale, in its order), notApplicable, missing — each as in ItemDistribution',
);

@ObjectType({
  description: 'A construct as a score table names it (a key may carry another label in another version)',
})
export class ConstructRef {
  @Field()
  key!: string;

  @Field(() => ConstructKind)
  kind!: ConstructKind;

  @Field(() => LocalizedText)
  label!: LocalizedText;
}

@ObjectType({
  description:
    'Construct scores per round and role (and all roles together) of the chosen projects, each round and construct named once and the cells as columns',
})
export class ConstructScoreTable {
  @Field(() => [RoundRef])
  rounds!: RoundRef[];

  @Field(() => [ConstructRef])
  constructs!: ConstructRef[];

  @Field(() => ScoreColumnsScalar)
  cells!: ScoreColumns;
}

@ObjectType({ description: 'A Likert item as one role is asked it in one instrument version' })
export class ItemRef {
  @Field()
  item!: string;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field(() => String, { nullable: true })
  construct!: string | null;

  @Field(() => LocalizedText, { description: "The item's wording for this role" })
  prompt!: LocalizedText;

  @Field(() => [ScalePoint], { description: 'The scale, lowest first; the neutral point is the middle one' })
  points!: ScalePoint[];
}

@ObjectType({
  description:
    'Answers per scale point of each Likert item, per round and role, each round and item named once and the cells as columns',
})
export class ItemDistributionTable {
  @Field(() => [RoundRef])
  rounds!: RoundRef[];

  @Field(() => [ItemRef])
  items!: ItemRef[];

  @Field(() => ItemColumnsScalar)
  cells!: ItemColumns;
}
