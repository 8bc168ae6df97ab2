import 'reflect-metadata';
import { MikroORM, type Options } from '@mikro-orm/core';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';
import type { Logger } from '../logger.js';

export type Orm = MikroORM<AbstractSqlDriver>;
export type Em = SqlEntityManager;
export type OrmOptions = Partial<Options<AbstractSqlDriver>>;

export interface DatabaseTarget {
  /** A PostgreSQL server; when absent, PostgreSQL runs embedded in-process (PGlite). */
  databaseUrl?: string;
  /** The embedded database's directory, or `memory://` for one that lives only as long as the process. */
  dataDir?: string;
  /**
   * On a PostgreSQL server: the longest a statement may run, wait for a lock, or wait for a pooled connection, so
   * that a stalled database answers promptly with an error instead of holding requests; 0 or unset for none.
   * PGlite runs in-process on one connection and has no such limit.
   */
  statementTimeoutMs?: number;
}

export function ormOptions(target: DatabaseTarget, debug = false): OrmOptions {
  const common = {
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: { migrationsList, snapshot: false, transactional: true, allOrNothing: true, silent: true },
    // Entity discovery is explicit; the ORM must not look for a config file or folders on disk.
    discovery: { warnWhenNoEntities: true },
    // PostgreSQL prints a trigger back differently from how it was written; compare triggers by name only.
    schemaGenerator: { ignoreTriggers: true },
    debug,
  };
  if (target.databaseUrl) {
    const timeout = target.statementTimeoutMs;
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: target.databaseUrl,
      // `pg` sends statement_timeout when each connection starts; the pool gives up waiting for a free one as well.
      ...(timeout ? { driverOptions: { statement_timeout: timeout, connectionTimeoutMillis: timeout } } : {}),
    };
  }
  const dataDir = target.dataDir ?? 'memory://';
  if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true });
  return { ...common, driver: PgliteDriver, dbName: dataDir };
}

/** Connects and brings the schema up to date; migrations run on every start. `overrides` is for tests. */
export async function openDatabase(
  target: DatabaseTarget,
  log?: Logger,
  overrides: OrmOptions = {},
): Promise<Orm> {
  const orm = await MikroORM.init<AbstractSqlDriver>({ ...ormOptions(target), ...overrides });
  try {
    const applied = target.databaseUrl
      ? await withMigrationLock(target.databaseUrl, () => orm.migrator.up())
      : await orm.migrator.up();
    if (applied.length > 0) log?.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/** The key of the PostgreSQL advisory lock that migrations run under: any fixed 64-bit number unique to Verdi. */
export const MIGRATION_LOCK_KEY = 0x5665_7264_694d_6967n; // "VerdiMig"

/**
 * Runs `migrate` while holding a session advisory lock on a connection of its own, so that any number of instances
 * starting at once on one database migrate one after another: the first applies the migrations, the others find
 * none pending. The lock goes with the connection if the process dies.
 */
export async function withMigrationLock<T>(databaseUrl: string, migrate: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      return await migrate();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await client.end();
  }
}

/** True when the database answers `select 1` within the time given; a hung database counts as down. */
export async function databaseAnswers(orm: Orm, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([orm.checkConnection().then((check) => check.ok), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
