import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { staffAccessOf } from '../auth/access.js';
import { StaffAccess } from '../auth/access.types.js';
import { Allow, Rules } from '../auth/rules.js';
import { UUID } from '../common/ids.js';
import { CurrentViewer, type Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
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

@Resolver(() => User)
export class AccountResolver {
  @Allow(Rules.public)
  @Query(() => User, {
    nullable: true,
    description: 'The signed-in account, or null when nobody is signed in',
  })
  me(@CurrentViewer({ optional: true }) viewer: Viewer | null, @Ctx() { em }: Context): Promise<User | null> {
    return new AccountService(em).me(viewer);
  }

  @Allow(Rules.admin)
  @Query(() => [User], { description: 'Every staff account, by name' })
  users(@Ctx() { em }: Context): Promise<User[]> {
    return new AccountService(em).listUsers();
  }

  @Allow(Rules.admin)
  @Query(() => User, { description: 'One staff account' })
  user(@Arg('id', () => UUID) id: string, @Ctx() { em }: Context): Promise<User> {
    return new AccountService(em).getUser(id);
  }

  @Allow(Rules.signedIn)
  @Query(() => [ApiToken], {
    description: "The signed-in account's API tokens, newest first, revoked ones included",
  })
  apiTokens(@CurrentViewer() viewer: Viewer, @Ctx() context: Context): Promise<ApiToken[]> {
    return new AuthService(context.em).listApiTokens(viewer);
  }

  @Allow(Rules.self((user) => (user as User).id))
  @FieldResolver(() => [Membership], { description: "The account's project roles" })
  memberships(@Root() user: User, @Ctx() { em }: Context): Promise<Membership[]> {
    return new AccountService(em).membershipsOfUser(user.id);
  }

  @Allow(Rules.self((user) => (user as User).id))
  @FieldResolver(() => StaffAccess, { description: 'Which staff pages the account may use' })
  async access(@Root() user: User, @Ctx() { em }: Context): Promise<StaffAccess> {
    const memberships = await new AccountService(em).membershipsOfUser(user.id);
    return staffAccessOf({
      isAdmin: user.isAdmin,
      roles: new Map(memberships.map((m) => [m.project.id, m.role])),
    });
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
  async signOut(@CurrentViewer() viewer: Viewer, @Ctx() context: Context): Promise<boolean> {
    await new AuthService(context.em).signOut(viewer);
    context.sessionCookie.clear();
    return true;
  }

  @Allow(Rules.signedIn)
  @Mutation(() => Boolean, {
    description:
      "Changes the signed-in account's password (from a browser session only), signs out its other sessions and revokes its API tokens; the current password is checked within the sign-in limits",
  })
  async changePassword(
    @Arg('input') input: ChangePasswordInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<boolean> {
    await new AuthService(context.em, { limits: context.signInLimits }).changePassword(
      viewer,
      input.currentPassword,
      input.newPassword,
    );
    return true;
  }

  @Allow(Rules.signedIn)
  @Mutation(() => User, { description: "Changes the signed-in account's name or language" })
  updateMe(
    @Arg('input') input: UpdateMeInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<User> {
    return new AccountService(context.em).updateMe(viewer, input);
  }

  @Allow(Rules.admin)
  @Mutation(() => User, { description: 'Creates a staff account' })
  createUser(
    @Arg('input') input: CreateUserInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() { em }: Context,
  ): Promise<User> {
    return new AccountService(em).createUser(viewer, input);
  }

  @Allow(Rules.admin)
  @Mutation(() => User, {
    description:
      "Changes an account's name, language, admin rights, password or whether it is active. A new password signs the account out everywhere and revokes its API tokens; the last active admin cannot be demoted or deactivated",
  })
  updateUser(
    @Arg('id', () => UUID) id: string,
    @Arg('input') input: UpdateUserInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<User> {
    return new AccountService(context.em).updateUser(viewer, id, input);
  }

  @Allow(Rules.admin)
  @Mutation(() => User, {
    description:
      'Approves an account made by single sign-on, so that it can be given project roles and admin rights',
  })
  approveUser(
    @Arg('id', () => UUID) id: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<User> {
    return new AccountService(context.em).approveUser(viewer, id);
  }

  @Allow(Rules.admin)
  @Mutation(() => Membership, {
    description: 'Gives a user a role in a project, or changes the role they have',
  })
  setMembership(
    @Arg('input') input: SetMembershipInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<Membership> {
    return new AccountService(context.em).setMembership(viewer, input);
  }

  @Allow(Rules.admin)
  @Mutation(() => Boolean, { description: "Removes a user's role in a project" })
  removeMembership(
    @Arg('userId', () => UUID) userId: string,
    @Arg('projectId', () => UUID) projectId: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<boolean> {
    return new AccountService(context.em).removeMembership(viewer, userId, projectId);
  }

  @Allow(Rules.signedIn)
  @Mutation(() => CreatedApiToken, {
    description:
      'Creates a personal API token (researchers and admins), from a signed-in browser session only',
  })
  createApiToken(
    @Arg('input') input: CreateApiTokenInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<CreatedApiToken> {
    return new AuthService(context.em).createApiToken(viewer, input.name, input.expiresInDays);
  }

  @Allow(Rules.signedIn)
  @Mutation(() => ApiToken, { description: 'Revokes one of your API tokens; it never works again' })
  revokeApiToken(
    @Arg('id', () => UUID) id: string,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: Context,
  ): Promise<ApiToken> {
    return new AuthService(context.em).revokeApiToken(viewer, id);
  }
}
