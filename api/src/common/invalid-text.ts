import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import { ErrorCode, type FieldErrors } from './errors.js';

/**
 * Why a string cannot be stored: PostgreSQL text holds no NUL character, and a lone UTF-16 surrogate has no UTF-8
 * form. Rejected, not stripped: a changed answer would be stored as something the participant did not write.
 */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  // In a `u` regular expression a paired surrogate is one code point, so \p{Cs} matches only a lone one.
  if (/\p{Cs}/u.test(value)) return 'contains invalid text (a lone UTF-16 surrogate), which cannot be stored';
  return null;
}

/** Every string in the variables whose text cannot be stored, by its path (`input.answers.0.text`). */
export function invalidTextInVariables(value: unknown, path = '', found: FieldErrors = {}): FieldErrors {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) found[path] = problem;
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => invalidTextInVariables(item, `${path}.${index}`, found));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      invalidTextInVariables(item, path ? `${path}.${key}` : key, found);
  }
  return found;
}

/** Strings written into the document itself (`survey(token: "…")`), by argument and input field name. */
export function invalidTextInDocument(document: DocumentNode, found: FieldErrors = {}): FieldErrors {
  const names: string[] = [];
  visit(document, {
    Argument: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    ObjectField: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    StringValue(node) {
      const problem = textProblem(node.value);
      if (problem) found[names.join('.') || 'document'] = problem;
    },
  });
  return found;
}

/**
 * Checks every string argument of every operation, staff and participant alike, once, before any resolver runs: bad
 * text is BAD_USER_INPUT naming the field (HTTP 400), never a database error taken for an outage.
 */
export const rejectInvalidText: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const fields = invalidTextInDocument(document, invalidTextInVariables(request.variables ?? {}));
        const paths = Object.keys(fields);
        if (paths.length === 0) return;
        throw new GraphQLError(
          `Invalid input: ${paths.map((path) => `${path} ${fields[path]}`).join('; ')}`,
          { extensions: { code: ErrorCode.BAD_USER_INPUT, fields, http: { status: 400 } } },
        );
      },
    };
  },
};
