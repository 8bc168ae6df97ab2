import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { createApp, type App } from '../app.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { Response } from '../responses/response.entity.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';

/**
 * Failure drill: two API processes' worth of state — two ORMs with their own connection pools and two HTTP servers —
 * on one PostgreSQL, sharing nothing else. Needs a PostgreSQL server (the embedded one is one process's).
 */
const serverUrl = process.env.DATABASE_URL;
let db: TestDatabase;
let second: Orm;
const apps: { app: App; url: string }[] = [];
let session: string;
let token: string;

async function serve(orm: Orm) {
  const app = await createApp({ orm, log: createLogger('silent') });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  return { app, url: `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}` };
}

async function graphql<T = Record<string, never>>(
  url: string,
  query: string,
  variables?: unknown,
  cookie?: string,
) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: T;
    errors?: { extensions: { code: string } }[];
  };
}

describe.skipIf(!serverUrl)('two API instances on one PostgreSQL', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    second = await openDatabase({ databaseUrl: db.location });
    apps.push(await serve(db.orm), await serve(second));
    const em = db.orm.em.fork();
    const project = await makeProject(em);
    const user = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
    session = `verdi_session=${await makeSession(em, user)}`;
    token = (await makeOpenRound(em, project, user)).links.CONSULTANT!;
  });
  afterAll(async () => {
    for (const { app } of apps) await app.stop();
    await second?.close(true);
    await db?.drop();
  });

  it('serve the same signed-in session and the same participant draft', async () => {
    const [a, b] = [apps[0]!, apps[1]!];
    expect(
      (await graphql<{ me: { id: string } }>(a.url, '{ me { id } }', undefined, session)).data!.me.id,
    ).toBe((await graphql<{ me: { id: string } }>(b.url, '{ me { id } }', undefined, session)).data!.me.id);
    const saved = await graphql<{ saveSurveyDraft: { resumeToken: string } }>(
      a.url,
      'mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken } }',
      { input: { token, answers: [{ item: 'contact', number: 1 }], language: 'nb', consent: true } },
    );
    const resumed = await graphql<{ survey: { savedAnswers: unknown[] } }>(
      b.url,
      'query ($t: String!, $r: String) { survey(token: $t, resumeToken: $r) { savedAnswers { item number } } }',
      {
        t: token,
        r: saved.data!.saveSurveyDraft.resumeToken,
      },
    );
    expect(resumed.data!.survey.savedAnswers).toEqual([{ item: 'contact', number: 1 }]);
  });

  it('give exactly one response per submission id when the same submissions arrive through both at once', async () => {
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const SUBMIT =
      'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }';
    const results = await Promise.all(
      ids.flatMap((clientSubmissionId) =>
        apps.map(({ url }) =>
          graphql<{ submitSurveyResponse: { receiptCode: string } }>(url, SUBMIT, {
            input: {
              token,
              clientSubmissionId,
              // The draft's secret, chosen by the client as no draft was saved: a retry must prove itself with it (issue 14).
              resumeToken: `drill-${clientSubmissionId}`,
              answers: [
                { item: 'contact', number: 1 },
                { item: 'hope_1', number: 4 },
              ],
              language: 'nb',
              consent: true,
            },
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    for (let i = 0; i < ids.length; i++) {
      expect(results[2 * i]!.data!.submitSurveyResponse.receiptCode).toBe(
        results[2 * i + 1]!.data!.submitSurveyResponse.receiptCode,
      );
    }
    expect(await db.orm.em.fork().count(Response, { status: 'SUBMITTED' as never })).toBe(40);
  });
});
