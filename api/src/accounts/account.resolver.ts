import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import type { Context } from '../context.js';
import { UnauthenticatedError } from '../common/errors.js';
import {
  ChangePasswordInput,
  CreateApiTokenInput,
  CreateUserInput,
  SetMembershipInput,
  SignInInput,
  UpdateMeInput,
  UpdateUserInput,
} from './account.inputs.js';
import { AccountService } from './account.service.js';
import { CreatedApiToken, SignInResult } from './account.types.js';
import { ApiToken } from './api-token.entity.js';
import { AuthService } from './auth.service.js';
import { Membership } from './membership.entity.js';
import { User } from './user.entity.js';

function signedIn(context: Context) {
  if (!context.viewer) throw new UnauthenticatedError();
  return context.viewer;
}

@Resolver(() => User)
export class AccountResolver {
  @Allow(Rules.public)
  @Query(() => User, {
    nullable: true,
    description: 'The signed-in account, or null when nobody is signed in',
  })
  me(@Ctx() { em, viewer }: Context): Promise<User | null> {
    return new AccountService(em).me(viewer);
  }

  @Allow(Rules.admin)
  @Query(() => [User], { description: 'Every staff account, by name' })
  users(@Ctx() { em }: Context): Promise<User[]> {
    return new AccountService(em).listUsers();
  }

  @Allow(Rules.admin)
  @Query(() => User, { description: 'One staff account' })
  user(@Arg('id', () => ID) id: string, @Ctx() { em }: Context): Promise<User> {
    return new AccountService(em).getUser(id);
  }

  @Allow(Rules.signedIn)
  @Query(() => [ApiToken], {
    description: "The signed-in account's API tokens, newest first, revoked ones included",
  })
  apiTokens(@Ctx() context: Context): Promise<ApiToken[]> {
    return new AuthService(context.em).listApiTokens(signedIn(context));
  }

  @Allow(Rules.self((user) => (user as User).id))
  @FieldResolver(() => [Membership], { description: "The account's project roles" })
  memberships(@Root() user: User, @Ctx() { em }: Context): Promise<Membership[]> {
    return new AccountService(em).membershipsOfUser(user.id);
  }

  @Allow(Rules.public)
  @Mutation(() => SignInResult, {
    description:
      'Signs in with email and password and sets the session cookie; with two-factor sign-in on, it sets a cookie for `completeSignIn` instead. Wrong email and wrong password get the same answer. Limited before the password is checked: RATE_LIMITED with retryAfterSeconds (HTTP 429).',
  })
  async signIn(@Arg('input') input: SignInInput, @Ctx() context: Context): Promise<SignInResult> {
    const auth = new AuthService(context.em, { limits: context.signInLimits, twoFactor: context.twoFactor });
    const result = await auth.signIn(input.email, input.password, context.ip);
    if (result.secondFactorRequired) {
      context.pendingSignIn.set(result.pendingToken, result.expiresAt);
      return {
        user: null,
        expiresAt: result.expiresAt,
        secondFactorRequired: true,
        enrolmentRequired: false,
      };
    }
    context.sessionCookie.set(result.sessionToken, result.expiresAt);
    // The rest of this response (the user's own fields) is answered as the account that just signed in.
    context.viewer = await auth.viewerFor({ sessionToken: result.sessionToken });
    return {
      user: result.user,
      expiresAt: result.expiresAt,
      secondFactorRequired: false,
      enrolmentRequired: result.enrolmentRequired,
    };
  }

  @Allow(Rules.settingUpTwoFactor)
  @Mutation(() => Boolean, { description: 'Ends this session and clears its cookie' })
  async signOut(@Ctx() context: Context): Promise<boolean> {
    await new AuthService(context.em).signOut(signedIn(context));
    context.sessionCookie.clear();
    return true;
  }

  @Allow(Rules.signedIn)
  @Mutation(() => Boolean, {
    description:
      "Changes the signed-in account's password (from a browser session only), signs out its other sessions and revokes its API tokens; the current password is checked within the sign-in limits",
  })
  async changePassword(@Arg('input') input: ChangePasswordInput, @Ctx() context: Context): Promise<boolean> {
    await new AuthService(context.em, { limits: context.signInLimits }).changePassword(
      signedIn(context),
      input.currentPassword,
      input.newPassword,
    );
    return true;
  }

  @Allow(Rules.signedIn)
  @Mutation(() => User, { description: "Changes the signed-in account's name or language" })
  updateMe(@Arg('input') input: UpdateMeInput, @Ctx() context: Context): Promise<User> {
    return new AccountService(context.em).updateMe(signedIn(context), input);
  }

  @Allow(Rules.admin)
  @Mutation(() => User, { description: 'Creates a staff account' })
  createUser(@Arg('input') input: CreateUserInput, @Ctx() context: Context): Promise<User> {
    return new AccountService(context.em).createUser(context.viewer, input);
  }

  @Allow(Rules.admin)
  @Mutation(() => User, {
    description:
      "Changes an account's name, language, admin rights, password or whether it is active. A new password signs the account out everywhere and revokes its API tokens; the last active admin cannot be demoted or deactivated",
  })
  updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateUserInput,
    @Ctx() context: Context,
  ): Promise<User> {
    return new AccountService(context.em).updateUser(signedIn(context), id, input);
  }

  @Allow(Rules.admin)
  @Mutation(() => User, {
    description:
      'Approves an account made by single sign-on, so that it can be given project roles and admin rights',
  })
  approveUser(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<User> {
    return new AccountService(context.em).approveUser(signedIn(context), id);
  }

  @Allow(Rules.admin)
  @Mutation(() => Membership, {
    description: 'Gives a user a role in a project, or changes the role they have',
  })
  setMembership(@Arg('input') input: SetMembershipInput, @Ctx() context: Context): Promise<Membership> {
    return new AccountService(context.em).setMembership(signedIn(context), input);
  }

  @Allow(Rules.admin)
  @Mutation(() => Boolean, { description: "Removes a user's role in a project" })
  removeMembership(
    @Arg('userId', () => ID) userId: string,
    @Arg('projectId', () => ID) projectId: string,
    @Ctx() context: Context,
  ): Promise<boolean> {
    return new AccountService(context.em).removeMembership(signedIn(context), userId, projectId);
  }

  @Allow(Rules.signedIn)
  @Mutation(() => CreatedApiToken, {
    description:
      'Creates a personal API token (researchers and admins), from a signed-in browser session only',
  })
  createApiToken(
    @Arg('input') input: CreateApiTokenInput,
    @Ctx() context: Context,
  ): Promise<CreatedApiToken> {
    return new AuthService(context.em).createApiToken(signedIn(context), input.name, input.expiresInDays);
  }

  @Allow(Rules.signedIn)
  @Mutation(() => ApiToken, { description: 'Revokes one of your API tokens; it never works again' })
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<ApiToken> {
    return new AuthService(context.em).revokeApiToken(signedIn(context), id);
  }
}
