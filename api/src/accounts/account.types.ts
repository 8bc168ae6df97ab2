import { Field, ObjectType } from 'type-graphql';
import { ApiToken } from './api-token.entity.js';
import { User } from './user.entity.js';

@ObjectType({
  description:
    'The result of a sign-in step; the session (or the sign-in waiting for its second factor) travels in an httpOnly cookie',
})
export class SignInResult {
  @Field(() => User, {
    nullable: true,
    description: 'The signed-in account; null while a second factor is due',
  })
  user!: User | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the session ends unless it is used before then; while a second factor is due, when this sign-in must be finished',
  })
  expiresAt!: Date | null;

  @Field({
    description:
      'The password was right, and the account uses two-factor sign-in: send a code with `completeSignIn` to get a session',
  })
  secondFactorRequired!: boolean;

  @Field({
    description:
      'Signed in, but as an admin who must use two-factor sign-in and has not set it up: this session can only set it up (`startTwoFactorSetup`) or sign out',
  })
  enrolmentRequired!: boolean;
}

@ObjectType({ description: 'A new API token with its secret, which is shown this once and never again' })
export class CreatedApiToken {
  @Field(() => ApiToken)
  token!: ApiToken;

  @Field({ description: 'Send it as `Authorization: Bearer <secret>`' })
  secret!: string;
}
