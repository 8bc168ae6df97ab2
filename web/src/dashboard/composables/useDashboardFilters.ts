import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { filtersToQuery, parseFilters, type DashboardFilters } from '../model/filters';

/** The dashboard's choices, read from and written to the address (replacing it, so Back leaves the page). */
export function useDashboardFilters() {
  const route = useRoute();
  const router = useRouter();
  const filters = computed(() => parseFilters(route.query));

  async function update(changes: Partial<DashboardFilters>): Promise<void> {
    await router.replace({ query: filtersToQuery({ ...filters.value, ...changes }) });
  }

  return { filters, update };
}
