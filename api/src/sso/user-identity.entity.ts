import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { User } from '../accounts/user.entity.js';

/**
 * A person at an identity provider, linked to the Verdi account they sign in to. The provider's issuer and subject
 * identify them; nothing else from the provider (no national identity number, no groups) is kept.
 */
@Entity({ tableName: 'user_identities' })
@Unique({ properties: ['issuer', 'subject'] })
export class UserIdentity {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastSignInAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: Rel<User>;

  /** The configured provider's id (VERDI_OIDC_PROVIDERS) it was linked through; the issuer is what identifies. */
  @Property({ type: 'text' })
  provider!: string;

  @Property({ type: 'text' })
  issuer!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null = null;
}
