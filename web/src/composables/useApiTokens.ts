import { useMutation, useQuery } from '@urql/vue';
import type { ApiTokenFieldsFragment, CreateApiTokenInput } from '@verdi/schema/generated';
import {
  ApiTokensDocument,
  CreateApiTokenDocument,
  RevokeApiTokenDocument,
} from '@verdi/schema/generated/documents/tokens';
import { computed, reactive, shallowRef } from 'vue';
import { toApiError, useApiError, type ApiError } from './useApiError';
import { useFormErrors, type FieldErrors } from './useFormErrors';

// An empty list names no ApiToken type, so creating the first token would not make it stale without this.
const context = { additionalTypenames: ['ApiToken'] };

export type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(token: ApiTokenFieldsFragment, now: Date = new Date()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt) <= now) return 'expired';
  return 'active';
}

export function useApiTokens() {
  const query = useQuery({ query: ApiTokensDocument, requestPolicy: 'cache-and-network', context });

  const tokens = computed(() => query.data.value?.apiTokens ?? []);
  const loaded = computed(() => query.data.value != null);
  const loading = computed(() => query.fetching.value && !loaded.value);
  const error = useApiError(query.error);

  function refetch(): void {
    void query.executeQuery({ requestPolicy: 'network-only' });
  }

  return { tokens, loaded, loading, error, refetch };
}

export const tokenFormFields = ['name', 'expiresInDays'] as const;
export type TokenFormField = (typeof tokenFormFields)[number];

export interface CreatedToken {
  /** Shown this once: the server keeps only a hash of it. */
  secret: string;
  token: ApiTokenFieldsFragment;
}

const maxDays = 3650;

export function useCreateApiToken() {
  const values = reactive({ name: '', expiresInDays: '' });
  const errors = useFormErrors(tokenFormFields);
  const created = shallowRef<CreatedToken | null>(null);
  const mutation = useMutation(CreateApiTokenDocument);
  const submitting = computed(() => mutation.fetching.value);

  function toInput(): { input: CreateApiTokenInput; problems: FieldErrors<TokenFormField> } {
    const problems: FieldErrors<TokenFormField> = {};
    const name = values.name.trim();
    if (!name) problems.name = { kind: 'required' };
    const daysText = values.expiresInDays.trim();
    const days = Number(daysText);
    if (daysText && (!/^\d+$/.test(daysText) || days < 1 || days > maxDays))
      problems.expiresInDays = { kind: 'invalid' };
    return { input: { name, ...(daysText ? { expiresInDays: days } : {}) }, problems };
  }

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    const { input, problems } = toInput();
    if (!errors.check(problems)) return false;
    const result = await mutation.executeMutation({ input }, context);
    if (result.error || !result.data) {
      if (result.error) errors.fail(result.error);
      return false;
    }
    values.name = '';
    values.expiresInDays = '';
    created.value = result.data.createApiToken;
    return true;
  }

  /** Forgets the secret, once the user has saved it. */
  function dismiss(): void {
    created.value = null;
  }

  return { values, ...errors, created, submitting, submit, dismiss };
}

export function useRevokeApiToken() {
  const mutation = useMutation(RevokeApiTokenDocument);
  const error = shallowRef<ApiError | null>(null);
  const revoked = shallowRef<ApiTokenFieldsFragment | null>(null);

  async function revoke(token: ApiTokenFieldsFragment): Promise<boolean> {
    error.value = null;
    revoked.value = null;
    const result = await mutation.executeMutation({ id: token.id });
    if (result.error || !result.data) {
      if (result.error) error.value = toApiError(result.error);
      return false;
    }
    revoked.value = result.data.revokeApiToken;
    return true;
  }

  return { revoke, revoked, error, revoking: mutation.fetching };
}
