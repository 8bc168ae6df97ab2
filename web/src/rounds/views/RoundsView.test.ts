import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import { roundsApi, fakeRound, type RoundsApiState } from '../test/roundsApi';

const recovery = project({ name: 'Recoveryteamet', myRole: 'RESEARCHER' });
const researcher = user({ isAdmin: false, memberships: [membership(recovery, 'RESEARCHER')] });
const manager = user({ isAdmin: false, memberships: [membership(recovery, 'MANAGER')] });

async function openRounds(path: string, state: Partial<RoundsApiState> = {}) {
  const api: RoundsApiState = {
    projects: [recovery],
    viewer: researcher,
    rounds: [
      fakeRound(),
      fakeRound({
        id: 'w2',
        label: 'Etter 12 måneder',
        status: 'SCHEDULED',
        closesAt: '2027-04-01T10:00:00.000Z',
      }),
    ],
    instruments: [],
    ...state,
  };
  const { client, operations } = createMockClient(roundsApi(api));
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await vi.waitFor(() => expect(mounted.wrapper.find('table').exists()).toBe(true), { timeout: 10_000 });
  await settle();
  return { ...mounted, operations };
}

describe('RoundsView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('keeps the retention banner at the top and the form below the rounds, folded once a date is set', async () => {
    const { wrapper } = await openRounds(`/projects/${recovery.id}/rounds`, {
      retention: {
        endsOn: '2027-12-31',
        action: 'DELETE',
        reference: 'REK 2025/12345',
        daysLeft: 390,
        state: 'SCHEDULED',
        warningsSent: [],
        doneAt: null,
      },
    });
    await vi.waitFor(() => expect(wrapper.find('.retention-banner').exists()).toBe(true));
    const page = wrapper.get('.page').element;
    const order = [
      ...page.querySelectorAll('.retention-banner, #rounds-list-heading, .retention-details'),
    ].map((element) => element.className || element.id);
    expect(order).toEqual(['notice retention-banner', 'rounds-list-heading', 'panel retention-details']);
    expect((wrapper.get('.retention-details').element as HTMLDetailsElement).open).toBe(false);
    expect(wrapper.findAll('.retention-banner')).toHaveLength(1);
  });

  it('is reached from the project list', async () => {
    const api: RoundsApiState = { projects: [recovery], viewer: researcher, rounds: [] };
    const { client } = createMockClient(roundsApi(api));
    const router = createAppRouter(createMemoryHistory());
    installSessionGuard(router, client);
    await router.push('/projects');
    const { wrapper } = mountWithApp(App, { client, router, attachTo: document.body });
    await vi.waitFor(() => expect(wrapper.find('.project-card').exists()).toBe(true), { timeout: 10_000 });

    const link = wrapper.get('.project-card__links a');
    expect(link.attributes('href')).toBe(`/projects/${recovery.id}/rounds`);
    expect(link.text()).toBe('Runder i Recoveryteamet');
  });

  it('lists the rounds with status, period, instrument and counts for a researcher', async () => {
    const { wrapper } = await openRounds(`/projects/${recovery.id}/rounds`);

    expect(wrapper.get('h1').text()).toBe('Runder i Recoveryteamet');
    const rows = wrapper.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text()));
    expect(rows[0]?.[0]).toBe('Oppstart 2026');
    expect(rows[0]?.[1]).toBe('Åpen');
    expect(rows[0]?.[2]).toContain('til den stenges');
    expect(rows[0]?.slice(3)).toEqual(['Verdi og utfordringer, versjon 2', '6', '3']);
    expect(rows[1]?.[1]).toBe('Planlagt');
    expect(wrapper.get('tbody a').attributes('href')).toBe(`/projects/${recovery.id}/rounds/w1`);
    expect(wrapper.find('#round-form-heading').exists()).toBe(true);
  });

  it('lists the rounds and their status for a manager, without counts or a form', async () => {
    const { wrapper, operations } = await openRounds(`/projects/${recovery.id}/rounds`, { viewer: manager });

    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual(['Runde', 'Status', 'Tidsrom']);
    expect(wrapper.find('#round-form-heading').exists()).toBe(false);
    expect(wrapper.text()).toContain('Som leder ser du rundene');
    const queries = operations.filter((o) => operationName(o) === 'ProjectRounds');
    expect(queries.map((o) => o.variables?.['researcher'])).toEqual([false]);
    expect(operations.some((o) => operationName(o) === 'RoundInstrumentChoices')).toBe(false);
  });
});
