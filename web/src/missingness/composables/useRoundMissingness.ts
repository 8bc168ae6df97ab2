import { useQuery } from '@urql/vue';
import { RoundMissingnessDocument } from '@verdi/schema/generated/documents/missingness';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useApiError } from '../../composables/useApiError';

/** A round's missingness report, live; the API answers researchers of the round's project only. */
export function useRoundMissingness(roundId: MaybeRefOrGetter<string>) {
  const query = useQuery({
    query: RoundMissingnessDocument,
    variables: computed(() => ({ roundId: toValue(roundId) })),
    requestPolicy: 'network-only',
  });
  const error = useApiError(query.error);
  return {
    report: computed(() => query.data.value?.roundMissingness ?? null),
    loading: computed(() => query.fetching.value && !query.data.value),
    error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
