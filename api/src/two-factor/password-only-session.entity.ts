import { PrimaryKeyProp, type Rel } from '@mikro-orm/core';
import { Entity, OneToOne } from '@mikro-orm/decorators/legacy';
import { Session } from '../accounts/session.entity.js';

/**
 * A session opened with a password and nothing more. While admins must use two-factor sign-in
 * (VERDI_ADMIN_TWO_FACTOR=required), such a session of an admin may only set it up; sessions opened through single
 * sign-on or with a second factor are not listed here.
 */
@Entity({ tableName: 'password_only_sessions' })
export class PasswordOnlySession {
  [PrimaryKeyProp]?: 'session';

  @OneToOne(() => Session, { primary: true, deleteRule: 'cascade', owner: true })
  session!: Rel<Session>;
}
