import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { RespondentRole } from '../instruments/definition.types.js';
import { Round } from './round.entity.js';

export enum InvitationKind {
  OPEN_LINK = 'OPEN_LINK',
  CODE = 'CODE',
  EMAIL = 'EMAIL',
}
registerEnumType(InvitationKind, {
  name: 'InvitationKind',
  valuesConfig: {
    OPEN_LINK: {
      description: 'One link per role that anyone who has it can answer through, any number of times',
    },
    CODE: { description: 'A single-use code for one participant; only its hash is stored' },
    EMAIL: {
      description:
        'A personal link mailed to one invitee (`Survey.kind` only: no invitation row is made for it)',
    },
  },
});

@ObjectType({ description: 'A way into a round for one respondent role' })
@Entity({ tableName: 'invitations' })
@Index({ properties: ['round', 'role', 'kind'] })
export class Invitation {
  [OptionalProps]?: 'id' | 'linkToken' | 'codeHash' | 'batch' | 'createdAt' | 'usedOn';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Round, { deleteRule: 'cascade' })
  round!: Rel<Round>;

  @Field(() => RespondentRole)
  @Enum({ items: () => RespondentRole, nativeEnumName: 'respondent_role' })
  role!: RespondentRole;

  @Field(() => InvitationKind)
  @Enum({ items: () => InvitationKind, nativeEnumName: 'invitation_kind' })
  kind!: InvitationKind;

  /** The open link's token, kept in clear because researchers hand the same link out again and again. */
  @Property({ type: 'text', nullable: true, unique: true })
  linkToken: string | null = null;

  @Property({ type: 'text', nullable: true, unique: true, hidden: true })
  codeHash: string | null = null;

  @Field(() => String, { nullable: true, description: 'The batch a code was made in, e.g. "Papir, mars"' })
  @Property({ type: 'text', nullable: true })
  batch: string | null = null;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** The day a code's answers were submitted; a used code opens nothing new. */
  @Field(() => String, { nullable: true, description: 'The day the code was used to submit (codes only)' })
  @Property({ type: 'date', nullable: true })
  usedOn: string | null = null;
}
