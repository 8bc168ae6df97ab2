import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { NotBlank } from '../common/validators.js';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE =
  'must be lower-case letters a-z, digits and single hyphens, such as "erfaringsskolen-oslo"';

@InputType({ description: 'What to set when creating a project' })
export class CreateProjectInput {
  @Field({ description: 'Name of the programme or service, e.g. "Erfaringsskolen i Oslo"' })
  @IsString()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name!: string;

  @Field({ description: 'The organisation that runs the programme, e.g. "Helseetaten, Oslo kommune"' })
  @IsString()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  organisation!: string;

  @Field(() => String, {
    nullable: true,
    description: 'URL-friendly identifier; derived from the name when left out',
  })
  @IsOptional()
  @Length(1, 64, { message: 'must be 1 to 64 characters' })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: 'Longer description of the programme or service' })
  @IsOptional()
  @MaxLength(5000, { message: 'must be at most 5000 characters' })
  description?: string | null;
}

@InputType({ description: 'What to change in a project; fields left out stay as they are' })
export class UpdateProjectInput {
  @Field(() => String, { nullable: true, description: 'New name' })
  @IsOptional()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New organisation' })
  @IsOptional()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  organisation?: string | null;

  @Field(() => String, { nullable: true, description: 'New slug' })
  @IsOptional()
  @Length(1, 64, { message: 'must be 1 to 64 characters' })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  slug?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'New description; an empty string removes it, null or left out keeps it',
  })
  @IsOptional()
  @MaxLength(5000, { message: 'must be at most 5000 characters' })
  description?: string | null;
}
