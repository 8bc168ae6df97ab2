import { addDays, dayOf, TIME_ZONE } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import { runStatement } from '../db/statement.js';
import type { Logger } from '../logger.js';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Mailer, SendResult } from '../mail/mailer.js';
import { renderInvitation, type InvitationMailInput } from '../mail/templates/invitation.js';
import type { RenderedMail } from '../mail/templates/layout.js';
import { renderReminder } from '../mail/templates/reminder.js';
import type { MailLanguage } from '../mail/templates/texts.js';
import { DEFAULT_INVITEE_GRACE_DAYS } from './invitee.config.js';
import { Round } from '../rounds/round.entity.js';
import { inviteeLinksFor } from './links.js';

/**
 * Sending invitations and reminders (docs/privacy-and-access.md, "Invitations by e-mail"). Both jobs take the time from
 * the scheduler's clock as a parameter and claim every row with a conditional UPDATE before mailing it, so that however
 * many instances run them, and however often "send the rest" is pressed, nobody is mailed twice (except after a crash
 * between a send and its mark: a lease older than `LEASE_MINUTES` goes back to the queue, so delivery is at least
 * once).
 */

/** At most this many invitations are claimed by one run of `invitees.send`. */
export const SEND_BATCH = 200;
/** A claim (state SENDING) older than this is taken to be from an instance that died, and is queued again. */
export const LEASE_MINUTES = 10;
/** A 4xx refusal is tried this many times in all; then the invitee is FAILED. */
export const MAX_ATTEMPTS = 3;
/** Reminders sent with `sendRemindersNow` beyond the round's reminder days stop here. */
export const MAX_REMINDERS = 3;
/** Scheduled reminders go out only in these hours, Norwegian time (from 08:00 to before 20:00). */
export const REMINDER_HOURS = { from: 8, to: 20 } as const;

/** What the mail operations and jobs need from the app. */
export interface MailSetupDeps {
  mailer: Mailer | undefined;
  /** VERDI_PUBLIC_URL without a trailing slash. */
  publicUrl: string | undefined;
  /** VERDI_INVITEE_GRACE_DAYS: days after closing before the addresses go, for rounds that set none. */
  graceDays?: number;
}

/** The round's status at `$1` (a timestamptz parameter) is OPEN. */
export const ROUND_OPEN_SQL = `not r.draft and r.closed_at is null and r.opens_at <= $1::timestamptz
  and (r.closes_at is null or r.closes_at > $1::timestamptz)`;

/**
 * Who may get a reminder: mailed, not answered, not opted out. Used both to find candidates and in each claim, so a
 * mark or an opt-out that lands between the two still stops the mail.
 */
export const REMINDER_ELIGIBLE_SQL = `i.state = 'SENT' and not i.answered and not i.opted_out`;

const hourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The hour of a moment in Norway (0–23). */
export function norwegianHour(moment: Date): number {
  return Number(hourFormat.format(moment));
}

/** Whether scheduled reminders may go out at this moment (08:00–20:00 in Norway). */
export function isReminderHour(moment: Date): boolean {
  const hour = norwegianHour(moment);
  return hour >= REMINDER_HOURS.from && hour < REMINDER_HOURS.to;
}

/** A server's reply as it may be kept on a round: without any address it names. */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>').slice(0, 500);
}

/** The language a mail to this invitee is written in: theirs, unless the researcher's message lacks it (then nb). */
export function mailLanguageOf(round: Round, language: string): MailLanguage {
  const wanted = (['nb', 'nn', 'en'] as const).find((l) => l === language) ?? 'nb';
  const message = round.invitationMessage;
  if (message && !message[wanted]) return 'nb';
  return wanted;
}

/** The day a round's addresses are deleted, or null while it has no closing date. */
export function addressesDeletedOnOf(
  round: Round,
  defaultGraceDays = DEFAULT_INVITEE_GRACE_DAYS,
): string | null {
  const closing = round.closedAt ?? round.closesAt;
  return closing ? addDays(dayOf(closing), graceDaysOf(round, defaultGraceDays)) : null;
}

function graceDaysOf(round: Round, defaultGraceDays: number): number {
  return round.inviteeGraceDays ?? defaultGraceDays;
}

/** The data of one mail to one invitee (or, with `links`, a preview's dummy links). Needs `round.project` loaded. */
export function mailInputOf(
  round: Round,
  language: string,
  links: { survey: string; optOutPage: string; optOutPost: string },
  publicUrl: string,
  defaultGraceDays = DEFAULT_INVITEE_GRACE_DAYS,
): InvitationMailInput {
  const mailLanguage = mailLanguageOf(round, language);
  return {
    language: mailLanguage,
    project: round.project.name,
    organisation: round.project.organisation,
    contact: round.contact,
    link: publicUrl + links.survey,
    optOutUrl: publicUrl + links.optOutPage,
    oneClickOptOutUrl: publicUrl + links.optOutPost,
    closesAt: round.closedAt ?? round.closesAt,
    anonymity: round.anonymity,
    addressesDeletedOn: addressesDeletedOnOf(round, defaultGraceDays),
    graceDays: graceDaysOf(round, defaultGraceDays),
    message: round.invitationMessage?.[mailLanguage] ?? null,
    replyTo: round.invitationReplyTo,
  };
}

export type MailKindName = 'INVITATION' | 'REMINDER';

export function renderMail(kind: MailKindName, input: InvitationMailInput): RenderedMail {
  return kind === 'INVITATION' ? renderInvitation(input) : renderReminder(input);
}

async function roundsById(em: Em, ids: Iterable<string>): Promise<Map<string, Round>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rounds = await em.find(Round, { id: { $in: unique } }, { populate: ['project'] });
  return new Map(rounds.map((round) => [round.id, round]));
}

async function send(mailer: Mailer, to: string, mail: RenderedMail): Promise<SendResult> {
  return mailer.send({
    to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------------------------

interface Claimed {
  id: string;
  round_id: string;
  email: string;
  language: string;
}

export interface SendRun {
  claimed: number;
  sent: number;
  bounced: number;
  retry: number;
  failed: number;
  /** Claims handed back to the queue unsent (the server went down, or refused a message of that round). */
  handedBack: number;
  /** Leases of dead instances put back in the queue before claiming. */
  expired: number;
}

/**
 * One run of `invitees.send`: puts expired leases back, claims up to `SEND_BATCH` queued invitations of OPEN rounds
 * (`for update skip locked`, so two instances take different rows), mails each in its invitee's language and marks
 * it. When the server cannot be used, the unsent claims go back to the queue, the rounds get a `mail_error`, and the
 * run stops; when the server refuses a message outright (not its address), that round stops for this run the same
 * way, since its next message would most likely meet the same fate. A round whose mails went out without a stop
 * has its `mail_error` cleared.
 */
export async function sendQueuedInvitations(
  em: Em,
  now: Date,
  { mailer, publicUrl, graceDays }: MailSetupDeps,
  log: Logger,
): Promise<SendRun> {
  const run: SendRun = { claimed: 0, sent: 0, bounced: 0, retry: 0, failed: 0, handedBack: 0, expired: 0 };
  if (!mailer || !publicUrl) return run;
  const at = now.toISOString();
  const day = dayOf(now);
  const expired = await runStatement<{ id: string }>(
    em,
    `update invitees set state = 'QUEUED', claimed_at = null
      where state = 'SENDING' and claimed_at <= $1::timestamptz - make_interval(mins => $2::int)
      returning id`,
    [at, LEASE_MINUTES],
  );
  run.expired = expired.length;
  const claimed = await runStatement<Claimed>(
    em,
    `update invitees i set state = 'SENDING', claimed_at = $1::timestamptz
      where i.id in (
        select c.id from invitees c join rounds r on r.id = c.round_id
         where c.state = 'QUEUED' and ${ROUND_OPEN_SQL}
         order by c.round_id, c.email_key
         limit $2
         for update of c skip locked)
      returning i.id, i.round_id, i.email, i.language`,
    [at, SEND_BATCH],
  );
  run.claimed = claimed.length;
  if (claimed.length === 0) return run;

  const rounds = await roundsById(
    em,
    claimed.map((row) => row.round_id),
  );
  /** Rounds that stopped in this run, with the error to show. */
  const stopped = new Map<string, string>();
  const sentIn = new Set<string>();
  let transportDown = null as string | null;
  const handBack: string[] = [];

  const sender = mailer;
  const base = publicUrl;
  const handBackClaims = async (ids: string[]) =>
    ids.length === 0
      ? []
      : runStatement<{ id: string }>(
          em,
          `update invitees set state = 'QUEUED', claimed_at = null
            where id = any($1::uuid[]) and state = 'SENDING' returning id`,
          [ids],
        );
  let next = 0;
  /** Whether the row being handled has been given to the mail server (then it may have gone out). */
  let offered = false;
  try {
    for (; next < claimed.length; next++) {
      offered = false;
      await sendOne(claimed[next]!);
    }
  } catch (error) {
    // Whatever broke (the database, a bug), the claims not yet offered to the mail server go back at once rather
    // than staying leased for ten minutes. One that was offered stays leased: it may have been delivered, and its
    // lease is what keeps it from being mailed again at once.
    const untried = claimed.slice(offered ? next + 1 : next).map((row) => row.id);
    await handBackClaims([...handBack, ...untried]).catch((failure: unknown) => {
      log.error({ err: failure }, 'claims could not be handed back; their leases return them in 10 minutes');
    });
    throw error;
  }

  async function sendOne(row: Claimed): Promise<void> {
    if (transportDown !== null || stopped.has(row.round_id)) {
      handBack.push(row.id);
      return;
    }
    const round = rounds.get(row.round_id)!;
    const mail = renderInvitation(mailInputOf(round, row.language, inviteeLinksFor(row.id), base, graceDays));
    offered = true;
    const result = await send(sender, row.email, mail);
    switch (result.status) {
      case 'SENT':
        await runStatement(
          em,
          `update invitees set state = 'SENT', sent_on = $2::date, claimed_at = null, last_error = null
            where id = $1 and state = 'SENDING'`,
          [row.id, day],
        );
        run.sent += 1;
        sentIn.add(row.round_id);
        break;
      case 'BOUNCED':
        await runStatement(
          em,
          `update invitees set state = 'BOUNCED', claimed_at = null, last_error = $2
            where id = $1 and state = 'SENDING'`,
          [row.id, result.reply],
        );
        run.bounced += 1;
        break;
      case 'RETRY':
        await runStatement(
          em,
          `update invitees
              set state = case when attempts + 1 >= $3 then 'FAILED' else 'QUEUED' end::invitee_state,
                  attempts = attempts + 1, claimed_at = null, last_error = $2
            where id = $1 and state = 'SENDING'`,
          [row.id, result.reply, MAX_ATTEMPTS],
        );
        run.retry += 1;
        break;
      case 'FAILED':
        await runStatement(
          em,
          `update invitees set state = 'FAILED', attempts = attempts + 1, claimed_at = null, last_error = $2
            where id = $1 and state = 'SENDING'`,
          [row.id, result.reply],
        );
        run.failed += 1;
        stopped.set(
          row.round_id,
          `The mail server refused a message on ${day} (${withoutAddresses(result.reply)}); sending stopped for now, and the rest wait in the queue`,
        );
        break;
      case 'TRANSPORT_DOWN':
        handBack.push(row.id);
        transportDown = `The mail server could not be used on ${day} (${result.reason}); the invitations not sent wait in the queue and go out when it answers again`;
        break;
    }
  }

  run.handedBack = (await handBackClaims(handBack)).length;
  if (transportDown !== null) {
    for (const roundId of new Set(claimed.map((row) => row.round_id))) {
      if (!stopped.has(roundId)) stopped.set(roundId, transportDown);
    }
  }
  for (const [roundId, error] of stopped) {
    await runStatement(em, `update rounds set mail_error = $2 where id = $1`, [roundId, error]);
  }
  const good = [...sentIn].filter((roundId) => !stopped.has(roundId));
  if (good.length > 0) {
    await runStatement(
      em,
      `update rounds set mail_error = null where id = any($1::uuid[]) and mail_error is not null`,
      [good],
    );
  }
  log.info({ ...run, stoppedRounds: stopped.size }, 'invitations sent');
  return run;
}

// ---------------------------------------------------------------------------------------------------------------
// Reminders
// ---------------------------------------------------------------------------------------------------------------

interface ReminderCandidate {
  id: string;
  round_id: string;
  email: string;
  language: string;
  number: number;
  last_reminded_on: string | null;
}

export interface ReminderRun {
  sent: number;
  /** Per round and reminder number, how many went out. */
  byRound: { roundId: string; number: number; count: number }[];
  /** The server could not be used: the run stopped and gave its claims back. */
  transportDown: boolean;
}

/**
 * Sends the reminders that are due: reminder n to an invitee who was mailed, has not answered, has not opted out and
 * has had n − 1 reminders, on or after the day `reminder_days[n-1]` after the invitations went out (after their own
 * invitation, for someone invited later), and never two on one day. With `roundId` (`sendRemindersNow`) the next
 * reminder goes to that round's eligible invitees at once, whatever the day, up to `MAX_REMINDERS`. Each row is
 * claimed with a conditional UPDATE before its mail is sent; a failure to send gives the claim back.
 */
export async function sendReminders(
  em: Em,
  now: Date,
  { mailer, publicUrl, graceDays }: MailSetupDeps,
  log: Logger,
  { roundId, actorId = null }: { roundId?: string; actorId?: string | null } = {},
): Promise<ReminderRun> {
  const run: ReminderRun = { sent: 0, byRound: [], transportDown: false };
  if (!mailer || !publicUrl) return run;
  const at = now.toISOString();
  const day = dayOf(now);
  const candidates = await runStatement<ReminderCandidate>(
    em,
    roundId === undefined
      ? `select i.id, i.round_id, i.email, i.language, i.reminders_sent + 1 as number,
                i.last_reminded_on::text as last_reminded_on
           from invitees i join rounds r on r.id = i.round_id
          where ${REMINDER_ELIGIBLE_SQL} and ${ROUND_OPEN_SQL}
            and r.invitations_sent_on is not null
            and i.reminders_sent < coalesce(cardinality(r.reminder_days), 0)
            and greatest(r.invitations_sent_on, coalesce(i.sent_on, r.invitations_sent_on))
                + r.reminder_days[i.reminders_sent + 1] <= $2::date
            and (i.last_reminded_on is null or i.last_reminded_on < $2::date)
          order by i.round_id, i.email_key`
      : `select i.id, i.round_id, i.email, i.language, i.reminders_sent + 1 as number,
                i.last_reminded_on::text as last_reminded_on
           from invitees i join rounds r on r.id = i.round_id
          where ${REMINDER_ELIGIBLE_SQL} and ${ROUND_OPEN_SQL}
            and i.round_id = $3 and i.reminders_sent < $4
            and (i.last_reminded_on is null or i.last_reminded_on < $2::date)
          order by i.email_key`,
    roundId === undefined ? [at, day] : [at, day, roundId, MAX_REMINDERS],
  );
  if (candidates.length === 0) return run;
  const rounds = await roundsById(
    em,
    candidates.map((row) => row.round_id),
  );
  const counts = new Map<string, { roundId: string; number: number; count: number }>();

  for (const row of candidates) {
    const number = Number(row.number);
    const claim = await runStatement<{ id: string }>(
      em,
      `update invitees i set reminders_sent = $2, last_reminded_on = $3::date
        where i.id = $1 and i.reminders_sent = $2 - 1 and ${REMINDER_ELIGIBLE_SQL}
        returning i.id`,
      [row.id, number, day],
    );
    if (claim.length === 0) continue;
    const giveBack = () =>
      runStatement(
        em,
        `update invitees set reminders_sent = $2 - 1, last_reminded_on = $3::date
          where id = $1 and reminders_sent = $2`,
        [row.id, number, row.last_reminded_on],
      );
    const round = rounds.get(row.round_id)!;
    let mail: RenderedMail;
    try {
      mail = renderReminder(mailInputOf(round, row.language, inviteeLinksFor(row.id), publicUrl, graceDays));
    } catch (error) {
      // A bug before anything was sent: the claim goes back, so the reminder is not lost.
      await giveBack().catch((failure: unknown) => {
        log.error({ err: failure }, 'a reminder claim could not be handed back; the reminder is lost');
      });
      throw error;
    }
    const result = await send(mailer, row.email, mail);
    if (result.status === 'SENT') {
      run.sent += 1;
      const key = `${row.round_id}:${number}`;
      const entry = counts.get(key) ?? { roundId: row.round_id, number, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
      continue;
    }
    if (result.status === 'TRANSPORT_DOWN') {
      await giveBack();
      run.transportDown = true;
      const error = `The mail server could not be used on ${day} (${result.reason}); reminders not sent are tried again later`;
      for (const id of new Set(candidates.map((c) => c.round_id))) {
        await runStatement(em, `update rounds set mail_error = $2 where id = $1`, [id, error]);
      }
      break;
    }
    if (result.status === 'BOUNCED') {
      // The address is refused now: no more mail to it, and the reminder is not counted as sent.
      await giveBack();
      await runStatement(em, `update invitees set state = 'BOUNCED', last_error = $2 where id = $1`, [
        row.id,
        result.reply,
      ]);
    } else if (result.status === 'RETRY') {
      // Refused for now: the next run (an hour later) tries again.
      await giveBack();
      await runStatement(em, `update invitees set last_error = $2 where id = $1`, [row.id, result.reply]);
    } else {
      // Refused outright: kept as tried, so that one bad message is not sent again every hour.
      await runStatement(em, `update invitees set last_error = $2 where id = $1`, [row.id, result.reply]);
    }
  }

  run.byRound = [...counts.values()];
  if (run.byRound.length > 0) {
    const audit = new AuditService(em);
    for (const { roundId: id, number, count } of run.byRound) {
      audit.record({
        action: AuditAction.REMINDERS_SENT,
        actorId,
        subjectType: 'Round',
        subjectId: id,
        projectId: rounds.get(id)!.project.id,
        details: { count, number },
      });
    }
    await em.flush();
    if (!run.transportDown) {
      await runStatement(
        em,
        `update rounds set mail_error = null where id = any($1::uuid[]) and mail_error is not null`,
        [[...new Set(run.byRound.map((entry) => entry.roundId))]],
      );
    }
  }
  log.info(
    { sent: run.sent, rounds: run.byRound.length, transportDown: run.transportDown },
    'reminders sent',
  );
  return run;
}

// ---------------------------------------------------------------------------------------------------------------
// Opt-out
// ---------------------------------------------------------------------------------------------------------------

/**
 * Opts the invitee with this token out of reminders. Whether the token names anyone is not told: every token gets
 * the same answer, so tokens cannot be probed.
 */
export async function optOut(em: Em, token: string, hash: (token: string) => string): Promise<void> {
  const trimmed = token.trim();
  if (!trimmed || trimmed.length > 200) return;
  await runStatement(em, `update invitees set opted_out = true where opt_out_hash = $1 and not opted_out`, [
    hash(trimmed),
  ]);
}
