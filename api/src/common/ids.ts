import type { GraphQLScalarType as ScalarType } from 'graphql';
import { createRequire } from 'node:module';
import { GraphQLUUID } from 'graphql-scalars';
import { ValidationError } from './errors.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a row, and must not reach PostgreSQL as a malformed uuid. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * The type of every id argument and id input field: graphql-scalars' UUID, read in lower case so that an id compares
 * equal to the one the database returns. A malformed id is refused while the request's variables are read, before
 * any rule or resolver runs, so it is the same `BAD_USER_INPUT` (HTTP 400) for every operation and every caller.
 */
export const UUID: ScalarType<string, string> = uuidScalar();

function uuidScalar(): ScalarType<string, string> {
  // From the same copy of graphql as type-graphql's (its CommonJS build), as in `analytics.types.ts`: under Vitest a
  // plain import resolves to the ES module build, which type-graphql would not recognise.
  const { GraphQLScalarType } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
  return new GraphQLScalarType<string, string>({
    ...GraphQLUUID.toConfig(),
    description: 'A UUID, the form of every id in Verdi',
    parseValue: (value) => (GraphQLUUID.parseValue(value) as string).toLowerCase(),
    parseLiteral: (ast) => (GraphQLUUID.parseLiteral(ast, undefined) as string).toLowerCase(),
  });
}

/**
 * Opaque page cursors naming a row by its id (`<kind>:<uuid>`, base64url). Decoding checks the id, so a forged or
 * damaged cursor is a `BAD_USER_INPUT` about `field`, never a malformed uuid sent to PostgreSQL.
 */
export function encodeCursor(kind: string, id: string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string, field = 'after'): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  const id = text.startsWith(`${kind}:`) ? text.slice(kind.length + 1) : '';
  if (!isUuid(id)) throw ValidationError.forFields({ [field]: 'is not a cursor from this API' });
  return id.toLowerCase();
}
