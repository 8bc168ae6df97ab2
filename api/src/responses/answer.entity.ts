import { type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Response } from './response.entity.js';

/** One item's answer: a number, a text, chosen option keys, or "Vet ikke / ikke aktuelt". */
@Entity({ tableName: 'answers' })
export class Answer {
  @ManyToOne(() => Response, { primary: true, deleteRule: 'cascade' })
  response!: Rel<Response>;

  @PrimaryKey({ type: 'text' })
  itemKey!: string;

  @Property({ type: 'double', nullable: true })
  number: number | null = null;

  @Property({ type: 'text', nullable: true })
  text: string | null = null;

  @Property({ type: 'text[]', nullable: true })
  choices: string[] | null = null;

  @Property({ type: 'boolean' })
  notApplicable: boolean = false;
}
