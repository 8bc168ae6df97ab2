import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/viewer.js';
import { dayOf } from '../common/dates.js';
import { ConflictError, MailError, NotFoundError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { runStatement } from '../db/statement.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mail/mailer.js';
import { findPlaceholders } from '../rounds/placeholders.js';
import { Round, RoundStatus } from '../rounds/round.entity.js';
import type { Clock } from '../scheduler/clock.js';
import {
  mailInputOf,
  renderMail,
  sendReminders,
  type MailKindName,
  type MailSetupDeps,
} from './invitation-mail.js';
import { InvitationSummary } from './invitee.entity.js';
import { InviteeService } from './invitee.service.js';
import type { RoundInvitations } from './invitee.types.js';
import { OPT_OUT_PREFIX, TICKET_PREFIX } from './links.js';

/** The job that sends queued invitations; `sendInvitations` kicks it. */
export const SEND_JOB = 'invitees.send';
/** The hourly job that sends due reminders. */
export const REMIND_JOB = 'invitees.remind';

/** What the GraphQL operations need of the app: the mailer, the public address, the clock and a way to start a job. */
export interface InvitationMailing extends MailSetupDeps {
  clock: Clock;
  log: Logger;
  /** Asks the scheduler to run a job now (at once when it runs, otherwise at its next round). */
  kick(job: string): void;
}

export interface MailSetupView {
  configured: boolean;
  from: string | null;
}

export interface MailPreviewView {
  subject: string;
  text: string;
  html: string;
}

/** The sample links of a preview: they look like real ones and lead nowhere. */
const PREVIEW_LINKS = {
  survey: `/i/${TICKET_PREFIX}eksempel`,
  optOutPage: `/u/${OPT_OUT_PREFIX}eksempel`,
  optOutPost: `/mail/opt-out/${OPT_OUT_PREFIX}eksempel`,
};
const PREVIEW_BASE = 'https://verdi.example.org';
const LANGUAGES = new Set(['nb', 'nn', 'en']);

export class InvitationMailService {
  constructor(
    private readonly em: Em,
    private readonly mailing: InvitationMailing,
  ) {}

  /** Whether mail can be sent: SMTP_URL (with VERDI_MAIL_FROM) and VERDI_PUBLIC_URL, which the links need. */
  setup(): MailSetupView {
    const { mailer, publicUrl } = this.mailing;
    return { configured: Boolean(mailer && publicUrl), from: mailer?.from ?? null };
  }

  private async round(roundId: string): Promise<Round> {
    const round = isUuid(roundId)
      ? await this.em.findOne(Round, { id: roundId }, { populate: ['project'] })
      : null;
    if (!round) throw new NotFoundError('Round', roundId);
    return round;
  }

  private configured(): { mailer: Mailer; publicUrl: string } {
    const { mailer, publicUrl } = this.mailing;
    if (!mailer) {
      throw new MailError(
        'MAIL_NOT_CONFIGURED',
        'This Verdi installation cannot send mail: its administrator must set SMTP_URL and VERDI_MAIL_FROM. Nothing was sent',
      );
    }
    if (!publicUrl) {
      throw new MailError(
        'MAIL_NOT_CONFIGURED',
        'This Verdi installation cannot send mail links: its administrator must set VERDI_PUBLIC_URL. Nothing was sent',
      );
    }
    return { mailer, publicUrl };
  }

  private async reachable(mailer: Mailer): Promise<void> {
    const verified = await mailer.verify();
    if (!verified.ok) {
      const why: Record<typeof verified.reason, string> = {
        CONNECTION: 'it could not be reached',
        AUTH: 'it did not accept Verdi’s user name or password',
        TLS: 'a secure connection to it failed',
        TIMEOUT: 'it did not answer in time',
      };
      throw new MailError(
        'MAIL_UNAVAILABLE',
        `The mail server cannot be used now: ${why[verified.reason]}. Nothing was queued or sent; try again later`,
        { reason: verified.reason },
      );
    }
  }

  private async deleted(round: Round): Promise<boolean> {
    return (await this.em.count(InvitationSummary, { round: round.id })) > 0;
  }

  /**
   * Queues the round's invitees that have not been mailed (NEW, and FAILED ones for another try) and starts the send
   * job. Nothing is queued unless the mail server answers now. Sets the day invitations went out the first time,
   * from which reminders count. Pressing it again ("send the rest") queues only those not mailed yet.
   */
  async sendInvitations(viewer: Viewer, roundId: string): Promise<RoundInvitations> {
    const round = await this.round(roundId);
    const { mailer } = this.configured();
    const now = this.mailing.clock.now();
    const status = round.statusAt(now);
    if (status === RoundStatus.DRAFT) {
      throw new ConflictError(
        'This round is still being prepared: open it (or schedule it) before sending invitations',
      );
    }
    if (status === RoundStatus.CLOSED) {
      throw new ConflictError('This round is closed: invitations can no longer be sent');
    }
    if (await this.deleted(round)) {
      throw new ConflictError("This round's addresses have been deleted; no invitations can be sent");
    }
    const fields: Record<string, string> = {};
    for (const placeholder of findPlaceholders({
      'message.nb': round.invitationMessage?.nb,
      'message.nn': round.invitationMessage?.nn,
      'message.en': round.invitationMessage?.en,
    })) {
      fields[placeholder.field] = `still holds ${placeholder.text}: write the text in its place`;
    }
    if (Object.keys(fields).length > 0) {
      throw new ValidationError('Nothing was sent: the invitation message needs attention', fields);
    }
    await this.reachable(mailer);

    const queued = await this.em.transactional(async (tx) => {
      const em = tx as Em;
      const [row] = await runStatement<{ queued: number }>(
        em,
        `with queued as (
           update invitees set state = 'QUEUED', attempts = 0, claimed_at = null, last_error = null
            where round_id = $1 and state in ('NEW', 'FAILED')
            returning 1
         ), marked as (
           update rounds set invitations_sent_on = coalesce(invitations_sent_on, $2::date)
            where id = $1 and exists (select 1 from queued)
            returning 1
         )
         select (select count(*) from queued)::int as queued`,
        [round.id, dayOf(now)],
      );
      const count = row?.queued ?? 0;
      if (count > 0) {
        new AuditService(em).record({
          action: AuditAction.INVITATIONS_SENT,
          actorId: viewer.userId,
          subjectType: 'Round',
          subjectId: round.id,
          projectId: round.project.id,
          details: { queued: count },
        });
        await em.flush();
      }
      return count;
    });
    if (queued > 0) this.mailing.kick(SEND_JOB);
    this.em.clear();
    return new InviteeService(this.em).invitations(round.id);
  }

  /**
   * Sends the next reminder now to the round's invitees who were mailed, have not answered, have not opted out and
   * were not reminded today, whatever the reminder days say (at most 3 reminders in all). The round must be open.
   */
  async sendRemindersNow(viewer: Viewer, roundId: string): Promise<RoundInvitations> {
    const round = await this.round(roundId);
    const { mailer, publicUrl } = this.configured();
    const now = this.mailing.clock.now();
    if (round.statusAt(now) !== RoundStatus.OPEN) {
      throw new ConflictError('Reminders go out only while the round is open');
    }
    if (await this.deleted(round)) {
      throw new ConflictError("This round's addresses have been deleted; no reminders can be sent");
    }
    await this.reachable(mailer);
    const run = await sendReminders(this.em.fork(), now, { mailer, publicUrl }, this.mailing.log, {
      roundId: round.id,
      actorId: viewer.userId,
    });
    if (run.transportDown && run.sent === 0) {
      throw new MailError(
        'MAIL_UNAVAILABLE',
        'The mail server stopped answering: no reminder was sent; try again later',
        { reason: 'CONNECTION' },
      );
    }
    this.em.clear();
    return new InviteeService(this.em).invitations(round.id);
  }

  /** A sample of the round's invitation or reminder in a language, with its real settings and a dummy link. */
  async preview(roundId: string, kind: MailKindName, language: string): Promise<MailPreviewView> {
    if (!LANGUAGES.has(language)) throw ValidationError.forFields({ language: 'must be nb, nn or en' });
    const round = await this.round(roundId);
    const mail = renderMail(
      kind,
      mailInputOf(
        round,
        language,
        PREVIEW_LINKS,
        this.mailing.publicUrl ?? PREVIEW_BASE,
        this.mailing.graceDays,
      ),
    );
    return { subject: mail.subject, text: mail.text, html: mail.html };
  }
}
