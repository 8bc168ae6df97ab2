import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One background job's last run, shared by every instance: a ONE_INSTANCE job is due when `lastStartedAt` is at
 * least its interval ago, and the admin's schedule shows when each job ran and its last error.
 */
@Entity({ tableName: 'scheduled_jobs' })
export class ScheduledJob {
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: 'timestamptz', nullable: true })
  lastStartedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  lastFinishedAt: Date | null = null;

  /** The last run's error message, null after a run that succeeded. Jobs must not put addresses in their errors. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'integer', default: 0 })
  runs: number = 0;
}
