import { cacheExchange, Client, fetchExchange, getOperationName, mapExchange } from '@urql/vue';

export interface ApiClientOptions {
  url?: string;
  /** Called when the server says the session is gone (expired, signed out in another tab). */
  onUnauthenticated?: () => void;
}

export function createApiClient({ url = '/graphql', onUnauthenticated }: ApiClientOptions = {}): Client {
  return new Client({
    url,
    // Apollo's CSRF prevention rejects urql's GET requests, which carry no content type.
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError(error, operation) {
          // A failed sign-in is UNAUTHENTICATED too, and is answered by the sign-in form itself.
          if (getOperationName(operation.query) === 'SignIn') return;
          if (error.graphQLErrors.some((e) => e.extensions['code'] === 'UNAUTHENTICATED'))
            onUnauthenticated?.();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
