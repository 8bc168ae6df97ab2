import { type Rel } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ConstructKind } from '../instruments/definition.types.js';
import { Response } from './response.entity.js';

/**
 * A respondent's score on one construct, stored in the submission's transaction so that dashboards read one row per
 * respondent instead of every answer: the mean of the answered items, reverse-scoring applied, "Vet ikke" left out.
 */
@Entity({ tableName: 'construct_scores' })
export class ConstructScore {
  @ManyToOne(() => Response, { primary: true, deleteRule: 'cascade' })
  response!: Rel<Response>;

  @PrimaryKey({ type: 'text' })
  constructKey!: string;

  @Enum({ items: () => ConstructKind, nativeEnumName: 'construct_kind' })
  kind!: ConstructKind;

  @Property({ type: 'double' })
  score!: number;

  @Property({ type: 'integer' })
  answeredItems!: number;

  /** Items of the construct shown to this respondent; the share answered decides whether the score is reported. */
  @Property({ type: 'integer' })
  shownItems!: number;
}
