import type {
  ConstructKind,
  DashboardConstructScoresQuery,
  DashboardFunnelQuery,
  DashboardItemDistributionsQuery,
  DashboardRoundChangeQuery,
  RespondentRole,
  SuppressionReason,
} from '@verdi/schema/generated';
import type { ChartTable, TableRow } from './table';
import { roles } from './table';

export type ScoreCell = DashboardConstructScoresQuery['constructScores'][number];
export type Distribution = DashboardItemDistributionsQuery['itemDistributions'][number];
export type RoundChange = DashboardRoundChangeQuery['roundChange'];
export type Funnel = DashboardFunnelQuery['programmeFunnel'][number];

/** A 95% interval per bar, by dataset then by label; null where there is no bar. */
export type Intervals = ([number, number] | null)[][];

export interface BarChartData {
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  intervals: Intervals;
}

/** What the builders need from the user's language. */
export interface ChartTexts {
  locale: 'nb' | 'en';
  t: (key: string, values?: Record<string, unknown>) => string;
  /** Two decimals in the user's language. */
  number: (value: number, digits?: number) => string;
}

export function localized(text: { nb: string; en?: string | null }, locale: 'nb' | 'en'): string {
  return locale === 'en' ? (text.en ?? text.nb) : text.nb;
}

function roleName(role: RespondentRole | null | undefined, texts: ChartTexts): string {
  return texts.t(`dashboard.role.${role ?? 'all'}`);
}

function status(reason: SuppressionReason | null | undefined, texts: ChartTexts): string {
  return reason ? texts.t(`dashboard.suppressed.${reason}`) : '';
}

function num(value: number | null | undefined, texts: ChartTexts, digits = 2): string {
  return value === null || value === undefined ? '' : texts.number(value, digits);
}

function interval(
  low: number | null | undefined,
  high: number | null | undefined,
  texts: ChartTexts,
): string {
  return low == null || high == null ? '' : `${texts.number(low)} – ${texts.number(high)}`;
}

function byRound(a: { round: ScoreCell['round'] }, b: { round: ScoreCell['round'] }): number {
  return (
    a.round.projectName.localeCompare(b.round.projectName) ||
    a.round.opensAt.localeCompare(b.round.opensAt) ||
    a.round.waveLabel.localeCompare(b.round.waveLabel)
  );
}

function roleOrder(role: RespondentRole | null | undefined): number {
  return role ? roles.indexOf(role) : roles.length;
}

export interface ScoreChart {
  chartData: BarChartData;
  table: ChartTable;
}

/**
 * Means per role of one kind of construct, side by side across projects and rounds. Kinds are never mixed:
 * a value score and a challenge score mean opposite things. Suppressed groups become gaps in the chart and a
 * table row that says why.
 */
export function buildScoreChart(
  cells: readonly ScoreCell[],
  kind: ConstructKind,
  texts: ChartTexts,
): ScoreChart {
  const ofKind = cells
    .filter((cell) => cell.kind === kind)
    .sort(
      (a, b) =>
        localized(a.label, texts.locale).localeCompare(localized(b.label, texts.locale)) ||
        byRound(a, b) ||
        roleOrder(a.role) - roleOrder(b.role),
    );
  const groupKey = (cell: ScoreCell) => `${cell.construct}|${cell.round.waveId}`;
  const groups: ScoreCell[] = [];
  for (const cell of ofKind) if (!groups.some((g) => groupKey(g) === groupKey(cell))) groups.push(cell);
  const labels = groups.map(
    (g) => `${localized(g.label, texts.locale)} · ${g.round.projectName} · ${g.round.waveLabel}`,
  );
  const shownRoles = roles.filter((role) => ofKind.some((cell) => cell.role === role));
  const find = (group: ScoreCell, role: RespondentRole) =>
    ofKind.find((cell) => groupKey(cell) === groupKey(group) && cell.role === role);
  const datasets = shownRoles.map((role) => ({
    label: roleName(role, texts),
    data: groups.map((g) => {
      const cell = find(g, role);
      return cell && !cell.suppressed && cell.mean != null ? cell.mean : null;
    }),
  }));
  const intervals: Intervals = shownRoles.map((role) =>
    groups.map((g) => {
      const cell = find(g, role);
      return cell && !cell.suppressed && cell.ciLow != null && cell.ciHigh != null
        ? [cell.ciLow, cell.ciHigh]
        : null;
    }),
  );
  const c = (key: string) => texts.t(`dashboard.scores.columns.${key}`);
  const rows: TableRow[] = ofKind.map((cell) => ({
    key: `${groupKey(cell)}|${cell.role ?? 'all'}`,
    cells: [
      localized(cell.label, texts.locale),
      cell.round.projectName,
      cell.round.waveLabel,
      roleName(cell.role, texts),
      cell.n == null ? '' : String(cell.n),
      num(cell.mean, texts),
      interval(cell.ciLow, cell.ciHigh, texts),
      num(cell.sd, texts),
      num(cell.median, texts),
      status(cell.suppressed, texts),
    ],
    values: [
      cell.construct,
      cell.round.projectName,
      cell.round.waveLabel,
      cell.role ?? '',
      cell.n,
      cell.mean,
      cell.ciLow,
      cell.ciHigh,
      cell.sd,
      cell.median,
      cell.suppressed,
    ],
    suppressed: cell.suppressed ?? null,
  }));
  return {
    chartData: { labels, datasets, intervals },
    table: {
      columns: ['construct', 'project', 'round', 'role', 'n', 'mean', 'ci', 'sd', 'median', 'status'].map(c),
      rows,
    },
  };
}

/** CSV columns of the score table: raw values, both interval ends apart. */
export const scoreCsvHeader = [
  'construct',
  'project',
  'round',
  'role',
  'n',
  'mean',
  'ci_low',
  'ci_high',
  'sd',
  'median',
  'suppressed',
];

export interface DivergingChart {
  chartData: BarChartData;
  table: ChartTable;
}

/**
 * Diverging stacked bars: the shares below the neutral point go left of zero, those above go right, and the
 * neutral share is split in half on either side so that every bar is centred on the scale's middle.
 */
export function buildDivergingChart(rows: readonly Distribution[], texts: ChartTexts): DivergingChart {
  const sorted = [...rows].sort(
    (a, b) => a.item.localeCompare(b.item) || byRound(a, b) || roleOrder(a.role) - roleOrder(b.role),
  );
  const shown = sorted.filter((row) => !row.suppressed);
  const points = (shown[0] ?? sorted[0])?.points ?? [];
  const middle = points.length % 2 === 1 ? (points.length - 1) / 2 : -1;
  const lower = points.length % 2 === 1 ? middle : points.length / 2;
  const labels = shown.map(
    (row) =>
      `${localized(row.prompt, texts.locale)} · ${roleName(row.role, texts)} · ${row.round.projectName} · ${row.round.waveLabel}`,
  );
  const share = (row: Distribution, value: number) =>
    (row.counts?.find((count) => count.value === value)?.share ?? 0) * 100;
  const datasets: BarChartData['datasets'] = [];
  // Stacks grow outwards from zero in dataset order, so the points nearest the middle come first.
  if (middle >= 0) {
    const point = points[middle]!;
    datasets.push({
      label: texts.t('dashboard.items.neutral', { label: localized(point.label, texts.locale) }),
      data: shown.map((row) => -share(row, point.value) / 2),
    });
  }
  for (let i = lower - 1; i >= 0; i--) {
    const point = points[i]!;
    datasets.push({
      label: localized(point.label, texts.locale),
      data: shown.map((row) => -share(row, point.value)),
    });
  }
  if (middle >= 0) {
    const point = points[middle]!;
    datasets.push({
      label: texts.t('dashboard.items.neutral', { label: localized(point.label, texts.locale) }),
      data: shown.map((row) => share(row, point.value) / 2),
    });
  }
  for (let i = middle >= 0 ? middle + 1 : lower; i < points.length; i++) {
    const point = points[i]!;
    datasets.push({
      label: localized(point.label, texts.locale),
      data: shown.map((row) => share(row, point.value)),
    });
  }
  const c = (key: string) => texts.t(`dashboard.items.columns.${key}`);
  const pointColumns = points.map((p) => `${p.value} ${localized(p.label, texts.locale)}`);
  return {
    chartData: { labels, datasets, intervals: [] },
    table: {
      columns: [
        ...['item', 'project', 'round', 'role', 'n'].map(c),
        ...pointColumns,
        c('notApplicable'),
        c('missing'),
        c('status'),
      ],
      rows: sorted.map((row) => {
        const shares = points.map((p) =>
          row.suppressed ? null : (row.counts?.find((count) => count.value === p.value)?.share ?? 0),
        );
        return {
          key: `${row.item}|${row.round.waveId}|${row.role}`,
          cells: [
            localized(row.prompt, texts.locale),
            row.round.projectName,
            row.round.waveLabel,
            roleName(row.role, texts),
            row.n == null ? '' : String(row.n),
            ...shares.map((s) => (s == null ? '' : `${texts.number(s * 100, 0)} %`)),
            row.notApplicable == null ? '' : String(row.notApplicable),
            row.missing == null ? '' : String(row.missing),
            status(row.suppressed, texts),
          ],
          values: [
            row.item,
            row.round.projectName,
            row.round.waveLabel,
            row.role,
            row.n,
            ...shares,
            row.notApplicable,
            row.missing,
            row.suppressed,
          ],
          suppressed: row.suppressed ?? null,
        };
      }),
    },
  };
}

export interface ChangeChart {
  chartData: BarChartData;
  table: ChartTable;
}

/** The unpaired difference and the paired change side by side, each with its interval. */
export function buildChangeChart(change: RoundChange, texts: ChartTexts): ChangeChart {
  const { unpaired, paired } = change;
  const unpairedShown = !unpaired.suppressed && unpaired.difference != null;
  const pairedShown = !paired.suppressed && paired.meanChange != null;
  const labels = [texts.t('dashboard.change.unpaired'), texts.t('dashboard.change.paired')];
  const c = (key: string) => texts.t(`dashboard.change.columns.${key}`);
  const pct = (value: number | null | undefined) =>
    value == null ? '' : `${texts.number(value * 100, 0)} %`;
  const nUnpaired = change.from.n != null && change.to.n != null ? `${change.from.n} + ${change.to.n}` : '';
  return {
    chartData: {
      labels,
      datasets: [
        {
          label: texts.t(`dashboard.kind.${change.kind}`),
          data: [unpairedShown ? unpaired.difference! : null, pairedShown ? paired.meanChange! : null],
        },
      ],
      intervals: [
        [
          unpairedShown && unpaired.ciLow != null && unpaired.ciHigh != null
            ? [unpaired.ciLow, unpaired.ciHigh]
            : null,
          pairedShown && paired.ciLow != null && paired.ciHigh != null ? [paired.ciLow, paired.ciHigh] : null,
        ],
      ],
    },
    table: {
      columns: ['measure', 'n', 'estimate', 'ci', 'dz', 'improved', 'unchanged', 'worse', 'status'].map(c),
      rows: [
        {
          key: 'unpaired',
          cells: [
            labels[0]!,
            unpaired.suppressed ? '' : nUnpaired,
            num(unpaired.difference, texts),
            interval(unpaired.ciLow, unpaired.ciHigh, texts),
            '',
            '',
            '',
            '',
            status(unpaired.suppressed, texts),
          ],
          values: [
            'unpaired',
            unpaired.suppressed ? null : nUnpaired,
            unpaired.difference,
            unpaired.ciLow,
            unpaired.ciHigh,
            null,
            null,
            null,
            null,
            unpaired.suppressed,
          ],
          suppressed: unpaired.suppressed ?? null,
        },
        {
          key: 'paired',
          cells: [
            labels[1]!,
            paired.n == null ? '' : String(paired.n),
            num(paired.meanChange, texts),
            interval(paired.ciLow, paired.ciHigh, texts),
            num(paired.dz, texts),
            pct(paired.improved),
            pct(paired.unchanged),
            pct(paired.worse),
            status(paired.suppressed, texts),
          ],
          values: [
            'paired',
            paired.n,
            paired.meanChange,
            paired.ciLow,
            paired.ciHigh,
            paired.dz,
            paired.improved,
            paired.unchanged,
            paired.worse,
            paired.suppressed,
          ],
          suppressed: paired.suppressed ?? null,
        },
      ],
    },
  };
}

export const changeCsvHeader = [
  'measure',
  'n',
  'estimate',
  'ci_low',
  'ci_high',
  'dz',
  'improved',
  'unchanged',
  'worse',
  'suppressed',
];

export interface FunnelChart {
  chartData: BarChartData;
  table: ChartTable;
}

/** Rates per stage, one series per project and cohort; a stage the source does not report is a gap. */
export function buildFunnelChart(funnels: readonly Funnel[], texts: ChartTexts): FunnelChart {
  const stageNames: string[] = [];
  for (const funnel of funnels)
    for (const stage of funnel.stages) if (!stageNames.includes(stage.stage)) stageNames.push(stage.stage);
  const stageLabel = (stage: string) => {
    const key = `dashboard.funnel.stage.${stage}`;
    const label = texts.t(key);
    return label === key ? stage : label;
  };
  const series = (funnel: Funnel) => `${funnel.projectName} · ${funnel.cohort}`;
  const stageOf = (funnel: Funnel, name: string) => funnel.stages.find((s) => s.stage === name);
  const c = (key: string) => texts.t(`dashboard.funnel.columns.${key}`);
  return {
    chartData: {
      labels: stageNames.map(stageLabel),
      datasets: funnels.map((funnel) => ({
        label: series(funnel),
        data: stageNames.map((name) => {
          const rate = stageOf(funnel, name)?.rate;
          return rate == null ? null : rate * 100;
        }),
      })),
      intervals: funnels.map((funnel) =>
        stageNames.map((name) => {
          const stage = stageOf(funnel, name);
          return stage?.ciLow != null && stage.ciHigh != null
            ? [stage.ciLow * 100, stage.ciHigh * 100]
            : null;
        }),
      ),
    },
    table: {
      columns: ['project', 'cohort', 'stage', 'count', 'rate', 'ci'].map(c),
      rows: funnels.flatMap((funnel) =>
        funnel.stages.map((stage) => ({
          key: `${funnel.projectId}|${funnel.cohort}|${stage.stage}`,
          cells: [
            funnel.projectName,
            funnel.cohort,
            stageLabel(stage.stage),
            stage.count == null ? texts.t('dashboard.funnel.notReported') : String(stage.count),
            stage.rate == null ? '' : `${texts.number(stage.rate * 100, 0)} %`,
            stage.ciLow == null || stage.ciHigh == null
              ? ''
              : `${texts.number(stage.ciLow * 100, 0)} – ${texts.number(stage.ciHigh * 100, 0)} %`,
          ],
          values: [
            funnel.projectName,
            funnel.cohort,
            stage.stage,
            stage.count,
            stage.rate,
            stage.ciLow,
            stage.ciHigh,
          ],
          suppressed: null,
        })),
      ),
    },
  };
}

export const funnelCsvHeader = ['project', 'cohort', 'stage', 'count', 'rate', 'ci_low', 'ci_high'];

/** A plain-language summary for screen readers: how many groups are shown, their n, and which are hidden and why. */
export function describeTable(
  table: ChartTable,
  nColumn: number,
  groupColumns: number[],
  texts: ChartTexts,
): string {
  const shown = table.rows.filter((row) => !row.suppressed);
  const ns = shown.map((row) => Number(row.values[nColumn])).filter((n) => Number.isFinite(n));
  const parts = [
    texts.t('dashboard.chart.shown', {
      shown: shown.length,
      n: ns.length
        ? Math.min(...ns) === Math.max(...ns)
          ? String(ns[0])
          : `${Math.min(...ns)}–${Math.max(...ns)}`
        : '0',
    }),
  ];
  const hidden = table.rows.filter((row) => row.suppressed);
  parts.push(
    hidden.length === 0
      ? texts.t('dashboard.chart.noneSuppressed')
      : texts.t('dashboard.chart.suppressedList', {
          groups: hidden
            .map(
              (row) =>
                `${groupColumns.map((i) => row.cells[i]).join(', ')}: ${row.cells[row.cells.length - 1]}`,
            )
            .join('; '),
        }),
  );
  return parts.join(' ');
}
