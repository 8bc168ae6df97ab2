import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from './user.entity.js';

@ObjectType({
  description: 'A personal API token for scripts (R, Python, curl); the secret is shown once, at creation',
})
@Entity({ tableName: 'api_tokens' })
export class ApiToken {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'expiresAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: Rel<User>;

  @Field({ description: 'What the token is for, e.g. "R analysis laptop"' })
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash!: string;

  @Field({ description: 'The first characters of the secret, to recognise it by' })
  @Property({ type: 'text' })
  prefix!: string;

  @Field({ description: 'When the token was created' })
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'When the token was last used' })
  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'After this, the token stops working; null means never' })
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the token was revoked; a revoked token never works again',
  })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
