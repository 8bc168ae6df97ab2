import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import type { Context } from '../context.js';
import { Round } from '../rounds/round.entity.js';
import { ReleaseService } from './release.service.js';

@ObjectType({
  description: 'A newer state of a round that managers do not see yet, and why (researchers only)',
})
class HeldChangesType {
  @Field({ description: 'The day the first change still held back was checked' })
  since!: string;

  @Field(() => Int, { description: 'Responses submitted since the release' })
  added!: number;

  @Field(() => Int, { description: 'Responses in the release withdrawn since' })
  removed!: number;

  @Field(() => [String], {
    description:
      'Cells whose change would be a group smaller than k (keys: s|construct|ROLE, i|item|ROLE, …)',
  })
  cells!: string[];
}

@ObjectType({
  description:
    'The numbers managers see of a round: made when results may be shown (when the round closes, by default), replaced only by a later state that passes the same rules',
})
class RoundRelease {
  @Field(() => Int)
  version!: number;

  @Field()
  releasedAt!: Date;

  @Field(() => Int, { description: 'The minimum group size k the release was made with' })
  minGroupSize!: number;

  /** Researchers only: who is behind a change held back is not the managers' business. */
  held!: HeldChangesType | null;
}

const ownProject = { parent: (round: unknown) => (round as Round).project.id };

@Resolver(() => RoundRelease)
export class ReleaseHeldResolver {
  @Allow(Rules.researcherOf({ parent: (release: unknown) => (release as { projectId: string }).projectId }))
  @FieldResolver(() => HeldChangesType, {
    nullable: true,
    description: 'A newer state held back because it would differ from the release by fewer than k people',
  })
  held(@Root() release: RoundRelease): HeldChangesType | null {
    return release.held;
  }
}

@Resolver(() => Round)
export class RoundReleaseResolver {
  @Allow(Rules.memberOf(ownProject))
  @FieldResolver(() => RoundRelease, {
    nullable: true,
    description: "The round's current release; null until managers may see its results",
  })
  async release(
    @Root() round: Round,
    @Ctx() { em, disclosure, log }: Context,
  ): Promise<(RoundRelease & { projectId: string }) | null> {
    const service = new ReleaseService(em, disclosure, log);
    const release = await service.ensure(round.project.id, round.id);
    return release
      ? {
          projectId: round.project.id,
          version: release.version,
          releasedAt: release.releasedAt,
          minGroupSize: release.k,
          held: release.held,
        }
      : null;
  }
}
