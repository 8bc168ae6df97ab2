import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { ItemType, RespondentRole } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';

let server: TestServer;
let researcher: GraphQLClient;
let manager: GraphQLClient;
let otherResearcher: GraphQLClient;
let signedOut: GraphQLClient;
let roundId: string;

/** Texts as people type them, and as someone might try to break the page with. */
const HOSTILE = [
  'Første linje\nAndre linje\r\n\nTredje',
  'Hun sa "takk" og \'ha det\'',
  'Mer håp 🙂👩🏽‍⚕️',
  '=1+1',
  '<script>alert(1)</script><b>fet</b>',
  `Lang${'x'.repeat(1900)}`,
];

/** The sample instrument with the consultants' own wording of the free-text question, and a second one. */
function definition() {
  const def = sampleDefinition();
  const value = def.sections[1]!.items.find((item) => item.key === 'value_text')!;
  value.maxLength = 2000;
  value.promptByRole = [
    {
      role: RespondentRole.CONSULTANT,
      text: { nb: 'Hva er verdien av arbeidet ditt?', en: 'What is the value of your work?' },
    },
  ];
  def.sections[0]!.items.push({
    key: 'about_text',
    type: ItemType.TEXT,
    roles: [RespondentRole.CONSULTANT],
    prompt: { nb: 'Noe mer om deg?' },
    required: false,
    reverseScored: false,
  });
  return def;
}

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  const project = await makeProject(em);
  const other = await makeProject(em);
  const user = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  researcher = server.client({ session: await makeSession(em, user) });
  manager = server.client({
    session: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] })),
  });
  otherResearcher = server.client({
    session: await makeSession(em, await makeUser(em, { roles: [[other, ProjectRole.RESEARCHER]] })),
  });
  signedOut = server.client();
  const round = await makeOpenRound(em, project, user, { definition: definition() });
  roundId = round.roundId;
  const token = round.links.CONSULTANT!;
  for (const text of ['Mer håp i hverdagen', 'Jeg er alene i rollen', ...HOSTILE]) {
    await new SurveyService(server.db.orm.em.fork()).submit({
      token,
      clientSubmissionId: randomUUID(),
      answers: [
        { item: 'contact', number: 1 },
        { item: 'workplace', choices: ['ambulant'] },
        { item: 'value_text', text },
      ],
      language: 'nb',
      consent: true,
    });
  }
});
afterAll(async () => {
  await server?.stop();
});

const LIST =
  'query ($w: UUID!) { freeTextAnswers(roundId: $w, item: "value_text") { responseId item role text tags belowReportingThreshold } }';
const QUESTIONS =
  'query ($w: UUID!) { freeTextQuestions(roundId: $w) { item position section { nb en } prompt { nb en nn } promptByRole { role text { nb en } } roles } }';
const SET = 'mutation ($input: SetTextTagsInput!) { setTextTags(input: $input) }';

describe('free text', () => {
  it('is listed for researchers per item and role, flagged when the group is too small for reports', async () => {
    const result = await researcher.graphql<{
      freeTextAnswers: { text: string; role: string; belowReportingThreshold: boolean }[];
    }>(LIST, { w: roundId });
    const listed = result.body.data!.freeTextAnswers;
    expect(listed.map((a) => [a.role, a.belowReportingThreshold])).toEqual(
      Array.from({ length: 2 + HOSTILE.length }, () => ['CONSULTANT', true]),
    );
    expect(listed.map((a) => a.text)).toEqual(
      expect.arrayContaining(['Jeg er alene i rollen', 'Mer håp i hverdagen']),
    );
  });

  it('returns every text exactly as typed: line breaks, quotes, emoji, formulas, markup and long texts', async () => {
    const result = await researcher.graphql<{ freeTextAnswers: { text: string }[] }>(LIST, { w: roundId });
    const texts = result.body.data!.freeTextAnswers.map((a) => a.text);
    for (const text of HOSTILE) expect(texts).toContain(text);
  });

  it('names the questions in questionnaire order, with every wording and the roles asked', async () => {
    const result = await researcher.graphql<{ freeTextQuestions: unknown[] }>(QUESTIONS, { w: roundId });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.freeTextQuestions).toEqual([
      {
        item: 'about_text',
        position: 4,
        section: { nb: 'Om deg', en: 'About you' },
        prompt: { nb: 'Noe mer om deg?', en: null, nn: null },
        promptByRole: [],
        roles: ['CONSULTANT'],
      },
      {
        item: 'value_text',
        position: 8,
        section: { nb: 'Verdi', en: 'Value' },
        prompt: { nb: 'Hva er verdien for deg?', en: 'What is the value to you?', nn: null },
        promptByRole: [
          {
            role: 'CONSULTANT',
            text: { nb: 'Hva er verdien av arbeidet ditt?', en: 'What is the value of your work?' },
          },
        ],
        roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
      },
    ]);
  });

  it('can be tagged with themes, which replace the earlier ones', async () => {
    const [first] = (
      await researcher.graphql<{ freeTextAnswers: { responseId: string }[] }>(LIST, { w: roundId })
    ).body.data!.freeTextAnswers;
    const set = await researcher.graphql(SET, {
      input: { responseId: first!.responseId, item: 'value_text', tags: [' Ensomhet', 'rolle', 'rolle'] },
    });
    expect(set.body.data).toEqual({ setTextTags: ['ensomhet', 'rolle'] });
    await researcher.graphql(SET, {
      input: { responseId: first!.responseId, item: 'value_text', tags: ['rolle'] },
    });
    const listed = await researcher.graphql<{ freeTextAnswers: { responseId: string; tags: string[] }[] }>(
      LIST,
      { w: roundId },
    );
    expect(listed.body.data!.freeTextAnswers.find((a) => a.responseId === first!.responseId)!.tags).toEqual([
      'rolle',
    ]);
  });

  it('takes two long themes alike in their first 64 characters as one, without failing', async () => {
    const [first] = (
      await researcher.graphql<{ freeTextAnswers: { responseId: string }[] }>(LIST, { w: roundId })
    ).body.data!.freeTextAnswers;
    const long = 'a'.repeat(64);
    const set = await researcher.graphql(SET, {
      input: { responseId: first!.responseId, item: 'value_text', tags: [`${long}b`, `${long}c`] },
    });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data).toEqual({ setTextTags: [long] });
  });

  it.each([
    ['a manager of the project', () => manager, 'FORBIDDEN'],
    ['a researcher of another project', () => otherResearcher, 'FORBIDDEN'],
    ['a signed-out caller', () => signedOut, 'UNAUTHENTICATED'],
  ])('gives %s neither answers, questions nor tagging', async (_who, caller, code) => {
    const answers = await caller().graphql(LIST, { w: roundId });
    expect(answers.body.data?.freeTextAnswers ?? null).toBeNull();
    expect(answers.body.errors![0]!.extensions!.code).toBe(code);
    const questions = await caller().graphql(QUESTIONS, { w: roundId });
    expect(questions.body.data?.freeTextQuestions ?? null).toBeNull();
    expect(questions.body.errors![0]!.extensions!.code).toBe(code);
    const [first] = (
      await researcher.graphql<{ freeTextAnswers: { responseId: string }[] }>(LIST, { w: roundId })
    ).body.data!.freeTextAnswers;
    const set = await caller().graphql(SET, {
      input: { responseId: first!.responseId, item: 'value_text', tags: ['x'] },
    });
    expect(set.body.errors![0]!.extensions!.code).toBe(code);
  });
});
