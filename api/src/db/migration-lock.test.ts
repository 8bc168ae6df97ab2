import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './orm.js';
import { createScratchDatabase } from '../test/scratch-database.js';

/**
 * Issue 14: two instances starting at once on an empty database both ran the migrations, and one exited with
 * `relation "mikro_orm_migrations" already exists`. PGlite lives inside one process, so only PostgreSQL can have
 * two instances.
 */
describe.skipIf(!process.env.DATABASE_URL)('migrations at start, on PostgreSQL', () => {
  it('let four instances start at once on an empty database, each applying them once between them', async () => {
    const scratch = await createScratchDatabase(
      process.env.DATABASE_URL!,
      `verdi_test_lock_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`,
    );
    try {
      const started = await Promise.allSettled(
        Array.from({ length: 4 }, () => openDatabase({ databaseUrl: scratch.url })),
      );
      const orms = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        expect(
          started
            .filter((s) => s.status === 'rejected')
            .map((s) => String((s as PromiseRejectedResult).reason)),
        ).toEqual([]);
        const executed = await orms[0]!.em
          .getConnection()
          .execute<{ name: string }[]>('select name from mikro_orm_migrations');
        const names = executed.map((row) => row.name);
        expect(new Set(names).size).toBe(names.length);
        expect(await orms[0]!.migrator.getPending()).toEqual([]);
      } finally {
        await Promise.all(orms.map((orm) => orm.close(true)));
      }
    } finally {
      await scratch.drop();
    }
  });
});
