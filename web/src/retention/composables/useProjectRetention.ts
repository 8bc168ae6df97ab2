import { useMutation, useQuery } from '@urql/vue';
import type { RetentionAction } from '@verdi/schema/generated';
import {
  ProjectRetentionDocument,
  SetProjectRetentionDocument,
} from '@verdi/schema/generated/documents/retention';
import { computed, reactive, shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import { toApiError, useApiError, type ApiError } from '../../composables/useApiError';

export type RetentionField = 'endsOn' | 'action' | 'reference';
export type RetentionFieldProblem =
  { kind: 'required' } | { kind: 'past' } | { kind: 'server'; message: string };

export interface RetentionFormValues {
  endsOn: string;
  action: RetentionAction;
  reference: string;
}

/** Today as YYYY-MM-DD in the browser's calendar; the API checks again in Norway's. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Checks the form as the API will; an empty result means it can be sent. */
export function checkRetentionForm(
  values: RetentionFormValues,
  today: string,
): Partial<Record<RetentionField, RetentionFieldProblem>> {
  const problems: Partial<Record<RetentionField, RetentionFieldProblem>> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.endsOn)) problems.endsOn = { kind: 'required' };
  else if (values.endsOn <= today) problems.endsOn = { kind: 'past' };
  if (!values.reference.trim()) problems.reference = { kind: 'required' };
  return problems;
}

/**
 * A project's retention for its page: the state every member sees in the banner, and the form researchers set it
 * with. The form starts from what is set.
 */
export function useProjectRetention(projectId: MaybeRefOrGetter<string>, now: () => Date = () => new Date()) {
  const query = useQuery({
    query: ProjectRetentionDocument,
    variables: computed(() => ({ id: toValue(projectId) })),
  });
  const retention = computed(() => query.data.value?.project.retention ?? null);
  const error = useApiError(query.error);

  const values = reactive<RetentionFormValues>({ endsOn: '', action: 'ANONYMISE', reference: '' });
  const fieldErrors = shallowRef<Partial<Record<RetentionField, RetentionFieldProblem>>>({});
  const formError = shallowRef<ApiError | null>(null);
  const saved = shallowRef(false);
  const mutation = useMutation(SetProjectRetentionDocument);
  let filled = false;

  /** Fills the form once from what the API has, so an edit starts from the current values. */
  function fillFromCurrent(): void {
    if (filled || !retention.value) return;
    filled = true;
    values.endsOn = retention.value.endsOn;
    values.action = retention.value.action;
    values.reference = retention.value.reference;
  }

  async function submit(): Promise<boolean> {
    if (mutation.fetching.value) return false;
    saved.value = false;
    formError.value = null;
    fieldErrors.value = checkRetentionForm(values, localDay(now()));
    if (Object.keys(fieldErrors.value).length > 0) return false;
    const result = await mutation.executeMutation({
      projectId: toValue(projectId),
      input: { endsOn: values.endsOn, action: values.action, reference: values.reference.trim() },
    });
    if (result.error || !result.data) {
      if (!result.error) return false;
      const apiError = toApiError(result.error);
      const byField: Partial<Record<RetentionField, RetentionFieldProblem>> = {};
      for (const [path, message] of Object.entries(apiError.fields)) {
        const field = path.replace(/^input\./, '');
        if (field === 'endsOn' || field === 'action' || field === 'reference')
          byField[field] = { kind: 'server', message };
      }
      fieldErrors.value = byField;
      formError.value = apiError;
      return false;
    }
    saved.value = true;
    return true;
  }

  return {
    retention,
    loaded: computed(() => query.data.value != null),
    error,
    values,
    fieldErrors,
    formError,
    saved,
    submitting: mutation.fetching,
    fillFromCurrent,
    submit,
  };
}
