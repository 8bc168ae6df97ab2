import type { CombinedError } from '@urql/vue';
import type { ErrorCode } from '@verdi/schema/error-codes';

/**
 * The API's codes the survey page words, taken from the list the API generates (`@verdi/schema/error-codes`) so
 * that they cannot drift from it.
 */
const surveyCodes = [
  'NOT_FOUND',
  'ROUND_NOT_OPEN',
  'CODE_USED',
  'ALREADY_SUBMITTED',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
] as const satisfies readonly ErrorCode[];

/** Why a survey cannot be answered, or why a save or submission failed. */
export type SurveyErrorCode = (typeof surveyCodes)[number] | 'NETWORK_ERROR' | 'SERVER_ERROR';

export interface SurveyError {
  code: SurveyErrorCode;
  /** Item key → the server's sentence about that answer (BAD_USER_INPUT). */
  items: Record<string, string>;
  /** Other input fields the server named (consent, language). */
  fields: Record<string, string>;
  /** For a round that has not opened yet: the day it opens (YYYY-MM-DD). */
  opensOn: string | null;
}

const known = new Set<SurveyErrorCode>(surveyCodes);

function strings(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, message] of Object.entries(value)) {
    if (typeof message === 'string') result[key.replace(/^input\./, '')] = message;
  }
  return result;
}

export function toSurveyError(error: CombinedError): SurveyError {
  const [first] = error.graphQLErrors;
  const code = first?.extensions['code'];
  // The server is up but its database cannot be reached or does not answer in time: kept and retried like answers
  // sent while offline. Only these and a lost connection are retried; BAD_USER_INPUT never is.
  if (
    !first ||
    code === ('DATABASE_UNAVAILABLE' satisfies ErrorCode) ||
    code === ('REQUEST_TIMEOUT' satisfies ErrorCode)
  )
    return { code: 'NETWORK_ERROR', items: {}, fields: {}, opensOn: null };
  const opensOn = first.extensions['opensOn'];
  return {
    code:
      typeof code === 'string' && known.has(code as SurveyErrorCode)
        ? (code as SurveyErrorCode)
        : 'SERVER_ERROR',
    items: strings(first.extensions['items']),
    fields: strings(first.extensions['fields']),
    opensOn: typeof opensOn === 'string' ? opensOn : null,
  };
}
