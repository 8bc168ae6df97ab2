import { Field, ObjectType } from 'type-graphql';
import { ApiToken } from './api-token.entity.js';
import { User } from './user.entity.js';

@ObjectType({ description: 'The result of signing in; the session itself travels in an httpOnly cookie' })
export class SignInResult {
  @Field(() => User)
  user!: User;

  @Field({ description: 'When the session ends unless it is used before then' })
  expiresAt!: Date;
}

@ObjectType({ description: 'A new API token with its secret, which is shown this once and never again' })
export class CreatedApiToken {
  @Field(() => ApiToken)
  token!: ApiToken;

  @Field({ description: 'Send it as `Authorization: Bearer <secret>`' })
  secret!: string;
}
