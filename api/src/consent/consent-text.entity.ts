import { OptionalProps, PrimaryKeyProp, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { LocalizedText } from '../instruments/definition.types.js';
import { Response } from '../responses/response.entity.js';

/**
 * A text participants consented to: a round's information and consent statement, in every language, exactly as
 * they stood. Keyed by a hash of its content, so a thousand responses to one unchanged text share one row, and an
 * edit to the round makes a new row without touching what earlier participants agreed to.
 */
@Entity({ tableName: 'consent_texts' })
export class ConsentText {
  [PrimaryKeyProp]?: 'hash';
  [OptionalProps]?: 'statement' | 'informationEasyRead' | 'createdAt';

  /** SHA-256 of the canonical JSON of the information, statement and (where given) easy-read information, in hex. */
  @PrimaryKey({ type: 'text' })
  hash!: string;

  @Property({ type: 'jsonb' })
  information!: LocalizedText;

  /** The easy-read information offered beside it; null where the round had none. */
  @Property({ type: 'jsonb', nullable: true })
  informationEasyRead: LocalizedText | null = null;

  /** The round's own consent statement; null where the survey page's standard statement was shown. */
  @Property({ type: 'jsonb', nullable: true })
  statement: LocalizedText | null = null;

  /** The day the text was first consented to; no finer, as for anonymous responses. */
  @Property({ type: 'date' })
  createdAt!: string;
}

/** Which text one submitted response consented to. Kept beside the response so that the response table is untouched. */
@Entity({ tableName: 'response_consents' })
export class ResponseConsent {
  [PrimaryKeyProp]?: 'response';

  @OneToOne(() => Response, { primary: true, deleteRule: 'cascade', owner: true })
  response!: Rel<Response>;

  @ManyToOne(() => ConsentText, { deleteRule: 'restrict', index: true })
  consentText!: Rel<ConsentText>;
}
