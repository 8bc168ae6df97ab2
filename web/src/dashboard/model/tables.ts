import type { DashboardConstructScoresQuery, DashboardItemDistributionsQuery } from '@verdi/schema/generated';

type ScoreTable = DashboardConstructScoresQuery['constructScoreTable'];
type ScoreColumns = ScoreTable['cells'];
type ItemTable = DashboardItemDistributionsQuery['itemDistributionTable'];
type ItemColumns = ItemTable['cells'];

/** One construct score cell: a role (or all roles, null) in a round, with its round and construct named. */
export type ScoreCell = {
  round: ScoreTable['rounds'][number];
  construct: string;
  kind: ScoreTable['constructs'][number]['kind'];
  label: ScoreTable['constructs'][number]['label'];
} & { [K in Exclude<keyof ScoreColumns, 'round' | 'construct'>]: ScoreColumns[K][number] };

/** One item's answers in one group, each count with its share of those who answered with a point of the scale. */
export type Distribution = Omit<ItemTable['items'][number], 'item'> & {
  round: ItemTable['rounds'][number];
  item: string;
  counts: { value: number; count: number; share: number }[] | null;
} & { [K in Exclude<keyof ItemColumns, 'round' | 'item' | 'counts'>]: ItemColumns[K][number] };

/**
 * The API sends the dashboard's cells as columns, each round and construct named once (a small answer however many
 * projects are chosen); the charts read one object per cell, made here. Rounds and labels are shared, not copied.
 */
export function scoreCells(table: ScoreTable | null | undefined): ScoreCell[] {
  if (!table) return [];
  const c = table.cells;
  return c.round.map((round, i) => {
    const construct = table.constructs[c.construct[i]!]!;
    return {
      round: table.rounds[round]!,
      role: c.role[i]!,
      construct: construct.key,
      kind: construct.kind,
      label: construct.label,
      suppressed: c.suppressed[i]!,
      n: c.n[i]!,
      mean: c.mean[i]!,
      spreadSuppressed: c.spreadSuppressed[i]!,
      sd: c.sd[i]!,
      ciLow: c.ciLow[i]!,
      ciHigh: c.ciHigh[i]!,
      quartilesSuppressed: c.quartilesSuppressed[i]!,
      median: c.median[i]!,
      q1: c.q1[i]!,
      q3: c.q3[i]!,
    };
  });
}

/** Item distributions, one object per cell; a count's share is of those who answered with a point of the scale. */
export function distributions(table: ItemTable | null | undefined): Distribution[] {
  if (!table) return [];
  const c = table.cells;
  return c.round.map((round, i) => {
    const item = table.items[c.item[i]!]!;
    const answered = c.n[i] ?? 0;
    return {
      round: table.rounds[round]!,
      role: item.role,
      item: item.item,
      construct: item.construct,
      prompt: item.prompt,
      points: item.points,
      suppressed: c.suppressed[i]!,
      n: c.n[i]!,
      counts:
        c.counts[i]?.map((count, j) => ({
          value: item.points[j]!.value,
          count,
          share: answered > 0 ? count / answered : 0,
        })) ?? null,
      notApplicable: c.notApplicable[i]!,
      missing: c.missing[i]!,
    };
  });
}

/** The columns of score cells, as the API sends them (for tests and fakes of the API). */
export function scoreTable(cells: readonly ScoreCell[]): ScoreTable {
  const rounds: ScoreTable['rounds'] = [];
  const constructs: ScoreTable['constructs'] = [];
  const roundIndex = new Map<string, number>();
  const constructIndex = new Map<string, number>();
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
  for (const cell of cells) {
    if (!roundIndex.has(cell.round.roundId)) roundIndex.set(cell.round.roundId, rounds.push(cell.round) - 1);
    const name = JSON.stringify([cell.construct, cell.kind, cell.label]);
    if (!constructIndex.has(name))
      constructIndex.set(
        name,
        constructs.push({ key: cell.construct, kind: cell.kind, label: cell.label }) - 1,
      );
    columns.round.push(roundIndex.get(cell.round.roundId)!);
    columns.construct.push(constructIndex.get(name)!);
    for (const key of Object.keys(columns) as (keyof ScoreColumns)[]) {
      if (key !== 'round' && key !== 'construct') (columns[key] as unknown[]).push(cell[key]);
    }
  }
  return { rounds, constructs, cells: columns };
}

/** The columns of item distributions, as the API sends them (for tests and fakes of the API). */
export function distributionTable(rows: readonly Distribution[]): ItemTable {
  const rounds: ItemTable['rounds'] = [];
  const items: ItemTable['items'] = [];
  const roundIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const columns: ItemColumns = {
    round: [],
    item: [],
    suppressed: [],
    n: [],
    counts: [],
    notApplicable: [],
    missing: [],
  };
  for (const row of rows) {
    if (!roundIndex.has(row.round.roundId)) roundIndex.set(row.round.roundId, rounds.push(row.round) - 1);
    const ref = {
      item: row.item,
      role: row.role,
      construct: row.construct,
      prompt: row.prompt,
      points: row.points,
    };
    const name = JSON.stringify(ref);
    if (!itemIndex.has(name)) itemIndex.set(name, items.push(ref) - 1);
    columns.round.push(roundIndex.get(row.round.roundId)!);
    columns.item.push(itemIndex.get(name)!);
    columns.suppressed.push(row.suppressed);
    columns.n.push(row.n);
    columns.counts.push(row.counts?.map((c) => c.count) ?? null);
    columns.notApplicable.push(row.notApplicable);
    columns.missing.push(row.missing);
  }
  return { rounds, items, cells: columns };
}
