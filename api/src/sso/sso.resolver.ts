import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Allow, Rules } from '../auth/rules.js';
import type { Context } from '../context.js';
import { SignInProvider } from './sso.types.js';

@Resolver(() => User)
export class SsoResolver {
  @Allow(Rules.public)
  @Query(() => [SignInProvider], {
    description: 'The identity providers the sign-in page offers a button for; empty when none is configured',
  })
  signInProviders(@Ctx() { signInProviders }: Context): SignInProvider[] {
    return signInProviders.map(({ id, name }) => ({ id, name }));
  }

  @Allow(Rules.self((user) => (user as User).id))
  @FieldResolver(() => [String], {
    description:
      'The identity providers linked to the account, by the names on their buttons (the account itself and admins)',
  })
  async linkedProviders(@Root() user: User, @Ctx() { loaders, signInProviders }: Context): Promise<string[]> {
    const ids = await loaders.providersOfUser.load(user.id);
    return ids.map((id) => signInProviders.find((p) => p.id === id)?.name ?? id);
  }
}
