import { useQuery } from '@urql/vue';
import {
  DashboardConstructScoresDocument,
  DashboardFunnelDocument,
  DashboardItemDistributionsDocument,
  DashboardProjectsDocument,
  DashboardRoundChangeDocument,
  type ConstructKind,
} from '@verdi/schema/generated';
import { computed, type ComputedRef } from 'vue';
import { useApiError } from '../../composables/useApiError';
import {
  buildChangeChart,
  buildDivergingChart,
  buildFunnelChart,
  buildScoreChart,
  describeTable,
  localized,
  type ScoreCell,
} from '../model/charts';
import type { DashboardFilters } from '../model/filters';
import { useChartTexts } from './useChartTexts';

export function useDashboardProjects() {
  const query = useQuery({ query: DashboardProjectsDocument });
  return {
    projects: computed(() => query.data.value?.projects ?? []),
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}

export interface RoundOption {
  id: string;
  label: string;
  projectId: string;
  projectName: string;
  opensAt: string;
}

/**
 * Every construct score of the chosen projects. The round and construct choices come from the same answer, and
 * the other filters only pick cells from it: the server has already suppressed what must not be seen.
 */
export function useConstructScores(filters: ComputedRef<DashboardFilters>) {
  const texts = useChartTexts();
  const query = useQuery({
    query: DashboardConstructScoresDocument,
    variables: computed(() => ({ projectIds: filters.value.projects })),
    pause: computed(() => filters.value.projects.length === 0),
  });
  const all = computed(() => query.data.value?.constructScores ?? []);
  const rounds = computed(() => {
    const found = new Map<string, RoundOption>();
    for (const { round } of all.value)
      found.set(round.waveId, {
        id: round.waveId,
        label: round.waveLabel,
        projectId: round.projectId,
        projectName: round.projectName,
        opensAt: round.opensAt,
      });
    return [...found.values()].sort(
      (a, b) => a.projectName.localeCompare(b.projectName) || a.opensAt.localeCompare(b.opensAt),
    );
  });
  const constructs = computed(() => {
    const found = new Map<string, { key: string; kind: ConstructKind; label: string }>();
    for (const cell of all.value)
      found.set(cell.construct, {
        key: cell.construct,
        kind: cell.kind,
        label: localized(cell.label, texts.value.locale),
      });
    return [...found.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
  });
  const cells = computed(() => {
    const { roles, rounds: chosenRounds, constructs: chosenConstructs } = filters.value;
    return all.value.filter(
      (cell: ScoreCell) =>
        (roles.length === 0 || cell.role === null || roles.includes(cell.role)) &&
        (chosenRounds.length === 0 || chosenRounds.includes(cell.round.waveId)) &&
        (chosenConstructs.length === 0 || chosenConstructs.includes(cell.construct)),
    );
  });
  return {
    cells,
    rounds,
    constructs,
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}

/** Means with intervals for one kind of construct. */
export function useScoreChart(source: ReturnType<typeof useConstructScores>, kind: ConstructKind) {
  const texts = useChartTexts();
  const built = computed(() => buildScoreChart(source.cells.value, kind, texts.value));
  return {
    chartData: computed(() => built.value.chartData),
    table: computed(() => built.value.table),
    description: computed(() => describeTable(built.value.table, 4, [0, 1, 2, 3], texts.value)),
    loading: source.loading,
    error: source.error,
  };
}

export function useItemChart(filters: ComputedRef<DashboardFilters>) {
  const texts = useChartTexts();
  const query = useQuery({
    query: DashboardItemDistributionsDocument,
    variables: computed(() => ({
      projectIds: filters.value.projects,
      waveIds: filters.value.rounds.length ? filters.value.rounds : null,
      roles: filters.value.roles.length ? filters.value.roles : null,
    })),
    pause: computed(() => filters.value.projects.length === 0),
  });
  const built = computed(() => {
    const chosen = filters.value.constructs;
    const rows = (query.data.value?.itemDistributions ?? []).filter(
      (row) => chosen.length === 0 || (row.construct != null && chosen.includes(row.construct)),
    );
    return buildDivergingChart(rows, texts.value);
  });
  return {
    chartData: computed(() => built.value.chartData),
    table: computed(() => built.value.table),
    description: computed(() => describeTable(built.value.table, 4, [0, 1, 2, 3], texts.value)),
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}

export interface ChangeChoice {
  projectId: string;
  fromWaveId: string;
  toWaveId: string;
  construct: string;
  role: DashboardFilters['roles'][number] | null;
}

export function useChangeChart(choice: ComputedRef<ChangeChoice | null>) {
  const texts = useChartTexts();
  const query = useQuery({
    query: DashboardRoundChangeDocument,
    variables: computed(
      () => choice.value ?? { projectId: '', fromWaveId: '', toWaveId: '', construct: '', role: null },
    ),
    pause: computed(() => !choice.value),
  });
  const change = computed(() => (choice.value ? (query.data.value?.roundChange ?? null) : null));
  const built = computed(() => (change.value ? buildChangeChart(change.value, texts.value) : null));
  return {
    change,
    chartData: computed(() => built.value?.chartData ?? null),
    table: computed(() => built.value?.table ?? null),
    description: computed(() => {
      const c = change.value;
      if (!c || !built.value) return '';
      const t = texts.value;
      const mean = (m: number | null | undefined) => (m == null ? '–' : t.number(m));
      const summary = t.t('dashboard.change.fromTo', {
        from: c.from.round.waveLabel,
        to: c.to.round.waveLabel,
        nFrom: c.from.n ?? '–',
        nTo: c.to.n ?? '–',
        meanFrom: c.from.suppressed ? t.t(`dashboard.suppressed.${c.from.suppressed}`) : mean(c.from.mean),
        meanTo: c.to.suppressed ? t.t(`dashboard.suppressed.${c.to.suppressed}`) : mean(c.to.mean),
      });
      return `${summary} ${describeTable(built.value.table, 1, [0], t)}`;
    }),
    loading: computed(() => !!choice.value && query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}

export function useFunnelChart(filters: ComputedRef<DashboardFilters>) {
  const texts = useChartTexts();
  const query = useQuery({
    query: DashboardFunnelDocument,
    variables: computed(() => ({ projectIds: filters.value.projects })),
    pause: computed(() => filters.value.projects.length === 0),
  });
  const built = computed(() => buildFunnelChart(query.data.value?.programmeFunnel ?? [], texts.value));
  return {
    chartData: computed(() => built.value.chartData),
    table: computed(() => built.value.table),
    description: computed(() => describeTable(built.value.table, 3, [0, 1, 2], texts.value)),
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}
