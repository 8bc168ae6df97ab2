import { randomUUID } from 'node:crypto';
import { Collection, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import { Membership } from './membership.entity.js';

const ownAccount = Rules.self((user) => (user as User).id);

export enum Language {
  NB = 'nb',
  NN = 'nn',
  EN = 'en',
}
registerEnumType(Language, {
  name: 'Language',
  description: 'A language Verdi speaks: bokmål, nynorsk or English',
  valuesConfig: {
    NB: { description: 'Norsk bokmål' },
    NN: { description: 'Norsk nynorsk' },
    EN: { description: 'English' },
  },
});

@ObjectType({ description: 'A staff account: researcher, manager or admin. Participants never have one.' })
@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?:
    | 'id'
    | 'email'
    | 'passwordHash'
    | 'isAdmin'
    | 'active'
    | 'pendingApproval'
    | 'language'
    | 'createdAt'
    | 'updatedAt'
    | 'lastSignInAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /**
   * Stored lower-cased, so that sign-in and uniqueness ignore case. Null for an account made by single sign-on whose
   * provider gave no verified email (ID-porten gives none).
   */
  @Allow(ownAccount)
  @Field(() => String, {
    nullable: true,
    description:
      'Email address, used to sign in with a password (the account itself and admins); null for an account made by single sign-on without a verified email',
  })
  @Property({ type: 'text', unique: true, nullable: true })
  email: string | null = null;

  @Field({ description: 'Full name, as shown to colleagues' })
  @Property({ type: 'text' })
  name!: string;

  /** Null for an account made by single sign-on: it cannot sign in with a password until an admin sets one. */
  @Property({ type: 'text', hidden: true, lazy: true, nullable: true })
  passwordHash: string | null = null;

  @Field(() => Language, { description: 'The language the web app is shown in after sign-in' })
  @Enum({ items: () => Language, nativeEnumName: 'language' })
  language: Language = Language.NB;

  @Field({ description: 'Admins manage accounts, projects and memberships' })
  @Property({ type: 'boolean' })
  isAdmin: boolean = false;

  @Field({ description: 'A deactivated account cannot sign in, and its sessions and tokens stop working' })
  @Property({ type: 'boolean' })
  active: boolean = true;

  @Allow(ownAccount)
  @Field({
    description:
      'An account made by single sign-on waits for an admin to approve it before it can be given a project role or admin rights (the account itself and admins)',
  })
  @Property({ type: 'boolean', default: false })
  pendingApproval: boolean = false;

  @OneToMany(() => Membership, (membership) => membership.user)
  memberships = new Collection<Membership>(this);

  @Field({ description: 'When the account was created' })
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Allow(ownAccount)
  @Field(() => Date, {
    nullable: true,
    description: 'When the account last signed in (the account itself and admins)',
  })
  @Property({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null = null;
}
