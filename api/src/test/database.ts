import { randomBytes } from 'node:crypto';
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
    const orm = await openDatabase({ dataDir: 'memory://' }, undefined, overrides);
    return { orm, location: 'memory://', drop: () => orm.close(true) };
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
