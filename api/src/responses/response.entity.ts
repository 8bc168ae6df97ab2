import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { registerEnumType } from 'type-graphql';
import { RespondentRole } from '../instruments/definition.types.js';
import { Invitation } from '../rounds/invitation.entity.js';
import { Round } from '../rounds/round.entity.js';

export enum ResponseStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  SUBMITTED = 'SUBMITTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ResponseStatus, { name: 'ResponseStatus' });

/** Which wording of the questions a participant answered in. */
export enum Wording {
  STANDARD = 'STANDARD',
  EASY_READ = 'EASY_READ',
  MIXED = 'MIXED',
}
registerEnumType(Wording, {
  name: 'Wording',
  description: 'Which wording of the questions a participant answered in',
  valuesConfig: {
    STANDARD: { description: 'The standard wording throughout' },
    EASY_READ: { description: 'The easy-read wording ("lettlest") throughout' },
    MIXED: { description: 'Some answers in each: the participant switched, perhaps on another device' },
  },
});

/**
 * One participant's answers in one round and role. Deliberately without an address, a browser string or a
 * timestamp: dates are days (invariant 6), and an exact time is kept only in confidential rounds.
 */
@Entity({ tableName: 'responses' })
@Unique({ properties: ['round', 'submissionKey'] })
@Index({ properties: ['round', 'role', 'status'] })
@Check({
  name: 'responses_assisted_check',
  expression: `"assisted" is true or ("assisted_read_aloud" is null and "assisted_wrote" is null and "assisted_explained" is null)`,
})
export class Response {
  [OptionalProps]?:
    | 'id'
    | 'status'
    | 'invitation'
    | 'submissionKey'
    | 'resumeHash'
    | 'receiptHash'
    | 'consentGiven'
    | 'linkageHash'
    | 'submittedOn'
    | 'submittedAt'
    | 'withdrawnOn'
    | 'wording'
    | 'assisted'
    | 'assistedReadAloud'
    | 'assistedWrote'
    | 'assistedExplained';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Round, { deleteRule: 'restrict' })
  round!: Rel<Round>;

  @Enum({ items: () => RespondentRole, nativeEnumName: 'respondent_role' })
  role!: RespondentRole;

  @Enum({ items: () => ResponseStatus, nativeEnumName: 'response_status' })
  status: ResponseStatus = ResponseStatus.IN_PROGRESS;

  /** Set for single-use codes only (one response per code), so that the code resumes its draft. */
  @ManyToOne(() => Invitation, { nullable: true, deleteRule: 'set null', unique: true })
  invitation: Rel<Invitation> | null = null;

  /** SHA-256 of the client's submission id: the same id twice finds this response instead of making another. */
  @Property({ type: 'text', nullable: true })
  submissionKey: string | null = null;

  /** SHA-256 of the resume token that lets an open-link participant continue a draft on any device. */
  @Property({ type: 'text', nullable: true, unique: true })
  resumeHash: string | null = null;

  /** SHA-256 of the receipt code that lets the participant withdraw their answers. */
  @Property({ type: 'text', nullable: true, unique: true })
  receiptHash: string | null = null;

  @Property({ type: 'text' })
  language!: string;

  @Property({ type: 'boolean', nullable: true })
  consentGiven: boolean | null = null;

  /** Keyed hash of the self-generated linkage code, the same in every round of the project. */
  @Property({ type: 'text', nullable: true, index: true })
  linkageHash: string | null = null;

  @Property({ type: 'date' })
  startedOn!: string;

  @Property({ type: 'date' })
  updatedOn!: string;

  @Property({ type: 'date', nullable: true })
  submittedOn: string | null = null;

  /** Confidential rounds only. */
  @Property({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: 'date', nullable: true })
  withdrawnOn: string | null = null;

  /** The wording answered in; a draft records it as it goes, and a switch between saves makes it MIXED. */
  @Enum({ items: () => Wording, nativeEnumName: 'response_wording', default: Wording.STANDARD })
  wording: Wording = Wording.STANDARD;

  /** Whether someone helped the participant answer, as stated at the end; null: not stated. */
  @Property({ type: 'boolean', nullable: true })
  assisted: boolean | null = null;

  /** How they helped (only where `assisted`): read the questions aloud, */
  @Property({ type: 'boolean', nullable: true })
  assistedReadAloud: boolean | null = null;

  /** wrote the answers down for the participant, */
  @Property({ type: 'boolean', nullable: true })
  assistedWrote: boolean | null = null;

  /** explained the questions. */
  @Property({ type: 'boolean', nullable: true })
  assistedExplained: boolean | null = null;

  /** The order the items of randomised sections were shown in (item keys, section by section); null: none drawn. */
  @Property({ type: 'text[]', nullable: true })
  itemOrder: string[] | null = null;
}
