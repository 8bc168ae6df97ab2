import { SurveyDocument } from '@verdi/schema/generated/documents/survey';
import { computed } from 'vue';
import { fromSavedAnswer, problemFromServer, type Answer } from '../model/answers';
import { toSurveyError, type SurveyError } from '../model/errors';
import { clampPage, firstPageToAnswer, problemsOn } from '../model/pages';
import {
  emptyStored,
  mergeWording,
  readStored,
  removeStored,
  writeStored,
  type Assistance,
} from '../model/storage';
import { drawOrder, fitsOrder, inOrder } from '../model/order';
import { createDraftAutosave } from './draftAutosave';
import { createPageNavigation } from './pageNavigation';
import { createRetry } from './retry';
import { createSubmission } from './submission';
import { createSurveyState, type SurveyFlowContext, type SurveyFlowOptions } from './surveyState';

export type { MoveResult, SurveyPage } from '../model/pages';
export type {
  SaveState,
  SubmitState,
  SurveyFlowOptions,
  SurveyLanguageCode,
  SurveyPhase,
} from './surveyState';

/**
 * One participant's way through a survey: the information and consent, the pages (`./pageNavigation.ts`), saving
 * as they go (`./draftAutosave.ts`, with the answers kept on the device until the server has them), the optional
 * linkage code, and an idempotent submission (`./submission.ts`). This file loads the survey, asks for consent and
 * takes the answers; the parts share the state of `./surveyState.ts`.
 * Independent of components so that it can be tested with a client and timers alone; `useSurveyFlow` ties it to a
 * component.
 */
export function createSurveyFlow(options: SurveyFlowOptions) {
  const { client, token } = options;
  const state = createSurveyState();
  const stored = emptyStored();
  const retry = createRetry(options.retryDelaysMs ?? [2000, 5000, 15000, 30000]);

  const canResumeLater = computed(
    () => state.survey.value?.kind === 'OPEN_LINK' && state.resumeToken.value !== null,
  );

  function persist(): void {
    stored.answers = Object.fromEntries(
      Object.entries(state.answers.value).filter(
        (entry): entry is [string, Answer] => entry[1] !== undefined,
      ),
    );
    stored.page = state.pageIndex.value;
    stored.resumeToken = state.resumeToken.value;
    stored.easyRead = state.easyRead.value;
    stored.wording = state.wording.value;
    stored.assistance = state.assistance.value;
    state.keptOnDevice.value = writeStored(token, stored);
  }

  function clearTimers(): void {
    draft.stop();
    retry.cancel();
  }

  function showServerProblems(items: Record<string, string>): void {
    const next = { ...state.itemProblems.value };
    for (const [key, message] of Object.entries(items)) next[key] = problemFromServer(message);
    state.itemProblems.value = next;
  }

  function becomeUnavailable(error: SurveyError): void {
    clearTimers();
    state.unavailable.value = error;
    state.phase.value = 'unavailable';
  }

  const flow: SurveyFlowContext = {
    ...state,
    options,
    stored,
    persist,
    retry,
    clearTimers,
    becomeUnavailable,
    showServerProblems,
    disposed: false,
  };
  // The draft asks the submission for a receipt when the answers were submitted elsewhere; the submission waits for
  // the draft save on its way.
  const draft = createDraftAutosave(flow, () => submission.recoverReceipt());
  const navigation = createPageNavigation(flow, draft.save);
  const submission = createSubmission(flow, draft.saving, navigation.showFirstProblem);

  async function load(): Promise<void> {
    state.phase.value = 'loading';
    const kept = readStored(token);
    Object.assign(stored, kept ?? emptyStored());
    const continuing = options.resumeToken && options.resumeToken !== stored.resumeToken;
    if (continuing) {
      // Continuing on another device, or from a link: the link's draft is the one to continue.
      Object.assign(stored, emptyStored(), { resumeToken: options.resumeToken ?? null });
    }
    state.resumeToken.value = stored.resumeToken;
    state.easyRead.value = stored.easyRead;
    state.wording.value = stored.wording;
    state.assistance.value = stored.assistance;
    const result = await client
      .query(SurveyDocument, { token, resumeToken: stored.resumeToken }, { requestPolicy: 'network-only' })
      .toPromise();
    if (flow.disposed) return;
    if (!result.data) {
      const error = result.error
        ? toSurveyError(result.error)
        : ({ code: 'SERVER_ERROR', items: {}, fields: {}, opensOn: null } satisfies SurveyError);
      // A submission whose answer never came back: asking again with its id gives the receipt it got.
      if (
        (stored.clientSubmissionId && (error.code === 'CODE_USED' || error.code === 'ROUND_NOT_OPEN')) ||
        (stored.resumeToken && error.code === 'ALREADY_SUBMITTED')
      ) {
        if (await submission.recoverReceipt()) return;
      }
      becomeUnavailable(error);
      return;
    }
    const loaded = result.data.survey;
    // The order of randomised sections: the draft's (from any device), else this device's, else a new one.
    const order = [loaded.itemOrder, stored.itemOrder].find((o) => o && fitsOrder(loaded.sections, o));
    stored.itemOrder = order ?? drawOrder(loaded.sections);
    const data = { ...loaded, sections: inOrder(loaded.sections, stored.itemOrder) };
    state.survey.value = data;
    const fromServer: Record<string, Answer> = {};
    for (const saved of data.savedAnswers) {
      const answer = fromSavedAnswer(saved);
      if (answer) fromServer[saved.item] = answer;
    }
    const serverHasAnswers = Object.keys(fromServer).length > 0;
    // This device's answers are newer while some are unsent; otherwise the server's (perhaps from another device).
    state.answers.value = stored.pending || !serverHasAnswers ? { ...stored.answers } : fromServer;
    if (serverHasAnswers) stored.consent = true;
    state.consented.value = stored.consent;
    if (stored.consent) {
      state.pageIndex.value = clampPage(state.pages.value, stored.page);
      // On a device that has not been here before, start where the answers stop.
      if ((!kept || continuing) && serverHasAnswers)
        state.pageIndex.value = firstPageToAnswer(state.pages.value, state.answers.value);
      state.phase.value = 'questions';
    } else {
      state.phase.value = 'information';
    }
    if (stored.submitPending) state.submitState.value = 'interrupted';
    persist();
    if (stored.pending) {
      state.saveState.value = 'unsaved';
      void draft.save();
    } else if (serverHasAnswers) {
      state.saveState.value = 'saved';
    }
  }

  /** After reading the information: consent given (where asked), and off to the first page. */
  function begin(): void {
    if (!state.survey.value) return;
    stored.consent = true;
    state.consented.value = true;
    state.phase.value = 'questions';
    state.pageIndex.value = clampPage(state.pages.value, state.pageIndex.value);
    persist();
    if (stored.pending) void draft.save();
  }

  /** Declining sends nothing, and forgets what this device kept. */
  function decline(): void {
    clearTimers();
    removeStored(token);
    Object.assign(stored, emptyStored());
    state.answers.value = {};
    draft.forget();
    state.resumeToken.value = null;
    state.saveState.value = 'idle';
    state.consented.value = false;
    state.phase.value = 'declined';
  }

  function reconsider(): void {
    if (state.phase.value === 'declined') state.phase.value = 'information';
  }

  function setAnswer(key: string, answer: Answer | undefined): void {
    if (state.phase.value !== 'questions') return;
    const next = { ...state.answers.value };
    if (answer === undefined) delete next[key];
    else next[key] = answer;
    state.answers.value = next;
    const problem = problemsOn(state.pages.value, next, false, [{ key }])[key];
    const problems = { ...state.itemProblems.value };
    if (problem) problems[key] = problem;
    else delete problems[key];
    state.itemProblems.value = problems;
    // Only an item with an easy-read text can be answered in one wording or the other.
    if (state.survey.value?.sections.some((s) => s.items.some((i) => i.key === key && i.easyRead)))
      state.wording.value = mergeWording(
        state.wording.value,
        state.easyRead.value ? 'EASY_READ' : 'STANDARD',
      );
    draft.changed();
  }

  /** The easy-read switch; kept on the device, and sent with the next save (see `setAnswer`). */
  function setEasyRead(on: boolean): void {
    state.easyRead.value = on;
    persist();
  }

  function setAssistance(assistance: Assistance): void {
    state.assistance.value = assistance;
    persist();
  }

  function onOnline(): void {
    retry.reset();
    if (state.submitState.value === 'offline') void submission.submit();
    else if (stored.pending) void draft.save();
  }

  function onHidden(): void {
    // Phones may end a tab in the background without warning: send what is unsent while the page still runs.
    if (document.visibilityState === 'hidden') void draft.save();
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onHidden);
  }

  function dispose(): void {
    draft.flush();
    flow.disposed = true;
    clearTimers();
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onHidden);
    }
  }

  return {
    ...state,
    page: navigation.page,
    isLastPage: navigation.isLastPage,
    canResumeLater,
    load,
    begin,
    decline,
    reconsider,
    setAnswer,
    setEasyRead,
    setAssistance,
    next: navigation.next,
    back: navigation.back,
    save: draft.save,
    submit: submission.submit,
    dispose,
  };
}

export type SurveyFlow = ReturnType<typeof createSurveyFlow>;
