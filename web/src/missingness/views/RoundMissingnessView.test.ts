import type { RoundMissingnessQuery } from '@verdi/schema/generated';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { fakeApi, membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, errorResult, operationName } from '../../test/urql';

const recovery = project({ name: 'Recoveryteamet' });
const researcher = user({
  name: 'Testbruker Forsker',
  isAdmin: false,
  memberships: [membership(recovery, 'RESEARCHER')],
});

type Report = RoundMissingnessQuery['roundMissingness'];
const counts = (
  shown: number,
  answered: number,
  dontKnow: number,
  skipped: number,
  hidden = 0,
  notAsked = 0,
) => ({
  responses: shown + hidden + notAsked,
  notAsked,
  hiddenByShowIf: hidden,
  shown,
  answered,
  dontKnow,
  skipped,
  answeredRate: shown ? answered / shown : null,
  dontKnowRate: shown ? dontKnow / shown : null,
  skippedRate: shown ? skipped / shown : null,
});

const report: Report = {
  round: { roundId: 'w1', roundLabel: 'Oppstart 2026', projectName: 'Recoveryteamet', minGroupSize: 5 },
  responses: {
    codesIssued: 10,
    codesUsed: 4,
    codeUseRate: 0.4,
    openLinkStarted: 25,
    openLinkSubmitted: 20,
    completionRate: 0.8,
    inProgress: 5,
    submitted: 24,
    withdrawn: 1,
    byRole: [
      { role: 'SERVICE_USER', suppressed: null, submitted: 15 },
      { role: 'PROFESSIONAL', suppressed: 'SECONDARY', submitted: null },
      { role: 'CONSULTANT', suppressed: 'TOO_FEW', submitted: null },
    ],
  },
  items: [
    {
      item: 'hope_1',
      type: 'LIKERT',
      construct: 'hope',
      prompt: { nb: 'Erfaringskonsulenten gir meg håp', en: 'The peer worker gives me hope', nn: null },
      roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
      conditional: true,
      cells: [
        { role: null, suppressed: null, counts: counts(20, 15, 1, 4, 4) },
        { role: 'SERVICE_USER', suppressed: null, counts: counts(12, 9, 1, 2, 3) },
        { role: 'PROFESSIONAL', suppressed: 'SECONDARY', counts: null },
        { role: 'CONSULTANT', suppressed: 'TOO_FEW', counts: null },
      ],
    },
    {
      item: 'peer_use',
      type: 'LIKERT',
      construct: null,
      prompt: { nb: 'Jeg får brukt erfaringen min', en: null, nn: null },
      roles: ['CONSULTANT'],
      conditional: false,
      cells: [
        { role: null, suppressed: 'SECONDARY', counts: null },
        { role: 'SERVICE_USER', suppressed: null, counts: counts(0, 0, 0, 0, 0, 15) },
        { role: 'PROFESSIONAL', suppressed: 'SECONDARY', counts: null },
        { role: 'CONSULTANT', suppressed: 'TOO_FEW', counts: null },
      ],
    },
  ],
};

/** Norwegian number formats put a no-break space before the per cent sign. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

async function open(reply: 'data' | 'forbidden') {
  const api = fakeApi(
    { projects: [recovery], viewer: researcher },
    {
      RoundMissingness: (operation) =>
        reply === 'data'
          ? dataResult(operation, { roundMissingness: report })
          : errorResult(operation, [{ message: 'No', extensions: { code: 'FORBIDDEN' } }]),
    },
  );
  const { client, operations } = createMockClient(api);
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(`/projects/${recovery.id}/rounds/w1/missingness`);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await settle();
  return { ...mounted, operations };
}

describe('RoundMissingnessView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the response figures and, item by item, every state with its share of those shown', async () => {
    const { wrapper, operations } = await open('data');
    expect(
      operations.some((o) => operationName(o) === 'RoundMissingness' && o.variables?.roundId === 'w1'),
    ).toBe(true);
    expect(wrapper.find('h1').text()).toContain('Oppstart 2026');
    expect(wrapper.find('[data-figure="openLink"]').text()).toBe('20 av 25 (80\u00a0%)');
    expect(wrapper.find('[data-figure="codes"]').text()).toBe('4 av 10 (40\u00a0%)');
    expect(wrapper.find('[data-figure="withdrawn"]').text()).toBe('1');
    const cells = wrapper.findAll('[data-item="hope_1"] td').map((c) => plain(c.text()));
    expect(cells).toEqual(['20', '15 (75 %)', '1 (5 %)', '4 (20 %)', '4', '0']);
    expect(wrapper.find('[data-item="hope_1"] th').text()).toContain('vises på vilkår');
  });

  it('says in words why a group is hidden, never with a zero, for each role chosen', async () => {
    const { wrapper } = await open('data');
    expect(wrapper.find('[data-role="CONSULTANT"]').text()).toContain('færre enn 5');
    expect(wrapper.find('[data-role="PROFESSIONAL"]').text()).toContain('mindre gruppe');
    expect(wrapper.find('[data-item="peer_use"] td').text()).toBe(
      'Skjult så en mindre gruppe ikke kan regnes ut',
    );
    await wrapper.find('#missingness-group').setValue('CONSULTANT');
    await settle();
    const row = wrapper.find('[data-item="hope_1"]');
    expect(row.findAll('td')).toHaveLength(1);
    expect(row.find('td').text()).toBe('Skjult: færre enn 5 i gruppen');
    expect(row.text()).not.toMatch(/\b0\b/);
    await wrapper.find('#missingness-group').setValue('SERVICE_USER');
    await settle();
    expect(wrapper.findAll('[data-item="hope_1"] td').map((c) => plain(c.text()))).toEqual([
      '12',
      '9 (75 %)',
      '1 (8 %)',
      '2 (17 %)',
      '3',
      '0',
    ]);
  });

  it('tells a user the API refuses why there is nothing to see', async () => {
    const { wrapper } = await open('forbidden');
    await vi.waitFor(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true));
    expect(wrapper.find('[role="alert"]').text()).toContain('Kunne ikke hente tallene');
    expect(wrapper.find('table').exists()).toBe(false);
  });
});
