import { useQuery } from '@urql/vue';
import { InstrumentsDocument } from '@verdi/schema/generated/documents/instruments';
import { ProjectsDocument } from '@verdi/schema/generated/documents/projects';
import { computed } from 'vue';
import { toApiError } from '../../composables/useApiError';

// An empty list names no Instrument type, so creating the first one would not make it stale without this.
const context = { additionalTypenames: ['Instrument'] };

/** The instruments the signed-in researcher may use: shared ones and their projects'. */
export function useInstrumentList() {
  const query = useQuery({ query: InstrumentsDocument, requestPolicy: 'cache-and-network', context });
  const instruments = computed(() => query.data.value?.instruments ?? []);
  const loaded = computed(() => query.data.value !== undefined);
  const loading = computed(() => query.fetching.value && !loaded.value);
  const error = computed(() => (query.error.value ? toApiError(query.error.value) : null));

  function refetch(): void {
    void query.executeQuery({ requestPolicy: 'network-only' });
  }

  return { instruments, loaded, loading, error, refetch };
}

/** The projects the user may make instruments for: where they are a researcher (admins: every project). */
export function useResearcherProjects() {
  const query = useQuery({ query: ProjectsDocument, requestPolicy: 'cache-and-network' });
  const projects = computed(() =>
    (query.data.value?.projects ?? []).filter((project) => project.viewerAccess.researcher),
  );
  const loaded = computed(() => query.data.value !== undefined);
  return { projects, loaded };
}
