import { type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey } from '@mikro-orm/decorators/legacy';
import { Response } from '../responses/response.entity.js';

/** A theme a researcher gives a free-text answer, e.g. "håp" or "rolleuklarhet". */
@Entity({ tableName: 'text_tags' })
export class TextTag {
  @ManyToOne(() => Response, { primary: true, deleteRule: 'cascade' })
  response!: Rel<Response>;

  @PrimaryKey({ type: 'text' })
  itemKey!: string;

  @PrimaryKey({ type: 'text' })
  tag!: string;
}
