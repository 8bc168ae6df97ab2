import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { filtersToQuery, parseFilters, type DashboardFilters } from './filters';

const filters: DashboardFilters = {
  projects: ['p1', 'p2'],
  roles: ['CONSULTANT'],
  rounds: ['w1'],
  constructs: ['trust', 'stigma'],
  changeProject: 'p2',
  from: 'w3',
  to: 'w4',
  changeConstruct: 'trust',
};

describe('dashboard filters in the address', () => {
  it('survive a trip through a real address and back', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/dashboard', component: { render: () => null } }],
    });
    await router.push({ path: '/dashboard', query: filtersToQuery(filters) });
    const address = router.currentRoute.value.fullPath;
    expect(address).toContain('project=p1&project=p2');

    // As a shared link opened afresh.
    const fresh = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/dashboard', component: { render: () => null } }],
    });
    await fresh.push(address);
    expect(parseFilters(fresh.currentRoute.value.query)).toEqual(filters);
  });

  it('reads one value as a list, drops unknown roles and leaves empty choices out', () => {
    expect(parseFilters({ project: 'p1', role: ['CONSULTANT', 'BOSS'] })).toMatchObject({
      projects: ['p1'],
      roles: ['CONSULTANT'],
      rounds: [],
      from: null,
    });
    expect(filtersToQuery({ ...filters, rounds: [], from: null })).not.toHaveProperty('round');
  });
});
