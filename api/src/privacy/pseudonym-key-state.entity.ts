import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The one row that says which pseudonym key the database's linkage hashes are keyed with (as a fingerprint, never the
 * key) and whether hashes from before keying have been re-keyed. Read and locked at every start.
 */
@Entity({ tableName: 'pseudonym_key_state' })
@Check({ name: 'pseudonym_key_state_single_row', expression: 'id = 1' })
export class PseudonymKeyState {
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id: number = 1;

  /** HMAC of a fixed text under the key (`keyFingerprint`); null until the first start that had a key. */
  @Property({ type: 'text', nullable: true })
  fingerprint: string | null = null;

  /** False only on a database that still holds unkeyed linkage hashes from before keying. */
  @Property({ type: 'boolean' })
  linkageKeyed: boolean = true;
}
