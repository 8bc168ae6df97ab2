import { ArrayMaxSize, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { Item, LocalizedText, RespondentRole, Scale } from '../instruments/definition.types.js';
import { AnonymityMode } from '../rounds/round.entity.js';
import { InvitationKind } from '../rounds/invitation.entity.js';
import { Wording } from './response.entity.js';

@ObjectType({ description: 'What a participant invited by e-mail is told about the invitation' })
export class SurveyInvitation {
  @Field({
    description:
      'Whether the answers can be tied to the invitation (confidential rounds, until the addresses are deleted); in anonymous rounds Verdi records that the invitee answered, never which answers are theirs',
  })
  linked!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'The day (YYYY-MM-DD) by which the addresses are deleted; null while the round has no closing time',
  })
  addressesDeletedBy!: string | null;
}

@ObjectType({ description: 'What a participant sees of a round' })
export class SurveyRound {
  @Field({ description: 'The round\'s internal name (e.g. "Baseline 2025"), for the researchers\' own use' })
  label!: string;

  @Field({ description: 'The project asking, e.g. "Erfaringsskolen i Oslo": the public title of the survey' })
  projectName!: string;

  @Field({ description: 'The organisation behind the project, e.g. "Helseetaten, Oslo kommune"' })
  organisation!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Whom participants contact with questions (a name or role, and an e-mail address or phone number)',
  })
  contact!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who is responsible for the data (the data controller)',
  })
  dataController!: string | null;

  @Field(() => LocalizedText, { description: 'Information to read before the first question' })
  information!: LocalizedText;

  @Field(() => LocalizedText, {
    nullable: true,
    description: 'The information in easy-read language, in the same languages; null: none',
  })
  informationEasyRead?: LocalizedText | null;

  @Field()
  consentRequired!: boolean;

  @Field(() => LocalizedText, {
    nullable: true,
    description:
      "The round's consent statement; null: show the standard one. Kept with each response at submission",
  })
  consentText?: LocalizedText | null;

  @Field({ description: 'Whether to offer the self-generated code that pairs answers across rounds' })
  linkage!: boolean;

  @Field(() => AnonymityMode)
  anonymity!: AnonymityMode;

  @Field(() => Date, { nullable: true })
  closesAt!: Date | null;

  @Field(() => [String], {
    description: 'The languages the survey may be answered in (nb, nn, en); the switch offers these only',
  })
  languages!: string[];

  @Field({
    description:
      'The language the first page opens in, unless the participant chose another offered one before',
  })
  defaultLanguage!: string;

  @Field(() => SurveyInvitation, {
    nullable: true,
    description: 'Set when the survey was opened through a personal link mailed to the participant',
  })
  invitation?: SurveyInvitation | null;
}

@ObjectType({ description: 'One page of the survey, with the items for this role' })
export class SurveySection {
  @Field()
  key!: string;

  @Field(() => LocalizedText)
  title!: LocalizedText;

  @Field(() => [Item], { description: "The role's items, with the role's own wording as the prompt" })
  items!: Item[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Show the items in an order drawn for this response; send it as itemOrder',
  })
  randomiseOrder?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Show the items as a Likert grid (all are LIKERT items on one scale)',
  })
  grid?: boolean | null;
}

@ObjectType('SurveyAnswer', { description: 'One saved answer' })
@InputType('SurveyAnswerInput', {
  description: 'One answer: a number, a text, chosen option keys, or "Vet ikke"',
})
export class SurveyAnswer {
  @Field({ description: 'The item key' })
  @MaxLength(64)
  item!: string;

  @Field(() => Float, { nullable: true })
  number?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  text?: string | null;

  @Field(() => [String], { nullable: true })
  choices?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  notApplicable?: boolean | null;
}

@ObjectType({ description: 'A survey as one participant gets it through a link or code' })
export class Survey {
  @Field(() => SurveyRound)
  round!: SurveyRound;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field(() => InvitationKind)
  kind!: InvitationKind;

  @Field(() => [Scale])
  scales!: Scale[];

  @Field(() => [SurveySection])
  sections!: SurveySection[];

  @Field(() => [SurveyAnswer], {
    description: 'Answers saved earlier (a code, or an open link with its resume token)',
  })
  savedAnswers!: SurveyAnswer[];

  @Field(() => [String], {
    nullable: true,
    description: 'The order the draft showed the randomised sections’ items in; null until one was saved',
  })
  itemOrder?: string[] | null;
}

@InputType({ description: 'Answers saved as the participant goes' })
export class SaveSurveyDraftInput {
  @Field({ description: 'The open link token or the single-use code' })
  @MaxLength(100)
  token!: string;

  @Field(() => String, { nullable: true, description: 'From an earlier save through an open link' })
  @IsOptional()
  @MaxLength(100)
  resumeToken?: string | null;

  @Field(() => [SurveyAnswer])
  answers!: SurveyAnswer[];

  @Field({ description: 'nb or en' })
  @MaxLength(5)
  language!: string;

  @Field({ description: 'The participant has consented (needed where the round asks for consent)' })
  consent!: boolean;

  @Field(() => [String], {
    nullable: true,
    description:
      'The order the items of randomised sections were shown in: item keys, section by section. Null: none drawn (a draft keeps its own)',
  })
  @IsOptional()
  @ArrayMaxSize(2000)
  @MaxLength(64, { each: true })
  itemOrder?: string[] | null;

  @Field(() => Wording, {
    nullable: true,
    description:
      'The wording these answers were given in (MIXED if the participant switched); merged with what the draft recorded before. Null: standard',
  })
  @IsOptional()
  wording?: Wording | null;
}

@InputType({
  description:
    'What the participant (or whoever helped) said at the end about help in answering; all optional',
})
export class SurveyAssistanceInput {
  @Field(() => Boolean, { nullable: true, description: 'Someone helped to answer; null: not stated' })
  @IsOptional()
  assisted?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'They read the questions aloud (only where assisted)',
  })
  @IsOptional()
  readAloud?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'They wrote the answers down (only where assisted)' })
  @IsOptional()
  wrote?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'They explained the questions (only where assisted)' })
  @IsOptional()
  explained?: boolean | null;
}

@ObjectType({ description: 'A saved draft' })
export class SavedSurveyDraft {
  @Field(() => String, {
    nullable: true,
    description: 'For open links: keep it to continue on any device; the same as before once given',
  })
  resumeToken!: string | null;

  @Field({ description: 'The day it was saved' })
  savedOn!: string;
}

@InputType({ description: 'The final answers; sending the same clientSubmissionId again is safe' })
export class SubmitSurveyInput {
  @Field()
  @MaxLength(100)
  token!: string;

  @Field({ description: 'A UUID the page makes once per participant and sends with every retry' })
  @IsUUID('all', { message: 'must be a UUID' })
  clientSubmissionId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  resumeToken?: string | null;

  @Field(() => [SurveyAnswer])
  answers!: SurveyAnswer[];

  @Field()
  @MaxLength(5)
  language!: string;

  @Field()
  consent!: boolean;

  @Field(() => [String], {
    nullable: true,
    description:
      'The order the items of randomised sections were shown in: item keys, section by section. Null: none drawn (a draft keeps its own)',
  })
  @IsOptional()
  @ArrayMaxSize(2000)
  @MaxLength(64, { each: true })
  itemOrder?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The self-generated code from questions only the participant knows the answers to (rounds with linkage)',
  })
  @IsOptional()
  @MaxLength(100)
  linkageCode?: string | null;

  @Field(() => Wording, {
    nullable: true,
    description:
      'The wording the answers were given in; where the draft recorded another, the response is MIXED. Null: as the draft recorded, else standard',
  })
  @IsOptional()
  wording?: Wording | null;

  @Field(() => SurveyAssistanceInput, { nullable: true, description: 'Help in answering; null: not stated' })
  @IsOptional()
  assistance?: SurveyAssistanceInput | null;
}

@ObjectType({ description: 'Proof of a submission, and the key to withdraw it' })
export class SurveyReceipt {
  @Field({ description: 'Keep it to withdraw your answers later; Verdi stores only its hash' })
  receiptCode!: string;

  @Field()
  submittedOn!: string;
}

@ObjectType({ description: 'Proof that answers were withdrawn and deleted' })
export class WithdrawalReceipt {
  @Field()
  withdrawnOn!: string;
}
