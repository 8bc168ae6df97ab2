import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import { UUID } from '../common/ids.js';
import type { Context } from '../context.js';
import { InviteeService } from './invitee.service.js';
import {
  AddedInvitees,
  AddInviteesInput,
  InvitationSettingsInput,
  RoundInvitations,
} from './invitee.types.js';

const roundFromArg = { arg: 'roundId' };

/** Invitations by e-mail, for the researchers of the round's project. */
@Resolver()
export class InviteeResolver {
  @Allow(Rules.researcherOfOwner('Round', roundFromArg))
  @Query(() => RoundInvitations, {
    description:
      "A round's invitations by e-mail: counts and response rate, the addresses with their state, and the mail settings",
  })
  roundInvitations(
    @Arg('roundId', () => UUID) roundId: string,
    @Ctx() { em }: Context,
  ): Promise<RoundInvitations> {
    return new InviteeService(em).invitations(roundId);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromArg))
  @Mutation(() => AddedInvitees, {
    description:
      'Adds a pasted list or a CSV file of addresses: all of it or, when any line is wrong, nothing (BAD_USER_INPUT with `fields["lines.N"]`). Duplicates are listed back, not added. At most 5,000 per round',
  })
  addInvitees(
    @Arg('roundId', () => UUID) roundId: string,
    @Arg('input') input: AddInviteesInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<AddedInvitees> {
    return new InviteeService(em).add(viewer, roundId, input);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromArg))
  @Mutation(() => Int, {
    description:
      'Removes invitees; returns how many. In anonymous rounds, people already mailed a link cannot be removed (BAD_USER_INPUT)',
  })
  removeInvitees(
    @Arg('roundId', () => UUID) roundId: string,
    @Arg('ids', () => [UUID]) ids: string[],
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<number> {
    return new InviteeService(em).remove(viewer, roundId, ids);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromArg))
  @Mutation(() => RoundInvitations, {
    description:
      "Changes a round's mail settings: the message per language, reply-to, reminder days, grace days",
  })
  updateInvitationSettings(
    @Arg('roundId', () => UUID) roundId: string,
    @Arg('input') input: InvitationSettingsInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<RoundInvitations> {
    return new InviteeService(em).updateSettings(viewer, roundId, input);
  }
}
