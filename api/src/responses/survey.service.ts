import { createHmac, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import { NotFoundError, SurveyUnavailableError, ValidationError } from '../common/errors.js';
import { addDays, dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import type { InstrumentDefinition, Item, RespondentRole } from '../instruments/definition.types.js';
import { ConsentService } from '../consent/consent.service.js';
import { definitionOf } from '../instruments/published-definitions.js';
import { keyedLinkageHash } from '../privacy/linkage.js';
import { pseudonymKey } from '../privacy/pseudonym-key.js';
import { CODE_ALPHABET, hashCode, looksLikeCode } from '../rounds/codes.js';
import { Invitation, InvitationKind } from '../rounds/invitation.entity.js';
import { AnonymityMode, Round, RoundStatus, roundStatusAt } from '../rounds/round.entity.js';
import { AnsweredMix, processAnsweredMix } from '../invitees/answered-mix.js';
import { DEFAULT_INVITEE_GRACE_DAYS } from '../invitees/invitee.config.js';
import { Invitee } from '../invitees/invitee.entity.js';
import { looksLikeTicket, ticketHashOf, TICKET_PREFIX } from '../invitees/links.js';
import { Answer } from './answer.entity.js';
import { checkAnswers, checkItemOrder, type StoredAnswer } from './answer.rules.js';
import { ConstructScore } from './construct-score.entity.js';
import { Response, ResponseStatus, Wording } from './response.entity.js';
import { scoreConstructs } from './scoring.js';
import { forgetOpenLink, openLinkOf, storeSubmission, type OpenLink } from './submission.statements.js';
import type {
  SavedSurveyDraft,
  SaveSurveyDraftInput,
  SubmitSurveyInput,
  Survey,
  SurveyAnswer,
  SurveyAssistanceInput,
  SurveyReceipt,
  SurveyRound,
  WithdrawalReceipt,
} from './survey.types.js';

const LANGUAGES = new Set(['nb', 'en', 'nn']);

/**
 * The way in a token names: an open link or a code (an `Invitation` row), or an invitee's personal ticket (`inv.…`),
 * which has no invitation row and is answered as through an open link: the response keeps nothing of it.
 */
interface Entrance {
  /** The invitation's id, or the invitee's. */
  id: string;
  kind: InvitationKind;
  role: RespondentRole;
  round: { id: string };
  usedOn: string | null;
  /** Set for a ticket: the invitee, and whether its row says it has answered. */
  invitee?: { id: string; answered: boolean };
}

interface Opened {
  invitation: Entrance;
  round: Round;
  definition: InstrumentDefinition;
}

/** Rows of a response's answers or scores, as one INSERT (none for none). */
async function insertRows<T extends Answer | ConstructScore>(
  em: Em,
  entity: new () => T,
  responseId: string,
  rows: object[],
): Promise<void> {
  if (rows.length > 0)
    await em.insertMany(entity, rows.map((row) => ({ response: responseId, ...row })) as never[]);
}

/**
 * The receipt follows from the client's submission id, so a retried submission gets the same receipt back while
 * Verdi stores only hashes of both.
 */
export function receiptFor(clientSubmissionId: string, roundId: string, role: string): string {
  const digest = createHmac('sha256', clientSubmissionId).update(`receipt:${roundId}:${role}`).digest();
  const chars = [...digest.subarray(0, 12)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12)].map((group) => group.join('')).join('-');
}

export function normaliseReceipt(code: string): string {
  const clean = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return [clean.slice(0, 4), clean.slice(4, 8), clean.slice(8, 12)].join('-');
}

/**
 * Pairs rounds in one project without identity: the same code in the same project gives the same hash, keyed with the
 * installation's pseudonym key so that the small code space cannot be searched without it.
 */
export function linkageHashFor(projectId: string, code: string, key: Buffer = pseudonymKey()): string {
  return keyedLinkageHash(key, projectId, code);
}

function toSurveyAnswer(answer: Answer): SurveyAnswer {
  return {
    item: answer.itemKey,
    number: answer.number,
    text: answer.text,
    choices: answer.choices,
    notApplicable: answer.notApplicable || null,
  };
}

/** Thrown inside a submission's transaction when a racing submission of the same draft or code got there first. */
class LostRace extends Error {}

const codeUsed = () =>
  new SurveyUnavailableError('CODE_USED', 'This code has already been used to submit answers');
const alreadySubmitted = () =>
  new SurveyUnavailableError(
    'ALREADY_SUBMITTED',
    'These answers have already been submitted, perhaps from another device; nothing more can be saved to them',
  );

function answerErrors(errors: Record<string, string>): ValidationError {
  const error = new ValidationError(
    `Some answers need attention: ${Object.values(errors).join('; ')}`,
    errors,
  );
  error.extensions.items = errors;
  return error;
}

/** Help in answering as stored on the response. */
export interface Assistance {
  assisted: boolean | null;
  assistedReadAloud: boolean | null;
  assistedWrote: boolean | null;
  assistedExplained: boolean | null;
}

/**
 * The help stated at the end, checked: how someone helped only where someone did (the table refuses it otherwise,
 * and an answer that says "nobody helped" and "they read aloud" is not one a researcher can use).
 */
export function assistanceOf(input: SurveyAssistanceInput | null | undefined): Assistance {
  const assisted = input?.assisted ?? null;
  const kinds = {
    readAloud: input?.readAloud ?? null,
    wrote: input?.wrote ?? null,
    explained: input?.explained ?? null,
  };
  if (assisted !== true) {
    const given = Object.entries(kinds).filter(([, value]) => value !== null);
    if (given.length > 0)
      throw ValidationError.forFields(
        Object.fromEntries(
          given.map(([kind]) => [
            `assistance.${kind}`,
            `says how someone helped, but assistance.assisted is ${assisted === false ? 'false' : 'not given'}; give it only where someone helped`,
          ]),
        ),
      );
  }
  return {
    assisted,
    assistedReadAloud: assisted ? kinds.readAloud : null,
    assistedWrote: assisted ? kinds.wrote : null,
    assistedExplained: assisted ? kinds.explained : null,
  };
}

/** The item order to store, or a clear error naming the field (answer.rules.ts#checkItemOrder). */
function itemOrderOf(
  definition: InstrumentDefinition,
  role: RespondentRole,
  order: string[] | null | undefined,
): string[] | null {
  const checked = checkItemOrder(definition, role, order);
  if ('error' in checked) throw ValidationError.forFields({ itemOrder: checked.error });
  return checked.order;
}

/** Records in a draft (or a claimed one) the wording used since: a wording other than the one recorded makes it MIXED. */
async function mergeWordingInto(
  em: Em,
  responseId: string,
  wording: Wording | null | undefined,
): Promise<void> {
  if (!wording) return;
  await em.execute(
    `update responses set wording = case when wording = ?::response_wording then wording else 'MIXED'::response_wording end where id = ?`,
    [wording, responseId],
  );
}

export class SurveyService {
  constructor(
    private readonly em: Em,
    private readonly mix: AnsweredMix = processAnsweredMix(),
    /** VERDI_INVITEE_GRACE_DAYS, for the deletion day told to invitees of rounds without a grace period of their own. */
    private readonly inviteeGraceDays: number = DEFAULT_INVITEE_GRACE_DAYS,
  ) {}

  /** The link, code or ticket, whatever state its round is in. */
  private async invitation(token: string): Promise<Entrance> {
    const trimmed = token.trim();
    if (looksLikeTicket(trimmed)) return this.ticket(trimmed);
    const where = looksLikeCode(trimmed)
      ? { codeHash: hashCode(trimmed), kind: InvitationKind.CODE }
      : { linkToken: trimmed, kind: InvitationKind.OPEN_LINK };
    // With its round in the same query: every caller needs the round next.
    const invitation = await this.em.findOne(Invitation, where, { populate: ['round'] });
    if (!invitation) {
      throw new NotFoundError(
        'Survey link or code',
        trimmed.length > 12 ? `${trimmed.slice(0, 6)}…` : trimmed,
      );
    }
    return invitation;
  }

  /**
   * An invitee's ticket. A plain SELECT, never in a transaction and never FOR UPDATE/SHARE: a row lock would stamp
   * the invitee's row with the submission's transaction id, which is a link between the two.
   */
  private async ticket(ticket: string): Promise<Entrance> {
    const [row] = await this.em.execute<
      { id: string; round_id: string; role: RespondentRole; answered: boolean }[]
    >('select id, round_id, role, answered from invitees where ticket_hash = ?', [ticketHashOf(ticket)]);
    // Never a part of the ticket in the message: it is a secret as a whole.
    if (!row) throw new NotFoundError('Survey link or code', `${TICKET_PREFIX}…`);
    return {
      id: row.id,
      kind: InvitationKind.EMAIL,
      role: row.role,
      round: { id: row.round_id },
      usedOn: null,
      invitee: { id: row.id, answered: row.answered },
    };
  }

  /** Whether this invitee is known to have answered: its row says so, or (anonymous rounds) this process's mix. */
  private inviteeAnswered(entrance: Entrance): boolean {
    return !!entrance.invitee && (entrance.invitee.answered || this.mix.has(entrance.invitee.id));
  }

  /** The link or code with its round and definition; refuses what is closed, not yet open, or already used. */
  private async open(invitation: Entrance, now: Date): Promise<Opened> {
    const round = await this.em.findOneOrFail(Round, { id: invitation.round.id }, { populate: ['project'] });
    const status = round.statusAt(now);
    if (status === RoundStatus.SCHEDULED) {
      throw new SurveyUnavailableError('ROUND_NOT_OPEN', `This round opens on ${dayOf(round.opensAt)}`, {
        opensOn: dayOf(round.opensAt),
      });
    }
    // A round still being prepared takes nothing, as a closed one.
    if (status !== RoundStatus.OPEN)
      throw new SurveyUnavailableError('ROUND_NOT_OPEN', 'This round is closed');
    if (invitation.usedOn) throw codeUsed();
    if (this.inviteeAnswered(invitation)) throw alreadySubmitted();
    return { invitation, round, definition: await definitionOf(this.em, round.instrumentVersion.id) };
  }

  /**
   * The draft these answers belong to: the code's own response, or the one the resume token names. A resume token of
   * answers already submitted is ALREADY_SUBMITTED, so that a device still open elsewhere learns it.
   */
  private async draftOf(opened: Opened, resumeToken?: string | null): Promise<Response | null> {
    if (opened.invitation.kind === InvitationKind.CODE) {
      return this.em.findOne(Response, {
        invitation: opened.invitation.id,
        status: ResponseStatus.IN_PROGRESS,
      });
    }
    if (!resumeToken) return null;
    const response = await this.em.findOne(Response, {
      round: opened.round.id,
      resumeHash: hashSecret(resumeToken),
    });
    if (response && response.status !== ResponseStatus.IN_PROGRESS) throw alreadySubmitted();
    return response;
  }

  async survey(token: string, resumeToken?: string | null, now = new Date()): Promise<Survey> {
    const opened = await this.open(await this.invitation(token), now);
    const role = opened.invitation.role;
    let draft: Response | null;
    try {
      draft = await this.draftOf(opened, resumeToken);
    } catch (error) {
      // The page remembers a draft of this ticket that was submitted: a mark lost in a restart heals here.
      const invitee = opened.invitation.invitee;
      if (invitee && opened.round.anonymity === AnonymityMode.ANONYMOUS && this.mix.policy.markAt === 'MIX')
        this.mix.add(opened.round.id, invitee.id);
      throw error;
    }
    const saved = draft ? await this.em.find(Answer, { response: draft.id }) : [];
    return {
      round: surveyRoundOf(
        opened.round,
        opened.invitation.kind === InvitationKind.EMAIL ? this.inviteeGraceDays : null,
      ),
      role,
      kind: opened.invitation.kind,
      scales: opened.definition.scales,
      sections: opened.definition.sections
        .map((section) => ({
          key: section.key,
          title: section.title,
          items: section.items.filter((i) => i.roles.includes(role)).map((i) => asSeenBy(i, role)),
          randomiseOrder: section.randomiseOrder ?? null,
          grid: section.grid ?? null,
        }))
        .filter((section) => section.items.length > 0),
      savedAnswers: saved.map(toSurveyAnswer),
      itemOrder: draft?.itemOrder ?? null,
    };
  }

  async saveDraft(input: SaveSurveyDraftInput, now = new Date()): Promise<SavedSurveyDraft> {
    const opened = await this.open(await this.invitation(input.token), now);
    this.checkLanguage(input.language, opened.round);
    if (opened.round.consentRequired && !input.consent) {
      throw ValidationError.forFields({ consent: 'is needed before any answer is saved' });
    }
    const checked = checkAnswers(opened.definition, opened.invitation.role, input.answers, {
      complete: false,
    });
    if (Object.keys(checked.errors).length > 0) throw answerErrors(checked.errors);
    const itemOrder = itemOrderOf(opened.definition, opened.invitation.role, input.itemOrder);
    try {
      return await this.storeDraft(opened, input, checked.answers, now, itemOrder);
    } catch (error) {
      // Two first saves of one code at once: the loser saves into the draft the winner made.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      this.em.clear();
      return this.storeDraft(opened, input, checked.answers, now, itemOrder);
    }
  }

  private async storeDraft(
    opened: Opened,
    input: SaveSurveyDraftInput,
    answers: StoredAnswer[],
    now: Date,
    itemOrder: string[] | null,
  ): Promise<SavedSurveyDraft> {
    const day = dayOf(now);
    const draft = await this.draftOf(opened, input.resumeToken);
    // Nothing to keep: an empty save starts no draft, so opening a survey never counts as starting it.
    if (!draft && answers.length === 0) return { resumeToken: null, savedOn: day };
    // A ticket's drafts are kept as an open link's: with a resume token, and nothing of the ticket.
    const openLink = opened.invitation.kind !== InvitationKind.CODE;
    const resumeToken = draft ? (input.resumeToken ?? null) : openLink ? newSecret() : null;
    await this.em.transactional(async (tx) => {
      const em = tx as Em;
      let responseId: string;
      if (draft) {
        // Only while still a draft: a submission from another device that got here first locks and wins.
        const kept = await em.nativeUpdate(
          Response,
          { id: draft.id, status: ResponseStatus.IN_PROGRESS },
          // A save without an order keeps the one the draft has.
          { updatedOn: day, language: input.language, ...(itemOrder ? { itemOrder } : {}) },
        );
        if (kept === 0) throw openLink ? alreadySubmitted() : codeUsed();
        responseId = draft.id;
        await mergeWordingInto(em, responseId, input.wording);
        await em.nativeDelete(Answer, { response: responseId });
      } else {
        const response = em.create(Response, {
          round: em.getReference(Round, opened.round.id),
          role: opened.invitation.role,
          invitation: openLink ? null : em.getReference(Invitation, opened.invitation.id),
          resumeHash: resumeToken ? hashSecret(resumeToken) : null,
          language: input.language,
          consentGiven: opened.round.consentRequired ? true : null,
          wording: input.wording ?? Wording.STANDARD,
          itemOrder,
          startedOn: day,
          updatedOn: day,
        });
        await em.flush();
        responseId = response.id;
      }
      await insertRows(em, Answer, responseId, answers);
    });
    return { resumeToken, savedOn: day };
  }

  /**
   * Submits a draft once, whichever device sends it. The draft decides, not the device: the code's response, or the
   * response the resume token names. Sending it again, from any device with the draft's secret (the code, or the
   * resume token), gives the first receipt; the submission id alone never does.
   */
  async submit(input: SubmitSurveyInput, now = new Date()): Promise<SurveyReceipt> {
    assistanceOf(input.assistance);
    return (await this.submitAtOnce(input, now)) ?? this.submitCarefully(input, now);
  }

  /**
   * The common case, off the ORM: through an open link, into an open round, with answers that pass, new or from a
   * draft. One statement that stores everything or nothing (see `submission.statements.ts`), after a lookup of the
   * link unless it was looked up in the last minute (the statement checks that the round is as remembered). Anything
   * else (a code, a retry, a round not open, answers that need attention, a race lost) returns null having stored
   * nothing, and the careful path below answers it exactly as before.
   */
  private async submitAtOnce(input: SubmitSurveyInput, now: Date): Promise<SurveyReceipt | null> {
    const token = input.token.trim();
    // Tickets take the careful path, which marks the invitee (and is fast enough for thousands a round).
    if (looksLikeCode(token) || looksLikeTicket(token) || !LANGUAGES.has(input.language)) return null;
    const link = await openLinkOf(this.em, token, now.getTime());
    // A language the round does not offer (or not as remembered) is answered by the careful path.
    if (!link || !link.languages.includes(input.language)) return null;
    const stored = await this.storeAtOnce(input, { ...link, token }, now);
    // What the link was remembered with may have changed: the next submission looks it up again.
    if (!stored) forgetOpenLink(token);
    return stored;
  }

  private async storeAtOnce(
    input: SubmitSurveyInput,
    link: OpenLink & { token: string },
    now: Date,
  ): Promise<SurveyReceipt | null> {
    if (roundStatusAt(link, now) !== RoundStatus.OPEN) return null;
    if (link.consentRequired && !input.consent) return null;
    const definition = await definitionOf(this.em, link.instrumentVersionId);
    const checked = checkAnswers(definition, link.role, input.answers, { complete: true });
    if (Object.keys(checked.errors).length > 0) return null;
    const order = checkItemOrder(definition, link.role, input.itemOrder);
    if ('error' in order) return null;

    const day = dayOf(now);
    const draftSecret = input.resumeToken || null;
    const receiptCode = draftSecret
      ? receiptFor(`draft:${draftSecret}`, link.roundId, link.role)
      : receiptFor(input.clientSubmissionId, link.roundId, link.role);
    const stored = await storeSubmission(this.em, {
      link,
      responseId: randomUUID(),
      now,
      day,
      submissionKey: hashSecret(`submission:${link.roundId}:${link.role}:${input.clientSubmissionId}`),
      resumeHash: draftSecret ? hashSecret(draftSecret) : null,
      receiptHash: hashSecret(receiptCode),
      language: input.language,
      consentGiven: link.consentRequired ? true : null,
      linkageHash:
        link.linkage && input.linkageCode?.trim() ? linkageHashFor(link.projectId, input.linkageCode) : null,
      submittedAt: link.anonymity === AnonymityMode.CONFIDENTIAL ? now : null,
      wording: input.wording ?? null,
      assistance: assistanceOf(input.assistance),
      itemOrder: order.order,
      answers: checked.answers,
      scores: scoreConstructs(definition, link.role, checked.answers),
    });
    return stored ? { receiptCode, submittedOn: day } : null;
  }

  private async submitCarefully(input: SubmitSurveyInput, now: Date): Promise<SurveyReceipt> {
    const invitation = await this.invitation(input.token);
    if (!invitation.invitee) return this.store(invitation, input, now);
    const inviteeId = invitation.invitee.id;
    // Two devices with one ticket in this process: one after the other, so the second meets the first's mark.
    return this.mix.exclusive(inviteeId, () => this.store(invitation, input, now));
  }

  private async store(invitation: Entrance, input: SubmitSurveyInput, now: Date): Promise<SurveyReceipt> {
    // The key names the round and role, so one id sent through another link can never meet another's submission.
    const submissionKey = hashSecret(
      `submission:${invitation.round.id}:${invitation.role}:${input.clientSubmissionId}`,
    );
    // A retry is answered as the first try was, even if the round has closed or the code is spent since.
    const earlier = await this.submitted(invitation, input, submissionKey);
    if (earlier) return earlier;

    const opened = await this.open(invitation, now);
    this.checkLanguage(input.language, opened.round);
    const { round, definition } = opened;
    if (round.consentRequired && !input.consent) {
      throw ValidationError.forFields({ consent: 'is needed to submit answers' });
    }
    const checked = checkAnswers(definition, invitation.role, input.answers, { complete: true });
    if (Object.keys(checked.errors).length > 0) throw answerErrors(checked.errors);
    const itemOrder = itemOrderOf(definition, invitation.role, input.itemOrder);

    const day = dayOf(now);
    const draftSecret = invitation.kind !== InvitationKind.CODE ? input.resumeToken || null : null;
    const receiptCode = draftSecret
      ? receiptFor(`draft:${draftSecret}`, round.id, invitation.role)
      : receiptFor(input.clientSubmissionId, round.id, invitation.role);
    let draft: Response | null;
    try {
      draft = await this.draftOf(opened, input.resumeToken);
    } catch (error) {
      if (!(error instanceof SurveyUnavailableError) || error.extensions['code'] !== 'ALREADY_SUBMITTED')
        throw error;
      // Submitted from another device (or by a twin of this request) since the lookup above: answer as a retry is.
      this.em.clear();
      const stored = await this.submitted(invitation, input, submissionKey);
      if (stored) return stored;
      throw error;
    }
    const submitted = {
      status: ResponseStatus.SUBMITTED,
      submissionKey,
      receiptHash: hashSecret(receiptCode),
      language: input.language,
      consentGiven: round.consentRequired ? true : null,
      linkageHash:
        round.linkage && input.linkageCode?.trim()
          ? linkageHashFor(round.project.id, input.linkageCode)
          : null,
      updatedOn: day,
      submittedOn: day,
      submittedAt: round.anonymity === AnonymityMode.CONFIDENTIAL ? now : null,
      ...assistanceOf(input.assistance),
      // A submission without an order keeps the one its draft has.
      ...(itemOrder ? { itemOrder } : {}),
    };
    try {
      await this.em.transactional(async (tx) => {
        const em = tx as Em;
        let responseId: string;
        if (draft) {
          // Claiming the draft locks its row: of two devices submitting it at once, the second finds it taken.
          const claimed = await em.nativeUpdate(
            Response,
            { id: draft.id, status: ResponseStatus.IN_PROGRESS },
            submitted,
          );
          if (claimed === 0) throw new LostRace();
          responseId = draft.id;
          await mergeWordingInto(em, responseId, input.wording);
          await em.nativeDelete(Answer, { response: responseId });
        } else {
          const response = em.create(Response, {
            round: em.getReference(Round, round.id),
            role: invitation.role,
            invitation:
              invitation.kind === InvitationKind.CODE ? em.getReference(Invitation, invitation.id) : null,
            // A draft that was never saved (or has expired) gets its secret now, so that a retry can prove itself.
            resumeHash: draftSecret ? hashSecret(draftSecret) : null,
            startedOn: day,
            wording: input.wording ?? Wording.STANDARD,
            ...submitted,
          });
          // Unique keys (the code's one response, the resume hash, the submission key) stop a racing twin here.
          await em.flush();
          responseId = response.id;
        }
        // The answers go in as one multi-row INSERT each, without tracking 30 entities through the unit of work.
        await insertRows(em, Answer, responseId, checked.answers);
        await insertRows(
          em,
          ConstructScore,
          responseId,
          scoreConstructs(definition, invitation.role, checked.answers),
        );
        if (invitation.kind === InvitationKind.CODE) {
          // The code is spent in the same transaction; a second device racing with the same code loses here.
          const spent = await em.nativeUpdate(
            Invitation,
            { id: invitation.id, usedOn: null },
            { usedOn: day },
          );
          if (spent === 0) throw new LostRace();
        }
        if (invitation.invitee && this.marksInTransaction(round)) {
          // Confidential: strictly single-use, linked on purpose (the first page says so) until the addresses go.
          const marked = await em.nativeUpdate(
            Invitee,
            { id: invitation.invitee.id, answered: false },
            { answered: true },
          );
          if (marked === 0) throw new LostRace();
        }
        // The text this participant consented to, kept with the response.
        await new ConsentService(em).keepFor(responseId, round, now);
      });
    } catch (error) {
      if (error instanceof LostRace || error instanceof UniqueConstraintViolationException) {
        // Another submission of the same draft or code was stored first: answer as a retry would be answered.
        this.em.clear();
        const stored = await this.submitted(invitation, input, submissionKey);
        if (stored) return stored;
        throw invitation.kind === InvitationKind.CODE ? codeUsed() : alreadySubmitted();
      }
      throw error;
    }
    // Anonymous: nothing about the invitee is written now; the mark waits in memory for a batch of at least k.
    if (invitation.invitee && !this.marksInTransaction(round)) this.mix.add(round.id, invitation.invitee.id);
    return { receiptCode, submittedOn: day };
  }

  private marksInTransaction(round: Round): boolean {
    return round.anonymity === AnonymityMode.CONFIDENTIAL || this.mix.policy.markAt === 'SUBMISSION';
  }

  /**
   * The receipt of a submission made earlier, for a caller that proves it holds the draft: the code together with the
   * same submission id (a code has no other secret), or the resume token. Anything else that meets a submission
   * already made is CODE_USED or ALREADY_SUBMITTED, without a receipt.
   */
  private async submitted(
    invitation: Entrance,
    input: SubmitSurveyInput,
    submissionKey: string,
  ): Promise<SurveyReceipt | null> {
    const roundId = invitation.round.id;
    const receipt = (response: Response, code: string): SurveyReceipt | null =>
      response.submittedOn && response.receiptHash === hashSecret(code)
        ? { receiptCode: code, submittedOn: response.submittedOn }
        : null;
    if (invitation.kind === InvitationKind.CODE) {
      const response = await this.em.findOne(Response, { invitation: invitation.id });
      if (!response || response.status === ResponseStatus.IN_PROGRESS) return null;
      const given =
        response.submissionKey === submissionKey
          ? receipt(response, receiptFor(input.clientSubmissionId, roundId, response.role))
          : null;
      if (given) return given;
      throw codeUsed();
    }
    // One statement, so one snapshot: two lookups could miss a twin's commit in the first and meet it in the second.
    const resumeHash = input.resumeToken ? hashSecret(input.resumeToken) : null;
    const found = await this.em.find(Response, {
      round: roundId,
      $or: [{ submissionKey }, ...(resumeHash ? [{ resumeHash }] : [])],
    });
    const draft = resumeHash ? found.find((r) => r.resumeHash === resumeHash) : undefined;
    if (draft && draft.status !== ResponseStatus.IN_PROGRESS) {
      const given = receipt(draft, receiptFor(`draft:${input.resumeToken}`, roundId, draft.role));
      if (given) return given;
      throw alreadySubmitted();
    }
    if (found.some((r) => r.submissionKey === submissionKey)) throw alreadySubmitted();
    return null;
  }

  async withdraw(receiptCode: string, now = new Date()): Promise<WithdrawalReceipt> {
    const response = await this.em.findOne(Response, {
      receiptHash: hashSecret(normaliseReceipt(receiptCode)),
    });
    if (!response) throw new NotFoundError('Submission for receipt', normaliseReceipt(receiptCode));
    if (response.status !== ResponseStatus.WITHDRAWN) {
      await this.em.transactional(async (tx) => {
        const em = tx as Em;
        await em.nativeDelete(Answer, { response: response.id });
        await em.nativeDelete(ConstructScore, { response: response.id });
        await em.nativeUpdate(
          Response,
          { id: response.id },
          {
            status: ResponseStatus.WITHDRAWN,
            withdrawnOn: dayOf(now),
            linkageHash: null,
            language: 'nb',
            wording: Wording.STANDARD,
            assisted: null,
            assistedReadAloud: null,
            assistedWrote: null,
            assistedExplained: null,
          },
        );
      });
      response.withdrawnOn = dayOf(now);
    }
    return { withdrawnOn: response.withdrawnOn! };
  }

  /** Answers are kept with the language they were given in, which must be one the round offers. */
  private checkLanguage(language: string, round: Round): void {
    if (!LANGUAGES.has(language)) throw ValidationError.forFields({ language: 'must be nb, en or nn' });
    if (!(round.languages as string[]).includes(language))
      throw ValidationError.forFields({
        language: `is not offered in this round, which offers ${round.languages.join(', ')}`,
      });
  }
}

/**
 * The item as this role sees it: its own wording as the prompt, and nothing about scoring. A role with a wording of
 * its own gets only that wording's easy-read text (or none), never the item's, which asks what others are asked.
 */
export function asSeenBy(item: Item, role: RespondentRole): Item {
  const wording = item.promptByRole?.find((p) => p.role === role);
  return {
    ...item,
    prompt: wording?.text ?? item.prompt,
    easyRead: wording ? (wording.easyRead ?? null) : (item.easyRead ?? null),
    promptByRole: null,
    construct: null,
    reverseScored: false,
  };
}

/**
 * What participants are told about the round they answer (and what a preview shows a researcher).
 * `inviteeGraceDays`: for a participant who came through a mailed link, the installation's grace period before
 * addresses are deleted (the round's own wins); null for everyone else.
 */
export function surveyRoundOf(round: Round, inviteeGraceDays: number | null = null): SurveyRound {
  const closing = round.closedAt ?? round.closesAt;
  return {
    label: round.label,
    projectName: round.project.name,
    organisation: round.project.organisation,
    contact: round.contact,
    dataController: round.dataController,
    information: round.information,
    informationEasyRead: round.informationEasyRead,
    consentRequired: round.consentRequired,
    consentText: round.consentText,
    linkage: round.linkage,
    anonymity: round.anonymity,
    closesAt: round.closesAt,
    languages: round.languages,
    defaultLanguage: round.defaultLanguage,
    invitation:
      inviteeGraceDays !== null
        ? {
            linked: round.anonymity === AnonymityMode.CONFIDENTIAL,
            addressesDeletedBy: closing
              ? addDays(dayOf(closing), round.inviteeGraceDays ?? inviteeGraceDays)
              : null,
          }
        : null,
  };
}
