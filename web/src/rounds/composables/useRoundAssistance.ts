import { useQuery } from '@urql/vue';
import { RoundAssistanceDocument } from '@verdi/schema/generated/documents/assistance';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useApiError } from '../../composables/useApiError';

/** A round's breakdown of help in answering and of the wording answered in; the API answers researchers only. */
export function useRoundAssistance(roundId: MaybeRefOrGetter<string>) {
  const query = useQuery({
    query: RoundAssistanceDocument,
    variables: computed(() => ({ roundId: toValue(roundId) })),
    requestPolicy: 'network-only',
  });
  const error = useApiError(query.error);
  const breakdown = computed(() => query.data.value?.roundAssistance ?? null);
  /** The three tables as rows the component renders as they are. */
  const tables = computed(() => {
    const b = breakdown.value;
    if (!b) return [];
    return [
      { key: 'assisted', rows: b.assisted.map((c) => ({ key: c.answer, n: c.n, suppressed: c.suppressed })) },
      { key: 'kinds', rows: b.kinds.map((c) => ({ key: c.kind, n: c.n, suppressed: c.suppressed })) },
      { key: 'wording', rows: b.wording.map((c) => ({ key: c.wording, n: c.n, suppressed: c.suppressed })) },
    ] as const;
  });
  return { breakdown, tables, loading: computed(() => query.fetching.value && !query.data.value), error };
}
