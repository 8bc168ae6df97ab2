import type { Client } from '@urql/vue';
import { computed, ref, shallowRef } from 'vue';
import { visibleSections } from '../../survey-items/visibility';
import type { Answer, ItemProblem, SurveyData } from '../model/answers';
import type { SurveyError } from '../model/errors';
import type { SurveyPage } from '../model/pages';
import type { Assistance, StoredSurvey, Wording } from '../model/storage';
import type { Retry } from './retry';

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

export type SurveyLanguageCode = 'nb' | 'nn' | 'en';

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

/** What a survey flow shows: the parts of the flow change it, the page reads it. */
export function createSurveyState() {
  const survey = shallowRef<SurveyData | null>(null);
  const answers = ref<Record<string, Answer | undefined>>({});
  return {
    phase: ref<SurveyPhase>('loading'),
    unavailable: shallowRef<SurveyError | null>(null),
    survey,
    answers,
    pages: computed<SurveyPage[]>(() =>
      survey.value ? visibleSections(survey.value.sections, survey.value.role, answers.value) : [],
    ),
    pageIndex: ref(0),
    saveState: ref<SaveState>('idle'),
    submitState: ref<SubmitState>('idle'),
    submitError: shallowRef<SurveyError | null>(null),
    itemProblems: ref<Record<string, ItemProblem>>({}),
    receipt: shallowRef<{ receiptCode: string; submittedOn: string } | null>(null),
    resumeToken: ref<string | null>(null),
    /** False when this device would not keep the answers (storage full or turned off). */
    keptOnDevice: ref(true),
    /** Started, with consent where the round asks for it. */
    consented: ref(false),
    /** The easy-read switch is on. */
    easyRead: ref(false),
    /** The wordings answered in so far; null: no item with an easy-read text answered yet. */
    wording: ref<Wording | null>(null),
    assistance: ref<Assistance>({ assisted: null, readAloud: false, wrote: false, explained: false }),
  };
}

/** What the parts of a survey flow (drafts, pages, submission) share: its state, and what this device keeps. */
export interface SurveyFlowContext extends ReturnType<typeof createSurveyState> {
  options: SurveyFlowOptions;
  /** Emptied in place (never replaced), so that every part holds the same one. */
  stored: StoredSurvey;
  /** Writes the answers, the page and the resume token to this device. */
  persist: () => void;
  /** One wait between attempts, shared by saves and submissions. */
  retry: Retry;
  clearTimers: () => void;
  becomeUnavailable: (error: SurveyError) => void;
  showServerProblems: (items: Record<string, string>) => void;
  /** The page is gone: an answer arriving now changes nothing. */
  disposed: boolean;
}
