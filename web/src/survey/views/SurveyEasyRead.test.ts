import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName, type Responder } from '../../test/urql';
import { surveyApi, surveyApiState, surveyData } from '../test/surveyApi';

/** Easy-read, read-aloud and the question about help on the survey page, with the API's side in memory. */
async function open(path: string, respond: Responder) {
  const { client, operations } = createMockClient(respond);
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push(path);
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  // The survey page is a lazy route: the first test of a file waits for it to arrive.
  await vi.waitFor(() => expect(mounted.wrapper.text()).toContain('Erfaringsskolen i Eksempelby'), {
    timeout: 5000,
  });
  await settle();
  return { ...mounted, operations };
}

type Wrapper = Awaited<ReturnType<typeof open>>['wrapper'];
const button = (wrapper: Wrapper, name: string) => {
  const found = wrapper.findAll('button').find((candidate) => candidate.text().includes(name));
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const text = (nb: string, en: string) => ({ __typename: 'LocalizedText' as const, nb, en, nn: null });

/**
 * The sample survey with easy-read texts for its information, its first question and, on the second page, a
 * question that shows the answer to the first.
 */
function easySurvey() {
  const base = surveyData({}, { informationEasyRead: text('Lett: om undersøkelsen.', 'Easy: about it.') });
  const [first, second] = base.sections;
  return {
    ...base,
    sections: [
      {
        ...first!,
        items: first!.items.map((item) =>
          item.key === 'q1' ? { ...item, easyRead: text('Lett spørsmål q1', 'Easy question q1') } : item,
        ),
      },
      {
        ...second!,
        items: second!.items.map((item) =>
          item.key === 'q4'
            ? { ...item, easyRead: text('Lett: du svarte {{q1}}. Hva trenger du?', 'x') }
            : item,
        ),
      },
    ],
  };
}

const inputsOf = (operations: Awaited<ReturnType<typeof open>>['operations'], name: string) =>
  operations
    .filter((o) => operationName(o) === name)
    .map((o) => (o.variables as { input: Record<string, unknown> }).input);

beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal('speechSynthesis', {
    getVoices: () => [{ lang: 'nb-NO', name: 'Bokmål' }],
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    speak: vi.fn(),
    cancel: vi.fn(),
  });
  vi.stubGlobal(
    'SpeechSynthesisUtterance',
    class {
      lang = '';
      constructor(public text: string) {}
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  document.body.innerHTML = '';
});

describe('easy-read on the survey page', () => {
  it('is offered only where the survey has easy-read texts', async () => {
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState()));
    await vi.waitFor(() => expect(wrapper.text()).toContain('Les opp informasjonen'));
    expect(wrapper.find('input[role="switch"]').exists()).toBe(false);
  });

  it('switches the information and the questions, and records the wording the answers were given in', async () => {
    const { wrapper, operations } = await open('/s/abc', surveyApi(surveyApiState(easySurvey())));
    await vi.waitFor(() => expect(wrapper.find('input[role="switch"]').exists()).toBe(true));
    expect(wrapper.text()).toContain('Om undersøkelsen.');
    await wrapper.get('input[role="switch"]').setValue(true);
    await settle();
    expect(wrapper.text()).toContain('Lett: om undersøkelsen.');
    expect(wrapper.text()).not.toContain('Om undersøkelsen.');

    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    expect(wrapper.get('[data-item="q1"] legend').text()).toContain('Lett spørsmål q1');
    // Items without an easy-read text keep their wording.
    expect(wrapper.get('[data-item="q2"]').text()).toContain('Spørsmål q2');
    await wrapper.get('[data-item="q1"] input[value="4"]').setValue(true);
    // Back to the standard wording for the same question: the answers are in both wordings now.
    await wrapper.get('input[role="switch"]').setValue(false);
    await settle();
    expect(wrapper.get('[data-item="q1"] legend').text()).toContain('Spørsmål q1');
    await wrapper.get('[data-item="q1"] input[value="5"]').setValue(true);
    await button(wrapper, 'Neste').trigger('click');
    await settle();
    expect(inputsOf(operations, 'SaveSurveyDraft').at(-1)!['wording']).toBe('MIXED');

    await wrapper.get('textarea').setValue('Mer tid');
    await button(wrapper, 'Send inn svarene').trigger('click');
    await settle();
    expect(inputsOf(operations, 'SubmitSurveyResponse').at(-1)).toMatchObject({
      wording: 'MIXED',
      assistance: null,
    });
  });

  it('names a question to fix in the easy-read wording, and pipes earlier answers into easy-read texts', async () => {
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState(easySurvey())));
    await wrapper.get('input[role="switch"]').setValue(true);
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    await button(wrapper, 'Neste').trigger('click');
    await settle();
    await wrapper.get('textarea').setValue('Mer tid');
    await button(wrapper, 'Send inn svarene').trigger('click');
    await settle();
    expect(wrapper.get('[role="alert"]').text()).toBe('Ett spørsmål må rettes: Lett spørsmål q1');
    await wrapper.get('[data-item="q1"] input[value="4"]').setValue(true);
    await button(wrapper, 'Neste').trigger('click');
    await settle();
    expect(wrapper.get('[data-item="q4"]').text()).toContain('Lett: du svarte Punkt 4. Hva trenger du?');
  });

  it('shows earlier answers in the easy-read wording as in the standard one', async () => {
    const base = easySurvey();
    const [first, second] = base.sections;
    const survey = {
      ...base,
      sections: [
        first!,
        {
          ...second!,
          items: second!.items.map((item) =>
            item.key === 'q4'
              ? {
                  ...item,
                  prompt: text('Du svarte {{q1}} og {{q3|ingenting}}. Hvorfor?', 'You said {{q1}}. Why?'),
                  easyRead: text('Lett: {{q1}} og {{ q2 | ikke noe tall }}?', 'Easy: {{q1}}?'),
                }
              : item,
          ),
        },
      ],
    };
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState(survey)));
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    await wrapper.get('[data-item="q1"] input[value="4"]').setValue(true);
    await wrapper.get('[data-item="q3"] input[value="1"]').setValue(true);
    await button(wrapper, 'Neste').trigger('click');
    await settle();
    expect(wrapper.get('[data-item="q4"] label').text()).toContain('Du svarte Punkt 4 og Ja. Hvorfor?');
    await wrapper.get('input[role="switch"]').setValue(true);
    await settle();
    expect(wrapper.get('[data-item="q4"] label').text()).toContain('Lett: Punkt 4 og ikke noe tall?');
  });

  it('keeps the switch, the wording so far and the help on the device across a reload', async () => {
    const state = surveyApiState(easySurvey());
    const first = await open('/s/abc', surveyApi(state));
    await first.wrapper.get('input[role="switch"]').setValue(true);
    await button(first.wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    await first.wrapper.get('[data-item="q1"] input[value="4"]').setValue(true);
    await button(first.wrapper, 'Neste').trigger('click');
    await settle();
    await vi.waitFor(() => expect(first.wrapper.find('[data-testid="assistance"]').exists()).toBe(true));
    await first.wrapper.get('[data-testid="assistance"]').findAll('input[type="radio"]')[1]!.setValue(true);
    await settle();
    first.wrapper.unmount();
    document.body.innerHTML = '';

    const again = await open('/s/abc', surveyApi(state));
    await vi.waitFor(() => expect(again.wrapper.find('[data-testid="assistance"]').exists()).toBe(true));
    const radios = again.wrapper
      .get('[data-testid="assistance"]')
      .findAll<HTMLInputElement>('input[type="radio"]');
    expect(radios.map((r) => r.element.checked)).toEqual([false, true]);
    expect((again.wrapper.get('input[role="switch"]').element as HTMLInputElement).checked).toBe(true);
    await again.wrapper.get('textarea').setValue('Mer tid');
    await button(again.wrapper, 'Send inn svarene').trigger('click');
    await settle();
    expect(inputsOf(again.operations, 'SubmitSurveyResponse').at(-1)).toMatchObject({
      wording: 'EASY_READ',
      assistance: { assisted: false },
    });
  });

  it('asks about help on the last page, optionally, and sends what was said', async () => {
    const { wrapper, operations } = await open('/s/abc', surveyApi(surveyApiState(easySurvey())));
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="assistance"]').exists()).toBe(false);
    await wrapper.get('[data-item="q1"] input[value="4"]').setValue(true);
    await button(wrapper, 'Neste').trigger('click');
    await settle();
    await vi.waitFor(() => expect(wrapper.find('[data-testid="assistance"]').exists()).toBe(true));
    const assistance = wrapper.get('[data-testid="assistance"]');
    await assistance.findAll('input[type="radio"]')[0]!.setValue(true);
    await settle();
    await wrapper.get('[data-testid="assistance"]').findAll('input[type="checkbox"]')[0]!.setValue(true);
    await wrapper.get('textarea').setValue('Mer tid');
    await button(wrapper, 'Send inn svarene').trigger('click');
    await settle();
    expect(inputsOf(operations, 'SubmitSurveyResponse').at(-1)).toMatchObject({
      // Standard wording throughout: q1 was answered with the switch off.
      wording: 'STANDARD',
      assistance: { assisted: true, readAloud: true, wrote: false, explained: false },
    });
  });

  it('offers read-aloud per question where the browser has a voice, and reads the question on the screen', async () => {
    const { wrapper } = await open('/s/abc', surveyApi(surveyApiState(easySurvey())));
    await button(wrapper, 'Ja, jeg samtykker og vil delta').trigger('click');
    await settle();
    await vi.waitFor(() =>
      expect(wrapper.findAll('button').filter((b) => b.text().includes('Les opp spørsmålet'))).toHaveLength(
        3,
      ),
    );
    await button(wrapper, 'Les opp spørsmålet').trigger('click');
    const speak = (window.speechSynthesis as unknown as { speak: ReturnType<typeof vi.fn> }).speak;
    const utterance = speak.mock.calls[0]![0] as { text: string; lang: string };
    expect(utterance.lang).toBe('nb-NO');
    expect(utterance.text).toContain('Spørsmål q1');
  });
});
