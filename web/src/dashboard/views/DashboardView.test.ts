import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import { dashboardApi, type DashboardApiState } from '../test/dashboardApi';
import { cell } from '../test/fixtures';

const school = project({ name: 'Eksempelskolen', myRole: 'MANAGER' });
const team = project({ name: 'Eksempelteamet', myRole: 'MANAGER' });
const manager = user({
  isAdmin: false,
  memberships: [membership(school, 'MANAGER'), membership(team, 'MANAGER')],
});

function cells() {
  const inTeam = { project: team.name };
  const fix = (c: ReturnType<typeof cell>) => ({ ...c, round: { ...c.round, projectId: team.id } });
  return [
    fix(cell({ ...inTeam, role: 'SERVICE_USER', mean: 4.25 })),
    fix(cell({ ...inTeam, role: 'CONSULTANT', suppressed: 'TOO_FEW' })),
    fix(cell({ ...inTeam, construct: 'stigma', kind: 'CHALLENGE', role: 'SERVICE_USER', mean: 2 })),
  ];
}

async function openDashboard(path: string, state: Partial<DashboardApiState> = {}) {
  const api: DashboardApiState = { projects: [school, team], viewer: manager, cells: cells(), ...state };
  const { client, operations } = createMockClient(dashboardApi(api));
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await vi.waitFor(() => expect(mounted.wrapper.find('.dashboard-chart--value table').exists()).toBe(true), {
    timeout: 10_000,
  });
  await settle();
  return { ...mounted, operations };
}

describe('DashboardView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.restoreAllMocks();
  });

  it('chooses all of the user’s projects on a first visit and keeps the choice in the address', async () => {
    const { wrapper, router } = await openDashboard('/dashboard');
    const boxes = wrapper.findAll<HTMLInputElement>('input[name="project"]');
    expect(boxes.map((b) => b.element.parentElement?.textContent?.trim())).toEqual([
      'Eksempelskolen',
      'Eksempelteamet',
    ]);
    expect(router.currentRoute.value.query['project']).toEqual([school.id, team.id]);

    await wrapper.get<HTMLInputElement>('input[name="role"][value="CONSULTANT"]').setValue(true);
    await settle();
    expect(router.currentRoute.value.fullPath).toContain('role=CONSULTANT');
  });

  it('reads a shared address: only the chosen roles, the suppressed group said in words', async () => {
    const { wrapper, operations } = await openDashboard(`/dashboard?project=${team.id}&role=CONSULTANT`);
    expect(
      operations.filter((o) => operationName(o) === 'DashboardConstructScores').at(-1)?.variables,
    ).toEqual({
      projectIds: [team.id],
    });
    const rows = wrapper.findAll('.dashboard-chart--value tbody tr');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text()).toContain('For få svar til å vise');
    expect(rows[0]!.attributes('data-suppressed')).toBe('TOO_FEW');
    expect(wrapper.get('.dashboard-chart--value .dashboard-chart__description').text()).toContain(
      'Erfaringskonsulenter: For få svar til å vise',
    );
    // Value and challenge constructs are charted apart.
    expect(wrapper.get('.dashboard-chart--challenge').text()).not.toContain('trust');
    expect(wrapper.get('.dashboard-chart--value').text()).not.toContain('stigma');
  });

  it('downloads the table as CSV with the raw numbers', async () => {
    const { wrapper } = await openDashboard(`/dashboard?project=${team.id}`);
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});

    const panel = wrapper.get('.dashboard-chart--value');
    const csvButton = panel.findAll('button').find((b) => b.text() === 'Last ned tabell (CSV)')!;
    await csvButton.trigger('click');

    expect(blobs).toHaveLength(1);
    const text = (await blobs[0]!.text()).replace(/^\ufeff/, '');
    expect(text.split('\r\n')).toEqual([
      'construct,project,round,role,n,mean,ci_low,ci_high,sd,median,suppressed',
      'trust,Eksempelteamet,Oppstart 2025,SERVICE_USER,12,4.25,3.75,4.75,0.8,3.5,',
      'trust,Eksempelteamet,Oppstart 2025,CONSULTANT,,,,,,,TOO_FEW',
      '',
    ]);
  });

  it('offers no free-text link to a manager, and the free-text page is closed to them', async () => {
    const { wrapper, router } = await openDashboard('/dashboard');
    expect(wrapper.text()).not.toContain('Fritekstsvar');
    await router.push('/dashboard/free-text');
    await settle();
    expect(router.currentRoute.value.name).toBe('forbidden');
  });
});
