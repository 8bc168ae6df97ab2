import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Check, Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { RetentionAction } from '../retention/retention-action.js';

@ObjectType({ description: 'One programme or service being evaluated' })
@Entity({ tableName: 'projects' })
@Check({
  name: 'projects_retention_complete',
  expression:
    '((retention_ends_on IS NULL) = (retention_action IS NULL)) AND ((retention_ends_on IS NULL) = (retention_reference IS NULL))',
})
export class Project {
  [OptionalProps]?:
    | 'id'
    | 'description'
    | 'createdAt'
    | 'updatedAt'
    | 'retentionEndsOn'
    | 'retentionAction'
    | 'retentionReference';

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

  /** The last day the approval (e.g. from REK) allows the data to be kept, as YYYY-MM-DD; null when none is set. */
  @Property({ type: 'date', nullable: true })
  retentionEndsOn: string | null = null;

  /** What happens to the project's response data on that day. */
  @Enum({ items: () => RetentionAction, nativeEnumName: 'retention_action', nullable: true })
  retentionAction: RetentionAction | null = null;

  /** The approval the date comes from, e.g. "REK 2025/12345". */
  @Property({ type: 'text', nullable: true })
  retentionReference: string | null = null;
}
