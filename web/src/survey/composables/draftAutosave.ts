import { SaveSurveyDraftDocument } from '@verdi/schema/generated/documents/survey';
import { sameAnswer, type Answer } from '../model/answers';
import { toSurveyError } from '../model/errors';
import { answerInputs } from '../model/pages';
import type { SurveyFlowContext } from './surveyState';

/**
 * Saving as the participant goes: a draft sent once they pause, again when answers changed while it was on its way,
 * after a wait when the server cannot be reached, and without the answers the server refused until they change.
 * `recoverReceipt` is the submission's, for answers submitted from another device meanwhile.
 */
export function createDraftAutosave(flow: SurveyFlowContext, recoverReceipt: () => Promise<boolean>) {
  const { client, token } = flow.options;
  const debounceMs = flow.options.debounceMs ?? 1500;

  /** Goes up with every change, so that a save knows whether it covered the latest answers. */
  let version = 0;
  /** Answers the server refused, so that the next save leaves them out instead of failing again. */
  let refused: Record<string, Answer | undefined> = {};
  let debounceTimer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;
  let saveAgain = false;

  /** Saving is for those who have started (and consented where asked), and stops once a submission is under way. */
  function maySave(): boolean {
    return (
      flow.stored.consent &&
      (flow.phase.value === 'questions' || flow.phase.value === 'linkage') &&
      !flow.stored.submitPending &&
      flow.submitState.value !== 'submitting'
    );
  }

  function stop(): void {
    if (debounceTimer) clearTimeout(debounceTimer);
    debounceTimer = null;
  }

  /** Sends the answers so far now; resolves when this save (and any it was asked to repeat) is done. */
  async function save(): Promise<void> {
    stop();
    if (flow.disposed || !maySave() || !flow.stored.pending) return;
    if (saving) {
      saveAgain = true;
      return saving;
    }
    flow.retry.cancel();
    const coveredVersion = version;
    const wasOffline = flow.saveState.value === 'offline';
    flow.saveState.value = 'saving';
    saving = (async () => {
      const result = await client
        .mutation(SaveSurveyDraftDocument, {
          input: {
            token,
            resumeToken: flow.resumeToken.value,
            // Answers the server refused are left out until they change.
            answers: answerInputs(
              flow.pages.value,
              flow.answers.value,
              false,
              (key, answer) => key in refused && sameAnswer(refused[key], answer),
            ),
            language: flow.options.language(),
            consent: true,
            ...(flow.stored.itemOrder && { itemOrder: flow.stored.itemOrder }),
            wording: flow.wording.value,
          },
        })
        .toPromise();
      if (flow.disposed) return;
      if (result.data) {
        flow.retry.reset();
        const given = result.data.saveSurveyDraft.resumeToken;
        if (given) flow.resumeToken.value = given;
        if (coveredVersion === version) {
          flow.stored.pending = false;
          flow.saveState.value = 'saved';
        } else {
          flow.saveState.value = 'unsaved';
          saveAgain = true;
        }
        flow.persist();
        return;
      }
      const error = result.error ? toSurveyError(result.error) : null;
      switch (error?.code) {
        case 'NETWORK_ERROR':
          flow.saveState.value = 'offline';
          flow.retry.schedule(() => void save());
          return;
        case 'BAD_USER_INPUT':
          if (
            Object.keys(error.items).some(
              (key) => !(key in refused) || !sameAnswer(refused[key], flow.answers.value[key]),
            )
          ) {
            // Keep what the participant wrote, say what is wrong next to it, and save the rest without it.
            flow.showServerProblems(error.items);
            for (const key of Object.keys(error.items)) refused[key] = flow.answers.value[key];
            flow.saveState.value = 'unsaved';
            saveAgain = true;
            return;
          }
          // Sending the same input again would be refused again (a field the page cannot fix, such as text the server
          // cannot store): no retry; the next change the participant makes is sent as a new save.
          flow.saveState.value = 'failed';
          return;
        case 'ALREADY_SUBMITTED':
          // Submitted from another device meanwhile: with the resume token this device gets the same receipt.
          if (!(await recoverReceipt())) flow.becomeUnavailable(error);
          return;
        case 'NOT_FOUND':
        case 'ROUND_NOT_OPEN':
        case 'CODE_USED':
          flow.becomeUnavailable(error);
          return;
        default:
          flow.saveState.value = wasOffline ? 'offline' : 'failed';
          flow.retry.schedule(() => void save());
      }
    })();
    try {
      await saving;
    } finally {
      saving = null;
    }
    if (saveAgain && !flow.disposed) {
      saveAgain = false;
      await save();
    }
  }

  return {
    save,
    /** Clears the wait before the next save. */
    stop,
    /** An answer changed: kept on the device at once, and sent once the participant pauses. */
    changed(): void {
      version += 1;
      flow.stored.pending = true;
      flow.persist();
      if (flow.saveState.value !== 'offline') flow.saveState.value = 'unsaved';
      if (maySave()) {
        stop();
        debounceTimer = setTimeout(() => {
          debounceTimer = null;
          void save();
        }, debounceMs);
      }
    },
    /** Leaving the page: sends what is unsent now rather than after the wait (it is kept on the device either way). */
    flush(): void {
      if (flow.stored.pending && maySave() && !saving) void save();
    },
    /** The save on its way, for a submission to wait for. */
    saving: () => saving,
    /** Declined: the answers the server refused are forgotten with the rest. */
    forget(): void {
      refused = {};
    },
  };
}
