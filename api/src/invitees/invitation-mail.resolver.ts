import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import { UUID } from '../common/ids.js';
import type { Context } from '../context.js';
import { Throttled } from '../throttle/throttle.js';
import { optOut } from './invitation-mail.js';
import { InvitationMailService } from './invitation-mail.service.js';
import { MailKind, MailPreview, MailSetup } from './invitation-mail.types.js';
import { RoundInvitations } from './invitee.types.js';
import { optOutHashOf } from './links.js';

const roundFromArg = { arg: 'roundId' };

/** Sending invitations and reminders, their preview, and the participant's opt-out. */
@Resolver()
export class InvitationMailResolver {
  @Allow(Rules.signedIn)
  @Query(() => MailSetup, {
    description: 'Whether this installation can send mail (SMTP_URL set), and the sender address',
  })
  mailSetup(@Ctx() { em, mailing }: Context): MailSetup {
    return new InvitationMailService(em, mailing).setup();
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromArg))
  @Query(() => MailPreview, {
    description:
      "A sample mail as an invitee would get it, with the round's real settings and a dummy link; language nb, nn or en",
  })
  invitationPreview(
    @Arg('roundId', () => UUID) roundId: string,
    @Arg('kind', () => MailKind) kind: MailKind,
    @Arg('language') language: string,
    @Ctx() { em, mailing }: Context,
  ): Promise<MailPreview> {
    return new InvitationMailService(em, mailing).preview(roundId, kind, language);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromArg))
  @Mutation(() => RoundInvitations, {
    description:
      'Queues every NEW (and QUEUED/failed-to-send) invitee of the round and starts sending; MAIL_NOT_CONFIGURED without SMTP_URL, MAIL_UNAVAILABLE (extensions.reason CONNECTION|AUTH|TLS|TIMEOUT) when the mail server cannot be reached; in both cases nothing is queued. Calling it again sends the rest and never mails anyone twice. The round must be scheduled or open (CONFLICT otherwise); mails go out once it is open',
  })
  sendInvitations(
    @Arg('roundId', () => UUID) roundId: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, mailing }: Context,
  ): Promise<RoundInvitations> {
    return new InvitationMailService(em, mailing).sendInvitations(viewer, roundId);
  }

  @Allow(Rules.researcherOfOwner('Round', roundFromArg))
  @Mutation(() => RoundInvitations, {
    description:
      'Sends the next reminder now to those who were mailed, have not answered, have not opted out (and were not reminded today); at most 3 reminders each. The round must be open',
  })
  sendRemindersNow(
    @Arg('roundId', () => UUID) roundId: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em, mailing }: Context,
  ): Promise<RoundInvitations> {
    return new InvitationMailService(em, mailing).sendRemindersNow(viewer, roundId);
  }

  @Allow(Rules.public)
  @Throttled('optOut')
  @Mutation(() => Boolean, {
    description:
      'Public, throttled. Always true (an unknown token gets the same answer, so tokens cannot be probed)',
  })
  async optOutOfReminders(@Arg('token') token: string, @Ctx() { em }: Context): Promise<boolean> {
    await optOut(em, token, optOutHashOf);
    return true;
  }
}
