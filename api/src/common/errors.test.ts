import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatError } from '../app.js';
import { createLogger } from '../logger.js';
import { NotFoundError, ValidationError } from './errors.js';

const format = formatError(createLogger('silent'));

describe('formatError', () => {
  it('replaces an unexpected error, such as one from SQL, by a generic one without details', () => {
    const original = new Error('relation "projects" does not exist at character 15');
    const formatted = format(
      { message: original.message, path: ['projects'], extensions: { stacktrace: ['Error: relation…'] } },
      new GraphQLError(original.message, { originalError: original }),
    );
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['projects'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('passes typed errors through with their code and fields', () => {
    const error = ValidationError.forFields({ name: 'must not be blank' });
    const formatted = format({ message: error.message, extensions: error.extensions }, error);
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { name: 'must not be blank' } });
    expect(formatted.message).toBe('Invalid input: name must not be blank');

    const notFound = new NotFoundError('Project', 'abc');
    expect(
      format({ message: notFound.message, extensions: notFound.extensions }, notFound).extensions?.code,
    ).toBe('NOT_FOUND');
  });
});
