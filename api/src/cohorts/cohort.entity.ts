import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Trigger, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Project } from '../projects/project.entity.js';

const pipeline = ['applicants', 'interviewed', 'admitted', 'started', 'completed'].map((c) => `NEW.${c}`);
const outcomes = [
  'employed_in_services',
  'employed_elsewhere',
  'further_education',
  'still_finishing',
  'inactive',
].map((c) => `NEW.${c}`);
const PARTS_WITHIN_WHOLES = [
  ...[...pipeline, ...outcomes].map((c) => `coalesce(${c} >= 0, true)`),
  ...pipeline.flatMap((later, i) =>
    pipeline.slice(0, i).map((earlier) => `coalesce(${later} <= ${earlier}, true)`),
  ),
  `${outcomes.map((c) => `coalesce(${c}, 0)`).join(' + ')} <= coalesce(NEW.started, NEW.admitted, NEW.interviewed, NEW.applicants, 2147483647)`,
  'coalesce(NEW.hours_per_week >= 0 and NEW.hours_per_week <= 80, true)',
].join(' and ');

/** Figures a programme reports for one cohort. Null means "not reported", never zero. */
@ObjectType({ description: "A programme's own figures for one cohort (intake), as a source reports them" })
@Entity({ tableName: 'programme_cohorts' })
@Unique({ properties: ['project', 'cohort'] })
// The rules of cohort.rules.ts, kept by the database too, so that no way in can store a part larger than its whole.
// A trigger, not a check constraint: rows stored before the rule existed stay readable.
@Trigger({
  name: 'cohort_parts_within_wholes',
  timing: 'before',
  events: ['insert', 'update'],
  forEach: 'row',
  when: `NOT (${PARTS_WITHIN_WHOLES})`,
  body: "RAISE EXCEPTION 'programme figures of cohort % have a part larger than its whole', NEW.cohort USING ERRCODE = 'check_violation';",
})
export class ProgrammeCohort {
  [OptionalProps]?:
    | 'id'
    | 'startYear'
    | 'source'
    | 'note'
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

  @Field(() => String, {
    nullable: true,
    description: 'What to know about the figures, e.g. one left out because the source’s do not add up',
  })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

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
