import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import type { Em } from './orm.js';

/** The parts of MikroORM's connection this module uses: its query client, and the hook that logs a statement. */
interface LoggingConnection {
  getClient(): Kysely<unknown>;
  /** The `pg` pool on a PostgreSQL server (PGlite has none). */
  getNativeClient?(): Promise<unknown>;
  executeQuery<T>(query: string, cb: () => Promise<T>): Promise<T>;
}

/**
 * Sends one hand-written statement with its values as bind parameters (the ORM's `execute` inlines values into the
 * SQL text), on the request's transaction when it has one, and logs it through MikroORM's logger like every other
 * statement (so `StatementLog` and the slow-query log see it). For hot paths where building the statement through
 * the ORM costs more than running it.
 *
 * With a `name`, on a PostgreSQL server and outside a transaction, the statement is prepared once per pooled
 * connection and then only executed: PostgreSQL parses and plans it once, not on every call. The name must stand
 * for this one SQL text.
 */
export async function runStatement<Row>(
  em: Em,
  sql: string,
  parameters: readonly unknown[],
  name?: string,
): Promise<Row[]> {
  // `executeQuery` is protected in MikroORM's types; it is the one place that times and logs a statement.
  const connection = em.getConnection() as unknown as LoggingConnection;
  const transaction = em.getTransactionContext<Kysely<unknown>>();
  const pool = name && !transaction ? await connection.getNativeClient?.() : undefined;
  if (pool instanceof pg.Pool) {
    const result = await connection.executeQuery(sql, () =>
      pool.query({ name, text: sql, values: [...parameters] }),
    );
    return result.rows as Row[];
  }
  const executor = transaction ?? connection.getClient();
  const result = await connection.executeQuery(sql, () =>
    executor.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters])),
  );
  return result.rows as Row[];
}
