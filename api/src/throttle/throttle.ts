import { HeaderMap } from '@apollo/server';
import { createHmac } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { hashSecret } from '../accounts/secrets.js';
import { ErrorCode, RateLimitedError } from '../common/errors.js';
import type { Context } from '../context.js';
import type { Orm } from '../db/orm.js';
import { pseudonymKey } from '../privacy/pseudonym-key.js';
import { looksLikeTicket } from '../invitees/links.js';
import { looksLikeCode, normaliseCode } from '../rounds/codes.js';
import { clientOf } from './client-address.js';
import { storeClientFor } from './postgres-store.js';
import { DEFAULT_THROTTLE, type Limit, type ThrottleConfig } from './throttle.config.js';

/** The public participant operations, each with the arguments its limits are keyed by. */
export type ThrottledOperation = 'survey' | 'saveDraft' | 'submit' | 'withdraw' | 'optOut';

type LimiterName = 'perClient' | 'perParticipant' | 'newDrafts' | 'failedLookups';

export const THROTTLE_TABLE = 'throttle_counters';

/** What a request is about, read from its arguments. */
interface Subject {
  /** The open link's token or the single-use code, as typed. */
  token?: string;
  resumeToken?: string | null;
  /** Whether the request carries answers (a draft save that would start a draft). */
  hasAnswers?: boolean;
}

function subjectOf(operation: ThrottledOperation, args: Record<string, unknown>): Subject {
  const input = (args.input ?? {}) as {
    token?: unknown;
    resumeToken?: unknown;
    answers?: unknown;
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  // An invitee's ticket is never a key: a counter keyed by it, with its exact expiry, would sit in the database
  // beside the response it submitted. The per-client and failed-lookup limits still apply.
  const token = (value: unknown) => {
    const given = text(value);
    return given !== undefined && looksLikeTicket(given) ? undefined : given;
  };
  switch (operation) {
    case 'survey':
      return { token: token(args.token), resumeToken: text(args.resumeToken) };
    case 'saveDraft':
    case 'submit':
      return {
        token: token(input.token),
        resumeToken: text(input.resumeToken),
        hasAnswers: Array.isArray(input.answers) && input.answers.length > 0,
      };
    case 'withdraw':
      return {};
    // An opt-out token is never a key either: it names one invitee. Every token gets the same answer, so there is
    // no failed lookup to count; the per-client limit caps a flood.
    case 'optOut':
      return {};
  }
}

/** A refusal: `RATE_LIMITED` with `retryAfterSeconds`, HTTP 429 and a Retry-After header. */
export function throttledError(msBeforeNext: number, what = 'requests'): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const error = new RateLimitedError(
    `Too many ${what}. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`,
    seconds,
  );
  error.extensions.http = { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) };
  return error;
}

/**
 * Limits on the public participant operations, counted in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres),
 * so that every API instance on one database shares them. Keys are HMACs under a key derived from the pseudonym key
 * (the same on every instance), so the table never holds an address, a code or a resume token.
 */
export class Throttle {
  private readonly limiters: Record<LimiterName, RateLimiterPostgres> | null;
  private readonly secret: Buffer | null;

  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  private constructor(
    private readonly orm: Orm | null,
    readonly config: ThrottleConfig,
  ) {
    if (!orm || !config.enabled) {
      this.limiters = null;
      this.secret = null;
      return;
    }
    this.secret = createHmac('sha256', pseudonymKey()).update('verdi throttle keys').digest();
    const storeClient = storeClientFor(orm);
    const limiter = (name: LimiterName, { points, seconds }: Limit) =>
      new RateLimiterPostgres({
        storeClient,
        storeType: 'pool',
        tableName: THROTTLE_TABLE,
        // A migration creates the table, so that the schema stays the ORM's.
        tableCreated: true,
        keyPrefix: name,
        points,
        duration: seconds,
        // Once a key is over its limit, this instance refuses it without asking the database until the window
        // ends; other instances still count in PostgreSQL.
        inMemoryBlockOnConsumed: points + 1,
        // `sweep()` deletes ended windows, on a timer that stops with the server.
        clearExpiredByTimeout: false,
      });
    this.limiters = {
      perClient: limiter('perClient', config.perClient),
      perParticipant: limiter('perParticipant', config.perParticipant),
      newDrafts: limiter('newDrafts', config.newDrafts),
      failedLookups: limiter('failedLookups', config.failedLookups),
    };
  }

  static create(orm: Orm, config: ThrottleConfig = DEFAULT_THROTTLE): Throttle {
    return new Throttle(orm, config);
  }

  static off(): Throttle {
    return new Throttle(null, { ...DEFAULT_THROTTLE, enabled: false });
  }

  /** Deletes counters whose window ended more than `graceMs` ago; returns how many. */
  async sweep(now = Date.now(), graceMs = 60 * 60 * 1000): Promise<number> {
    // Also with VERDI_THROTTLE=off: the sign-in limits, which stay on, keep their counters in the same table.
    if (!this.orm) return 0;
    const result = await this.orm!.em.getConnection().execute<{ affectedRows: number }>(
      `delete from ${THROTTLE_TABLE} where expire < ?`,
      [now - graceMs],
      'run',
    );
    return result.affectedRows;
  }

  /** Sweeps every `intervalMs` in the background (every instance may; the deletes do not conflict). */
  startSweeping(intervalMs = 5 * 60 * 1000): void {
    if (!this.orm || this.sweeper) return;
    this.sweeper = setInterval(() => {
      // Losing a sweep to a database outage costs nothing: the next one deletes the same rows.
      this.sweeping ??= this.sweep()
        .catch(() => 0)
        .finally(() => (this.sweeping = null));
    }, intervalMs);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.sweeping;
  }

  get enabled(): boolean {
    return this.limiters !== null;
  }

  private key(raw: string): string {
    return createHmac('sha256', this.secret!).update(raw).digest('base64url');
  }

  private async consume(name: LimiterName, raw: string, points = 1): Promise<void> {
    try {
      await this.limiters![name].consume(this.key(raw), points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw throttledError(rejection.msBeforeNext);
      throw rejection;
    }
  }

  private async responseExists(resumeToken: string): Promise<boolean> {
    const rows = await this.orm!.em.getConnection().execute<{ found: boolean }[]>(
      'select exists (select 1 from responses where resume_hash = ?) as found',
      [hashSecret(resumeToken)],
    );
    return rows[0]?.found === true;
  }

  private async giveBack(name: LimiterName, raw: string): Promise<void> {
    await this.limiters![name].reward(this.key(raw), 1);
  }

  /**
   * Runs one public operation within its limits. A lookup that may fail holds one of the client's failed-lookup
   * points while it runs and gives it back when it finds something, so that guesses sent all at once are counted
   * as strictly as guesses sent one by one.
   */
  async run<T>(
    operation: ThrottledOperation,
    ip: string | null,
    args: Record<string, unknown>,
    next: () => Promise<T>,
  ): Promise<T> {
    if (!this.limiters) return next();
    const client = clientOf(ip);
    const subject = subjectOf(operation, args);
    await this.consume('perClient', client);
    await this.consume('failedLookups', client);
    let found = false;
    try {
      const token = subject.token?.trim();
      const isCode = token !== undefined && looksLikeCode(token);
      const participant = isCode
        ? `code:${normaliseCode(token)}`
        : subject.resumeToken
          ? `draft:${subject.resumeToken}`
          : null;
      if (participant) await this.consume('perParticipant', participant);
      const mayStartDraft =
        token !== undefined &&
        !isCode &&
        (operation === 'submit' || (operation === 'saveDraft' && subject.hasAnswers));
      // A resume token that names no response starts a new one just as no token does, so a made-up token is no
      // way around the cap.
      if (mayStartDraft && !(subject.resumeToken && (await this.responseExists(subject.resumeToken)))) {
        await this.consume('newDrafts', `${token}\u0000${client}`);
      }
      const result = await next();
      found = true;
      return result;
    } catch (error) {
      found = !(error instanceof GraphQLError && error.extensions.code === ErrorCode.NOT_FOUND);
      throw error;
    } finally {
      if (found) await this.giveBack('failedLookups', client);
    }
  }
}

/** `Resolver.method` of every operation under the throttle, for the test that no public operation is left out. */
export const throttledOperations = new Set<string>();

/** Puts a public participant operation under the throttle; declared next to its `@Allow(Rules.public)`. */
export function Throttled(operation: ThrottledOperation): MethodDecorator {
  const middleware: MiddlewareFn<Context> = ({ context, args }, next) =>
    context.throttle.run(operation, context.ip, args, next);
  const use = UseMiddleware(middleware);
  return (target, key, descriptor) => {
    throttledOperations.add(`${target.constructor.name}.${String(key)}`);
    use(target, key, descriptor);
  };
}
