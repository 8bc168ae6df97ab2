import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin, readAdminBootstrap } from '../accounts/bootstrap.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { generateLarge } from './generator.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await ensureAdmin(
    db.orm.em.fork(),
    readAdminBootstrap({ VERDI_ADMIN_PASSWORD: 'et langt passord for test' }),
  );
});
afterAll(async () => {
  await db?.drop();
});

describe('the benchmark generator', () => {
  it('makes the projects, rounds and respondents asked for, the same way every time', async () => {
    const summary = await generateLarge(db.orm.em.fork(), { projects: 2, rounds: 2, respondents: 4 });
    expect(summary).toMatchObject({ projects: 2, rounds: 2, respondents: 4, responses: 2 * 2 * 3 * 4 });
    const rows: { n: string; answers: string; scored: string }[] = await db.orm.em.getConnection().execute(
      `select (select count(*) from responses) as n, (select count(*) from answers) as answers,
              (select count(distinct response_id) from construct_scores) as scored`,
    );
    expect(Number(rows[0]!.n)).toBe(48);
    expect(Number(rows[0]!.answers)).toBe(summary.answers);
    expect(Number(rows[0]!.scored)).toBe(48);
    const sum: { total: string }[] = await db.orm.em
      .getConnection()
      .execute(`select sum(number)::text as total from answers where number is not null`);
    // The generator is seeded: this total is what the same options always give.
    expect(sum[0]!.total).toMatchSnapshot();
  });
});
