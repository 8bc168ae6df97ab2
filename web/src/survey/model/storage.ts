import { readAnswers, type Answer } from './answers';

/**
 * What this device keeps about one survey link or code while the participant answers: the answers (so that a
 * reload, a lost connection or a closed tab loses nothing), whether some are not on the server yet, and the ids
 * that make a retried save or submission land on the same response. Removed once the answers are submitted, or
 * when the participant declines.
 */
export interface StoredSurvey {
  resumeToken: string | null;
  answers: Record<string, Answer>;
  /** Answers changed since the server last confirmed a save. */
  pending: boolean;
  consent: boolean;
  /** The page the participant was on (an index into the pages they see). */
  page: number;
  /** Made before the first attempt to submit and kept until the server confirms: a retry sends it again. */
  clientSubmissionId: string | null;
  /** A submission was sent and no answer came back: it may be stored, so only that submission may be sent again. */
  submitPending: boolean;
  /**
   * For an open link submitted before any draft was saved: a secret this device makes and sends as the resume token,
   * so that a retry can prove it comes from the same draft and get its receipt back (the id alone does not).
   */
  submitSecret: string | null;
  /** The easy-read switch, and the wordings answered in so far (see `mergeWording`). */
  easyRead: boolean;
  wording: Wording | null;
  /** Help in answering, as stated at the end. */
  assistance: Assistance;
  /** The order drawn for the randomised sections' items (see order.ts); null: none. */
  itemOrder: string[] | null;
}

export type Wording = 'STANDARD' | 'EASY_READ' | 'MIXED';

/** Who helped and how; `assisted` null: not stated. The kinds count only where `assisted`. */
export interface Assistance {
  assisted: boolean | null;
  readAloud: boolean;
  wrote: boolean;
  explained: boolean;
}

/** The wording recorded so far with the one just used: a difference is MIXED. */
export function mergeWording(before: Wording | null, now: Wording): Wording {
  return !before || before === now ? now : 'MIXED';
}

const prefix = 'verdi.survey.';

export function emptyStored(): StoredSurvey {
  return {
    resumeToken: null,
    answers: {},
    pending: false,
    consent: false,
    page: 0,
    clientSubmissionId: null,
    submitPending: false,
    submitSecret: null,
    easyRead: false,
    wording: null,
    assistance: { assisted: null, readAloud: false, wrote: false, explained: false },
    itemOrder: null,
  };
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function readStored(token: string): StoredSurvey | null {
  try {
    const raw = storage()?.getItem(prefix + token);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Record<keyof StoredSurvey, unknown>>;
    return {
      resumeToken: typeof value.resumeToken === 'string' ? value.resumeToken : null,
      answers: readAnswers(value.answers),
      pending: value.pending === true,
      consent: value.consent === true,
      page:
        typeof value.page === 'number' && Number.isInteger(value.page) && value.page >= 0 ? value.page : 0,
      clientSubmissionId: typeof value.clientSubmissionId === 'string' ? value.clientSubmissionId : null,
      submitPending: value.submitPending === true,
      submitSecret: typeof value.submitSecret === 'string' ? value.submitSecret : null,
      easyRead: value.easyRead === true,
      wording: ['STANDARD', 'EASY_READ', 'MIXED'].includes(value.wording as string)
        ? (value.wording as Wording)
        : null,
      assistance: readAssistance(value.assistance),
      itemOrder:
        Array.isArray(value.itemOrder) && value.itemOrder.every((k) => typeof k === 'string')
          ? (value.itemOrder as string[])
          : null,
    };
  } catch {
    return null;
  }
}

function readAssistance(value: unknown): Assistance {
  const given = (typeof value === 'object' && value ? value : {}) as Record<string, unknown>;
  return {
    assisted: typeof given['assisted'] === 'boolean' ? given['assisted'] : null,
    readAloud: given['readAloud'] === true,
    wrote: given['wrote'] === true,
    explained: given['explained'] === true,
  };
}

/** Returns false when the device would not keep it (storage full or turned off). */
export function writeStored(token: string, value: StoredSurvey): boolean {
  try {
    const target = storage();
    if (!target) return false;
    target.setItem(prefix + token, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** 256 random bits, URL-safe, as the server makes its resume tokens. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function removeStored(token: string): void {
  try {
    storage()?.removeItem(prefix + token);
  } catch {
    // Nothing was kept, then.
  }
}
