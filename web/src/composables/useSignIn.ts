import { useMutation } from '@urql/vue';
import { SignInDocument } from '@verdi/schema/generated/documents/session';
import { CompleteSignInDocument } from '@verdi/schema/generated/documents/two-factor';
import { computed, reactive, ref } from 'vue';
import { toApiError, type ApiErrorCode } from './useApiError';
import { useLocale } from './useLocale';

export type SignInField = 'email' | 'password' | 'code';
export type SignInFieldError =
  | { kind: 'required' }
  | { kind: 'server'; message: string }
  /** Not the shape of a code: six digits, or a recovery code of sixteen letters and digits. */
  | { kind: 'invalid' }
  /** A code that is wrong or used: said in the user's language, not the server's. */
  | { kind: 'wrongCode' };

/** The shapes the server takes (see `kindOfCode` in the api): spaces and dashes do not count. */
export function codeShapeOk(code: string, recovery: boolean): boolean {
  const compact = code.replace(/[\s-]/g, '');
  return recovery ? /^[a-z2-9]{16}$/i.test(compact) : /^\d{6}$/.test(compact);
}

/**
 * What a step ended in: signed in; the password was right and a code is due; signed in, but only to set up
 * two-factor sign-in; or nothing (the form shows why).
 */
export type SignInOutcome = 'signedIn' | 'secondFactor' | 'enrolment' | false;

export function useSignIn() {
  const values = reactive({ email: '', password: '', code: '' });
  /** `password` first; `code` once the password was right and the account uses two-factor sign-in. */
  const step = ref<'password' | 'code'>('password');
  /** Whether the second step takes a recovery code rather than the app's code. */
  const useRecoveryCode = ref(false);
  /** Set when a second step ended (expired, too many wrong codes) and the user must start again. */
  const startedOver = ref(false);
  const fieldErrors = ref<Partial<Record<SignInField, SignInFieldError>>>({});
  /** UNAUTHENTICATED means a wrong email or password; the server does not say which. */
  const errorCode = ref<ApiErrorCode | null>(null);
  /** With RATE_LIMITED: how long the server asks to wait (a few seconds, at most about a minute, usually). */
  const retryAfterSeconds = ref<number | null>(null);
  const mutation = useMutation(SignInDocument);
  const complete = useMutation(CompleteSignInDocument);
  const submitting = computed(() => mutation.fetching.value || complete.fetching.value);
  const { applyAccountLanguage } = useLocale();

  async function submit(): Promise<SignInOutcome> {
    if (submitting.value) return false;
    errorCode.value = null;
    retryAfterSeconds.value = null;
    startedOver.value = false;
    const email = values.email.trim();
    const missing: Partial<Record<SignInField, SignInFieldError>> = {};
    if (!email) missing.email = { kind: 'required' };
    if (!values.password) missing.password = { kind: 'required' };
    fieldErrors.value = missing;
    if (Object.keys(missing).length > 0) return false;

    const result = await mutation.executeMutation({ input: { email, password: values.password } });
    values.password = '';
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
      return false;
    }
    const signIn = result.data?.signIn;
    if (!signIn) return false;
    if (signIn.secondFactorRequired) {
      step.value = 'code';
      values.code = '';
      useRecoveryCode.value = false;
      return 'secondFactor';
    }
    if (!signIn.user) return false;
    applyAccountLanguage(signIn.user.language);
    return signIn.enrolmentRequired ? 'enrolment' : 'signedIn';
  }

  /** The second step: the app's code or a recovery code. */
  async function submitCode(): Promise<SignInOutcome> {
    if (submitting.value) return false;
    errorCode.value = null;
    const code = values.code.trim();
    fieldErrors.value = !code
      ? { code: { kind: 'required' } }
      : codeShapeOk(code, useRecoveryCode.value)
        ? {}
        : { code: { kind: 'invalid' } };
    if (fieldErrors.value.code) return false;
    const result = await complete.executeMutation({ input: { code } });
    values.code = '';
    if (result.error) {
      const error = toApiError(result.error);
      if (error.code === 'UNAUTHENTICATED') {
        startOver();
        startedOver.value = true;
        return false;
      }
      if (error.code === 'BAD_USER_INPUT') {
        // The shape was checked before sending, so a refused code is wrong or used.
        fieldErrors.value = { code: { kind: 'wrongCode' } };
        return false;
      }
      errorCode.value = error.code;
      return false;
    }
    const user = result.data?.completeSignIn.user;
    if (!user) return false;
    applyAccountLanguage(user.language);
    return 'signedIn';
  }

  function toggleRecoveryCode(): void {
    useRecoveryCode.value = !useRecoveryCode.value;
    values.code = '';
    fieldErrors.value = {};
    errorCode.value = null;
  }

  /** Back to email and password. */
  function startOver(): void {
    step.value = 'password';
    values.code = '';
    useRecoveryCode.value = false;
    fieldErrors.value = {};
    errorCode.value = null;
  }

  return {
    values,
    step,
    useRecoveryCode,
    startedOver,
    fieldErrors,
    errorCode,
    retryAfterSeconds,
    submitting,
    submit,
    submitCode,
    toggleRecoveryCode,
    startOver,
  };
}
