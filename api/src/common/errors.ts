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
  /** These answers (this draft) were submitted already, from this device or another. */
  ALREADY_SUBMITTED: 'ALREADY_SUBMITTED',
  /** PostgreSQL cannot be reached right now (restart, failover, network); the request may be retried. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** The request took longer than VERDI_REQUEST_TIMEOUT_MS and was given up (HTTP 503); it may be retried. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /**
   * The project's retention period ended and its data was deleted or anonymised (or that is under way): its rounds
   * can no longer be created, changed or opened, and after DELETE there is nothing to export.
   */
  RETENTION_DONE: 'RETENTION_DONE',
  /** This installation cannot send mail: SMTP_URL (and VERDI_MAIL_FROM, VERDI_PUBLIC_URL) are not set. */
  MAIL_NOT_CONFIGURED: 'MAIL_NOT_CONFIGURED',
  /**
   * The mail server cannot be used right now; `extensions.reason` says why: CONNECTION, AUTH, TLS or TIMEOUT.
   * Nothing was queued or sent; the request may be tried again.
   */
  MAIL_UNAVAILABLE: 'MAIL_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The HTTP status of each code on the HTTP routes (`/exports`, …). GraphQL answers most errors of an operation
 * with 200 as its specification asks, but the same codes where it sets one (400 for bad input it reads, 401, 429,
 * 503), so a client that looks at either sees one mapping.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  ROUND_NOT_OPEN: 409,
  CODE_USED: 409,
  ALREADY_SUBMITTED: 409,
  DATABASE_UNAVAILABLE: 503,
  REQUEST_TIMEOUT: 503,
  RETENTION_DONE: 410,
  MAIL_NOT_CONFIGURED: 503,
  MAIL_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(HTTP_STATUS, value);
}

/** An error with one of the codes, where no more specific class fits (an HTTP route's own refusals). */
export class ApiError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
  }
}

/** The body of an error on an HTTP route: the code and message GraphQL would give in `extensions`, and its details. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  [detail: string]: unknown;
}

/**
 * How an HTTP route answers an error: a typed error with its code, status and details; an outage as 503
 * DATABASE_UNAVAILABLE; anything else as 500 with no detail (`unexpected` is told, to log it).
 */
export function httpErrorOf(
  error: unknown,
  unexpected: (error: unknown) => void = () => {},
): { status: number; body: ErrorBody } {
  if (error instanceof GraphQLError && isErrorCode(error.extensions.code)) {
    const { code, http: _http, ...details } = error.extensions;
    return {
      status: HTTP_STATUS[code as ErrorCode],
      body: { ...details, code: code as ErrorCode, message: error.message },
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: HTTP_STATUS.DATABASE_UNAVAILABLE,
      body: { code: ErrorCode.DATABASE_UNAVAILABLE, message: DATABASE_UNAVAILABLE_MESSAGE },
    };
  }
  unexpected(error);
  return {
    status: HTTP_STATUS.INTERNAL_SERVER_ERROR,
    body: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' },
  };
}

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

/**
 * A survey link or code that leads nowhere now: the round is closed or not yet open, the code is used, or the draft
 * was submitted already.
 */
export class SurveyUnavailableError extends GraphQLError {
  constructor(
    code: 'ROUND_NOT_OPEN' | 'CODE_USED' | 'ALREADY_SUBMITTED',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

/** A write to a project whose retention action has run (or is running), or an export of data deleted by it. */
export class RetentionDoneError extends GraphQLError {
  constructor(projectName: string, action: string, startedOn: string) {
    super(
      `The data of ${projectName} was ${action === 'DELETE' ? 'deleted' : 'anonymised'} when its retention period ended (${startedOn}); its rounds can no longer be changed`,
      { extensions: { code: ErrorCode.RETENTION_DONE, action, startedOn } },
    );
  }
}

/** Mail cannot be sent: not set up on this installation, or its server cannot be used now (`reason`). */
export class MailError extends GraphQLError {
  constructor(
    code: 'MAIL_NOT_CONFIGURED' | 'MAIL_UNAVAILABLE',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...details, code } });
  }
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database cannot be reached right now. Please try again in a moment.';

/** For a database outage: a 503 with a message for people, and nothing about the driver or the address. */
export class DatabaseUnavailableError extends GraphQLError {
  constructor() {
    super(DATABASE_UNAVAILABLE_MESSAGE, {
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE, http: { status: 503 } },
    });
  }
}

/** Socket errors, and PostgreSQL's SQLSTATEs for a connection that failed or a server that is going down. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  // A database that does not answer in time: a statement cancelled by statement_timeout, a lock not granted.
  '57014', // query_canceled
  '55P03', // lock_not_available
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection is closed/i;

/** Whether an error (or one it was caused by) means PostgreSQL could not be reached, rather than a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (typeof current !== 'object') return false;
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    // Class 08 is connection exceptions, except 08P01: a protocol violation is a message the server could not read
    // (a NUL character in a parameter), the request's fault and not an outage.
    if (
      typeof code === 'string' &&
      (UNREACHABLE_CODES.has(code) || (code.startsWith('08') && code !== '08P01'))
    )
      return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some((e) => isDatabaseUnavailable(e)))
      return true;
    current = cause;
  }
  return false;
}
