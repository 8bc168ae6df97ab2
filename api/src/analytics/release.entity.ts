import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Round } from '../rounds/round.entity.js';
import type { ItemRelease, PairRelease, ReliabilityRelease, ScoreRelease } from './round-disclosure.js';

/** What held a newer state of the round back from managers, for researchers to see. */
export interface HeldChanges {
  /** When the first change that is still held was checked. */
  since: string;
  /** Responses submitted since the release and not in it. */
  added: number;
  /** Responses in the release that have since been withdrawn. */
  removed: number;
  /** Cells whose change would have been a group smaller than k. */
  cells: string[];
}

/**
 * The numbers managers see of one round: computed once from every response in it, with the disclosure rules applied
 * to the whole set, and replaced only by a later release that passes the same rules against this one. The latest
 * version of a round is its current release.
 */
@Entity({ tableName: 'releases' })
@Unique({ properties: ['round', 'version'] })
export class Release {
  [OptionalProps]?: 'id' | 'releasedAt' | 'held';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Round, { deleteRule: 'cascade' })
  round!: Rel<Round>;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'timestamptz' })
  releasedAt: Date = new Date();

  /** The round's minimum group size when released. */
  @Property({ type: 'integer' })
  k!: number;

  @Property({ type: 'integer' })
  rulesVersion!: number;

  /** The state of the round (and the releases of earlier rounds) the release was computed from. */
  @Property({ type: 'text' })
  fingerprint!: string;

  /** The latest state checked against this release; when it differs from `fingerprint`, that state was held back. */
  @Property({ type: 'text' })
  checkedFingerprint!: string;

  @Property({ type: 'jsonb', nullable: true })
  held: HeldChanges | null = null;

  @Property({ type: 'jsonb' })
  scores!: ScoreRelease[];

  @Property({ type: 'jsonb' })
  items!: ItemRelease[];

  @Property({ type: 'jsonb' })
  reliability!: ReliabilityRelease[];

  @Property({ type: 'jsonb' })
  pairs!: PairRelease[];
}

/**
 * Who is behind each cell of a release (response ids by cell key, `*` for everyone in it), kept for the current
 * release only, so that the next one can be checked cell by cell. Withdrawn responses stay listed here until a
 * release without them passes the rules; their answers are gone already.
 */
@Entity({ tableName: 'release_members' })
export class ReleaseMembers {
  @ManyToOne(() => Release, { primary: true, deleteRule: 'cascade' })
  release!: Rel<Release>;

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text[]' })
  members!: string[];
}
