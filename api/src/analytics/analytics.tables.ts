import { cellsOf, type SourcedRound, type RoundSources, type ScoreFilter } from './round-sources.js';
import { RespondentRole, type Item, type LocalizedText } from '../instruments/definition.types.js';
import type {
  ConstructRef,
  ConstructScoreTable,
  ItemColumns,
  ItemDistribution,
  ItemDistributionTable,
  ItemRef,
  ScoreColumns,
  ScoreCell,
} from './analytics.types.js';
import { itemAggregates, roleSizes } from './round-aggregates.js';
import { discloseItems } from './round-disclosure.js';

export async function constructScores(sources: RoundSources, filter: ScoreFilter): Promise<ScoreCell[]> {
  const minShare = sources.checkMinShare(filter.projectIds, filter.minShareAnswered);
  const sourcedRounds = await sources.rounds(filter.projectIds, filter.roundIds);
  const cells = await sources.scoreCells(sourcedRounds, minShare);
  return sourcedRounds.flatMap((sourced) =>
    cells
      .get(sourced.round.id)!
      .filter(
        (cell) =>
          (!filter.roles?.length || cell.role === null || filter.roles.includes(cell.role)) &&
          (!filter.constructs?.length || filter.constructs.includes(cell.construct)),
      )
      .map(({ key: _key, ...cell }) => ({
        ...cell,
        round: sourced.ref,
        label: sourced.definition.constructs.find((c) => c.key === cell.construct)?.label ?? {
          nb: cell.construct,
        },
      })),
  );
}

/**
 * The same cells as `constructScores`, with each round and construct named once and the cells as columns: what the
 * dashboard reads, whatever the number of projects.
 */
export async function constructScoreTable(
  sources: RoundSources,
  filter: ScoreFilter,
): Promise<ConstructScoreTable> {
  const minShare = sources.checkMinShare(filter.projectIds, filter.minShareAnswered);
  const sourcedRounds = await sources.rounds(filter.projectIds, filter.roundIds);
  const cells = await sources.scoreCells(sourcedRounds, minShare);
  const constructs: ConstructRef[] = [];
  const named = new Map<string, number>();
  // Per instrument version, each construct's place in `constructs` (the same key may be labelled otherwise elsewhere).
  const byVersion = new Map<string, Map<string, number>>();
  const indexOf = (sourced: SourcedRound, construct: string) => {
    const versionId = sourced.round.instrumentVersion.id;
    let indexes = byVersion.get(versionId);
    if (!indexes) byVersion.set(versionId, (indexes = new Map()));
    let index = indexes.get(construct);
    if (index === undefined) {
      const found = sourced.definition.constructs.find((c) => c.key === construct);
      const ref: ConstructRef = {
        key: construct,
        kind: found?.kind ?? sourced.shape.constructs.find((c) => c.key === construct)!.kind,
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
  sourcedRounds.forEach((sourced, r) => {
    for (const cell of cells.get(sourced.round.id)!) {
      if (filter.roles?.length && cell.role !== null && !filter.roles.includes(cell.role)) continue;
      if (filter.constructs?.length && !filter.constructs.includes(cell.construct)) continue;
      columns.round.push(r);
      columns.role.push(cell.role);
      columns.construct.push(indexOf(sourced, cell.construct));
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
  return { rounds: sourcedRounds.map((r) => r.ref), constructs, cells: columns };
}

/**
 * The same cells as `itemDistributions`, with each round and item (as a role is asked it) named once and the
 * cells as columns.
 */
export async function itemDistributionTable(
  sources: RoundSources,
  filter: ItemFilter,
): Promise<ItemDistributionTable> {
  const { rounds: sourcedRounds, items, sizes, cellsByRound } = await itemCells(sources, filter);
  const refs: ItemRef[] = [];
  const byVersion = new Map<string, Map<string, number>>();
  const indexOf = (sourced: SourcedRound, item: string, role: RespondentRole) => {
    const versionId = sourced.round.instrumentVersion.id;
    let indexes = byVersion.get(versionId);
    if (!indexes) byVersion.set(versionId, (indexes = new Map()));
    const key = `${item}|${role}`;
    let index = indexes.get(key);
    if (index === undefined) {
      const found = sourced.definition.sections.flatMap((s) => s.items).find((i) => i.key === item)!;
      const points = sourced.definition.scales.find((s) => s.key === found.scale)?.points ?? [];
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
  sourcedRounds.forEach((sourced, r) => {
    const cells = cellsByRound.get(sourced.round.id)!;
    const naCounts = new Map(
      (items.get(sourced.round.id) ?? []).map((a) => [`${a.item}|${a.role}`, a.notApplicable]),
    );
    for (const cell of cells) {
      if (filter.roles?.length && !filter.roles.includes(cell.role)) continue;
      if (filter.items?.length && !filter.items.includes(cell.item)) continue;
      const size = sizes.get(`${sourced.round.id}|${cell.role}`);
      columns.round.push(r);
      columns.item.push(indexOf(sourced, cell.item, cell.role));
      columns.suppressed.push(cell.suppressed);
      columns.n.push(cell.n);
      columns.counts.push(cell.counts?.map((c) => c.count) ?? null);
      columns.notApplicable.push(cell.notApplicable);
      columns.missing.push(
        sourced.source.kind === 'live' && !cell.suppressed && size !== undefined
          ? size - (cell.n ?? 0) - (naCounts.get(`${cell.item}|${cell.role}`) ?? 0)
          : null,
      );
    }
  });
  return { rounds: sourcedRounds.map((r) => r.ref), items: refs, cells: columns };
}

export async function itemDistributions(
  sources: RoundSources,
  filter: ItemFilter,
): Promise<ItemDistribution[]> {
  const { rounds: sourcedRounds, items, sizes, cellsByRound } = await itemCells(sources, filter);
  const result: ItemDistribution[] = [];
  for (const sourced of sourcedRounds) {
    const cells = cellsByRound.get(sourced.round.id)!;
    const definitionItems = new Map(
      sourced.definition.sections.flatMap((s) => s.items).map((i) => [i.key, i]),
    );
    const scales = new Map(sourced.definition.scales.map((s) => [s.key, s]));
    const naCounts = new Map(
      (items.get(sourced.round.id) ?? []).map((a) => [`${a.item}|${a.role}`, a.notApplicable]),
    );
    for (const cell of cells) {
      if (filter.roles?.length && !filter.roles.includes(cell.role)) continue;
      if (filter.items?.length && !filter.items.includes(cell.item)) continue;
      const item = definitionItems.get(cell.item)!;
      const answered = cell.n ?? 0;
      const size = sizes.get(`${sourced.round.id}|${cell.role}`);
      result.push({
        round: sourced.ref,
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
          sourced.source.kind === 'live' && !cell.suppressed && size !== undefined
            ? size - answered - (naCounts.get(`${cell.item}|${cell.role}`) ?? 0)
            : null,
      });
    }
  }
  return result;
}

function promptFor(item: Item, role: RespondentRole): LocalizedText {
  return item.promptByRole?.find((p) => p.role === role)?.text ?? item.prompt;
}

export interface ItemFilter {
  projectIds: string[];
  roundIds?: string[] | null;
  roles?: RespondentRole[] | null;
  items?: string[] | null;
}

/** The item cells of each round as the viewer may see them, with the live counts the tables add. */
async function itemCells(sources: RoundSources, filter: ItemFilter) {
  const sourcedRounds = await sources.rounds(filter.projectIds, filter.roundIds);
  const live = sourcedRounds.filter((r) => r.source.kind === 'live').map((r) => r.round.id);
  const [scores, items, sizes, partials] = await Promise.all([
    sources.scoreCells(sourcedRounds),
    itemAggregates(sources.em, live),
    roleSizes(sources.em, live),
    sources.partials(sourcedRounds.filter((r) => r.source.kind === 'live')),
  ]);
  const cellsByRound = new Map(
    sourcedRounds.map((sourced) => [
      sourced.round.id,
      cellsOf(sourced, 'items', () =>
        discloseItems(
          sourced.shape,
          scores.get(sourced.round.id)!,
          items.get(sourced.round.id) ?? [],
          sourced.round.minGroupSize,
          sources.policy,
          partials.get(sourced.round.id),
        ),
      ),
    ]),
  );
  return { rounds: sourcedRounds, items, sizes, cellsByRound };
}
