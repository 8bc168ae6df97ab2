import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Project } from '../projects/project.entity.js';

/** Figures a programme reports for one cohort. Null means "not reported", never zero. */
@ObjectType({ description: "A programme's own figures for one cohort (intake), as a source reports them" })
@Entity({ tableName: 'programme_cohorts' })
@Unique({ properties: ['project', 'cohort'] })
export class ProgrammeCohort {
  [OptionalProps]?:
    | 'id'
    | 'startYear'
    | 'source'
    | 'applicants'
    | 'interviewed'
    | 'admitted'
    | 'started'
    | 'completed'
    | 'employedInServices'
    | 'employedElsewhere'
    | 'furtherEducation'
    | 'stillFinishing'
    | 'inactive'
    | 'hoursPerWeek';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { deleteRule: 'cascade', index: true })
  project!: Rel<Project>;

  @Field({ description: 'E.g. "Første opptak" or "Kull 2021"' })
  @Property({ type: 'text' })
  cohort!: string;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  startYear: number | null = null;

  @Field(() => String, { nullable: true, description: 'Where the figures come from; sources differ' })
  @Property({ type: 'text', nullable: true })
  source: string | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  applicants: number | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  interviewed: number | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  admitted: number | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  started: number | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  completed: number | null = null;

  @Field(() => Int, {
    nullable: true,
    description: 'Working in mental-health or substance-use services afterwards',
  })
  @Property({ type: 'integer', nullable: true })
  employedInServices: number | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  employedElsewhere: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Started other education' })
  @Property({ type: 'integer', nullable: true })
  furtherEducation: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Still finishing, e.g. the written assignment' })
  @Property({ type: 'integer', nullable: true })
  stillFinishing: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Not active in work or education' })
  @Property({ type: 'integer', nullable: true })
  inactive: number | null = null;

  @Field(() => Float, { nullable: true, description: 'Average hours per week of those employed' })
  @Property({ type: 'double', nullable: true })
  hoursPerWeek: number | null = null;
}
