import { useMutation } from '@urql/vue';
import {
  CloseRoundDocument,
  CopyRoundDocument,
  OpenRoundDocument,
  ReopenRoundDocument,
} from '@verdi/schema/generated/documents/rounds';
import { shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';
import { fromLocalInput } from '../model/dates';
import { placeholdersOf, type Placeholder } from '../model/placeholders';
import { missingTextsOf, type EditProblem } from './useEditRound';

/** Opening a draft, closing a round now, reopening it with a new closing time (or none), and copying it. */
export function useRoundActions(roundId: MaybeRefOrGetter<string>) {
  const closeMutation = useMutation(CloseRoundDocument);
  const reopenMutation = useMutation(ReopenRoundDocument);
  const closeError = shallowRef<ApiError | null>(null);
  const reopenError = shallowRef<ApiError | null>(null);
  const done = shallowRef<'closed' | 'reopened' | 'opened' | null>(null);
  const openMutation = useMutation(OpenRoundDocument);
  const openError = shallowRef<ApiError | null>(null);
  /** What the API said must be filled in before the round can open. */
  const openRefused = shallowRef<Placeholder[]>([]);
  /** The texts the API said are missing in a language the round offers. */
  const openMissing = shallowRef<EditProblem | null>(null);
  const copyMutation = useMutation(CopyRoundDocument);
  const copyError = shallowRef<ApiError | null>(null);

  async function open(): Promise<boolean> {
    openError.value = null;
    openRefused.value = [];
    openMissing.value = null;
    done.value = null;
    const result = await openMutation.executeMutation({ id: toValue(roundId) });
    if (result.error) {
      openError.value = toApiError(result.error);
      openRefused.value = placeholdersOf(result.error.graphQLErrors[0]?.extensions);
      openMissing.value = missingTextsOf(result.error.graphQLErrors[0]?.extensions);
      return false;
    }
    done.value = 'opened';
    return true;
  }

  /** The new round's id, or null when the copy failed. */
  async function copy(label?: string): Promise<string | null> {
    copyError.value = null;
    const result = await copyMutation.executeMutation({ id: toValue(roundId), label: label ?? null });
    if (result.error || !result.data) {
      if (result.error) copyError.value = toApiError(result.error);
      return null;
    }
    return result.data.copyRound.id;
  }

  async function close(): Promise<boolean> {
    closeError.value = null;
    done.value = null;
    const result = await closeMutation.executeMutation({ id: toValue(roundId) });
    if (result.error) {
      closeError.value = toApiError(result.error);
      return false;
    }
    done.value = 'closed';
    return true;
  }

  /** `closesAt` as typed in a datetime-local field; empty for no closing time. */
  async function reopen(closesAt: string): Promise<boolean> {
    reopenError.value = null;
    done.value = null;
    const when = closesAt.trim() ? fromLocalInput(closesAt) : null;
    if (closesAt.trim() && !when) {
      reopenError.value = {
        code: 'BAD_USER_INPUT',
        message: 'closesAt is not a time',
        fields: { closesAt: '' },
      };
      return false;
    }
    const result = await reopenMutation.executeMutation({ id: toValue(roundId), closesAt: when });
    if (result.error) {
      reopenError.value = toApiError(result.error);
      return false;
    }
    done.value = 'reopened';
    return true;
  }

  return {
    open,
    openError,
    openRefused,
    openMissing,
    opening: openMutation.fetching,
    copy,
    copyError,
    copying: copyMutation.fetching,
    close,
    reopen,
    closeError,
    reopenError,
    done,
    closing: closeMutation.fetching,
    reopening: reopenMutation.fetching,
  };
}
