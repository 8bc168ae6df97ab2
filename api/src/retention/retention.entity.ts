import { randomUUID } from 'node:crypto';
import { OptionalProps, PrimaryKeyProp, type Rel } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Project } from '../projects/project.entity.js';
import { RetentionAction } from './retention-action.js';

/**
 * A warning before a project's end date, claimed once per (project, end date, days before): whoever inserts the row
 * sends the mail. Moving the end date arms the warnings again.
 */
@Entity({ tableName: 'retention_warnings' })
export class RetentionWarning {
  [PrimaryKeyProp]?: ['project', 'endsOn', 'daysBefore'];
  [OptionalProps]?: 'mailed';

  @ManyToOne(() => Project, { primary: true, deleteRule: 'cascade' })
  project!: Rel<Project>;

  @PrimaryKey({ type: 'date' })
  endsOn!: string;

  @PrimaryKey({ type: 'integer' })
  daysBefore!: number;

  @Property({ type: 'timestamptz' })
  sentAt!: Date;

  /** How many researchers it was meant for; never who. */
  @Property({ type: 'integer' })
  recipients!: number;

  /** Whether the mail went out; false without a mail server, when only the banner and the schedule show it. */
  @Property({ type: 'boolean', default: false })
  mailed: boolean = false;
}

/** Counts of what a run removed or changed, by kind; every key is a number. */
export type RetentionCounts = Record<string, number>;

/**
 * The one run that carries out a project's retention action: its progress (`roundsDone`, so that a run cut short
 * resumes where it stopped) and, once finished, its receipt. The project's name and organisation are copied, so the
 * receipt reads the same whatever happens to the project later.
 */
@Entity({ tableName: 'retention_runs' })
export class RetentionRun {
  [OptionalProps]?: 'id' | 'finishedAt' | 'digest';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { deleteRule: 'restrict', unique: true })
  project!: Rel<Project>;

  @Enum({ items: () => RetentionAction, nativeEnumName: 'retention_action' })
  action!: RetentionAction;

  @Property({ type: 'date' })
  endsOn!: string;

  @Property({ type: 'text' })
  reference!: string;

  @Property({ type: 'text' })
  projectName!: string;

  @Property({ type: 'text' })
  organisation!: string;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'uuid[]' })
  roundsDone!: string[];

  @Property({ type: 'jsonb' })
  counts!: RetentionCounts;

  /** SHA-256 of the receipt's fields in a fixed order, so a printed receipt can be checked against the database. */
  @Property({ type: 'text', nullable: true })
  digest: string | null = null;
}
