import {
  cacheExchange,
  Client,
  getOperationName,
  makeErrorResult,
  makeResult,
  type Exchange,
  type Operation,
  type OperationResult,
} from '@urql/vue';
import { filter, fromPromise, fromValue, mergeMap, never, pipe } from 'wonka';

/** A canned answer: a result now, a result later, or `'pending'` for one that never arrives. */
export type MockReply = OperationResult | Promise<OperationResult> | 'pending';
export type Responder = (operation: Operation) => MockReply;

/** Stands in for the network: everything above it (the cache, the hooks, the components) is the real thing. */
export function mockExchange(respond: Responder): Exchange {
  return () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== 'teardown'),
      mergeMap((operation) => {
        const reply = respond(operation);
        if (reply === 'pending') return never;
        return reply instanceof Promise ? fromPromise(reply) : fromValue(reply);
      }),
    );
}

export function createMockClient(respond: Responder): { client: Client; operations: Operation[] } {
  const operations: Operation[] = [];
  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mockExchange((operation) => {
        operations.push(operation);
        return respond(operation);
      }),
    ],
  });
  return { client, operations };
}

export function operationName(operation: Operation): string | undefined {
  return getOperationName(operation.query);
}

export function dataResult(operation: Operation, data: Record<string, unknown>): OperationResult {
  return makeResult(operation, { data });
}

export function errorResult(
  operation: Operation,
  errors: { message: string; extensions: Record<string, unknown> }[],
): OperationResult {
  return makeResult(operation, { data: null, errors });
}

export function networkErrorResult(operation: Operation): OperationResult {
  return makeErrorResult(operation, new TypeError('Failed to fetch'));
}

export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
