import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../../App.vue';
import { createAppRouter, installSessionGuard } from '../../router';
import { mountWithApp, settle } from '../../test/mount';
import { createMockClient, operationName, type Responder } from '../../test/urql';
import { surveyApi, surveyApiState, surveyData } from '../test/surveyApi';

/** A Likert grid on the survey page, with the API's side in memory. */
async function open(respond: Responder) {
  const { client, operations } = createMockClient(respond);
  const router = createAppRouter(createMemoryHistory());
  installSessionGuard(router, client);
  await router.push('/s/abc');
  const mounted = mountWithApp(App, { client, router, attachTo: document.body });
  await settle();
  await vi.waitFor(() => expect(mounted.wrapper.text()).toContain('Erfaringsskolen i Eksempelby'), {
    timeout: 5000,
  });
  await settle();
  return { ...mounted, operations };
}

/** The sample survey whose first page is a grid of three Likert questions; the second page is not a grid. */
function gridSurvey() {
  const base = surveyData();
  const [first, second] = base.sections;
  const likert = first!.items[0]!;
  return {
    ...base,
    sections: [
      {
        ...first!,
        grid: true,
        items: [
          likert,
          { ...likert, key: 'q1b', required: false, prompt: { ...likert.prompt, nb: 'Spørsmål q1b' } },
          { ...likert, key: 'q1c', required: false, prompt: { ...likert.prompt, nb: 'Spørsmål q1c' } },
        ],
      },
      { ...second!, grid: null },
    ],
  };
}

afterEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

describe('a Likert grid on the survey page', () => {
  it('is one question per row: a radio group named by its prompt, each radio named by its point', async () => {
    const { wrapper, operations } = await open(surveyApi(surveyApiState(gridSurvey())));
    const button = (name: string) => {
      const found = wrapper.findAll('button').find((candidate) => candidate.text().includes(name));
      if (!found) throw new Error(`no button "${name}"`);
      return found;
    };
    await button('Ja, jeg samtykker og vil delta').trigger('click');
    await settle();

    const grid = wrapper.get('.survey-grid');
    // The headings: the five points and "Vet ikke", for the eye only (each radio carries its own name).
    await vi.waitFor(() => expect(grid.find('[data-grid-head]').exists()).toBe(true));
    const head = grid.get('[data-grid-head]');
    expect(head.attributes('aria-hidden')).toBe('true');
    expect(head.findAll('span').map((s) => s.text())).toEqual([
      '',
      'Punkt 1',
      'Punkt 2',
      'Punkt 3',
      'Punkt 4',
      'Punkt 5',
      'Vet ikke',
    ]);
    const rows = grid.findAll('fieldset');
    expect(rows.map((row) => row.get('legend').text())).toEqual([
      'Spørsmål q1 (Må besvares)',
      'Spørsmål q1b',
      'Spørsmål q1c',
    ]);
    const names = new Set<string>();
    for (const row of rows) {
      const radios = row.findAll('input[type="radio"]');
      expect(radios).toHaveLength(6);
      // One group per row: arrow keys move within it, Tab moves to the next row.
      const rowNames = new Set(radios.map((r) => r.attributes('name')));
      expect(rowNames.size).toBe(1);
      names.add([...rowNames][0]!);
      // Each radio's label (its accessible name) is the point's.
      expect(radios.map((r) => r.element.closest('label')!.textContent!.trim())).toEqual([
        'Punkt 1',
        'Punkt 2',
        'Punkt 3',
        'Punkt 4',
        'Punkt 5',
        'Vet ikke',
      ]);
    }
    expect(names.size).toBe(3);

    // Going on without the required row, and submitting: back to it, its radios invalid and described by the
    // message, focus on its first radio; the other rows are untouched.
    await wrapper.get('[data-item="q1c"] input[value="na"]').setValue(true);
    await button('Neste').trigger('click');
    await settle();
    expect(wrapper.find('.survey-grid').exists()).toBe(false);
    await wrapper.get('textarea').setValue('Mer tid');
    await button('Send inn svarene').trigger('click');
    await settle();
    const firstRadio = () => wrapper.get('[data-item="q1"] input');
    await vi.waitFor(() => expect(firstRadio().attributes('aria-invalid')).toBe('true'));
    expect(document.activeElement).toBe(firstRadio().element);
    const message = document.getElementById(firstRadio().attributes('aria-describedby')!.split(' ')[0]!);
    expect(message?.textContent).toBe('Svar på dette spørsmålet.');
    expect(wrapper.get('[data-item="q1b"] input').attributes('aria-invalid')).toBeUndefined();
    expect(wrapper.get('[data-item="q1c"] input[value="na"]').element).toHaveProperty('checked', true);

    await wrapper.get('[data-item="q1"] input[value="4"]').setValue(true);
    await button('Neste').trigger('click');
    await settle();
    await button('Send inn svarene').trigger('click');
    await settle();
    const submitted = operations
      .filter((o) => operationName(o) === 'SubmitSurveyResponse')
      .map((o) => (o.variables as { input: { answers: unknown[] } }).input.answers)
      .at(-1);
    expect(submitted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ item: 'q1', number: 4 }),
        expect.objectContaining({ item: 'q1c', notApplicable: true }),
      ]),
    );
    expect(wrapper.get('h1').text()).toBe('Takk for svarene!');
  });
});
