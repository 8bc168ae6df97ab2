import {
  constructScores,
  constructScoreTable,
  itemDistributions,
  itemDistributionTable,
  type ItemFilter,
} from './analytics.tables.js';
import { programmeFunnel } from './programme-funnel.js';
import { roundChange, type ChangeArgs } from './round-change.js';
import { cellsOf, RoundSources, type ScoreFilter } from './round-sources.js';
import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { Round } from '../rounds/round.entity.js';
import type {
  ConstructScoreTable,
  ItemDistribution,
  ItemDistributionTable,
  ProgrammeFunnel,
  Reliability,
  ItemStateCounts,
  RoundChange,
  RoundMissingness,
  ScoreCell,
} from './analytics.types.js';
import {
  discloseMissingness,
  missingnessAggregates,
  responseFigures,
  type StateCounts,
} from './missingness.js';
import type { DisclosurePolicy } from './disclosure.js';
import { reliabilityAggregates } from './round-aggregates.js';
import { discloseReliability } from './round-disclosure.js';
import { feldtInterval } from './stats.js';
import { SuppressionReason } from './suppression.js';

/**
 * Every number of the dashboard. Researchers of a project get live numbers; everyone else (managers) gets the
 * round's current release, made and checked by `ReleaseService`. Both pass the same disclosure rules
 * (`round-disclosure.ts`) over aggregates computed in PostgreSQL (`round-aggregates.ts`); filters only pick cells.
 */
export class AnalyticsService {
  private readonly sources: RoundSources;

  constructor(
    private readonly em: Em,
    viewer: Viewer,
    private readonly policy: DisclosurePolicy,
    log?: Logger,
  ) {
    this.sources = new RoundSources(em, viewer, policy, log);
  }

  constructScores(filter: ScoreFilter): Promise<ScoreCell[]> {
    return constructScores(this.sources, filter);
  }

  /**
   * The same cells as `constructScores`, with each round and construct named once and the cells as columns: what the
   * dashboard reads, whatever the number of projects.
   */
  constructScoreTable(filter: ScoreFilter): Promise<ConstructScoreTable> {
    return constructScoreTable(this.sources, filter);
  }

  itemDistributions(filter: ItemFilter): Promise<ItemDistribution[]> {
    return itemDistributions(this.sources, filter);
  }

  /**
   * The same cells as `itemDistributions`, with each round and item (as a role is asked it) named once and the
   * cells as columns.
   */
  itemDistributionTable(filter: ItemFilter): Promise<ItemDistributionTable> {
    return itemDistributionTable(this.sources, filter);
  }

  roundChange(args: ChangeArgs): Promise<RoundChange> {
    return roundChange(this.sources, args);
  }

  programmeFunnel(projectIds: string[]): Promise<ProgrammeFunnel[]> {
    return programmeFunnel(this.em, projectIds);
  }

  async reliability(args: { projectId: string; roundId: string }): Promise<Reliability[]> {
    const [sourced] = await this.sources.rounds([args.projectId], [args.roundId]);
    if (!sourced) throw ValidationError.forFields({ roundId: 'is not a round of the project' });
    const cells = await cellsOf(sourced, 'reliability', async () => {
      const [scores, aggregates, partials] = await Promise.all([
        this.sources.scoreCells([sourced]),
        reliabilityAggregates(this.em, sourced.round.id, sourced.shape, sourced.definition),
        this.sources.partials([sourced]),
      ]);
      return discloseReliability(
        sourced.shape,
        scores.get(sourced.round.id)!,
        aggregates,
        sourced.round.minGroupSize,
        this.policy,
        partials.get(sourced.round.id),
      );
    });
    // Feldt's interval is a function of alpha, n and the number of items, all shown beside it: it tells nothing new.
    return cells.map(({ key: _key, ...cell }) => {
      const interval = cell.suppressed ? null : feldtInterval(cell.alpha, cell.n ?? 0, cell.items);
      return {
        ...cell,
        round: sourced.ref,
        alphaCiLow: interval?.low ?? null,
        alphaCiHigh: interval?.high ?? null,
      };
    });
  }

  /**
   * A round's response figures and item-level missingness, live, for researchers of its project only (the resolver
   * says so, and so does this check). The by-role breakdown passes the rules in `missingness.ts`.
   */
  async roundMissingness(roundId: string): Promise<RoundMissingness> {
    const round = isUuid(roundId) ? await this.em.findOne(Round, roundId, { populate: ['project'] }) : null;
    if (!round) throw ValidationError.forFields({ roundId: 'is not a round' });
    if (!this.sources.isResearcher(round.project.id))
      throw new ForbiddenError('Only researchers of the project may see item-level missingness');
    const [sourced] = await this.sources.rounds([round.project.id], [round.id]);
    const items = sourced!.definition.sections.flatMap((s) => s.items);
    const [aggregates, figures, scores] = await Promise.all([
      missingnessAggregates(this.em, round.id, sourced!.definition),
      responseFigures(this.em, round.id),
      this.sources.scoreCells([sourced!]),
    ]);
    // Roles the construct scores hide to protect another role are hidden here too, so the two views agree.
    const linked = new Set(
      scores
        .get(round.id)!
        .filter((c) => c.role !== null && c.suppressed === SuppressionReason.SECONDARY)
        .map((c) => c.role!),
    );
    const disclosed = discloseMissingness(aggregates, items, round.minGroupSize, this.policy, linked);
    const rate = (x: number, n: number) => (n > 0 ? x / n : null);
    const withRates = (c: StateCounts): ItemStateCounts => {
      const shown = c.answered + c.dontKnow + c.skipped;
      return {
        responses: shown + c.notAsked + c.hidden,
        notAsked: c.notAsked,
        hiddenByShowIf: c.hidden,
        shown,
        answered: c.answered,
        dontKnow: c.dontKnow,
        skipped: c.skipped,
        answeredRate: rate(c.answered, shown),
        dontKnowRate: rate(c.dontKnow, shown),
        skippedRate: rate(c.skipped, shown),
      };
    };
    return {
      round: sourced!.ref,
      responses: {
        ...figures,
        codeUseRate: rate(figures.codesUsed, figures.codesIssued),
        completionRate: rate(figures.openLinkSubmitted, figures.openLinkStarted),
        byRole: disclosed.roles.map((r) => ({ role: r.role, suppressed: r.suppressed, submitted: r.n })),
      },
      items: disclosed.items.map(({ item, cells }) => ({
        item: item.key,
        type: item.type,
        construct: item.construct ?? null,
        prompt: item.prompt,
        roles: item.roles,
        conditional: item.showIf != null,
        cells: cells.map((c) => ({
          role: c.role,
          suppressed: c.suppressed,
          counts: c.counts ? withRates(c.counts) : null,
        })),
      })),
    };
  }
}
