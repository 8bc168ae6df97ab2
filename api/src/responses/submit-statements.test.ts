import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementLog } from '../test/statement-log.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { Answer } from './answer.entity.js';
import { ConstructScore } from './construct-score.entity.js';
import { forgetOpenLink } from './submission.statements.js';
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
  it('costs one statement once its link is known, storing everything with its values bound, and two before', async () => {
    await new SurveyService(db.orm.em.fork()).submit(submission()); // the first loads the definition into memory
    forgetOpenLink(round.links.CONSULTANT!);
    const input = submission();
    const statements = await log.during(() => new SurveyService(db.orm.em.fork()).submit(input));
    expect(statements).toHaveLength(2);
    const [lookup, store] = statements as [string, string];
    expect(lookup).toMatch(/^\s*select .* from invitations i\s+join rounds w .* where i\.link_token = \$1/s);
    for (const table of ['responses', 'answers', 'construct_scores', 'consent_texts', 'response_consents'])
      expect(store).toMatch(new RegExp(`insert into ${table} \\(`));
    // Values travel as parameters, never inlined into the SQL text (the ORM inlines them).
    expect(store).not.toContain('hope_1');
    expect(store).not.toContain(round.links.CONSULTANT!);
    // The link is remembered now: the next submission through it is the storing statement alone.
    expect(await log.during(() => new SurveyService(db.orm.em.fork()).submit(submission()))).toEqual([store]);
    const em = db.orm.em.fork();
    expect(await em.count(Answer, { response: { submissionKey: { $ne: null } } })).toBe(9);
    expect(await em.count(ConstructScore, {})).toBeGreaterThan(0);
  });

  it('answered again for a retry stores nothing, and costs three statements', async () => {
    const draft = await new SurveyService(db.orm.em.fork()).saveDraft({
      ...submission(),
      answers: [{ item: 'contact', number: 1 }], // an empty save starts no draft, and gives no resume token
    });
    const input = { ...submission(), resumeToken: draft.resumeToken };
    const first = await new SurveyService(db.orm.em.fork()).submit(input);
    const counts = async () => {
      const em = db.orm.em.fork();
      return [await em.count(Answer, {}), await em.count(ConstructScore, {})];
    };
    const before = await counts();
    const statements = await log.during(async () => {
      expect(await new SurveyService(db.orm.em.fork()).submit(input)).toEqual(first);
    });
    // The statement that finds the draft submitted, then the careful path's link and retry lookups.
    expect(statements).toHaveLength(3);
    expect(await counts()).toEqual(before);
    // The retry lookup names the round, so that it uses the (round_id, submission_key) unique index.
    expect(statements.find((s) => /from "responses"/.test(s) && /"submission_key" = /.test(s))).toMatch(
      /"round_id" = .*"submission_key" = /,
    );
  });
});
