import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { useSession } from '../../composables/useSession';

/**
 * Whether the signed-in user is a researcher of the project (admins count as one, as in the API's rules). Links,
 * codes and counts are asked for only then: the API refuses those fields to managers, and a refused field would
 * fail the whole query.
 */
export function useProjectAccess(projectId: MaybeRefOrGetter<string>) {
  const { user } = useSession();
  const known = computed(() => user.value !== null);
  const researcher = computed(
    () =>
      !!user.value &&
      (user.value.isAdmin ||
        user.value.memberships.some((m) => m.project.id === toValue(projectId) && m.role === 'RESEARCHER')),
  );
  return { known, researcher };
}
