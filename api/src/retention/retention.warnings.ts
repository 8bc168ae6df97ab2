import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import { runStatement } from '../db/statement.js';
import type { RetentionAction } from './retention-action.js';
import { daysBetween } from './retention.dates.js';

/** The warnings sent before an end date by default, in days before it. */
export const DEFAULT_WARNING_DAYS: readonly number[] = [30, 7, 1];

/** One researcher a warning goes to. */
export interface RetentionWarningRecipient {
  userId: string;
  name: string;
  email: string;
  /** The account's language, for the mail: 'nb', 'nn' or 'en'. */
  language: 'nb' | 'nn' | 'en';
}

/**
 * A warning claimed by this call: it has been recorded as sent, so no other call returns it, and the caller mails
 * it to each recipient. Everything a mail template needs is here.
 */
export interface DueRetentionWarning {
  projectId: string;
  projectName: string;
  organisation: string;
  /** The approval reference, e.g. "REK 2025/12345". */
  reference: string;
  action: RetentionAction;
  /** The end date, YYYY-MM-DD. */
  endsOn: string;
  /** Which warning this is: 30, 7 or 1 days before (one of `warningDays`). */
  daysBefore: number;
  /** Days left today (in Norway); at most `daysBefore`, less when the warning is late. */
  daysLeft: number;
  /** The project's active researchers with an e-mail address; managers are not told. */
  recipients: RetentionWarningRecipient[];
}

interface Candidate {
  id: string;
  name: string;
  organisation: string;
  reference: string;
  action: RetentionAction;
  ends_on: string;
}

/**
 * Claims the retention warnings due at `now` and returns those to mail. A warning of `d` days is due when the end
 * date is at most `d` days away (and has not come); each (project, end date, d) is claimed exactly once, by
 * `INSERT … ON CONFLICT DO NOTHING RETURNING`, so two callers at once (two instances, two ticks) never both get it.
 *
 * When several are due at once (the scheduler was down), all are claimed but only the nearest is returned, so
 * researchers get one mail, not three. Each claim is audited (`RETENTION_WARNED`, counts only) in the claim's
 * transaction. Projects whose run has started are skipped. The caller marks a mailed warning with
 * `markRetentionWarningMailed`; without a mail server it stays `mailed = false` and shows only in the web.
 */
export async function dueRetentionWarnings(
  em: Em,
  now: Date,
  warningDays: readonly number[] = DEFAULT_WARNING_DAYS,
): Promise<DueRetentionWarning[]> {
  const today = dayOf(now);
  const candidates = await runStatement<Candidate>(
    em,
    `select p.id, p.name, p.organisation, p.retention_reference as reference, p.retention_action::text as action,
            p.retention_ends_on::text as ends_on
       from projects p
      where p.retention_ends_on > $1::date
        and p.retention_ends_on <= $1::date + $2::int
        and not exists (select 1 from retention_runs r where r.project_id = p.id)
      order by p.retention_ends_on, p.id`,
    [today, Math.max(0, ...warningDays)],
  );
  const due: DueRetentionWarning[] = [];
  for (const project of candidates) {
    const daysLeft = daysBetween(today, project.ends_on);
    const days = [...new Set(warningDays)].filter((d) => daysLeft <= d).sort((a, b) => a - b);
    if (days.length === 0) continue;
    const warning = await em.fork().transactional(async (tx) => {
      const recipients = await runStatement<RetentionWarningRecipient>(
        tx as Em,
        `select u.id as "userId", u.name, u.email, u.language::text as language
           from memberships m join users u on u.id = m.user_id
          where m.project_id = $1 and m.role = 'RESEARCHER' and u.active and not u.pending_approval
            and u.email is not null
          order by u.id`,
        [project.id],
      );
      const claimed = await runStatement<{ days_before: number }>(
        tx as Em,
        `insert into retention_warnings (project_id, ends_on, days_before, sent_at, recipients, mailed)
         select $1, $2::date, d, $3, case when d = $5 then $4::int else 0 end, false
           from unnest($6::int[]) as d
         on conflict do nothing
         returning days_before`,
        [project.id, project.ends_on, now, recipients.length, days[0], days],
      );
      const claimedDays = claimed.map((row) => Number(row.days_before));
      if (claimedDays.length === 0) return null;
      const nearest = days[0]!;
      const event = new AuditService(tx as Em).record({
        action: AuditAction.RETENTION_WARNED,
        subjectType: 'Project',
        subjectId: project.id,
        projectId: project.id,
        details: {
          endsOn: project.ends_on,
          daysBefore: claimedDays.sort((a, b) => a - b),
          recipients: claimedDays.includes(nearest) ? recipients.length : 0,
        },
      });
      event.at = now;
      if (!claimedDays.includes(nearest)) return null;
      return {
        projectId: project.id,
        projectName: project.name,
        organisation: project.organisation,
        reference: project.reference,
        action: project.action,
        endsOn: project.ends_on,
        daysBefore: nearest,
        daysLeft,
        recipients,
      } satisfies DueRetentionWarning;
    });
    if (warning) due.push(warning);
  }
  return due;
}

/** Records that a claimed warning's mail went out (to at least one recipient). */
export async function markRetentionWarningMailed(
  em: Em,
  warning: Pick<DueRetentionWarning, 'projectId' | 'endsOn' | 'daysBefore'>,
): Promise<void> {
  await runStatement(
    em,
    `update retention_warnings set mailed = true where project_id = $1 and ends_on = $2::date and days_before = $3`,
    [warning.projectId, warning.endsOn, warning.daysBefore],
  );
}
