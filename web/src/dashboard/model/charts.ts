import type {
  ConstructKind,
  DashboardFunnelQuery,
  DashboardRoundChangeQuery,
  RespondentRole,
  SuppressionReason,
} from '@verdi/schema/generated';
import {
  detailNotes,
  hiddenReason,
  noIntervalLead,
  pairedSpreadNote,
  spreadFactor,
  unpairedIntervalNote,
} from './reasons';
import type { ChartTable, TableRow } from './table';
import { hiddenValue, roles } from './table';

import type { Distribution, ScoreCell } from './tables';

export type { Distribution, ScoreCell };
export type RoundChange = DashboardRoundChangeQuery['roundChange'];
export type Funnel = DashboardFunnelQuery['programmeFunnel'][number];

/** A 95% interval per bar, by dataset then by label; null where there is no bar. */
export type Intervals = ([number, number] | null)[][];

/** Why a bar is missing, by dataset then by label; null where there is a bar, or where there is no such group. */
export type Gaps = (string | null)[][];

export interface BarChartDataset {
  label: string;
  data: (number | null)[];
  /** False for the second half of a split bar (the neutral point of a diverging chart): one legend entry is enough. */
  legend?: boolean;
  /** Half of the value on each side of zero (the neutral point of a diverging chart): the whole is twice the bar. */
  half?: boolean;
  /** Place in the legend, lowest first; dataset order otherwise. */
  rank?: number;
  /** The bar's colour where it means something (a scale point); the chart's palette otherwise. */
  colour?: string;
}

export interface BarChartData {
  labels: string[];
  datasets: BarChartDataset[];
  intervals: Intervals;
  gaps: Gaps;
  /** Each label's section (e.g. its construct), where the chart can be shown one section at a time. */
  sections?: string[];
}

/** Disagreement and agreement shades, nearest the middle first; the neutral point is grey. */
const disagreeColours = ['#f1a679', '#c8553d', '#8c2d1f'];
const agreeColours = ['#8fb9d8', '#2f6f9f', '#173f5f'];
export const neutralColour = '#cfcfcf';

/** The colour of scale point `index` of `count`, by its distance from the middle and its side. */
export function scaleColour(index: number, count: number): string {
  const centre = (count - 1) / 2;
  if (index === centre) return neutralColour;
  const distance = Math.ceil(Math.abs(index - centre)) - 1;
  const shades = index < centre ? disagreeColours : agreeColours;
  return shades[Math.min(distance, shades.length - 1)]!;
}

/** The part of a chart and its table in one section; the whole of both where `section` is null. */
export function pickSection(
  chartData: BarChartData,
  table: ChartTable,
  section: string | null,
): { chartData: BarChartData; table: ChartTable } {
  if (section === null || !chartData.sections) return { chartData, table };
  const keep = chartData.sections.map((s) => s === section);
  return {
    chartData: limitRows(chartData, (i) => keep[i]!),
    table: { ...table, rows: table.rows.filter((row) => row.section === section) },
  };
}

/** The chart's rows for which `keep(index)` holds, with their bars, intervals and gaps. */
export function limitRows(chartData: BarChartData, keep: (index: number) => boolean): BarChartData {
  const pick = <T>(list: readonly T[]) => list.filter((_, i) => keep(i));
  return {
    labels: pick(chartData.labels),
    datasets: chartData.datasets.map((d) => ({ ...d, data: pick(d.data) })),
    intervals: chartData.intervals.map(pick),
    gaps: chartData.gaps.map(pick),
    ...(chartData.sections ? { sections: pick(chartData.sections) } : {}),
  };
}

/** What the builders need from the user's language. */
export interface ChartTexts {
  locale: 'nb' | 'nn' | 'en';
  t: (key: string, values?: Record<string, unknown>) => string;
  /** Two decimals in the user's language. */
  number: (value: number, digits?: number) => string;
  /** A day, e.g. 14. mars 2025, in the user's language and time zone. */
  date: (iso: string) => string;
}

/** The text in the user's language, else in bokmål (which every text has). */
export function localized(
  text: { nb: string; en?: string | null; nn?: string | null },
  locale: 'nb' | 'nn' | 'en',
): string {
  return (locale === 'nb' ? null : text[locale]?.trim()) || text.nb;
}

function roleName(role: RespondentRole | null | undefined, texts: ChartTexts): string {
  return texts.t(`dashboard.role.${role ?? 'all'}`);
}

/** A number, or the mark for one that is hidden (the row's note says why). */
function num(value: number | null | undefined, texts: ChartTexts, digits = 2): string {
  return value == null ? hiddenValue : texts.number(value, digits);
}

function count(value: number | null | undefined): string {
  return value == null ? hiddenValue : String(value);
}

function interval(
  low: number | null | undefined,
  high: number | null | undefined,
  texts: ChartTexts,
): string {
  return low == null || high == null ? hiddenValue : `${texts.number(low)} – ${texts.number(high)}`;
}

/** An effect size named by its kind (Hedges' g unpaired, d_z paired), with its interval where there is one. */
function effectSize(
  name: string,
  value: number | null | undefined,
  low: number | null | undefined,
  high: number | null | undefined,
  texts: ChartTexts,
): string {
  if (value == null) return hiddenValue;
  const estimate = `${name} = ${texts.number(value)}`;
  return low == null || high == null ? estimate : `${estimate} (${interval(low, high, texts)})`;
}

/** A row's notes as one text for its note column. */
function note(notes: readonly string[]): string {
  return notes.join('. ');
}

function roundName(round: Pick<ScoreCell['round'], 'projectName' | 'roundLabel'>): string {
  return `${round.projectName}, ${round.roundLabel}`;
}

function byRound(a: { round: ScoreCell['round'] }, b: { round: ScoreCell['round'] }): number {
  return (
    a.round.projectName.localeCompare(b.round.projectName) ||
    a.round.opensAt.localeCompare(b.round.opensAt) ||
    a.round.roundLabel.localeCompare(b.round.roundLabel)
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
 * a value score and a challenge score mean opposite things. Hidden groups become gaps in the chart and a
 * table row that says why; a mean shown without its spread gets a bar without a whisker and a note.
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
  const groupKey = (cell: ScoreCell) => `${cell.construct}|${cell.round.roundId}`;
  const groups: ScoreCell[] = [];
  for (const cell of ofKind) if (!groups.some((g) => groupKey(g) === groupKey(cell))) groups.push(cell);
  const labels = groups.map(
    (g) => `${localized(g.label, texts.locale)} · ${g.round.projectName} · ${g.round.roundLabel}`,
  );
  const shownRoles = roles.filter((role) => ofKind.some((cell) => cell.role === role));
  const find = (group: ScoreCell, role: RespondentRole) =>
    ofKind.find((cell) => groupKey(cell) === groupKey(group) && cell.role === role);
  const datasets = shownRoles.map((role) => ({
    label: roleName(role, texts),
    data: groups.map((g) => shownMean(find(g, role))),
  }));
  const intervals: Intervals = shownRoles.map((role) =>
    groups.map((g) => {
      const cell = find(g, role);
      return cell && shownMean(cell) !== null && cell.ciLow != null && cell.ciHigh != null
        ? [cell.ciLow, cell.ciHigh]
        : null;
    }),
  );
  // A role that is not asked a construct has no cell and no note: nothing is hidden there. The role is named, as
  // a note has no colour to tell whose bar is missing.
  const gaps: Gaps = shownRoles.map((role) =>
    groups.map((g) => {
      const cell = find(g, role);
      return cell?.suppressed
        ? `${roleName(role, texts)}: ${hiddenReason(cell.suppressed, cell.round.minGroupSize, texts)}`
        : null;
    }),
  );
  const c = (key: string) => texts.t(`dashboard.scores.columns.${key}`);
  return {
    chartData: { labels, datasets, intervals, gaps },
    table: {
      columns: ['construct', 'project', 'round', 'role', 'n', 'mean', 'ci', 'sd', 'status'].map(c),
      rows: ofKind.map((cell) => scoreRow(cell, groupKey(cell), texts)),
      numbers: [4, 5, 6, 7],
      notes: true,
    },
  };
}

function shownMean(cell: ScoreCell | undefined): number | null {
  return cell && !cell.suppressed && cell.mean != null ? cell.mean : null;
}

function scoreRow(cell: ScoreCell, group: string, texts: ChartTexts): TableRow {
  const k = cell.round.minGroupSize;
  const shown = shownMean(cell) !== null;
  const notes = cell.suppressed ? [hiddenReason(cell.suppressed, k, texts)] : detailNotes(cell, texts);
  const withInterval = shown && cell.ciLow != null && cell.ciHigh != null;
  return {
    key: `${group}|${cell.role ?? 'all'}`,
    cells: [
      localized(cell.label, texts.locale),
      cell.round.projectName,
      cell.round.roundLabel,
      roleName(cell.role, texts),
      count(cell.n),
      num(cell.mean, texts),
      interval(cell.ciLow, cell.ciHigh, texts),
      num(cell.sd, texts),
      note(notes),
    ],
    values: [
      cell.construct,
      cell.round.projectName,
      cell.round.roundLabel,
      cell.role ?? '',
      cell.n,
      cell.mean,
      cell.ciLow,
      cell.ciHigh,
      cell.sd,
      cell.suppressed,
    ],
    suppressed: cell.suppressed ?? null,
    gap: shown ? null : note(notes) || hiddenValue,
    noInterval:
      shown && !withInterval ? noIntervalLead(cell.spreadSuppressed ?? 'SECONDARY', k, texts) : null,
    round: roundName(cell.round),
    role: roleName(cell.role, texts),
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
  'suppressed',
];

export interface DivergingChart {
  chartData: BarChartData;
  table: ChartTable;
}

/**
 * Diverging stacked bars: the shares below the neutral point go left of zero, those above go right, and the
 * neutral share is split in half on either side so that every bar is centred on the scale's middle. A hidden group
 * keeps its place as an empty row that says why. Those who gave no answer are counted only in researchers' live numbers; where no
 * group has that count (a manager's release), the column is left out rather than shown empty.
 */
export function buildDivergingChart(rows: readonly Distribution[], texts: ChartTexts): DivergingChart {
  const sorted = [...rows].sort(
    (a, b) => a.item.localeCompare(b.item) || byRound(a, b) || roleOrder(a.role) - roleOrder(b.role),
  );
  const isShown = (row: Distribution) => !row.suppressed && row.counts != null;
  // A round with no group shown (still open, say) would add a whole chart of empty rows; the table and the
  // description name it once instead.
  const charted = sorted.filter((row) =>
    sorted.some((r) => r.round.roundId === row.round.roundId && isShown(r)),
  );
  const points = (sorted.find(isShown) ?? sorted[0])?.points ?? [];
  const middle = points.length % 2 === 1 ? (points.length - 1) / 2 : -1;
  const lower = points.length % 2 === 1 ? middle : points.length / 2;
  const labels = charted.map(
    (row) =>
      `${localized(row.prompt, texts.locale)} · ${roleName(row.role, texts)} · ${row.round.projectName} · ${row.round.roundLabel}`,
  );
  /** A share in percent, signed and scaled for its side of the bar; null for a hidden group. */
  const share = (row: Distribution, value: number, scale: number) =>
    isShown(row) ? (row.counts!.find((c) => c.value === value)?.share ?? 0) * 100 * scale : null;
  const datasets: BarChartData['datasets'] = [];
  // Stacks grow outwards from zero in dataset order, so the points nearest the middle come first. The legend lists
  // the points in scale order, and the neutral point once: its two halves are one answer.
  const dataset = (i: number, scale: number, legend = true) => {
    const point = points[i]!;
    datasets.push({
      label: localized(point.label, texts.locale),
      data: charted.map((row) => share(row, point.value, scale)),
      legend,
      ...(i === middle ? { half: true } : {}),
      rank: i,
      colour: scaleColour(i, points.length),
    });
  };
  if (middle >= 0) dataset(middle, -0.5);
  for (let i = lower - 1; i >= 0; i--) dataset(i, -1);
  if (middle >= 0) dataset(middle, 0.5, false);
  for (let i = middle >= 0 ? middle + 1 : lower; i < points.length; i++) dataset(i, 1);
  const withMissing = sorted.some((row) => row.missing != null);
  const c = (key: string) => texts.t(`dashboard.items.columns.${key}`);
  const pointColumns = points.map((p) => `${p.value} ${localized(p.label, texts.locale)}`);
  return {
    chartData: {
      labels,
      datasets,
      sections: charted.map((row) => row.construct ?? ''),
      intervals: [],
      // The stacks of a row share one place, so its note is written once.
      gaps: [
        charted.map((row) =>
          isShown(row) ? null : hiddenReason(row.suppressed ?? 'SECONDARY', row.round.minGroupSize, texts),
        ),
      ],
    },
    table: {
      columns: [
        ...['item', 'project', 'round', 'role', 'n'].map(c),
        ...pointColumns,
        c('notApplicable'),
        ...(withMissing ? [c('missing')] : []),
        c('status'),
      ],
      numbers: [4],
      notes: true,
      rows: sorted.map((row) => {
        const shares = points.map((p) => {
          const value = share(row, p.value, 1);
          return value === null ? null : value / 100;
        });
        const notes = row.suppressed ? [hiddenReason(row.suppressed, row.round.minGroupSize, texts)] : [];
        return {
          key: `${row.item}|${row.round.roundId}|${row.role}`,
          cells: [
            localized(row.prompt, texts.locale),
            row.round.projectName,
            row.round.roundLabel,
            roleName(row.role, texts),
            count(row.n),
            ...shares.map((s) => (s == null ? hiddenValue : `${texts.number(s * 100, 0)} %`)),
            count(row.notApplicable),
            ...(withMissing ? [count(row.missing)] : []),
            note(notes),
          ],
          values: [
            row.item,
            row.round.projectName,
            row.round.roundLabel,
            row.role,
            row.n,
            ...shares,
            row.notApplicable,
            ...(withMissing ? [row.missing] : []),
            row.suppressed,
          ],
          suppressed: row.suppressed ?? null,
          gap: isShown(row) ? null : note(notes) || hiddenValue,
          noInterval: null,
          section: row.construct ?? '',
          round: roundName(row.round),
          role: roleName(row.role, texts),
        };
      }),
    },
  };
}

export interface ChangeChart {
  chartData: BarChartData;
  table: ChartTable;
}

function duplicatesNote(count: number, texts: ChartTexts): string {
  return texts.t(count === 1 ? 'dashboard.change.duplicatesOne' : 'dashboard.change.duplicates', {
    n: count,
  });
}

/** The unpaired difference and the paired change side by side, each with its interval where it may be shown. */
export function buildChangeChart(change: RoundChange, texts: ChartTexts): ChangeChart {
  const { unpaired, paired, from, to } = change;
  // A pair cell is held to the larger of the two rounds' k; a difference is hidden by the round whose cell is hidden.
  const kPairs = Math.max(from.round.minGroupSize, to.round.minGroupSize);
  const kHidden = (from.suppressed ? from : to).round.minGroupSize;
  const kEach = Math.max(from.round.minGroupSize, to.round.minGroupSize);
  const unpairedShown = !unpaired.suppressed && unpaired.difference != null;
  const pairedShown = !paired.suppressed && paired.meanChange != null;
  const unpairedHasInterval = unpairedShown && unpaired.ciLow != null && unpaired.ciHigh != null;
  const pairedHasInterval = pairedShown && paired.ciLow != null && paired.ciHigh != null;
  // The difference's interval needs both rounds' spread. The answer only leaves it out; each round's n and k tell
  // whether that is because a round has too few answers (under 2k) or to protect another group.
  const unpairedSpread: SuppressionReason = [from, to].some(
    (r) => r.n != null && r.n < spreadFactor * r.round.minGroupSize,
  )
    ? 'TOO_FEW'
    : 'SECONDARY';
  const unpairedNotes = unpaired.suppressed
    ? [hiddenReason(unpaired.suppressed, kHidden, texts)]
    : unpairedShown && !unpairedHasInterval
      ? [unpairedIntervalNote(unpairedSpread, kEach, texts)]
      : [];
  const pairedNotes = paired.suppressed
    ? [hiddenReason(paired.suppressed, kPairs, texts, 'pairs')]
    : [
        ...(paired.spreadSuppressed ? [pairedSpreadNote(paired.spreadSuppressed, kPairs, texts)] : []),
        ...(paired.duplicatesSetAside ? [duplicatesNote(paired.duplicatesSetAside, texts)] : []),
      ];
  const labels = [texts.t('dashboard.change.unpaired'), texts.t('dashboard.change.paired')];
  const c = (key: string) => texts.t(`dashboard.change.columns.${key}`);
  const pct = (value: number | null | undefined) =>
    value == null ? hiddenValue : `${texts.number(value * 100, 0)} %`;
  const nUnpaired = from.n != null && to.n != null ? `${from.n} + ${to.n}` : null;
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
          unpairedHasInterval ? [unpaired.ciLow!, unpaired.ciHigh!] : null,
          pairedHasInterval ? [paired.ciLow!, paired.ciHigh!] : null,
        ],
      ],
      gaps: [
        [unpairedShown ? null : note(unpairedNotes) || null, pairedShown ? null : note(pairedNotes) || null],
      ],
    },
    table: {
      columns: ['measure', 'n', 'estimate', 'ci', 'dz', 'improved', 'unchanged', 'worse', 'status'].map(c),
      numbers: [1, 2, 3, 4, 5, 6, 7],
      notes: true,
      rows: [
        {
          key: 'unpaired',
          cells: [
            labels[0]!,
            unpairedShown && nUnpaired ? nUnpaired : hiddenValue,
            num(unpaired.difference, texts),
            interval(unpaired.ciLow, unpaired.ciHigh, texts),
            // Hedges' g for independent groups, with its interval; it needs both rounds' spread, as the interval does.
            effectSize('g', unpaired.hedgesG, unpaired.gCiLow, unpaired.gCiHigh, texts),
            // Shares of people better or worse off need pairs: they do not apply here, nothing is hidden.
            '',
            '',
            '',
            note(unpairedNotes),
          ],
          values: [
            'unpaired',
            unpairedShown ? nUnpaired : null,
            unpaired.difference,
            unpaired.ciLow,
            unpaired.ciHigh,
            unpaired.hedgesG,
            null,
            null,
            null,
            unpaired.suppressed,
          ],
          suppressed: unpaired.suppressed ?? null,
          gap: unpairedShown ? null : note(unpairedNotes) || hiddenValue,
          noInterval:
            unpairedShown && !unpairedHasInterval
              ? noIntervalLead(unpairedSpread, kEach, texts, 'each')
              : null,
        },
        {
          key: 'paired',
          cells: [
            labels[1]!,
            count(paired.n),
            num(paired.meanChange, texts),
            interval(paired.ciLow, paired.ciHigh, texts),
            effectSize('d_z', paired.dz, null, null, texts),
            pct(paired.improved),
            pct(paired.unchanged),
            pct(paired.worse),
            note(pairedNotes),
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
          gap: pairedShown ? null : note(pairedNotes) || hiddenValue,
          noInterval:
            pairedShown && !pairedHasInterval
              ? noIntervalLead(paired.spreadSuppressed ?? 'SECONDARY', kPairs, texts, 'pairs')
              : null,
        },
      ],
    },
  };
}

/** The change in words: each round's n and mean (or why not), then each measure with its interval or why not. */
export function describeChange(change: RoundChange, table: ChartTable, texts: ChartTexts): string {
  const round = (side: RoundChange['from']) =>
    side.suppressed
      ? hiddenReason(side.suppressed, side.round.minGroupSize, texts)
      : texts.t('dashboard.change.roundState', { n: count(side.n), mean: num(side.mean, texts) });
  const parts = [
    texts.t('dashboard.change.fromRound', { round: change.from.round.roundLabel, state: round(change.from) }),
    texts.t('dashboard.change.toRound', { round: change.to.round.roundLabel, state: round(change.to) }),
  ];
  for (const row of table.rows) {
    const [measure, n, estimate, ci] = row.cells;
    const rowNote = row.cells[row.cells.length - 1];
    if (row.gap) {
      parts.push(texts.t('dashboard.change.measureHidden', { measure, reason: row.gap }));
      continue;
    }
    parts.push(
      ci === hiddenValue
        ? texts.t('dashboard.change.measureNoInterval', { measure, estimate, n })
        : texts.t('dashboard.change.measureShown', { measure, estimate, n, ci }),
    );
    if (rowNote) parts.push(`${rowNote}.`);
  }
  return parts.join(' ');
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
  description: string;
}

/**
 * Rates per stage, one series per project and cohort. Each rate is a share of the stage the API names in `of` (the
 * last reported stage before it, or those who started), which the labels say. A stage the source does not report is
 * a gap and "not reported", never 0.
 */
export function buildFunnelChart(funnels: readonly Funnel[], texts: ChartTexts): FunnelChart {
  const stageNames: string[] = [];
  for (const funnel of funnels)
    for (const stage of funnel.stages) if (!stageNames.includes(stage.stage)) stageNames.push(stage.stage);
  const known = (key: string, fallback: () => string) => {
    const text = texts.t(key);
    return text === key ? fallback() : text;
  };
  const stageLabel = (stage: string) => known(`dashboard.funnel.stage.${stage}`, () => stage);
  const ofText = (of: string) =>
    known(`dashboard.funnel.of.${of}`, () => texts.t('dashboard.funnel.of.other', { stage: stageLabel(of) }));
  const stageOf = (funnel: Funnel, name: string) => funnel.stages.find((s) => s.stage === name);
  // The chart shows rates: a stage no cohort has a rate for (the first, or one none reports) is in the table only.
  const charted = stageNames.filter((name) => funnels.some((funnel) => stageOf(funnel, name)?.rate != null));
  const chartLabel = (name: string) => {
    const bases = [...new Set(funnels.map((f) => stageOf(f, name)?.of).filter((of): of is string => !!of))];
    const base =
      bases.length === 1 ? ofText(bases[0]!) : bases.length > 1 ? texts.t('dashboard.funnel.of.mixed') : null;
    return base ? `${stageLabel(name)} · ${base}` : stageLabel(name);
  };
  const series = (funnel: Funnel) => `${funnel.projectName} · ${funnel.cohort}`;
  const notReported = texts.t('dashboard.funnel.notReported');
  const percent = (value: number) => `${texts.number(value * 100, 0)} %`;
  const c = (key: string) => texts.t(`dashboard.funnel.columns.${key}`);
  const table: ChartTable = {
    columns: ['project', 'cohort', 'stage', 'count', 'rate', 'ci'].map(c),
    numbers: [5],
    rows: funnels.flatMap((funnel) =>
      funnel.stages.map((stage) => ({
        key: `${funnel.projectId}|${funnel.cohort}|${stage.stage}`,
        cells: [
          funnel.projectName,
          funnel.cohort,
          stageLabel(stage.stage),
          stage.count == null ? notReported : String(stage.count),
          stage.rate == null
            ? hiddenValue
            : stage.of
              ? `${percent(stage.rate)} ${ofText(stage.of)}`
              : percent(stage.rate),
          stage.ciLow == null || stage.ciHigh == null
            ? hiddenValue
            : `${texts.number(stage.ciLow * 100, 0)} – ${texts.number(stage.ciHigh * 100, 0)} %`,
        ],
        values: [
          funnel.projectName,
          funnel.cohort,
          stage.stage,
          stage.count,
          stage.of,
          stage.rate,
          stage.ciLow,
          stage.ciHigh,
        ],
        suppressed: null,
        gap: stage.count == null ? notReported : null,
        noInterval: null,
      })),
    ),
  };
  const unreported = funnels
    .map((funnel) => ({
      cohort: `${funnel.projectName}, ${funnel.cohort}`,
      stages: funnel.stages.filter((s) => s.count == null).map((s) => stageLabel(s.stage)),
    }))
    .filter((f) => f.stages.length > 0);
  const description = [
    texts.t(funnels.length === 1 ? 'dashboard.funnel.shownOne' : 'dashboard.funnel.shown', {
      cohorts: funnels.length,
    }),
    ...(unreported.length === 0
      ? [texts.t('dashboard.funnel.allReported')]
      : unreported.map((f) =>
          texts.t('dashboard.funnel.notReportedIn', { cohort: f.cohort, stages: f.stages.join(', ') }),
        )),
    // What the source's figures need said, e.g. one left out because they do not add up.
    ...funnels
      .filter((f) => f.note)
      .map((f) =>
        texts.t('dashboard.funnel.cohortNote', { cohort: `${f.projectName}, ${f.cohort}`, note: f.note }),
      ),
  ].join(' ');
  return {
    chartData: {
      labels: charted.map(chartLabel),
      datasets: funnels.map((funnel) => ({
        label: series(funnel),
        data: charted.map((name) => {
          const rate = stageOf(funnel, name)?.rate;
          return rate == null ? null : rate * 100;
        }),
      })),
      intervals: funnels.map((funnel) =>
        charted.map((name) => {
          const stage = stageOf(funnel, name);
          return stage?.rate != null && stage.ciLow != null && stage.ciHigh != null
            ? [stage.ciLow * 100, stage.ciHigh * 100]
            : null;
        }),
      ),
      gaps: funnels.map((funnel) =>
        charted.map((name) => {
          const stage = stageOf(funnel, name);
          if (!stage) return null;
          if (stage.count == null) return notReported;
          return stage.rate == null ? texts.t('dashboard.funnel.noBase') : null;
        }),
      ),
    },
    table,
    description,
  };
}

export const funnelCsvHeader = ['project', 'cohort', 'stage', 'count', 'of', 'rate', 'ci_low', 'ci_high'];

/**
 * A plain-language summary for screen readers and under each chart: how many groups are shown and their n, which
 * have no bar and why, and which have a bar without an interval and why. `rowsAre` names what a table's rows are
 * per role and round, so that a role hidden in all of them is named once.
 */
export function describeTable(
  table: ChartTable,
  nColumn: number,
  groupColumns: number[],
  texts: ChartTexts,
  rowsAre?: 'constructs' | 'items',
): string {
  const shown = table.rows.filter((row) => !row.gap);
  const ns = shown.map((row) => Number(row.values[nColumn])).filter((n) => Number.isFinite(n));
  const n = ns.length
    ? Math.min(...ns) === Math.max(...ns)
      ? String(ns[0])
      : `${Math.min(...ns)}–${Math.max(...ns)}`
    : hiddenValue;
  const parts = [
    shown.length === 0
      ? texts.t('dashboard.chart.noneShown')
      : texts.t(shown.length === 1 ? 'dashboard.chart.shownOne' : 'dashboard.chart.shown', {
          shown: shown.length,
          n,
        }),
  ];
  const list = (reasonOf: (row: TableRow) => string | null) =>
    listByReason(table, reasonOf, (row) => groupColumns.map((i) => row.cells[i]).join(', '), texts, rowsAre);
  const hidden = list((row) => row.gap);
  parts.push(...(hidden.length ? hidden : [texts.t('dashboard.chart.noneSuppressed')]));
  parts.push(...list((row) => row.noInterval));
  return parts.join(' ');
}

/**
 * One sentence per reason, naming its groups. A round whose every row has the reason is named once, and so is a
 * role whose every row in a round has it, rather than each of them.
 */
function listByReason(
  table: ChartTable,
  reasonOf: (row: TableRow) => string | null,
  nameOf: (row: TableRow) => string,
  texts: ChartTexts,
  rowsAre?: 'constructs' | 'items',
): string[] {
  const byReason = new Map<string, TableRow[]>();
  for (const row of table.rows) {
    const reason = reasonOf(row);
    if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), row]);
  }
  return [...byReason].map(([reason, rows]) => {
    const names: string[] = [];
    const named = new Set<string>();
    const whole = (same: (r: TableRow) => boolean) => {
      const all = table.rows.filter(same);
      return all.length > 1 && all.every((r) => rows.includes(r));
    };
    for (const row of rows) {
      let key: string | null = null;
      let name = '';
      if (row.round && whole((r) => r.round === row.round)) {
        key = row.round;
        name = texts.t('dashboard.chart.wholeRound', { round: row.round });
      } else if (
        rowsAre &&
        row.round &&
        row.role &&
        whole((r) => r.round === row.round && r.role === row.role)
      ) {
        key = `${row.round}|${row.role}`;
        name = texts.t(`dashboard.chart.wholeRole.${rowsAre}`, { round: row.round, role: row.role });
      }
      if (key === null) names.push(nameOf(row));
      else if (!named.has(key)) {
        named.add(key);
        names.push(name);
      }
    }
    return texts.t('dashboard.chart.listed', { reason, groups: names.join('; ') });
  });
}
