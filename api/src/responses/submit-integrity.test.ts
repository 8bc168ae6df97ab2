import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOpenRound, makeProject, makeSession, makeUser, type OpenRound } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { Invitation } from '../rounds/invitation.entity.js';
import { Answer } from './answer.entity.js';
import { Response, ResponseStatus } from './response.entity.js';

/**
 * Issue 14: one person, one response. A draft is submitted once whichever device sends it, a race answers with the
 * domain error (never a 500), and a receipt goes back only to a caller who proves it holds the draft.
 */
let server: TestServer;
let admin: GraphQLClient;
const em = () => server.db.orm.em.fork();
const device = () => server.client();
const onPostgres = Boolean(process.env.DATABASE_URL);

const SURVEY = `query ($token: String!, $resume: String) { survey(token: $token, resumeToken: $resume) { kind savedAnswers { item } } }`;
const SAVE = `mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken savedOn } }`;
const SUBMIT = `mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode submittedOn } }`;
const WITHDRAW = `mutation ($code: String!) { withdrawSurveyResponse(receiptCode: $code) { withdrawnOn } }`;

const answers = [
  { item: 'contact', number: 1 },
  { item: 'hope_1', number: 4 },
  { item: 'hope_2', number: 2 },
];
type Receipt = { submitSurveyResponse: { receiptCode: string; submittedOn: string } };

async function newRound(): Promise<OpenRound> {
  const e = em();
  return makeOpenRound(e, await makeProject(e), await makeUser(e, { isAdmin: true }));
}

async function codesFor(round: OpenRound, count = 1): Promise<string[]> {
  const made = await admin.graphql<{ createInvitationCodes: { codes: string[] } }>(
    'mutation ($input: CreateCodesInput!) { createInvitationCodes(input: $input) { codes } }',
    { input: { roundId: round.roundId, role: 'CONSULTANT', count } },
  );
  expect(made.body.errors).toBeUndefined();
  return made.body.data!.createInvitationCodes.codes;
}

const submission = (token: string, extra: Record<string, unknown> = {}) => ({
  input: { token, clientSubmissionId: randomUUID(), answers, language: 'nb', consent: true, ...extra },
});

async function saveDraft(client: GraphQLClient, token: string, resumeToken?: string): Promise<string | null> {
  const saved = await client.graphql<{ saveSurveyDraft: { resumeToken: string | null } }>(SAVE, {
    input: { token, resumeToken, answers: answers.slice(0, 1), language: 'nb', consent: true },
  });
  expect(saved.body.errors).toBeUndefined();
  return saved.body.data!.saveSurveyDraft.resumeToken;
}

const codeOf = (result: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
  result.body.errors?.[0]?.extensions?.code ?? 'OK';

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client({ session: await makeSession(em(), await makeUser(em(), { isAdmin: true })) });
});
afterAll(async () => {
  await server?.stop();
});

describe('one submission per draft, whatever the device', () => {
  it('gives device A, still open after device B submitted the resumed draft, the first receipt and stores one response', async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const deviceA = device();
    const resumeToken = (await saveDraft(deviceA, token))!;

    const deviceB = device();
    const fromB = await deviceB.graphql<Receipt>(SUBMIT, submission(token, { resumeToken }));
    expect(fromB.body.errors).toBeUndefined();
    // Device A has its own client submission id: only the draft ties the two together.
    const fromA = await deviceA.graphql<Receipt>(SUBMIT, submission(token, { resumeToken }));
    expect(fromA.body.errors).toBeUndefined();
    expect(fromA.body.data!.submitSurveyResponse).toEqual(fromB.body.data!.submitSurveyResponse);

    expect(await em().count(Response, { round: round.roundId })).toBe(1);
    expect(await em().count(Response, { round: round.roundId, status: ResponseStatus.SUBMITTED })).toBe(1);

    // Device A's page asks again or saves again: told plainly that these answers are in, nothing changed.
    const reopened = await deviceA.graphql(SURVEY, { token, resume: resumeToken });
    expect(codeOf(reopened)).toBe('ALREADY_SUBMITTED');
    const late = await deviceA.graphql(SAVE, {
      input: { token, resumeToken, answers: [{ item: 'contact', number: 0 }], language: 'nb', consent: true },
    });
    expect(codeOf(late)).toBe('ALREADY_SUBMITTED');
    const [response] = await em().find(Response, { round: round.roundId });
    expect(await em().count(Answer, { response: response!.id })).toBe(answers.length);

    // The one receipt withdraws the one response.
    const withdrawn = await deviceA.graphql(WITHDRAW, {
      code: fromA.body.data!.submitSurveyResponse.receiptCode,
    });
    expect(withdrawn.body.errors).toBeUndefined();
  });

  it('answers CODE_USED to a second device submitting a used code, and the first receipt to a retry of the same submission', async () => {
    const round = await newRound();
    const [code] = await codesFor(round);
    const first = submission(code!);
    const stored = await device().graphql<Receipt>(SUBMIT, first);
    expect(stored.body.errors).toBeUndefined();

    const other = await device().graphql(SUBMIT, submission(code!));
    expect(codeOf(other)).toBe('CODE_USED');
    const retry = await device().graphql<Receipt>(SUBMIT, first);
    expect(retry.body.data!.submitSurveyResponse).toEqual(stored.body.data!.submitSurveyResponse);
    expect(await em().count(Response, { round: round.roundId })).toBe(1);
  });
});

describe('a receipt only with proof of the draft', () => {
  it('is not given to a second party who resends a known client submission id', async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const resumeToken = (await saveDraft(device(), token))!;
    const clientSubmissionId = randomUUID();
    const participant = await device().graphql<Receipt>(
      SUBMIT,
      submission(token, { resumeToken, clientSubmissionId }),
    );
    const receiptCode = participant.body.data!.submitSurveyResponse.receiptCode;

    for (const extra of [{}, { resumeToken: null }, { resumeToken: 'guessed-resume-token' }]) {
      const stranger = await device().graphql(SUBMIT, submission(token, { clientSubmissionId, ...extra }));
      expect(codeOf(stranger)).toBe('ALREADY_SUBMITTED');
      expect(JSON.stringify(stranger.body)).not.toContain(receiptCode);
    }
    // With the draft's secret, the same submission gets its receipt back.
    const retry = await device().graphql<Receipt>(
      SUBMIT,
      submission(token, { resumeToken, clientSubmissionId }),
    );
    expect(retry.body.data!.submitSurveyResponse.receiptCode).toBe(receiptCode);
    expect(await em().count(Response, { round: round.roundId })).toBe(1);
  });

  it('is not given for a submission that never had a draft, to anyone resending its id', async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const first = submission(token);
    const participant = await device().graphql<Receipt>(SUBMIT, first);
    const receiptCode = participant.body.data!.submitSurveyResponse.receiptCode;
    const stranger = await device().graphql(SUBMIT, first);
    expect(codeOf(stranger)).toBe('ALREADY_SUBMITTED');
    expect(JSON.stringify(stranger.body)).not.toContain(receiptCode);
    expect(await em().count(Response, { round: round.roundId })).toBe(1);
  });

  it('is not given for a used code to a caller with another submission id', async () => {
    const round = await newRound();
    const [code] = await codesFor(round);
    const participant = await device().graphql<Receipt>(SUBMIT, submission(code!));
    const receiptCode = participant.body.data!.submitSurveyResponse.receiptCode;
    const stranger = await device().graphql(SUBMIT, submission(code!));
    expect(codeOf(stranger)).toBe('CODE_USED');
    expect(JSON.stringify(stranger.body)).not.toContain(receiptCode);
  });
});

// PGlite has one connection and runs one statement at a time, so requests never overlap there: real races need
// PostgreSQL.
describe.skipIf(!onPostgres)('races, on PostgreSQL', () => {
  const PARALLEL = 12;

  it('stores one response for one code submitted 12 times at once, and every loser gets CODE_USED', async () => {
    const round = await newRound();
    const codes = await codesFor(round, 2);
    // One code fresh, one with a saved draft: the two ways a submission finds its response.
    const drafted = await device().graphql(SAVE, {
      input: { token: codes[1], answers: answers.slice(0, 1), language: 'nb', consent: true },
    });
    expect(drafted.body.errors).toBeUndefined();
    for (const code of codes) {
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, () => device().graphql(SUBMIT, submission(code))),
      );
      const outcomes = results.map(codeOf).sort();
      expect(outcomes).toEqual(['OK', ...Array<string>(PARALLEL - 1).fill('CODE_USED')].sort());
      expect(results.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    }
    expect(await em().count(Response, { round: round.roundId, status: ResponseStatus.SUBMITTED })).toBe(2);
    expect(await em().count(Response, { round: round.roundId })).toBe(2);
    expect(await em().count(Invitation, { round: round.roundId, usedOn: { $ne: null } })).toBe(2);
  });

  it('stores one response for one draft submitted from 12 devices at once, each given the one receipt', async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const resumeToken = (await saveDraft(device(), token))!;
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        device().graphql<Receipt>(SUBMIT, submission(token, { resumeToken })),
      ),
    );
    expect(results.map(codeOf)).toEqual(Array<string>(PARALLEL).fill('OK'));
    expect(new Set(results.map((r) => r.body.data!.submitSurveyResponse.receiptCode)).size).toBe(1);
    const responses = await em().find(Response, { round: round.roundId });
    expect(responses.map((r) => r.status)).toEqual([ResponseStatus.SUBMITTED]);
    expect(await em().count(Answer, { response: responses[0]!.id })).toBe(answers.length);
  });

  it('never lets a draft save racing a submission change the submitted answers or start a second response', async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const resumeToken = (await saveDraft(device(), token))!;
    const saves = Array.from({ length: PARALLEL }, () =>
      device().graphql(SAVE, {
        input: {
          token,
          resumeToken,
          answers: [{ item: 'contact', number: 0 }],
          language: 'nb',
          consent: true,
        },
      }),
    );
    const submitted = device().graphql<Receipt>(SUBMIT, submission(token, { resumeToken }));
    const results = await Promise.all([submitted, ...saves]);
    expect(codeOf(results[0]!)).toBe('OK');
    for (const save of results.slice(1)) expect(['OK', 'ALREADY_SUBMITTED']).toContain(codeOf(save));
    const responses = await em().find(Response, { round: round.roundId });
    expect(responses.map((r) => r.status)).toEqual([ResponseStatus.SUBMITTED]);
    const stored = await em().find(Answer, { response: responses[0]!.id }, { orderBy: { itemKey: 'asc' } });
    expect(stored.map((a) => [a.itemKey, a.number])).toEqual([
      ['contact', 1],
      ['hope_1', 4],
      ['hope_2', 2],
    ]);
  });

  it('makes one draft of a code saved for the first time from 12 devices at once', async () => {
    const round = await newRound();
    const [code] = await codesFor(round);
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        device().graphql(SAVE, {
          input: { token: code, answers: answers.slice(0, 1), language: 'nb', consent: true },
        }),
      ),
    );
    expect(results.map(codeOf)).toEqual(Array<string>(PARALLEL).fill('OK'));
    expect(await em().count(Response, { round: round.roundId })).toBe(1);
  });
});
