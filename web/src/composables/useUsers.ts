import { useMutation, useQuery } from '@urql/vue';
import type { CreateUserInput, Language, UserFieldsFragment } from '@verdi/schema/generated';
import {
  ApproveUserDocument,
  CreateUserDocument,
  UsersDocument,
} from '@verdi/schema/generated/documents/users';
import { computed, reactive, shallowRef } from 'vue';
import { toApiError, useApiError, type ApiError } from './useApiError';
import { passwordMinLength, useFormErrors, type FieldErrors } from './useFormErrors';

export function useUsers() {
  const query = useQuery({ query: UsersDocument, requestPolicy: 'cache-and-network' });

  const users = computed(() => query.data.value?.users ?? []);
  const loaded = computed(() => query.data.value != null);
  const loading = computed(() => query.fetching.value && !loaded.value);
  const error = useApiError(query.error);

  function refetch(): void {
    void query.executeQuery({ requestPolicy: 'network-only' });
  }

  return { users, loaded, loading, error, refetch };
}

export const userFormFields = ['name', 'email', 'password', 'language', 'isAdmin'] as const;
export type UserFormField = (typeof userFormFields)[number];

function emptyValues() {
  return { name: '', email: '', password: '', language: 'NB' as Language, isAdmin: false };
}

export function useCreateUser() {
  const values = reactive(emptyValues());
  const errors = useFormErrors(userFormFields);
  const created = shallowRef<UserFieldsFragment | null>(null);
  const mutation = useMutation(CreateUserDocument);
  const submitting = computed(() => mutation.fetching.value);

  function toInput(): { input: CreateUserInput; problems: FieldErrors<UserFormField> } {
    const input: CreateUserInput = {
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      language: values.language,
      isAdmin: values.isAdmin,
    };
    const problems: FieldErrors<UserFormField> = {};
    if (!input.name) problems.name = { kind: 'required' };
    if (!input.email) problems.email = { kind: 'required' };
    if (input.password.length < passwordMinLength)
      problems.password = { kind: 'tooShort', min: passwordMinLength };
    return { input, problems };
  }

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    created.value = null;
    const { input, problems } = toInput();
    if (!errors.check(problems)) return false;
    const result = await mutation.executeMutation({ input });
    if (result.error || !result.data) {
      if (result.error) errors.fail(result.error);
      return false;
    }
    Object.assign(values, emptyValues());
    created.value = result.data.createUser;
    return true;
  }

  return { values, ...errors, created, submitting, submit };
}

/** Approving accounts made by single sign-on, one at a time, saying which was approved last. */
export function useApproveUser() {
  const mutation = useMutation(ApproveUserDocument);
  const approved = shallowRef<UserFieldsFragment | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const busy = computed(() => mutation.fetching.value);

  async function approve(id: string): Promise<boolean> {
    if (busy.value) return false;
    approved.value = null;
    error.value = null;
    const result = await mutation.executeMutation({ id });
    if (result.error || !result.data) {
      if (result.error) error.value = toApiError(result.error);
      return false;
    }
    approved.value = result.data.approveUser;
    return true;
  }

  return { approve, approved, error, busy };
}
