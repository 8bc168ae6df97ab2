import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('migrations', () => {
  it('bring an empty database exactly to what the entities describe', async () => {
    // A changed entity without a migration shows up here as SQL the ORM would still have to run.
    const pending = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false });
    expect(pending.trim()).toBe('');
  });

  it('have all run, and running them again does nothing', async () => {
    expect(await db.orm.migrator.getPending()).toEqual([]);
    expect(await db.orm.migrator.up()).toEqual([]);
  });
});
