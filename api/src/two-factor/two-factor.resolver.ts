import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { SignInResult } from '../accounts/account.types.js';
import { AuthService } from '../accounts/auth.service.js';
import { User } from '../accounts/user.entity.js';
import { Allow, Rules } from '../auth/rules.js';
import { UnauthenticatedError } from '../common/errors.js';
import { UUID } from '../common/ids.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import {
  CompleteSignInInput,
  StartTwoFactorSetupInput,
  TurnOffTwoFactorInput,
  TwoFactorCodeInput,
} from './two-factor.inputs.js';
import { TwoFactorService } from './two-factor.service.js';
import { RecoveryCodes, TwoFactorSetup, TwoFactorStatus } from './two-factor.types.js';

@Resolver(() => User)
export class TwoFactorResolver {
  @Allow(Rules.self((user) => (user as User).id))
  @FieldResolver(() => TwoFactorStatus, { description: 'Two-factor sign-in (the account itself and admins)' })
  async twoFactor(
    @Root() user: User,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<TwoFactorStatus> {
    const state = await new TwoFactorService(context.em, context.twoFactor).state(user);
    const setupOnly = viewer.userId === user.id && viewer.twoFactorSetupOnly === true;
    return { ...state, setupOnly };
  }

  @Allow(Rules.public)
  @Mutation(() => SignInResult, {
    description:
      'The second step of signing in, after `signIn` answered secondFactorRequired: a code from the authenticator app or a recovery code. A right code sets the session cookie.',
  })
  async completeSignIn(
    @Arg('input') input: CompleteSignInInput,
    @Ctx() context: Context,
  ): Promise<SignInResult> {
    try {
      const result = await new TwoFactorService(context.em, context.twoFactor).completeSignIn(
        context.pendingSignIn.token,
        input.code,
        context.ip,
      );
      context.pendingSignIn.clear();
      context.sessionCookie.set(result.sessionToken, result.expiresAt);
      context.viewer = await new AuthService(context.em, { twoFactor: context.twoFactor }).viewerFor({
        sessionToken: result.sessionToken,
      });
      return {
        user: result.user,
        expiresAt: result.expiresAt,
        secondFactorRequired: false,
        enrolmentRequired: false,
      };
    } catch (error) {
      // A sign-in that is over must be started again: its cookie is of no more use.
      if (error instanceof UnauthenticatedError) context.pendingSignIn.clear();
      throw error;
    }
  }

  @Allow(Rules.settingUpTwoFactor)
  @Mutation(() => TwoFactorSetup, {
    description:
      'Starts setting up two-factor sign-in: a new secret for the authenticator app, proven by the current password. Signed-in browsers only.',
  })
  startTwoFactorSetup(
    @Arg('input') input: StartTwoFactorSetupInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<TwoFactorSetup> {
    return new TwoFactorService(context.em, context.twoFactor).startSetup(viewer, input.password);
  }

  @Allow(Rules.settingUpTwoFactor)
  @Mutation(() => RecoveryCodes, {
    description:
      "Turns two-factor sign-in on with a code from the app, and returns the recovery codes, shown this once. Ends the account's other sessions.",
  })
  async confirmTwoFactorSetup(
    @Arg('input') input: TwoFactorCodeInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<RecoveryCodes> {
    const codes = await new TwoFactorService(context.em, context.twoFactor).confirmSetup(viewer, input.code);
    return { codes };
  }

  @Allow(Rules.signedIn)
  @Mutation(() => RecoveryCodes, {
    description:
      'New recovery codes (the old ones stop working), proven by a code from the app; shown this once',
  })
  async regenerateRecoveryCodes(
    @Arg('input') input: TwoFactorCodeInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<RecoveryCodes> {
    const codes = await new TwoFactorService(context.em, context.twoFactor).regenerateRecoveryCodes(
      viewer,
      input.code,
    );
    return { codes };
  }

  @Allow(Rules.signedIn)
  @Mutation(() => Boolean, {
    description:
      "Turns two-factor sign-in off with the password and a code; refused for admins where it is required. Ends the account's other sessions.",
  })
  async turnOffTwoFactor(
    @Arg('input') input: TurnOffTwoFactorInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<boolean> {
    await new TwoFactorService(context.em, context.twoFactor).turnOff(viewer, input.password, input.code);
    return true;
  }

  @Allow(Rules.admin)
  @Mutation(() => User, {
    description:
      "Removes a user's two-factor sign-in (a lost phone) and ends all their sessions; they sign in with their password and set it up again",
  })
  resetTwoFactor(
    @Arg('userId', () => UUID) userId: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<User> {
    return new TwoFactorService(context.em, context.twoFactor).reset(viewer, userId);
  }
}
