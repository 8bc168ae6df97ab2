import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { User } from '../accounts/user.entity.js';

/**
 * A sign-in whose password was right and whose second factor is still to come. The browser holds a random secret in
 * an httpOnly cookie; only its SHA-256 is stored. It ends after a few minutes, a few wrong codes, or one right one.
 */
@Entity({ tableName: 'pending_sign_ins' })
export class PendingSignIn {
  [OptionalProps]?: 'createdAt' | 'attempts';

  @PrimaryKey({ type: 'text' })
  tokenHash!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: Rel<User>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Index()
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;
}
