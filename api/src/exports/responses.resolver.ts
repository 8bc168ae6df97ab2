import { Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { ValidationError } from '../common/errors.js';
import type { Context } from '../context.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { Answer } from '../responses/answer.entity.js';
import { Response, ResponseStatus } from '../responses/response.entity.js';
import { SurveyAnswer } from '../responses/survey.types.js';

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

const encode = (id: string) => Buffer.from(`response:${id}`).toString('base64url');
function decode(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith('response:'))
    throw ValidationError.forFields({ after: 'is not a cursor from this API' });
  return text.slice('response:'.length);
}

@Resolver()
export class ResponsesResolver {
  @Allow(Rules.researcherOfOwner('Wave', { arg: 'waveId' }))
  @Query(() => ResponseConnection, {
    description: "A round's submitted responses, page by page (researchers)",
  })
  async responses(
    @Arg('waveId', () => ID) waveId: string,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() { em }: Context,
  ): Promise<ResponseConnection> {
    const where = { wave: waveId, status: ResponseStatus.SUBMITTED };
    const page = await em.find(
      Response,
      { ...where, ...(after ? { id: { $gt: decode(after) } } : {}) },
      { orderBy: { id: 'asc' }, limit: first + 1 },
    );
    const shown = page.slice(0, first);
    const answers = shown.length ? await em.find(Answer, { response: { $in: shown.map((r) => r.id) } }) : [];
    const byResponse = new Map<string, SurveyAnswer[]>();
    for (const a of answers) {
      const list = byResponse.get(a.response.id) ?? [];
      list.push({
        item: a.itemKey,
        number: a.number,
        text: a.text,
        choices: a.choices,
        notApplicable: a.notApplicable || null,
      });
      byResponse.set(a.response.id, list);
    }
    return {
      totalCount: await em.count(Response, where),
      edges: shown.map((r) => ({
        cursor: encode(r.id),
        node: {
          id: r.id,
          role: r.role,
          submittedOn: r.submittedOn!,
          language: r.language,
          answers: byResponse.get(r.id) ?? [],
        },
      })),
      pageInfo: {
        hasNextPage: page.length > first,
        endCursor: shown.length ? encode(shown.at(-1)!.id) : null,
      },
    };
  }
}
