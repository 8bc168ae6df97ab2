import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { Project } from '../projects/project.entity.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { Invitation } from '../rounds/invitation.entity.js';
import { Answer } from './answer.entity.js';
import { ConstructScore } from './construct-score.entity.js';
import { Response, ResponseStatus } from './response.entity.js';

let server: TestServer;
let project: Project;
let researcher: GraphQLClient;
let instrumentId: string;
const participant = () => server.client();
const em = () => server.db.orm.em.fork();

const INFORMATION = {
  nb: 'Formålet er å lære hva erfaringskonsulenter betyr. Det er frivillig å delta.',
  en: 'The purpose is to learn what peer workers mean. Taking part is voluntary.',
};

interface RoundData {
  id: string;
  status: string;
  openLinks: { role: string; path: string }[];
}

async function createRound(extra: Record<string, unknown> = {}, projectId = project.id): Promise<RoundData> {
  const result = await researcher.graphql<{ createRound: RoundData }>(
    `mutation ($input: CreateRoundInput!) { createRound(input: $input) { id status openLinks { role path } } }`,
    {
      input: {
        projectId,
        instrumentId,
        label: 'Baseline 2026',
        opensAt: new Date(Date.now() - 3_600_000).toISOString(),
        information: INFORMATION,
        ...extra,
      },
    },
  );
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.createRound;
}

const tokenOf = (round: RoundData, role: string) =>
  round.openLinks.find((l) => l.role === role)!.path.slice('/s/'.length);

const SURVEY = `query ($token: String!, $resume: String) { survey(token: $token, resumeToken: $resume) {
  role kind round { label information { nb en } consentRequired linkage anonymity }
  sections { key items { key type prompt { nb en } construct promptByRole { role } } }
  savedAnswers { item number text choices notApplicable } } }`;
const SAVE = `mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken savedOn } }`;
const SUBMIT = `mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode submittedOn } }`;
const WITHDRAW = `mutation ($code: String!) { withdrawSurveyResponse(receiptCode: $code) { withdrawnOn } }`;

const consultantAnswers = [
  { item: 'contact', number: 1 },
  { item: 'workplace', choices: ['housing'] },
  { item: 'hope_1', number: 4 },
  { item: 'hope_2', number: 2 },
  { item: 'role_1', notApplicable: true },
  { item: 'value_text', text: 'Jeg blir tatt på alvor' },
];

beforeAll(async () => {
  server = await startTestServer();
  project = await makeProject(em(), 'Lillestrøm test');
  researcher = server.client({
    session: await makeSession(em(), await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] })),
  });
  const created = await researcher.graphql<{ createInstrument: { id: string } }>(
    'mutation ($input: CreateInstrumentInput!) { createInstrument(input: $input) { id } }',
    { input: { name: 'Verdi', projectId: project.id } },
  );
  instrumentId = created.body.data!.createInstrument.id;
  await researcher.graphql(
    'mutation ($id: UUID!, $d: InstrumentDefinitionInput!) { saveInstrumentDraft(id: $id, definition: $d, baseRevision: 1) { id } }',
    { id: instrumentId, d: sampleDefinition() },
  );
  await researcher.graphql('mutation ($id: UUID!) { publishInstrument(id: $id, revision: 2) { id } }', {
    id: instrumentId,
  });
});
afterAll(async () => {
  await server?.stop();
});

describe('rounds', () => {
  it('open with one link per role asked, and refuse an instrument without a published version', async () => {
    const round = await createRound();
    expect(round.status).toBe('OPEN');
    expect(round.openLinks.map((l) => l.role).sort()).toEqual(['CONSULTANT', 'PROFESSIONAL', 'SERVICE_USER']);
    const draftOnly = await researcher.graphql<{ createInstrument: { id: string } }>(
      'mutation ($input: CreateInstrumentInput!) { createInstrument(input: $input) { id } }',
      { input: { name: 'Uferdig', projectId: project.id } },
    );
    const refused = await researcher.graphql(
      'mutation ($input: CreateRoundInput!) { createRound(input: $input) { id } }',
      {
        input: {
          projectId: project.id,
          instrumentId: draftOnly.body.data!.createInstrument.id,
          label: 'X',
          opensAt: new Date().toISOString(),
          information: INFORMATION,
        },
      },
    );
    expect(refused.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { instrumentId: 'has no published version yet' },
    });
  });

  it('make single-use codes that are shown once and stored only as hashes', async () => {
    const round = await createRound();
    const made = await researcher.graphql<{ createInvitationCodes: { codes: string[]; csv: string } }>(
      'mutation ($input: CreateCodesInput!) { createInvitationCodes(input: $input) { codes csv } }',
      { input: { roundId: round.id, role: 'SERVICE_USER', count: 3, batch: 'Papir' } },
    );
    const { codes, csv } = made.body.data!.createInvitationCodes;
    expect(codes).toHaveLength(3);
    for (const code of codes) expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    expect(csv.split('\n')[0]).toBe('round,role,code');
    const stored = await em().find(Invitation, { round: round.id, kind: 'CODE' as never });
    expect(stored).toHaveLength(3);
    const dump = JSON.stringify(
      await em().getConnection().execute('select * from invitations where round_id = ?', [round.id]),
    );
    for (const code of codes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace('-', ''));
    }
  });
});

describe('a participant through an open link', () => {
  it("sees the round's information and only their role's items, in their role's wording", async () => {
    const round = await createRound();
    const survey = await participant().graphql<{
      survey: {
        role: string;
        round: { information: { nb: string } };
        sections: { items: { key: string; prompt: { nb: string }; construct: null }[] }[];
      };
    }>(SURVEY, { token: tokenOf(round, 'CONSULTANT') });
    const data = survey.body.data!.survey;
    expect(data.role).toBe('CONSULTANT');
    expect(data.round.information.nb).toBe(INFORMATION.nb);
    const items = data.sections.flatMap((s) => s.items);
    expect(items.map((i) => i.key)).toEqual([
      'contact',
      'workplace',
      'years',
      'hope_1',
      'hope_2',
      'role_1',
      'value_text',
    ]);
    expect(items.find((i) => i.key === 'hope_1')!.prompt.nb).toBe('Jeg gir brukerne håp');
    expect(items.every((i) => i.construct === null)).toBe(true);
  });

  it('stores nothing before consent', async () => {
    const round = await createRound();
    const refused = await participant().graphql(SAVE, {
      input: {
        token: tokenOf(round, 'CONSULTANT'),
        answers: consultantAnswers,
        language: 'nb',
        consent: false,
      },
    });
    expect(refused.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { consent: expect.any(String) },
    });
    expect(await em().count(Response, { round: round.id })).toBe(0);
  });

  it('saves as they go, resumes on another device with the resume token, submits once, and can withdraw', async () => {
    const round = await createRound();
    const token = tokenOf(round, 'CONSULTANT');
    const first = await participant().graphql<{ saveSurveyDraft: { resumeToken: string; savedOn: string } }>(
      SAVE,
      {
        input: { token, answers: consultantAnswers.slice(0, 2), language: 'nb', consent: true },
      },
    );
    const { resumeToken, savedOn } = first.body.data!.saveSurveyDraft;
    expect(resumeToken).toBeTruthy();
    expect(savedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const otherDevice = participant();
    const resumed = await otherDevice.graphql<{ survey: { savedAnswers: { item: string }[] } }>(SURVEY, {
      token,
      resume: resumeToken,
    });
    expect(resumed.body.data!.survey.savedAnswers.map((a) => a.item)).toEqual(['contact', 'workplace']);

    const second = await otherDevice.graphql<{ saveSurveyDraft: { resumeToken: string } }>(SAVE, {
      input: { token, resumeToken, answers: consultantAnswers, language: 'en', consent: true },
    });
    expect(second.body.data!.saveSurveyDraft.resumeToken).toBe(resumeToken);
    expect(await em().count(Response, { round: round.id })).toBe(1);

    const clientSubmissionId = randomUUID();
    const input = {
      token,
      resumeToken,
      clientSubmissionId,
      answers: consultantAnswers,
      language: 'en',
      consent: true,
    };
    const submitted = await otherDevice.graphql<{
      submitSurveyResponse: { receiptCode: string; submittedOn: string };
    }>(SUBMIT, { input });
    const receipt = submitted.body.data!.submitSurveyResponse;
    expect(receipt.receiptCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    const responses = await em().find(Response, { round: round.id });
    expect(responses.map((r) => r.status)).toEqual([ResponseStatus.SUBMITTED]);
    const answers = await em().find(Answer, { response: responses[0]!.id }, { orderBy: { itemKey: 'asc' } });
    expect(answers.map((a) => a.itemKey)).toEqual([
      'contact',
      'hope_1',
      'hope_2',
      'role_1',
      'value_text',
      'workplace',
    ]);
    const scores = await em().find(ConstructScore, { response: responses[0]!.id });
    expect(scores.map((s) => [s.constructKey, s.score, s.answeredItems, s.shownItems])).toEqual([
      ['hope', 4, 2, 2],
    ]);

    const withdrawn = await participant().graphql<{ withdrawSurveyResponse: { withdrawnOn: string } }>(
      WITHDRAW,
      {
        code: receipt.receiptCode.toLowerCase().replace(/-/g, ' '),
      },
    );
    expect(withdrawn.body.data!.withdrawSurveyResponse.withdrawnOn).toBe(receipt.submittedOn);
    expect(await em().count(Answer, { response: responses[0]!.id })).toBe(0);
    expect(await em().count(ConstructScore, { response: responses[0]!.id })).toBe(0);
    const again = await participant().graphql(WITHDRAW, { code: receipt.receiptCode });
    expect(again.body.data).toEqual(withdrawn.body.data);
    const unknown = await participant().graphql(WITHDRAW, { code: 'AAAA-BBBB-CCCC' });
    expect(unknown.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('gets the same receipt for the same submission of a draft, once or twice at the same moment, and one response', async () => {
    const round = await createRound();
    const token = tokenOf(round, 'CONSULTANT');
    // The resume token is the proof that a retry comes from the same draft (issue 14).
    const saved = await participant().graphql<{ saveSurveyDraft: { resumeToken: string } }>(SAVE, {
      input: { token, answers: consultantAnswers.slice(0, 1), language: 'nb', consent: true },
    });
    const input = {
      token,
      resumeToken: saved.body.data!.saveSurveyDraft.resumeToken,
      clientSubmissionId: randomUUID(),
      answers: consultantAnswers,
      language: 'nb',
      consent: true,
    };
    const [a, b] = await Promise.all([
      participant().graphql(SUBMIT, { input }),
      participant().graphql(SUBMIT, { input }),
    ]);
    const c = await participant().graphql(SUBMIT, { input });
    expect(a.body.errors).toBeUndefined();
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    const responses = await em().find(Response, { round: round.id });
    expect(responses).toHaveLength(1);
    expect(await em().count(Answer, { response: responses[0]!.id })).toBe(consultantAnswers.length);
  });

  it('stores nothing when any answer is invalid, and names each item', async () => {
    const round = await createRound();
    const result = await participant().graphql(SUBMIT, {
      input: {
        token: tokenOf(round, 'PROFESSIONAL'),
        clientSubmissionId: randomUUID(),
        answers: [
          { item: 'workplace', choices: ['office'] },
          { item: 'years', number: -1 },
          { item: 'recommend', number: 10 },
        ],
        language: 'nb',
        consent: true,
      },
    });
    expect(result.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      items: {
        contact: 'Item contact needs an answer',
        workplace: 'Item workplace has no option "office"',
        years: 'Item years must be at least 0',
        recommend: 'Item recommend is not asked of this role',
      },
    });
    expect(await em().count(Response, { round: round.id })).toBe(0);
  });

  it('keeps no time finer than the day in anonymous rounds, and the exact time only in confidential ones', async () => {
    const columns: { column_name: string; data_type: string }[] = await em()
      .getConnection()
      .execute(
        `select column_name, data_type from information_schema.columns where table_name = 'responses'`,
      );
    const times = columns.filter((c) => c.data_type.startsWith('timestamp')).map((c) => c.column_name);
    expect(times).toEqual(['submitted_at']);
    expect(
      columns
        .map((c) => c.column_name)
        .filter((name) => /(^|_)(ip|agent|user_agent|address|email|name)(_|$)/.test(name)),
    ).toEqual([]);

    for (const anonymity of ['ANONYMOUS', 'CONFIDENTIAL']) {
      const round = await createRound({ anonymity });
      await participant().graphql(SUBMIT, {
        input: {
          token: tokenOf(round, 'CONSULTANT'),
          clientSubmissionId: randomUUID(),
          answers: consultantAnswers,
          language: 'nb',
          consent: true,
        },
      });
      const response = await em().findOneOrFail(Response, { round: round.id });
      expect(response.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (anonymity === 'ANONYMOUS') expect(response.submittedAt).toBeNull();
      else expect(response.submittedAt).toBeInstanceOf(Date);
    }
  });
});

describe('a participant with a single-use code', () => {
  async function codeFor(roundId: string, role = 'SERVICE_USER'): Promise<string> {
    const made = await researcher.graphql<{ createInvitationCodes: { codes: string[] } }>(
      'mutation ($input: CreateCodesInput!) { createInvitationCodes(input: $input) { codes } }',
      { input: { roundId, role, count: 1 } },
    );
    return made.body.data!.createInvitationCodes.codes[0]!;
  }
  const serviceUserAnswers = [
    { item: 'contact', number: 1 },
    { item: 'hope_1', number: 5 },
    { item: 'hope_2', number: 4 },
    { item: 'recommend', number: 9 },
  ];

  it('resumes with the code alone on any device, however it is typed, and cannot use it twice', async () => {
    const round = await createRound();
    const code = await codeFor(round.id);
    const typed = code.toLowerCase().replace('-', ' ');
    const saved = await participant().graphql<{ saveSurveyDraft: { resumeToken: null } }>(SAVE, {
      input: { token: typed, answers: serviceUserAnswers.slice(0, 1), language: 'nb', consent: true },
    });
    expect(saved.body.data!.saveSurveyDraft.resumeToken).toBeNull();
    const resumed = await participant().graphql<{
      survey: { savedAnswers: { item: string }[]; kind: string };
    }>(SURVEY, { token: code });
    expect(resumed.body.data!.survey.kind).toBe('CODE');
    expect(resumed.body.data!.survey.savedAnswers.map((a) => a.item)).toEqual(['contact']);

    const submitted = await participant().graphql(SUBMIT, {
      input: {
        token: code,
        clientSubmissionId: randomUUID(),
        answers: serviceUserAnswers,
        language: 'nb',
        consent: true,
      },
    });
    expect(submitted.body.errors).toBeUndefined();
    expect(await em().count(Response, { round: round.id })).toBe(1);

    const reuse = await participant().graphql(SURVEY, { token: code });
    expect(reuse.body.errors![0]!.extensions!.code).toBe('CODE_USED');
    const resubmit = await participant().graphql(SUBMIT, {
      input: {
        token: code,
        clientSubmissionId: randomUUID(),
        answers: serviceUserAnswers,
        language: 'nb',
        consent: true,
      },
    });
    expect(resubmit.body.errors![0]!.extensions!.code).toBe('CODE_USED');
  });

  it('lets only one of two devices racing with the same code submit', async () => {
    const round = await createRound();
    const code = await codeFor(round.id);
    const submit = () =>
      participant().graphql(SUBMIT, {
        input: {
          token: code,
          clientSubmissionId: randomUUID(),
          answers: serviceUserAnswers,
          language: 'nb',
          consent: true,
        },
      });
    const results = await Promise.all([submit(), submit()]);
    const ok = results.filter((r) => !r.body.errors);
    expect(ok).toHaveLength(1);
    expect(results.find((r) => r.body.errors)!.body.errors![0]!.extensions!.code).toMatch(
      /CODE_USED|BAD_USER_INPUT|INTERNAL/,
    );
    expect(await em().count(Response, { round: round.id, status: ResponseStatus.SUBMITTED })).toBe(1);
  });
});

describe('closed and scheduled rounds', () => {
  it('accept nothing while closed, and again when reopened', async () => {
    const round = await createRound();
    const token = tokenOf(round, 'CONSULTANT');
    await researcher.graphql('mutation ($id: UUID!) { closeRound(id: $id) { status } }', { id: round.id });
    const closed = await participant().graphql(SURVEY, { token });
    expect(closed.body.errors![0]).toMatchObject({
      message: 'This round is closed',
      extensions: { code: 'ROUND_NOT_OPEN' },
    });
    const submit = await participant().graphql(SUBMIT, {
      input: {
        token,
        clientSubmissionId: randomUUID(),
        answers: consultantAnswers,
        language: 'nb',
        consent: true,
      },
    });
    expect(submit.body.errors![0]!.extensions!.code).toBe('ROUND_NOT_OPEN');
    expect(await em().count(Response, { round: round.id })).toBe(0);

    const reopened = await researcher.graphql<{ reopenRound: { status: string } }>(
      'mutation ($id: UUID!) { reopenRound(id: $id) { status } }',
      { id: round.id },
    );
    expect(reopened.body.data!.reopenRound.status).toBe('OPEN');
    expect((await participant().graphql(SURVEY, { token })).body.errors).toBeUndefined();
  });

  it('say when a scheduled round opens', async () => {
    const round = await createRound({ opensAt: '2099-05-01T08:00:00Z' });
    const result = await participant().graphql(SURVEY, { token: tokenOf(round, 'CONSULTANT') });
    expect(result.body.errors![0]).toMatchObject({
      message: 'This round opens on 2099-05-01',
      extensions: { code: 'ROUND_NOT_OPEN' },
    });
  });

  it('say plainly when a link is unknown', async () => {
    const result = await participant().graphql(SURVEY, { token: 'ingen-slik-lenke-finnes-her' });
    expect(result.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});

describe('linkage across rounds', () => {
  it('gives the same self-generated code the same hash in every round of a project, and another in other projects', async () => {
    const other = await makeProject(em(), 'Annet');
    const submitIn = async (round: RoundData) => {
      await participant().graphql(SUBMIT, {
        input: {
          token: tokenOf(round, 'CONSULTANT'),
          clientSubmissionId: randomUUID(),
          answers: consultantAnswers,
          language: 'nb',
          consent: true,
          linkageCode: 'k 15 m 7',
        },
      });
      return (await em().findOneOrFail(Response, { round: round.id })).linkageHash;
    };
    const baseline = await submitIn(await createRound({ linkage: true }));
    const followUp = await submitIn(await createRound({ linkage: true, label: '12 måneder' }));
    expect(baseline).toBeTruthy();
    expect(followUp).toBe(baseline);
    const researcherOther = await makeUser(em(), { roles: [[other, ProjectRole.RESEARCHER]] });
    expect(researcherOther).toBeTruthy();
    expect(baseline).not.toContain('K15M7');
  });
});

describe('live counts', () => {
  it('count drafts and submissions per role', async () => {
    const round = await createRound();
    await participant().graphql(SAVE, {
      input: {
        token: tokenOf(round, 'PROFESSIONAL'),
        answers: [{ item: 'contact', number: 0 }],
        language: 'nb',
        consent: true,
      },
    });
    await participant().graphql(SUBMIT, {
      input: {
        token: tokenOf(round, 'CONSULTANT'),
        clientSubmissionId: randomUUID(),
        answers: consultantAnswers,
        language: 'nb',
        consent: true,
      },
    });
    const result = await researcher.graphql<{
      round: { counts: { role: string; inProgress: number; submitted: number }[] };
    }>('query ($id: UUID!) { round(id: $id) { counts { role inProgress submitted codes codesUsed } } }', {
      id: round.id,
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.round.counts).toEqual([
      { role: 'SERVICE_USER', inProgress: 0, submitted: 0, codes: 0, codesUsed: 0 },
      { role: 'PROFESSIONAL', inProgress: 1, submitted: 0, codes: 0, codesUsed: 0 },
      { role: 'CONSULTANT', inProgress: 0, submitted: 1, codes: 0, codesUsed: 0 },
    ]);
  });
});

describe('regressions found while building the survey page', () => {
  it('keeps one submission id sent through two links as two submissions, each with its own receipt', async () => {
    const round = await createRound();
    const clientSubmissionId = randomUUID();
    const send = (role: string, answers: unknown[]) =>
      participant().graphql<{ submitSurveyResponse: { receiptCode: string } }>(SUBMIT, {
        input: { token: tokenOf(round, role), clientSubmissionId, answers, language: 'nb', consent: true },
      });
    const consultant = await send('CONSULTANT', consultantAnswers);
    const professional = await send('PROFESSIONAL', [{ item: 'contact', number: 0 }]);
    expect(professional.body.errors).toBeUndefined();
    expect(professional.body.data!.submitSurveyResponse.receiptCode).not.toBe(
      consultant.body.data!.submitSurveyResponse.receiptCode,
    );
    expect(await em().count(Response, { round: round.id, status: ResponseStatus.SUBMITTED })).toBe(2);
  });

  it('refuses a draft saved after the submission instead of starting a new response', async () => {
    const round = await createRound();
    const token = tokenOf(round, 'CONSULTANT');
    const saved = await participant().graphql<{ saveSurveyDraft: { resumeToken: string } }>(SAVE, {
      input: { token, answers: consultantAnswers.slice(0, 1), language: 'nb', consent: true },
    });
    const resumeToken = saved.body.data!.saveSurveyDraft.resumeToken;
    await participant().graphql(SUBMIT, {
      input: {
        token,
        resumeToken,
        clientSubmissionId: randomUUID(),
        answers: consultantAnswers,
        language: 'nb',
        consent: true,
      },
    });
    const late = await participant().graphql(SAVE, {
      input: { token, resumeToken, answers: consultantAnswers, language: 'nb', consent: true },
    });
    expect(late.body.errors![0]!.extensions!.code).toBe('ALREADY_SUBMITTED');
    expect(await em().count(Response, { round: round.id })).toBe(1);
  });

  it('gives the opening day of a scheduled round as data, not only in the message', async () => {
    const round = await createRound({ opensAt: '2099-05-01T08:00:00Z' });
    const result = await participant().graphql(SURVEY, { token: tokenOf(round, 'CONSULTANT') });
    expect(result.body.errors![0]!.extensions).toMatchObject({
      code: 'ROUND_NOT_OPEN',
      opensOn: '2099-05-01',
    });
  });
});
