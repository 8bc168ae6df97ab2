import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import { dashboardApi, type DashboardApiState } from '../test/dashboardApi';
import { cell, distribution, funnel, round, roundChange } from '../test/fixtures';

const school = project({ name: 'Eksempelskolen', myRole: 'MANAGER' });
const team = project({ name: 'Eksempelteamet', myRole: 'MANAGER' });
const manager = user({
  isAdmin: false,
  memberships: [membership(school, 'MANAGER'), membership(team, 'MANAGER')],
});

const start = round(team.name, 'Oppstart 2025', team.id);
const later = round(team.name, 'Etter 12 måneder', team.id, {
  opensAt: '2026-01-10T08:00:00.000Z',
  releaseVersion: 1,
  releasedAt: '2026-02-02T12:00:00.000Z',
});

function cells() {
  return [
    cell({ round: start, role: 'SERVICE_USER', mean: 4.25 }),
    cell({ round: start, role: 'CONSULTANT', suppressed: 'TOO_FEW' }),
    cell({ round: start, construct: 'stigma', kind: 'CHALLENGE', role: 'SERVICE_USER', mean: 2 }),
  ];
}

/** The cells of a row in a chart's table, as shown. */
function rowTexts(row: { findAll: (selector: string) => { text: () => string }[] }): string[] {
  return row.findAll('td').map((td) => td.text());
}

async function openDashboard(path: string, state: Partial<DashboardApiState> = {}) {
  const api: DashboardApiState = { projects: [school, team], viewer: manager, cells: cells(), ...state };
  const { client, operations } = createMockClient(dashboardApi(api));
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  // The charts and their tables are one click deeper than the overview; these tests read them there.
  await router.push(path.includes('view=') ? path : `${path}${path.includes('?') ? '&' : '?'}view=details`);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await vi.waitFor(
    () =>
      expect(mounted.wrapper.find('.dashboard-chart--value table, .dashboard__change-choice').exists()).toBe(
        true,
      ),
    {
      timeout: 10_000,
    },
  );
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
    expect(rows[0]!.text()).toContain('For få svar til å vise (under 5)');
    expect(rows[0]!.attributes('data-suppressed')).toBe('TOO_FEW');
    expect(wrapper.get('.dashboard-chart--value .dashboard-chart__description').text()).toContain(
      'For få svar til å vise (under 5): Tillit, Eksempelteamet, Oppstart 2025, Erfaringskonsulenter.',
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
      'construct,project,round,role,n,mean,ci_low,ci_high,sd,suppressed',
      'trust,Eksempelteamet,Oppstart 2025,SERVICE_USER,24,4.25,3.75,4.75,0.8,',
      'trust,Eksempelteamet,Oppstart 2025,CONSULTANT,,,,,,TOO_FEW',
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

  it('shows a hidden group’s reason in words and no number in its row', async () => {
    const { wrapper } = await openDashboard(`/dashboard?project=${team.id}`);
    const row = wrapper.get('.dashboard-chart--value tbody tr[data-suppressed="TOO_FEW"]');
    const texts = rowTexts(row);
    expect(texts.slice(0, 4)).toEqual(['Tillit', 'Eksempelteamet', 'Oppstart 2025', 'Erfaringskonsulenter']);
    expect(texts.slice(4, 8)).toEqual(['–', '–', '–', '–']);
    expect(texts[8]).toBe('For få svar til å vise (under 5)');
  });

  it('shows a mean without its spread with a note from how many answers the spread is shown', async () => {
    const { wrapper } = await openDashboard(`/dashboard?project=${team.id}`, {
      cells: [cell({ round: start, role: 'PROFESSIONAL', n: 7, mean: 3.2 })],
    });
    const texts = rowTexts(wrapper.get('.dashboard-chart--value tbody tr'));
    expect(texts.slice(4, 7)).toEqual(['7', '3,20', '–']);
    expect(texts).toHaveLength(9);
    expect(wrapper.findAll('.dashboard-chart--value thead th').map((th) => th.text())).not.toContain(
      'Median',
    );
    expect(texts[8]).toBe('Spredning og konfidensintervall vises fra 10 svar');
    expect(wrapper.get('.dashboard-chart--value .dashboard-chart__description').text()).toContain(
      'Uten konfidensintervall, som vises fra 10 svar: Tillit, Eksempelteamet, Oppstart 2025, Fagpersoner.',
    );
  });

  it('tells a manager under the view that the numbers are the release made when each round closed', async () => {
    const { wrapper } = await openDashboard(`/dashboard?project=${team.id}`, {
      cells: [...cells(), cell({ round: later, role: 'SERVICE_USER' })],
    });
    const sources = wrapper.get('.dashboard__sources');
    expect(sources.text()).toContain(
      'Tallene for hver runde ble frigitt for ledere etter at runden ble stengt. Senere endringer vises først når de ikke kan avsløre enkeltpersoner.',
    );
    expect(sources.findAll('li').map((li) => li.text())).toEqual([
      'Eksempelteamet, Oppstart 2025: versjon 2, 14. mars 2025',
      'Eksempelteamet, Etter 12 måneder: versjon 1, 2. februar 2026',
    ]);
    expect(sources.text()).toContain('Grupper med færre enn 5 svar vises ikke.');
    expect(sources.text()).toContain('Median og kvartiler vises ikke');
    expect(sources.text()).not.toContain('slik de er nå');
  });

  it('tells a researcher that they see live numbers and that managers see the release', async () => {
    const study = project({ name: 'Forskningsprosjektet', myRole: 'RESEARCHER' });
    const researcher = user({ isAdmin: false, memberships: [membership(study, 'RESEARCHER')] });
    const live = round(study.name, 'Oppstart 2025', study.id, { releaseVersion: null });
    const { wrapper } = await openDashboard(`/dashboard?project=${study.id}`, {
      projects: [study],
      viewer: researcher,
      cells: [cell({ round: live, mean: 3.9 })],
    });
    const sources = wrapper.get('.dashboard__sources').text();
    expect(sources).toContain('Du ser tallene slik de er nå, rett fra svarene.');
    expect(sources).toContain('Ledere ser tallene som ble frigitt for dem etter at hver runde ble stengt');
    expect(sources).not.toContain('versjon');
  });

  it('shows a funnel count that is not reported as "Ikke rapportert", never as 0', async () => {
    const { wrapper } = await openDashboard(`/dashboard?project=${team.id}`, {
      funnels: [
        funnel([
          ['applicants', 40],
          ['interviewed', null],
          ['admitted', 20, 'applicants', 0.5],
          ['started', 18, 'admitted', 0.9],
          ['employedInServices', 9, 'started', 0.5],
        ]),
      ],
    });
    const panel = wrapper.get('.dashboard-chart--funnel');
    const interviewed = panel
      .findAll('tbody tr')
      .map(rowTexts)
      .find((r) => r[2] === 'Intervjuet')!;
    expect(interviewed.slice(3)).toEqual(['Ikke rapportert', '–', '–']);
    expect(panel.text()).toContain('I arbeid i tjenestene');
    expect(panel.text()).toContain('50 % av dem som startet');
    expect(panel.get('.dashboard-chart__description').text()).toContain(
      'Ikke rapportert for Eksempelskolen, Kull 2024: Intervjuet.',
    );
  });

  it('mentions answers set aside because the same code came up twice', async () => {
    const { wrapper } = await openDashboard(`/dashboard?project=${team.id}&view=change`, {
      cells: [...cells(), cell({ round: later, role: 'SERVICE_USER' })],
      change: roundChange({ paired: { duplicatesSetAside: 1 } }),
    });
    await vi.waitFor(() => expect(wrapper.find('.dashboard-chart--change table').exists()).toBe(true));
    const panel = wrapper.get('.dashboard-chart--change');
    expect(rowTexts(panel.findAll('tbody tr')[1]!).at(-1)).toBe(
      '1 svar satt til side fordi samme kode kom to ganger; det første er brukt',
    );
    expect(panel.get('.dashboard-chart__description').text()).toContain('1 svar satt til side');
  });

  it('compares the first and the last round unless told, and never a round with itself', async () => {
    const { operations } = await openDashboard(
      `/dashboard?project=${team.id}&to=${start.roundId}&view=change`,
      {
        cells: [...cells(), cell({ round: later, role: 'SERVICE_USER' })],
        change: roundChange(),
      },
    );
    await settle();
    const asked = operations.filter((o) => operationName(o) === 'DashboardRoundChange');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.at(-1)!.variables).toMatchObject({ fromRoundId: later.roundId, toRoundId: start.roundId });
  });

  it('never asks for the change of a round chosen on both sides', async () => {
    const { wrapper, operations } = await openDashboard(
      `/dashboard?project=${team.id}&from=${start.roundId}&to=${start.roundId}&view=change`,
      {
        cells: [...cells(), cell({ round: later, role: 'SERVICE_USER' })],
        change: roundChange(),
      },
    );
    const asked = operations.filter((o) => operationName(o) === 'DashboardRoundChange');
    expect(asked).toHaveLength(0);
    expect(wrapper.find('.dashboard-chart--change').exists()).toBe(false);
    expect(wrapper.text()).toContain('Velg to ulike runder for å se endring.');
    // The choice stays in view, so that the user sees what to change.
    const [, from, to] = wrapper.findAll<HTMLSelectElement>('.dashboard__change-choice select');
    expect([from!.element.value, to!.element.value]).toEqual([start.roundId, start.roundId]);
  });

  it('leaves out the "not answered" column for a manager, whose release has no such count', async () => {
    const { wrapper } = await openDashboard(`/dashboard?project=${team.id}`, {
      distributions: [distribution([0.2, 0.2, 0.2, 0.2, 0.2])],
    });
    const panel = wrapper.get('.dashboard-chart--items');
    expect(panel.findAll('th').map((th) => th.text())).not.toContain('Ikke svart');
    expect(rowTexts(panel.get('tbody tr'))).not.toContain('0');
  });
});
