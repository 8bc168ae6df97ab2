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
      'The survey behind an open link token or a single-use code: the round, the role, its items in order with show-if rules, and saved answers. ROUND_NOT_OPEN or CODE_USED when it cannot be answered now.',
  })
  survey(
    @Arg('token') token: string,
    @Arg('resumeToken', () => String, { nullable: true }) resumeToken: string | null,
    @Ctx() { em }: Context,
  ): Promise<Survey> {
    return new SurveyService(em).survey(token, resumeToken);
  }

  @Allow(Rules.public)
  @Throttled('saveDraft')
  @Mutation(() => SavedSurveyDraft, {
    description:
      'Saves answers so far; every answer is checked, and BAD_USER_INPUT names each item with a problem',
  })
  saveSurveyDraft(
    @Arg('input') input: SaveSurveyDraftInput,
    @Ctx() { em }: Context,
  ): Promise<SavedSurveyDraft> {
    return new SurveyService(em).saveDraft(input);
  }

  @Allow(Rules.public)
  @Throttled('submit')
  @Mutation(() => SurveyReceipt, {
    description:
      'Submits the answers at once or not at all. The same clientSubmissionId again gives the same receipt and stores nothing new.',
  })
  submitSurveyResponse(
    @Arg('input') input: SubmitSurveyInput,
    @Ctx() { em }: Context,
  ): Promise<SurveyReceipt> {
    return new SurveyService(em).submit(input);
  }

  @Allow(Rules.public)
  @Throttled('withdraw')
  @Mutation(() => WithdrawalReceipt, {
    description: 'Deletes the answers of a submission, given its receipt code',
  })
  withdrawSurveyResponse(
    @Arg('receiptCode') receiptCode: string,
    @Ctx() { em }: Context,
  ): Promise<WithdrawalReceipt> {
    return new SurveyService(em).withdraw(receiptCode);
  }
}
