import { SubmitSurveyResponseDocument } from '@verdi/schema/generated/documents/survey';
import { toSurveyError, type SurveyError } from '../model/errors';
import { answerInputs, problemsOn, report, type MoveResult } from '../model/pages';
import { emptyStored, newSecret, removeStored, type Assistance } from '../model/storage';
import type { SurveyFlowContext } from './surveyState';

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
 * Submitting the answers once: checked first, sent with a submission id kept on the device (so that a retry after a
 * lost connection gets the same receipt), and the receipt asked for again when its answer never came back.
 * `savingDraft` is the draft save on its way, which a submission waits for; `showFirstProblem` the page navigation's.
 */
/** Help as the server takes it: how someone helped only where someone did. */
function assistanceInput({ assisted, readAloud, wrote, explained }: Assistance) {
  return assisted === null ? null : assisted ? { assisted, readAloud, wrote, explained } : { assisted };
}

export function createSubmission(
  flow: SurveyFlowContext,
  savingDraft: () => Promise<void> | null,
  showFirstProblem: () => MoveResult,
) {
  const { client, token } = flow.options;
  const newSubmissionId = flow.options.newSubmissionId ?? newUuid;
  let lastLinkageCode: string | null = null;

  function finish(given: { receiptCode: string; submittedOn: string }): void {
    flow.clearTimers();
    flow.receipt.value = { receiptCode: given.receiptCode, submittedOn: given.submittedOn };
    removeStored(token);
    Object.assign(flow.stored, emptyStored());
    flow.answers.value = {};
    flow.resumeToken.value = null;
    flow.submitState.value = 'idle';
    flow.saveState.value = 'idle';
    flow.phase.value = 'submitted';
  }

  /**
   * Asks for the receipt of answers already submitted, from this device (its submission id) or from another (the
   * resume token is the proof the server wants; with it, any submission id gets the first receipt).
   */
  async function recoverReceipt(): Promise<boolean> {
    const secret = flow.stored.resumeToken ?? flow.stored.submitSecret;
    if (!flow.stored.clientSubmissionId && !secret) return false;
    const result = await client
      .mutation(SubmitSurveyResponseDocument, {
        input: {
          token,
          clientSubmissionId: flow.stored.clientSubmissionId ?? newSubmissionId(),
          resumeToken: secret,
          answers: [],
          language: flow.options.language(),
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
    if (!flow.survey.value || flow.submitState.value === 'submitting') return { ok: false };
    lastLinkageCode = linkageCode;
    flow.submitError.value = null;
    const found = problemsOn(flow.pages.value, flow.answers.value, true);
    if (!report(flow.pages.value, found).ok) {
      flow.itemProblems.value = found;
      return showFirstProblem();
    }
    flow.clearTimers();
    // From here no draft may be sent: one arriving after the submission would start a new response.
    flow.submitState.value = 'submitting';
    const saving = savingDraft();
    if (saving) await saving;
    if (!flow.stored.clientSubmissionId) flow.stored.clientSubmissionId = newSubmissionId();
    if (flow.survey.value.kind === 'OPEN_LINK' && !flow.resumeToken.value && !flow.stored.submitSecret)
      flow.stored.submitSecret = newSecret();
    flow.stored.submitPending = true;
    flow.persist();
    const result = await client
      .mutation(SubmitSurveyResponseDocument, {
        input: {
          token,
          clientSubmissionId: flow.stored.clientSubmissionId,
          resumeToken: flow.resumeToken.value ?? flow.stored.submitSecret,
          answers: answerInputs(flow.pages.value, flow.answers.value, true),
          language: flow.options.language(),
          consent: true,
          linkageCode: flow.survey.value.round.linkage ? linkageCode : null,
          wording: flow.wording.value,
          assistance: assistanceInput(flow.assistance.value),
          ...(flow.stored.itemOrder && { itemOrder: flow.stored.itemOrder }),
        },
      })
      .toPromise();
    if (flow.disposed) return { ok: false };
    if (result.data) {
      flow.retry.reset();
      finish(result.data.submitSurveyResponse);
      return { ok: true };
    }
    const error = result.error
      ? toSurveyError(result.error)
      : ({ code: 'SERVER_ERROR', items: {}, fields: {}, opensOn: null } satisfies SurveyError);
    if (error.code === 'NETWORK_ERROR' || error.code === 'SERVER_ERROR') {
      // The server may have stored it and the answer got lost: only the same id may be sent from now on.
      flow.submitState.value = 'offline';
      flow.submitError.value = error;
      flow.retry.schedule(() => void submit());
      return { ok: false };
    }
    // The server said no, so it stored nothing: saving as they go may resume.
    flow.stored.submitPending = false;
    flow.persist();
    if (error.code === 'BAD_USER_INPUT' && Object.keys(error.items).length > 0) {
      flow.submitState.value = 'idle';
      flow.showServerProblems(error.items);
      return showFirstProblem();
    }
    if (
      error.code === 'NOT_FOUND' ||
      error.code === 'ROUND_NOT_OPEN' ||
      error.code === 'CODE_USED' ||
      error.code === 'ALREADY_SUBMITTED'
    ) {
      flow.submitState.value = 'idle';
      flow.becomeUnavailable(error);
      return { ok: false };
    }
    flow.submitState.value = 'failed';
    flow.submitError.value = error;
    return { ok: false };
  }

  return { submit, recoverReceipt };
}
