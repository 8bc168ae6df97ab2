import { OptionalProps, PrimaryKeyProp, type Rel } from '@mikro-orm/core';
import { Entity, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import { User } from '../accounts/user.entity.js';

/**
 * An account's authenticator app: its TOTP secret (sealed, see `sealSecret`), whether the user has proven it works,
 * the last time step used (so that a code works once), and the count of wrong codes in the current window.
 */
@Entity({ tableName: 'user_totp' })
export class UserTotp {
  [PrimaryKeyProp]?: 'user';
  [OptionalProps]?: 'createdAt' | 'confirmedAt' | 'lastUsedStep' | 'failedCodes' | 'failedWindowStart';

  @OneToOne(() => User, { primary: true, deleteRule: 'cascade', owner: true })
  user!: Rel<User>;

  @Property({ type: 'text', hidden: true })
  sealedSecret!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** Null while the user is still setting it up: until then it is not asked for at sign-in. */
  @Property({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null = null;

  /** The time step (Unix time / 30 s) of the last code accepted; a code for this step or an earlier one is refused. */
  @Property({ type: 'integer', nullable: true })
  lastUsedStep: number | null = null;

  @Property({ type: 'integer', default: 0 })
  failedCodes: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  failedWindowStart: Date | null = null;
}
