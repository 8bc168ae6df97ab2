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
import { Round } from '../rounds/round.entity.js';

export enum InviteeState {
  NEW = 'NEW',
  QUEUED = 'QUEUED',
  SENDING = 'SENDING',
  SENT = 'SENT',
  BOUNCED = 'BOUNCED',
  FAILED = 'FAILED',
}
registerEnumType(InviteeState, {
  name: 'InviteeState',
  description: "Where an invitee's invitation mail is",
  valuesConfig: {
    NEW: { description: 'Added, not yet sent' },
    QUEUED: { description: 'Waiting to be sent' },
    SENDING: { description: 'Being sent now' },
    SENT: { description: 'Accepted by the mail server' },
    BOUNCED: { description: 'Refused by the mail server' },
    FAILED: { description: 'Could not be sent after three tries' },
  },
});

/**
 * One person invited to a round by e-mail. No table refers to this one, and nothing here says which response is
 * whose: `answered` is a flag without a date, written in anonymous rounds only in shuffled batches of at least k
 * (`answered-mix.ts`). The rows are deleted when the round has been closed for its grace period.
 */
@Entity({ tableName: 'invitees' })
@Unique({ properties: ['round', 'emailKey'] })
@Index({ properties: ['round', 'state'] })
@Check({ name: 'invitees_language_check', expression: `"language" in ('nb', 'nn', 'en')` })
export class Invitee {
  [OptionalProps]?:
    | 'id'
    | 'createdAt'
    | 'state'
    | 'attempts'
    | 'claimedAt'
    | 'sentOn'
    | 'lastError'
    | 'remindersSent'
    | 'lastRemindedOn'
    | 'optedOut'
    | 'answered';

  /** Random (v4), never time-ordered: the id must not tell when or in which order someone was added. */
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Round, { deleteRule: 'cascade' })
  round!: Rel<Round>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** As entered, trimmed. */
  @Property({ type: 'text' })
  email!: string;

  /** Lower-cased, for duplicates. */
  @Property({ type: 'text' })
  emailKey!: string;

  @Enum({ items: () => RespondentRole, nativeEnumName: 'respondent_role' })
  role!: RespondentRole;

  @Property({ type: 'text' })
  language!: string;

  @Property({ type: 'text', unique: true, hidden: true })
  ticketHash!: string;

  @Property({ type: 'text', unique: true, hidden: true })
  optOutHash!: string;

  @Enum({ items: () => InviteeState, nativeEnumName: 'invitee_state' })
  state: InviteeState = InviteeState.NEW;

  @Property({ type: 'smallint' })
  attempts: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null = null;

  @Property({ type: 'date', nullable: true })
  sentOn: string | null = null;

  /** The mail server's last reply; never copied to logs or the audit. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'smallint' })
  remindersSent: number = 0;

  @Property({ type: 'date', nullable: true })
  lastRemindedOn: string | null = null;

  @Property({ type: 'boolean' })
  optedOut: boolean = false;

  /** Never with a date: a date would line up with the response's day. */
  @Property({ type: 'boolean' })
  answered: boolean = false;
}

/** The counts of a round's invitations, kept when its addresses are deleted. */
@Entity({ tableName: 'invitation_summaries' })
export class InvitationSummary {
  @ManyToOne(() => Round, { primary: true, deleteRule: 'cascade', fieldName: 'round_id' })
  round!: Rel<Round>;

  @Property({ type: 'integer' })
  invited!: number;

  @Property({ type: 'integer' })
  sent!: number;

  @Property({ type: 'integer' })
  bounced!: number;

  @Property({ type: 'integer' })
  failed!: number;

  @Property({ type: 'integer' })
  optedOut!: number;

  @Property({ type: 'integer' })
  answered!: number;

  @Property({ type: 'integer' })
  reminders!: number;

  @Property({ type: 'date' })
  addressesDeletedOn!: string;
}
