import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/viewer.js';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import type { LocalizedText, RespondentRole } from '../instruments/definition.types.js';
import { findPlaceholders } from '../rounds/placeholders.js';
import { AnonymityMode, Round, RoundStatus } from '../rounds/round.entity.js';
import { InvitationSummary, Invitee, InviteeState } from './invitee.entity.js';
import { MAX_INVITEES_PER_ROUND, parseInviteeList, type InviteeLanguage } from './invitee-list.js';
import type {
  AddedInvitees,
  AddInviteesInput,
  InvitationCounts,
  InvitationSettingsInput,
  InviteeView,
  RoundInvitations,
} from './invitee.types.js';
import { optOutHashOf, optOutTokenFor, ticketFor, ticketHashOf } from './links.js';

/** States in which the invitee has never been mailed a link, so cannot have answered. */
const NEVER_MAILED = new Set([
  InviteeState.NEW,
  InviteeState.QUEUED,
  InviteeState.BOUNCED,
  InviteeState.FAILED,
]);

interface CountRow {
  invited: number;
  not_sent: number;
  queued: number;
  sent: number;
  bounced: number;
  failed: number;
  opted_out: number;
  answered: number;
  reminders: number;
}

export class InviteeService {
  private readonly audit: AuditService;

  constructor(private readonly em: Em) {
    this.audit = new AuditService(em);
  }

  private async round(roundId: string): Promise<Round> {
    const round = isUuid(roundId) ? await this.em.findOne(Round, { id: roundId }) : null;
    if (!round) throw new NotFoundError('Round', roundId);
    return round;
  }

  /**
   * Adds a pasted or uploaded list: every new address in it, or (when any line is wrong) nothing, with
   * BAD_USER_INPUT naming each wrong line (`fields['lines.12']`). Addresses given twice or already in the round are
   * listed back and not added. The audit records the count, never an address.
   */
  async add(
    viewer: Viewer,
    roundId: string,
    input: AddInviteesInput,
    now = new Date(),
  ): Promise<AddedInvitees> {
    try {
      return await this.addOnce(viewer, roundId, input, now);
    } catch (error) {
      // A list added twice at once: the second reads what the first stored and lists it back as duplicates.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      this.em.clear();
      return this.addOnce(viewer, roundId, input, now);
    }
  }

  private async addOnce(
    viewer: Viewer,
    roundId: string,
    input: AddInviteesInput,
    now: Date,
  ): Promise<AddedInvitees> {
    const round = await this.round(roundId);
    if (round.statusAt(now) === RoundStatus.CLOSED) {
      throw new ConflictError(
        'This round is closed: invite people to a round that is open or being prepared',
      );
    }
    if (await this.em.count(InvitationSummary, { round: round.id })) {
      throw new ConflictError("This round's addresses have been deleted; it takes no new ones");
    }
    await this.em.populate(round, ['instrumentVersion']);
    const rolesAsked = new Set<RespondentRole>(
      round.instrumentVersion.definition.sections.flatMap((s) => s.items.flatMap((i) => i.roles)),
    );
    return this.em.transactional(async (tx) => {
      const em = tx as Em;
      // One list at a time per round, so that two lists at once cannot pass the limit together.
      await em.execute('select id from rounds where id = ? for update', [round.id]);
      const existing = await em.execute<{ email_key: string }[]>(
        'select email_key from invitees where round_id = ?',
        [round.id],
      );
      const parsed = parseInviteeList(
        input.text,
        {
          role: input.defaultRole,
          language: (input.defaultLanguage ?? round.defaultLanguage) as InviteeLanguage,
        },
        rolesAsked,
        new Set(existing.map((row) => row.email_key)),
        round.languages,
      );
      if (Object.keys(parsed.errors).length > 0) {
        throw new ValidationError(
          `Nothing was added: ${Object.keys(parsed.errors).length} line(s) need attention`,
          parsed.errors,
        );
      }
      if (existing.length + parsed.invitees.length > MAX_INVITEES_PER_ROUND) {
        throw ValidationError.forFields({
          text: `would make ${existing.length + parsed.invitees.length} invitees; a round takes at most ${MAX_INVITEES_PER_ROUND}`,
        });
      }
      if (parsed.invitees.length > 0) {
        await em.insertMany(
          Invitee,
          parsed.invitees.map((listed) => {
            const invitee = new Invitee();
            return {
              id: invitee.id,
              round: round.id,
              createdAt: now,
              email: listed.email,
              emailKey: listed.emailKey,
              role: listed.role,
              language: listed.language,
              ticketHash: ticketHashOf(ticketFor(invitee.id)),
              optOutHash: optOutHashOf(optOutTokenFor(invitee.id)),
            };
          }) as never[],
        );
        new AuditService(em).record({
          action: AuditAction.INVITEES_ADDED,
          actorId: viewer.userId,
          subjectType: 'Round',
          subjectId: round.id,
          projectId: round.project.id,
          details: { count: parsed.invitees.length, duplicates: parsed.duplicates.length },
        });
        await em.flush();
      }
      return {
        added: parsed.invitees.length,
        duplicates: parsed.duplicates.map(({ line, email }) => ({ line, email })),
      };
    });
  }

  /**
   * Removes invitees by id. In an anonymous round someone who was mailed a link can no longer be removed: the drop
   * in the answered count would tell whether they answered.
   */
  async remove(viewer: Viewer, roundId: string, ids: string[]): Promise<number> {
    const round = await this.round(roundId);
    const found = await this.em.find(Invitee, { round: round.id, id: { $in: ids.filter(isUuid) } });
    if (round.anonymity === AnonymityMode.ANONYMOUS) {
      const mailed = found.filter((invitee) => !NEVER_MAILED.has(invitee.state));
      if (mailed.length > 0) {
        throw ValidationError.forFields({
          ids: `name ${mailed.length} invitee(s) already mailed a link; in an anonymous round removing them would show whether they answered, so they stay (they can opt out of reminders)`,
        });
      }
    }
    if (found.length === 0) return 0;
    return this.em.transactional(async (tx) => {
      const em = tx as Em;
      const removed = await em.nativeDelete(Invitee, {
        round: round.id,
        id: { $in: found.map((i) => i.id) },
      });
      new AuditService(em).record({
        action: AuditAction.INVITEES_REMOVED,
        actorId: viewer.userId,
        subjectType: 'Round',
        subjectId: round.id,
        projectId: round.project.id,
        details: { count: removed },
      });
      await em.flush();
      return removed;
    });
  }

  /** The round's invitations: counts, the addresses (answered per address only in confidential rounds), settings. */
  async invitations(roundId: string): Promise<RoundInvitations> {
    const round = await this.round(roundId);
    const summary = await this.em.findOne(InvitationSummary, { round: round.id });
    const [row] = await this.em.execute<CountRow[]>(
      `select count(*)::int as invited,
              count(*) filter (where state = 'NEW')::int as not_sent,
              count(*) filter (where state in ('QUEUED', 'SENDING'))::int as queued,
              count(*) filter (where state = 'SENT')::int as sent,
              count(*) filter (where state = 'BOUNCED')::int as bounced,
              count(*) filter (where state = 'FAILED')::int as failed,
              count(*) filter (where opted_out)::int as opted_out,
              count(*) filter (where answered)::int as answered,
              coalesce(sum(reminders_sent), 0)::int as reminders
         from invitees where round_id = ?`,
      [round.id],
    );
    const counts: Omit<InvitationCounts, 'responseRate'> = summary
      ? {
          invited: summary.invited,
          notSent: 0,
          queued: 0,
          sent: summary.sent,
          bounced: summary.bounced,
          failed: summary.failed,
          optedOut: summary.optedOut,
          answered: summary.answered,
          reminders: summary.reminders,
        }
      : {
          invited: row!.invited,
          notSent: row!.not_sent,
          queued: row!.queued,
          sent: row!.sent,
          bounced: row!.bounced,
          failed: row!.failed,
          optedOut: row!.opted_out,
          answered: row!.answered,
          reminders: row!.reminders,
        };
    const perAddress = round.anonymity === AnonymityMode.CONFIDENTIAL;
    const invitees = summary
      ? []
      : await this.em.find(Invitee, { round: round.id }, { orderBy: { emailKey: 'asc' } });
    return {
      roundId: round.id,
      anonymity: round.anonymity,
      counts: { ...counts, responseRate: counts.sent > 0 ? counts.answered / counts.sent : null },
      invitees: invitees.map((invitee): InviteeView => ({
        id: invitee.id,
        email: invitee.email,
        role: invitee.role,
        language: invitee.language,
        state: invitee.state,
        sentOn: invitee.sentOn,
        remindersSent: invitee.remindersSent,
        optedOut: invitee.optedOut,
        answered: perAddress ? invitee.answered : null,
        lastError: invitee.lastError,
      })),
      settings: {
        message: round.invitationMessage,
        replyTo: round.invitationReplyTo,
        reminderDays: round.reminderDays,
        graceDays: round.inviteeGraceDays,
      },
      invitationsSentOn: round.invitationsSentOn,
      mailError: round.mailError,
      addressesDeletedOn: summary?.addressesDeletedOn ?? null,
    };
  }

  /**
   * Changes the round's mail settings. The message is plain text per language and may hold no [placeholder] (the
   * rule of the round's own texts); reminder days ascend. Audited by field name only, never with an address.
   */
  async updateSettings(
    viewer: Viewer,
    roundId: string,
    input: InvitationSettingsInput,
  ): Promise<RoundInvitations> {
    const round = await this.round(roundId);
    const fields: Record<string, string> = {};
    let message: LocalizedText | null | undefined = undefined;
    if (input.message !== undefined) {
      message = input.message && messageOf(input.message);
      for (const placeholder of findPlaceholders({
        'message.nb': message?.nb,
        'message.nn': message?.nn,
        'message.en': message?.en,
      })) {
        fields[placeholder.field] = `still holds ${placeholder.text}: write the text in its place`;
      }
      for (const [language, text] of Object.entries(message ?? {})) {
        if (typeof text === 'string' && text.length > 4000)
          fields[`message.${language}`] = 'is longer than 4000 characters';
      }
    }
    const days = input.reminderDays;
    if (days && days.some((day, i) => i > 0 && day <= days[i - 1]!)) {
      fields['reminderDays'] = 'must ascend, each day after the one before';
    }
    if (Object.keys(fields).length > 0) throw ValidationError.forFields(fields);

    const changed: string[] = [];
    if (message !== undefined) {
      round.invitationMessage = message;
      changed.push('message');
    }
    if (input.replyTo !== undefined) {
      round.invitationReplyTo = input.replyTo?.trim() || null;
      changed.push('replyTo');
    }
    if (days != null) {
      round.reminderDays = [...days];
      changed.push('reminderDays');
    }
    if (input.graceDays !== undefined) {
      round.inviteeGraceDays = input.graceDays;
      changed.push('graceDays');
    }
    if (changed.length > 0) {
      this.audit.record({
        action: AuditAction.ROUND_UPDATED,
        actorId: viewer.userId,
        subjectType: 'Round',
        subjectId: round.id,
        projectId: round.project.id,
        details: { invitationSettings: changed },
      });
      await this.em.flush();
    }
    return this.invitations(round.id);
  }
}

/** The message as kept: trimmed, with languages left empty dropped; null when even bokmål is empty. */
function messageOf(text: LocalizedText): LocalizedText | null {
  const nb = text.nb.trim();
  if (!nb) return null;
  return {
    nb,
    ...(text.nn?.trim() ? { nn: text.nn.trim() } : {}),
    ...(text.en?.trim() ? { en: text.en.trim() } : {}),
  };
}
