import type { Operation } from '@urql/vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockClient, operationName } from '../../test/urql';
import { surveyApi, surveyApiState, surveyData } from '../test/surveyApi';
import { createSurveyFlow, type SurveyFlow } from './surveyFlow';

const token = 'open-link-token';
const flows: SurveyFlow[] = [];

/** The sample survey with its first section shown in a drawn order. */
function randomised(itemOrder: string[] | null = null) {
  const data = surveyData();
  return surveyData({
    sections: [{ ...data.sections[0]!, randomiseOrder: true }, data.sections[1]!],
    itemOrder,
  });
}

function start(survey = randomised()) {
  const { client, operations } = createMockClient(surveyApi(surveyApiState(survey)));
  const flow = createSurveyFlow({ client, token, language: () => 'nb', debounceMs: 1000 });
  flows.push(flow);
  const sent = (name: string) => operations.filter((operation) => operationName(operation) === name);
  return { flow, sent };
}

const inputOf = (operation: Operation | undefined) =>
  (operation?.variables as { input: Record<string, unknown> }).input;
const keysOf = (flow: SurveyFlow) => flow.survey.value!.sections.map((s) => s.items.map((i) => i.key));

describe('a randomised section in the survey flow', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => {
    for (const flow of flows.splice(0)) flow.dispose();
    vi.useRealTimers();
    localStorage.clear();
  });

  it('draws the order once, shows it, keeps it on the device and sends it with every save', async () => {
    const { flow, sent } = start();
    await flow.load();
    const order = keysOf(flow)[0]!;
    expect([...order].sort()).toEqual(['q1', 'q2', 'q3']);
    // The other section keeps its own order.
    expect(keysOf(flow)[1]).toEqual(['q4', 'q5']);
    flow.begin();
    flow.setAnswer('q1', { kind: 'number', value: 4 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(inputOf(sent('SaveSurveyDraft')[0])['itemOrder']).toEqual(order);

    // Reloaded on this device: the same order, not a new draw.
    flow.dispose();
    for (let n = 0; n < 5; n++) {
      const again = start();
      await again.flow.load();
      expect(keysOf(again.flow)[0]).toEqual(order);
      again.flow.dispose();
    }
  });

  it('takes the order the draft has on the server (another device), and sends it with the submission', async () => {
    const { flow, sent } = start(randomised(['q3', 'q1', 'q2']));
    await flow.load();
    expect(keysOf(flow)[0]).toEqual(['q3', 'q1', 'q2']);
    flow.begin();
    flow.setAnswer('q1', { kind: 'number', value: 4 });
    flow.setAnswer('q4', { kind: 'text', value: 'Tekst' });
    await flow.submit();
    expect(inputOf(sent('SubmitSurveyResponse')[0])['itemOrder']).toEqual(['q3', 'q1', 'q2']);
  });

  it('draws anew when the kept order does not fit the questionnaire', async () => {
    const { flow } = start(randomised(['q1', 'q9', 'q2']));
    await flow.load();
    expect([...keysOf(flow)[0]!].sort()).toEqual(['q1', 'q2', 'q3']);
  });
});
