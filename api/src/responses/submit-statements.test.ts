import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementLog } from '../db/statement-log.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { Answer } from './answer.entity.js';
import { ConstructScore } from './construct-score.entity.js';
import { SurveyService } from './survey.service.js';

/**
 * What a submission costs the database, pinned: the benchmark found a retry lookup that scanned every response of
 * every round, and a unit of work that tracked each answer as an entity.
 */
const log = new StatementLog();
let db: TestDatabase;
let round: OpenRound;

beforeAll(async () => {
  db = await createTestDatabase(log.ormOptions);
  const em = db.orm.em.fork();
  round = await makeOpenRound(em, await makeProject(em), await makeUser(em, { isAdmin: true }));
});
afterAll(async () => {
  await db?.drop();
});

const submission = () => ({
  token: round.links.CONSULTANT!,
  clientSubmissionId: randomUUID(),
  answers: [
    { item: 'contact', number: 1 },
    { item: 'hope_1', number: 4 },
    { item: 'hope_2', number: 5 },
  ],
  language: 'nb',
  consent: true,
});

describe('a submission', () => {
  it('costs a fixed handful of statements, its answers and scores one INSERT each', async () => {
    await new SurveyService(db.orm.em.fork()).submit(submission()); // the first loads the definition into memory
    const input = submission();
    const statements = await log.during(() => new SurveyService(db.orm.em.fork()).submit(input));
    // Link and round, retry lookup, project; begin, response, answers, scores, the consented text and its link, commit.
    expect(statements).toHaveLength(10);
    expect(statements.filter((s) => /^insert into "answers"/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /^insert into "construct_scores"/.test(s))).toHaveLength(1);
    // The retry lookup names the round, so that it uses the (wave_id, submission_key) unique index.
    expect(statements.find((s) => /from "responses"/.test(s) && /"submission_key" = /.test(s))).toMatch(
      /"wave_id" = .*"submission_key" = /,
    );
    const em = db.orm.em.fork();
    const stored = await em.count(Answer, { response: { submissionKey: { $ne: null } } });
    expect(stored).toBe(6);
    expect(await em.count(ConstructScore, {})).toBeGreaterThan(0);
  });

  it('answered again for a retry costs two lookups and stores nothing', async () => {
    const draft = await new SurveyService(db.orm.em.fork()).saveDraft({
      ...submission(),
      answers: [{ item: 'contact', number: 1 }], // an empty save starts no draft, and gives no resume token
    });
    const input = { ...submission(), resumeToken: draft.resumeToken };
    const first = await new SurveyService(db.orm.em.fork()).submit(input);
    const statements = await log.during(async () => {
      expect(await new SurveyService(db.orm.em.fork()).submit(input)).toEqual(first);
    });
    expect(statements).toHaveLength(2);
    expect(statements.every((s) => s.startsWith('select'))).toBe(true);
  });
});
