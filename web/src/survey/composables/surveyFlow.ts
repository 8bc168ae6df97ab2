import type { Client } from '@urql/vue';
import {
  SaveSurveyDraftDocument,
  SubmitSurveyResponseDocument,
  SurveyDocument,
} from '@verdi/schema/generated/documents/survey';
import { computed, ref, shallowRef } from 'vue';
import { visibleSections } from '../../survey-items/visibility';
import {
  fromSavedAnswer,
  problemFromServer,
  sameAnswer,
  type Answer,
  type ItemProblem,
  type SurveyData,
} from '../model/answers';
import { toSurveyError, type SurveyError } from '../model/errors';
import {
  answerInputs,
  clampPage,
  firstPageToAnswer,
  pageOf,
  problemsOn,
  report,
  type MoveResult,
  type SurveyPage,
} from '../model/pages';
import {
  emptyStored,
  newSecret,
  readStored,
  removeStored,
  writeStored,
  type StoredSurvey,
} from '../model/storage';

export type SurveyPhase =
  | 'loading'
  /** The link or code leads nowhere now: see `unavailable`. */
  | 'unavailable'
  /** The round's information, and consent where the round asks for it. */
  | 'information'
  /** The participant said no: nothing was sent, and nothing is kept on the device. */
  | 'declined'
  | 'questions'
  /** The optional self-made code that pairs answers across rounds, before submitting. */
  | 'linkage'
  | 'submitted';

/**
 * Where the answers are: `saved` on the server; `unsaved` changed here and on their way; `saving`; `offline` kept on
 * this device because the server cannot be reached (sent when it can); `failed` kept here after the server said no
 * for a reason other than the answers (tried again later).
 */
export type SaveState = 'idle' | 'unsaved' | 'saving' | 'saved' | 'offline' | 'failed';

/**
 * `offline`: the submission did not reach the server, or its answer did not come back; it is sent again (with the
 * same id, so it is stored once) when the connection returns. `interrupted`: the page was reloaded during such a
 * submission. `failed`: the server refused it for a reason the page cannot fix (see `submitError`).
 */
export type SubmitState = 'idle' | 'submitting' | 'offline' | 'interrupted' | 'failed';

export type { MoveResult, SurveyPage } from '../model/pages';
export type SurveyLanguageCode = 'nb' | 'en';

export interface SurveyFlowOptions {
  client: Client;
  /** The open link's token or the single-use code. */
  token: string;
  /** A resume token from a "continue later" link, which wins over the one this device has. */
  resumeToken?: string | null;
  language: () => SurveyLanguageCode;
  /** How long to wait after the last change before saving. */
  debounceMs?: number;
  /** Waits before each new attempt after a failed save or submission; the last one repeats. */
  retryDelaysMs?: readonly number[];
  newSubmissionId?: () => string;
}

function newUuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Older browsers: a version 4 UUID from getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One participant's way through a survey: the information and consent, the pages (which to show, where to go and
 * what is wrong: `../model/pages.ts`), saving as they go (with the answers kept on the device until the server has
 * them), the optional linkage code, and an idempotent submission.
 * Independent of components so that it can be tested with a client and timers alone; `useSurveyFlow` ties it to a
 * component.
 */
export function createSurveyFlow(options: SurveyFlowOptions) {
  const { client, token } = options;
  const debounceMs = options.debounceMs ?? 1500;
  const retryDelays = options.retryDelaysMs ?? [2000, 5000, 15000, 30000];
  const newSubmissionId = options.newSubmissionId ?? newUuid;

  const phase = ref<SurveyPhase>('loading');
  const unavailable = shallowRef<SurveyError | null>(null);
  const survey = shallowRef<SurveyData | null>(null);
  const answers = ref<Record<string, Answer | undefined>>({});
  const pageIndex = ref(0);
  const saveState = ref<SaveState>('idle');
  const submitState = ref<SubmitState>('idle');
  const submitError = shallowRef<SurveyError | null>(null);
  const itemProblems = ref<Record<string, ItemProblem>>({});
  const receipt = shallowRef<{ receiptCode: string; submittedOn: string } | null>(null);
  const resumeToken = ref<string | null>(null);
  /** False when this device would not keep the answers (storage full or turned off). */
  const keptOnDevice = ref(true);
  /** Started, with consent where the round asks for it. */
  const consented = ref(false);

  let stored: StoredSurvey = emptyStored();
  /** Goes up with every change, so that a save knows whether it covered the latest answers. */
  let version = 0;
  /** Answers the server refused, so that the next save leaves them out instead of failing again. */
  let refused: Record<string, Answer | undefined> = {};
  let debounceTimer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryAttempt = 0;
  let saving: Promise<void> | null = null;
  let saveAgain = false;
  let lastLinkageCode: string | null = null;
  let disposed = false;

  const pages = computed<SurveyPage[]>(() =>
    survey.value ? visibleSections(survey.value.sections, survey.value.role, answers.value) : [],
  );
  const page = computed<SurveyPage | null>(() => pages.value[pageIndex.value] ?? null);
  const isLastPage = computed(() => pageIndex.value >= pages.value.length - 1);
  const canResumeLater = computed(() => survey.value?.kind === 'OPEN_LINK' && resumeToken.value !== null);

  function persist(): void {
    stored.answers = Object.fromEntries(
      Object.entries(answers.value).filter((entry): entry is [string, Answer] => entry[1] !== undefined),
    );
    stored.page = pageIndex.value;
    stored.resumeToken = resumeToken.value;
    keptOnDevice.value = writeStored(token, stored);
  }

  /** Saving is for those who have started (and consented where asked), and stops once a submission is under way. */
  function maySave(): boolean {
    return (
      stored.consent &&
      (phase.value === 'questions' || phase.value === 'linkage') &&
      !stored.submitPending &&
      submitState.value !== 'submitting'
    );
  }

  function clearTimers(): void {
    if (debounceTimer) clearTimeout(debounceTimer);
    if (retryTimer) clearTimeout(retryTimer);
    debounceTimer = null;
    retryTimer = null;
  }

  function scheduleSave(delay: number): void {
    if (debounceTimer) clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      debounceTimer = null;
      void save();
    }, delay);
  }

  function scheduleRetry(action: () => void): void {
    if (retryTimer) clearTimeout(retryTimer);
    const delay = retryDelays[Math.min(retryAttempt, retryDelays.length - 1)] ?? 30000;
    retryAttempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      action();
    }, delay);
  }

  function showServerProblems(items: Record<string, string>): void {
    const next = { ...itemProblems.value };
    for (const [key, message] of Object.entries(items)) next[key] = problemFromServer(message);
    itemProblems.value = next;
  }

  function becomeUnavailable(error: SurveyError): void {
    clearTimers();
    unavailable.value = error;
    phase.value = 'unavailable';
  }

  /** Sends the answers so far now; resolves when this save (and any it was asked to repeat) is done. */
  async function save(): Promise<void> {
    if (debounceTimer) {
      clearTimeout(debounceTimer);
      debounceTimer = null;
    }
    if (disposed || !maySave() || !stored.pending) return;
    if (saving) {
      saveAgain = true;
      return saving;
    }
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    const coveredVersion = version;
    const wasOffline = saveState.value === 'offline';
    saveState.value = 'saving';
    saving = (async () => {
      const result = await client
        .mutation(SaveSurveyDraftDocument, {
          input: {
            token,
            resumeToken: resumeToken.value,
            // Answers the server refused are left out until they change.
            answers: answerInputs(
              pages.value,
              answers.value,
              false,
              (key, answer) => key in refused && sameAnswer(refused[key], answer),
            ),
            language: options.language(),
            consent: true,
          },
        })
        .toPromise();
      if (disposed) return;
      if (result.data) {
        retryAttempt = 0;
        const given = result.data.saveSurveyDraft.resumeToken;
        if (given) resumeToken.value = given;
        if (coveredVersion === version) {
          stored.pending = false;
          saveState.value = 'saved';
        } else {
          saveState.value = 'unsaved';
          saveAgain = true;
        }
        persist();
        return;
      }
      const error = result.error ? toSurveyError(result.error) : null;
      switch (error?.code) {
        case 'NETWORK_ERROR':
          saveState.value = 'offline';
          scheduleRetry(() => void save());
          return;
        case 'BAD_USER_INPUT':
          if (
            Object.keys(error.items).some(
              (key) => !(key in refused) || !sameAnswer(refused[key], answers.value[key]),
            )
          ) {
            // Keep what the participant wrote, say what is wrong next to it, and save the rest without it.
            showServerProblems(error.items);
            for (const key of Object.keys(error.items)) refused[key] = answers.value[key];
            saveState.value = 'unsaved';
            saveAgain = true;
            return;
          }
          // Sending the same input again would be refused again (a field the page cannot fix, such as text the server
          // cannot store): no retry; the next change the participant makes is sent as a new save.
          saveState.value = 'failed';
          return;
        case 'ALREADY_SUBMITTED':
          // Submitted from another device meanwhile: with the resume token this device gets the same receipt.
          if (!(await recoverReceipt())) becomeUnavailable(error);
          return;
        case 'NOT_FOUND':
        case 'ROUND_NOT_OPEN':
        case 'CODE_USED':
          becomeUnavailable(error);
          return;
        default:
          saveState.value = wasOffline ? 'offline' : 'failed';
          scheduleRetry(() => void save());
      }
    })();
    try {
      await saving;
    } finally {
      saving = null;
    }
    if (saveAgain && !disposed) {
      saveAgain = false;
      await save();
    }
  }

  async function load(): Promise<void> {
    phase.value = 'loading';
    const kept = readStored(token);
    stored = kept ?? emptyStored();
    const continuing = options.resumeToken && options.resumeToken !== stored.resumeToken;
    if (continuing) {
      // Continuing on another device, or from a link: the link's draft is the one to continue.
      stored = { ...emptyStored(), resumeToken: options.resumeToken ?? null };
    }
    resumeToken.value = stored.resumeToken;
    const result = await client
      .query(SurveyDocument, { token, resumeToken: stored.resumeToken }, { requestPolicy: 'network-only' })
      .toPromise();
    if (disposed) return;
    if (!result.data) {
      const error = result.error
        ? toSurveyError(result.error)
        : ({ code: 'SERVER_ERROR', items: {}, fields: {}, opensOn: null } satisfies SurveyError);
      // A submission whose answer never came back: asking again with its id gives the receipt it got.
      if (
        (stored.clientSubmissionId && (error.code === 'CODE_USED' || error.code === 'ROUND_NOT_OPEN')) ||
        (stored.resumeToken && error.code === 'ALREADY_SUBMITTED')
      ) {
        if (await recoverReceipt()) return;
      }
      becomeUnavailable(error);
      return;
    }
    const data = result.data.survey;
    survey.value = data;
    const fromServer: Record<string, Answer> = {};
    for (const saved of data.savedAnswers) {
      const answer = fromSavedAnswer(saved);
      if (answer) fromServer[saved.item] = answer;
    }
    const serverHasAnswers = Object.keys(fromServer).length > 0;
    // This device's answers are newer while some are unsent; otherwise the server's (perhaps from another device).
    answers.value = stored.pending || !serverHasAnswers ? { ...stored.answers } : fromServer;
    if (serverHasAnswers) stored.consent = true;
    consented.value = stored.consent;
    if (stored.consent) {
      pageIndex.value = clampPage(pages.value, stored.page);
      // On a device that has not been here before, start where the answers stop.
      if ((!kept || continuing) && serverHasAnswers)
        pageIndex.value = firstPageToAnswer(pages.value, answers.value);
      phase.value = 'questions';
    } else {
      phase.value = 'information';
    }
    if (stored.submitPending) submitState.value = 'interrupted';
    persist();
    if (stored.pending) {
      saveState.value = 'unsaved';
      void save();
    } else if (serverHasAnswers) {
      saveState.value = 'saved';
    }
  }

  /** After reading the information: consent given (where asked), and off to the first page. */
  function begin(): void {
    if (!survey.value) return;
    stored.consent = true;
    consented.value = true;
    phase.value = 'questions';
    pageIndex.value = clampPage(pages.value, pageIndex.value);
    persist();
    if (stored.pending) void save();
  }

  /** Declining sends nothing, and forgets what this device kept. */
  function decline(): void {
    clearTimers();
    removeStored(token);
    stored = emptyStored();
    answers.value = {};
    refused = {};
    resumeToken.value = null;
    saveState.value = 'idle';
    consented.value = false;
    phase.value = 'declined';
  }

  function reconsider(): void {
    if (phase.value === 'declined') phase.value = 'information';
  }

  function setAnswer(key: string, answer: Answer | undefined): void {
    if (phase.value !== 'questions') return;
    const next = { ...answers.value };
    if (answer === undefined) delete next[key];
    else next[key] = answer;
    answers.value = next;
    const problem = problemsOn(pages.value, next, false, [{ key }])[key];
    const problems = { ...itemProblems.value };
    if (problem) problems[key] = problem;
    else delete problems[key];
    itemProblems.value = problems;
    version += 1;
    stored.pending = true;
    persist();
    if (saveState.value !== 'offline') saveState.value = 'unsaved';
    if (maySave()) scheduleSave(debounceMs);
  }

  /** Back to the questions, on the page of the first problem shown, to fix it. */
  function showFirstProblem(): MoveResult {
    const result = report(pages.value, itemProblems.value);
    phase.value = 'questions';
    pageIndex.value = pageOf(pages.value, result.firstProblem);
    persist();
    return result;
  }

  function goTo(index: number): void {
    pageIndex.value = Math.max(0, Math.min(index, pages.value.length - 1));
    persist();
    void save();
  }

  /** To the next page (or the linkage step after the last), unless an answer on this page is out of range. */
  function next(): MoveResult {
    if (phase.value !== 'questions' || !page.value) return { ok: false };
    const found = problemsOn(pages.value, answers.value, false, page.value.items);
    // Unanswered required items are asked for on submitting: a participant may want to look ahead first.
    const result = report(pages.value, found);
    if (!result.ok) {
      itemProblems.value = { ...itemProblems.value, ...found };
      return result;
    }
    if (isLastPage.value) {
      if (survey.value?.round.linkage) {
        phase.value = 'linkage';
        void save();
        return { ok: true };
      }
      return { ok: false };
    }
    goTo(pageIndex.value + 1);
    return { ok: true };
  }

  function back(): void {
    if (phase.value === 'linkage') {
      phase.value = 'questions';
      goTo(pages.value.length - 1);
      return;
    }
    if (phase.value !== 'questions') return;
    if (pageIndex.value === 0) {
      phase.value = 'information';
      void save();
      return;
    }
    goTo(pageIndex.value - 1);
  }

  function finish(given: { receiptCode: string; submittedOn: string }): void {
    clearTimers();
    receipt.value = { receiptCode: given.receiptCode, submittedOn: given.submittedOn };
    removeStored(token);
    stored = emptyStored();
    answers.value = {};
    resumeToken.value = null;
    submitState.value = 'idle';
    saveState.value = 'idle';
    phase.value = 'submitted';
  }

  /**
   * Asks for the receipt of answers already submitted, from this device (its submission id) or from another (the
   * resume token is the proof the server wants; with it, any submission id gets the first receipt).
   */
  async function recoverReceipt(): Promise<boolean> {
    const secret = stored.resumeToken ?? stored.submitSecret;
    if (!stored.clientSubmissionId && !secret) return false;
    const result = await client
      .mutation(SubmitSurveyResponseDocument, {
        input: {
          token,
          clientSubmissionId: stored.clientSubmissionId ?? newSubmissionId(),
          resumeToken: secret,
          answers: [],
          language: options.language(),
          consent: true,
        },
      })
      .toPromise();
    if (!result.data) return false;
    finish(result.data.submitSurveyResponse);
    return true;
  }

  /**
   * Checks every answer the participant sees (required ones too), then submits them with this participant's
   * submission id, made once and kept on the device: sent again after a lost connection, it gets the same receipt.
   */
  async function submit(linkageCode: string | null = lastLinkageCode): Promise<MoveResult> {
    if (!survey.value || submitState.value === 'submitting') return { ok: false };
    lastLinkageCode = linkageCode;
    submitError.value = null;
    const found = problemsOn(pages.value, answers.value, true);
    if (!report(pages.value, found).ok) {
      itemProblems.value = found;
      return showFirstProblem();
    }
    clearTimers();
    // From here no draft may be sent: one arriving after the submission would start a new response.
    submitState.value = 'submitting';
    if (saving) await saving;
    if (!stored.clientSubmissionId) stored.clientSubmissionId = newSubmissionId();
    if (survey.value.kind === 'OPEN_LINK' && !resumeToken.value && !stored.submitSecret)
      stored.submitSecret = newSecret();
    stored.submitPending = true;
    persist();
    const result = await client
      .mutation(SubmitSurveyResponseDocument, {
        input: {
          token,
          clientSubmissionId: stored.clientSubmissionId,
          resumeToken: resumeToken.value ?? stored.submitSecret,
          answers: answerInputs(pages.value, answers.value, true),
          language: options.language(),
          consent: true,
          linkageCode: survey.value.round.linkage ? linkageCode : null,
        },
      })
      .toPromise();
    if (disposed) return { ok: false };
    if (result.data) {
      retryAttempt = 0;
      finish(result.data.submitSurveyResponse);
      return { ok: true };
    }
    const error = result.error
      ? toSurveyError(result.error)
      : ({ code: 'SERVER_ERROR', items: {}, fields: {}, opensOn: null } satisfies SurveyError);
    if (error.code === 'NETWORK_ERROR' || error.code === 'SERVER_ERROR') {
      // The server may have stored it and the answer got lost: only the same id may be sent from now on.
      submitState.value = 'offline';
      submitError.value = error;
      scheduleRetry(() => void submit());
      return { ok: false };
    }
    // The server said no, so it stored nothing: saving as they go may resume.
    stored.submitPending = false;
    persist();
    if (error.code === 'BAD_USER_INPUT' && Object.keys(error.items).length > 0) {
      submitState.value = 'idle';
      showServerProblems(error.items);
      return showFirstProblem();
    }
    if (
      error.code === 'NOT_FOUND' ||
      error.code === 'ROUND_NOT_OPEN' ||
      error.code === 'CODE_USED' ||
      error.code === 'ALREADY_SUBMITTED'
    ) {
      submitState.value = 'idle';
      becomeUnavailable(error);
      return { ok: false };
    }
    submitState.value = 'failed';
    submitError.value = error;
    return { ok: false };
  }

  function onOnline(): void {
    retryAttempt = 0;
    if (submitState.value === 'offline') void submit();
    else if (stored.pending) void save();
  }

  function onHidden(): void {
    // Phones may end a tab in the background without warning: send what is unsent while the page still runs.
    if (document.visibilityState === 'hidden') void save();
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onHidden);
  }

  function dispose(): void {
    // Leaving the page: send what is unsent now rather than after the delay (it is kept on the device either way).
    if (stored.pending && maySave() && !saving) void save();
    disposed = true;
    clearTimers();
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onHidden);
    }
  }

  return {
    phase,
    unavailable,
    survey,
    answers,
    pages,
    page,
    pageIndex,
    isLastPage,
    saveState,
    submitState,
    submitError,
    itemProblems,
    receipt,
    resumeToken,
    canResumeLater,
    keptOnDevice,
    consented,
    load,
    begin,
    decline,
    reconsider,
    setAnswer,
    next,
    back,
    save,
    submit,
    dispose,
  };
}

export type SurveyFlow = ReturnType<typeof createSurveyFlow>;
