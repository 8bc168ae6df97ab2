import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { StringDecoder } from 'node:string_decoder';
import { to as copyTo } from 'pg-copy-streams';
import type { Em } from '../db/orm.js';
import type { Variable } from './export.plan.js';
import {
  csvPages,
  FIRST_ID,
  layoutQuery,
  scorePages,
  withoutSecret,
  type ExportRound,
  type Layout,
  type PageOptions,
} from './export.rows.js';

/**
 * Exports on a PostgreSQL server: the same statement as the paged path (export.rows.ts), one per round over all of
 * the round's responses, run as `COPY (…) TO STDOUT` and streamed to the client as PostgreSQL sends it. PostgreSQL
 * already writes every response's CSV text, so Node only takes the COPY framing off: no row objects, no strings, no
 * pages held. The embedded database (PGlite) has no COPY stream and keeps the paged path.
 */

/** True where the export can stream with COPY: the database is a PostgreSQL server reached with `pg`. */
export function canCopy(em: Em): boolean {
  return em.getConnection() instanceof PostgreSqlConnection;
}

/** The setting that carries a round's parameters into its COPY statement, which cannot take bind parameters. */
const PARAMETERS = 'verdi.export_parameters';

/**
 * The statement with each `?` read from the transaction's parameter setting, a JSON array: COPY takes no bind
 * parameters, and no data (labels, the download's secret) is written into the SQL text or logged with it. Each read is
 * an uncorrelated subquery, so PostgreSQL reads it once per statement, not once per row.
 */
export function withSettingParameters(sql: string, count: number): string {
  if (!sql.startsWith('with ')) throw new Error('An export statement starts with its CTEs');
  let index = 0;
  const body = sql
    .slice('with '.length)
    .replace(/\?/g, () => `(select x.p ->> ${index++} from parameters x)`);
  if (index !== count) throw new Error(`The statement has ${index} parameters, ${count} were given`);
  return `with parameters as materialized (select current_setting('${PARAMETERS}')::json as p), ${body}`;
}

/** The 11-byte signature of PostgreSQL's binary COPY format, then 32-bit flags and the header extension's length. */
const SIGNATURE_BYTES = 11;

/**
 * Takes the framing off a one-text-column binary COPY stream (a header, then per row a 16-bit field count, a 32-bit
 * length and the bytes; -1 at the end) and keeps the rows' bytes: the CSV as PostgreSQL wrote it, byte for byte.
 * Binary, because the text and CSV formats of COPY would escape or quote the line breaks inside each row.
 *
 * The bytes are moved to the front of the chunk they came in, which belongs to this stream alone, so a chunk of rows
 * costs no new buffer. Framing split across chunks is carried over in a few numbers.
 */
export class CopyRowBytes {
  /** Rows seen so far: responses, which number the next round on. */
  rows = 0;
  private state:
    'signature' | 'flags' | 'extension-length' | 'extension' | 'fields' | 'length' | 'bytes' | 'end' =
    'signature';
  /** Bytes still to read of the current field or header part. */
  private remaining = SIGNATURE_BYTES;
  /** The number read so far, a byte at a time, of a field count or length split across chunks. */
  private value = 0;

  /** The rows' bytes of the next chunk of the COPY stream, in the chunk's own memory. */
  take(chunk: Buffer): Buffer {
    let read = 0;
    let written = 0;
    while (read < chunk.length) {
      if (this.state === 'bytes' || this.state === 'signature' || this.state === 'extension') {
        const n = Math.min(this.remaining, chunk.length - read);
        if (this.state === 'bytes') {
          if (written !== read) chunk.copyWithin(written, read, read + n);
          written += n;
        }
        read += n;
        this.remaining -= n;
        if (this.remaining === 0) this.next(0);
        continue;
      }
      if (this.state === 'end') throw new Error('COPY sent data after its end');
      this.value = this.value * 256 + chunk[read++]!;
      if (--this.remaining === 0) {
        const value = this.value;
        this.value = 0;
        this.next(value);
      }
    }
    return chunk.subarray(0, written);
  }

  /** Whether the stream ended where a row may end: after the end marker. */
  get complete(): boolean {
    return this.state === 'end';
  }

  private next(value: number): void {
    switch (this.state) {
      case 'signature':
        [this.state, this.remaining] = ['flags', 4];
        return;
      case 'flags':
        [this.state, this.remaining] = ['extension-length', 4];
        return;
      case 'extension-length':
        [this.state, this.remaining] = value > 0 ? ['extension', value] : ['fields', 2];
        return;
      case 'extension':
      case 'bytes':
        [this.state, this.remaining] = ['fields', 2];
        return;
      case 'fields':
        if (value === 0xffff) [this.state, this.remaining] = ['end', 0];
        else if (value !== 1) throw new Error(`COPY sent a row of ${value} fields instead of 1`);
        else [this.state, this.remaining] = ['length', 4];
        return;
      case 'length':
        this.rows++;
        // -1 is a null: a response without a line in this layout (in the long one, a response with no answers).
        if (value === 0xffffffff || value === 0) [this.state, this.remaining] = ['fields', 2];
        else [this.state, this.remaining] = ['bytes', value];
        return;
      case 'end':
        return;
    }
  }
}

/**
 * A layout's rows of the rounds as bytes, streamed by COPY on one pooled connection in one read-only transaction; one
 * call is one download. The consumer's pace holds PostgreSQL back (the COPY stream is read only as fast as the
 * client takes it). Stopping early (the client went away) ends the connection, since a COPY cannot be left midway.
 *
 * The rows are gathered in one block of `blockBytes` (64 KiB), and each full block is handed on as text (decoded as
 * UTF-8, a letter split between blocks carried over). PostgreSQL sends a message per row, read from the socket into a
 * new buffer; a row handed on as a slice of that buffer would keep it alive until the client's socket has sent it, and
 * since buffers live outside the JavaScript heap, tens of MiB of them piled up between collections (the server's memory
 * grew by 50–60 MiB during a 107 MiB export). Text lives in the heap, so the young generation's collections keep up
 * with it, and the socket's buffers die young; one write per 64 KiB instead of one per row.
 */
export async function* copyRows(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  layout: Extract<Layout, 'wide-csv' | 'long-csv' | 'wide-spss' | 'scores-csv'>,
  options: PageOptions = {},
  constructKeys: string[] = [],
  blockBytes = 64 * 1024,
): AsyncGenerator<string> {
  const connection = em.getConnection();
  if (!(connection instanceof PostgreSqlConnection)) throw new Error('COPY needs a PostgreSQL server');
  const statement = layoutQuery(variables, layout, options, constructKeys);
  const pool = await connection.getNativeClient();
  const client: PoolClient = await pool.connect();
  let clean = false;
  const block = Buffer.allocUnsafeSlow(blockBytes);
  const text = new StringDecoder('utf8');
  let used = 0;
  try {
    // The statement runs as long as the client takes to download, which is no sign of a stalled database.
    await client.query(`begin read only; set local statement_timeout = 0`);
    let number = 0;
    for (const round of rounds) {
      const params = statement.params(round, number, FIRST_ID);
      await client.query(`select set_config('${PARAMETERS}', $1, true)`, [JSON.stringify(params)]);
      const sql = withSettingParameters(statement.sql(round, null, false), params.length);
      const rows = new CopyRowBytes();
      const stream = client.query(copyTo(`copy (${sql}) to stdout (format binary)`));
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const bytes = rows.take(chunk);
        for (let from = 0; from < bytes.length;) {
          const copied = bytes.copy(block, used, from);
          from += copied;
          used += copied;
          if (used === block.length) {
            yield text.write(block);
            used = 0;
          }
        }
      }
      if (!rows.complete) throw new Error('The COPY stream ended before its end marker');
      number += rows.rows;
    }
    await client.query('commit');
    clean = true;
  } catch (error) {
    throw withoutSecret(error, statement.secret);
  } finally {
    // A connection left in the middle of a COPY or a transaction is closed, not handed back.
    client.release(clean ? undefined : true);
  }
  const rest = text.write(block.subarray(0, used)) + text.end();
  if (rest.length > 0) yield rest;
}

/** A CSV data file's rows: streamed by COPY on a PostgreSQL server, page by page on the embedded database. */
export function csvRows(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  layout: 'wide' | 'long' | 'spss',
  options: PageOptions = {},
): AsyncIterable<Buffer | string> {
  if (!canCopy(em)) return csvPages(em, rounds, variables, layout, options);
  return copyRows(em, rounds, variables, layout === 'spss' ? 'wide-spss' : `${layout}-csv`, options);
}

/** The construct-scores file's rows, by COPY or page by page as `csvRows`. */
export function scoreRows(
  em: Em,
  rounds: ExportRound[],
  constructKeys: string[],
  options: PageOptions = {},
): AsyncIterable<Buffer | string> {
  if (!canCopy(em)) return scorePages(em, rounds, constructKeys, options);
  return copyRows(em, rounds, [], 'scores-csv', options, constructKeys);
}
