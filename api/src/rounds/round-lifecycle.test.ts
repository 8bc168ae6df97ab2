import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { ConsentService } from '../consent/consent.service.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { Response } from '../responses/response.entity.js';
import type { Project } from '../projects/project.entity.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { Round } from './round.entity.js';

/** The start of the default information text the web app offers, placeholders and all. */
const DEFAULT_INFORMATION = {
  nb: 'Hvem som er ansvarlig\n[Navn på virksomheten] er ansvarlig.\n\nSvarene oppbevares til [dato].\nResultater vises for grupper på minst [k] personer.',
  en: 'Who is responsible\n[Name of the organisation] is responsible.',
};
const FILLED = {
  nb: 'Eksempel kommune er ansvarlig. Svarene oppbevares til 31.12.2027. Resultater vises for grupper på minst 5.',
  en: 'Eksempel kommune is responsible.',
};

const ROUND = `id label status draft information { nb en } consentText { nb en } contact dataController
  targetResponses instrumentVersion opensAt closesAt openLinks { role path }
  counts { role submitted codes } responseRate { submitted target ofTarget invited invitedSubmitted ofInvited }`;

interface RoundData {
  id: string;
  label: string;
  status: string;
  draft: boolean;
  information: { nb: string; en: string | null };
  consentText: { nb: string; en: string | null } | null;
  contact: string | null;
  dataController: string | null;
  targetResponses: number | null;
  instrumentVersion: number;
  opensAt: string;
  closesAt: string | null;
  openLinks: { role: string; path: string }[];
  counts: { role: string; submitted: number; codes: number }[];
  responseRate: {
    submitted: number;
    target: number | null;
    ofTarget: number | null;
    invited: number;
    invitedSubmitted: number;
    ofInvited: number | null;
  };
}
type Errors = { message: string; extensions?: Record<string, unknown> }[];

let server: TestServer;
let project: Project;
let researcher: GraphQLClient;
let manager: GraphQLClient;
let instrumentId: string;
const em = () => server.db.orm.em.fork();

beforeAll(async () => {
  server = await startTestServer();
  project = await makeProject(em(), 'Livsløp test');
  researcher = server.client({
    session: await makeSession(em(), await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] })),
  });
  manager = server.client({
    session: await makeSession(em(), await makeUser(em(), { roles: [[project, ProjectRole.MANAGER]] })),
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

async function create(extra: Record<string, unknown> = {}) {
  return researcher.graphql<{ createRound: RoundData }>(
    `mutation ($input: CreateRoundInput!) { createRound(input: $input) { ${ROUND} } }`,
    {
      input: {
        projectId: project.id,
        instrumentId,
        label: 'Oppstart 2027',
        opensAt: new Date(Date.now() - 3_600_000).toISOString(),
        information: DEFAULT_INFORMATION,
        draft: true,
        ...extra,
      },
    },
  );
}
async function draft(extra: Record<string, unknown> = {}): Promise<RoundData> {
  const result = await create(extra);
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.createRound;
}
const update = (id: string, input: Record<string, unknown>, client = researcher) =>
  client.graphql<{ updateRound: RoundData }>(
    `mutation ($id: UUID!, $input: UpdateRoundInput!) { updateRound(id: $id, input: $input) { ${ROUND} } }`,
    { id, input },
  );
const open = (id: string, client = researcher) =>
  client.graphql<{ openRound: RoundData }>(`mutation ($id: UUID!) { openRound(id: $id) { ${ROUND} } }`, {
    id,
  });
const read = async (id: string): Promise<RoundData> =>
  (
    await researcher.graphql<{ round: RoundData }>(`query ($id: UUID!) { round(id: $id) { ${ROUND} } }`, {
      id,
    })
  ).body.data!.round;
const auditOf = (id: string, action: AuditAction) =>
  em().find(AuditEvent, { subjectId: id, action }, { orderBy: { at: 'asc' } });
const tokenOf = (round: RoundData, role: string) =>
  round.openLinks.find((link) => link.role === role)!.path.slice('/s/'.length);

const SURVEY = 'query ($token: String!) { survey(token: $token) { role } }';
const SUBMIT = `mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }`;
const consultantAnswers = [
  { item: 'contact', number: 1 },
  { item: 'workplace', choices: ['housing'] },
  { item: 'hope_1', number: 4 },
  { item: 'hope_2', number: 2 },
  { item: 'role_1', notApplicable: true },
];
/** Submits a consultant's answers through the round's open link; gives the id of the response it stored. */
async function submit(round: RoundData): Promise<string> {
  const ids = async () =>
    (
      (await em().getConnection().execute('select id from responses where round_id = ?', [round.id])) as {
        id: string;
      }[]
    ).map((row) => row.id);
  const before = await ids();
  const result = await server.client().graphql(SUBMIT, {
    input: {
      token: tokenOf(round, 'CONSULTANT'),
      clientSubmissionId: randomUUID(),
      answers: consultantAnswers,
      language: 'nb',
      consent: true,
    },
  });
  expect(result.body.errors).toBeUndefined();
  const added = (await ids()).filter((id) => !before.includes(id));
  expect(added).toHaveLength(1);
  return added[0]!;
}

describe('a round in preparation', () => {
  it('takes no answers, whatever its window, until it is opened', async () => {
    const round = await draft();
    expect(round.status).toBe('DRAFT');
    expect(round.draft).toBe(true);
    const refused = await server.client().graphql(SURVEY, { token: tokenOf(round, 'CONSULTANT') });
    expect((refused.body.errors as Errors)[0]!.extensions).toMatchObject({ code: 'ROUND_NOT_OPEN' });
  });

  it('cannot be opened while a placeholder remains, and the error names each one by field', async () => {
    const round = await draft({ consentText: { nb: 'Jeg samtykker til [formål].' } });
    const refused = await open(round.id);
    const error = (refused.body.errors as Errors)[0]!;
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        'information.nb': expect.stringContaining('[Navn på virksomheten], [dato], [k]'),
        'information.en': expect.stringContaining('[Name of the organisation]'),
        'consentText.nb': expect.stringContaining('[formål]'),
      },
      placeholders: [
        { field: 'information.nb', text: '[Navn på virksomheten]' },
        { field: 'information.nb', text: '[dato]' },
        { field: 'information.nb', text: '[k]' },
        { field: 'information.en', text: '[Name of the organisation]' },
        { field: 'consentText.nb', text: '[formål]' },
      ],
    });
    expect(error.message).toContain('[Navn på virksomheten]');
    const stored = await em().findOneOrFail(Round, { id: round.id });
    expect(stored.draft).toBe(true);
    expect(await auditOf(round.id, AuditAction.ROUND_OPENED)).toHaveLength(0);

    // Filling one field is not enough: the others are still named.
    await update(round.id, { information: FILLED });
    const still = await open(round.id);
    expect((still.body.errors as Errors)[0]!.extensions!['placeholders']).toEqual([
      { field: 'consentText.nb', text: '[formål]' },
    ]);
  });

  it('is refused at creation if it would open at once with a placeholder, and nothing is stored', async () => {
    const before = await em().count(Round, { project: project.id });
    const refused = await create({ draft: false, label: 'Ikke lagret' });
    expect((refused.body.errors as Errors)[0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'information.nb': expect.stringContaining('[dato]') },
    });
    expect(await em().count(Round, { project: project.id })).toBe(before);
    expect(
      await em().count(AuditEvent, { action: AuditAction.ROUND_CREATED, details: { label: 'Ikke lagret' } }),
    ).toBe(0);
  });

  it('is edited — name, dates, texts, contact and data controller — then opened, each step audited', async () => {
    const round = await draft();
    const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const edited = await update(round.id, {
      label: 'Oppstart 2027, Eksempelby',
      closesAt,
      information: FILLED,
      consentText: { nb: 'Jeg har lest informasjonen og vil delta.', en: 'I have read the information.' },
      contact: 'Prosjektleder, prosjekt@example.org',
      dataController: 'Eksempel kommune',
      targetResponses: 40,
    });
    expect(edited.body.errors).toBeUndefined();
    const opened = await open(round.id);
    expect(opened.body.errors).toBeUndefined();
    expect(opened.body.data!.openRound).toMatchObject({ status: 'OPEN', draft: false });

    const stored = await read(round.id);
    expect(stored).toMatchObject({
      label: 'Oppstart 2027, Eksempelby',
      closesAt,
      information: FILLED,
      contact: 'Prosjektleder, prosjekt@example.org',
      dataController: 'Eksempel kommune',
      targetResponses: 40,
    });
    const [updated] = await auditOf(round.id, AuditAction.ROUND_UPDATED);
    expect(updated!.details).toMatchObject({
      changed: expect.arrayContaining([
        'label',
        'closesAt',
        'information',
        'consentText',
        'contact',
        'dataController',
      ]),
      before: { label: 'Oppstart 2027', contact: null },
      after: { label: 'Oppstart 2027, Eksempelby', contact: 'Prosjektleder, prosjekt@example.org' },
    });
    expect(await auditOf(round.id, AuditAction.ROUND_OPENED)).toHaveLength(1);
    // Opening twice is no second event.
    await open(round.id);
    expect(await auditOf(round.id, AuditAction.ROUND_OPENED)).toHaveLength(1);
    // Participants are given the round's own consent statement, the one kept with their response.
    const answer = await server
      .client()
      .graphql<{ survey: { round: { consentText: { nb: string } | null } } }>(
        'query ($token: String!) { survey(token: $token) { round { consentText { nb } } } }',
        { token: tokenOf(stored, 'CONSULTANT') },
      );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.survey.round.consentText).toEqual({
      nb: 'Jeg har lest informasjonen og vil delta.',
    });
  });

  it('refuses a closing time that has passed when it is opened', async () => {
    const round = await draft({
      information: FILLED,
      opensAt: new Date(Date.now() - 7_200_000).toISOString(),
      closesAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const refused = await open(round.id);
    expect((refused.body.errors as Errors)[0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { closesAt: expect.any(String) },
    });
  });
});

describe('an open round', () => {
  it('can still be edited, but never given a placeholder; a refused edit changes nothing and is not audited', async () => {
    const round = await draft({ information: FILLED, draft: false });
    expect(round.status).toBe('OPEN');
    const renamed = await update(round.id, { label: 'Nytt navn', contact: 'Forsker, 99 99 99 99' });
    expect(renamed.body.errors).toBeUndefined();
    const events = (await auditOf(round.id, AuditAction.ROUND_UPDATED)).length;

    const refused = await update(round.id, {
      label: 'Skal ikke lagres',
      information: { nb: 'Kontakt [navn] for spørsmål.' },
    });
    expect((refused.body.errors as Errors)[0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'information.nb': expect.stringContaining('[navn]') },
      placeholders: [{ field: 'information.nb', text: '[navn]' }],
    });
    const stored = await read(round.id);
    expect(stored).toMatchObject({ label: 'Nytt navn', information: FILLED, status: 'OPEN' });
    expect(await auditOf(round.id, AuditAction.ROUND_UPDATED)).toHaveLength(events);
  });

  it('names the bad field of an edit', async () => {
    const round = await draft({ information: FILLED });
    const bad = await update(round.id, { targetResponses: 0, contact: 'x'.repeat(501) });
    expect((bad.body.errors as Errors)[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(bad.body.errors)).toContain('targetResponses');
    expect(JSON.stringify(bad.body.errors)).toContain('contact');
    const blank = await update(round.id, { consentText: { nb: '   ' } });
    expect((blank.body.errors as Errors)[0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'consentText.nb': 'must not be blank' },
    });
  });

  it('is not edited, opened or copied by a manager of the project', async () => {
    const round = await draft({ information: FILLED });
    for (const result of [
      await update(round.id, { label: 'Leder' }, manager),
      await open(round.id, manager),
      await manager.graphql('mutation ($id: UUID!) { copyRound(id: $id) { id } }', { id: round.id }),
    ])
      expect((result.body.errors as Errors)[0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await read(round.id)).label).toBe('Oppstart 2027');
  });
});

describe('the consented text', () => {
  it('is kept with each response as it stood when that participant submitted', async () => {
    const round = await draft({ information: FILLED, draft: false, consentText: { nb: 'Jeg vil delta.' } });
    const first = await submit(round);
    const changed = { nb: 'Eksempel kommune er ansvarlig. Ny tekst etter rettelse.' };
    expect((await update(round.id, { information: changed })).body.errors).toBeUndefined();
    const second = await submit(round);
    expect(second).not.toBe(first);

    const consent = (id: string) => new ConsentService(em()).of(id);
    expect(await consent(first)).toMatchObject({ information: FILLED, statement: { nb: 'Jeg vil delta.' } });
    expect(await consent(second)).toMatchObject({
      information: changed,
      statement: { nb: 'Jeg vil delta.' },
    });
    // A third participant on the same text shares the second's row.
    const third = await submit(round);
    expect((await consent(third))!.hash).toBe((await consent(second))!.hash);
  });
});

describe('copying a round', () => {
  it('makes a round in preparation with the same instrument version and texts, new links and nothing answered', async () => {
    const source = await draft({
      information: FILLED,
      draft: false,
      targetResponses: 12,
      contact: 'Forsker',
    });
    await submit(source);
    const copied = await researcher.graphql<{ copyRound: RoundData }>(
      `mutation ($id: UUID!) { copyRound(id: $id) { ${ROUND} } }`,
      { id: source.id },
    );
    expect(copied.body.errors).toBeUndefined();
    const copy = copied.body.data!.copyRound;
    expect(copy).toMatchObject({
      label: 'Oppstart 2027 (kopi)',
      status: 'DRAFT',
      instrumentVersion: source.instrumentVersion,
      information: FILLED,
      targetResponses: 12,
      contact: 'Forsker',
      closesAt: null,
    });
    expect(copy.id).not.toBe(source.id);
    expect(copy.openLinks.map((link) => link.role)).toEqual(source.openLinks.map((link) => link.role));
    for (const link of copy.openLinks) expect(source.openLinks.map((l) => l.path)).not.toContain(link.path);
    expect(copy.counts.every((count) => count.submitted === 0 && count.codes === 0)).toBe(true);
    expect(await auditOf(copy.id, AuditAction.ROUND_COPIED)).toHaveLength(1);
    const named = await researcher.graphql<{ copyRound: RoundData }>(
      'mutation ($id: UUID!) { copyRound(id: $id, label: "Etter 12 måneder") { label } }',
      { id: source.id },
    );
    expect(named.body.data!.copyRound.label).toBe('Etter 12 måneder');
  });
});

describe('the response rate', () => {
  it('is measured against the target and against the codes handed out', async () => {
    const round = await draft({ information: FILLED, draft: false });
    expect((await read(round.id)).responseRate).toEqual({
      submitted: 0,
      target: null,
      ofTarget: null,
      invited: 0,
      invitedSubmitted: 0,
      ofInvited: null,
    });
    await submit(round);
    const codes = await researcher.graphql<{ createInvitationCodes: { codes: string[] } }>(
      'mutation ($id: UUID!) { createInvitationCodes(input: { roundId: $id, role: CONSULTANT, count: 4 }) { codes } }',
      { id: round.id },
    );
    const code = codes.body.data!.createInvitationCodes.codes[0]!;
    const byCode = await server.client().graphql(SUBMIT, {
      input: {
        token: code,
        clientSubmissionId: randomUUID(),
        answers: consultantAnswers,
        language: 'nb',
        consent: true,
      },
    });
    expect(byCode.body.errors).toBeUndefined();
    await update(round.id, { targetResponses: 8 });
    expect((await read(round.id)).responseRate).toEqual({
      submitted: 2,
      target: 8,
      ofTarget: 0.25,
      invited: 4,
      invitedSubmitted: 1,
      ofInvited: 0.25,
    });
    await update(round.id, { targetResponses: null });
    expect((await read(round.id)).responseRate).toMatchObject({ target: null, ofTarget: null });
  });
});

describe('previewing a round as a participant', () => {
  const PREVIEW = `query ($id: UUID!, $role: RespondentRole!) { roundPreview(id: $id, role: $role) {
    role kind round { label information { nb } consentRequired }
    sections { key items { key prompt { nb } construct promptByRole { role } } } savedAnswers { item } } }`;
  interface Preview {
    roundPreview: {
      role: string;
      round: { label: string; information: { nb: string } };
      sections: { key: string; items: { key: string; prompt: { nb: string }; construct: string | null }[] }[];
      savedAnswers: unknown[];
    };
  }
  const survey = (client: GraphQLClient, id: string, role: string) =>
    client.graphql<Preview>(PREVIEW, { id, role });

  it("gives a draft's questions as each role gets them, in that role's wording, and stores nothing", async () => {
    const round = await draft();
    const responses = await em().count(Response, {});
    const asConsultant = await survey(researcher, round.id, 'CONSULTANT');
    expect(asConsultant.body.errors).toBeUndefined();
    const preview = asConsultant.body.data!.roundPreview;
    expect(preview.round.information.nb).toBe(DEFAULT_INFORMATION.nb);
    const items = preview.sections.flatMap((section) => section.items);
    expect(items.find((item) => item.key === 'hope_1')!.prompt.nb).toBe('Jeg gir brukerne håp');
    expect(items.map((item) => item.key)).not.toContain('recommend');
    // Nothing about scoring reaches a participant, nor the preview.
    expect(items.every((item) => item.construct === null)).toBe(true);

    const asServiceUser = (await survey(researcher, round.id, 'SERVICE_USER')).body.data!.roundPreview;
    const serviceItems = asServiceUser.sections.flatMap((section) => section.items);
    expect(serviceItems.map((item) => item.key)).toContain('recommend');
    expect(serviceItems.map((item) => item.key)).not.toContain('role_1');
    expect(serviceItems.find((item) => item.key === 'hope_1')!.prompt.nb).toBe(
      'Erfaringskonsulenten gir meg håp',
    );
    expect(await em().count(Response, {})).toBe(responses);
  });

  it('is for the researchers of the project only', async () => {
    const round = await draft();
    const refused = await survey(manager, round.id, 'CONSULTANT');
    expect((refused.body.errors as Errors)[0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const outsider = await survey(server.client(), round.id, 'CONSULTANT');
    expect(outsider.body.data ?? null).toBeNull();
  });
});
