import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName } from '../../test/urql';
import { parseTags } from '../composables/useFreeText';
import { dashboardApi, type DashboardApiState } from '../test/dashboardApi';

const school = project({ name: 'Eksempelskolen', myRole: 'RESEARCHER' });
const researcher = user({ isAdmin: false, memberships: [membership(school, 'RESEARCHER')] });

function answers(): NonNullable<DashboardApiState['freeText']> {
  return [
    {
      __typename: 'FreeTextAnswer',
      responseId: 'r1',
      item: 'comments',
      role: 'SERVICE_USER',
      text: 'Samtalene hjalp meg.',
      tags: ['samtale'],
      belowReportingThreshold: false,
    },
    {
      __typename: 'FreeTextAnswer',
      responseId: 'r2',
      item: 'comments',
      role: 'CONSULTANT',
      text: 'Lite tid til veiledning.',
      tags: [],
      belowReportingThreshold: true,
    },
  ];
}

describe('FreeTextView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists the answers per item and role, and saves edited themes', async () => {
    const state: DashboardApiState = {
      projects: [school],
      viewer: researcher,
      cells: [],
      rounds: [{ id: 'w1', label: 'Oppstart 2025', opensAt: '2025-01-10T08:00:00.000Z' }],
      freeText: answers(),
    };
    const { client, operations } = createMockClient(dashboardApi(state));
    const router = createAppRouter(createMemoryHistory());
    installSessionGuard(router, client);
    await router.push(`/dashboard/free-text?project=${school.id}`);
    const { wrapper } = mountWithApp(App, { client, router, attachTo: document.body });
    await vi.waitFor(() => expect(wrapper.findAll('.free-text__answer')).toHaveLength(2), {
      timeout: 10_000,
    });

    expect(router.currentRoute.value.query['round']).toBe('w1');
    expect(wrapper.findAll('.free-text h3').map((h) => h.text())).toEqual([
      'Tjenestebrukere (1)',
      'Erfaringskonsulenter (1)',
    ]);
    expect(wrapper.findAll('.free-text__warning')).toHaveLength(1);

    const second = wrapper.findAll('.free-text__answer')[1]!;
    await second.get('input').setValue(' veiledning, tid ,veiledning, ');
    await second.get('form').trigger('submit');
    await settle();

    const mutation = operations.find((o) => operationName(o) === 'SetTextTags');
    expect(mutation?.variables).toEqual({
      input: { responseId: 'r2', item: 'comments', tags: ['veiledning', 'tid'] },
    });
    expect(second.findAll('.tag-editor__tag').map((t) => t.text())).toEqual(['tid', 'veiledning']);
    expect(second.get('[role="status"]').text()).toBe('Lagret');
    expect(state.freeText?.[1]?.tags).toEqual(['veiledning', 'tid']);
  });

  it('splits themes on commas, trimmed and without repeats', () => {
    expect(parseTags('a, b,, a ,c ')).toEqual(['a', 'b', 'c']);
  });
});
