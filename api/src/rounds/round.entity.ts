import { randomUUID } from 'node:crypto';
import { ArrayType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import { type LanguageCode, LocalizedText } from '../instruments/definition.types.js';
import { Project } from '../projects/project.entity.js';

export enum AnonymityMode {
  ANONYMOUS = 'ANONYMOUS',
  CONFIDENTIAL = 'CONFIDENTIAL',
}
registerEnumType(AnonymityMode, {
  name: 'AnonymityMode',
  valuesConfig: {
    ANONYMOUS: {
      description: 'No address, no browser details and no time finer than the day is stored with a response',
    },
    CONFIDENTIAL: {
      description: 'As anonymous, but the exact submission time is kept (for follow-up of response rates)',
    },
  },
});

export enum RoundStatus {
  DRAFT = 'DRAFT',
  SCHEDULED = 'SCHEDULED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(RoundStatus, {
  name: 'RoundStatus',
  description: 'Whether a round accepts answers now',
  valuesConfig: {
    DRAFT: { description: 'Being prepared: accepts no answers until a researcher opens it' },
    SCHEDULED: { description: 'Opened, but its opening time has not come yet' },
    OPEN: { description: 'Accepts answers now' },
    CLOSED: { description: 'Closed by hand or past its closing time' },
  },
});

@ObjectType({
  description: 'An evaluation round: one published instrument version asked in one project in a time window',
})
@Entity({ tableName: 'rounds' })
@Check({
  name: 'rounds_languages_check',
  expression: `cardinality("languages") > 0 and "languages" <@ array['nb', 'nn', 'en']::text[] and "default_language" = any("languages")`,
})
export class Round {
  [OptionalProps]?:
    | 'id'
    | 'closesAt'
    | 'closedAt'
    | 'anonymity'
    | 'minGroupSize'
    | 'minGroupSizeText'
    | 'consentRequired'
    | 'linkage'
    | 'resultsAfterClose'
    | 'draft'
    | 'consentText'
    | 'informationEasyRead'
    | 'contact'
    | 'dataController'
    | 'targetResponses'
    | 'createdAt'
    | 'updatedAt'
    | 'invitationMessage'
    | 'invitationReplyTo'
    | 'reminderDays'
    | 'inviteeGraceDays'
    | 'invitationsSentOn'
    | 'mailError'
    | 'languages'
    | 'defaultLanguage';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { deleteRule: 'restrict', index: true })
  project!: Rel<Project>;

  @ManyToOne(() => InstrumentVersion, { deleteRule: 'restrict', index: true })
  instrumentVersion!: Rel<InstrumentVersion>;

  @Field({ description: 'E.g. "Baseline 2025", "12 months"' })
  @Property({ type: 'text' })
  label!: string;

  @Field({ description: 'From when answers are accepted' })
  @Property({ type: 'timestamptz' })
  opensAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Until when answers are accepted; null: until closed by hand',
  })
  @Property({ type: 'timestamptz', nullable: true })
  closesAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When a researcher closed the round early' })
  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  @Field(() => AnonymityMode)
  @Enum({ items: () => AnonymityMode, nativeEnumName: 'anonymity_mode' })
  anonymity: AnonymityMode = AnonymityMode.ANONYMOUS;

  @Field(() => Int, {
    description: 'Smallest group whose results are reported (k); smaller groups are suppressed',
  })
  @Property({ type: 'integer' })
  minGroupSize: number = 5;

  @Field(() => Int, { description: 'Smallest group whose free-text answers are shown' })
  @Property({ type: 'integer' })
  minGroupSizeText: number = 10;

  @Field(() => LocalizedText, {
    description:
      'What participants read before the first question: purpose, who is responsible, that taking part is voluntary, what is stored and for how long, anonymity, contact',
  })
  @Property({ type: 'jsonb' })
  information!: LocalizedText;

  @Field(() => LocalizedText, {
    nullable: true,
    description:
      'The information in easy-read language ("lettlest"), in exactly the languages of the information; participants may switch to it. Kept with each response as consented to',
  })
  @Property({ type: 'jsonb', nullable: true })
  informationEasyRead: LocalizedText | null = null;

  @Field(() => LocalizedText, {
    nullable: true,
    description:
      "The statement participants agree to when they consent; null: the survey page's standard statement. Kept with each response as it was when submitted",
  })
  @Property({ type: 'jsonb', nullable: true })
  consentText: LocalizedText | null = null;

  @Field(() => String, {
    nullable: true,
    description:
      'Who participants contact with questions: a name or role, and an e-mail address or phone number',
  })
  @Property({ type: 'text', nullable: true })
  contact: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'The organisation responsible for the data (the data controller), e.g. "Eksempel kommune"',
  })
  @Property({ type: 'text', nullable: true })
  dataController: string | null = null;

  @Field(() => Int, {
    nullable: true,
    description:
      'How many submitted responses the researchers aim for; the response rate is measured against it',
  })
  @Property({ type: 'integer', nullable: true })
  targetResponses: number | null = null;

  @Field({
    description:
      'Still being prepared: the round accepts no answers, whatever its window, until a researcher opens it',
  })
  @Property({ type: 'boolean' })
  draft: boolean = false;

  @Field({ description: 'Participants must consent before answering; declining stores nothing' })
  @Property({ type: 'boolean' })
  consentRequired: boolean = true;

  @Field({
    description: 'Participants make a self-generated code so that their answers across rounds can be paired',
  })
  @Property({ type: 'boolean' })
  linkage: boolean = false;

  @Field({
    description:
      'Managers see results only once the round has closed, so that no answer can be told apart as it arrives',
  })
  @Property({ type: 'boolean' })
  resultsAfterClose: boolean = true;

  @Field(() => [String], {
    description:
      'The languages participants may answer in: nb, nn and/or en, in that order. Every text participants see must be given in each before the round opens',
  })
  // Rounds made before a round chose its languages offered bokmål and English (English falling back to bokmål).
  @Property({
    type: new ArrayType((language) => language as LanguageCode),
    columnType: 'text[]',
    defaultRaw: `'{nb,en}'`,
  })
  languages: LanguageCode[] = ['nb', 'en'];

  @Field(() => String, {
    description:
      "The language a participant's first page opens in, unless they chose another offered one before",
  })
  @Property({ type: 'text', defaultRaw: `'nb'` })
  defaultLanguage: LanguageCode = 'nb';

  /** The researcher's own paragraph in the invitation mail, per language (`invitees/`). */
  @Property({ type: 'jsonb', nullable: true })
  invitationMessage: LocalizedText | null = null;

  /** The Reply-To of the invitation mails; none when null. */
  @Property({ type: 'text', nullable: true })
  invitationReplyTo: string | null = null;

  /** Days after `invitationsSentOn` on which reminders go out (at most 3, ascending, 1–60). */
  @Property({ type: new ArrayType((day) => Number(day)), columnType: 'integer[]', defaultRaw: `'{7,14}'` })
  reminderDays: number[] = [7, 14];

  /** Days after closing before the invitees' addresses are deleted; null: VERDI_INVITEE_GRACE_DAYS. */
  @Property({ type: 'integer', nullable: true })
  inviteeGraceDays: number | null = null;

  /** The day invitations were first sent; reminder days count from it. */
  @Property({ type: 'date', nullable: true })
  invitationsSentOn: string | null = null;

  /** The last failure of a batch of invitation mails, shown to researchers. */
  @Property({ type: 'text', nullable: true })
  mailError: string | null = null;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  statusAt(now: Date): RoundStatus {
    return roundStatusAt(this, now);
  }
}

/** A round's state at a time, from its dates (for a round read without its entity as well). */
export function roundStatusAt(
  round: Pick<Round, 'draft' | 'opensAt' | 'closesAt' | 'closedAt'>,
  now: Date,
): RoundStatus {
  if (round.draft) return RoundStatus.DRAFT;
  if (round.closedAt || (round.closesAt && round.closesAt <= now)) return RoundStatus.CLOSED;
  return now < round.opensAt ? RoundStatus.SCHEDULED : RoundStatus.OPEN;
}
