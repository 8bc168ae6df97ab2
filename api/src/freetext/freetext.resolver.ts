import { ArrayMaxSize, Length } from 'class-validator';
import { Arg, Ctx, Field, ID, InputType, ObjectType, Query, Mutation, Resolver } from 'type-graphql';
import { Allow, registerProjectLookup, Rules } from '../auth/rules.js';
import { NotFoundError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Context } from '../context.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { Response } from '../responses/response.entity.js';
import { TextTag } from './text-tag.entity.js';

registerProjectLookup('Response', async (context, id) => {
  if (!isUuid(id)) return undefined;
  const response = await context.em.findOne(Response, { id }, { populate: ['wave'] });
  return response?.wave.project.id;
});

@ObjectType({ description: 'One free-text answer, for researchers of the project' })
class FreeTextAnswer {
  @Field(() => ID, { description: 'The response it belongs to (for tagging)' })
  responseId!: string;

  @Field()
  item!: string;

  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field()
  text!: string;

  @Field(() => [String])
  tags!: string[];

  @Field({
    description: "The role's group in this round is below the round's minimum size for free text in reports",
  })
  belowReportingThreshold!: boolean;
}

@InputType({ description: 'The themes of one free-text answer; replaces those it had' })
class SetTextTagsInput {
  @Field(() => ID)
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
  @Allow(Rules.researcherOfOwner('Wave', { arg: 'waveId' }))
  @Query(() => [FreeTextAnswer], {
    description: 'Free-text answers of a round, per item and role (researchers only)',
  })
  async freeTextAnswers(
    @Arg('waveId', () => ID) waveId: string,
    @Arg('item', () => String, { nullable: true }) item: string | null,
    @Arg('role', () => RespondentRole, { nullable: true }) role: RespondentRole | null,
    @Ctx() { em }: Context,
  ): Promise<FreeTextAnswer[]> {
    const rows: {
      response_id: string;
      item_key: string;
      role: RespondentRole;
      text: string;
      tags: string[] | null;
      below: boolean;
    }[] = await em.getConnection().execute(
      `select a.response_id, a.item_key, r.role::text as role, a.text,
                (select array_agg(t.tag order by t.tag) from text_tags t where t.response_id = a.response_id and t.item_key = a.item_key) as tags,
                (select count(*) from responses g where g.wave_id = r.wave_id and g.role = r.role and g.status = 'SUBMITTED')
                  < w.min_group_size_text as below
           from answers a join responses r on r.id = a.response_id join waves w on w.id = r.wave_id
          where r.wave_id = ? and r.status = 'SUBMITTED' and a.text is not null
            and (?::text is null or a.item_key = ?) and (?::text is null or r.role::text = ?)
          order by a.item_key, r.role, a.text`,
      [waveId, item ?? null, item ?? null, role ?? null, role ?? null],
    );
    return rows.map((row) => ({
      responseId: row.response_id,
      item: row.item_key,
      role: row.role,
      text: row.text,
      tags: row.tags ?? [],
      belowReportingThreshold: row.below,
    }));
  }

  @Allow(Rules.researcherOfOwner('Response', { arg: 'input', field: 'responseId' }))
  @Mutation(() => [String], {
    description: 'Sets the themes of a free-text answer (researchers of the project)',
  })
  async setTextTags(@Arg('input') input: SetTextTagsInput, @Ctx() { em }: Context): Promise<string[]> {
    const answered = await em
      .getConnection()
      .execute(`select 1 from answers where response_id = ? and item_key = ? and text is not null`, [
        input.responseId,
        input.item,
      ]);
    if (answered.length === 0)
      throw new NotFoundError('Free-text answer', `${input.responseId}/${input.item}`);
    const tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();
    await em.transactional(async (tx) => {
      await tx.nativeDelete(TextTag, { response: input.responseId, itemKey: input.item });
      for (const tag of tags)
        tx.create(TextTag, { response: input.responseId, itemKey: input.item, tag: tag.slice(0, 64) });
    });
    return tags;
  }
}
