import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { inEveryLanguage } from '../instruments/test/nynorsk.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import type { Project } from '../projects/project.entity.js';
import { Invitee } from '../invitees/invitee.entity.js';
import { Response } from '../responses/response.entity.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { publishInstrument } from '../test/rounds.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { Round } from './round.entity.js';

const ROUND = 'id status draft languages defaultLanguage openLinks { role path }';
interface RoundData {
  id: string;
  status: string;
  draft: boolean;
  languages: string[];
  defaultLanguage: string;
  openLinks: { role: string; path: string }[];
}
type Errors = { message: string; extensions?: Record<string, unknown> }[];

const INFORMATION = { nb: 'Det er frivillig å svare.', en: 'Taking part is voluntary.' };
const EVERY_LANGUAGE = { ...INFORMATION, nn: 'Det er frivillig å svare, og du kan la vere.' };

let server: TestServer;
let project: Project;
let author: User;
let researcher: GraphQLClient;
/** Every text in nb, nn and en. */
let complete: string;
/** The sample instrument: bokmål and English, no nynorsk. */
let noNynorsk: string;
const em = () => server.db.orm.em.fork();

beforeAll(async () => {
  server = await startTestServer();
  project = await makeProject(em(), 'Språk test');
  author = await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] });
  researcher = server.client({ session: await makeSession(em(), author) });
  complete = await publishInstrument(em(), project, author, inEveryLanguage(sampleDefinition()));
  noNynorsk = await publishInstrument(em(), project, author, sampleDefinition());
});
afterAll(async () => {
  await server?.stop();
});

function create(extra: Record<string, unknown> = {}, instrumentId = complete) {
  return researcher.graphql<{ createRound: RoundData }>(
    `mutation ($input: CreateRoundInput!) { createRound(input: $input) { ${ROUND} } }`,
    {
      input: {
        projectId: project.id,
        instrumentId,
        label: `Runde ${randomUUID().slice(0, 6)}`,
        opensAt: new Date(Date.now() - 3_600_000).toISOString(),
        information: EVERY_LANGUAGE,
        ...extra,
      },
    },
  );
}
async function created(extra: Record<string, unknown> = {}, instrumentId = complete): Promise<RoundData> {
  const result = await create(extra, instrumentId);
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.createRound;
}
const update = (id: string, input: Record<string, unknown>) =>
  researcher.graphql<{ updateRound: RoundData }>(
    `mutation ($id: UUID!, $input: UpdateRoundInput!) { updateRound(id: $id, input: $input) { ${ROUND} } }`,
    { id, input },
  );
const open = (id: string) =>
  researcher.graphql<{ openRound: RoundData }>(`mutation ($id: UUID!) { openRound(id: $id) { ${ROUND} } }`, {
    id,
  });
const fieldsOf = (errors: unknown) => (errors as Errors)[0]!.extensions!['fields'] as Record<string, string>;
const tokenOf = (round: RoundData, role = 'CONSULTANT') =>
  round.openLinks.find((link) => link.role === role)!.path.slice('/s/'.length);
const roundCount = () => em().count(Round, { project: project.id });

const answers = [
  { item: 'contact', number: 1 },
  { item: 'workplace', choices: ['housing'] },
  { item: 'hope_1', number: 4 },
  { item: 'hope_2', number: 2 },
  { item: 'role_1', notApplicable: true },
];

describe("a round's languages", () => {
  it('offer, when none are named, bokmål and each language every text is given in, opening in bokmål', async () => {
    expect((await created()).languages).toEqual(['nb', 'nn', 'en']);
    const partial = await created({ information: INFORMATION }, noNynorsk);
    expect(partial).toMatchObject({ languages: ['nb', 'en'], defaultLanguage: 'nb' });
    const bokmål = await created({ information: { nb: 'Bare bokmål.' } });
    expect(bokmål.languages).toEqual(['nb']);
  });

  it('are kept in Verdi’s order, without repeats, with the default one of them', async () => {
    const round = await created({ languages: ['en', 'nn', 'nn'], defaultLanguage: 'nn' });
    expect(round).toMatchObject({ languages: ['nn', 'en'], defaultLanguage: 'nn' });
    const stored = await em().findOneOrFail(Round, { id: round.id });
    expect([stored.languages, stored.defaultLanguage]).toEqual([['nn', 'en'], 'nn']);
    // Without a default named, bokmål if offered, else the first.
    expect((await created({ languages: ['en', 'nn'] })).defaultLanguage).toBe('nn');
  });

  it('refuse an unknown language, none at all, and a default not offered, storing nothing', async () => {
    const before = await roundCount();
    for (const [input, field, message] of [
      [{ languages: ['nb', 'se'] }, 'languages', 'holds "se": only nb, nn and en are offered'],
      [
        { languages: ['nb\u0000'] },
        'input.languages.0',
        'contains a NUL character (\\u0000), which cannot be stored',
      ],
      [{ languages: ['NN'] }, 'languages', 'holds "NN": only nb, nn and en are offered'],
      [{ languages: [] }, 'languages', 'must offer at least one language'],
      [
        { languages: ['nb', 'en'], defaultLanguage: 'nn' },
        'defaultLanguage',
        'must be one of the languages offered (nb, en)',
      ],
      [{ defaultLanguage: 'nn\n' }, 'defaultLanguage', 'must be one of the languages offered (nb, nn, en)'],
    ] as const) {
      const result = await create(input);
      expect(fieldsOf(result.body.errors), JSON.stringify(input)).toEqual({ [field]: message });
    }
    expect(await roundCount()).toBe(before);
  });

  it('cannot open while an offered language misses a text, naming a few by item and language', async () => {
    const before = await roundCount();
    const refused = await create({ languages: ['nb', 'nn'] }, noNynorsk);
    const error = (refused.body.errors as Errors)[0]!;
    expect(error.extensions!['code']).toBe('BAD_USER_INPUT');
    const message = fieldsOf(refused.body.errors)['languages']!;
    expect(message).toMatch(
      /^nn is offered but not complete before the round opens: section title \(nn\)|^nn is offered/,
    );
    expect(message).toContain(
      'sections[0].title (nn), item contact prompt (nn), item workplace prompt (nn) and ',
    );
    expect(message).toMatch(/and \d+ more have no text; translate them or stop offering the language$/);
    const missing = error.extensions!['missing'] as { path: string; item: string | null; language: string }[];
    expect(missing.every((m) => m.language === 'nn')).toBe(true);
    // The role wordings, the options and the scale's labels are all counted.
    expect(missing.map((m) => m.path)).toEqual(
      expect.arrayContaining([
        'sections[0].items[1].options[0].label',
        expect.stringMatching(
          /^sections\[\d+\]\.items\[\d+\]\.prompt\.(SERVICE_USER|PROFESSIONAL|CONSULTANT)$/,
        ),
        'scales[0].points[0].label',
        'scales[0].notApplicable',
      ]),
    );
    // Construct labels are not: participants never see them.
    expect(missing.some((m) => m.path.startsWith('constructs'))).toBe(false);
    expect(await roundCount()).toBe(before);
  });

  it("names the round's own texts too, and opens once they are given", async () => {
    const round = await created({
      draft: true,
      languages: ['nn'],
      information: { nb: 'Informasjon.' },
      consentText: { nb: 'Jeg samtykker.', en: 'I consent.' },
    });
    expect(round).toMatchObject({ status: 'DRAFT', languages: ['nn'], defaultLanguage: 'nn' });
    const refused = await open(round.id);
    expect(fieldsOf(refused.body.errors)['languages']).toBe(
      'nn is offered but not complete before the round opens: information (nn) and consentText (nn) have no text; translate them or stop offering the language',
    );
    expect((await em().findOneOrFail(Round, { id: round.id })).draft).toBe(true);

    const fixed = await update(round.id, {
      information: { nb: 'Informasjon.', nn: 'Informasjon på nynorsk.' },
      consentText: { nb: 'Jeg samtykker.', nn: 'Eg samtykkjer.' },
    });
    expect(fixed.body.errors).toBeUndefined();
    expect((await open(round.id)).body.data!.openRound.status).toBe('OPEN');
  });

  it('of a round that takes answers may grow by a complete language, but never shrink or lose a text', async () => {
    const round = await created({ languages: ['nb'] });
    const dropped = await update(round.id, { languages: ['nn'] });
    expect(fieldsOf(dropped.body.errors)).toEqual({
      languages: 'cannot stop offering nb while the round takes answers: participants may be answering in it',
    });
    const grown = await update(round.id, { languages: ['nb', 'nn'], defaultLanguage: 'nn' });
    expect(grown.body.errors).toBeUndefined();
    expect(grown.body.data!.updateRound).toMatchObject({ languages: ['nb', 'nn'], defaultLanguage: 'nn' });

    const emptied = await update(round.id, { information: { nb: 'Ny tekst.', nn: '  ', en: 'New text.' } });
    expect(fieldsOf(emptied.body.errors)).toEqual({
      'information.nn': 'must not be emptied: the round takes answers and offers nn',
    });
    const stored = await em().findOneOrFail(Round, { id: round.id });
    expect([stored.languages, stored.information.nb]).toEqual([['nb', 'nn'], EVERY_LANGUAGE.nb]);

    const incomplete = await created({ languages: ['nb'], information: INFORMATION }, noNynorsk);
    const refused = await update(incomplete.id, { languages: ['nb', 'nn'] });
    expect(fieldsOf(refused.body.errors)['languages']).toMatch(
      /^nn is offered but not complete for a round that takes answers: information \(nn\), section/,
    );
    expect((await em().findOneOrFail(Round, { id: incomplete.id })).languages).toEqual(['nb']);
  });

  it('of a round being prepared may change freely', async () => {
    const round = await created({ draft: true, languages: ['nb', 'en'] }, noNynorsk);
    const changed = await update(round.id, { languages: ['nn'] });
    expect(changed.body.data!.updateRound).toMatchObject({ languages: ['nn'], defaultLanguage: 'nn' });
  });
});

describe('the survey of a round offered in nynorsk only', () => {
  const SURVEY = 'query ($token: String!) { survey(token: $token) { round { languages defaultLanguage } } }';
  const SUBMIT =
    'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }';
  const SAVE = 'mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken } }';

  it('tells the page its languages and default, and takes answers in nynorsk only', async () => {
    const round = await created({ languages: ['nn'] });
    const participant = server.client();
    const survey = await participant.graphql<{
      survey: { round: { languages: string[]; defaultLanguage: string } };
    }>(SURVEY, { token: tokenOf(round) });
    expect(survey.body.data!.survey.round).toEqual({ languages: ['nn'], defaultLanguage: 'nn' });

    const responses = () => em().count(Response, { round: round.id });
    for (const language of ['nb', 'en']) {
      // Twice: the second submission meets the link as remembered by the fast path.
      for (let attempt = 0; attempt < 2; attempt++) {
        const refused = await participant.graphql(SUBMIT, {
          input: {
            token: tokenOf(round),
            clientSubmissionId: randomUUID(),
            answers,
            language,
            consent: true,
          },
        });
        expect(fieldsOf(refused.body.errors)).toEqual({
          language: 'is not offered in this round, which offers nn',
        });
      }
      const draft = await participant.graphql(SAVE, {
        input: { token: tokenOf(round), answers: answers.slice(0, 1), language, consent: true },
      });
      expect(fieldsOf(draft.body.errors)).toEqual({
        language: 'is not offered in this round, which offers nn',
      });
    }
    expect(await responses()).toBe(0);

    const accepted = await participant.graphql(SUBMIT, {
      input: {
        token: tokenOf(round),
        clientSubmissionId: randomUUID(),
        answers,
        language: 'nn',
        consent: true,
      },
    });
    expect(accepted.body.errors).toBeUndefined();
    const [stored] = await em().find(Response, { round: round.id });
    expect(stored!.language).toBe('nn');
  });
});

describe('invitees of a round', () => {
  const ADD = `mutation ($roundId: UUID!, $input: AddInviteesInput!) { addInvitees(roundId: $roundId, input: $input) { added } }`;

  it("are mailed in a language the round offers, by default the round's default", async () => {
    const round = await created({ draft: true, languages: ['nn', 'en'], defaultLanguage: 'nn' });
    const refused = await researcher.graphql(ADD, {
      roundId: round.id,
      input: { text: 'a@example.org,fagperson,nb\nb@example.org,fagperson,en', defaultRole: 'CONSULTANT' },
    });
    expect(fieldsOf(refused.body.errors)).toEqual({
      'lines.1': 'has the language nb, which this round does not offer (nn, en)',
    });
    expect(await em().count(Invitee, { round: round.id })).toBe(0);

    const added = await researcher.graphql(ADD, {
      roundId: round.id,
      input: { text: 'a@example.org\nb@example.org,fagperson,en', defaultRole: 'CONSULTANT' },
    });
    expect(added.body.errors).toBeUndefined();
    const rows = await em().find(Invitee, { round: round.id }, { orderBy: { emailKey: 'asc' } });
    expect(rows.map((row) => row.language)).toEqual(['nn', 'en']);
  });
});
