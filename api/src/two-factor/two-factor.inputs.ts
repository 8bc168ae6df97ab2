import { MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

const CODE_LENGTH = 'must be at most 40 characters';

@InputType({ description: 'The second step of a sign-in' })
export class CompleteSignInInput {
  @Field({ description: 'The 6-digit code from the authenticator app, or a recovery code' })
  @MaxLength(40, { message: CODE_LENGTH })
  code!: string;
}

@InputType({ description: 'Starts setting up two-factor sign-in, proven by the current password' })
export class StartTwoFactorSetupInput {
  @Field()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  password!: string;
}

@InputType({ description: 'A 6-digit code from the authenticator app' })
export class TwoFactorCodeInput {
  @Field()
  @MaxLength(40, { message: CODE_LENGTH })
  code!: string;
}

@InputType({ description: 'Turns two-factor sign-in off, proven by the password and a code' })
export class TurnOffTwoFactorInput {
  @Field()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  password!: string;

  @Field({ description: 'A 6-digit code from the authenticator app, or a recovery code' })
  @MaxLength(40, { message: CODE_LENGTH })
  code!: string;
}
