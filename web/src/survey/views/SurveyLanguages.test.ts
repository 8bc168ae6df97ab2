import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName, type Responder } from '../../test/urql';
import { surveyApi, surveyApiState, surveyData } from '../test/surveyApi';

async function open(path: string, respond: Responder) {
  const { client, operations } = createMockClient(respond);
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  return { ...mounted, operations };
}

const nynorsk = (nb: string, nn: string) => ({ nb, nn, en: null });

/** A round offered in the languages given, its information written in each. */
function offering(languages: string[], defaultLanguage: string) {
  return surveyApi(
    surveyApiState(
      surveyData(
        {},
        {
          languages,
          defaultLanguage,
          information: {
            nb: 'Om undersøkelsen.',
            nn: 'Om undersøkinga.',
            en: 'About the survey.',
          },
        },
      ),
    ),
  );
}

const switchOptions = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) =>
  wrapper.findAll('.language-switch button').map((button) => button.attributes('lang'));

describe("the survey's languages", () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.lang = '';
  });
  afterEach(() => {
    localStorage.clear();
    document.body.innerHTML = '';
  });

  it("offers only the round's languages, and opens in its default, nynorsk", async () => {
    const { wrapper, operations } = await open('/s/abc', offering(['nn'], 'nn'));
    expect(switchOptions(wrapper)).toEqual(['nn']);
    // The nynorsk texts arrive as their own chunk, then the page is in nynorsk throughout.
    await vi.waitFor(() => expect(wrapper.text()).toContain('Ja, eg samtykkjer og vil vere med'));
    expect(wrapper.text()).toContain('Om undersøkinga.');
    expect(wrapper.text()).toContain('Du svarar som erfaringskonsulent.');
    expect(wrapper.text()).toContain('Gå til hovudinnhaldet');
    expect(document.documentElement.lang).toBe('nn');
    expect(wrapper.get('.language-switch button').text()).toBe('Norsk (nynorsk)');

    // Answers go to the server in nynorsk.
    const yes = wrapper.findAll('button').find((b) => b.text() === 'Ja, eg samtykkjer og vil vere med')!;
    await yes.trigger('click');
    await settle();
    const question = wrapper.get('input[type="radio"]');
    await question.setValue(true);
    await vi.waitFor(() => expect(operations.map(operationName)).toContain('SaveSurveyDraft'), {
      timeout: 5000,
    });
    const save = operations.find((o) => operationName(o) === 'SaveSurveyDraft')!;
    expect((save.variables as { input: { language: string } }).input.language).toBe('nn');
  });

  it('keeps a language the participant chose before, where the round offers it', async () => {
    localStorage.setItem('verdi.locale', 'en');
    const { wrapper } = await open('/s/abc', offering(['nb', 'nn', 'en'], 'nn'));
    expect(switchOptions(wrapper)).toEqual(['nb', 'nn', 'en']);
    await vi.waitFor(() => expect(wrapper.text()).toContain('Yes, I consent and want to take part'));
    expect(wrapper.text()).toContain('About the survey.');
  });

  it('opens in the default where the language chosen before is not offered, without forgetting the choice', async () => {
    localStorage.setItem('verdi.locale', 'en');
    const { wrapper } = await open('/s/abc', offering(['nb', 'nn'], 'nb'));
    expect(switchOptions(wrapper)).toEqual(['nb', 'nn']);
    expect(wrapper.text()).toContain('Ja, jeg samtykker og vil delta');
    expect(wrapper.text()).toContain('Om undersøkelsen.');
    expect(localStorage.getItem('verdi.locale')).toBe('en');

    // Switching to nynorsk is the participant's own choice, kept for the next visit.
    await wrapper.get('.language-switch button[lang="nn"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.text()).toContain('Ja, eg samtykkjer og vil vere med'));
    expect(localStorage.getItem('verdi.locale')).toBe('nn');
  });

  it('offers every language on participant pages without a round', async () => {
    const { wrapper } = await open('/kode', offering(['nn'], 'nn'));
    expect(switchOptions(wrapper)).toEqual(['nb', 'nn', 'en']);
    await wrapper.get('.language-switch button[lang="nn"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.text()).toContain('Skriv inn koden din'));
    await vi.waitFor(() => expect(wrapper.text()).toContain('Har du fått ein kode på papir'));
  });
});

describe('nynorsk texts of a round', () => {
  it('are shown as nynorsk, and a missing one falls back to bokmål marked as such', async () => {
    localStorage.clear();
    const { wrapper } = await open(
      '/s/abc',
      surveyApi(
        surveyApiState(
          surveyData(
            {},
            { languages: ['nb', 'nn'], defaultLanguage: 'nn', information: nynorsk('Bokmål.', '') },
          ),
        ),
      ),
    );
    await vi.waitFor(() => expect(wrapper.text()).toContain('Informasjon om undersøkinga'));
    expect(wrapper.find('[lang="nb"]').exists()).toBe(true);
    localStorage.clear();
    document.body.innerHTML = '';
  });
});
