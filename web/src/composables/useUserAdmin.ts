import { useMutation, useQuery } from '@urql/vue';
import type {
  Language,
  ProjectRole,
  UpdateUserInput,
  UserMembershipFieldsFragment,
} from '@verdi/schema/generated';
import {
  RemoveMembershipDocument,
  SetMembershipDocument,
  UpdateUserDocument,
  UserDocument,
} from '@verdi/schema/generated/documents/users';
import { computed, reactive, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { toApiError, useApiError, type ApiError } from './useApiError';
import { passwordMinLength, useFormErrors, type FieldErrors } from './useFormErrors';

// A user without memberships names no Membership type; without this, giving the first role would not refresh.
const membershipContext = { additionalTypenames: ['Membership'] };

export const projectRoles = ['RESEARCHER', 'MANAGER'] as const satisfies readonly ProjectRole[];

/** One account as an admin sees it, with its project roles. */
export function useUser(id: MaybeRefOrGetter<string>) {
  const query = useQuery({
    query: UserDocument,
    variables: computed(() => ({ id: toValue(id) })),
    requestPolicy: 'cache-and-network',
    context: membershipContext,
  });

  const user = computed(() => query.data.value?.user ?? null);
  const loading = computed(() => query.fetching.value && !user.value);
  const error = useApiError(query.error);

  function refetch(): void {
    void query.executeQuery({ requestPolicy: 'network-only' });
  }

  return { user, loading, error, refetch };
}

export const userDetailsFields = ['name', 'language', 'isAdmin', 'active'] as const;
export type UserDetailsField = (typeof userDetailsFields)[number];

interface EditableUser {
  id: string;
  name: string;
  language: Language;
  isAdmin: boolean;
  active: boolean;
}

/** The form for an account's name, language, admin rights and whether it is active. */
export function useUserDetailsForm(user: MaybeRefOrGetter<EditableUser | null>) {
  const values = reactive({ name: '', language: 'NB' as Language, isAdmin: false, active: true });
  const errors = useFormErrors(userDetailsFields);
  const saved = shallowRef(false);
  const mutation = useMutation(UpdateUserDocument);
  const submitting = computed(() => mutation.fetching.value);

  function load(from: EditableUser): void {
    Object.assign(values, {
      name: from.name,
      language: from.language,
      isAdmin: from.isAdmin,
      active: from.active,
    });
  }

  // Filled in once per account, so that a background refresh does not overwrite what the admin is typing.
  watch(
    () => toValue(user)?.id,
    () => {
      const current = toValue(user);
      if (current) load(current);
    },
    { immediate: true },
  );

  /** True when saving would deactivate the account, which deserves a confirmation first. */
  const deactivates = computed(() => toValue(user)?.active === true && !values.active);

  function changes(current: EditableUser): UpdateUserInput {
    const input: UpdateUserInput = {};
    const name = values.name.trim();
    if (name !== current.name) input.name = name;
    if (values.language !== current.language) input.language = values.language;
    if (values.isAdmin !== current.isAdmin) input.isAdmin = values.isAdmin;
    if (values.active !== current.active) input.active = values.active;
    return input;
  }

  async function submit(): Promise<boolean> {
    const current = toValue(user);
    if (!current || submitting.value) return false;
    saved.value = false;
    const problems: FieldErrors<UserDetailsField> = {};
    if (!values.name.trim()) problems.name = { kind: 'required' };
    if (!errors.check(problems)) return false;
    const input = changes(current);
    if (Object.keys(input).length === 0) {
      saved.value = true;
      return true;
    }
    const result = await mutation.executeMutation({ id: current.id, input });
    if (result.error || !result.data) {
      if (result.error) {
        // The server refuses these two for one reason only: the last active admin would be gone.
        errors.fail(result.error, (field) =>
          field === 'isAdmin' || field === 'active' ? { kind: 'known', reason: 'lastAdmin' } : undefined,
        );
      }
      return false;
    }
    load(result.data.updateUser);
    saved.value = true;
    return true;
  }

  return { values, ...errors, deactivates, saved, submitting, submit };
}

/** An admin setting a new password for someone who has forgotten theirs. */
export function useSetPassword(userId: MaybeRefOrGetter<string>) {
  const values = reactive({ password: '' });
  const errors = useFormErrors(['password'] as const);
  const saved = shallowRef(false);
  const mutation = useMutation(UpdateUserDocument);
  const submitting = computed(() => mutation.fetching.value);

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    saved.value = false;
    const problems: FieldErrors<'password'> =
      values.password.length < passwordMinLength
        ? { password: { kind: 'tooShort', min: passwordMinLength } }
        : {};
    if (!errors.check(problems)) return false;
    const result = await mutation.executeMutation({
      id: toValue(userId),
      input: { password: values.password },
    });
    if (result.error || !result.data) {
      if (result.error) errors.fail(result.error);
      return false;
    }
    values.password = '';
    saved.value = true;
    return true;
  }

  return { values, ...errors, saved, submitting, submit };
}

export type MembershipChange =
  { kind: 'saved'; project: string; role: ProjectRole } | { kind: 'removed'; project: string };

/** Giving, changing and removing one account's project roles. */
export function useMemberships(userId: MaybeRefOrGetter<string>) {
  const setMutation = useMutation(SetMembershipDocument);
  const removeMutation = useMutation(RemoveMembershipDocument);
  const error = shallowRef<ApiError | null>(null);
  const lastChange = shallowRef<MembershipChange | null>(null);
  const busy = computed(() => setMutation.fetching.value || removeMutation.fetching.value);

  const addValues = reactive({ projectId: '', role: 'RESEARCHER' as ProjectRole });
  const addErrors = useFormErrors(['projectId', 'role'] as const);

  async function setRole(project: { id: string; name: string }, role: ProjectRole): Promise<boolean> {
    error.value = null;
    lastChange.value = null;
    const result = await setMutation.executeMutation(
      { input: { userId: toValue(userId), projectId: project.id, role } },
      membershipContext,
    );
    if (result.error || !result.data) {
      if (result.error) error.value = toApiError(result.error);
      return false;
    }
    lastChange.value = { kind: 'saved', project: project.name, role };
    return true;
  }

  async function add(projects: readonly { id: string; name: string }[]): Promise<boolean> {
    lastChange.value = null;
    const project = projects.find((p) => p.id === addValues.projectId);
    if (!addErrors.check(project ? {} : { projectId: { kind: 'required' } }) || !project) return false;
    error.value = null;
    const result = await setMutation.executeMutation(
      { input: { userId: toValue(userId), projectId: project.id, role: addValues.role } },
      membershipContext,
    );
    if (result.error || !result.data) {
      if (result.error) addErrors.fail(result.error);
      return false;
    }
    lastChange.value = { kind: 'saved', project: project.name, role: addValues.role };
    addValues.projectId = '';
    return true;
  }

  async function remove(membership: UserMembershipFieldsFragment): Promise<boolean> {
    error.value = null;
    lastChange.value = null;
    // The answer is a bare Boolean, which names no type: the context says what it makes stale.
    const result = await removeMutation.executeMutation(
      { userId: toValue(userId), projectId: membership.project.id },
      membershipContext,
    );
    if (result.error || !result.data) {
      if (result.error) error.value = toApiError(result.error);
      return false;
    }
    lastChange.value = { kind: 'removed', project: membership.project.name };
    return true;
  }

  return { setRole, add, remove, addValues, addErrors, error, lastChange, busy };
}
