import { useMutation } from '@urql/vue';
import { SignInDocument } from '@verdi/schema/generated';
import { computed, reactive, ref } from 'vue';
import { toApiError, type ApiErrorCode } from './useApiError';
import { useLocale } from './useLocale';

export type SignInField = 'email' | 'password';
export type SignInFieldError = { kind: 'required' } | { kind: 'server'; message: string };

export function useSignIn() {
  const values = reactive({ email: '', password: '' });
  const fieldErrors = ref<Partial<Record<SignInField, SignInFieldError>>>({});
  /** UNAUTHENTICATED means a wrong email or password; the server does not say which. */
  const errorCode = ref<ApiErrorCode | null>(null);
  /** With RATE_LIMITED: how long the server asks to wait (a few seconds, at most about a minute, usually). */
  const retryAfterSeconds = ref<number | null>(null);
  const mutation = useMutation(SignInDocument);
  const submitting = computed(() => mutation.fetching.value);
  const { applyAccountLanguage } = useLocale();

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    errorCode.value = null;
    retryAfterSeconds.value = null;
    const email = values.email.trim();
    const missing: Partial<Record<SignInField, SignInFieldError>> = {};
    if (!email) missing.email = { kind: 'required' };
    if (!values.password) missing.password = { kind: 'required' };
    fieldErrors.value = missing;
    if (Object.keys(missing).length > 0) return false;

    const result = await mutation.executeMutation({ input: { email, password: values.password } });
    if (result.error) {
      const error = toApiError(result.error);
      const serverErrors: Partial<Record<SignInField, SignInFieldError>> = {};
      for (const field of ['email', 'password'] as const) {
        const message = error.fields[field];
        if (message) serverErrors[field] = { kind: 'server', message };
      }
      fieldErrors.value = serverErrors;
      errorCode.value = error.code;
      retryAfterSeconds.value = error.retryAfterSeconds ?? null;
      values.password = '';
      return false;
    }
    values.password = '';
    if (!result.data) return false;
    applyAccountLanguage(result.data.signIn.user.language);
    return true;
  }

  return { values, fieldErrors, errorCode, retryAfterSeconds, submitting, submit };
}
