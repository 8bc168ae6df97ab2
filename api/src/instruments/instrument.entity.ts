import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { Project } from '../projects/project.entity.js';

@ObjectType({
  description:
    'A questionnaire. Researchers edit its draft; publishing freezes the draft as an immutable version that rounds use.',
})
@Entity({ tableName: 'instruments' })
export class Instrument {
  [OptionalProps]?: 'id' | 'description' | 'project' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Name, e.g. "Verdi og utfordringer med erfaringskonsulenter"' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  /** Null for a shared (core) instrument that every project's researchers may use and edit. */
  @ManyToOne(() => Project, { nullable: true, deleteRule: 'restrict', index: true })
  project: Rel<Project> | null = null;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
