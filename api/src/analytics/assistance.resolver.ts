import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import { UUID } from '../common/ids.js';
import type { Context } from '../context.js';
import { roundAssistance, RoundAssistance } from './assistance.js';

@Resolver()
export class AssistanceResolver {
  @Allow(Rules.researcherOfOwner('Round', { arg: 'roundId' }))
  @Query(() => RoundAssistance, {
    description:
      "How many of a round's submitted responses said someone helped them answer, and how, and which wording they were answered in, live. Researchers of the project only; small groups are hidden as elsewhere.",
  })
  roundAssistance(
    @Arg('roundId', () => UUID) roundId: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, disclosure }: Context,
  ): Promise<RoundAssistance> {
    return roundAssistance(em, viewer, disclosure, roundId);
  }
}
