import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotBlank } from '../common/validators.js';
import { RetentionAction } from './retention-action.js';

export enum RetentionState {
  /** An end date is set and no warning has gone out yet. */
  SCHEDULED = 'SCHEDULED',
  /** At least one warning for the current end date has gone out. */
  WARNED = 'WARNED',
  /** The run has started and not finished (it resumes on the next attempt). */
  RUNNING = 'RUNNING',
  /** The action was carried out; the receipt is available. */
  DONE = 'DONE',
}
registerEnumType(RetentionState, {
  name: 'RetentionState',
  description: "Where a project's retention stands",
});

@InputType({ description: "A project's approved retention period and what happens when it ends" })
export class SetProjectRetentionInput {
  @Field({
    description: 'The last day the data may be kept, as YYYY-MM-DD (Norwegian time); tomorrow or later',
  })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  endsOn!: string;

  @Field(() => RetentionAction, { description: 'What happens to the response data on that day' })
  @IsIn(Object.values(RetentionAction))
  action!: RetentionAction;

  @Field({ description: 'The approval the date comes from, e.g. "REK 2025/12345"' })
  @IsString()
  @NotBlank()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  reference!: string;
}

@ObjectType({ description: "A project's retention: its end date, what happens then, and how far it has got" })
export class ProjectRetention {
  @Field({ description: 'The last day the data may be kept, as YYYY-MM-DD' })
  endsOn!: string;

  @Field(() => RetentionAction)
  action!: RetentionAction;

  @Field({ description: 'The approval the date comes from, e.g. "REK 2025/12345"' })
  reference!: string;

  @Field(() => Int, {
    description: 'Days from today (in Norway) to the end date; 0 or less once it has come',
  })
  daysLeft!: number;

  @Field(() => RetentionState)
  state!: RetentionState;

  @Field(() => [Int], {
    description: 'The warnings sent for this end date, as days before it (e.g. [30, 7])',
  })
  warningsSent!: number[];

  @Field(() => Date, {
    nullable: true,
    description: 'When the action was carried out; null until it has been',
  })
  doneAt!: Date | null;
}

@ObjectType({ description: 'How many of one kind of record a retention run removed or changed' })
export class RetentionCount {
  @Field({ description: 'E.g. responsesDeleted, textAnswersDeleted, responsesAnonymised' })
  kind!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'A round a retention run went through' })
export class RetentionReceiptRound {
  @Field(() => ID)
  id!: string;

  @Field()
  label!: string;
}

@ObjectType({
  description: 'The receipt of a finished retention run: what was done, what was kept, what was not covered',
})
export class RetentionReceipt {
  @Field(() => ID)
  runId!: string;

  @Field(() => ID)
  projectId!: string;

  @Field()
  projectName!: string;

  @Field()
  organisation!: string;

  @Field()
  reference!: string;

  @Field(() => RetentionAction)
  action!: RetentionAction;

  @Field({ description: 'The end date the run carried out, as YYYY-MM-DD' })
  endsOn!: string;

  @Field()
  startedAt!: Date;

  @Field()
  finishedAt!: Date;

  @Field(() => [RetentionReceiptRound], { description: 'The rounds, in the order they were done' })
  rounds!: RetentionReceiptRound[];

  @Field(() => [RetentionCount], { description: 'What was removed or changed, by kind' })
  counts!: RetentionCount[];

  @Field(() => Int, {
    description: 'Exports downloaded before the run: copies outside Verdi it could not reach',
  })
  exportsBefore!: number;

  @Field({ description: 'SHA-256 of the receipt fields in a fixed order' })
  digest!: string;

  @Field({ description: 'Whether the digest still matches the fields stored in the database' })
  digestValid!: boolean;

  @Field({ description: 'The receipt as plain text, in the language asked for' })
  text!: string;
}

@ObjectType({ description: 'One project with a retention end date, for the admin schedule' })
export class RetentionScheduleEntry {
  @Field(() => ID)
  projectId!: string;

  @Field()
  projectName!: string;

  @Field()
  organisation!: string;

  @Field()
  endsOn!: string;

  @Field(() => RetentionAction)
  action!: RetentionAction;

  @Field()
  reference!: string;

  @Field(() => Int, { description: 'Days from today (in Norway) to the end date' })
  daysLeft!: number;

  @Field(() => [Int], { description: 'Warnings sent for this end date, as days before it' })
  warningsSent!: number[];

  @Field(() => RetentionState)
  state!: RetentionState;

  @Field(() => Int, { description: 'Rounds done so far by the run; 0 before it starts' })
  roundsDone!: number;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}
