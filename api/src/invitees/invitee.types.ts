import { ArrayMaxSize, IsEmail, IsIn, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LocalizedText, RespondentRole } from '../instruments/definition.types.js';
import { AnonymityMode } from '../rounds/round.entity.js';
import { InviteeState } from './invitee.entity.js';
import { INVITEE_LANGUAGES } from './invitee-list.js';

@InputType({ description: 'A list of people to invite by e-mail, pasted or read from a CSV file as text' })
export class AddInviteesInput {
  @Field({
    description:
      'One invitee per line: the address, then optionally the role and the language; or columns named by a header (email/e-post, role/rolle, language/språk). Comma, semicolon or tab between columns',
  })
  @MaxLength(2_000_000)
  text!: string;

  @Field(() => RespondentRole, { description: 'The role of lines that name none' })
  defaultRole!: RespondentRole;

  @Field(() => String, {
    nullable: true,
    description:
      "The language of lines that name none: nb, nn or en, one the round offers; the round's default language when left out",
  })
  @IsOptional()
  @IsIn(INVITEE_LANGUAGES)
  defaultLanguage?: string | null;
}

@ObjectType({
  description: 'An address that was not added because it was given twice or is in the round already',
})
export class InviteeDuplicate {
  @Field(() => Int, { description: 'The line of the list it was on (1-based, a header counted)' })
  line!: number;

  @Field()
  email!: string;
}

@ObjectType({ description: 'What adding a list did: all its new addresses, or nothing' })
export class AddedInvitees {
  @Field(() => Int)
  added!: number;

  @Field(() => [InviteeDuplicate], {
    description: 'Given twice in the list, or in the round already; not added',
  })
  duplicates!: InviteeDuplicate[];
}

@ObjectType('Invitee', { description: 'One person invited by e-mail (researchers of the project)' })
export class InviteeView {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field({ description: 'nb, nn or en: the language of the mails' })
  language!: string;

  @Field(() => InviteeState)
  state!: InviteeState;

  @Field(() => String, {
    nullable: true,
    description: 'The day the invitation was accepted by the mail server',
  })
  sentOn!: string | null;

  @Field(() => Int)
  remindersSent!: number;

  @Field({ description: 'Asked for no more reminders' })
  optedOut!: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Confidential rounds: whether this person has answered. Always null in anonymous rounds, where Verdi counts answers in groups and never per address',
  })
  answered!: boolean | null;

  @Field(() => String, { nullable: true, description: "The mail server's last refusal, if any" })
  lastError!: string | null;
}

@ObjectType({ description: "Counts of a round's invitations" })
export class InvitationCounts {
  @Field(() => Int, { description: 'Addresses in the round' })
  invited!: number;

  @Field(() => Int, { description: 'Added, not sent yet' })
  notSent!: number;

  @Field(() => Int, { description: 'Waiting to be sent, or being sent' })
  queued!: number;

  @Field(() => Int, { description: 'Accepted by the mail server' })
  sent!: number;

  @Field(() => Int)
  bounced!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  optedOut!: number;

  @Field(() => Int, {
    description:
      'Invitees who have answered. In anonymous rounds counted in groups of at least k (the round’s minimum group size), so it lags behind the responses',
  })
  answered!: number;

  @Field(() => Int, { description: 'Reminder mails sent, all invitees together' })
  reminders!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'answered / sent, from 0 to 1; null before any was sent',
  })
  responseRate!: number | null;
}

@ObjectType({ description: "A round's mail settings" })
export class InvitationSettings {
  @Field(() => LocalizedText, { nullable: true, description: "The researchers' own paragraph in the mails" })
  message!: LocalizedText | null;

  @Field(() => String, { nullable: true, description: 'Where replies to the mails go' })
  replyTo!: string | null;

  @Field(() => [Int], { description: 'Days after sending on which reminders go out' })
  reminderDays!: number[];

  @Field(() => Int, {
    nullable: true,
    description: 'Days after closing before the addresses are deleted; null: the installation’s default',
  })
  graceDays!: number | null;
}

@ObjectType({ description: "A round's invitations by e-mail (researchers of the project)" })
export class RoundInvitations {
  @Field(() => ID)
  roundId!: string;

  @Field(() => AnonymityMode)
  anonymity!: AnonymityMode;

  @Field(() => InvitationCounts)
  counts!: InvitationCounts;

  @Field(() => [InviteeView], { description: 'Empty once the addresses are deleted' })
  invitees!: InviteeView[];

  @Field(() => InvitationSettings)
  settings!: InvitationSettings;

  @Field(() => String, { nullable: true, description: 'The day invitations were first sent' })
  invitationsSentOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The last failure of a batch of mails' })
  mailError!: string | null;

  @Field(() => String, { nullable: true, description: 'The day the addresses were deleted, if they are' })
  addressesDeletedOn!: string | null;
}

@InputType({ description: "Changes to a round's mail settings; a field left out stays as it is" })
export class InvitationSettingsInput {
  @Field(() => LocalizedText, {
    nullable: true,
    description:
      'The researchers’ paragraph per language, plain text; null removes it. No [placeholder] may remain',
  })
  @IsOptional()
  message?: LocalizedText | null;

  @Field(() => String, { nullable: true, description: 'An e-mail address for replies; null: none' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  replyTo?: string | null;

  @Field(() => [Int], {
    nullable: true,
    description: 'Up to 3 days, ascending, each from 1 to 60; [] for none',
  })
  @IsOptional()
  @ArrayMaxSize(3, { message: 'holds at most 3 days' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(60, { each: true })
  reminderDays?: number[] | null;

  @Field(() => Int, { nullable: true, description: 'From 0 to 365; null: the installation’s default' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  graceDays?: number | null;
}
