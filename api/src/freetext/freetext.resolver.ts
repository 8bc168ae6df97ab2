import { ArrayMaxSize, Length } from 'class-validator';
import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Mutation, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { UUID } from '../common/ids.js';
import type { Context } from '../context.js';
import { LocalizedText, RespondentRole, RolePrompt } from '../instruments/definition.types.js';
import { FreeTextService } from './freetext.service.js';

@ObjectType({ description: 'One free-text answer, for researchers of the project' })
class FreeTextAnswer {
  @Field(() => ID, { description: 'The response it belongs to (for tagging)' })
  responseId!: string;

  @Field({ description: 'Key of the item it answers; its wording is in freeTextQuestions' })
  item!: string;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field({ description: 'As the respondent typed it: plain text, to be shown as text and never as markup' })
  text!: string;

  @Field(() => [String])
  tags!: string[];

  @Field({
    description: "The role's group in this round is below the round's minimum size for free text in reports",
  })
  belowReportingThreshold!: boolean;
}

@ObjectType({
  description: "A free-text question of a round's instrument, with every wording it was asked in",
})
class FreeTextQuestion {
  @Field({ description: 'Stable key of the item, as in FreeTextAnswer.item and exports' })
  item!: string;

  @Field(() => Int, { description: 'Place of the item in the questionnaire, from 1, counting every item' })
  position!: number;

  @Field(() => LocalizedText, { description: 'Title of the page the question is on' })
  section!: LocalizedText;

  @Field(() => LocalizedText, { description: 'The wording roles without their own see' })
  prompt!: LocalizedText;

  @Field(() => [RolePrompt], { description: 'The wordings of roles that have their own' })
  promptByRole!: RolePrompt[];

  @Field(() => [RespondentRole], { description: 'The roles the question is shown to' })
  roles!: RespondentRole[];
}

@InputType({ description: 'The themes of one free-text answer; replaces those it had' })
class SetTextTagsInput {
  @Field(() => UUID)
  responseId!: string;

  @Field()
  @Length(1, 64)
  item!: string;

  @Field(() => [String])
  @ArrayMaxSize(20, { message: 'must hold at most 20 tags' })
  tags!: string[];
}

@Resolver()
export class FreeTextResolver {
  @Allow(Rules.researcherOfOwner('Round', { arg: 'roundId' }))
  @Query(() => [FreeTextAnswer], {
    description: 'Free-text answers of a round, per item and role (researchers only)',
  })
  freeTextAnswers(
    @Arg('roundId', () => UUID) roundId: string,
    @Arg('item', () => String, { nullable: true }) item: string | null,
    @Arg('role', () => RespondentRole, { nullable: true }) role: RespondentRole | null,
    @Ctx() { em }: Context,
  ): Promise<FreeTextAnswer[]> {
    return new FreeTextService(em).answers(roundId, item, role);
  }

  @Allow(Rules.researcherOfOwner('Round', { arg: 'roundId' }))
  @Query(() => [FreeTextQuestion], {
    description: "The free-text questions of a round's instrument, in questionnaire order (researchers only)",
  })
  freeTextQuestions(
    @Arg('roundId', () => UUID) roundId: string,
    @Ctx() { em }: Context,
  ): Promise<FreeTextQuestion[]> {
    return new FreeTextService(em).questions(roundId);
  }

  @Allow(Rules.researcherOfOwner('Response', { arg: 'input', field: 'responseId' }))
  @Mutation(() => [String], {
    description: 'Sets the themes of a free-text answer (researchers of the project)',
  })
  setTextTags(@Arg('input') input: SetTextTagsInput, @Ctx() { em }: Context): Promise<string[]> {
    return new FreeTextService(em).setTags(input.responseId, input.item, input.tags);
  }
}
