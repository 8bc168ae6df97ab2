import type { SourcedRound, RoundSources } from './round-sources.js';
import { ValidationError } from '../common/errors.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { ChangeDesign } from './analytics.types.js';
import type { GroupScore, RoundChange } from './analytics.types.js';
import { DEFAULT_MIN_SHARE, roundOrder } from './release.service.js';
import { pairAggregates } from './round-aggregates.js';
import {
  disclosePairs,
  pairKey,
  scoreKey,
  type PairAggregate,
  type PairRelease,
  type ScoreRelease,
} from './round-disclosure.js';
import { hedgesG, welchDifference } from './stats.js';
import { SuppressionReason } from './suppression.js';

export interface ChangeArgs {
  projectId: string;
  fromRoundId: string;
  toRoundId: string;
  construct: string;
  role?: RespondentRole | null;
}

/** The change in one construct between two rounds of a project: unpaired (the two groups) and paired (linked people). */
export async function roundChange(sources: RoundSources, args: ChangeArgs): Promise<RoundChange> {
  if (args.fromRoundId === args.toRoundId)
    throw ValidationError.forFields({ toRoundId: 'must be another round than fromRoundId' });
  const sourcedRounds = await sources.rounds([args.projectId], [args.fromRoundId, args.toRoundId]);
  const from = sourcedRounds.find((r) => r.round.id === args.fromRoundId);
  const to = sourcedRounds.find((r) => r.round.id === args.toRoundId);
  if (!from || !to)
    throw ValidationError.forFields({ fromRoundId: 'and toRoundId must both be rounds of the project' });
  const construct =
    to.definition.constructs.find((c) => c.key === args.construct) ??
    from.definition.constructs.find((c) => c.key === args.construct);
  if (!construct) throw ValidationError.forFields({ construct: `is not a construct of these rounds` });
  // All roles of a construct asked of one role are that role (there is no total to show beside it).
  const askedOf = new Set(
    [from, to].flatMap((r) => r.shape.constructs.find((c) => c.key === construct.key)?.roles ?? []),
  );
  const role = args.role ?? (askedOf.size === 1 ? [...askedOf][0]! : null);
  const [earlier, later] = roundOrder(from.round, to.round) < 0 ? [from, to] : [to, from];
  // Live pairs need only the two rounds' ids: ask for them while the scores are computed.
  const livePairs =
    earlier.source.kind !== 'open' && later.source.kind === 'live'
      ? pairAggregates(
          sources.em,
          { roundId: earlier.round.id },
          { roundId: later.round.id },
          DEFAULT_MIN_SHARE,
          sources.policy.onePairPerKey,
        )
      : undefined;
  livePairs?.catch(() => undefined);
  const scores = await sources.scoreCells(sourcedRounds);
  const cellOf = (sourced: SourcedRound) =>
    scores.get(sourced.round.id)!.find((c) => c.key === scoreKey(construct.key, role));
  const fromCell = cellOf(from);
  const toCell = cellOf(to);
  if (!fromCell || !toCell) {
    throw ValidationError.forFields({
      role: `is not asked the construct ${construct.key} in both rounds`,
    });
  }

  const pair =
    earlier.source.kind === 'open' || later.source.kind === 'open'
      ? { suppressed: SuppressionReason.ROUND_OPEN }
      : await pairCell(sources, earlier, later, scores, construct.key, role, livePairs);
  const reversed = earlier !== from;

  const groupScore = (sourced: SourcedRound, cell: ScoreRelease): GroupScore =>
    !cell.suppressed
      ? {
          round: sourced.ref,
          suppressed: null,
          n: cell.n,
          mean: cell.mean,
          spreadSuppressed: cell.spreadSuppressed,
          sd: cell.sd,
        }
      : {
          round: sourced.ref,
          suppressed: cell.suppressed,
          n: null,
          mean: null,
          spreadSuppressed: cell.suppressed,
          sd: null,
        };
  const fromScore = groupScore(from, fromCell);
  const toScore = groupScore(to, toCell);
  const unpairedHidden = fromScore.suppressed ?? toScore.suppressed;
  const spreadShown = !unpairedHidden && fromScore.sd !== null && toScore.sd !== null;
  const groups = spreadShown
    ? ([
        { n: fromScore.n!, mean: fromScore.mean!, sd: fromScore.sd! },
        { n: toScore.n!, mean: toScore.mean!, sd: toScore.sd! },
      ] as const)
    : null;
  const welch = groups ? welchDifference(...groups) : null;
  // Hedges' g uses only the two rounds' shown n, mean and sd, so it passes wherever both spreads do.
  const effect = groups ? hedgesG(...groups) : null;
  const hiddenPair = {
    n: null,
    duplicatesSetAside: null,
    meanChange: null,
    ciLow: null,
    ciHigh: null,
    dz: null,
    improved: null,
    unchanged: null,
    worse: null,
  };
  return {
    construct: construct.key,
    kind: construct.kind,
    role,
    from: fromScore,
    to: toScore,
    unpaired: {
      design: ChangeDesign.UNPAIRED,
      suppressed: unpairedHidden,
      difference: unpairedHidden ? null : toScore.mean! - fromScore.mean!,
      ciLow: welch?.low ?? null,
      ciHigh: welch?.high ?? null,
      spreadSuppressed: unpairedHidden ?? fromScore.spreadSuppressed ?? toScore.spreadSuppressed,
      hedgesG: effect?.g ?? null,
      gCiLow: effect?.low ?? null,
      gCiHigh: effect?.high ?? null,
    },
    paired:
      !pair || pair.suppressed || !('key' in pair)
        ? {
            ...hiddenPair,
            design: ChangeDesign.PAIRED,
            suppressed: pair?.suppressed ?? SuppressionReason.SECONDARY,
            spreadSuppressed: pair?.suppressed ?? SuppressionReason.SECONDARY,
          }
        : {
            design: ChangeDesign.PAIRED,
            suppressed: null,
            n: pair.n,
            duplicatesSetAside: pair.duplicatesSetAside,
            // From a later round to an earlier one, every change turns round.
            meanChange: reversed ? -pair.meanChange! : pair.meanChange,
            spreadSuppressed: pair.spreadSuppressed,
            ciLow: reversed && pair.ciHigh !== null ? -pair.ciHigh : pair.ciLow,
            ciHigh: reversed && pair.ciLow !== null ? -pair.ciLow : pair.ciHigh,
            dz: reversed && pair.dz !== null ? -pair.dz : pair.dz,
            improved: reversed ? pair.worse : pair.improved,
            unchanged: pair.unchanged,
            worse: reversed ? pair.improved : pair.worse,
          },
  };
}

/**
 * The paired cell from an earlier round to a later one: from the later round's release (made against the earlier
 * round's release), or computed live. Undefined where a round is not shown yet.
 */
async function pairCell(
  sources: RoundSources,

  earlier: SourcedRound,
  later: SourcedRound,
  scores: Map<string, ScoreRelease[]>,
  construct: string,
  role: RespondentRole | null,
  livePairs?: Promise<PairAggregate[]>,
): Promise<PairRelease | undefined> {
  const key = pairKey(earlier.round.id, construct, role);
  if (later.source.kind === 'release') {
    // Researcher of neither, so both rounds come from releases; a later release held back has no cell yet.
    return later.source.release.pairs.find((p) => p.key === key);
  }
  const aggregates = await (livePairs ??
    pairAggregates(
      sources.em,
      { roundId: earlier.round.id },
      { roundId: later.round.id },
      DEFAULT_MIN_SHARE,
      sources.policy.onePairPerKey,
    ));
  return disclosePairs(
    earlier.round.id,
    { shape: earlier.shape, scores: scores.get(earlier.round.id)! },
    { shape: later.shape, scores: scores.get(later.round.id)! },
    aggregates,
    Math.max(earlier.round.minGroupSize, later.round.minGroupSize),
    sources.policy,
  ).find((p) => p.key === key);
}
