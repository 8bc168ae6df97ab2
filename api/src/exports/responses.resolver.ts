import { Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { UUID } from '../common/ids.js';
import type { Context } from '../context.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { Wording } from '../responses/response.entity.js';
import { SurveyAnswer } from '../responses/survey.types.js';
import { ResponsePageService } from './response-page.service.js';

@ObjectType({
  description: 'Help in answering as stated at the end; null: not stated (or, for how, nobody helped)',
})
class ResponseAssistance {
  @Field(() => Boolean, { nullable: true })
  assisted!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  readAloud!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  wrote!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  explained!: boolean | null;
}

@ObjectType({ description: 'One submitted response with its answers (researchers, for scripts)' })
class ResponseRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field({ description: 'The day it was submitted' })
  submittedOn!: string;

  @Field()
  language!: string;

  @Field(() => Wording, { description: 'The wording answered in' })
  wording!: Wording;

  @Field(() => ResponseAssistance, { description: 'What the participant said about help in answering' })
  assistance!: ResponseAssistance;

  @Field(() => [SurveyAnswer])
  answers!: SurveyAnswer[];
}

@ObjectType()
class ResponseEdge {
  @Field()
  cursor!: string;

  @Field(() => ResponseRecord)
  node!: ResponseRecord;
}

@ObjectType()
class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({
  description: 'A page of responses (Relay-style): follow pageInfo.endCursor with `after` to read them all',
})
class ResponseConnection {
  @Field(() => Int, { description: 'Submitted responses in the round' })
  totalCount!: number;

  @Field(() => [ResponseEdge])
  edges!: ResponseEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ArgsType()
class PageArgs {
  @Field(() => Int, { defaultValue: 100, description: 'Page size, 1 to 500' })
  @Min(1, { message: 'must be at least 1' })
  @Max(500, { message: 'must be at most 500' })
  first: number = 100;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}

@Resolver()
export class ResponsesResolver {
  @Allow(Rules.researcherOfOwner('Round', { arg: 'roundId' }))
  @Query(() => ResponseConnection, {
    description: "A round's submitted responses, page by page (researchers)",
  })
  responses(
    @Arg('roundId', () => UUID) roundId: string,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() { em }: Context,
  ): Promise<ResponseConnection> {
    return new ResponsePageService(em).page(roundId, first, after);
  }
}
