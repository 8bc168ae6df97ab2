import { ArrayMaxSize, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { UUID } from '../common/ids.js';
import { NotBlank } from '../common/validators.js';
import { LocalizedText, RespondentRole } from '../instruments/definition.types.js';
import { AnonymityMode } from './round.entity.js';

@InputType({ description: 'A new evaluation round' })
export class CreateRoundInput {
  @Field(() => UUID)
  projectId!: string;

  @Field(() => UUID, { description: 'A published instrument the project may use' })
  instrumentId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version to ask; the latest published one when left out',
  })
  @IsOptional()
  version?: number | null;

  @Field()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  label!: string;

  @Field({ description: 'When answers start being accepted' })
  opensAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When answers stop being accepted; open-ended when left out',
  })
  @IsOptional()
  closesAt?: Date | null;

  @Field(() => AnonymityMode, { nullable: true, description: 'ANONYMOUS when left out' })
  @IsOptional()
  anonymity?: AnonymityMode | null;

  @Field(() => Int, { nullable: true, description: 'Smallest reported group, k (default 5)' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(3, { message: 'must be at least 3: smaller groups identify people' })
  @Max(100, { message: 'must be at most 100' })
  minGroupSize?: number | null;

  @Field(() => Int, { nullable: true, description: 'Smallest group whose free text is shown (default 10)' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(3, { message: 'must be at least 3: smaller groups identify people' })
  @Max(100, { message: 'must be at most 100' })
  minGroupSizeText?: number | null;

  @Field(() => LocalizedText, { description: 'Information participants read first (bokmål required)' })
  information!: LocalizedText;

  @Field(() => LocalizedText, {
    nullable: true,
    description: 'The information in easy-read language, in exactly the languages of the information',
  })
  @IsOptional()
  informationEasyRead?: LocalizedText | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Ask for consent before the first question (default yes)',
  })
  @IsOptional()
  consentRequired?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Pair answers across rounds with a self-generated code',
  })
  @IsOptional()
  linkage?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Managers see results only after the round closes (default yes)',
  })
  @IsOptional()
  resultsAfterClose?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Keep the round in preparation (no answers accepted) until openRound; a round that opens at once may hold no [placeholder]',
  })
  @IsOptional()
  draft?: boolean | null;

  @Field(() => LocalizedText, {
    nullable: true,
    description: "The statement participants agree to; null: the survey page's standard statement",
  })
  @IsOptional()
  consentText?: LocalizedText | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Who participants contact: a name or role, and an e-mail address or phone number; empty clears it',
  })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  contact?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The organisation responsible for the data (data controller); empty clears it',
  })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  dataController?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'How many submitted responses the researchers aim for (the response rate is measured against it)',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000000, { message: 'must be at most 1000000' })
  targetResponses?: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'The languages participants may answer in (nb, nn, en); when left out: bokmål and each other language in which every text participants see is given',
  })
  @IsOptional()
  @ArrayMaxSize(3, { message: 'must hold at most 3 languages' })
  languages?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The language the first page opens in, one of those offered; bokmål (or the first offered) when left out',
  })
  @IsOptional()
  defaultLanguage?: string | null;
}

@InputType({
  description:
    "Changes to a round's label, window, thresholds, texts, contact or target. A field left out is kept; for closesAt, consentText and targetResponses null removes the value",
})
export class UpdateRoundInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  label?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  opensAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  closesAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(3, { message: 'must be at least 3: smaller groups identify people' })
  @Max(100, { message: 'must be at most 100' })
  minGroupSize?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(3, { message: 'must be at least 3: smaller groups identify people' })
  @Max(100, { message: 'must be at most 100' })
  minGroupSizeText?: number | null;

  @Field(() => LocalizedText, { nullable: true })
  @IsOptional()
  information?: LocalizedText | null;

  @Field(() => LocalizedText, {
    nullable: true,
    description:
      'The information in easy-read language, in exactly the languages of the information; null or blank removes it',
  })
  @IsOptional()
  informationEasyRead?: LocalizedText | null;

  @Field(() => LocalizedText, {
    nullable: true,
    description: "The statement participants agree to; null: the survey page's standard statement",
  })
  @IsOptional()
  consentText?: LocalizedText | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Who participants contact: a name or role, and an e-mail address or phone number; empty clears it',
  })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  contact?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The organisation responsible for the data (data controller); empty clears it',
  })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  dataController?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'How many submitted responses the researchers aim for (the response rate is measured against it)',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000000, { message: 'must be at most 1000000' })
  targetResponses?: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'The languages participants may answer in (nb, nn, en). While the round takes answers a language may be added (if complete) but not removed',
  })
  @IsOptional()
  @ArrayMaxSize(3, { message: 'must hold at most 3 languages' })
  languages?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'The language the first page opens in, one of those offered',
  })
  @IsOptional()
  defaultLanguage?: string | null;
}

@InputType({ description: 'A batch of single-use codes for one role' })
export class CreateCodesInput {
  @Field(() => UUID)
  roundId!: string;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field(() => Int)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000 per batch' })
  count!: number;

  @Field(() => String, { nullable: true, description: 'A name for the batch, e.g. "Papir, dagsenteret"' })
  @IsOptional()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  batch?: string | null;
}
