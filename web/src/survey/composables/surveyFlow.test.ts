import type { Operation } from '@urql/vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMockClient,
  dataResult,
  errorResult,
  networkErrorResult,
  operationName,
  type Responder,
} from '../../test/urql';
import {
  badAnswers,
  surveyApi,
  surveyApiState,
  surveyData,
  unavailable,
  type SurveyApiState,
} from '../test/surveyApi';
import { createSurveyFlow, type SurveyFlow } from './surveyFlow';

const token = 'open-link-token';
const flows: SurveyFlow[] = [];

function start(respond: Responder, options: { resumeToken?: string | null; token?: string } = {}) {
  const { client, operations } = createMockClient(respond);
  const flow = createSurveyFlow({
    client,
    token: options.token ?? token,
    resumeToken: options.resumeToken,
    language: () => 'nb',
    debounceMs: 1000,
    retryDelaysMs: [2000, 5000],
  });
  flows.push(flow);
  const sent = (name: string) => operations.filter((operation) => operationName(operation) === name);
  return { flow, operations, sent };
}

function inputOf(operation: Operation | undefined): Record<string, unknown> {
  return (operation?.variables as { input: Record<string, unknown> }).input;
}

function stored(): Record<string, unknown> | null {
  const raw = localStorage.getItem(`verdi.survey.${token}`);
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
}

/** Starts a survey and consents, ready for answers on the first page. */
async function started(state: SurveyApiState, handlers: Parameters<typeof surveyApi>[1] = {}) {
  const run = start(surveyApi(state, handlers));
  await run.flow.load();
  run.flow.begin();
  return run;
}

describe('the survey flow', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });

  afterEach(() => {
    for (const flow of flows.splice(0)) flow.dispose();
    vi.useRealTimers();
    localStorage.clear();
  });

  describe('information and consent', () => {
    it('shows the information first and sends nothing before consent', async () => {
      const { flow, operations } = start(surveyApi(surveyApiState()));
      await flow.load();

      expect(flow.phase.value).toBe('information');
      expect(flow.survey.value?.round.label).toBe('Oppstart 2026');
      flow.setAnswer('q1', { kind: 'number', value: 4 });
      await vi.advanceTimersByTimeAsync(5000);

      expect(operations.map(operationName)).toEqual(['Survey']);
      expect(flow.answers.value).toEqual({});
    });

    it('sends nothing and keeps nothing on the device when the participant declines', async () => {
      const { flow, operations } = start(surveyApi(surveyApiState()));
      await flow.load();

      flow.decline();
      await vi.advanceTimersByTimeAsync(60_000);

      expect(flow.phase.value).toBe('declined');
      expect(operations.map(operationName)).toEqual(['Survey']);
      expect(stored()).toBeNull();

      flow.reconsider();
      expect(flow.phase.value).toBe('information');
    });

    it('forgets answers kept on the device when the participant declines after all', async () => {
      const state = surveyApiState();
      const first = await started(state, { SaveSurveyDraft: (operation) => networkErrorResult(operation) });
      first.flow.setAnswer('q1', { kind: 'number', value: 2 });
      first.flow.back();
      expect(first.flow.phase.value).toBe('information');
      expect(stored()).not.toBeNull();

      first.flow.decline();

      expect(stored()).toBeNull();
      expect(first.flow.answers.value).toEqual({});
    });
  });

  describe('pages', () => {
    it('goes forward and back one section at a time', async () => {
      const { flow } = await started(surveyApiState());

      expect(flow.phase.value).toBe('questions');
      expect(flow.pages.value.map((page) => page.section.key)).toEqual(['s1', 's2']);
      expect(flow.page.value?.items.map((item) => item.key)).toEqual(['q1', 'q2', 'q3']);
      expect(flow.isLastPage.value).toBe(false);

      expect(flow.next().ok).toBe(true);
      expect(flow.pageIndex.value).toBe(1);
      expect(flow.isLastPage.value).toBe(true);
      // The choice depends on "yes" to q3, which is unanswered: it is not asked.
      expect(flow.page.value?.items.map((item) => item.key)).toEqual(['q4']);

      flow.back();
      flow.setAnswer('q3', { kind: 'number', value: 1 });
      flow.next();
      expect(flow.page.value?.items.map((item) => item.key)).toEqual(['q4', 'q5']);

      flow.back();
      flow.back();
      expect(flow.phase.value).toBe('information');
      expect(flow.consented.value).toBe(true);
    });

    it('stops on a page with an answer out of range, and says which', async () => {
      const { flow } = await started(surveyApiState());
      flow.setAnswer('q2', { kind: 'number', value: 11 });

      expect(flow.itemProblems.value['q2']).toEqual({ kind: 'max', max: 10 });
      const result = flow.next();

      expect(result).toEqual({ ok: false, firstProblem: 'q2', problemCount: 1 });
      expect(flow.pageIndex.value).toBe(0);

      flow.setAnswer('q2', { kind: 'number', value: 7 });
      expect(flow.itemProblems.value['q2']).toBeUndefined();
      expect(flow.next().ok).toBe(true);
    });

    it('goes to a linkage step after the last page when the round asks for it', async () => {
      const { flow } = await started(surveyApiState(surveyData({}, { linkage: true })));
      flow.next();
      expect(flow.next().ok).toBe(true);

      expect(flow.phase.value).toBe('linkage');
      flow.back();
      expect(flow.phase.value).toBe('questions');
      expect(flow.pageIndex.value).toBe(1);
    });
  });

  describe('saving as the participant goes', () => {
    it('saves a moment after the last change, then with the resume token the server gave', async () => {
      const state = surveyApiState();
      const { flow, sent } = await started(state);

      flow.setAnswer('q1', { kind: 'number', value: 4 });
      expect(flow.saveState.value).toBe('unsaved');
      flow.setAnswer('q2', { kind: 'number', value: 3 });
      await vi.advanceTimersByTimeAsync(999);
      expect(sent('SaveSurveyDraft')).toHaveLength(0);

      await vi.advanceTimersByTimeAsync(1);
      expect(sent('SaveSurveyDraft')).toHaveLength(1);
      expect(inputOf(sent('SaveSurveyDraft')[0])).toEqual({
        token,
        resumeToken: null,
        answers: [
          { item: 'q1', number: 4 },
          { item: 'q2', number: 3 },
        ],
        language: 'nb',
        consent: true,
        // No item of this survey has an easy-read text: no wording to tell.
        wording: null,
      });
      expect(flow.saveState.value).toBe('saved');
      expect(flow.resumeToken.value).toBe('resume-1');
      expect(flow.canResumeLater.value).toBe(true);
      expect(stored()).toMatchObject({ resumeToken: 'resume-1', pending: false });

      flow.setAnswer('q3', { kind: 'number', value: 0 });
      await vi.advanceTimersByTimeAsync(1000);
      expect(inputOf(sent('SaveSurveyDraft')[1])['resumeToken']).toBe('resume-1');
    });

    it('saves at once on a page change', async () => {
      const { flow, sent } = await started(surveyApiState());
      flow.setAnswer('q1', { kind: 'number', value: 5 });

      flow.next();
      await vi.advanceTimersByTimeAsync(0);

      expect(sent('SaveSurveyDraft')).toHaveLength(1);
      expect(flow.saveState.value).toBe('saved');
    });

    it('leaves out answers to questions that are no longer asked, and answers out of range', async () => {
      const { flow, sent } = await started(surveyApiState());
      flow.setAnswer('q3', { kind: 'number', value: 1 });
      flow.next();
      flow.setAnswer('q5', { kind: 'choices', value: ['a'] });
      flow.back();
      flow.setAnswer('q3', { kind: 'number', value: 0 });
      flow.setAnswer('q2', { kind: 'number', value: 99 });
      await vi.advanceTimersByTimeAsync(1000);

      expect(inputOf(sent('SaveSurveyDraft').at(-1))['answers']).toEqual([{ item: 'q3', number: 0 }]);
    });

    it('keeps answers on the device while offline, says so, and sends them when it can', async () => {
      const state = surveyApiState();
      let online = false;
      const { flow, sent } = await started(state, {
        SaveSurveyDraft: (operation) =>
          online ? surveyApi(state)(operation) : networkErrorResult(operation),
      });

      flow.setAnswer('q1', { kind: 'number', value: 2 });
      await vi.advanceTimersByTimeAsync(1000);

      expect(flow.saveState.value).toBe('offline');
      expect(stored()).toMatchObject({ pending: true, answers: { q1: { kind: 'number', value: 2 } } });

      // Tried again after a while, still offline.
      await vi.advanceTimersByTimeAsync(2000);
      expect(sent('SaveSurveyDraft')).toHaveLength(2);
      expect(flow.saveState.value).toBe('offline');

      // A change while offline does not pretend to be on its way.
      flow.setAnswer('q2', { kind: 'number', value: 4 });
      expect(flow.saveState.value).toBe('offline');

      online = true;
      window.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(0);

      expect(flow.saveState.value).toBe('saved');
      expect(inputOf(sent('SaveSurveyDraft').at(-1))['answers']).toEqual([
        { item: 'q1', number: 2 },
        { item: 'q2', number: 4 },
      ]);
      expect(stored()).toMatchObject({ pending: false });
    });

    it('sends answers left unsent when the page is opened again', async () => {
      const state = surveyApiState();
      const first = await started(state, { SaveSurveyDraft: (operation) => networkErrorResult(operation) });
      first.flow.setAnswer('q1', { kind: 'number', value: 3 });
      first.flow.next();
      first.flow.dispose();

      const second = start(surveyApi(state));
      await second.flow.load();
      await vi.advanceTimersByTimeAsync(0);

      expect(second.flow.phase.value).toBe('questions');
      expect(second.flow.pageIndex.value).toBe(1);
      expect(second.flow.answers.value['q1']).toEqual({ kind: 'number', value: 3 });
      expect(second.sent('SaveSurveyDraft')).toHaveLength(1);
      expect(second.flow.saveState.value).toBe('saved');
    });

    it('continues on another device from the resume link, with the answers saved on the server', async () => {
      const state = surveyApiState();
      const first = await started(state);
      first.flow.setAnswer('q1', { kind: 'number', value: 4 });
      await vi.advanceTimersByTimeAsync(1000);
      const resumeToken = first.flow.resumeToken.value;
      first.flow.dispose();
      // The other device has nothing kept.
      localStorage.clear();

      const second = start(surveyApi(state), { resumeToken });
      await second.flow.load();

      expect(second.operations[0]?.variables).toEqual({ token, resumeToken: 'resume-1' });
      expect(second.flow.phase.value).toBe('questions');
      expect(second.flow.answers.value).toEqual({ q1: { kind: 'number', value: 4 } });
      expect(second.flow.saveState.value).toBe('saved');
    });

    it('shows an answer the server refuses next to its question, and saves the others without it', async () => {
      const state = surveyApiState();
      const { flow, sent } = await started(state, {
        SaveSurveyDraft: (operation) => {
          const answers = inputOf(operation)['answers'] as { item: string }[];
          return answers.some((answer) => answer.item === 'q3')
            ? badAnswers(operation, { q3: 'Item q3 must be one of 0, 1' })
            : surveyApi(state)(operation);
        },
      });
      flow.setAnswer('q1', { kind: 'number', value: 1 });
      flow.setAnswer('q3', { kind: 'number', value: 1 });
      await vi.advanceTimersByTimeAsync(1000);

      expect(flow.itemProblems.value['q3']).toEqual({ kind: 'invalid' });
      expect(sent('SaveSurveyDraft')).toHaveLength(2);
      expect(inputOf(sent('SaveSurveyDraft')[1])['answers']).toEqual([{ item: 'q1', number: 1 }]);
      expect(flow.saveState.value).toBe('saved');
    });
  });

  describe('submitting', () => {
    async function answeredAll(state: SurveyApiState, handlers: Parameters<typeof surveyApi>[1] = {}) {
      const run = await started(state, handlers);
      run.flow.setAnswer('q1', { kind: 'number', value: 4 });
      run.flow.next();
      run.flow.setAnswer('q4', { kind: 'text', value: '  Mer tid til samtaler.  ' });
      return run;
    }

    it('checks required questions first, and goes to the first one unanswered', async () => {
      const { flow, sent } = await started(surveyApiState());
      flow.next();
      flow.setAnswer('q4', { kind: 'text', value: 'Noe' });

      const result = await flow.submit(null);

      expect(result).toEqual({ ok: false, firstProblem: 'q1', problemCount: 1 });
      expect(sent('SubmitSurveyResponse')).toHaveLength(0);
      expect(flow.pageIndex.value).toBe(0);
      expect(flow.itemProblems.value).toEqual({ q1: { kind: 'required' } });
    });

    it('counts blank text as no answer', async () => {
      const { flow } = await started(surveyApiState());
      flow.setAnswer('q1', { kind: 'number', value: 4 });
      flow.next();
      flow.setAnswer('q4', { kind: 'text', value: '   ' });

      expect((await flow.submit(null)).firstProblem).toBe('q4');
    });

    it('submits the answers and shows the receipt, forgetting what the device kept', async () => {
      const state = surveyApiState();
      const { flow, sent } = await answeredAll(state);

      const savesBefore = sent('SaveSurveyDraft').length;
      const result = await flow.submit(null);

      expect(result.ok).toBe(true);
      const input = inputOf(sent('SubmitSurveyResponse')[0]);
      expect(input).toMatchObject({
        token,
        answers: [
          { item: 'q1', number: 4 },
          { item: 'q4', text: 'Mer tid til samtaler.' },
        ],
        language: 'nb',
        consent: true,
        linkageCode: null,
      });
      expect(input['clientSubmissionId']).toMatch(/^[0-9a-f-]{36}$/);
      expect(flow.phase.value).toBe('submitted');
      expect(flow.receipt.value).toEqual({ receiptCode: 'RCPT-0001-ABCD', submittedOn: '2026-03-02' });
      expect(stored()).toBeNull();
      // No save follows a submission: it would start a new response.
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sent('SaveSurveyDraft')).toHaveLength(savesBefore);
    });

    it('sends the linkage code only for rounds that ask for it', async () => {
      const state = surveyApiState(surveyData({}, { linkage: true }));
      const { flow, sent } = await answeredAll(state);
      flow.next();

      await flow.submit('K07B2');

      expect(inputOf(sent('SubmitSurveyResponse')[0])['linkageCode']).toBe('K07B2');
    });

    it('retries a submission that got no answer with the same id, and gets one receipt', async () => {
      const state = surveyApiState();
      let dropped = 0;
      const { flow, sent } = await answeredAll(state, {
        // The server stores the first attempt, but its answer never arrives.
        SubmitSurveyResponse: (operation) => {
          const reply = surveyApi(state)(operation);
          return dropped++ === 0 ? networkErrorResult(operation) : reply;
        },
      });

      const savesBefore = sent('SaveSurveyDraft').length;
      const first = await flow.submit(null);
      expect(first.ok).toBe(false);
      expect(flow.submitState.value).toBe('offline');
      expect(flow.phase.value).toBe('questions');
      expect(stored()).toMatchObject({ submitPending: true });
      // No draft is saved meanwhile: the submission may already be stored.
      flow.setAnswer('q2', { kind: 'number', value: 1 });
      await vi.advanceTimersByTimeAsync(1000);
      expect(sent('SaveSurveyDraft')).toHaveLength(savesBefore);

      window.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(0);

      const [attempt1, attempt2] = sent('SubmitSurveyResponse').map((operation) => inputOf(operation));
      expect(attempt2?.['clientSubmissionId']).toBe(attempt1?.['clientSubmissionId']);
      expect(state.submissions).toBe(1);
      expect(flow.phase.value).toBe('submitted');
      expect(flow.receipt.value?.receiptCode).toBe('RCPT-0001-ABCD');
    });

    it('keeps the submission id across a reload, so that sending again gives the same receipt', async () => {
      const state = surveyApiState();
      const first = await answeredAll(state, {
        SubmitSurveyResponse: (operation) => {
          void surveyApi(state)(operation);
          return networkErrorResult(operation);
        },
      });
      await first.flow.submit(null);
      const id = inputOf(first.sent('SubmitSurveyResponse')[0])['clientSubmissionId'];
      first.flow.dispose();

      const second = start(surveyApi(state));
      await second.flow.load();
      expect(second.flow.submitState.value).toBe('interrupted');
      expect(second.flow.pageIndex.value).toBe(1);
      await second.flow.submit(null);

      expect(inputOf(second.sent('SubmitSurveyResponse')[0])['clientSubmissionId']).toBe(id);
      expect(state.submissions).toBe(1);
      expect(second.flow.receipt.value?.receiptCode).toBe('RCPT-0001-ABCD');
    });

    it('gets the receipt of a code whose submission was stored but never answered', async () => {
      const state = surveyApiState(surveyData({ kind: 'CODE' }));
      const code = 'K7M3Q-X9P2H';
      const first = start(
        surveyApi(state, {
          SubmitSurveyResponse: (operation) => {
            void surveyApi(state)(operation);
            return networkErrorResult(operation);
          },
        }),
        { token: code },
      );
      await first.flow.load();
      first.flow.begin();
      first.flow.setAnswer('q1', { kind: 'number', value: 4 });
      first.flow.next();
      first.flow.setAnswer('q4', { kind: 'text', value: 'Svar' });
      await first.flow.submit(null);
      first.flow.dispose();

      // The code is spent now, so the survey itself is refused; the kept id still gets the receipt.
      const second = start(
        surveyApi(state, {
          Survey: (operation) => unavailable(operation, 'CODE_USED', 'This code has already been used'),
        }),
        { token: code },
      );
      await second.flow.load();

      expect(second.flow.phase.value).toBe('submitted');
      expect(second.flow.receipt.value?.receiptCode).toBe('RCPT-0001-ABCD');
    });

    it('puts the server’s objections next to the questions, on the page of the first one', async () => {
      const state = surveyApiState();
      const { flow } = await answeredAll(state, {
        SubmitSurveyResponse: (operation) =>
          badAnswers(operation, {
            q1: 'Item q1 must be one of 1, 2, 3, 4, 5',
            q4: 'Item q4 must be at most 2000 characters',
          }),
      });

      const result = await flow.submit(null);

      expect(result).toEqual({ ok: false, firstProblem: 'q1', problemCount: 2 });
      expect(flow.itemProblems.value).toEqual({
        q1: { kind: 'invalid' },
        q4: { kind: 'tooLong', max: 2000 },
      });
      expect(flow.pageIndex.value).toBe(0);
      expect(flow.submitState.value).toBe('idle');
      // Refused outright, so nothing was stored: saving as they go resumes.
      expect(stored()).toMatchObject({ submitPending: false });
    });
  });

  describe('links that lead nowhere', () => {
    it.each([
      ['NOT_FOUND', 'Survey link or code abc was not found', null],
      ['ROUND_NOT_OPEN', 'This round opens on 2026-05-01', '2026-05-01'],
      ['ROUND_NOT_OPEN', 'This round is closed', null],
      ['CODE_USED', 'This code has already been used to submit answers', null],
    ] as const)('says %s (%s)', async (code, message, opensOn) => {
      const { flow } = start(
        surveyApi(surveyApiState(), {
          Survey: (operation) => unavailable(operation, code, message, opensOn ? { opensOn } : {}),
        }),
      );
      await flow.load();

      expect(flow.phase.value).toBe('unavailable');
      expect(flow.unavailable.value).toMatchObject({ code, opensOn });
    });

    it('ends the survey when the round closes while the participant answers', async () => {
      const { flow } = await started(surveyApiState(), {
        SaveSurveyDraft: (operation) => unavailable(operation, 'ROUND_NOT_OPEN', 'This round is closed'),
      });
      flow.setAnswer('q1', { kind: 'number', value: 1 });
      await vi.advanceTimersByTimeAsync(1000);

      expect(flow.phase.value).toBe('unavailable');
      expect(flow.unavailable.value?.code).toBe('ROUND_NOT_OPEN');
    });
  });
});

describe('issue 14: answers submitted elsewhere, and input the server refuses', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => {
    for (const flow of flows.splice(0)) flow.dispose();
    vi.useRealTimers();
    localStorage.clear();
  });

  async function answeredAll(state: SurveyApiState, handlers: Parameters<typeof surveyApi>[1] = {}) {
    const run = await started(state, handlers);
    run.flow.setAnswer('q1', { kind: 'number', value: 4 });
    run.flow.next();
    run.flow.setAnswer('q4', { kind: 'text', value: 'Mer tid til samtaler.' });
    return run;
  }

  const alreadySubmitted = (operation: Operation) =>
    errorResult(operation, [
      { message: 'These answers have already been submitted', extensions: { code: 'ALREADY_SUBMITTED' } },
    ]);

  it('does not send a draft the server refused as bad input again by itself', async () => {
    const { flow, sent } = await started(surveyApiState(), {
      SaveSurveyDraft: (operation) =>
        errorResult(operation, [
          {
            message: 'Invalid input: input.language contains a NUL character',
            extensions: { code: 'BAD_USER_INPUT', fields: { 'input.language': 'contains a NUL character' } },
          },
        ]),
    });
    flow.setAnswer('q1', { kind: 'number', value: 4 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(flow.saveState.value).toBe('failed');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sent('SaveSurveyDraft')).toHaveLength(1);
  });

  it('shows the first receipt when a save finds the draft submitted from another device', async () => {
    const state = surveyApiState();
    const { flow, sent } = start(
      surveyApi(state, {
        SaveSurveyDraft: (operation) =>
          (operation.variables as { input: { resumeToken: string | null } }).input.resumeToken
            ? alreadySubmitted(operation)
            : dataResult(operation, {
                saveSurveyDraft: {
                  __typename: 'SavedSurveyDraft',
                  resumeToken: 'resume-1',
                  savedOn: '2026-03-02',
                },
              }),
      }),
    );
    await flow.load();
    flow.begin();
    flow.setAnswer('q1', { kind: 'number', value: 4 });
    await vi.advanceTimersByTimeAsync(1000);
    flow.setAnswer('q1', { kind: 'number', value: 5 });
    await vi.advanceTimersByTimeAsync(1000);

    expect(flow.phase.value).toBe('submitted');
    expect(flow.receipt.value?.receiptCode).toBe('RCPT-0001-ABCD');
    expect(inputOf(sent('SubmitSurveyResponse')[0]).resumeToken).toBe('resume-1');
  });

  it('shows the receipt when a resume link names answers already submitted', async () => {
    const { flow } = start(surveyApi(surveyApiState(), { Survey: alreadySubmitted }), {
      resumeToken: 'resume-7',
    });
    await flow.load();
    expect(flow.phase.value).toBe('submitted');
  });

  it('says "already submitted" when the server gives no receipt, and does not retry', async () => {
    const { flow, sent } = await answeredAll(surveyApiState(), { SubmitSurveyResponse: alreadySubmitted });
    await flow.submit(null);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(flow.phase.value).toBe('unavailable');
    expect(flow.unavailable.value?.code).toBe('ALREADY_SUBMITTED');
    expect(sent('SubmitSurveyResponse')).toHaveLength(1);
  });
});

describe('issue 14: a submission before any draft was saved', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => {
    for (const flow of flows.splice(0)) flow.dispose();
    vi.useRealTimers();
    localStorage.clear();
  });

  it('sends a secret of its own as the resume token, the same one with every retry', async () => {
    let failFirst = true;
    // Offline from the start: no save ever reached the server, so there is no resume token.
    const { flow, sent } = await started(surveyApiState(), {
      SaveSurveyDraft: networkErrorResult,
      SubmitSurveyResponse: (operation) => {
        if (failFirst) {
          failFirst = false;
          return networkErrorResult(operation);
        }
        return dataResult(operation, {
          submitSurveyResponse: {
            __typename: 'SurveyReceipt',
            receiptCode: 'RCPT-0001-ABCD',
            submittedOn: '2026-03-02',
          },
        });
      },
    });
    flow.setAnswer('q1', { kind: 'number', value: 4 });
    flow.next();
    flow.setAnswer('q4', { kind: 'text', value: 'Mer tid til samtaler.' });
    await flow.submit(null);
    expect(flow.submitState.value).toBe('offline');
    await vi.advanceTimersByTimeAsync(10_000);

    expect(flow.phase.value).toBe('submitted');
    const [first, retry] = sent('SubmitSurveyResponse').map(inputOf);
    expect(first!.resumeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(retry!.resumeToken).toBe(first!.resumeToken);
    expect(retry!.clientSubmissionId).toBe(first!.clientSubmissionId);
  });
});
