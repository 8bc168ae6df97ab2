import { OptionalProps, PrimaryKeyProp, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { User } from './user.entity.js';

/**
 * A signed-in browser. The cookie holds a random secret; only its SHA-256 is stored, so a copy of the
 * database cannot be used to take over sessions.
 */
@Entity({ tableName: 'sessions' })
export class Session {
  [OptionalProps]?: 'createdAt' | 'lastSeenAt';
  [PrimaryKeyProp]?: 'tokenHash';

  @PrimaryKey({ type: 'text' })
  tokenHash!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: Rel<User>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  lastSeenAt: Date = new Date();

  /** Sliding: moved forward on use, never past `createdAt` + the absolute lifetime. */
  @Index()
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}
