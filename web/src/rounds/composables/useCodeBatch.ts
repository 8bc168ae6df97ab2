import { useMutation } from '@urql/vue';
import type { RespondentRole } from '@verdi/schema/generated';
import { CreateInvitationCodesDocument } from '@verdi/schema/generated/documents/rounds';
import { reactive, shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';

export interface CodeBatch {
  role: RespondentRole;
  codes: readonly string[];
  csv: string;
}

export type CodeBatchField = 'role' | 'count' | 'batch';

/** Making a batch of single-use codes for one role; the codes are held here only until the user dismisses them. */
export function useCodeBatch(roundId: MaybeRefOrGetter<string>) {
  const values = reactive<{ role: RespondentRole | ''; count: string; batch: string }>({
    role: '',
    count: '10',
    batch: '',
  });
  const fieldErrors = shallowRef<Partial<Record<CodeBatchField, 'required' | 'count' | string>>>({});
  const formError = shallowRef<ApiError | null>(null);
  const batch = shallowRef<CodeBatch | null>(null);
  const mutation = useMutation(CreateInvitationCodesDocument);

  async function create(): Promise<CodeBatch | null> {
    if (mutation.fetching.value) return null;
    formError.value = null;
    const problems: Partial<Record<CodeBatchField, string>> = {};
    if (!values.role) problems.role = 'required';
    const count = Number(values.count.trim());
    if (!/^\d+$/.test(values.count.trim()) || count < 1 || count > 1000) problems.count = 'count';
    fieldErrors.value = problems;
    if (Object.keys(problems).length > 0 || !values.role) return null;

    const role = values.role;
    const result = await mutation.executeMutation({
      input: { roundId: toValue(roundId), role, count, batch: values.batch.trim() || null },
    });
    if (result.error || !result.data) {
      if (result.error) {
        const error = toApiError(result.error);
        fieldErrors.value = Object.fromEntries(
          Object.entries(error.fields).filter(([field]) => ['role', 'count', 'batch'].includes(field)),
        );
        formError.value = error;
      }
      return null;
    }
    batch.value = {
      role,
      codes: result.data.createInvitationCodes.codes,
      csv: result.data.createInvitationCodes.csv,
    };
    values.batch = '';
    return batch.value;
  }

  function dismiss(): void {
    batch.value = null;
  }

  return { values, fieldErrors, formError, batch, creating: mutation.fetching, create, dismiss };
}
