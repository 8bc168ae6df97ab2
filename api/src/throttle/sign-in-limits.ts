import { createHmac } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Em, Orm } from '../db/orm.js';
import { pseudonymKey } from '../privacy/pseudonym-key.js';
import { clientOf } from './client-address.js';
import { storeClientFor } from './postgres-store.js';
import { THROTTLE_TABLE, throttledError } from './throttle.js';
import type { Limit } from './throttle.config.js';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimitsConfig } from './sign-in-limits.config.js';

export { DEFAULT_SIGN_IN_LIMITS, type SignInLimitsConfig };

/** One password check let through: say how it went, so that a correct one does not count against anybody. */
export interface PasswordCheck {
  succeeded(): Promise<void>;
}

/**
 * Counters in PostgreSQL (the `throttle_counters` table the participant limits use), taken BEFORE the password is
 * checked, so that however many requests arrive at once on however many instances, no more checks run than the
 * limits allow. Per account there is no lockout a stranger could use against its owner: after a few checks each
 * further one waits for a delay that doubles up to about a minute, and the owner's correct password gets in once
 * the current delay has passed — or at once from an address the owner signed in from before, where the wait does not
 * apply (the per-address and per-account-and-address limits still do).
 */
export class SignInLimits {
  private readonly perAddress: RateLimiterPostgres;
  private readonly perAccountAddress: RateLimiterPostgres;
  private readonly secret: Buffer;

  constructor(
    private readonly source: Orm | Em,
    readonly config: SignInLimitsConfig = DEFAULT_SIGN_IN_LIMITS,
  ) {
    this.secret = createHmac('sha256', pseudonymKey()).update('verdi sign-in limit keys').digest();
    const storeClient = storeClientFor(source);
    const limiter = (keyPrefix: string, { points, seconds }: Limit) =>
      new RateLimiterPostgres({
        storeClient,
        storeType: 'pool',
        tableName: THROTTLE_TABLE,
        tableCreated: true,
        keyPrefix,
        points,
        duration: seconds,
        clearExpiredByTimeout: false,
      });
    this.perAddress = limiter('signInAddress', config.perAddress);
    this.perAccountAddress = limiter('signInAccountAddress', config.perAccountAddress);
  }

  private key(...parts: string[]): string {
    return createHmac('sha256', this.secret).update(parts.join('\u0000')).digest('base64url');
  }

  private connection() {
    return ('em' in this.source ? this.source.em : this.source).getConnection();
  }

  /**
   * Before a sign-in's password check: the address's, the account-and-address's and the account's turn, in that
   * order. A request refused by a later limit gives back what it took from the earlier ones (it checked nothing).
   */
  async beforeSignIn(email: string, ip: string | null, now = Date.now()): Promise<PasswordCheck> {
    const client = clientOf(ip);
    const address = ip ? this.key('address', client) : null;
    const accountAddress = this.key('account+address', email, client);
    const account = this.key('account', email);
    const known = ip ? `signInKnown:${this.key('known', email, client)}` : null;
    const taken: (() => Promise<unknown>)[] = [];
    let tookTurn = false;
    try {
      if (address) {
        await this.consume(this.perAddress, address);
        taken.push(() => this.perAddress.reward(address, 1));
      }
      await this.consume(this.perAccountAddress, accountAddress);
      taken.push(() => this.perAccountAddress.reward(accountAddress, 1));
      if (!(known && (await this.isKnown(known, now)))) {
        await this.takeTurn(account, now);
        tookTurn = true;
      }
    } catch (error) {
      await Promise.all(taken.map((giveBack) => giveBack()));
      throw error;
    }
    return {
      succeeded: async () => {
        await Promise.all([
          address ? this.perAddress.reward(address, 1) : null,
          this.perAccountAddress.delete(accountAddress),
          tookTurn ? this.giveBackTurn(account) : null,
          known ? this.remember(known, now) : null,
        ]);
      },
    };
  }

  private async isKnown(known: string, now: number): Promise<boolean> {
    const rows = await this.connection().execute<unknown[]>(
      `select 1 from ${THROTTLE_TABLE} where key = ? and expire > ?`,
      [known, now],
      'all',
    );
    return rows.length > 0;
  }

  /** An address the account's owner signed in from: a row that the sweeper deletes when it has not been used. */
  private async remember(known: string, now: number): Promise<void> {
    await this.connection().execute(
      `insert into ${THROTTLE_TABLE} (key, points, expire) values (?, 0, ?)
       on conflict (key) do update set expire = excluded.expire`,
      [known, now + this.config.knownAddressMs],
      'run',
    );
  }

  /**
   * Before checking the current password of a signed-in account (changing the password): the account's own turn,
   * the same counter sign-in uses, so that a stolen session adds no guesses to what sign-in allows.
   */
  async beforePasswordCheck(email: string, now = Date.now()): Promise<PasswordCheck> {
    const account = this.key('account', email);
    await this.takeTurn(account, now);
    return { succeeded: () => this.giveBackTurn(account) };
  }

  private async consume(limiter: RateLimiterPostgres, key: string): Promise<void> {
    try {
      await limiter.consume(key, 1);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        throw throttledError(rejection.msBeforeNext, 'sign-in attempts');
      throw rejection;
    }
  }

  /** The wait after an account's `n`th check. */
  delayAfter(n: number): number {
    const { freeAttempts, firstDelayMs, maxDelayMs } = this.config;
    if (n < freeAttempts) return 0;
    return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(n - freeAttempts, 30));
  }

  /**
   * One atomic statement: the row's `points` counts the account's checks and `expire` is when the next may run. A
   * check is let through only when that time has come, and then moves it on; when it has not, the row is left as it
   * is (a refused request does not lengthen the wait) and the statement returns no row. A count nobody has touched
   * for `forgetAfterMs` starts again. The free checks pass whatever their time: requests sent at once reach the
   * database in any order, and one whose clock reading is a millisecond older than a free check already counted must
   * not be refused for it.
   */
  private async takeTurn(account: string, now: number): Promise<void> {
    const { freeAttempts, firstDelayMs, maxDelayMs, forgetAfterMs } = this.config;
    const key = `signInAccount:${account}`;
    const stale = now - forgetAfterMs;
    const next = 'case when t.expire < ? then 1 else t.points + 1 end';
    const rows = await this.connection().execute<{ points: number }[]>(
      `insert into ${THROTTLE_TABLE} as t (key, points, expire) values (?, 1, ?)
       on conflict (key) do update set
         points = ${next},
         expire = cast(? as bigint) + case when ${next} < ? then 0
                  else least(cast(? as bigint), cast(? as bigint) * power(2, least(${next} - ?, 30))::bigint) end
       where t.expire <= ? or t.points < ?
       returning t.points`,
      [
        key,
        now + this.delayAfter(1),
        stale,
        now,
        stale,
        freeAttempts,
        maxDelayMs,
        firstDelayMs,
        stale,
        freeAttempts,
        now,
        freeAttempts,
      ],
      'all',
    );
    if (rows.length > 0) return;
    const [row] = await this.connection().execute<{ expire: string | number }[]>(
      `select expire from ${THROTTLE_TABLE} where key = ?`,
      [key],
      'all',
    );
    throw throttledError(Math.max(1000, Number(row?.expire ?? now) - now), 'sign-in attempts');
  }

  /** A correct password is not a failure: its check no longer counts towards the next one's wait. */
  private async giveBackTurn(account: string): Promise<void> {
    await this.connection().execute(
      `update ${THROTTLE_TABLE} set points = greatest(points - 1, 0) where key = ?`,
      [`signInAccount:${account}`],
      'run',
    );
  }
}
