import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName, type Responder } from '../../test/urql';
import { badAnswers, surveyApi, surveyApiState, surveyData, unavailable } from '../test/surveyApi';

async function open(path: string, respond: Responder) {
  const { client, operations } = createMockClient(respond);
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  return { ...mounted, operations };
}

function button(wrapper: Awaited<ReturnType<typeof open>>['wrapper'], name: string) {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

describe('the survey page', () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.lang = '';
  });
  afterEach(() => {
    localStorage.clear();
    document.body.innerHTML = '';
  });

  it('shows the information in its own frame, without asking who is signed in', async () => {
    const { wrapper, operations } = await open('/s/abc', surveyApi(surveyApiState()));

    expect(operations.map(operationName)).toEqual(['Survey']);
    expect(wrapper.find('.app-header').exists()).toBe(false);
    // The project asks, not the round: its internal name is the researchers' own.
    expect(wrapper.get('h1').text()).toBe('Erfaringsskolen i Eksempelby');
    expect(wrapper.text()).not.toContain('Oppstart 2026');
    expect(wrapper.get('.survey-asker').text()).toBe('Undersøkelsen gjøres av Eksempelby kommune');
    expect(wrapper.text()).toContain('Om undersøkelsen.');
    expect(wrapper.text()).toContain('Du svarer som erfaringskonsulent.');
    expect(document.title).toBe('Erfaringsskolen i Eksempelby – Verdi');
    expect(document.documentElement.lang).toBe('nb');
    const footerLinks = wrapper.findAll('footer a').map((a) => a.attributes('href'));
    expect(footerLinks).toEqual(['/kode', '/trekk', '/tilgjengelighet']);
  });

  it('switches language on the survey page', async () => {
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState()));

    await wrapper.get('button[lang="en"]').trigger('click');
    await settle();

    // The survey carries bokmål; the English texts are loaded when chosen, and shown as soon as they are in.
    await vi.waitFor(() => expect(wrapper.text()).toContain('Yes, I consent and want to take part'));
    expect(wrapper.text()).toContain('Yes, I consent and want to take part');
    expect(document.documentElement.lang).toBe('en');
  });

  it('marks each text with the language it is in after switching to English (WCAG 3.1.2)', async () => {
    const base = surveyData();
    const [first, second] = base.sections;
    const partly = surveyData(
      {
        sections: [
          first!,
          {
            ...second!,
            // A page the researchers did not translate: its title, a question, its help and one option.
            title: { nb: 'Utfordringer', en: '  ', nn: null },
            items: second!.items.map((item) =>
              item.key === 'q5'
                ? {
                    ...item,
                    showIf: null,
                    help: { __typename: 'LocalizedText', nb: 'Velg ett.', en: null, nn: null },
                    options: [
                      {
                        __typename: 'ChoiceOption',
                        key: 'a',
                        label: { __typename: 'LocalizedText', nb: 'Alternativ A', en: 'Option A', nn: null },
                      },
                      {
                        __typename: 'ChoiceOption',
                        key: 'b',
                        label: { __typename: 'LocalizedText', nb: 'Alternativ B', en: null, nn: null },
                      },
                    ],
                  }
                : { ...item, prompt: { __typename: 'LocalizedText', nb: 'Hva mer?', en: null, nn: null } },
            ),
          },
        ],
      },
      { information: { nb: 'Bare på bokmål.', en: null, nn: null } },
    );
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState(partly)));
    await wrapper.get('button[lang="en"]').trigger('click');
    await settle();
    await vi.waitFor(() => expect(wrapper.text()).toContain('Yes, I consent and want to take part'));

    expect(document.documentElement.lang).toBe('en');
    const langOf = (text: string) =>
      [...wrapper.element.querySelectorAll('[lang]')]
        .filter((element) => element.textContent?.trim() === text)
        .map((element) => element.getAttribute('lang'));
    expect(langOf('Bare på bokmål.')).toEqual(['nb']);
    expect(langOf('Erfaringsskolen i Eksempelby')).toEqual(['nb']);
    expect(langOf('Eksempelby kommune')).toEqual(['nb']);

    await button(wrapper, 'Yes, I consent and want to take part').trigger('click');
    await settle();
    // Translated texts are English, in an English page.
    expect(wrapper.get('h1').attributes('lang')).toBe('en');
    expect(langOf('Question q1')).toEqual(['en']);
    expect(langOf('Point 1')).toEqual(['en']);

    await wrapper.get('[data-item="q1"] input[value="4"]').setValue(true);
    await button(wrapper, 'Next').trigger('click');
    await settle();
    expect(wrapper.get('h1').text()).toBe('Utfordringer');
    expect(wrapper.get('h1').attributes('lang')).toBe('nb');
    expect(langOf('Hva mer?')).toEqual(['nb']);
    expect(langOf('Question q5')).toEqual(['en']);
    expect(langOf('Velg ett.')).toEqual(['nb']);
    expect(langOf('Option A')).toEqual(['en']);
    expect(langOf('Alternativ B')).toEqual(['nb']);
    // The words Verdi adds around them stay English.
    expect(wrapper.get('[data-item="q5"]').attributes('lang')).toBe('en');
  });

  it('ends on a page saying nothing was stored when the participant declines', async () => {
    const { wrapper, operations } = await open('/s/abc', surveyApi(surveyApiState()));

    await button(wrapper, 'Nei, jeg vil ikke delta').trigger('click');
    await settle();

    expect(wrapper.get('h1').text()).toBe('Du deltar ikke');
    expect(wrapper.text()).toContain('Ingenting er lagret');
    expect(document.activeElement).toBe(wrapper.get('h1').element);
    expect(operations.map(operationName)).toEqual(['Survey']);
  });

  it('pages through the sections, with the progress and focus on each heading', async () => {
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState()));
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();

    expect(wrapper.text()).toContain('Side 1 av 2');
    expect(wrapper.get('h1').text()).toBe('Om rollen');
    expect(document.activeElement).toBe(wrapper.get('h1').element);
    expect(wrapper.findAll('fieldset legend').map((legend) => legend.text())[0]).toContain('Spørsmål q1');

    await button(wrapper, 'Neste').trigger('click');
    await settle();

    expect(wrapper.text()).toContain('Side 2 av 2');
    expect(wrapper.get('h1').text()).toBe('Utfordringer');
    expect(document.activeElement).toBe(wrapper.get('h1').element);
    expect(document.title).toBe('Utfordringer (Side 2 av 2) – Verdi');
    expect(button(wrapper, 'Send inn svarene').exists()).toBe(true);
  });

  it('shows what to fix next to the question, announces it and moves focus there', async () => {
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState()));
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();

    const number = wrapper.get('input[type="number"]');
    await number.setValue('12');
    await button(wrapper, 'Neste').trigger('click');
    await settle();

    const message = wrapper.get('.survey-question__error');
    expect(message.text()).toBe('Skriv et tall som er 10 eller lavere.');
    expect(number.attributes('aria-invalid')).toBe('true');
    expect(number.attributes('aria-describedby')?.split(' ')).toContain(message.attributes('id'));
    expect(document.activeElement).toBe(number.element);
    expect(wrapper.get('[role="alert"]').text()).toBe('Ett spørsmål må rettes: Spørsmål q2');

    await number.setValue('4');
    await settle();
    expect(wrapper.find('.survey-question__error').exists()).toBe(false);
    expect(number.attributes('aria-invalid')).toBeUndefined();
  });

  it('sends the participant back to an unanswered required question on submit', async () => {
    const { wrapper, operations } = await open('/s/abc', surveyApi(surveyApiState()));
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    await button(wrapper, 'Neste').trigger('click');
    await settle();
    await wrapper.get('textarea').setValue('Mer tid');

    await button(wrapper, 'Send inn svarene').trigger('click');
    await settle();

    expect(operations.some((o) => operationName(o) === 'SubmitSurveyResponse')).toBe(false);
    expect(wrapper.get('h1').text()).toBe('Om rollen');
    expect(wrapper.get('.survey-question__error').text()).toBe('Svar på dette spørsmålet.');
    expect(document.activeElement).toBe(wrapper.get('[data-item="q1"] input[type="radio"]').element);
  });

  it('submits and shows the receipt and how to withdraw', async () => {
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState()));
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    await wrapper.get('[data-item="q1"] input[value="4"]').setValue(true);
    await button(wrapper, 'Neste').trigger('click');
    await settle();
    await wrapper.get('textarea').setValue('Mer tid');
    await button(wrapper, 'Send inn svarene').trigger('click');
    await settle();

    expect(wrapper.get('h1').text()).toBe('Takk for svarene!');
    expect(wrapper.get('[data-testid="receipt-code"]').text()).toBe('RCPT-0001-ABCD');
    expect(wrapper.find('a[href="/trekk"]').exists()).toBe(true);
    expect(document.activeElement).toBe(wrapper.get('h1').element);
  });

  it('shows the server’s objection to an answer next to its question', async () => {
    const state = surveyApiState();
    const { wrapper } = await open(
      '/s/abc',
      surveyApi(state, {
        SubmitSurveyResponse: (operation) =>
          badAnswers(operation, { q4: 'Item q4 must be at most 5 characters' }),
      }),
    );
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    await wrapper.get('[data-item="q1"] input[value="2"]').setValue(true);
    await button(wrapper, 'Neste').trigger('click');
    await settle();
    await wrapper.get('textarea').setValue('Et langt svar');
    await button(wrapper, 'Send inn svarene').trigger('click');
    await settle();

    expect(wrapper.get('h1').text()).toBe('Utfordringer');
    expect(wrapper.get('.survey-question__error').text()).toBe('Svaret kan ha høyst 5 tegn.');
    expect(document.activeElement).toBe(wrapper.get('textarea').element);
  });

  it('explains a round that has not opened yet', async () => {
    const { wrapper } = await open(
      '/s/abc',
      surveyApi(surveyApiState(), {
        Survey: (operation) =>
          unavailable(operation, 'ROUND_NOT_OPEN', 'This round opens on 2026-05-01', {
            opensOn: '2026-05-01',
          }),
      }),
    );

    expect(wrapper.get('h1').text()).toBe('Undersøkelsen har ikke åpnet ennå');
    expect(wrapper.text()).toContain('Den åpner 1. mai 2026.');
  });

  it('explains a code that has been used', async () => {
    const { wrapper } = await open(
      '/s/K7M3Q-X9P2H',
      surveyApi(surveyApiState(), {
        Survey: (operation) => unavailable(operation, 'CODE_USED', 'This code has already been used'),
      }),
    );

    expect(wrapper.get('h1').text()).toBe('Koden er allerede brukt');
    expect(wrapper.find('main a[href="/trekk"]').exists()).toBe(true);
  });
});
