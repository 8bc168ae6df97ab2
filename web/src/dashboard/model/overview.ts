import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { ConstructKind, RespondentRole, SuppressionReason } from '@verdi/schema/generated';
import { localized, type ChartTexts, type ScoreCell } from './charts';
import { hiddenReason } from './reasons';
import { hiddenValue, roles, type ChartTable, type TableRow } from './table';

/** The scale every construct score is a mean of; the overview's axis spans it and never starts at 0. */
export const scaleRange: readonly [number, number] = [1, 5];

/** Where a value lies on the scale, as a share of the axis from 0 to 100, clamped so a mark never leaves its box. */
export function position(value: number, range: readonly [number, number] = scaleRange): number {
  const [low, high] = range;
  return Math.min(100, Math.max(0, ((value - low) / (high - low)) * 100));
}

export type OverviewRole = RespondentRole | 'ALL';

export interface OverviewMark {
  role: OverviewRole;
  /** The role's name in the user's language. */
  roleName: string;
  /** Null where the cell is hidden or was not asked. */
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
  /** Sample standard deviation where the API shows it; the pooled column needs it for its interval. */
  sd: number | null;
  suppressed: SuppressionReason | null;
  /** Why the mark is missing, in words; null where it is shown. */
  reason: string | null;
  /** False where the construct is not asked of this role in this round: nothing to mark. */
  asked: boolean;
  /** In the pooled column, where some projects' numbers are hidden: which share of the projects it covers. */
  pooledNote?: string | null;
}

export interface OverviewColumn {
  projectId: string;
  projectName: string;
  roundId: string;
  roundLabel: string;
  /** The column that pools the shown projects' published numbers; it has no project or round of its own. */
  pooled?: boolean;
}

/** The id of the pooled column, where a project's id would be. */
export const pooledColumnId = 'pooled';

export interface OverviewRow {
  construct: string;
  kind: ConstructKind;
  label: string;
  /** One list of marks per column, in the columns' order; each list has one mark per shown role. */
  cells: OverviewMark[][];
}

export interface Overview {
  columns: OverviewColumn[];
  roles: OverviewRole[];
  rows: OverviewRow[];
  table: ChartTable;
}

export interface OverviewChoice {
  /** Roles to show; none means all three. */
  roles: readonly RespondentRole[];
  /** Also show all roles together (the API's total over roles). */
  total: boolean;
  /** Rounds chosen; where a project has one or more chosen, the latest of them is its column. */
  rounds: readonly string[];
  constructs: readonly string[];
}

const kinds: ConstructKind[] = ['VALUE', 'CHALLENGE'];

/**
 * The round a project is shown by: the latest chosen round of the project, else its latest round with at least one
 * shown mean, so that a first visit never opens on a round whose every number is hidden (an open round).
 */
export function overviewRound(cells: readonly ScoreCell[], projectId: string, chosen: readonly string[]) {
  const ofProject = cells.filter((c) => c.round.projectId === projectId);
  const byDate = [...new Map(ofProject.map((c) => [c.round.roundId, c.round])).values()].sort((a, b) =>
    b.opensAt.localeCompare(a.opensAt),
  );
  const picked = byDate.find((r) => chosen.includes(r.roundId));
  if (picked) return picked;
  return (
    byDate.find((r) => ofProject.some((c) => c.round.roundId === r.roundId && c.mean !== null)) ?? byDate[0]
  );
}

export function buildOverview(
  cells: readonly ScoreCell[],
  choice: OverviewChoice,
  texts: ChartTexts,
): Overview {
  const shownRoles: OverviewRole[] = [
    ...(choice.roles.length > 0 ? roles.filter((r) => choice.roles.includes(r)) : roles),
  ];
  if (choice.total) shownRoles.push('ALL');
  const roleName = (role: OverviewRole) => texts.t(`dashboard.role.${role === 'ALL' ? 'all' : role}`);

  const projects = [...new Map(cells.map((c) => [c.round.projectId, c.round.projectName])).entries()].sort(
    (a, b) => a[1].localeCompare(b[1], texts.locale),
  );
  const columns: OverviewColumn[] = [];
  for (const [projectId] of projects) {
    const round = overviewRound(cells, projectId, choice.rounds);
    if (round)
      columns.push({
        projectId,
        projectName: round.projectName,
        roundId: round.roundId,
        roundLabel: round.roundLabel,
      });
  }

  const constructs = new Map<string, { kind: ConstructKind; label: string }>();
  for (const c of cells)
    if (kinds.includes(c.kind) && (choice.constructs.length === 0 || choice.constructs.includes(c.construct)))
      constructs.set(c.construct, { kind: c.kind, label: localized(c.label, texts.locale) });
  const ordered = [...constructs.entries()].sort(
    (a, b) =>
      kinds.indexOf(a[1].kind) - kinds.indexOf(b[1].kind) ||
      a[1].label.localeCompare(b[1].label, texts.locale),
  );

  const index = new Map(cells.map((c) => [`${c.round.roundId}|${c.construct}|${c.role ?? 'ALL'}`, c]));
  const rows: OverviewRow[] = ordered.map(([construct, { kind, label }]) => ({
    construct,
    kind,
    label,
    cells: columns.map((column) =>
      shownRoles.map((role): OverviewMark => {
        const cell = index.get(`${column.roundId}|${construct}|${role}`);
        const suppressed = cell?.suppressed ?? null;
        return {
          role,
          roleName: roleName(role),
          mean: cell?.mean ?? null,
          ciLow: cell?.ciLow ?? null,
          ciHigh: cell?.ciHigh ?? null,
          n: cell?.n ?? null,
          sd: cell?.sd ?? null,
          suppressed,
          asked: !!cell,
          reason: !cell
            ? texts.t('dashboard.overview.notAsked')
            : suppressed
              ? hiddenReason(suppressed, cell.round.minGroupSize, texts)
              : cell.mean === null
                ? texts.t('dashboard.overview.noAnswers')
                : null,
        };
      }),
    ),
  }));

  if (columns.length >= 2) {
    columns.push({
      projectId: pooledColumnId,
      projectName: texts.t('dashboard.overview.pooled.name'),
      roundId: pooledColumnId,
      roundLabel: texts.t('dashboard.overview.pooled.rounds'),
      pooled: true,
    });
    for (const row of rows) row.cells.push(shownRoles.map((_, i) => pooledMark(row.cells, i, texts)));
  }

  return { columns, roles: shownRoles, rows, table: overviewTable(rows, columns, texts) };
}

/**
 * One role's mark in the pooled column: the shown projects' published numbers of that role taken together, as if
 * their respondents were one group. It is computed from numbers the page already shows (n, mean and sd of each
 * project), so it discloses nothing the projects' own cells do not: a hidden cell adds nothing to it, and the mark
 * says how many of the projects it covers. The interval is the t-interval of the pooled group, given only where every
 * included project shows its standard deviation.
 */
function pooledMark(projects: readonly OverviewMark[][], index: number, texts: ChartTexts): OverviewMark {
  const marks = projects.map((m) => m[index]!);
  const first = marks[0]!;
  const asked = marks.filter((m) => m.asked);
  const shown = asked.filter((m) => m.mean !== null && m.n !== null && m.n > 0);
  const n = shown.reduce((sum, m) => sum + m.n!, 0);
  const base = { role: first.role, roleName: first.roleName, suppressed: null, asked: asked.length > 0 };
  if (shown.length === 0 || n === 0)
    return {
      ...base,
      mean: null,
      ciLow: null,
      ciHigh: null,
      n: null,
      sd: null,
      reason:
        asked.length > 0 ? texts.t('dashboard.overview.pooled.none') : texts.t('dashboard.overview.notAsked'),
    };
  const mean = shown.reduce((sum, m) => sum + m.n! * m.mean!, 0) / n;
  let sd: number | null = null;
  let ciLow: number | null = null;
  let ciHigh: number | null = null;
  if (n >= 2 && shown.every((m) => m.sd !== null)) {
    // Within-project and between-project squares: the sample variance of all the pooled respondents.
    const squares = shown.reduce((sum, m) => sum + (m.n! - 1) * m.sd! ** 2 + m.n! * (m.mean! - mean) ** 2, 0);
    sd = Math.sqrt(squares / (n - 1));
    const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
    ciLow = mean - half;
    ciHigh = mean + half;
  }
  const covers =
    shown.length < asked.length
      ? texts.t('dashboard.overview.pooled.partly', { included: shown.length, of: asked.length })
      : null;
  return { ...base, mean, ciLow, ciHigh, n, sd, reason: null, pooledNote: covers };
}

/** The overview as a table: one row per construct, project and role; a hidden number is a dash with its reason. */
function overviewTable(rows: OverviewRow[], columns: OverviewColumn[], texts: ChartTexts): ChartTable {
  const c = (key: string) => texts.t(`dashboard.overview.columns.${key}`);
  const tableRows: TableRow[] = [];
  for (const row of rows)
    row.cells.forEach((marks, col) => {
      const column = columns[col]!;
      for (const mark of marks) {
        if (!mark.asked) continue;
        const shown = mark.mean !== null;
        const interval = shown && mark.ciLow !== null && mark.ciHigh !== null;
        tableRows.push({
          key: `${row.construct}|${column.roundId}|${mark.role}`,
          cells: [
            row.label,
            texts.t(`dashboard.kind.${row.kind}`),
            `${column.projectName}: ${column.roundLabel}`,
            mark.roleName,
            mark.n === null || !shown ? hiddenValue : String(mark.n),
            shown ? texts.number(mark.mean!) : hiddenValue,
            interval ? `${texts.number(mark.ciLow!)}–${texts.number(mark.ciHigh!)}` : hiddenValue,
            mark.reason ??
              [mark.pooledNote, interval ? null : texts.t('dashboard.overview.noInterval')]
                .filter(Boolean)
                .join(' '),
          ],
          values: [
            row.label,
            row.kind,
            `${column.projectName}: ${column.roundLabel}`,
            mark.roleName,
            shown ? mark.n : null,
            shown ? mark.mean : null,
            interval ? mark.ciLow : null,
            interval ? mark.ciHigh : null,
            mark.reason ?? mark.pooledNote ?? '',
          ],
          suppressed: mark.suppressed,
          gap: mark.reason,
          noInterval: null,
        });
      }
    });
  return {
    columns: ['construct', 'kind', 'round', 'role', 'n', 'mean', 'ci', 'status'].map(c),
    rows: tableRows,
    numbers: [4, 5, 6],
    notes: true,
  };
}

/** The CSV header: the table's columns, with the interval split in its two ends. */
export function overviewCsvHeader(texts: ChartTexts): string[] {
  const c = (key: string) => texts.t(`dashboard.overview.columns.${key}`);
  return [
    c('construct'),
    c('kind'),
    c('round'),
    c('role'),
    c('n'),
    c('mean'),
    c('ciLow'),
    c('ciHigh'),
    c('status'),
  ];
}

export interface ChangeMark {
  role: OverviewRole;
  roleName: string;
  from: number | null;
  to: number | null;
  /** Why there is no arrow, in words; null where both ends are shown. */
  reason: string | null;
}

export interface ChangeRow {
  construct: string;
  kind: ConstructKind;
  label: string;
  marks: ChangeMark[];
}

/**
 * Two rounds of a project to compare by default: the latest two whose means are shown for some construct and role
 * in both, so that the first view is never a pair whose results are hidden. Null where no such pair exists.
 */
export function defaultRoundPair(
  cells: readonly ScoreCell[],
  projectId: string,
): { from: string; to: string } | null {
  const ofProject = cells.filter((c) => c.round.projectId === projectId);
  const rounds = [...new Map(ofProject.map((c) => [c.round.roundId, c.round])).values()].sort((a, b) =>
    a.opensAt.localeCompare(b.opensAt),
  );
  const shown = new Set(
    ofProject
      .filter((c) => c.mean !== null)
      .map((c) => `${c.round.roundId}|${c.construct}|${c.role ?? 'ALL'}`),
  );
  const keysOf = (roundId: string) =>
    [...shown].filter((k) => k.startsWith(`${roundId}|`)).map((k) => k.slice(roundId.length + 1));
  for (let to = rounds.length - 1; to > 0; to--)
    for (let from = to - 1; from >= 0; from--) {
      const later = new Set(keysOf(rounds[to]!.roundId));
      if (keysOf(rounds[from]!.roundId).some((k) => later.has(k)))
        return { from: rounds[from]!.roundId, to: rounds[to]!.roundId };
    }
  return null;
}

/** Means of one project's two rounds per construct and role: the arrows of "what changed since the last round?". */
export function buildChangeRows(
  cells: readonly ScoreCell[],
  fromRoundId: string,
  toRoundId: string,
  choice: OverviewChoice,
  texts: ChartTexts,
): ChangeRow[] {
  const overview = buildOverview(
    cells.filter((c) => c.round.roundId === fromRoundId || c.round.roundId === toRoundId),
    { ...choice, rounds: [fromRoundId] },
    texts,
  );
  const later = buildOverview(
    cells.filter((c) => c.round.roundId === toRoundId),
    { ...choice, rounds: [toRoundId] },
    texts,
  );
  const toIndex = new Map(later.rows.map((r) => [r.construct, r.cells[0] ?? []]));
  return overview.rows.map((row) => ({
    construct: row.construct,
    kind: row.kind,
    label: row.label,
    marks: (row.cells[0] ?? []).map((mark, i) => {
      const end = toIndex.get(row.construct)?.[i];
      const to = end?.mean ?? null;
      return {
        role: mark.role,
        roleName: mark.roleName,
        from: mark.mean,
        to,
        reason: mark.mean === null ? mark.reason : to === null ? (end?.reason ?? null) : null,
      };
    }),
  }));
}
