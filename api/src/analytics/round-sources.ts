import { isResearcherOf } from '../auth/access.js';
import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { RespondentRole, type InstrumentDefinition } from '../instruments/definition.types.js';
import { definitionOf } from '../instruments/published-definitions.js';
import type { Logger } from '../logger.js';
import { Round } from '../rounds/round.entity.js';
import type { RoundRef } from './analytics.types.js';
import type { DisclosurePolicy } from './disclosure.js';
import type { Release } from './release.entity.js';
import { DEFAULT_MIN_SHARE, ReleaseService, resultsVisible, roundOrder } from './release.service.js';
import { partialAggregates, scoreAggregates } from './round-aggregates.js';
import { roundsQuery, run } from './analytics.queries.js';
import {
  discloseScores,
  shapeOf,
  unreleased,
  type RoundShape,
  type ScoreRelease,
} from './round-disclosure.js';

/** Where a round's numbers come from for this viewer. */
type Source = { kind: 'live' } | { kind: 'release'; release: Release } | { kind: 'open' };

/** What the analytics read of a round: its own columns and its project's name, nothing more. */
export type RoundColumns = Pick<
  Round,
  'id' | 'label' | 'opensAt' | 'closesAt' | 'closedAt' | 'draft' | 'minGroupSize' | 'resultsAfterClose'
> & { project: { id: string; name: string }; instrumentVersion: { id: string } };

export interface SourcedRound {
  round: RoundColumns;
  ref: RoundRef;
  definition: InstrumentDefinition;
  shape: RoundShape;
  source: Source;
}

export interface ScoreFilter {
  projectIds: string[];
  roundIds?: string[] | null;
  roles?: RespondentRole[] | null;
  constructs?: string[] | null;
  minShareAnswered?: number | null;
}

/**
 * Where each round's numbers come from for one viewer, and the one place that picks its cells: researchers of a
 * project get live numbers disclosed now, everyone else the round's current release, and nobody anything while the
 * round is open (`cellsOf`).
 */
/** The cells of one part of a round as it is shown: its release's, all hidden while it is open, or disclosed now. */
export type RoundCells = ReturnType<typeof unreleased>;

/**
 * The one entry point to suppression: every number a viewer gets passes through here. A round with a release is
 * answered from it, an open round with every cell hidden, and a live round with `disclose` (the disclosure rules of
 * `round-disclosure.ts` over aggregates computed now).
 */
export function cellsOf<K extends keyof RoundCells>(
  sourced: SourcedRound,
  part: K,
  disclose: () => RoundCells[K],
): RoundCells[K];
export function cellsOf<K extends keyof RoundCells>(
  sourced: SourcedRound,
  part: K,
  disclose: () => Promise<RoundCells[K]>,
): Promise<RoundCells[K]>;
export function cellsOf<K extends keyof RoundCells>(
  sourced: SourcedRound,
  part: K,
  disclose: () => RoundCells[K] | Promise<RoundCells[K]>,
): RoundCells[K] | Promise<RoundCells[K]> {
  switch (sourced.source.kind) {
    case 'release':
      return sourced.source.release[part];
    case 'open':
      return unreleased(sourced.shape)[part];
    case 'live':
      return disclose();
  }
}

export class RoundSources {
  constructor(
    readonly em: Em,
    readonly viewer: Viewer,
    readonly policy: DisclosurePolicy,
    private readonly log?: Logger,
  ) {}

  isResearcher(projectId: string): boolean {
    return isResearcherOf(this.viewer, projectId);
  }

  async rounds(projectIds: string[], roundIds?: string[] | null): Promise<SourcedRound[]> {
    const ids = [...new Set(projectIds.filter(isUuid))];
    // One query with the project's name, and no entities: over thousands of rounds, hydrating them was a tenth of
    // the request.
    const rows = await run(this.em, roundsQuery(ids, roundIds?.length ? roundIds.filter(isUuid) : null));
    const date = (value: Date | string | null) => (value === null ? null : new Date(value));
    const rounds: RoundColumns[] = rows
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
    const released = rounds.filter((w) => !this.isResearcher(w.project.id));
    const releases = new Map<string, Release>();
    if (this.policy.releases && released.length > 0) {
      const service = new ReleaseService(this.em, this.policy, this.log);
      await service.refreshProjects([...new Set(released.map((w) => w.project.id))]);
      for (const [id, release] of await service.current(released.map((w) => w.id))) releases.set(id, release);
    }
    const now = new Date();
    const sourcedRounds: SourcedRound[] = [];
    for (const round of rounds) {
      const definition = await definitionOf(this.em, round.instrumentVersion.id);
      const release = releases.get(round.id);
      const source: Source = this.isResearcher(round.project.id)
        ? { kind: 'live' }
        : release
          ? { kind: 'release', release }
          : this.policy.releases || !resultsVisible(round, now)
            ? { kind: 'open' }
            : { kind: 'live' };
      sourcedRounds.push({
        round,
        definition,
        shape: shapeOf(definition),
        source,
        ref: roundRefOf(round, release),
      });
    }
    return sourcedRounds;
  }

  checkMinShare(projectIds: string[], minShare: number | null | undefined): number {
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
  async scoreCells(
    sourcedRounds: SourcedRound[],
    minShare = DEFAULT_MIN_SHARE,
  ): Promise<Map<string, ScoreRelease[]>> {
    const live = sourcedRounds.filter((r) => r.source.kind === 'live');
    const aggregates = await scoreAggregates(
      this.em,
      live.map((r) => r.round.id),
      minShare,
    );
    return new Map(
      sourcedRounds.map((sourced) => [
        sourced.round.id,
        cellsOf(sourced, 'scores', () =>
          discloseScores(
            sourced.shape,
            aggregates.get(sourced.round.id) ?? [],
            sourced.round.minGroupSize,
            this.policy,
          ),
        ),
      ]),
    );
  }

  /** Partial answerers per construct and role of each live round, one query per instrument version. */
  async partials(sourcedRounds: SourcedRound[]): Promise<Map<string, Map<string, number>>> {
    const byVersion = new Map<string, SourcedRound[]>();
    for (const sourced of sourcedRounds) {
      const id = sourced.round.instrumentVersion.id;
      byVersion.set(id, [...(byVersion.get(id) ?? []), sourced]);
    }
    const result = new Map<string, Map<string, number>>();
    for (const group of byVersion.values()) {
      const { shape, definition } = group[0]!;
      const found = await partialAggregates(
        this.em,
        group.map((r) => r.round.id),
        shape,
        definition,
      );
      for (const [id, counts] of found) result.set(id, counts);
    }
    return result;
  }
}

/** Where a result comes from: the round, and the release its numbers are from (none for live numbers). */
export function roundRefOf(
  round: Pick<RoundColumns, 'id' | 'label' | 'opensAt' | 'minGroupSize' | 'project'>,
  release: Pick<Release, 'k' | 'version' | 'releasedAt'> | null | undefined,
): RoundRef {
  return {
    projectId: round.project.id,
    projectName: round.project.name,
    roundId: round.id,
    roundLabel: round.label,
    opensAt: round.opensAt,
    minGroupSize: release?.k ?? round.minGroupSize,
    releaseVersion: release?.version ?? null,
    releasedAt: release?.releasedAt ?? null,
  };
}
