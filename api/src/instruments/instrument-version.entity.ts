import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Entity,
  Enum,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Trigger,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { InstrumentDefinition } from './definition.types.js';
import { Instrument } from './instrument.entity.js';

export enum VersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(VersionStatus, {
  name: 'VersionStatus',
  valuesConfig: {
    DRAFT: { description: 'Being edited; never given to participants' },
    PUBLISHED: { description: 'Frozen: it never changes again, and rounds use it' },
  },
});

@ObjectType({
  description: 'One version of an instrument: the draft, or a published version that never changes',
})
@Entity({ tableName: 'instrument_versions' })
@Unique({ properties: ['instrument', 'number'] })
@Index({
  name: 'instrument_versions_one_draft',
  expression:
    'create unique index "instrument_versions_one_draft" on "instrument_versions" ("instrument_id") where "status" = \'DRAFT\'',
})
// Invariant 1 held by the database itself: no code path, not even a bug or a hand-written UPDATE, changes a published version.
@Trigger({
  name: 'published_versions_are_frozen',
  timing: 'before',
  events: ['update', 'delete'],
  forEach: 'row',
  when: "OLD.status = 'PUBLISHED'",
  body: "RAISE EXCEPTION 'instrument version % is published and cannot be changed or deleted', OLD.id USING ERRCODE = 'check_violation';",
})
export class InstrumentVersion {
  [OptionalProps]?:
    'id' | 'status' | 'revision' | 'createdAt' | 'updatedAt' | 'publishedAt' | 'publishedById';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Instrument, { deleteRule: 'cascade' })
  instrument!: Rel<Instrument>;

  @Field(() => Int, { description: '1, 2, 3…: the draft has the number it will be published as' })
  @Property({ type: 'integer' })
  number!: number;

  @Field(() => VersionStatus)
  @Enum({ items: () => VersionStatus, nativeEnumName: 'version_status' })
  status: VersionStatus = VersionStatus.DRAFT;

  @Field(() => InstrumentDefinition)
  @Property({ type: 'jsonb' })
  definition!: InstrumentDefinition;

  @Field(() => Int, {
    description: 'Goes up by one with every save of the draft; a save names the revision it started from',
  })
  @Property({ type: 'integer' })
  revision: number = 1;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Field(() => ID, { nullable: true, description: 'The account that published it' })
  @Property({ type: 'uuid', nullable: true })
  publishedById: string | null = null;
}
