import { useQuery } from '@urql/vue';
import type { ConstructKind } from '@verdi/schema/generated';
import {
  DashboardConstructScoresDocument,
  DashboardFunnelDocument,
  DashboardItemDistributionsDocument,
  DashboardProjectsDocument,
  DashboardRoundChangeDocument,
} from '@verdi/schema/generated/documents/dashboard';
import { computed, type ComputedRef } from 'vue';
import { useApiError } from '../../composables/useApiError';
import {
  buildChangeChart,
  buildDivergingChart,
  buildFunnelChart,
  buildScoreChart,
  describeChange,
  describeTable,
  localized,
  type ScoreCell,
} from '../model/charts';
import type { DashboardFilters } from '../model/filters';
import { distributions, scoreCells } from '../model/tables';
import { describeSources, type RoundSource } from '../model/sources';
import { useChartTexts } from './useChartTexts';

export function useDashboardProjects() {
  const query = useQuery({ query: DashboardProjectsDocument });
  return {
    projects: computed(() => query.data.value?.projects ?? []),
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}

export interface RoundOption extends RoundSource {
  id: string;
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
  const all = computed(() => scoreCells(query.data.value?.constructScoreTable));
  const rounds = computed(() => {
    const found = new Map<string, RoundOption>();
    for (const { round } of all.value)
      found.set(round.roundId, {
        id: round.roundId,
        label: round.roundLabel,
        projectId: round.projectId,
        projectName: round.projectName,
        opensAt: round.opensAt,
        minGroupSize: round.minGroupSize,
        releaseVersion: round.releaseVersion,
        releasedAt: round.releasedAt,
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
    const { roles, total, rounds: chosenRounds, constructs: chosenConstructs } = filters.value;
    return all.value.filter(
      (cell: ScoreCell) =>
        // A role filter shows that role; the total over roles only when asked for.
        (cell.role === null ? total : roles.length === 0 || roles.includes(cell.role)) &&
        (chosenRounds.length === 0 || chosenRounds.includes(cell.round.roundId)) &&
        (chosenConstructs.length === 0 || chosenConstructs.includes(cell.construct)),
    );
  });
  return {
    /** Every cell of the chosen projects, whatever the other filters say. */
    all,
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
    description: computed(() => describeTable(built.value.table, 4, [0, 1, 2, 3], texts.value, 'constructs')),
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
      roundIds: filters.value.rounds.length ? filters.value.rounds : null,
      roles: filters.value.roles.length ? filters.value.roles : null,
    })),
    pause: computed(() => filters.value.projects.length === 0),
  });
  const built = computed(() => {
    const chosen = filters.value.constructs;
    const rows = distributions(query.data.value?.itemDistributionTable).filter(
      (row) => chosen.length === 0 || (row.construct != null && chosen.includes(row.construct)),
    );
    return buildDivergingChart(rows, texts.value);
  });
  return {
    chartData: computed(() => built.value.chartData),
    table: computed(() => built.value.table),
    description: computed(() => describeTable(built.value.table, 4, [0, 1, 2, 3], texts.value, 'items')),
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}

export interface ChangeChoice {
  projectId: string;
  fromRoundId: string;
  toRoundId: string;
  construct: string;
  role: DashboardFilters['roles'][number] | null;
}

export function useChangeChart(choice: ComputedRef<ChangeChoice | null>) {
  const texts = useChartTexts();
  const query = useQuery({
    query: DashboardRoundChangeDocument,
    variables: computed(
      () => choice.value ?? { projectId: '', fromRoundId: '', toRoundId: '', construct: '', role: null },
    ),
    pause: computed(() => !choice.value),
  });
  const change = computed(() => (choice.value ? (query.data.value?.roundChange ?? null) : null));
  const built = computed(() => (change.value ? buildChangeChart(change.value, texts.value) : null));
  return {
    change,
    chartData: computed(() => built.value?.chartData ?? null),
    table: computed(() => built.value?.table ?? null),
    description: computed(() =>
      change.value && built.value ? describeChange(change.value, built.value.table, texts.value) : '',
    ),
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
    description: computed(() => built.value.description),
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}

/**
 * Where the shown rounds' numbers come from, in words: a release for a manager, live numbers for a researcher (of
 * that project) or an admin, as the API decides.
 */
export function useSourceNotes(
  rounds: ComputedRef<RoundOption[]>,
  projects: ComputedRef<{ id: string; viewerAccess: { researcher: boolean } }[]>,
) {
  const texts = useChartTexts();
  return computed(() => {
    const researcherOf = new Set(projects.value.filter((p) => p.viewerAccess.researcher).map((p) => p.id));
    return describeSources(rounds.value, (id) => researcherOf.has(id), texts.value);
  });
}
