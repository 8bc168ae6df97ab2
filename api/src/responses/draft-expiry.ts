import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import type { JobDefinition } from '../scheduler/scheduler.js';

/** How often abandoned empty drafts are looked for; running it twice at once does no harm. */
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

/**
 * The expiry as a background job: hourly, on one instance at a time (the delete is safe to run twice). The day is
 * the scheduler clock's, so tests move it with a `ManualClock`.
 */
export function draftExpiryJob(days: number): JobDefinition {
  return {
    name: 'responses.expire-drafts',
    mode: 'ONE_INSTANCE',
    everyMs: DRAFT_EXPIRY_INTERVAL_MS,
    async run({ em, now, log }) {
      const deleted = await deleteAbandonedEmptyDrafts(em, days, dayOf(now));
      if (deleted > 0) log.info({ deleted, days }, 'deleted abandoned empty drafts');
    },
  };
}
