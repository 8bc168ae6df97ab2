import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, operationName, type Responder } from '../../test/urql';
import { parseTags } from '../composables/useFreeText';
import { dashboardApi, type DashboardApiState } from '../test/dashboardApi';

const school = project({ name: 'Eksempelskolen', myRole: 'RESEARCHER' });
const researcher = user({ isAdmin: false, memberships: [membership(school, 'RESEARCHER')] });

const HOSTILE = [
  'Linje én\nLinje to',
  '<script>window.__hacked = true</script><img src=x onerror="window.__hacked = true">',
  '=1+1',
  'Hun sa "takk" 🙂',
  `Ord${'x'.repeat(3000)}`,
];

/** The dashboard's fake API, with the questions the free-text page asks for beside the answers. */
function withQuestions(state: DashboardApiState): Responder {
  const api = dashboardApi(state);
  return (operation) =>
    operationName(operation) === 'FreeTextAnswers'
      ? dataResult(operation, {
          freeTextQuestions: [
            {
              __typename: 'FreeTextQuestion',
              item: 'comments',
              position: 7,
              section: { __typename: 'LocalizedText', nb: 'Til slutt', en: 'Finally', nn: null },
              prompt: {
                __typename: 'LocalizedText',
                nb: 'Har du andre kommentarer?',
                en: 'Any other comments?',
                nn: null,
              },
              promptByRole: [
                {
                  __typename: 'RolePrompt',
                  role: 'CONSULTANT',
                  text: {
                    __typename: 'LocalizedText',
                    nb: 'Hva vil du si om rollen din?',
                    en: null,
                    nn: null,
                  },
                },
              ],
              roles: ['SERVICE_USER', 'CONSULTANT'],
            },
          ],
          freeTextAnswers: state.freeText ?? [],
        })
      : api(operation);
}

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

  async function open(state: DashboardApiState) {
    const { client, operations } = createMockClient(withQuestions(state));
    const router = createAppRouter(createMemoryHistory());
    installSessionGuard(router, client);
    await router.push(`/dashboard/free-text?project=${school.id}`);
    const { wrapper } = mountWithApp(App, { client, router, attachTo: document.body });
    return { wrapper, operations, router };
  }

  it('lists the answers under the question text, with the key beside it and each role its own wording', async () => {
    const { wrapper } = await open({
      projects: [school],
      viewer: researcher,
      cells: [],
      rounds: [{ id: 'w1', label: 'Oppstart 2025', opensAt: '2025-01-10T08:00:00.000Z' }],
      freeText: answers(),
    });
    await vi.waitFor(() => expect(wrapper.findAll('.free-text__answer')).toHaveLength(2), {
      timeout: 10_000,
    });
    const heading = wrapper.get('.free-text h2');
    expect(heading.get('.free-text__question-text').text()).toBe('Har du andre kommentarer?');
    expect(heading.get('.free-text__key').text()).toBe('Variabel comments');
    expect(wrapper.findAll('.free-text__wording').map((w) => w.text())).toEqual([
      'Erfaringskonsulenter ble spurt: «Hva vil du si om rollen din?»',
    ]);
  });

  it('shows texts as typed and never as markup: line breaks, quotes, emoji, formulas, scripts, long words', async () => {
    const hostile = HOSTILE.map((text, i) => ({ ...answers()[0]!, responseId: `h${i}`, text }));
    const { wrapper } = await open({
      projects: [school],
      viewer: researcher,
      cells: [],
      rounds: [{ id: 'w1', label: 'Oppstart 2025', opensAt: '2025-01-10T08:00:00.000Z' }],
      freeText: hostile,
    });
    await vi.waitFor(() => expect(wrapper.findAll('.free-text__text')).toHaveLength(HOSTILE.length), {
      timeout: 10_000,
    });
    const shown = wrapper.findAll('.free-text__text').map((q) => q.element.textContent);
    expect([...shown].sort()).toEqual([...HOSTILE].sort());
    expect(document.querySelector('.free-text script, .free-text img')).toBeNull();
    expect((window as { __hacked?: boolean }).__hacked).toBeUndefined();
    for (const quote of wrapper.findAll('.free-text__text')) expect(quote.element.children).toHaveLength(0);
  });

  it('lists the answers per item and role, and saves edited themes', async () => {
    const state: DashboardApiState = {
      projects: [school],
      viewer: researcher,
      cells: [],
      rounds: [{ id: 'w1', label: 'Oppstart 2025', opensAt: '2025-01-10T08:00:00.000Z' }],
      freeText: answers(),
    };
    const { wrapper, operations, router } = await open(state);
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
