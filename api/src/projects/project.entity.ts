import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One programme or service being evaluated' })
@Entity({ tableName: 'projects' })
export class Project {
  [OptionalProps]?: 'id' | 'description' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Name of the programme or service, e.g. "Erfaringsskolen i Oslo"' })
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'URL-friendly identifier, unique across Verdi' })
  @Property({ type: 'text', unique: true })
  slug!: string;

  @Field({ description: 'The organisation that runs the programme, e.g. "Helseetaten, Oslo kommune"' })
  @Property({ type: 'text' })
  organisation!: string;

  @Field(() => String, { nullable: true, description: 'Longer description of the programme or service' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field({ description: 'When the project was created' })
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field({ description: 'When the project was last changed' })
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
