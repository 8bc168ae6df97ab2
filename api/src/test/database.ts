import { PGlite } from '@electric-sql/pglite';
import { createPostgreSqlTypeParsers } from '@mikro-orm/sql';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import arrayParser from 'postgres-array';
import { inject } from 'vitest';
import { openDatabase, type Orm, type OrmOptions } from '../db/orm.js';
import { createScratchDatabase } from './scratch-database.js';

export interface TestDatabase {
  orm: Orm;
  /** Where the database lives: a PostgreSQL URL, or `memory://` for the embedded one. */
  location: string;
  drop(): Promise<void>;
}

/**
 * A brand-new, migrated database for one test file. With DATABASE_URL set it is a new database on that
 * server (dropped afterwards), so parallel files and parallel runs never see each other's rows; without it,
 * an in-memory embedded PostgreSQL. `overrides` change the ORM's options, e.g. to record its statements.
 */
export async function createTestDatabase(overrides: OrmOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const template = await migratedTemplate();
    if (!template) {
      const orm = await openDatabase({ dataDir: 'memory://' }, undefined, overrides);
      return { orm, location: 'memory://', drop: () => orm.close(true) };
    }
    // The ORM leaves a PGlite it was given open, and does not set its type parsers: both are done here as it would.
    const pglite = await PGlite.create({
      dataDir: 'memory://',
      loadDataDir: new Blob([template]),
      parsers: createPostgreSqlTypeParsers((text) => arrayParser.parse(text)),
    });
    const orm = await openDatabase({ dataDir: 'memory://' }, undefined, {
      ...overrides,
      driverOptions: { ...(overrides.driverOptions as object | undefined), pglite: () => pglite },
    });
    return {
      orm,
      location: 'memory://',
      async drop() {
        await orm.close(true);
        await pglite.close();
      },
    };
  }

  const scratch = await createScratchDatabase(
    serverUrl,
    `verdi_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`,
  );
  const orm = await openDatabase({ databaseUrl: scratch.url }, undefined, overrides);
  return {
    orm,
    location: scratch.url,
    async drop() {
      await orm.close(true);
      await scratch.drop();
    },
  };
}

let template: Promise<Uint8Array | null> | undefined;

/** The migrated empty embedded database the global set-up saved for this run, read once per worker. */
function migratedTemplate(): Promise<Uint8Array | null> {
  template ??= (async () => {
    const file = inject('pgliteTemplate');
    return file ? new Uint8Array(await readFile(file)) : null;
  })();
  return template;
}
