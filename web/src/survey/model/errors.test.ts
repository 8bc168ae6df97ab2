import { CombinedError } from '@urql/vue';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { toSurveyError } from './errors';

function graphqlError(message: string, extensions: Record<string, unknown>): CombinedError {
  return new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });
}

describe('toSurveyError', () => {
  it('names each refused answer of a BAD_USER_INPUT error', () => {
    const error = graphqlError('Some answers need attention', {
      code: 'BAD_USER_INPUT',
      items: { q1: 'Item q1 needs an answer' },
      fields: { 'input.consent': 'is needed to submit answers' },
    });
    expect(toSurveyError(error)).toEqual({
      code: 'BAD_USER_INPUT',
      items: { q1: 'Item q1 needs an answer' },
      fields: { consent: 'is needed to submit answers' },
      opensOn: null,
    });
  });

  it('reads the opening day of a round that has not opened', () => {
    const error = graphqlError('This round opens on 2027-03-01', {
      code: 'ROUND_NOT_OPEN',
      opensOn: '2027-03-01',
    });
    expect(toSurveyError(error)).toMatchObject({ code: 'ROUND_NOT_OPEN', opensOn: '2027-03-01' });
  });

  it('treats a database outage like being offline, so that answers are kept and sent again', () => {
    const error = graphqlError('The database cannot be reached right now.', { code: 'DATABASE_UNAVAILABLE' });
    expect(toSurveyError(error).code).toBe('NETWORK_ERROR');
    const timedOut = graphqlError('The server took too long to answer.', { code: 'REQUEST_TIMEOUT' });
    expect(toSurveyError(timedOut).code).toBe('NETWORK_ERROR');
    expect(toSurveyError(new CombinedError({ networkError: new TypeError('Failed to fetch') })).code).toBe(
      'NETWORK_ERROR',
    );
  });

  it('keeps ALREADY_SUBMITTED, and BAD_USER_INPUT naming a field, as answers rather than outages', () => {
    const already = graphqlError('These answers have already been submitted', { code: 'ALREADY_SUBMITTED' });
    expect(toSurveyError(already).code).toBe('ALREADY_SUBMITTED');
    const nul = graphqlError('Invalid input', {
      code: 'BAD_USER_INPUT',
      fields: { token: 'contains a NUL character (\\u0000), which cannot be stored' },
    });
    expect(toSurveyError(nul)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { token: expect.any(String) },
    });
  });

  it('reports an unknown code as a server error', () => {
    expect(toSurveyError(graphqlError('Internal server error', { code: 'INTERNAL_SERVER_ERROR' })).code).toBe(
      'SERVER_ERROR',
    );
  });
});
