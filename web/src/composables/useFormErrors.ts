import type { CombinedError } from '@urql/vue';
import { shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { toApiError, type ApiError } from './useApiError';

/** What is wrong with one field: found before sending, or said by the server. */
export type FieldError =
  | { kind: 'required' }
  | { kind: 'tooShort'; min: number }
  | { kind: 'invalid' }
  | { kind: 'server'; message: string }
  /** A server refusal whose one cause the form knows, so it can say it in the user's language. */
  | { kind: 'known'; reason: 'wrongPassword' | 'lastAdmin' | 'wrongCode' };

export type FieldErrors<F extends string> = Partial<Record<F, FieldError>>;

/** The API's minimum password length (see CreateUserInput in the schema). */
export const passwordMinLength = 12;

/** The error state of one form: a problem per field, and one for the form as a whole. */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const fieldErrors = shallowRef<FieldErrors<F>>({});
  const formError = shallowRef<ApiError | null>(null);
  /** Server messages about inputs that have no field in this form. */
  const otherMessages = shallowRef<string[]>([]);

  function isField(field: string): field is F {
    return (fields as readonly string[]).includes(field);
  }

  function clear(): void {
    fieldErrors.value = {};
    formError.value = null;
    otherMessages.value = [];
  }

  /** Shows the problems found before sending; true when there are none. */
  function check(problems: FieldErrors<F>): boolean {
    clear();
    fieldErrors.value = problems;
    return Object.keys(problems).length === 0;
  }

  /** Shows the server's refusal; `known` turns a field's message into a reason the form can translate. */
  function fail(
    error: CombinedError,
    known?: (field: F, message: string) => FieldError | undefined,
  ): ApiError {
    const apiError = toApiError(error);
    const byField: FieldErrors<F> = {};
    const other: string[] = [];
    for (const [field, message] of Object.entries(apiError.fields)) {
      if (isField(field)) byField[field] = known?.(field, message) ?? { kind: 'server', message };
      else other.push(message);
    }
    fieldErrors.value = byField;
    otherMessages.value = other;
    formError.value = apiError;
    return apiError;
  }

  return { fieldErrors, formError, otherMessages, clear, check, fail };
}

/** Turns a field's problem into the sentence shown under it. */
export function useFieldErrorText() {
  const { t } = useI18n();
  return (
    error: FieldError | undefined,
    texts: { required?: string; invalid?: string } = {},
  ): string | null => {
    if (!error) return null;
    switch (error.kind) {
      case 'required':
        return texts.required ?? t('form.required');
      case 'tooShort':
        return t('form.tooShort', { min: error.min });
      case 'invalid':
        return texts.invalid ?? t('form.invalid');
      case 'server':
        return error.message;
      case 'known':
        return error.reason === 'wrongPassword'
          ? t('account.currentWrong')
          : error.reason === 'wrongCode'
            ? t('twoFactor.wrongCode')
            : t('user.lastAdmin');
    }
  };
}

/** After a failed submit: focus the first field to fix, else the form's error message. */
export function focusFirstError(container: HTMLElement | null | undefined): void {
  const target =
    container?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
    container?.querySelector<HTMLElement>('[role="alert"]');
  target?.focus();
}
