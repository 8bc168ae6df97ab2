import { IsEmail, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { UUID } from '../common/ids.js';
import { NotBlank } from '../common/validators.js';
import { ProjectRole } from './membership.entity.js';
import { PASSWORD_MIN_LENGTH } from './password.js';
import { Language } from './user.entity.js';

const PASSWORD_LENGTH = `must be ${PASSWORD_MIN_LENGTH} to 200 characters`;

@InputType({ description: 'Email and password of a staff account' })
export class SignInInput {
  @Field()
  @MaxLength(320, { message: 'must be at most 320 characters' })
  email!: string;

  @Field()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  password!: string;
}

@InputType({ description: 'A new staff account, created by an admin' })
export class CreateUserInput {
  @Field({ description: 'Email address, used to sign in; unique, case does not matter' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320, { message: 'must be at most 320 characters' })
  email!: string;

  @Field({ description: 'Full name' })
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name!: string;

  @Field({
    description: `The first password, at least ${PASSWORD_MIN_LENGTH} characters; the user can change it`,
  })
  @Length(PASSWORD_MIN_LENGTH, 200, { message: PASSWORD_LENGTH })
  password!: string;

  @Field(() => Language, { nullable: true, description: 'Bokmål when left out' })
  @IsOptional()
  language?: Language | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the account is an admin; false when left out',
  })
  @IsOptional()
  isAdmin?: boolean | null;
}

@InputType({ description: "An admin's changes to an account; fields left out stay as they are" })
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name?: string | null;

  @Field(() => Language, { nullable: true })
  @IsOptional()
  language?: Language | null;

  @Field(() => Boolean, { nullable: true, description: 'Grant or revoke admin rights' })
  @IsOptional()
  isAdmin?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Deactivate (false) or reactivate (true) the account',
  })
  @IsOptional()
  active?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Set a new password, e.g. when the user has forgotten theirs',
  })
  @IsOptional()
  @Length(PASSWORD_MIN_LENGTH, 200, { message: PASSWORD_LENGTH })
  password?: string | null;
}

@InputType({ description: "The signed-in user's changes to their own account" })
export class UpdateMeInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name?: string | null;

  @Field(() => Language, { nullable: true })
  @IsOptional()
  language?: Language | null;
}

@InputType({ description: 'A new password, proven by the current one' })
export class ChangePasswordInput {
  @Field()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  currentPassword!: string;

  @Field()
  @Length(PASSWORD_MIN_LENGTH, 200, { message: PASSWORD_LENGTH })
  newPassword!: string;
}

@InputType({ description: "A user's role in a project: given when missing, changed when present" })
export class SetMembershipInput {
  @Field(() => UUID)
  userId!: string;

  @Field(() => UUID)
  projectId!: string;

  @Field(() => ProjectRole)
  role!: ProjectRole;
}

@InputType({ description: 'A new personal API token' })
export class CreateApiTokenInput {
  @Field({ description: 'What the token is for, e.g. "R analysis laptop"' })
  @NotBlank()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  name!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Days until the token stops working; never when left out',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(3650, { message: 'must be at most 3650' })
  expiresInDays?: number | null;
}
