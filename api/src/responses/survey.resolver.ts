import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import type { Context } from '../context.js';
import { Throttled } from '../throttle/throttle.js';
import { SurveyService } from './survey.service.js';
import {
  SavedSurveyDraft,
  SaveSurveyDraftInput,
  SubmitSurveyInput,
  Survey,
  SurveyReceipt,
  WithdrawalReceipt,
} from './survey.types.js';

/** The participant's side: no account, only a link or a code. */
@Resolver()
export class SurveyResolver {
  @Allow(Rules.public)
  @Throttled('survey')
  @Query(() => Survey, {
    description:
      'The survey behind an open link token or a single-use code: the round, the role, its items in order with show-if rules, and saved answers. ROUND_NOT_OPEN or CODE_USED when it cannot be answered now, ALREADY_SUBMITTED when the resume token names answers already submitted.',
  })
  survey(
    @Arg('token') token: string,
    @Arg('resumeToken', () => String, { nullable: true }) resumeToken: string | null,
    @Ctx() { em, answeredMix, inviteeGraceDays }: Context,
  ): Promise<Survey> {
    return new SurveyService(em, answeredMix, inviteeGraceDays).survey(token, resumeToken);
  }

  @Allow(Rules.public)
  @Throttled('saveDraft')
  @Mutation(() => SavedSurveyDraft, {
    description:
      'Saves answers so far; every answer is checked, and BAD_USER_INPUT names each item with a problem. ALREADY_SUBMITTED once the draft was submitted from any device.',
  })
  saveSurveyDraft(
    @Arg('input') input: SaveSurveyDraftInput,
    @Ctx() { em, answeredMix, inviteeGraceDays }: Context,
  ): Promise<SavedSurveyDraft> {
    return new SurveyService(em, answeredMix, inviteeGraceDays).saveDraft(input);
  }

  @Allow(Rules.public)
  @Throttled('submit')
  @Mutation(() => SurveyReceipt, {
    description:
      "Submits the answers at once or not at all, once per draft whichever device sends them. Sent again with the draft's secret (the resume token, or the code with the same clientSubmissionId) it gives the first receipt and stores nothing new; otherwise a submitted draft is ALREADY_SUBMITTED and a used code CODE_USED.",
  })
  submitSurveyResponse(
    @Arg('input') input: SubmitSurveyInput,
    @Ctx() { em, answeredMix, inviteeGraceDays }: Context,
  ): Promise<SurveyReceipt> {
    return new SurveyService(em, answeredMix, inviteeGraceDays).submit(input);
  }

  @Allow(Rules.public)
  @Throttled('withdraw')
  @Mutation(() => WithdrawalReceipt, {
    description: 'Deletes the answers of a submission, given its receipt code',
  })
  withdrawSurveyResponse(
    @Arg('receiptCode') receiptCode: string,
    @Ctx() { em, answeredMix, inviteeGraceDays }: Context,
  ): Promise<WithdrawalReceipt> {
    return new SurveyService(em, answeredMix, inviteeGraceDays).withdraw(receiptCode);
  }
}
