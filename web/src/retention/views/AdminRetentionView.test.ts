import type { Operation } from '@urql/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../router';
import { fakeApi, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, errorResult, type MockReply } from '../../test/urql';
import AdminRetentionView from './AdminRetentionView.vue';

const admin = user({ isAdmin: true });
const recovery = project({ name: 'Recoveryteamet' });

const entry = (fields: Record<string, unknown>) => ({
  __typename: 'RetentionScheduleEntry',
  projectId: recovery.id,
  projectName: 'Recoveryteamet',
  organisation: 'Eksempel kommune',
  endsOn: '2027-01-04',
  action: 'DELETE',
  reference: 'REK 2025/12345',
  daysLeft: 30,
  warningsSent: [30],
  state: 'WARNED',
  roundsDone: 0,
  startedAt: null,
  finishedAt: null,
  ...fields,
});

async function setup(reply: (operation: Operation) => MockReply, locale?: 'nb' | 'en') {
  const { client } = createMockClient(
    fakeApi({ projects: [recovery], viewer: admin }, { RetentionSchedule: reply }),
  );
  const router = createAppRouter(createMemoryHistory());
  await router.push('/admin/retention');
  const mounted = mountWithApp(AdminRetentionView, { client, router, locale });
  await settle();
  return mounted;
}

describe('AdminRetentionView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists every project with an end date: action, approval, days left, warnings and state', async () => {
    const { wrapper } = await setup((operation) =>
      dataResult(operation, {
        retentionSchedule: [
          entry({}),
          entry({
            projectId: 'p2',
            projectName: 'Erfaringsskolen',
            endsOn: '2026-11-30',
            action: 'ANONYMISE',
            daysLeft: -5,
            warningsSent: [30, 7, 1],
            state: 'RUNNING',
            roundsDone: 1,
          }),
        ],
      }),
    );
    const rows = wrapper.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text()));
    expect(rows).toEqual([
      ['Recoveryteamet', '04.01.2027', 'Sletting', 'REK 2025/12345', '30', '30 d', 'Varslet'],
      [
        'Erfaringsskolen',
        '30.11.2026',
        'Anonymisering',
        'REK 2025/12345',
        '-5',
        '30 d, 7 d, 1 d',
        'Kjører (1 runder ferdig)',
      ],
    ]);
  });

  it('says so when no project has an end date, in English too', async () => {
    const { wrapper } = await setup((operation) => dataResult(operation, { retentionSchedule: [] }), 'en');
    expect(wrapper.text()).toContain('No project has an end date.');
    expect(wrapper.get('h1').text()).toBe('Retention schedule');
    expect(wrapper.get('.page__intro').text()).toContain('runs automatically on the end date');
    expect(wrapper.text()).not.toContain('scheduler');
  });

  it('says plainly that the runs happen by themselves on the due date, with no word of a scheduler', async () => {
    const { wrapper } = await setup((operation) => dataResult(operation, { retentionSchedule: [] }));
    const intro = wrapper.get('.page__intro').text();
    expect(intro).toContain('kjører automatisk på sluttdatoen');
    expect(intro).toContain('hver time');
    expect(intro).not.toContain('planleggeren');
  });

  it('shows the API’s refusal in words', async () => {
    const { wrapper } = await setup((operation) =>
      errorResult(operation, [{ message: 'nope', extensions: { code: 'FORBIDDEN' } }]),
    );
    expect(wrapper.get('[role="alert"]').text()).toBe('Du har ikke tilgang til dette.');
  });
});
