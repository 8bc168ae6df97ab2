import { PgliteDriver } from '@mikro-orm/pglite';
import pg from 'pg';
import type { Logger } from '../logger.js';

/**
 * Keeps two instances from running the same ONE_INSTANCE job at the same moment, to spare work. Never the guarantee:
 * every job claims its rows with `UPDATE … WHERE <state>` or `INSERT … ON CONFLICT DO NOTHING RETURNING`, and the
 * scheduler claims a run with a conditional upsert on `scheduled_jobs`.
 */
export interface JobLock {
  /** Runs `work` when no other instance holds the job's lock; `{ ran: false }` when one does. */
  tryWith<T>(job: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  close(): Promise<void>;
}

/** The first key of the job locks (`pg_try_advisory_lock(int, int)`): "VJob", apart from the migration lock's space. */
export const JOB_LOCK_CLASS = 0x564a_6f62;

/** PGlite: one process owns the data directory, so there is no other instance to keep out. */
export const noJobLock: JobLock = {
  async tryWith(_job, work) {
    return { ran: true, value: await work() };
  },
  async close() {},
};

/**
 * A session advisory lock per job on a connection of the scheduler's own (as `withMigrationLock` does), so the lock
 * is held exactly as long as the job runs and goes with the connection if the process dies. The connection is
 * opened on first use and opened again after it breaks.
 */
export function advisoryJobLock(databaseUrl: string, log: Logger): JobLock {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;

  const connection = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      c.on('error', (error) => {
        log.warn({ err: error }, 'the job lock connection broke');
        if (client === c) client = null;
      });
      try {
        await c.connect();
      } catch (error) {
        await c.end().catch(() => {});
        throw error;
      }
      client = c;
      return c;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    async tryWith(job, work) {
      const c = await connection();
      const { rows } = await c.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1::int, hashtext($2)) as locked',
        [JOB_LOCK_CLASS, job],
      );
      if (!rows[0]?.locked) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await c
          .query('select pg_advisory_unlock($1::int, hashtext($2))', [JOB_LOCK_CLASS, job])
          .catch(async (error: unknown) => {
            // Ending the session releases every lock it holds.
            log.warn({ err: error, job }, 'could not release a job lock; closing its connection');
            if (client === c) client = null;
            await c.end().catch(() => {});
          });
      }
    },
    async close() {
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

/** The lock that fits the database: advisory locks on a PostgreSQL server, none on PGlite. */
export function jobLockFor(
  orm: { driver: unknown; config: { get(key: 'clientUrl'): string | undefined } },
  log: Logger,
): JobLock {
  const url = orm.config.get('clientUrl');
  return orm.driver instanceof PgliteDriver || !url ? noJobLock : advisoryJobLock(url, log);
}
