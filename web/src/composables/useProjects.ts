import { useQuery } from '@urql/vue';
import { ProjectsDocument } from '@verdi/schema/generated/documents/projects';
import { computed } from 'vue';
import { useApiError } from './useApiError';

// With an empty list the result names no Project type, so urql would not know that creating one
// makes this query stale; naming the type here makes every Project mutation refetch the list.
const context = { additionalTypenames: ['Project'] };

export function useProjects() {
  const query = useQuery({ query: ProjectsDocument, requestPolicy: 'cache-and-network', context });

  const projects = computed(() => query.data.value?.projects ?? []);
  const loaded = computed(() => query.data.value != null);
  const loading = computed(() => query.fetching.value && !loaded.value);
  const error = useApiError(query.error);

  function refetch(): void {
    void query.executeQuery({ requestPolicy: 'network-only' });
  }

  return { projects, loaded, loading, error, refetch };
}
