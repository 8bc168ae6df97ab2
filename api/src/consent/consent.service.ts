import { createHash } from 'node:crypto';
import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import type { LocalizedText } from '../instruments/definition.types.js';
import { Response } from '../responses/response.entity.js';
import type { Round } from '../rounds/round.entity.js';
import { ConsentText, ResponseConsent } from './consent-text.entity.js';

/** The languages in a fixed order, so that the same text always gives the same hash. */
function canonical(text: LocalizedText | null): Record<string, string> | null {
  if (!text) return null;
  const out: Record<string, string> = { nb: text.nb };
  if (text.nn) out['nn'] = text.nn;
  if (text.en) out['en'] = text.en;
  return out;
}

/**
 * The easy-read information enters the hash only where there is one, so that every text consented to before
 * easy-read existed keeps its hash (and its row).
 */
export function consentHash(
  information: LocalizedText,
  statement: LocalizedText | null,
  informationEasyRead: LocalizedText | null = null,
): string {
  const body = JSON.stringify({
    information: canonical(information),
    statement: canonical(statement),
    ...(informationEasyRead ? { informationEasyRead: canonical(informationEasyRead) } : {}),
  });
  return createHash('sha256').update(body).digest('hex');
}

/** What is kept of a round's consent text: its hash, and the texts in canonical form. */
export function consentRecord(
  information: LocalizedText,
  statement: LocalizedText | null,
  informationEasyRead: LocalizedText | null = null,
): {
  hash: string;
  information: Record<string, string>;
  statement: Record<string, string> | null;
  informationEasyRead: Record<string, string> | null;
} {
  return {
    hash: consentHash(information, statement, informationEasyRead),
    information: canonical(information)!,
    statement: canonical(statement),
    informationEasyRead: canonical(informationEasyRead),
  };
}

export class ConsentService {
  constructor(private readonly em: Em) {}

  /**
   * Records, in the caller's transaction, the text a response consented to: the round's information and consent
   * statement as they stand now. Does nothing for rounds that ask no consent. Call it with the transaction's
   * EntityManager after the response is flushed.
   */
  async keepFor(responseId: string, round: Round, now = new Date()): Promise<void> {
    if (!round.consentRequired) return;
    const { hash, information, statement, informationEasyRead } = consentRecord(
      round.information,
      round.consentText,
      round.informationEasyRead,
    );
    // Two first submitters of a new text race to store it; the loser's insert does nothing.
    await this.em
      .createQueryBuilder(ConsentText)
      .insert({
        hash,
        information: information as unknown as LocalizedText,
        statement: statement as unknown as LocalizedText | null,
        informationEasyRead: informationEasyRead as unknown as LocalizedText | null,
        createdAt: dayOf(now),
      })
      .onConflict('hash')
      .ignore()
      .execute();
    await this.em
      .createQueryBuilder(ResponseConsent)
      .insert({ response: responseId, consentText: hash })
      .onConflict('response')
      .merge(['consentText'])
      .execute();
  }

  /** The text a response consented to, or null where none was asked. */
  async of(responseId: string): Promise<ConsentText | null> {
    const link = await this.em.findOne(
      ResponseConsent,
      { response: this.em.getReference(Response, responseId) },
      { populate: ['consentText'] },
    );
    return link?.consentText ?? null;
  }
}
