import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { Project } from '../projects/project.entity.js';
import { ProjectRole } from './project-role.js';
import { User } from './user.entity.js';

export { ProjectRole };

@ObjectType({ description: "A user's role in one project; a user has no rights in projects without one" })
@Entity({ tableName: 'memberships' })
@Unique({ properties: ['user', 'project'] })
export class Membership {
  [OptionalProps]?: 'id' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => User, { description: 'The member' })
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field(() => Project, { description: 'The project' })
  @ManyToOne(() => Project, { deleteRule: 'cascade', index: true })
  project!: Rel<Project>;

  @Field(() => ProjectRole, { description: 'What the member may do in the project' })
  @Enum({ items: () => ProjectRole, nativeEnumName: 'project_role' })
  role!: ProjectRole;

  @Field({ description: 'When the membership was given' })
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
