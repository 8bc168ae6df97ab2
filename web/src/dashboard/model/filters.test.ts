import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { cell, round } from '../test/fixtures';
import { changeRole, filtersToQuery, parseFilters, type DashboardFilters } from './filters';

const filters: DashboardFilters = {
  projects: ['p1', 'p2'],
  roles: ['CONSULTANT'],
  rounds: ['w1'],
  constructs: ['trust', 'stigma'],
  changeProject: 'p2',
  from: 'w3',
  to: 'w4',
  changeConstruct: 'trust',
  view: 'change',
  total: true,
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

describe('changeRole', () => {
  const where = round('Eksempelskolen', 'Oppstart', 'p1');
  const cells = [
    cell({ round: where, construct: 'trust', role: 'SERVICE_USER' }),
    cell({ round: where, construct: 'trust', role: 'CONSULTANT' }),
    cell({ round: where, construct: 'trust', role: null }),
    cell({ round: where, construct: 'su_access', role: 'SERVICE_USER' }),
  ];

  it('compares all roles together where the construct has a total', () => {
    expect(changeRole(cells, 'p1', 'trust', [])).toBeNull();
    expect(changeRole(cells, 'p1', 'trust', ['SERVICE_USER', 'CONSULTANT'])).toBeNull();
  });

  it('compares the one role chosen where the construct is asked of it', () => {
    expect(changeRole(cells, 'p1', 'trust', ['CONSULTANT'])).toBe('CONSULTANT');
    expect(changeRole(cells, 'p1', 'su_access', ['CONSULTANT'])).toBe('SERVICE_USER');
  });

  it('compares a construct asked of one role by that role, never by a total it does not have', () => {
    expect(changeRole(cells, 'p1', 'su_access', [])).toBe('SERVICE_USER');
  });
});
