import { useMutation, useQuery, type Client } from '@urql/vue';
import type { ViewerFieldsFragment } from '@verdi/schema/generated';
import { MeDocument, SignOutDocument } from '@verdi/schema/generated/documents/session';
import { computed } from 'vue';
import { canAccess, type Access } from '../access';
import { rememberLocaleChosen } from '../i18n';

// `me` is null when signed out, and a null names no type: this lets a signed-in User from the
// SignIn mutation make the cached answer stale.
export const meContext = { additionalTypenames: ['User'] };

/** Who is signed in, as known to the router guard before any component exists. */
export async function fetchViewer(client: Client): Promise<ViewerFieldsFragment | null | 'unknown'> {
  const result = await client.query(MeDocument, {}, meContext).toPromise();
  if (result.error) return 'unknown';
  return result.data?.me ?? null;
}

export function useSession() {
  const query = useQuery({ query: MeDocument, context: meContext });
  const signOutMutation = useMutation(SignOutDocument);

  const user = computed(() => query.data.value?.me ?? null);
  const isAdmin = computed(() => user.value?.isAdmin ?? false);

  /** Whether the signed-in user may use pages for `access`; false when nobody is signed in. */
  function may(access: Access): boolean {
    return user.value ? canAccess(user.value, access) : false;
  }

  /** Ends the session; the caller then leaves the page so that no cached data of this user stays behind. */
  async function signOut(): Promise<boolean> {
    const result = await signOutMutation.executeMutation({});
    // The next person at this browser gets their own saved language, not the language this user picked.
    rememberLocaleChosen(false);
    return !result.error;
  }

  return { user, isAdmin, may, loading: query.fetching, signOut };
}
