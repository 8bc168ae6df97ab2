import { useMutation } from '@urql/vue';
import { CloseWaveDocument, ReopenWaveDocument } from '@verdi/schema/generated';
import { shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';
import { fromLocalInput } from '../model/dates';

/** Closing a round now, and reopening it with a new closing time (or none). */
export function useRoundActions(roundId: MaybeRefOrGetter<string>) {
  const closeMutation = useMutation(CloseWaveDocument);
  const reopenMutation = useMutation(ReopenWaveDocument);
  const closeError = shallowRef<ApiError | null>(null);
  const reopenError = shallowRef<ApiError | null>(null);
  const done = shallowRef<'closed' | 'reopened' | null>(null);

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
    close,
    reopen,
    closeError,
    reopenError,
    done,
    closing: closeMutation.fetching,
    reopening: reopenMutation.fetching,
  };
}
