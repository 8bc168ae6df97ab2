import { GraphQLError } from 'graphql';

/** Stable error codes in `extensions.code`; clients switch on these, so never rename one. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  ROUND_NOT_OPEN: 'ROUND_NOT_OPEN',
  CODE_USED: 'CODE_USED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Messages per input field, keyed by the field's path in the input (`name`, `input.slug`…). */
export type FieldErrors = Record<string, string>;

export class ValidationError extends GraphQLError {
  constructor(message: string, fields: FieldErrors = {}) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, fields } });
  }

  static forFields(fields: FieldErrors): ValidationError {
    const summary = Object.entries(fields)
      .map(([field, problem]) => `${field} ${problem}`)
      .join('; ');
    return new ValidationError(`Invalid input: ${summary}`, fields);
  }
}

export class NotFoundError extends GraphQLError {
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found`, { extensions: { code: ErrorCode.NOT_FOUND } });
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'You must sign in to do this') {
    super(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message = 'You are not allowed to do this') {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
}

export class RateLimitedError extends GraphQLError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, { extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds } });
  }
}

export class ConflictError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.CONFLICT } });
  }
}

/** A survey link or code that leads nowhere now: the round is closed or not yet open, or the code is used. */
export class SurveyUnavailableError extends GraphQLError {
  constructor(code: 'ROUND_NOT_OPEN' | 'CODE_USED', message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}
