import { useMutation } from '@urql/vue';
import { ChangePasswordDocument, UpdateMeDocument } from '@verdi/schema/generated/documents/session';
import { computed, reactive, shallowRef, watch } from 'vue';
import { passwordMinLength, useFormErrors, type FieldErrors } from './useFormErrors';
import { useSession } from './useSession';

/** The signed-in user's own name. */
export function useProfileForm() {
  const { user } = useSession();
  const values = reactive({ name: '' });
  const errors = useFormErrors(['name'] as const);
  const saved = shallowRef(false);
  const mutation = useMutation(UpdateMeDocument);
  const submitting = computed(() => mutation.fetching.value);

  watch(
    () => user.value?.id,
    () => {
      if (user.value) values.name = user.value.name;
    },
    { immediate: true },
  );

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    saved.value = false;
    const name = values.name.trim();
    if (!errors.check(name ? {} : { name: { kind: 'required' } })) return false;
    const result = await mutation.executeMutation({ input: { name } });
    if (result.error || !result.data) {
      if (result.error) errors.fail(result.error);
      return false;
    }
    values.name = result.data.updateMe.name;
    saved.value = true;
    return true;
  }

  return { user, values, ...errors, saved, submitting, submit };
}

export const passwordFormFields = ['currentPassword', 'newPassword'] as const;
export type PasswordFormField = (typeof passwordFormFields)[number];

/** Changing one's own password, proven by the current one. */
export function useChangePassword() {
  const values = reactive({ currentPassword: '', newPassword: '' });
  const errors = useFormErrors(passwordFormFields);
  const changed = shallowRef(false);
  const mutation = useMutation(ChangePasswordDocument);
  const submitting = computed(() => mutation.fetching.value);

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    changed.value = false;
    const problems: FieldErrors<PasswordFormField> = {};
    if (!values.currentPassword) problems.currentPassword = { kind: 'required' };
    if (values.newPassword.length < passwordMinLength)
      problems.newPassword = { kind: 'tooShort', min: passwordMinLength };
    if (!errors.check(problems)) return false;
    const result = await mutation.executeMutation({
      input: { currentPassword: values.currentPassword, newPassword: values.newPassword },
    });
    if (result.error || !result.data) {
      if (result.error) {
        // Whatever the server says about the current password, it means this is not it.
        errors.fail(result.error, (field) =>
          field === 'currentPassword' ? { kind: 'known', reason: 'wrongPassword' } : undefined,
        );
        values.currentPassword = '';
      }
      return false;
    }
    values.currentPassword = '';
    values.newPassword = '';
    changed.value = true;
    return true;
  }

  return { values, ...errors, changed, submitting, submit };
}
