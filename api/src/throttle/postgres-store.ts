import type { Em, Orm } from '../db/orm.js';

/** What RateLimiterPostgres asks of a `pool`-type store client: pg's `query({ text, values })`. */
export interface StoreClient {
  query(query: { text: string; values?: unknown[] }): Promise<{ rows: unknown[]; rowCount: number }>;
}

/**
 * rate-limiter-flexible's PostgreSQL store, fed by the ORM's own connection: the pg pool on a PostgreSQL server, and
 * on the embedded PGlite its one connection, which the ORM hands out in turn — a counter written straight to PGlite
 * could land inside another request's open transaction. The store writes `$1` placeholders; the ORM's raw queries
 * take `?` and send their values escaped, so each `$n` becomes a `?` with its value in order.
 */
export function storeClientFor(source: Orm | Em): StoreClient {
  return {
    async query({ text, values = [] }) {
      const params: unknown[] = [];
      const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
        params.push(values[Number(n) - 1]);
        return '?';
      });
      const connection = ('em' in source ? source.em : source).getConnection();
      if (/^\s*delete\b/i.test(sql)) {
        const result = await connection.execute<{ affectedRows: number }>(sql, params, 'run');
        return { rows: [], rowCount: result.affectedRows };
      }
      const rows = await connection.execute<unknown[]>(sql, params, 'all');
      return { rows, rowCount: rows.length };
    },
  };
}
