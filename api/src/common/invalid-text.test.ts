import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { startTestServer, type GraphQLResult, type TestServer } from '../test/server.js';
import { Response } from '../responses/response.entity.js';

/**
 * Issue 14: a NUL character in any string argument was answered as "the database is down" (HTTP 503), and the survey
 * page retried it forever. Text PostgreSQL cannot store is the caller's mistake: BAD_USER_INPUT naming the field,
 * rejected at the boundary for every operation, and nothing stored.
 */
let server: TestServer;
let round: OpenRound;

const SURVEY = `query ($token: String!, $resume: String) { survey(token: $token, resumeToken: $resume) { kind } }`;
const SAVE = `mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken } }`;
const SUBMIT = `mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }`;

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  round = await makeOpenRound(em, await makeProject(em), await makeUser(em, { isAdmin: true }));
});
afterAll(async () => {
  await server?.stop();
});

function expectRejected(result: GraphQLResult, field: string): void {
  expect(result.status).toBe(400);
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors![0]!.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fields: { [field]: expect.stringMatching(/NUL|invalid/) },
  });
  expect(result.body.errors![0]!.message).toContain(field);
}

const draft = (extra: Record<string, unknown>) => ({
  input: {
    token: round.links.CONSULTANT,
    answers: [{ item: 'value_text', text: 'Jeg blir tatt på alvor' }],
    language: 'nb',
    consent: true,
    ...extra,
  },
});

describe('invalid text in a string argument', () => {
  it('is BAD_USER_INPUT naming the survey token, not a database outage', async () => {
    expectRejected(await server.graphql(SURVEY, { token: 'abc\u0000def' }), 'token');
    expectRejected(
      await server.graphql(SURVEY, { token: round.links.CONSULTANT, resume: '\u0000' }),
      'resume',
    );
  });

  it('is BAD_USER_INPUT naming the answer text in a draft and in a submission, and stores nothing', async () => {
    expectRejected(
      await server.graphql(
        SAVE,
        draft({ answers: [{ item: 'value_text', text: 'Jeg blir tatt\u0000 på alvor' }] }),
      ),
      'input.answers.0.text',
    );
    expectRejected(await server.graphql(SAVE, draft({ language: 'n\u0000b' })), 'input.language');
    expectRejected(
      await server.graphql(
        SUBMIT,
        draft({
          clientSubmissionId: '0b5f4c1e-3f5e-4c36-9d8e-5a5d0a6c1b2a',
          answers: [
            { item: 'contact', number: 1 },
            { item: 'value_text', text: 'ok' },
            { item: 'workplace', choices: ['housing\u0000'] },
          ],
        }),
      ),
      'input.answers.2.choices.0',
    );
    expect(await server.db.orm.em.fork().count(Response, { round: round.roundId })).toBe(0);
  });

  it('is BAD_USER_INPUT for a lone surrogate, which cannot be stored as UTF-8 either', async () => {
    expectRejected(
      await server.graphql(SAVE, draft({ answers: [{ item: 'value_text', text: 'ab\ud800cd' }] })),
      'input.answers.0.text',
    );
  });

  it('is BAD_USER_INPUT when written into the document itself as an escape', async () => {
    const result = await server.graphql('query { survey(token: "abc\\u0000def") { kind } }');
    expectRejected(result, 'token');
  });

  it('is refused for staff operations too, before any resolver runs', async () => {
    const result = await server.graphql(
      'mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }',
      { input: { email: 'a\u0000@example.org', password: 'x' } },
    );
    expectRejected(result, 'input.email');
  });

  it('leaves ordinary text alone: Norwegian letters, emoji and line breaks', async () => {
    const saved = await server.graphql(
      SAVE,
      draft({ answers: [{ item: 'value_text', text: 'Æ ø å 😊\nny linje\ttab' }] }),
    );
    expect(saved.body.errors).toBeUndefined();
  });
});
