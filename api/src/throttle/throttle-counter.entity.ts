import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One rate-limit counter, shared by every API instance: the table rate-limiter-flexible's RateLimiterPostgres reads
 * and writes (its own column layout). Keys are keyed hashes, never an address, code or token in the clear, and a
 * row is deleted within about an hour after its window ends.
 */
@Entity({ tableName: 'throttle_counters' })
export class ThrottleCounter {
  @PrimaryKey({ type: 'varchar', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points: number = 0;

  /** When the window ends, in milliseconds since 1970; null for a counter that never expires. */
  @Property({ type: 'bigint', nullable: true })
  expire: string | null = null;
}
