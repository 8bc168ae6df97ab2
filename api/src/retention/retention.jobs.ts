import type { Em } from '../db/orm.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mail/mailer.js';
import { renderRetentionWarning } from '../mail/templates/retention-warning.js';
import type { JobDefinition } from '../scheduler/scheduler.js';
import { runRetention, type RetentionRunHooks } from './retention.run.js';
import {
  DEFAULT_WARNING_DAYS,
  dueRetentionWarnings,
  markRetentionWarningMailed,
  type DueRetentionWarning,
} from './retention.warnings.js';

/** How often the retention jobs look for work; execution also runs when an instance starts. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionJobOptions {
  /** The process's mailer; without one, warnings are recorded (`mailed = false`) and shown in the web only. */
  mailer: Mailer | undefined;
  /** VERDI_PUBLIC_URL, for the link to the project's page in the mail. */
  publicUrl: string | undefined;
  /** VERDI_RETENTION_WARNING_DAYS. */
  warningDays?: readonly number[];
}

/** What one warning came to: how many of its recipients the mail server accepted it for. */
export interface SentRetentionWarning {
  projectId: string;
  daysBefore: number;
  recipients: number;
  mailed: number;
}

/** Mails one claimed warning to each recipient in their account's language; returns how many were accepted. */
async function mailWarning(
  mailer: Mailer,
  warning: DueRetentionWarning,
  publicUrl: string | undefined,
  log: Logger,
): Promise<number> {
  let accepted = 0;
  for (const recipient of warning.recipients) {
    const mail = renderRetentionWarning({
      language: recipient.language,
      project: warning.projectName,
      endsOn: warning.endsOn,
      action: warning.action,
      daysLeft: warning.daysLeft,
      reference: warning.reference,
      projectUrl: publicUrl ? `${publicUrl}/projects/${warning.projectId}/rounds` : null,
    });
    const result = await mailer.send({ to: recipient.email, ...mail });
    if (result.status === 'SENT') accepted += 1;
    // The user id, never the address or the server's reply (which may hold it).
    else
      log.warn(
        { project: warning.projectId, user: recipient.userId, status: result.status },
        'a retention warning was not mailed',
      );
  }
  return accepted;
}

/**
 * Claims the retention warnings due at `now` and mails each to the project's researchers. The claim is committed
 * before any mail goes out, so a warning is mailed at most once, whoever else runs this at the same moment; a mail
 * that fails (or a process that dies between claim and mail) leaves the warning recorded with `mailed = false`, as
 * without a mail server: the project page's banner and the admin's schedule still show it, and it is not sent again,
 * because a second try could not tell who had the first. `mailed` becomes true once any recipient's mail is accepted.
 */
export async function warnOfRetention(
  em: Em,
  now: Date,
  { mailer, publicUrl, warningDays = DEFAULT_WARNING_DAYS }: RetentionJobOptions,
  log: Logger,
): Promise<SentRetentionWarning[]> {
  const sent: SentRetentionWarning[] = [];
  for (const warning of await dueRetentionWarnings(em, now, warningDays)) {
    const mailed = mailer ? await mailWarning(mailer, warning, publicUrl, log) : 0;
    if (mailed > 0) await markRetentionWarningMailed(em, warning);
    log.info(
      {
        project: warning.projectId,
        daysBefore: warning.daysBefore,
        recipients: warning.recipients.length,
        mailed,
      },
      'retention warning',
    );
    sent.push({
      projectId: warning.projectId,
      daysBefore: warning.daysBefore,
      recipients: warning.recipients.length,
      mailed,
    });
  }
  return sent;
}

/**
 * Runs every retention action whose date has come. A project that fails is retried on the next run while the others
 * go on; the job then fails, so that `scheduled_jobs.last_error` (the admin's schedule) shows it.
 */
export async function executeRetention(
  em: Em,
  now: Date,
  log: Logger,
  hooks?: RetentionRunHooks,
): Promise<void> {
  const results = await runRetention(em, now, hooks);
  const failed = results.filter((result) => result.error !== undefined);
  for (const result of results) {
    if (result.error === undefined) {
      log.info(
        {
          project: result.projectId,
          run: result.runId,
          rounds: result.roundsDoneNow,
          finished: result.finished,
        },
        'retention carried out',
      );
    } else {
      log.error(
        { err: result.error, project: result.projectId, run: result.runId },
        'retention stopped early',
      );
    }
  }
  if (failed.length > 0) {
    const first = failed[0]!.error;
    throw new Error(
      `retention of ${failed.length} project(s) stopped early and resumes on the next run: ${first instanceof Error ? first.message : String(first)}`,
    );
  }
}

/**
 * `retention.warn` (hourly) and `retention.execute` (hourly and whenever an instance starts, so that a date that came
 * while Verdi was down is not kept waiting an interval). Both on one instance at a time; both safe to run twice at
 * once (warnings are claimed by insert, rounds through the run's `rounds_done`).
 */
export function retentionJobs(options: RetentionJobOptions): JobDefinition[] {
  return [
    {
      name: 'retention.warn',
      mode: 'ONE_INSTANCE',
      everyMs: RETENTION_INTERVAL_MS,
      run: ({ em, now, log }) => warnOfRetention(em, now, options, log),
    },
    {
      name: 'retention.execute',
      mode: 'ONE_INSTANCE',
      everyMs: RETENTION_INTERVAL_MS,
      onStart: true,
      run: ({ em, now, log }) => executeRetention(em, now, log),
    },
  ];
}
