import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { Project } from '../projects/project.entity.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { InstrumentVersion, VersionStatus } from './instrument-version.entity.js';
import { exportRedcapDictionary } from './interchange/redcap.js';
import { newTypesDefinition } from './test/new-types-definition.js';
import { sampleDefinition, likert } from './test/sample-definition.js';

let server: TestServer;
let project: Project;
let researcher: GraphQLClient;
let otherResearcher: GraphQLClient;
let manager: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  project = await makeProject(em, 'Erfaringsskolen test');
  const other = await makeProject(em, 'Annet prosjekt');
  const as = async (roles: [Project, ProjectRole][]) =>
    server.client({ session: await makeSession(em, await makeUser(em, { roles })) });
  researcher = await as([[project, ProjectRole.RESEARCHER]]);
  otherResearcher = await as([[other, ProjectRole.RESEARCHER]]);
  manager = await as([[project, ProjectRole.MANAGER]]);
});
afterAll(async () => {
  await server?.stop();
});

const VERSION = 'id number status revision publishedAt problems { path item message }';
const CREATE = `mutation ($input: CreateInstrumentInput!) { createInstrument(input: $input) { id shared draft { ${VERSION} } } }`;
const SAVE = `mutation ($id: UUID!, $definition: InstrumentDefinitionInput!, $base: Int!) {
  saveInstrumentDraft(id: $id, definition: $definition, baseRevision: $base) { ${VERSION} definition { sections { key items { key prompt { nb en } } } } } }`;
const PUBLISH = `mutation ($id: UUID!, $revision: Int!) { publishInstrument(id: $id, revision: $revision) { ${VERSION} } }`;
const INSTRUMENT = `query ($id: UUID!) { instrument(id: $id) { id name draft { ${VERSION} } versions { ${VERSION} }
  draftChanges { addedItems removedItems changedItems changedConstructs changedScales changedSections hasChanges } } }`;

interface VersionData {
  id: string;
  number: number;
  status: string;
  revision: number;
  problems: { path: string; item: string | null; message: string }[];
}

async function createInstrument(
  client: GraphQLClient,
  projectId: string | null = project.id,
): Promise<string> {
  const result = await client.graphql<{ createInstrument: { id: string } }>(CREATE, {
    input: { name: 'Verdi og utfordringer', projectId },
  });
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.createInstrument.id;
}

describe('instruments over GraphQL', () => {
  it('starts with an empty draft that has problems, and refuses to publish it, listing each problem', async () => {
    const id = await createInstrument(researcher);
    const loaded = await researcher.graphql<{ instrument: { draft: VersionData } }>(INSTRUMENT, { id });
    const draft = loaded.body.data!.instrument.draft;
    expect(draft).toMatchObject({ number: 1, status: 'DRAFT', revision: 1 });
    expect(draft.problems.map((p) => p.message)).toEqual(['The instrument has no sections']);

    const refused = await researcher.graphql(PUBLISH, { id, revision: 1 });
    expect(refused.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ path: 'sections', item: null, message: 'The instrument has no sections' }],
    });
  });

  it('saves drafts with revision checks, publishes, and starts the next version on the next edit', async () => {
    const id = await createInstrument(researcher);
    const definition = sampleDefinition();
    const saved = await researcher.graphql<{ saveInstrumentDraft: VersionData }>(SAVE, {
      id,
      definition,
      base: 1,
    });
    expect(saved.body.data!.saveInstrumentDraft).toMatchObject({ revision: 2, problems: [] });

    const stale = await researcher.graphql(SAVE, { id, definition, base: 1 });
    expect(stale.body.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(stale.body.errors![0]!.message).toContain('reload it');

    const stalePublish = await researcher.graphql(PUBLISH, { id, revision: 1 });
    expect(stalePublish.body.errors![0]!.extensions!.code).toBe('CONFLICT');

    const published = await researcher.graphql<{ publishInstrument: VersionData & { publishedAt: string } }>(
      PUBLISH,
      {
        id,
        revision: 2,
      },
    );
    expect(published.body.data!.publishInstrument).toMatchObject({ number: 1, status: 'PUBLISHED' });
    expect(published.body.data!.publishInstrument.publishedAt).toBeTruthy();

    // Editing a published instrument starts version 2; version 1 stays exactly as published.
    const changed = sampleDefinition();
    changed.sections[1]!.items.push(likert('hope_3', 'hope'));
    changed.sections[1]!.items[0]!.prompt = { nb: 'Ny formulering', en: 'New wording' };
    changed.sections[1]!.items.splice(2, 1);
    const next = await researcher.graphql<{ saveInstrumentDraft: VersionData }>(SAVE, {
      id,
      definition: changed,
      base: 0,
    });
    expect(next.body.data!.saveInstrumentDraft).toMatchObject({ number: 2, status: 'DRAFT', revision: 1 });

    const view = await researcher.graphql<{
      instrument: { versions: VersionData[]; draftChanges: Record<string, unknown> };
    }>(INSTRUMENT, { id });
    expect(view.body.data!.instrument.versions.map((v) => [v.number, v.status])).toEqual([[1, 'PUBLISHED']]);
    expect(view.body.data!.instrument.draftChanges).toEqual({
      addedItems: ['hope_3'],
      removedItems: ['role_1'],
      changedItems: ['hope_1'],
      changedConstructs: [],
      changedScales: [],
      changedSections: [],
      hasChanges: true,
    });

    const em = server.db.orm.em.fork();
    em.clear();
    const first = await em.findOneOrFail(InstrumentVersion, { instrument: id, number: 1 });
    expect(first.status).toBe(VersionStatus.PUBLISHED);
    expect(first.definition.sections[1]!.items[0]!.prompt.nb).toBe('Erfaringskonsulenten gir meg håp');
  });

  it('saves a draft whose text shows a same-page answer, refuses to publish it, and publishes once it is earlier', async () => {
    const id = await createInstrument(researcher);
    const definition = sampleDefinition();
    const first = definition.sections[0]!;
    first.items[1]!.prompt = { nb: 'Om {{ contact }}: {{workplace|et sted}}?', en: 'About {{contact}}?' };
    const saved = await researcher.graphql<{ saveInstrumentDraft: VersionData }>(SAVE, {
      id,
      definition,
      base: 1,
    });
    const problems = saved.body.data!.saveInstrumentDraft.problems;
    expect(problems).toEqual([
      {
        path: 'sections[0].items[1].prompt.nb',
        item: first.items[1]!.key,
        message: `Item ${first.items[1]!.key}: the nb text of prompt shows the answer to contact, which is not on an earlier page`,
      },
      {
        path: 'sections[0].items[1].prompt.nb',
        item: first.items[1]!.key,
        message: `Item ${first.items[1]!.key}: the nb text of prompt shows the answer to workplace, which is not on an earlier page`,
      },
      {
        path: 'sections[0].items[1].prompt.en',
        item: first.items[1]!.key,
        message: `Item ${first.items[1]!.key}: the en text of prompt shows the answer to contact, which is not on an earlier page`,
      },
    ]);
    const refused = await researcher.graphql(PUBLISH, { id, revision: 2 });
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const versions = await server.db.orm.em
      .fork()
      .find(InstrumentVersion, { status: VersionStatus.PUBLISHED });
    expect(versions.filter((v) => v.instrument.id === id)).toEqual([]);

    // On the next page the same text is fine, fallback and spaces in the braces as written.
    definition.sections[1]!.items[0]!.prompt = { ...first.items[1]!.prompt };
    first.items[1]!.prompt = { nb: 'Hvor?' };
    const fixed = await researcher.graphql<{ saveInstrumentDraft: VersionData }>(SAVE, {
      id,
      definition,
      base: 2,
    });
    expect(fixed.body.data!.saveInstrumentDraft.problems).toEqual([]);
    const published = await researcher.graphql<{ publishInstrument: VersionData }>(PUBLISH, {
      id,
      revision: 3,
    });
    expect(published.body.errors).toBeUndefined();
    const loaded = await researcher.graphql<{ instrument: { versions: { number: number }[] } }>(INSTRUMENT, {
      id,
    });
    expect(loaded.body.data!.instrument.versions).toHaveLength(1);
  });

  it('keeps published versions frozen in the database itself, whatever writes to it', async () => {
    const id = await createInstrument(researcher);
    await researcher.graphql(SAVE, { id, definition: sampleDefinition(), base: 1 });
    await researcher.graphql(PUBLISH, { id, revision: 2 });
    const connection = server.db.orm.em.fork().getConnection();
    await expect(
      connection.execute(`update instrument_versions set definition = '{}' where instrument_id = ?`, [id]),
    ).rejects.toThrow(/published and cannot be changed/);
    await expect(
      connection.execute(`delete from instrument_versions where instrument_id = ?`, [id]),
    ).rejects.toThrow(/published and cannot be changed/);
    const again = await researcher.graphql(PUBLISH, { id, revision: 2 });
    expect(again.body.errors![0]!.message).toBe('The instrument has no draft to publish');
  });

  it('exports and imports Verdi JSON byte-identically through the API', async () => {
    const id = await createInstrument(researcher);
    await researcher.graphql(SAVE, { id, definition: sampleDefinition(), base: 1 });
    const EXPORT =
      'query ($id: UUID!, $format: InstrumentFormat!) { exportInstrument(id: $id, format: $format) }';
    const exported = (
      await researcher.graphql<{ exportInstrument: string }>(EXPORT, { id, format: 'VERDI_JSON' })
    ).body.data!.exportInstrument;
    const imported = await researcher.graphql<{
      importInstrument: { instrument: { id: string }; unmapped: string[]; problems: unknown[] };
    }>(
      'mutation ($input: ImportInstrumentInput!) { importInstrument(input: $input) { instrument { id } unmapped problems { message } } }',
      { input: { format: 'VERDI_JSON', content: exported, projectId: project.id } },
    );
    const result = imported.body.data!.importInstrument;
    expect(result.unmapped).toEqual([]);
    expect(result.problems).toEqual([]);
    const again = (
      await researcher.graphql<{ exportInstrument: string }>(EXPORT, {
        id: result.instrument.id,
        format: 'VERDI_JSON',
      })
    ).body.data!.exportInstrument;
    expect(again).toBe(exported);

    const redcap = (
      await researcher.graphql<{ exportInstrument: string }>(EXPORT, { id, format: 'REDCAP_CSV' })
    ).body.data!.exportInstrument;
    expect(redcap).toBe(
      exportRedcapDictionary({
        name: 'Verdi og utfordringer',
        description: null,
        definition: sampleDefinition(),
      }),
    );
  });

  it('imports a REDCap dictionary with its losses as ranked notes in both languages, and the old sentences', async () => {
    const IMPORT =
      'mutation ($input: ImportInstrumentInput!) { importInstrument(input: $input) { instrument { id } notes { kind severity message { nb en } fields } unmapped } }';
    type Imported = {
      importInstrument: {
        notes: { kind: string; severity: string; message: { nb: string; en: string }; fields: string[] }[];
        unmapped: string[];
      };
    };
    const roundTrip = await researcher.graphql<Imported>(IMPORT, {
      input: {
        format: 'REDCAP_CSV',
        content: exportRedcapDictionary({ name: 'x', description: null, definition: sampleDefinition() }),
        projectId: project.id,
      },
    });
    expect(roundTrip.body.data!.importInstrument.notes).toEqual([]);
    const csv = [
      'Variable / Field Name,Form Name,Section Header,Field Type,Field Label,"Choices, Calculations, OR Slider Labels",Field Note,Text Validation Type OR Show Slider Number,Text Validation Min,Text Validation Max,Identifier?,Branching Logic (Show field only if...),Required Field?,Custom Alignment,Question Number (surveys only),Matrix Group Name,Matrix Ranking?,Field Annotation',
      'record_id,f,,text,ID,,,,,,,,,,,,,',
      'stamp,f,,text,Når,,,,,,,,,,,,,@HIDDEN @NOW',
      'age,f,,text,Alder,,,integer,,,,,,,,,,',
      'q,f,,yesno,Q,,,,,,,[age] > 1 and [age] < 9,,,,,,',
    ].join('\n');
    const foreign = await researcher.graphql<Imported>(IMPORT, {
      input: { format: 'REDCAP_CSV', content: csv, projectId: project.id },
    });
    const { notes, unmapped } = foreign.body.data!.importInstrument;
    expect(notes.map((n) => [n.kind, n.severity, n.fields])).toEqual([
      ['redcap.branching.and', 'CHANGES_QUESTIONNAIRE', ['q']],
      ['redcap.action-tag.auto-value', 'LOSES_DETAIL', ['stamp']],
      ['redcap.validation.integer', 'LOSES_DETAIL', ['age']],
      ['redcap.record-id', 'COSMETIC', ['record_id']],
    ]);
    expect(notes[0]!.message.nb).toMatch(/vises alltid/);

    // SurveyJS reports through the same notes (whatever shape its importer returns), and never loses one.
    const survey = await researcher.graphql<Imported>(IMPORT, {
      input: {
        format: 'SURVEYJS_JSON',
        content: JSON.stringify({
          pages: [
            {
              name: 'p1',
              elements: [
                { type: 'text', name: 'age', title: 'Alder', inputType: 'number' },
                { type: 'signaturepad', name: 'sign', title: 'Signer' },
              ],
            },
          ],
        }),
        projectId: project.id,
      },
    });
    const fromSurvey = survey.body.data!.importInstrument;
    expect(fromSurvey.notes.length).toBeGreaterThan(0);
    expect(fromSurvey.notes.flatMap((n) => [n.message.en, ...n.fields]).join(' ')).toMatch(/sign/);
    expect(fromSurvey.unmapped).toHaveLength(fromSurvey.notes.length);
    expect(unmapped[0]).toMatch(/^Branching logic joined with "and".* Field: q\.$/);
  });

  it('exports an XLSForm as base64 that imports back unchanged, and refuses a bad workbook storing nothing', async () => {
    const id = await createInstrument(researcher);
    await researcher.graphql(SAVE, { id, definition: sampleDefinition(), base: 1 });
    const exported = await researcher.graphql<{ exportInstrument: string }>(
      'query ($id: UUID!) { exportInstrument(id: $id, format: XLSFORM_XLSX) }',
      { id },
    );
    const workbook = exported.body.data!.exportInstrument;
    expect(Buffer.from(workbook, 'base64').subarray(0, 2).toString()).toBe('PK');
    const IMPORT =
      'mutation ($input: ImportInstrumentInput!) { importInstrument(input: $input) { instrument { id name } notes { kind } problems { message } } }';
    type Imported = {
      importInstrument: { instrument: { id: string; name: string }; notes: unknown[]; problems: unknown[] };
    };
    const imported = await researcher.graphql<Imported>(IMPORT, {
      input: { format: 'XLSFORM_XLSX', content: workbook, projectId: project.id },
    });
    expect(imported.body.errors).toBeUndefined();
    const result = imported.body.data!.importInstrument;
    expect(result).toMatchObject({ instrument: { name: 'Verdi og utfordringer' }, notes: [], problems: [] });
    const back = await researcher.graphql<{ exportInstrument: string }>(
      'query ($id: UUID!, $format: InstrumentFormat!) { exportInstrument(id: $id, format: $format) }',
      { id: result.instrument.id, format: 'VERDI_JSON' },
    );
    const original = await researcher.graphql(
      'query ($id: UUID!, $format: InstrumentFormat!) { exportInstrument(id: $id, format: $format) }',
      { id, format: 'VERDI_JSON' },
    );
    expect(back.body.data).toEqual(original.body.data);

    const count = async () =>
      server.db.orm.em.fork().getConnection().execute('select count(*)::int as n from instruments');
    const before = await count();
    const refused = await researcher.graphql(IMPORT, {
      input: {
        format: 'XLSFORM_XLSX',
        content: Buffer.from('type,name\ntext,a\n').toString('base64'),
        projectId: project.id,
      },
    });
    expect(refused.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(refused.body.errors![0]!.message).toMatch(/not an \.xlsx workbook/);
    expect(await count()).toEqual(before);
  });

  it('exports a SurveyJS survey that imports back unchanged, and refuses a bad survey storing nothing', async () => {
    const id = await createInstrument(researcher);
    await researcher.graphql(SAVE, { id, definition: sampleDefinition(), base: 1 });
    const EXPORT =
      'query ($id: UUID!, $format: InstrumentFormat!) { exportInstrument(id: $id, format: $format) }';
    const survey = (
      await researcher.graphql<{ exportInstrument: string }>(EXPORT, { id, format: 'SURVEYJS_JSON' })
    ).body.data!.exportInstrument;
    expect(JSON.parse(survey)).toMatchObject({ locale: 'no', verdi: { formatVersion: 1 } });
    const IMPORT =
      'mutation ($input: ImportInstrumentInput!) { importInstrument(input: $input) { instrument { id name } notes { kind } problems { message } } }';
    type Imported = {
      importInstrument: { instrument: { id: string; name: string }; notes: unknown[]; problems: unknown[] };
    };
    const imported = await researcher.graphql<Imported>(IMPORT, {
      input: { format: 'SURVEYJS_JSON', content: survey, projectId: project.id },
    });
    expect(imported.body.errors).toBeUndefined();
    const result = imported.body.data!.importInstrument;
    expect(result).toMatchObject({ instrument: { name: 'Verdi og utfordringer' }, notes: [], problems: [] });
    const verdiJson = async (of: string) =>
      (await researcher.graphql<{ exportInstrument: string }>(EXPORT, { id: of, format: 'VERDI_JSON' })).body
        .data!.exportInstrument;
    expect(await verdiJson(result.instrument.id)).toBe(await verdiJson(id));

    const count = async () =>
      server.db.orm.em.fork().getConnection().execute('select count(*)::int as n from instruments');
    const before = await count();
    for (const content of ['{"pages": [', '{"pages": [{"name": "p", "elements": []}]}', '[]']) {
      const refused = await researcher.graphql(IMPORT, {
        input: { format: 'SURVEYJS_JSON', content, projectId: project.id },
      });
      expect(refused.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    }
    expect(await count()).toEqual(before);
  });

  it('carries sliders, dates and "other, specify" through XLSForm and SurveyJS unchanged', async () => {
    const id = await createInstrument(researcher);
    const saved = await researcher.graphql(SAVE, { id, definition: newTypesDefinition(), base: 1 });
    expect(saved.body.errors).toBeUndefined();
    const EXPORT =
      'query ($id: UUID!, $format: InstrumentFormat!) { exportInstrument(id: $id, format: $format) }';
    const exported = async (of: string, format: string) =>
      (await researcher.graphql<{ exportInstrument: string }>(EXPORT, { id: of, format })).body.data!
        .exportInstrument;
    for (const format of ['XLSFORM_XLSX', 'SURVEYJS_JSON']) {
      const imported = await researcher.graphql<{
        importInstrument: { instrument: { id: string }; notes: unknown[] };
      }>(
        'mutation ($input: ImportInstrumentInput!) { importInstrument(input: $input) { instrument { id } notes { kind } } }',
        { input: { format, content: await exported(id, format), projectId: project.id } },
      );
      expect(imported.body.errors).toBeUndefined();
      const result = imported.body.data!.importInstrument;
      expect({ format, notes: result.notes }).toEqual({ format, notes: [] });
      expect(await exported(result.instrument.id, 'VERDI_JSON')).toBe(await exported(id, 'VERDI_JSON'));
    }
  });

  it('lets every researcher use a shared instrument, but a project instrument only its own researchers', async () => {
    const shared = await createInstrument(researcher, null);
    const own = await createInstrument(researcher);
    const LIST = '{ instruments { id shared } }';
    const seen = (
      await otherResearcher.graphql<{ instruments: { id: string }[] }>(LIST)
    ).body.data!.instruments.map((i) => i.id);
    expect(seen).toContain(shared);
    expect(seen).not.toContain(own);
    const denied = await otherResearcher.graphql(INSTRUMENT, { id: own });
    expect(denied.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const sharedView = await otherResearcher.graphql(INSTRUMENT, { id: shared });
    expect(sharedView.body.errors).toBeUndefined();
    const managerView = await manager.graphql(INSTRUMENT, { id: own });
    expect(managerView.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('discards a draft and keeps the published versions', async () => {
    const id = await createInstrument(researcher);
    await researcher.graphql(SAVE, { id, definition: sampleDefinition(), base: 1 });
    await researcher.graphql(PUBLISH, { id, revision: 2 });
    await researcher.graphql('mutation ($id: UUID!) { startInstrumentDraft(id: $id) { number } }', { id });
    await researcher.graphql('mutation ($id: UUID!) { discardInstrumentDraft(id: $id) { id } }', { id });
    const view = await researcher.graphql<{ instrument: { draft: null; versions: VersionData[] } }>(
      INSTRUMENT,
      { id },
    );
    expect(view.body.data!.instrument.draft).toBeNull();
    expect(view.body.data!.instrument.versions).toHaveLength(1);
  });
});
