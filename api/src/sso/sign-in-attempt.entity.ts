import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A sign-in sent to an identity provider and not yet back: what the callback must check. Keyed by the SHA-256 of the
 * state, bound to the browser by the SHA-256 of a secret in its cookie, and deleted when the callback uses it (so
 * a callback works once) or when it expires.
 */
@Entity({ tableName: 'sso_sign_in_attempts' })
export class SsoSignInAttempt {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'text' })
  stateHash!: string;

  @Property({ type: 'text' })
  browserHash!: string;

  @Property({ type: 'text' })
  provider!: string;

  @Property({ type: 'text' })
  nonce!: string;

  @Property({ type: 'text' })
  codeVerifier!: string;

  /** A path inside Verdi to go to afterwards. */
  @Property({ type: 'text' })
  redirect!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Index()
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}
