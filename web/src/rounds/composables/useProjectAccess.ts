import { useQuery } from '@urql/vue';
import { ProjectAccessDocument } from '@verdi/schema/generated/documents/projects';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';

/**
 * What the signed-in user may read of the project, as the API decides it (`Project.viewerAccess`): the web keeps no
 * copy of the rule. Links, codes and counts are asked for only when `researcher` is true: the API refuses those fields
 * to managers, and a refused field would fail the whole query. `known` turns true once the API has answered.
 */
export function useProjectAccess(projectId: MaybeRefOrGetter<string>) {
  const query = useQuery({ query: ProjectAccessDocument, variables: () => ({ id: toValue(projectId) }) });
  const known = computed(() => query.data.value !== undefined || query.error.value !== undefined);
  const researcher = computed(() => query.data.value?.project.viewerAccess.researcher ?? false);
  return { known, researcher };
}
