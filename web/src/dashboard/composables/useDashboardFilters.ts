import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { filtersToQuery, parseFilters, type DashboardFilters } from '../model/filters';

/**
 * The dashboard's choices, read from and written to the address. A choice the user makes is a new history entry, so
 * Back and Forward step through them; filling in defaults replaces the address instead.
 */
export function useDashboardFilters() {
  const route = useRoute();
  const router = useRouter();
  const filters = computed(() => parseFilters(route.query));

  async function update(changes: Partial<DashboardFilters>, replace = false): Promise<void> {
    const query = filtersToQuery({ ...filters.value, ...changes });
    await (replace ? router.replace({ query }) : router.push({ query }));
  }

  return { filters, update };
}
