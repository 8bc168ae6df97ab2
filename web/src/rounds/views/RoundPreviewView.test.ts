import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { surveyData } from '../../survey/test/surveyApi';
import { membership, project, user } from '../../test/fakeApi';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, dataResult, operationName } from '../../test/urql';
import { roundsApi, fakeRound, type RoundsApiState } from '../test/roundsApi';

const recovery = project({ name: 'Recoveryteamet' });
const researcher = user({
  name: 'Testbruker Forsker',
  isAdmin: false,
  memberships: [membership(recovery, 'RESEARCHER')],
});

async function openPreview(role = 'CONSULTANT') {
  const round = fakeRound({
    status: 'DRAFT',
    draft: true,
    consentText: { __typename: 'LocalizedText', nb: 'Jeg vil delta.', en: null, nn: null } as ReturnType<
      typeof fakeRound
    >['consentText'],
  });
  const api: RoundsApiState = { projects: [recovery], viewer: researcher, rounds: [round] };
  const { client, operations } = createMockClient(
    roundsApi(api, {
      RoundPreview: (operation) => {
        const { savedAnswers: _none, ...preview } = surveyData();
        const asked = (operation.variables as { role: string }).role;
        return dataResult(operation, {
          roundPreview: { ...preview, role: asked },
          round: {
            __typename: 'Round',
            id: round.id,
            label: round.label,
            status: round.status,
            consentText: round.consentText,
            openLinks: round.openLinks!.map((link) => ({ __typename: 'OpenLink', role: link.role })),
          },
        });
      },
    }),
  );
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(`/projects/${recovery.id}/rounds/w1/preview/${role}`);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  await vi.waitFor(() => expect(mounted.wrapper.find('h1').exists()).toBe(true));
  await settle();
  return { ...mounted, operations, router };
}

describe('RoundPreviewView', () => {
  beforeEach(() => {
    localStorage.clear();
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the round as the role sees it, marked as a preview, and sends nothing as the researcher walks through', async () => {
    const { wrapper, operations } = await openPreview();
    const banner = wrapper.get('aside.round-preview__banner');
    expect(banner.text()).toContain('Forhåndsvisning som Erfaringskonsulenter');
    expect(banner.text()).toContain('Ingenting du svarer her, lagres eller sendes.');
    expect(banner.findAll('a').map((a) => a.text())).toEqual([
      'Tilbake til runden',
      'Se som Tjenestebrukere',
      'Se som Fagpersoner',
    ]);
    expect(wrapper.get('h1').text()).toBe('Oppstart 2026');
    expect(wrapper.text()).toContain('Du svarer som erfaringskonsulent.');
    expect(wrapper.get('.survey-consent').text()).toContain('Jeg vil delta.');

    const click = async (name: string) => {
      await wrapper
        .findAll('button')
        .find((b) => b.text() === name)!
        .trigger('click');
      await settle();
    };
    await click('Ja, jeg samtykker og vil delta');
    expect(wrapper.get('h1').text()).toBe('Om rollen');
    await click('Neste');
    expect(wrapper.get('h1').text()).toBe('Utfordringer');
    await click('Avslutt forhåndsvisningen');
    expect(wrapper.get('h1').text()).toBe('Slutt på forhåndsvisningen');

    const names = operations.map((o) => operationName(o));
    expect(names).toContain('RoundPreview');
    expect(names.some((name) => name === 'SaveSurveyDraft' || name === 'SubmitSurveyResponse')).toBe(false);
  });

  it('starts another role from its first page', async () => {
    const { wrapper, router, operations } = await openPreview();
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Nei, jeg vil ikke delta')!
      .trigger('click');
    await settle();
    expect(wrapper.get('h1').text()).toBe('Du deltar ikke');
    await router.push(`/projects/${recovery.id}/rounds/w1/preview/SERVICE_USER`);
    await settle();
    await vi.waitFor(() => expect(wrapper.get('h1').text()).toBe('Oppstart 2026'));
    const asked = operations.filter((o) => operationName(o) === 'RoundPreview').map((o) => o.variables);
    expect(asked).toContainEqual({ id: 'w1', role: 'SERVICE_USER' });
  });
});
