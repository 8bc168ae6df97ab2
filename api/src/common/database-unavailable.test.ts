import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './errors.js';

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a connection exception (SQLSTATE class 08)',
      Object.assign(new Error('connection failure'), { code: '08006' }),
    ],
    [
      'a statement cancelled by statement_timeout',
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ],
    ['a server shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    [
      'one wrapped in the ORM’s exception',
      new Error('select 1 - failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
    ],
    [
      'one among several',
      new AggregateError([new Error('x'), Object.assign(new Error('y'), { code: 'ETIMEDOUT' })]),
    ],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a protocol violation (a NUL character in a parameter)',
      Object.assign(new Error('invalid message format'), { code: '08P01' }),
    ],
    [
      'a statement that could not be read as UTF-8',
      Object.assign(new Error('invalid byte sequence'), { code: '22021' }),
    ],
    ['a unique violation', Object.assign(new Error('duplicate key value'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
