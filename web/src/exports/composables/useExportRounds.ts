import { useQuery } from '@urql/vue';
import { ExportRoundsDocument } from '@verdi/schema/generated/documents/exports';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useApiError } from '../../composables/useApiError';
import { useProjectAccess } from '../../rounds/composables/useProjectAccess';

/**
 * The project and its rounds, for its researchers (and admins). Others are not asked about: the export itself is
 * refused to them, so the page says so instead of offering choices that cannot work.
 */
export function useExportRounds(projectId: MaybeRefOrGetter<string>) {
  const { known, researcher } = useProjectAccess(projectId);
  const query = useQuery({
    query: ExportRoundsDocument,
    variables: computed(() => ({ projectId: toValue(projectId) })),
    pause: computed(() => !researcher.value),
  });
  const error = useApiError(query.error);
  return {
    known,
    researcher,
    project: computed(() => query.data.value?.project ?? null),
    rounds: computed(() => query.data.value?.rounds ?? []),
    loaded: computed(() => !!query.data.value),
    loading: computed(() => !known.value || (researcher.value && query.fetching.value && !query.data.value)),
    error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
