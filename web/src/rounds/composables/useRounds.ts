import { useQuery } from '@urql/vue';
import { ProjectRoundsDocument, RoundDocument } from '@verdi/schema/generated/documents/rounds';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useApiError } from '../../composables/useApiError';
import { useProjectAccess } from './useProjectAccess';

/** A project's rounds, with counts and instruments for its researchers. */
export function useProjectRounds(projectId: MaybeRefOrGetter<string>) {
  const { known, researcher } = useProjectAccess(projectId);
  const query = useQuery({
    query: ProjectRoundsDocument,
    variables: computed(() => ({ projectId: toValue(projectId), researcher: researcher.value })),
    pause: computed(() => !known.value),
  });
  const error = useApiError(query.error);
  return {
    researcher,
    project: computed(() => query.data.value?.project ?? null),
    rounds: computed(() => query.data.value?.rounds ?? []),
    loaded: computed(() => !!query.data.value),
    loading: computed(() => !known.value || (query.fetching.value && !query.data.value)),
    error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** One round, with its links and counts for the project's researchers. */
export function useRound(roundId: MaybeRefOrGetter<string>, projectId: MaybeRefOrGetter<string>) {
  const { known, researcher } = useProjectAccess(projectId);
  const query = useQuery({
    query: RoundDocument,
    variables: computed(() => ({ id: toValue(roundId), researcher: researcher.value })),
    pause: computed(() => !known.value),
  });
  const error = useApiError(query.error);
  return {
    researcher,
    round: computed(() => query.data.value?.round ?? null),
    loading: computed(() => !known.value || (query.fetching.value && !query.data.value)),
    error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
