import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { isResearcherOf } from '../auth/access.js';
import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { Wording } from '../responses/response.entity.js';
import { Round } from '../rounds/round.entity.js';
import { applyPrimary, hide, protectCounts, type DisclosurePolicy, type TableCell } from './disclosure.js';
import { SuppressionReason } from './suppression.js';

/**
 * Help in answering and the wording answered in, for one round's researchers: how many submitted responses said
 * someone helped, said no one did, or did not say; how many of those helped were helped in each way; and how many
 * were answered in the standard wording, in easy-read, or in both. Counted in PostgreSQL; shown under the project's
 * disclosure rules (`disclosure.ts`), as every other breakdown of a round.
 */

export enum AssistedAnswer {
  YES = 'YES',
  NO = 'NO',
  NOT_STATED = 'NOT_STATED',
}
registerEnumType(AssistedAnswer, {
  name: 'AssistedAnswer',
  description: 'What a participant said at the end about help in answering',
});

export enum AssistanceKind {
  READ_ALOUD = 'READ_ALOUD',
  WROTE = 'WROTE',
  EXPLAINED = 'EXPLAINED',
}
registerEnumType(AssistanceKind, {
  name: 'AssistanceKind',
  description:
    'How someone helped: read the questions aloud, wrote the answers down, explained the questions',
});

@ObjectType({ description: 'Responses that gave one answer about help; no number where hidden' })
export class AssistedCount {
  @Field(() => AssistedAnswer)
  answer!: AssistedAnswer;

  @Field(() => Int, { nullable: true })
  n!: number | null;

  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;
}

@ObjectType({
  description: 'Responses helped in one way (a response may name several); no number where hidden',
})
export class AssistanceKindCount {
  @Field(() => AssistanceKind)
  kind!: AssistanceKind;

  @Field(() => Int, { nullable: true })
  n!: number | null;

  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;
}

@ObjectType({ description: 'Responses answered in one wording; no number where hidden' })
export class WordingCount {
  @Field(() => Wording)
  wording!: Wording;

  @Field(() => Int, { nullable: true })
  n!: number | null;

  @Field(() => SuppressionReason, { nullable: true })
  suppressed!: SuppressionReason | null;
}

@ObjectType({
  description: "Help in answering and the wording answered in, over a round's submitted responses",
})
export class RoundAssistance {
  @Field(() => Int, { description: 'Submitted responses: the total of each breakdown below' })
  submitted!: number;

  @Field(() => Int, { description: 'The round’s minimum group size (k)' })
  minGroupSize!: number;

  @Field(() => [AssistedCount], { description: 'Yes, no and not stated; they add up to `submitted`' })
  assisted!: AssistedCount[];

  @Field(() => [AssistanceKindCount], { description: 'How, among those who said someone helped' })
  kinds!: AssistanceKindCount[];

  @Field(() => [WordingCount], { description: 'Standard, easy-read and mixed; they add up to `submitted`' })
  wording!: WordingCount[];
}

/** What PostgreSQL counts for a round. */
export interface AssistanceAggregates {
  submitted: number;
  assisted: Record<AssistedAnswer, number>;
  kinds: Record<AssistanceKind, number>;
  wording: Record<Wording, number>;
}

export async function assistanceAggregates(em: Em, roundId: string): Promise<AssistanceAggregates> {
  const [row]: Record<string, string>[] = await em.execute(
    `select count(*) as submitted,
            count(*) filter (where assisted) as yes,
            count(*) filter (where not assisted) as no,
            count(*) filter (where assisted is null) as not_stated,
            count(*) filter (where assisted and assisted_read_aloud) as read_aloud,
            count(*) filter (where assisted and assisted_wrote) as wrote,
            count(*) filter (where assisted and assisted_explained) as explained,
            count(*) filter (where wording = 'STANDARD') as standard,
            count(*) filter (where wording = 'EASY_READ') as easy_read,
            count(*) filter (where wording = 'MIXED') as mixed
       from responses where round_id = ? and status = 'SUBMITTED'`,
    [roundId],
  );
  const n = (name: string) => Number(row![name]);
  return {
    submitted: n('submitted'),
    assisted: { YES: n('yes'), NO: n('no'), NOT_STATED: n('not_stated') },
    kinds: { READ_ALOUD: n('read_aloud'), WROTE: n('wrote'), EXPLAINED: n('explained') },
    wording: { STANDARD: n('standard'), EASY_READ: n('easy_read'), MIXED: n('mixed') },
  };
}

/**
 * One breakdown whose parts add up to the round's submitted responses, which its researchers always see: parts under
 * k hidden, then complements in a fixed order (never chosen by the data) until no hidden part can be worked out from
 * the total. Where the rule would hide the total instead of the last part shown, every part is hidden instead.
 */
function partition<K extends string>(
  total: number,
  counts: Record<K, number>,
  order: readonly K[],
  k: number,
  policy: DisclosurePolicy,
): Map<K, TableCell> {
  const totalCell: TableCell = { key: 'total', n: total, hidden: null };
  const parts = order.map((key): TableCell => ({ key, n: counts[key], hidden: null }));
  applyPrimary(parts, k, policy);
  protectCounts({ total: totalCell, parts }, k, policy, (cell) => order.indexOf(cell.key as K));
  if (totalCell.hidden) for (const part of parts) hide(part, k);
  return new Map(parts.map((part) => [part.key as K, part]));
}

const shown = (cell: TableCell) => ({ n: cell.hidden ? null : cell.n, suppressed: cell.hidden });

/**
 * What a researcher sees. The ways of helping are counted among those who said someone helped, and a response may
 * name several, so they add up to nothing; but each is part of "yes": it is hidden where fewer than k were helped
 * that way, where fewer than k of those helped were not (the yes count minus it would single them out), and
 * wherever the yes count itself is hidden (a way shown would bound it, and the cells hidden with it).
 */
export function discloseAssistance(
  aggregates: AssistanceAggregates,
  k: number,
  policy: DisclosurePolicy,
): Omit<RoundAssistance, 'minGroupSize'> {
  // Complements from the least telling part first: not stated, then no; mixed, then easy-read.
  const assisted = partition(
    aggregates.submitted,
    aggregates.assisted,
    [AssistedAnswer.NOT_STATED, AssistedAnswer.NO, AssistedAnswer.YES],
    k,
    policy,
  );
  const wording = partition(
    aggregates.submitted,
    aggregates.wording,
    [Wording.MIXED, Wording.EASY_READ, Wording.STANDARD],
    k,
    policy,
  );
  const yes = assisted.get(AssistedAnswer.YES)!;
  const kinds = Object.values(AssistanceKind).map((kind) => {
    const cell: TableCell = { key: kind, n: aggregates.kinds[kind], hidden: null };
    applyPrimary([cell], k, policy);
    if (policy.complements !== 'none' && (yes.hidden || yes.n - cell.n < k)) hide(cell, k);
    return { kind, ...shown(cell) };
  });
  return {
    submitted: aggregates.submitted,
    assisted: Object.values(AssistedAnswer).map((answer) => ({ answer, ...shown(assisted.get(answer)!) })),
    kinds,
    wording: Object.values(Wording).map((value) => ({ wording: value, ...shown(wording.get(value)!) })),
  };
}

/** A round's breakdown for a researcher of its project (the resolver says so, and so does this check). */
export async function roundAssistance(
  em: Em,
  viewer: Viewer,
  policy: DisclosurePolicy,
  roundId: string,
): Promise<RoundAssistance> {
  const round = isUuid(roundId) ? await em.findOne(Round, roundId, { populate: ['project'] }) : null;
  if (!round) throw ValidationError.forFields({ roundId: 'is not a round' });
  if (!isResearcherOf(viewer, round.project.id))
    throw new ForbiddenError('Only researchers of the project may see who was helped to answer');
  const disclosed = discloseAssistance(await assistanceAggregates(em, round.id), round.minGroupSize, policy);
  return { ...disclosed, minGroupSize: round.minGroupSize };
}
