import { useQuery } from '@urql/vue';
import type { InstrumentQuery } from '@verdi/schema/generated';
import { InstrumentDocument } from '@verdi/schema/generated/documents/instruments';
import { computed, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';

export type InstrumentData = InstrumentQuery['instrument'];
export type InstrumentVersionData = InstrumentData['versions'][number];

// A mutation that returns a version (save, start, publish) makes this query stale even when its last answer had
// no draft and no versions, and so named no InstrumentVersion.
const context = { additionalTypenames: ['InstrumentVersion', 'Instrument'] };

/** One instrument with its draft and published versions. */
export function useInstrument(id: MaybeRefOrGetter<string>) {
  const query = useQuery({
    query: InstrumentDocument,
    variables: computed(() => ({ id: toValue(id) })),
    requestPolicy: 'cache-and-network',
    context,
  });

  // urql clears its data when a refetch fails; the page keeps showing what it had, with the error beside it.
  const instrument = shallowRef<InstrumentData | null>(null);
  watch(
    () => query.data.value?.instrument,
    (value) => {
      if (value) instrument.value = value;
    },
    { immediate: true },
  );
  watch(
    () => toValue(id),
    () => {
      instrument.value = null;
    },
  );

  const error = computed<ApiError | null>(() => (query.error.value ? toApiError(query.error.value) : null));
  const loading = computed(() => query.fetching.value && !instrument.value);

  /** Fetches the instrument again from the server; resolves once it has arrived. */
  async function refetch(): Promise<void> {
    await query.executeQuery({ requestPolicy: 'network-only' });
  }

  return { instrument, loading, error, refetch };
}
