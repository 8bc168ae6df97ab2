import { CombinedError } from '@urql/vue';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { toApiError, useApiError } from './useApiError';

function graphqlError(message: string, extensions: Record<string, unknown>): CombinedError {
  return new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });
}

describe('toApiError', () => {
  it('keeps the reason a MAIL_UNAVAILABLE error gives, so the page can say what failed', () => {
    const error = graphqlError('The mail server cannot be reached', {
      code: 'MAIL_UNAVAILABLE',
      reason: 'TIMEOUT',
    });

    expect(toApiError(error)).toEqual({
      code: 'MAIL_UNAVAILABLE',
      message: 'The mail server cannot be reached',
      fields: {},
      reason: 'TIMEOUT',
    });
    expect(toApiError(graphqlError('No mail', { code: 'MAIL_NOT_CONFIGURED' })).code).toBe(
      'MAIL_NOT_CONFIGURED',
    );
  });

  it('gives the code, the message and the field messages of a BAD_USER_INPUT error', () => {
    const error = graphqlError('Invalid input', {
      code: 'BAD_USER_INPUT',
      fields: { slug: 'is already used by another project', name: 'must not be empty' },
    });

    expect(toApiError(error)).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Invalid input',
      fields: { slug: 'is already used by another project', name: 'must not be empty' },
    });
  });

  it('merges the field messages of several errors and ignores values that are not messages', () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('Invalid input', {
          extensions: { code: 'BAD_USER_INPUT', fields: { name: 'is too long', slug: 42 } },
        }),
        new GraphQLError('Invalid input', {
          extensions: { code: 'BAD_USER_INPUT', fields: { organisation: 'must not be empty', slug: '' } },
        }),
        new GraphQLError('Invalid input', { extensions: { code: 'BAD_USER_INPUT', fields: ['slug'] } }),
      ],
    });

    expect(toApiError(error).fields).toEqual({ name: 'is too long', organisation: 'must not be empty' });
  });

  it('names a field by its own name when the server gives its path in the input', () => {
    const error = graphqlError('Invalid input', {
      code: 'BAD_USER_INPUT',
      fields: { 'input.slug': 'must be lower-case letters a-z, digits and single hyphens' },
    });

    expect(toApiError(error).fields).toEqual({
      slug: 'must be lower-case letters a-z, digits and single hyphens',
    });
  });

  it.each([
    'NOT_FOUND',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'CONFLICT',
    'RATE_LIMITED',
    'DATABASE_UNAVAILABLE',
    'REQUEST_TIMEOUT',
    'INTERNAL_SERVER_ERROR',
  ] as const)('keeps the known code %s, with no fields', (code) => {
    expect(toApiError(graphqlError('Nope', { code }))).toEqual({ code, message: 'Nope', fields: {} });
  });

  it('treats an unknown or missing code as a server error', () => {
    expect(toApiError(graphqlError('Bad query', { code: 'GRAPHQL_VALIDATION_FAILED' })).code).toBe(
      'INTERNAL_SERVER_ERROR',
    );
    expect(toApiError(graphqlError('Something broke', {})).code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('reports a network failure as NETWORK_ERROR', () => {
    const error = new CombinedError({ networkError: new TypeError('Failed to fetch') });

    expect(toApiError(error)).toEqual({ code: 'NETWORK_ERROR', message: 'Failed to fetch', fields: {} });
  });
});

describe('useApiError', () => {
  it('follows the error it is given', async () => {
    const error = ref<CombinedError | undefined>(undefined);
    const apiError = useApiError(error);
    expect(apiError.value).toBeNull();

    error.value = graphqlError('No such project', { code: 'NOT_FOUND' });
    await nextTick();
    expect(apiError.value?.code).toBe('NOT_FOUND');

    error.value = undefined;
    await nextTick();
    expect(apiError.value).toBeNull();
  });
});
