import type { Viewer } from '../auth/viewer.js';
import { isResearcherOf } from '../auth/access.js';
import { ProgrammeCohort } from '../cohorts/cohort.entity.js';
import { outcomeWhole, OUTCOMES, PIPELINE, type Stage } from '../cohorts/cohort.rules.js';
import { ForbiddenError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import {
  RespondentRole,
  type InstrumentDefinition,
  type Item,
  type LocalizedText,
} from '../instruments/definition.types.js';
import { definitionOf } from '../instruments/published-definitions.js';
import type { Logger } from '../logger.js';
import { Wave } from '../waves/wave.entity.js';
import { ChangeDesign } from './analytics.types.js';
import type {
  ConstructRef,
  ConstructScoreTable,
  FunnelStage,
  GroupScore,
  ItemColumns,
  ItemDistribution,
  ItemDistributionTable,
  ItemRef,
  ScoreColumns,
  ProgrammeFunnel,
  Reliability,
  ItemStateCounts,
  RoundChange,
  RoundMissingness,
  RoundRef,
  ScoreCell,
} from './analytics.types.js';
import {
  discloseMissingness,
  missingnessAggregates,
  responseFigures,
  type StateCounts,
} from './missingness.js';
import type { DisclosurePolicy } from './disclosure.js';
import type { Release } from './release.entity.js';
import { DEFAULT_MIN_SHARE, ReleaseService, resultsVisible, roundOrder } from './release.service.js';
import {
  arrayLiteral,
  itemAggregates,
  pairAggregates,
  partialAggregates,
  reliabilityAggregates,
  roleSizes,
  scoreAggregates,
} from './round-aggregates.js';
import {
  discloseItems,
  disclosePairs,
  discloseReliability,
  discloseScores,
  pairKey,
  scoreKey,
  shapeOf,
  unreleased,
  type PairAggregate,
  type PairRelease,
  type RoundShape,
  type ScoreRelease,
} from './round-disclosure.js';
import { feldtInterval, hedgesG, welchDifference, wilsonInterval } from './stats.js';
import { SuppressionReason } from './suppression.js';

export { DEFAULT_MIN_SHARE };

/** Where a round's numbers come from for this viewer. */
type Source = { kind: 'live' } | { kind: 'release'; release: Release } | { kind: 'open' };

/** What the analytics read of a round: its own columns and its project's name, nothing more. */
export type RoundWave = Pick<
  Wave,
  'id' | 'label' | 'opensAt' | 'closesAt' | 'closedAt' | 'draft' | 'minGroupSize' | 'resultsAfterClose'
> & { project: { id: string; name: string }; instrumentVersion: { id: string } };

interface Round {
  wave: RoundWave;
  ref: RoundRef;
  definition: InstrumentDefinition;
  shape: RoundShape;
  source: Source;
}

export interface ScoreFilter {
  projectIds: string[];
  waveIds?: string[] | null;
  roles?: RespondentRole[] | null;
  constructs?: string[] | null;
  minShareAnswered?: number | null;
}

/**
 * Every number of the dashboard. Researchers of a project get live numbers; everyone else (managers) gets the
 * round's current release, made and checked by `ReleaseService`. Both pass the same disclosure rules
 * (`round-disclosure.ts`) over aggregates computed in PostgreSQL (`round-aggregates.ts`); filters only pick cells.
 */
export class AnalyticsService {
  constructor(
    private readonly em: Em,
    private readonly viewer: Viewer,
    private readonly policy: DisclosurePolicy,
    private readonly log?: Logger,
  ) {}

  private isResearcher(projectId: string): boolean {
    return isResearcherOf(this.viewer, projectId);
  }

  private async rounds(projectIds: string[], waveIds?: string[] | null): Promise<Round[]> {
    const ids = [...new Set(projectIds.filter(isUuid))];
    // One query with the project's name, and no entities: over thousands of rounds, hydrating them was a tenth of
    // the request.
    const rows: {
      id: string;
      label: string;
      opens_at: Date | string;
      closes_at: Date | string | null;
      closed_at: Date | string | null;
      draft: boolean;
      min_group_size: number;
      results_after_close: boolean;
      project_id: string;
      project_name: string;
      instrument_version_id: string;
    }[] = await this.em.execute(
      `select w.id, w.label, w.opens_at, w.closes_at, w.closed_at, w.draft, w.min_group_size,
              w.results_after_close, w.project_id, p.name as project_name, w.instrument_version_id
         from waves w join projects p on p.id = w.project_id
        where w.project_id = any(?::uuid[])${waveIds?.length ? ' and w.id = any(?::uuid[])' : ''}`,
      [arrayLiteral(ids), ...(waveIds?.length ? [arrayLiteral(waveIds.filter(isUuid))] : [])],
    );
    const date = (value: Date | string | null) => (value === null ? null : new Date(value));
    const waves: RoundWave[] = rows
      .map((r) => ({
        id: r.id,
        label: r.label,
        opensAt: date(r.opens_at)!,
        closesAt: date(r.closes_at),
        closedAt: date(r.closed_at),
        draft: r.draft,
        minGroupSize: Number(r.min_group_size),
        resultsAfterClose: r.results_after_close,
        project: { id: r.project_id, name: r.project_name },
        instrumentVersion: { id: r.instrument_version_id },
      }))
      .sort(roundOrder);
    const released = waves.filter((w) => !this.isResearcher(w.project.id));
    const releases = new Map<string, Release>();
    if (this.policy.releases && released.length > 0) {
      const service = new ReleaseService(this.em, this.policy, this.log);
      await service.refreshProjects([...new Set(released.map((w) => w.project.id))]);
      for (const [id, release] of await service.current(released.map((w) => w.id))) releases.set(id, release);
    }
    const now = new Date();
    const rounds: Round[] = [];
    for (const wave of waves) {
      const definition = await definitionOf(this.em, wave.instrumentVersion.id);
      const release = releases.get(wave.id);
      const source: Source = this.isResearcher(wave.project.id)
        ? { kind: 'live' }
        : release
          ? { kind: 'release', release }
          : this.policy.releases || !resultsVisible(wave, now)
            ? { kind: 'open' }
            : { kind: 'live' };
      rounds.push({
        wave,
        definition,
        shape: shapeOf(definition),
        source,
        ref: {
          projectId: wave.project.id,
          projectName: wave.project.name,
          waveId: wave.id,
          waveLabel: wave.label,
          opensAt: wave.opensAt,
          minGroupSize: release?.k ?? wave.minGroupSize,
          releaseVersion: release?.version ?? null,
          releasedAt: release?.releasedAt ?? null,
        },
      });
    }
    return rounds;
  }

  private checkMinShare(projectIds: string[], minShare: number | null | undefined): number {
    if (minShare == null || minShare === DEFAULT_MIN_SHARE) return DEFAULT_MIN_SHARE;
    if (!(minShare > 0 && minShare <= 1))
      throw ValidationError.forFields({ minShareAnswered: 'must be above 0 and at most 1' });
    // Another threshold changes who is counted; letting managers vary it would let them subtract small groups out.
    if (!projectIds.every((id) => this.isResearcher(id))) {
      throw new ForbiddenError(
        'Only researchers of the project may change the minimum share of items answered',
      );
    }
    return minShare;
  }

  /** The score cells of each round, live (disclosed now), released, or all hidden while the round is open. */
  private async scoreCells(
    rounds: Round[],
    minShare = DEFAULT_MIN_SHARE,
  ): Promise<Map<string, ScoreRelease[]>> {
    const live = rounds.filter((r) => r.source.kind === 'live');
    const aggregates = await scoreAggregates(
      this.em,
      live.map((r) => r.wave.id),
      minShare,
    );
    return new Map(
      rounds.map((round) => [
        round.wave.id,
        round.source.kind === 'release'
          ? round.source.release.scores
          : round.source.kind === 'open'
            ? unreleased(round.shape).scores
            : discloseScores(
                round.shape,
                aggregates.get(round.wave.id) ?? [],
                round.wave.minGroupSize,
                this.policy,
              ),
      ]),
    );
  }

  async constructScores(filter: ScoreFilter): Promise<ScoreCell[]> {
    const minShare = this.checkMinShare(filter.projectIds, filter.minShareAnswered);
    const rounds = await this.rounds(filter.projectIds, filter.waveIds);
    const cells = await this.scoreCells(rounds, minShare);
    return rounds.flatMap((round) =>
      cells
        .get(round.wave.id)!
        .filter(
          (cell) =>
            (!filter.roles?.length || cell.role === null || filter.roles.includes(cell.role)) &&
            (!filter.constructs?.length || filter.constructs.includes(cell.construct)),
        )
        .map(({ key: _key, ...cell }) => ({
          ...cell,
          round: round.ref,
          label: round.definition.constructs.find((c) => c.key === cell.construct)?.label ?? {
            nb: cell.construct,
          },
        })),
    );
  }

  /**
   * The same cells as `constructScores`, with each round and construct named once and the cells as columns: what the
   * dashboard reads, whatever the number of projects.
   */
  async constructScoreTable(filter: ScoreFilter): Promise<ConstructScoreTable> {
    const minShare = this.checkMinShare(filter.projectIds, filter.minShareAnswered);
    const rounds = await this.rounds(filter.projectIds, filter.waveIds);
    const cells = await this.scoreCells(rounds, minShare);
    const constructs: ConstructRef[] = [];
    const named = new Map<string, number>();
    // Per instrument version, each construct's place in `constructs` (the same key may be labelled otherwise elsewhere).
    const byVersion = new Map<string, Map<string, number>>();
    const indexOf = (round: Round, construct: string) => {
      const versionId = round.wave.instrumentVersion.id;
      let indexes = byVersion.get(versionId);
      if (!indexes) byVersion.set(versionId, (indexes = new Map()));
      let index = indexes.get(construct);
      if (index === undefined) {
        const found = round.definition.constructs.find((c) => c.key === construct);
        const ref: ConstructRef = {
          key: construct,
          kind: found?.kind ?? round.shape.constructs.find((c) => c.key === construct)!.kind,
          label: found?.label ?? { nb: construct },
        };
        const name = JSON.stringify([ref.key, ref.kind, ref.label]);
        index = named.get(name);
        if (index === undefined) {
          index = constructs.push(ref) - 1;
          named.set(name, index);
        }
        indexes.set(construct, index);
      }
      return index;
    };
    const columns: ScoreColumns = {
      round: [],
      role: [],
      construct: [],
      suppressed: [],
      n: [],
      mean: [],
      spreadSuppressed: [],
      sd: [],
      ciLow: [],
      ciHigh: [],
      quartilesSuppressed: [],
      median: [],
      q1: [],
      q3: [],
    };
    rounds.forEach((round, r) => {
      for (const cell of cells.get(round.wave.id)!) {
        if (filter.roles?.length && cell.role !== null && !filter.roles.includes(cell.role)) continue;
        if (filter.constructs?.length && !filter.constructs.includes(cell.construct)) continue;
        columns.round.push(r);
        columns.role.push(cell.role);
        columns.construct.push(indexOf(round, cell.construct));
        columns.suppressed.push(cell.suppressed);
        columns.n.push(cell.n);
        columns.mean.push(cell.mean);
        columns.spreadSuppressed.push(cell.spreadSuppressed);
        columns.sd.push(cell.sd);
        columns.ciLow.push(cell.ciLow);
        columns.ciHigh.push(cell.ciHigh);
        columns.quartilesSuppressed.push(cell.quartilesSuppressed);
        columns.median.push(cell.median);
        columns.q1.push(cell.q1);
        columns.q3.push(cell.q3);
      }
    });
    return { rounds: rounds.map((r) => r.ref), constructs, cells: columns };
  }

  /**
   * The same cells as `itemDistributions`, with each round and item (as a role is asked it) named once and the
   * cells as columns.
   */
  async itemDistributionTable(filter: {
    projectIds: string[];
    waveIds?: string[] | null;
    roles?: RespondentRole[] | null;
    items?: string[] | null;
  }): Promise<ItemDistributionTable> {
    const rounds = await this.rounds(filter.projectIds, filter.waveIds);
    const live = rounds.filter((r) => r.source.kind === 'live').map((r) => r.wave.id);
    const [scores, items, sizes, partials] = await Promise.all([
      this.scoreCells(rounds),
      itemAggregates(this.em, live),
      roleSizes(this.em, live),
      this.partials(rounds.filter((r) => r.source.kind === 'live')),
    ]);
    const refs: ItemRef[] = [];
    const byVersion = new Map<string, Map<string, number>>();
    const indexOf = (round: Round, item: string, role: RespondentRole) => {
      const versionId = round.wave.instrumentVersion.id;
      let indexes = byVersion.get(versionId);
      if (!indexes) byVersion.set(versionId, (indexes = new Map()));
      const key = `${item}|${role}`;
      let index = indexes.get(key);
      if (index === undefined) {
        const found = round.definition.sections.flatMap((s) => s.items).find((i) => i.key === item)!;
        const points = round.definition.scales.find((s) => s.key === found.scale)?.points ?? [];
        index =
          refs.push({
            item,
            role,
            construct: found.construct ?? null,
            prompt: promptFor(found, role),
            points,
          }) - 1;
        indexes.set(key, index);
      }
      return index;
    };
    const columns: ItemColumns = {
      round: [],
      item: [],
      suppressed: [],
      n: [],
      counts: [],
      notApplicable: [],
      missing: [],
    };
    rounds.forEach((round, r) => {
      const cells =
        round.source.kind === 'release'
          ? round.source.release.items
          : round.source.kind === 'open'
            ? unreleased(round.shape).items
            : discloseItems(
                round.shape,
                scores.get(round.wave.id)!,
                items.get(round.wave.id) ?? [],
                round.wave.minGroupSize,
                this.policy,
                partials.get(round.wave.id),
              );
      const naCounts = new Map(
        (items.get(round.wave.id) ?? []).map((a) => [`${a.item}|${a.role}`, a.notApplicable]),
      );
      for (const cell of cells) {
        if (filter.roles?.length && !filter.roles.includes(cell.role)) continue;
        if (filter.items?.length && !filter.items.includes(cell.item)) continue;
        const size = sizes.get(`${round.wave.id}|${cell.role}`);
        columns.round.push(r);
        columns.item.push(indexOf(round, cell.item, cell.role));
        columns.suppressed.push(cell.suppressed);
        columns.n.push(cell.n);
        columns.counts.push(cell.counts?.map((c) => c.count) ?? null);
        columns.notApplicable.push(cell.notApplicable);
        columns.missing.push(
          round.source.kind === 'live' && !cell.suppressed && size !== undefined
            ? size - (cell.n ?? 0) - (naCounts.get(`${cell.item}|${cell.role}`) ?? 0)
            : null,
        );
      }
    });
    return { rounds: rounds.map((r) => r.ref), items: refs, cells: columns };
  }

  async itemDistributions(filter: {
    projectIds: string[];
    waveIds?: string[] | null;
    roles?: RespondentRole[] | null;
    items?: string[] | null;
  }): Promise<ItemDistribution[]> {
    const rounds = await this.rounds(filter.projectIds, filter.waveIds);
    const live = rounds.filter((r) => r.source.kind === 'live').map((r) => r.wave.id);
    const [scores, items, sizes, partials] = await Promise.all([
      this.scoreCells(rounds),
      itemAggregates(this.em, live),
      roleSizes(this.em, live),
      this.partials(rounds.filter((r) => r.source.kind === 'live')),
    ]);
    const result: ItemDistribution[] = [];
    for (const round of rounds) {
      const cells =
        round.source.kind === 'release'
          ? round.source.release.items
          : round.source.kind === 'open'
            ? unreleased(round.shape).items
            : discloseItems(
                round.shape,
                scores.get(round.wave.id)!,
                items.get(round.wave.id) ?? [],
                round.wave.minGroupSize,
                this.policy,
                partials.get(round.wave.id),
              );
      const definitionItems = new Map(
        round.definition.sections.flatMap((s) => s.items).map((i) => [i.key, i]),
      );
      const scales = new Map(round.definition.scales.map((s) => [s.key, s]));
      const naCounts = new Map(
        (items.get(round.wave.id) ?? []).map((a) => [`${a.item}|${a.role}`, a.notApplicable]),
      );
      for (const cell of cells) {
        if (filter.roles?.length && !filter.roles.includes(cell.role)) continue;
        if (filter.items?.length && !filter.items.includes(cell.item)) continue;
        const item = definitionItems.get(cell.item)!;
        const answered = cell.n ?? 0;
        const size = sizes.get(`${round.wave.id}|${cell.role}`);
        result.push({
          round: round.ref,
          role: cell.role,
          item: cell.item,
          prompt: promptFor(item, cell.role),
          construct: cell.construct,
          points: scales.get(item.scale ?? '')?.points ?? [],
          suppressed: cell.suppressed,
          n: cell.n,
          counts: cell.counts?.map((c) => ({ ...c, share: answered > 0 ? c.count / answered : 0 })) ?? null,
          notApplicable: cell.notApplicable,
          missing:
            round.source.kind === 'live' && !cell.suppressed && size !== undefined
              ? size - answered - (naCounts.get(`${cell.item}|${cell.role}`) ?? 0)
              : null,
        });
      }
    }
    return result;
  }

  /** Partial answerers per construct and role of each live round, one query per instrument version. */
  private async partials(rounds: Round[]): Promise<Map<string, Map<string, number>>> {
    const byVersion = new Map<string, Round[]>();
    for (const round of rounds) {
      const id = round.wave.instrumentVersion.id;
      byVersion.set(id, [...(byVersion.get(id) ?? []), round]);
    }
    const result = new Map<string, Map<string, number>>();
    for (const group of byVersion.values()) {
      const { shape, definition } = group[0]!;
      const found = await partialAggregates(
        this.em,
        group.map((r) => r.wave.id),
        shape,
        definition,
      );
      for (const [id, counts] of found) result.set(id, counts);
    }
    return result;
  }

  async reliability(args: { projectId: string; waveId: string }): Promise<Reliability[]> {
    const [round] = await this.rounds([args.projectId], [args.waveId]);
    if (!round) throw ValidationError.forFields({ waveId: 'is not a round of the project' });
    let cells;
    if (round.source.kind === 'release') cells = round.source.release.reliability;
    else if (round.source.kind === 'open') cells = unreleased(round.shape).reliability;
    else {
      const scores = (await this.scoreCells([round])).get(round.wave.id)!;
      cells = discloseReliability(
        round.shape,
        scores,
        await reliabilityAggregates(this.em, round.wave.id, round.shape, round.definition),
        round.wave.minGroupSize,
        this.policy,
        (await this.partials([round])).get(round.wave.id),
      );
    }
    // Feldt's interval is a function of alpha, n and the number of items, all shown beside it: it tells nothing new.
    return cells.map(({ key: _key, ...cell }) => {
      const interval = cell.suppressed ? null : feldtInterval(cell.alpha, cell.n ?? 0, cell.items);
      return {
        ...cell,
        round: round.ref,
        alphaCiLow: interval?.low ?? null,
        alphaCiHigh: interval?.high ?? null,
      };
    });
  }

  /**
   * A round's response figures and item-level missingness, live, for researchers of its project only (the resolver
   * says so, and so does this check). The by-role breakdown passes the rules in `missingness.ts`.
   */
  async roundMissingness(waveId: string): Promise<RoundMissingness> {
    const wave = isUuid(waveId) ? await this.em.findOne(Wave, waveId, { populate: ['project'] }) : null;
    if (!wave) throw ValidationError.forFields({ waveId: 'is not a round' });
    if (!this.isResearcher(wave.project.id))
      throw new ForbiddenError('Only researchers of the project may see item-level missingness');
    const [round] = await this.rounds([wave.project.id], [wave.id]);
    const items = round!.definition.sections.flatMap((s) => s.items);
    const [aggregates, figures, scores] = await Promise.all([
      missingnessAggregates(this.em, wave.id, round!.definition),
      responseFigures(this.em, wave.id),
      this.scoreCells([round!]),
    ]);
    // Roles the construct scores hide to protect another role are hidden here too, so the two views agree.
    const linked = new Set(
      scores
        .get(wave.id)!
        .filter((c) => c.role !== null && c.suppressed === SuppressionReason.SECONDARY)
        .map((c) => c.role!),
    );
    const disclosed = discloseMissingness(aggregates, items, wave.minGroupSize, this.policy, linked);
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
      round: round!.ref,
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

  async roundChange(args: {
    projectId: string;
    fromWaveId: string;
    toWaveId: string;
    construct: string;
    role?: RespondentRole | null;
  }): Promise<RoundChange> {
    if (args.fromWaveId === args.toWaveId)
      throw ValidationError.forFields({ toWaveId: 'must be another round than fromWaveId' });
    const rounds = await this.rounds([args.projectId], [args.fromWaveId, args.toWaveId]);
    const from = rounds.find((r) => r.wave.id === args.fromWaveId);
    const to = rounds.find((r) => r.wave.id === args.toWaveId);
    if (!from || !to)
      throw ValidationError.forFields({ fromWaveId: 'and toWaveId must both be rounds of the project' });
    const construct =
      to.definition.constructs.find((c) => c.key === args.construct) ??
      from.definition.constructs.find((c) => c.key === args.construct);
    if (!construct) throw ValidationError.forFields({ construct: `is not a construct of these rounds` });
    // All roles of a construct asked of one role are that role (there is no total to show beside it).
    const askedOf = new Set(
      [from, to].flatMap((r) => r.shape.constructs.find((c) => c.key === construct.key)?.roles ?? []),
    );
    const role = args.role ?? (askedOf.size === 1 ? [...askedOf][0]! : null);
    const [earlier, later] = roundOrder(from.wave, to.wave) < 0 ? [from, to] : [to, from];
    // Live pairs need only the two rounds' ids: ask for them while the scores are computed.
    const livePairs =
      earlier.source.kind !== 'open' && later.source.kind === 'live'
        ? pairAggregates(
            this.em,
            { waveId: earlier.wave.id },
            { waveId: later.wave.id },
            DEFAULT_MIN_SHARE,
            this.policy.onePairPerKey,
          )
        : undefined;
    livePairs?.catch(() => undefined);
    const scores = await this.scoreCells(rounds);
    const cellOf = (round: Round) =>
      scores.get(round.wave.id)!.find((c) => c.key === scoreKey(construct.key, role));
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
        : await this.pairCell(earlier, later, scores, construct.key, role, livePairs);
    const reversed = earlier !== from;

    const groupScore = (round: Round, cell: ScoreRelease): GroupScore =>
      !cell.suppressed
        ? {
            round: round.ref,
            suppressed: null,
            n: cell.n,
            mean: cell.mean,
            spreadSuppressed: cell.spreadSuppressed,
            sd: cell.sd,
          }
        : {
            round: round.ref,
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
  private async pairCell(
    earlier: Round,
    later: Round,
    scores: Map<string, ScoreRelease[]>,
    construct: string,
    role: RespondentRole | null,
    livePairs?: Promise<PairAggregate[]>,
  ): Promise<PairRelease | undefined> {
    const key = pairKey(earlier.wave.id, construct, role);
    if (later.source.kind === 'release') {
      // Researcher of neither, so both rounds come from releases; a later release held back has no cell yet.
      return later.source.release.pairs.find((p) => p.key === key);
    }
    const aggregates = await (livePairs ??
      pairAggregates(
        this.em,
        { waveId: earlier.wave.id },
        { waveId: later.wave.id },
        DEFAULT_MIN_SHARE,
        this.policy.onePairPerKey,
      ));
    return disclosePairs(
      earlier.wave.id,
      { shape: earlier.shape, scores: scores.get(earlier.wave.id)! },
      { shape: later.shape, scores: scores.get(later.wave.id)! },
      aggregates,
      Math.max(earlier.wave.minGroupSize, later.wave.minGroupSize),
      this.policy,
    ).find((p) => p.key === key);
  }

  /**
   * Programme figures per cohort, as the programmes report them: the pipeline stage by stage (each a share of the
   * last reported stage before it), then what became of those who started (shares of them). A figure not reported is
   * null, never 0, and no rate is made from one. The figures are the programmes' own published totals, validated on
   * entry so that no part exceeds its whole.
   */
  async programmeFunnel(projectIds: string[]): Promise<ProgrammeFunnel[]> {
    const cohorts = await this.em.find(
      ProgrammeCohort,
      { project: { $in: projectIds.filter(isUuid) } },
      { populate: ['project'], orderBy: { project: { name: 'asc' }, startYear: 'asc', cohort: 'asc' } },
    );
    const stage = (
      name: Stage,
      count: number | null,
      of: { stage: Stage; count: number } | null,
    ): FunnelStage => {
      const rate = count !== null && of && of.count > 0 ? count / of.count : null;
      const interval = rate !== null && of ? wilsonInterval(count!, of.count) : null;
      return {
        stage: name,
        count,
        of: of?.stage ?? null,
        rate,
        ciLow: interval?.low ?? null,
        ciHigh: interval?.high ?? null,
      };
    };
    return cohorts.map((cohort) => {
      const stages: FunnelStage[] = [];
      let previous: { stage: Stage; count: number } | null = null;
      for (const name of PIPELINE) {
        const count = cohort[name];
        stages.push(stage(name, count, count === null ? null : previous));
        if (count !== null) previous = { stage: name, count };
      }
      const whole = outcomeWhole(cohort);
      for (const name of OUTCOMES) {
        const count = cohort[name];
        stages.push(stage(name, count, count === null ? null : whole));
      }
      return {
        projectId: cohort.project.id,
        projectName: cohort.project.name,
        cohort: cohort.cohort,
        startYear: cohort.startYear,
        source: cohort.source,
        note: cohort.note,
        stages,
      };
    });
  }
}

function promptFor(item: Item, role: RespondentRole): LocalizedText {
  return item.promptByRole?.find((p) => p.role === role)?.text ?? item.prompt;
}
