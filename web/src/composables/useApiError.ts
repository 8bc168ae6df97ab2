import type { CombinedError } from '@urql/vue';
import type { ErrorCode } from '@verdi/schema/error-codes';
import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue';

/**
 * The API's codes these pages word (`errors.<code>` in the messages), plus one for when the server could not be
 * reached. Checked against the list the API generates (`@verdi/schema/error-codes`), so a code the API renames or
 * drops fails the type check here instead of silently becoming INTERNAL_SERVER_ERROR.
 */
export const apiErrorCodes = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'RATE_LIMITED',
  'DATABASE_UNAVAILABLE',
  'REQUEST_TIMEOUT',
  'RETENTION_DONE',
  'MAIL_NOT_CONFIGURED',
  'MAIL_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'NETWORK_ERROR',
] as const satisfies readonly (ErrorCode | 'NETWORK_ERROR')[];

export type ApiErrorCode = (typeof apiErrorCodes)[number];

export interface ApiError {
  code: ApiErrorCode;
  /** The server's own message, for logs and developers; users see a translation of `code`. */
  message: string;
  /** Input field name → the server's message about that field (from a BAD_USER_INPUT error). */
  fields: Record<string, string>;
  /** With RATE_LIMITED: the whole seconds to wait before trying again. */
  retryAfterSeconds?: number;
  /** With MAIL_UNAVAILABLE: why the mail server could not be used (CONNECTION, AUTH, TLS or TIMEOUT). */
  reason?: string;
}

function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (apiErrorCodes as readonly string[]).includes(value);
}

function readFields(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(value)) {
    // The server names a field by its path in the input; forms only know the field's own name.
    const field = path.replace(/^input\./, '');
    if (typeof message === 'string' && message.length > 0) fields[field] = message;
  }
  return fields;
}

export function toApiError(error: CombinedError): ApiError {
  const [first] = error.graphQLErrors;
  if (!first) {
    return { code: 'NETWORK_ERROR', message: error.networkError?.message ?? error.message, fields: {} };
  }
  const code = first.extensions['code'];
  const fields = Object.assign({}, ...error.graphQLErrors.map((e) => readFields(e.extensions['fields'])));
  const retryAfter = first.extensions['retryAfterSeconds'];
  const reason = first.extensions['reason'];
  return {
    // A code we do not know (e.g. GRAPHQL_VALIDATION_FAILED after a deploy) is still a server-side failure.
    code: isApiErrorCode(code) ? code : 'INTERNAL_SERVER_ERROR',
    message: first.message,
    fields,
    ...(typeof retryAfter === 'number' && retryAfter > 0 ? { retryAfterSeconds: Math.ceil(retryAfter) } : {}),
    ...(typeof reason === 'string' && reason.length > 0 ? { reason } : {}),
  };
}

/** Follows a possibly changing urql error and gives the state a component can show. */
export function useApiError(
  error: MaybeRefOrGetter<CombinedError | null | undefined>,
): ComputedRef<ApiError | null> {
  return computed(() => {
    const value = toValue(error);
    return value ? toApiError(value) : null;
  });
}
