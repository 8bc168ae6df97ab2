import type { Logger } from '../logger.js';
import type { Mailer } from '../mail/mailer.js';
import type { JobDefinition, Scheduler } from '../scheduler/scheduler.js';
import {
  isReminderHour,
  sendQueuedInvitations,
  sendReminders,
  type MailSetupDeps,
} from './invitation-mail.js';
import { REMIND_JOB, SEND_JOB, type InvitationMailing } from './invitation-mail.service.js';

export const REMIND_INTERVAL_MS = 60 * 60 * 1000;

/** `invitees.send`: every tick (and at once when `sendInvitations` kicks it), one batch of queued invitations. */
export function sendInvitationsJob(deps: MailSetupDeps): JobDefinition {
  return {
    name: SEND_JOB,
    mode: 'ONE_INSTANCE',
    everyMs: 0,
    run: ({ em, now, log }) => sendQueuedInvitations(em, now, deps, log),
  };
}

/** `invitees.remind`: hourly, and only from 08:00 to 20:00 in Norway by the scheduler's clock. */
export function sendRemindersJob(deps: MailSetupDeps): JobDefinition {
  return {
    name: REMIND_JOB,
    mode: 'ONE_INSTANCE',
    everyMs: REMIND_INTERVAL_MS,
    async run({ em, now, log }) {
      if (!isReminderHour(now)) return;
      await sendReminders(em, now, deps, log);
    },
  };
}

/**
 * Registers the invitation jobs on the app's scheduler and returns what the GraphQL operations need (the context's
 * `mailing`). Without a mailer the jobs are still registered and do nothing, so the schedule looks the same everywhere.
 */
export function registerInvitationJobs(
  scheduler: Scheduler,
  {
    mailer,
    publicUrl,
    graceDays,
    log,
  }: { mailer: Mailer | undefined; publicUrl: string | undefined; graceDays: number; log: Logger },
): InvitationMailing {
  const deps: MailSetupDeps = { mailer, publicUrl: publicUrl?.replace(/\/+$/, ''), graceDays };
  scheduler.register(sendInvitationsJob(deps));
  scheduler.register(sendRemindersJob(deps));
  return {
    ...deps,
    clock: scheduler.clock,
    log,
    kick: (job) => void scheduler.kick(job),
  };
}
