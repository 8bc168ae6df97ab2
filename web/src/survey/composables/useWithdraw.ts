import { useMutation } from '@urql/vue';
import { WithdrawSurveyResponseDocument } from '@verdi/schema/generated/documents/survey';
import { ref } from 'vue';
import { toSurveyError } from '../model/errors';

export type WithdrawStep = 'enter' | 'confirm' | 'deleting' | 'done';
export type WithdrawProblem = 'required' | 'invalid' | 'notFound' | 'offline' | 'failed';

/** A receipt code as printed, whatever the case and spacing it was typed with: "ABCD-EFGH-JKMN". */
export function normaliseReceipt(value: string): string | null {
  const clean = value.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (clean.length !== 12) return null;
  return `${clean.slice(0, 4)}-${clean.slice(4, 8)}-${clean.slice(8)}`;
}

/** Withdrawing a submission with its receipt code: enter, confirm, then the answers are deleted. */
export function useWithdraw() {
  const code = ref('');
  const step = ref<WithdrawStep>('enter');
  const problem = ref<WithdrawProblem | null>(null);
  const receipt = ref<string | null>(null);
  const withdrawnOn = ref<string | null>(null);
  const mutation = useMutation(WithdrawSurveyResponseDocument);

  /** Checks the code and asks for confirmation; nothing is sent yet. */
  function review(): boolean {
    const normalised = normaliseReceipt(code.value);
    problem.value = code.value.trim() === '' ? 'required' : normalised ? null : 'invalid';
    if (!normalised) return false;
    receipt.value = normalised;
    step.value = 'confirm';
    return true;
  }

  function cancel(): void {
    step.value = 'enter';
  }

  async function confirm(): Promise<boolean> {
    if (!receipt.value || step.value !== 'confirm') return false;
    step.value = 'deleting';
    const result = await mutation.executeMutation({ receiptCode: receipt.value });
    if (result.data) {
      withdrawnOn.value = result.data.withdrawSurveyResponse.withdrawnOn;
      code.value = '';
      step.value = 'done';
      return true;
    }
    const error = result.error ? toSurveyError(result.error) : null;
    problem.value =
      error?.code === 'NOT_FOUND' ? 'notFound' : error?.code === 'NETWORK_ERROR' ? 'offline' : 'failed';
    step.value = 'enter';
    return false;
  }

  function again(): void {
    code.value = '';
    receipt.value = null;
    withdrawnOn.value = null;
    problem.value = null;
    step.value = 'enter';
  }

  return { code, step, problem, receipt, withdrawnOn, review, cancel, confirm, again };
}
