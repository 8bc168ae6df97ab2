import { dayOf } from '../common/dates.js';
import type { Em, Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';

/** How often each instance looks for abandoned empty drafts; any number of instances may do it at once. */
export const DRAFT_EXPIRY_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes drafts that hold no answers and were last saved more than `days` whole days before `today`. Only the day of
 * a save is stored (invariant 6), so a draft saved on day D goes on day D + days + 1. Such a draft never counted as
 * started, and its participant loses nothing: the next save with its resume token starts a new draft.
 */
export async function deleteAbandonedEmptyDrafts(
  em: Em,
  days: number,
  today: string = dayOf(new Date()),
): Promise<number> {
  const result = await em.getConnection().execute<{ affectedRows: number }>(
    `delete from responses r
      where r.status = 'IN_PROGRESS'
        and r.updated_on < ?::date - ?::int
        and not exists (select 1 from answers a where a.response_id = r.id)`,
    [today, days],
    'run',
  );
  return result.affectedRows;
}

/** Runs the expiry soon after start and then every hour, in the background; `stop()` ends it. */
export function startDraftExpiry(
  orm: Orm,
  days: number,
  log: Logger,
  firstAfterMs = 5_000,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= deleteAbandonedEmptyDrafts(orm.em.fork(), days)
      .then((deleted) => {
        if (deleted > 0) log.info({ deleted, days }, 'deleted abandoned empty drafts');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'could not delete abandoned empty drafts'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(sweep, firstAfterMs);
  const every = setInterval(sweep, DRAFT_EXPIRY_INTERVAL_MS);
  first.unref();
  every.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
