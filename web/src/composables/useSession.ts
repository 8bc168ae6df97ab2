import { useMutation, useQuery, type Client } from '@urql/vue';
import { MeDocument, SignOutDocument, type ViewerFieldsFragment } from '@verdi/schema/generated';
import { computed } from 'vue';

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

  /** Ends the session; the caller then leaves the page so that no cached data of this user stays behind. */
  async function signOut(): Promise<boolean> {
    const result = await signOutMutation.executeMutation({});
    return !result.error;
  }

  return { user, isAdmin, loading: query.fetching, signOut };
}
