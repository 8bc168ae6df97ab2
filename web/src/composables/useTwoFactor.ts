import { useMutation } from '@urql/vue';
import {
  ConfirmTwoFactorSetupDocument,
  RegenerateRecoveryCodesDocument,
  ResetTwoFactorDocument,
  StartTwoFactorSetupDocument,
  TurnOffTwoFactorDocument,
} from '@verdi/schema/generated/documents/two-factor';
import { computed, reactive, shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import { toApiError, type ApiError } from './useApiError';
import { useFormErrors, type FieldError } from './useFormErrors';
import { codeShapeOk } from './useSignIn';

/** The status fields come back with the viewer; refreshing `me` after a change shows the new state. */
const userContext = { additionalTypenames: ['User', 'TwoFactorStatus'] };

/** Whatever the server says about a well-formed code (checked before sending), it is wrong or used. */
function wrongCode(field: string): FieldError | undefined {
  return field === 'code' ? { kind: 'known', reason: 'wrongCode' } : undefined;
}

/** The SVG the server drew, as an <img> source: no markup of the server's goes into the page. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

/** A secret in groups of four, easier to read and type into an app. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** The text file of recovery codes a user downloads. */
export function recoveryCodesFile(
  codes: readonly string[],
  title: string,
  note: string,
  email: string,
): string {
  return [title, email, '', ...codes, '', note, ''].join('\n');
}

/** Setting up: password → secret and QR code → a code from the app → recovery codes. */
export function useTwoFactorSetup() {
  const step = shallowRef<'password' | 'scan' | 'codes'>('password');
  const values = reactive({ password: '', code: '' });
  const errors = useFormErrors(['password', 'code'] as const);
  const setup = shallowRef<{ secret: string; qrCodeSvg: string } | null>(null);
  const codes = shallowRef<string[]>([]);
  const start = useMutation(StartTwoFactorSetupDocument);
  const confirm = useMutation(ConfirmTwoFactorSetupDocument);
  const submitting = computed(() => start.fetching.value || confirm.fetching.value);

  async function submitPassword(): Promise<boolean> {
    if (submitting.value) return false;
    if (!errors.check(values.password ? {} : { password: { kind: 'required' } })) return false;
    const result = await start.executeMutation({ input: { password: values.password } });
    values.password = '';
    if (result.error || !result.data) {
      if (result.error)
        errors.fail(result.error, (field) =>
          field === 'password' ? { kind: 'known', reason: 'wrongPassword' } : undefined,
        );
      return false;
    }
    setup.value = result.data.startTwoFactorSetup;
    step.value = 'scan';
    return true;
  }

  async function submitCode(): Promise<boolean> {
    if (submitting.value) return false;
    const code = values.code.trim();
    const problem = !code
      ? { kind: 'required' as const }
      : codeShapeOk(code, false)
        ? null
        : { kind: 'invalid' as const };
    if (!errors.check(problem ? { code: problem } : {})) return false;
    const result = await confirm.executeMutation({ input: { code } }, userContext);
    values.code = '';
    if (result.error || !result.data) {
      if (result.error) errors.fail(result.error, wrongCode);
      return false;
    }
    codes.value = result.data.confirmTwoFactorSetup.codes;
    setup.value = null;
    step.value = 'codes';
    return true;
  }

  function cancel(): void {
    setup.value = null;
    values.code = '';
    errors.clear();
    step.value = 'password';
  }

  return { step, values, ...errors, setup, codes, submitting, submitPassword, submitCode, cancel };
}

/** Ten new recovery codes for a code from the app. */
export function useRegenerateRecoveryCodes() {
  const values = reactive({ code: '' });
  const errors = useFormErrors(['code'] as const);
  const codes = shallowRef<string[]>([]);
  const mutation = useMutation(RegenerateRecoveryCodesDocument);
  const submitting = computed(() => mutation.fetching.value);

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    const code = values.code.trim();
    const problem = !code
      ? { kind: 'required' as const }
      : codeShapeOk(code, false)
        ? null
        : { kind: 'invalid' as const };
    if (!errors.check(problem ? { code: problem } : {})) return false;
    const result = await mutation.executeMutation({ input: { code } }, userContext);
    values.code = '';
    if (result.error || !result.data) {
      if (result.error) errors.fail(result.error, wrongCode);
      return false;
    }
    codes.value = result.data.regenerateRecoveryCodes.codes;
    return true;
  }

  return { values, ...errors, codes, submitting, submit };
}

/** Turning it off with the password and a code (or a recovery code). */
export function useTurnOffTwoFactor() {
  const values = reactive({ password: '', code: '' });
  const errors = useFormErrors(['password', 'code'] as const);
  const done = shallowRef(false);
  const mutation = useMutation(TurnOffTwoFactorDocument);
  const submitting = computed(() => mutation.fetching.value);

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    done.value = false;
    const code = values.code.trim();
    const problems = {
      ...(values.password ? {} : { password: { kind: 'required' as const } }),
      ...(!code
        ? { code: { kind: 'required' as const } }
        : codeShapeOk(code, false) || codeShapeOk(code, true)
          ? {}
          : { code: { kind: 'invalid' as const } }),
    };
    if (!errors.check(problems)) return false;
    const result = await mutation.executeMutation(
      { input: { password: values.password, code } },
      userContext,
    );
    values.password = '';
    values.code = '';
    if (result.error || !result.data) {
      if (result.error)
        errors.fail(result.error, (field) =>
          field === 'password' ? { kind: 'known', reason: 'wrongPassword' } : wrongCode(field),
        );
      return false;
    }
    done.value = true;
    return true;
  }

  return { values, ...errors, done, submitting, submit };
}

/** An admin's reset of another user's two-factor sign-in. */
export function useResetTwoFactor(userId: MaybeRefOrGetter<string>) {
  const error = shallowRef<ApiError | null>(null);
  const done = shallowRef(false);
  const mutation = useMutation(ResetTwoFactorDocument);
  const submitting = computed(() => mutation.fetching.value);

  async function reset(): Promise<boolean> {
    if (submitting.value) return false;
    error.value = null;
    done.value = false;
    const result = await mutation.executeMutation({ userId: toValue(userId) }, userContext);
    if (result.error) {
      error.value = toApiError(result.error);
      return false;
    }
    done.value = true;
    return true;
  }

  return { error, done, submitting, reset };
}
