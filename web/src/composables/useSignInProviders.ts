import { useQuery } from '@urql/vue';
import { SignInProvidersDocument } from '@verdi/schema/generated/documents/sso';
import { computed, toValue, type MaybeRefOrGetter } from 'vue';

/** The `sso` codes the API sends the sign-in page back with; anything else is shown as a general failure. */
export const ssoFailures = [
  'unknown_provider',
  'provider_error',
  'state',
  'unavailable',
  'failed',
  'email_unverified',
  'deactivated',
  'already_linked',
] as const;
export type SsoFailure = (typeof ssoFailures)[number] | 'other';

export function ssoFailureOf(value: unknown): SsoFailure | null {
  if (typeof value !== 'string' || value === '') return null;
  return (ssoFailures as readonly string[]).includes(value) ? (value as SsoFailure) : 'other';
}

/**
 * The single sign-on buttons: plain links to the API's /auth/oidc/<id>/start, which sends the browser on to the
 * provider (a full page load, not a request of the app).
 */
export function useSignInProviders(redirect: MaybeRefOrGetter<string | null>) {
  const query = useQuery({ query: SignInProvidersDocument });
  const providers = computed(() =>
    (query.data.value?.signInProviders ?? []).map((provider) => {
      const target = toValue(redirect);
      const params = target ? `?${new URLSearchParams({ redirect: target })}` : '';
      return { ...provider, href: `/auth/oidc/${encodeURIComponent(provider.id)}/start${params}` };
    }),
  );
  return { providers };
}
