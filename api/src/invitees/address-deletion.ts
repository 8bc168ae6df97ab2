import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { dayOf, TIME_ZONE } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import { runStatement } from '../db/statement.js';
import type { Logger } from '../logger.js';
import type { JobDefinition } from '../scheduler/scheduler.js';
import { DEFAULT_INVITEE_GRACE_DAYS } from './invitee.config.js';

/** How often the job looks for rounds whose grace period is over. */
export const ADDRESS_DELETION_INTERVAL_MS = 60 * 60 * 1000;

/** What a round's invitations came to, kept in `invitation_summaries` when the addresses go. */
export interface InvitationTotals {
  invited: number;
  sent: number;
  bounced: number;
  failed: number;
  optedOut: number;
  answered: number;
  reminders: number;
}

export interface DeletedAddresses extends InvitationTotals {
  roundId: string;
  /** Responses of the round whose resume and submission hashes were cleared. */
  responsesUnlinked: number;
}

/**
 * Whether round `r`'s addresses are due at `now` ($1; its Norwegian day is $2, the default grace days $3): the round
 * closed (its closing moment, `closed_at ?? closes_at`, has come), its grace period (its own, else the default) over
 * in Norwegian days, and no summary yet. Only rounds that have invitees are picked: a summary also stops a reopened
 * round from taking addresses again, which rounds that never used invitations must not meet.
 */
const DUE = `
  not r.draft
  and coalesce(r.closed_at, r.closes_at) <= $1::timestamptz
  and (coalesce(r.closed_at, r.closes_at) at time zone '${TIME_ZONE}')::date
        + coalesce(r.invitee_grace_days, $3::int) <= $2::date
  and not exists (select 1 from invitation_summaries s where s.round_id = r.id)`;

/**
 * Deletes the e-mail addresses of every round closed for its grace period (docs/privacy-and-access.md, "Deleting the
 * addresses"). Per round, one transaction: the round row is locked and found due again (so a round reopened meanwhile
 * keeps its addresses), the summary is written from the rows' counts (`ON CONFLICT DO NOTHING`, so of two instances at
 * once only one goes on), the invitees are deleted, the round's responses lose their resume and submission hashes (the
 * round is closed, so resuming and retrying are over; the one UPDATE also gives the rows one shared `xmin`), and the
 * audit records the counts, never an address. Afterwards `VACUUM invitees` removes the deleted rows' dead tuples from
 * the table's pages.
 */
export async function deleteInviteeAddresses(
  em: Em,
  now: Date,
  graceDays: number = DEFAULT_INVITEE_GRACE_DAYS,
  log?: Logger,
): Promise<DeletedAddresses[]> {
  const day = dayOf(now);
  const due = await runStatement<{ id: string }>(
    em,
    `select r.id from rounds r
      where ${DUE} and exists (select 1 from invitees i where i.round_id = r.id)
      order by r.id`,
    [now, day, graceDays],
  );
  const done: DeletedAddresses[] = [];
  for (const { id: roundId } of due) {
    const deleted = await em.fork().transactional(async (transaction) => {
      const tx = transaction as Em;
      const [round] = await runStatement<{ project_id: string }>(
        tx,
        `select r.project_id from rounds r where r.id = $4 and ${DUE} for update`,
        [now, day, graceDays, roundId],
      );
      if (!round) return null;
      const [summary] = await runStatement<{
        invited: number;
        sent: number;
        bounced: number;
        failed: number;
        opted_out: number;
        answered: number;
        reminders: number;
      }>(
        tx,
        `insert into invitation_summaries
                (round_id, invited, sent, bounced, failed, opted_out, answered, reminders, addresses_deleted_on)
         select $1, count(*), count(*) filter (where state = 'SENT'), count(*) filter (where state = 'BOUNCED'),
                count(*) filter (where state = 'FAILED'), count(*) filter (where opted_out),
                count(*) filter (where answered), coalesce(sum(reminders_sent), 0), $2::date
           from invitees where round_id = $1
         on conflict (round_id) do nothing
         returning invited, sent, bounced, failed, opted_out, answered, reminders`,
        [roundId, day],
      );
      if (!summary) return null;
      await runStatement(tx, `delete from invitees where round_id = $1`, [roundId]);
      const unlinked = await runStatement<{ id: string }>(
        tx,
        `update responses set resume_hash = null, submission_key = null where round_id = $1 returning id`,
        [roundId],
      );
      const totals: InvitationTotals = {
        invited: Number(summary.invited),
        sent: Number(summary.sent),
        bounced: Number(summary.bounced),
        failed: Number(summary.failed),
        optedOut: Number(summary.opted_out),
        answered: Number(summary.answered),
        reminders: Number(summary.reminders),
      };
      const event = new AuditService(tx).record({
        action: AuditAction.INVITEE_ADDRESSES_DELETED,
        subjectType: 'Round',
        subjectId: roundId,
        projectId: round.project_id,
        details: { ...totals, responsesUnlinked: unlinked.length },
      });
      event.at = now;
      return { roundId, ...totals, responsesUnlinked: unlinked.length } satisfies DeletedAddresses;
    });
    if (deleted) done.push(deleted);
  }
  if (done.length > 0) {
    try {
      // Outside any transaction, as VACUUM must be: the deleted rows' old versions leave the table's pages now,
      // not whenever autovacuum comes by.
      await em.getConnection().execute('vacuum invitees', [], 'run');
    } catch (error) {
      // The addresses are deleted either way; autovacuum clears the pages later.
      log?.warn({ err: error }, 'could not vacuum invitees after deleting addresses');
    }
  }
  return done;
}

/** The deletion as a background job: hourly, on one instance at a time (the summary's insert is the claim). */
export function addressDeletionJob(graceDays: number = DEFAULT_INVITEE_GRACE_DAYS): JobDefinition {
  return {
    name: 'invitees.delete-addresses',
    mode: 'ONE_INSTANCE',
    everyMs: ADDRESS_DELETION_INTERVAL_MS,
    async run({ em, now, log }) {
      const deleted = await deleteInviteeAddresses(em, now, graceDays, log);
      for (const { roundId, invited } of deleted) {
        log.info({ round: roundId, invited }, "deleted a closed round's invitee addresses");
      }
      return deleted;
    },
  };
}
