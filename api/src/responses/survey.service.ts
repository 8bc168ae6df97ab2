import { createHmac } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import { ConflictError, NotFoundError, SurveyUnavailableError, ValidationError } from '../common/errors.js';
import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import type { InstrumentDefinition, Item, RespondentRole } from '../instruments/definition.types.js';
import { definitionOf } from '../instruments/published-definitions.js';
import { keyedLinkageHash } from '../privacy/linkage.js';
import { pseudonymKey } from '../privacy/pseudonym-key.js';
import { hashCode, looksLikeCode } from '../waves/codes.js';
import { Invitation, InvitationKind } from '../waves/invitation.entity.js';
import { AnonymityMode, Wave, WaveStatus } from '../waves/wave.entity.js';
import { Answer } from './answer.entity.js';
import { checkAnswers, type StoredAnswer } from './answer.rules.js';
import { ConstructScore } from './construct-score.entity.js';
import { Response, ResponseStatus } from './response.entity.js';
import { scoreConstructs } from './scoring.js';
import type {
  SavedSurveyDraft,
  SaveSurveyDraftInput,
  SubmitSurveyInput,
  Survey,
  SurveyAnswer,
  SurveyReceipt,
  WithdrawalReceipt,
} from './survey.types.js';

const LANGUAGES = new Set(['nb', 'en', 'nn']);
const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

interface Opened {
  invitation: Invitation;
  wave: Wave;
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
export function receiptFor(clientSubmissionId: string, waveId: string, role: string): string {
  const digest = createHmac('sha256', clientSubmissionId).update(`receipt:${waveId}:${role}`).digest();
  const chars = [...digest.subarray(0, 12)].map((byte) => RECEIPT_ALPHABET[byte % RECEIPT_ALPHABET.length]);
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

function answerErrors(errors: Record<string, string>): ValidationError {
  const error = new ValidationError(
    `Some answers need attention: ${Object.values(errors).join('; ')}`,
    errors,
  );
  error.extensions.items = errors;
  return error;
}

export class SurveyService {
  constructor(private readonly em: Em) {}

  /** The link or code, whatever state its round is in. */
  private async invitation(token: string): Promise<Invitation> {
    const trimmed = token.trim();
    const where = looksLikeCode(trimmed)
      ? { codeHash: hashCode(trimmed), kind: InvitationKind.CODE }
      : { linkToken: trimmed, kind: InvitationKind.OPEN_LINK };
    // With its round in the same query: every caller needs the round next.
    const invitation = await this.em.findOne(Invitation, where, { populate: ['wave'] });
    if (!invitation) {
      throw new NotFoundError(
        'Survey link or code',
        trimmed.length > 12 ? `${trimmed.slice(0, 6)}…` : trimmed,
      );
    }
    return invitation;
  }

  /** The link or code with its round and definition; refuses what is closed, not yet open, or already used. */
  private async open(invitation: Invitation, now: Date): Promise<Opened> {
    const wave = await this.em.findOneOrFail(Wave, { id: invitation.wave.id }, { populate: ['project'] });
    const status = wave.statusAt(now);
    if (status === WaveStatus.SCHEDULED) {
      throw new SurveyUnavailableError('ROUND_NOT_OPEN', `This round opens on ${dayOf(wave.opensAt)}`, {
        opensOn: dayOf(wave.opensAt),
      });
    }
    if (status === WaveStatus.CLOSED)
      throw new SurveyUnavailableError('ROUND_NOT_OPEN', 'This round is closed');
    if (invitation.usedOn) {
      throw new SurveyUnavailableError('CODE_USED', 'This code has already been used to submit answers');
    }
    return { invitation, wave, definition: await definitionOf(this.em, wave.instrumentVersion.id) };
  }

  private async draftOf(opened: Opened, resumeToken?: string | null): Promise<Response | null> {
    if (opened.invitation.kind === InvitationKind.CODE) {
      return this.em.findOne(Response, {
        invitation: opened.invitation.id,
        status: ResponseStatus.IN_PROGRESS,
      });
    }
    if (!resumeToken) return null;
    return this.em.findOne(Response, {
      wave: opened.wave.id,
      resumeHash: hashSecret(resumeToken),
      status: ResponseStatus.IN_PROGRESS,
    });
  }

  async survey(token: string, resumeToken?: string | null, now = new Date()): Promise<Survey> {
    const opened = await this.open(await this.invitation(token), now);
    const role = opened.invitation.role;
    const draft = await this.draftOf(opened, resumeToken);
    const saved = draft ? await this.em.find(Answer, { response: draft.id }) : [];
    return {
      round: {
        label: opened.wave.label,
        projectName: opened.wave.project.name,
        organisation: opened.wave.project.organisation,
        information: opened.wave.information,
        consentRequired: opened.wave.consentRequired,
        linkage: opened.wave.linkage,
        anonymity: opened.wave.anonymity,
        closesAt: opened.wave.closesAt,
      },
      role,
      kind: opened.invitation.kind,
      scales: opened.definition.scales,
      sections: opened.definition.sections
        .map((section) => ({
          key: section.key,
          title: section.title,
          items: section.items.filter((i) => i.roles.includes(role)).map((i) => asSeenBy(i, role)),
        }))
        .filter((section) => section.items.length > 0),
      savedAnswers: saved.map(toSurveyAnswer),
    };
  }

  async saveDraft(input: SaveSurveyDraftInput, now = new Date()): Promise<SavedSurveyDraft> {
    const opened = await this.open(await this.invitation(input.token), now);
    this.checkLanguage(input.language);
    if (opened.wave.consentRequired && !input.consent) {
      throw ValidationError.forFields({ consent: 'is needed before any answer is saved' });
    }
    const checked = checkAnswers(opened.definition, opened.invitation.role, input.answers, {
      complete: false,
    });
    if (Object.keys(checked.errors).length > 0) throw answerErrors(checked.errors);

    const day = dayOf(now);
    let resumeToken: string | null;
    let response = await this.draftOf(opened, input.resumeToken);
    if (!response && input.resumeToken) {
      const finished = await this.em.findOne(Response, { resumeHash: hashSecret(input.resumeToken) });
      if (finished) {
        throw new ConflictError(
          'These answers have already been submitted; nothing more can be saved to them',
        );
      }
    }
    if (!response) {
      const openLink = opened.invitation.kind === InvitationKind.OPEN_LINK;
      resumeToken = openLink ? newSecret() : null;
      response = this.em.create(Response, {
        wave: opened.wave,
        role: opened.invitation.role,
        invitation: openLink ? null : opened.invitation,
        resumeHash: resumeToken ? hashSecret(resumeToken) : null,
        language: input.language,
        consentGiven: opened.wave.consentRequired ? true : null,
        startedOn: day,
        updatedOn: day,
      });
    } else {
      resumeToken = input.resumeToken ?? null;
      response.updatedOn = day;
      response.language = input.language;
    }
    const target = response;
    await this.em.transactional(async (em) => {
      await em.nativeDelete(Answer, { response: target.id });
      this.insertAnswers(em as Em, target, checked.answers);
    });
    return { resumeToken, savedOn: day };
  }

  async submit(input: SubmitSurveyInput, now = new Date()): Promise<SurveyReceipt> {
    // The key names the round and role, so one id sent through another link can never return another's receipt.
    const invitation = await this.invitation(input.token);
    const submissionKey = hashSecret(
      `submission:${invitation.wave.id}:${invitation.role}:${input.clientSubmissionId}`,
    );
    // A retry is answered as the first try was, even if the round has closed or the code is spent since.
    const earlier = await this.submitted(invitation.wave.id, submissionKey, input.clientSubmissionId);
    if (earlier) return earlier;

    const opened = await this.open(invitation, now);
    this.checkLanguage(input.language);
    const { wave, definition } = opened;
    if (wave.consentRequired && !input.consent) {
      throw ValidationError.forFields({ consent: 'is needed to submit answers' });
    }
    const checked = checkAnswers(definition, invitation.role, input.answers, { complete: true });
    if (Object.keys(checked.errors).length > 0) throw answerErrors(checked.errors);

    const day = dayOf(now);
    const receiptCode = receiptFor(input.clientSubmissionId, wave.id, invitation.role);
    const draft = await this.draftOf(opened, input.resumeToken);
    try {
      await this.em.transactional(async (tx) => {
        const em = tx as Em;
        const response =
          (draft ? await em.findOne(Response, { id: draft.id }) : null) ??
          em.create(Response, {
            wave: em.getReference(Wave, wave.id),
            role: invitation.role,
            invitation:
              invitation.kind === InvitationKind.CODE ? em.getReference(Invitation, invitation.id) : null,
            language: input.language,
            startedOn: day,
            updatedOn: day,
          });
        Object.assign(response, {
          status: ResponseStatus.SUBMITTED,
          submissionKey,
          receiptHash: hashSecret(receiptCode),
          language: input.language,
          consentGiven: wave.consentRequired ? true : null,
          linkageHash:
            wave.linkage && input.linkageCode?.trim()
              ? linkageHashFor(wave.project.id, input.linkageCode)
              : null,
          updatedOn: day,
          submittedOn: day,
          submittedAt: wave.anonymity === AnonymityMode.CONFIDENTIAL ? now : null,
        });
        await em.flush();
        // The answers go in as one multi-row INSERT each, without tracking 30 entities through the unit of work.
        if (draft) await em.nativeDelete(Answer, { response: response.id });
        await insertRows(em, Answer, response.id, checked.answers);
        await insertRows(
          em,
          ConstructScore,
          response.id,
          scoreConstructs(definition, invitation.role, checked.answers),
        );
        if (invitation.kind === InvitationKind.CODE) {
          // The code is spent in the same transaction; a second device racing with the same code loses here.
          const spent = await em.nativeUpdate(
            Invitation,
            { id: invitation.id, usedOn: null },
            { usedOn: day },
          );
          if (spent === 0)
            throw new SurveyUnavailableError(
              'CODE_USED',
              'This code has already been used to submit answers',
            );
        }
        await em.flush();
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        // The same submission arrived twice at once and the other one was stored: answer as it was answered.
        this.em.clear();
        const stored = await this.submitted(invitation.wave.id, submissionKey, input.clientSubmissionId);
        if (stored) return stored;
      }
      throw error;
    }
    return { receiptCode, submittedOn: day };
  }

  private async submitted(
    waveId: string,
    submissionKey: string,
    clientSubmissionId: string,
  ): Promise<SurveyReceipt | null> {
    // By round and key, so that the lookup uses the (wave_id, submission_key) unique index.
    const response = await this.em.findOne(Response, { wave: waveId, submissionKey });
    if (!response?.submittedOn) return null;
    return {
      receiptCode: receiptFor(clientSubmissionId, response.wave.id, response.role),
      submittedOn: response.submittedOn,
    };
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
          { status: ResponseStatus.WITHDRAWN, withdrawnOn: dayOf(now), linkageHash: null, language: 'nb' },
        );
      });
      response.withdrawnOn = dayOf(now);
    }
    return { withdrawnOn: response.withdrawnOn! };
  }

  private insertAnswers(em: Em, response: Response, answers: StoredAnswer[]): void {
    for (const answer of answers) em.create(Answer, { response, ...answer });
  }

  private checkLanguage(language: string): void {
    if (!LANGUAGES.has(language)) throw ValidationError.forFields({ language: 'must be nb, en or nn' });
  }
}

/** The item as this role sees it: its own wording as the prompt, and nothing about scoring. */
function asSeenBy(item: Item, role: RespondentRole): Item {
  const wording = item.promptByRole?.find((p) => p.role === role)?.text;
  return {
    ...item,
    prompt: wording ?? item.prompt,
    promptByRole: null,
    construct: null,
    reverseScored: false,
  };
}
