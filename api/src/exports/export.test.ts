import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../accounts/auth.service.js';
import { ProjectRole } from '../accounts/project-role.js';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import type { Viewer } from '../auth/viewer.js';
import { ItemType, RespondentRole, type InstrumentDefinition } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { planVariables } from './export.plan.js';
import { csvPages, scorePages, wideRowPages } from './export.rows.js';
import { csvField, csvQuoteSql, jsNumberSql } from './export.sql.js';
import type { Project } from '../projects/project.entity.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';

let server: TestServer;
let project: Project;
let researcherSession: string;
let managerSession: string;
let researcherViewer: Viewer;
let roundId: string;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function definition(): InstrumentDefinition {
  const d = sampleDefinition();
  d.sections[0]!.items.push({
    key: 'services',
    type: ItemType.MULTI_CHOICE,
    roles: [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT],
    prompt: { nb: 'Hvilke tjenester bruker du?', en: 'Which services do you use?' },
    required: false,
    reverseScored: false,
    options: [
      { key: 'housing', label: { nb: 'Bolig', en: 'Housing' } },
      { key: 'work', label: { nb: 'Arbeid', en: 'Work' } },
    ],
  });
  return d;
}

const answersFor = (i: number) => [
  { item: 'contact', number: 1 },
  { item: 'workplace', choices: [i % 2 ? 'housing' : 'ambulant'] },
  { item: 'services', choices: i % 2 ? ['housing', 'work'] : ['work'] },
  { item: 'hope_1', number: 1 + (i % 5) },
  { item: 'hope_2', ...(i === 0 ? { notApplicable: true } : { number: 2 }) },
  { item: 'value_text', text: i === 1 ? 'Sa "hei", og så: ja,\nflere linjer' : `Svar ${i}` },
];

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  project = await makeProject(em, 'Eksportprosjekt');
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  researcherSession = await makeSession(em, researcher);
  managerSession = await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] }));
  researcherViewer = (await new AuthService(em).viewerFor({ sessionToken: researcherSession }))!;
  const round = await makeOpenRound(em, project, researcher, {
    definition: definition(),
    label: 'Baseline 2026',
  });
  roundId = round.roundId;
  const token = round.links.CONSULTANT!;
  for (let i = 0; i < 12; i++) {
    await new SurveyService(server.db.orm.em.fork()).submit({
      token,
      clientSubmissionId: randomUUID(),
      answers: answersFor(i),
      language: i % 3 ? 'nb' : 'en',
      consent: true,
    });
  }
});
afterAll(async () => {
  await server?.stop();
});

async function download(
  file: string,
  headers: Record<string, string> = { cookie: `verdi_session=${researcherSession}` },
) {
  const response = await fetch(`${server.url}/exports/${project.id}/${file}`, { headers });
  return response;
}

describe('research data exports', () => {
  it('streams uncompressed although the client accepts gzip: a large file costs no CPU to pack', async () => {
    const response = await download('data-long.csv', {
      cookie: `verdi_session=${researcherSession}`,
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeNull();
    // Large enough that the compression middleware would have packed it (its threshold is 1 kB).
    expect((await response.text()).length).toBeGreaterThan(2048);
  });

  it('wide CSV: one row per response, one column per item (and per option), matching the database', async () => {
    const response = await download('data-wide.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`attachment; filename="verdi_${project.slug}_[0-9a-f]{8}_data-wide.csv"`),
    );
    const text = await response.text();
    expect(text).not.toMatch(UUID);
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([
      'response',
      'round',
      'role',
      'submitted_on',
      'language',
      'linkage',
      'contact',
      'workplace',
      'years',
      'services__housing',
      'services__work',
      'hope_1',
      'hope_2',
      'role_1',
      'value_text',
      'recommend',
      'wording',
      'assisted',
      'assisted_read_aloud',
      'assisted_wrote',
      'assisted_explained',
    ]);
    expect(rows).toHaveLength(12);
    // Responses made without a word about wording or help: standard wording, help not stated, so its kinds not shown.
    expect(
      rows.map((r) => [r.wording, r.assisted, r.assisted_read_aloud, r.assisted_wrote, r.assisted_explained]),
    ).toEqual(Array(12).fill(['standard', '', '-8', '-8', '-8']));
    const { n } = (
      await server.db.orm.em
        .getConnection()
        .execute<{ n: string }[]>(`select count(*) as n from answers where item_key = 'hope_1'`)
    )[0]!;
    expect(rows.filter((r) => r.hope_1 !== '')).toHaveLength(Number(n));
    const stored: { number: number }[] = await server.db.orm.em
      .getConnection()
      .execute(`select a.number from answers a where a.item_key = 'hope_1' order by a.number`);
    expect(rows.map((r) => Number(r.hope_1)).sort()).toEqual(stored.map((s) => Number(s.number)).sort());
    expect(rows.filter((r) => r.hope_2 === '-7')).toHaveLength(1);
    expect(rows.map((r) => r.value_text)).toContain('Sa "hei", og så: ja,\nflere linjer');
    expect(rows.map((r) => `${r.services__housing}${r.services__work}`).sort()).toEqual(
      [...Array(6).fill('01'), ...Array(6).fill('11')].sort(),
    );
    expect(
      rows.every(
        (r) =>
          r.role === 'CONSULTANT' &&
          r.round === 'Baseline 2026' &&
          /^\d{4}-\d{2}-\d{2}$/.test(r.submitted_on!),
      ),
    ).toBe(true);
    expect(rows.map((r) => r.response)).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
  });

  it('long CSV: one row per answer with construct, value and label, numbered like the wide file', async () => {
    const rows: Record<string, string>[] = parse(await (await download('data-long.csv')).text(), {
      columns: true,
    });
    const { n, responses } = (
      await server.db.orm.em
        .getConnection()
        .execute<{ n: string; responses: string }[]>(
          `select (select count(*) from answers) as n, (select count(*) from responses where status = 'SUBMITTED') as responses`,
        )
    )[0]!;
    // Every answer, and each response's wording (help was not stated, so it has no row).
    expect(rows).toHaveLength(Number(n) + Number(responses));
    expect(rows.filter((r) => r.item === 'wording').map((r) => [r.value, r.label])).toEqual(
      Array(Number(responses)).fill(['standard', 'Standard']),
    );
    const hope = rows.find((r) => r.item === 'hope_1' && r.value === '5')!;
    expect(hope).toMatchObject({ construct: 'hope', kind: 'VALUE', label: 'Helt enig', not_applicable: '0' });
    expect(rows.find((r) => r.item === 'hope_2' && r.not_applicable === '1')).toMatchObject({
      value: '-7',
      label: 'Vet ikke / ikke aktuelt',
    });
    expect(rows.find((r) => r.item === 'services' && r.value === 'housing;work')!.label).toBe(
      'Bolig; Arbeid',
    );
    const wide: Record<string, string>[] = parse(await (await download('data-wide.csv')).text(), {
      columns: true,
    });
    for (const row of rows.filter((r) => r.item === 'hope_1')) {
      expect(wide.find((w) => w.response === row.response)!.hope_1).toBe(row.value);
    }
  });

  it('XLSX: a data sheet like the wide CSV and a codebook sheet', async () => {
    const response = await download('data.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const data = workbook.getWorksheet('data')!;
    expect(data.rowCount).toBe(13);
    expect(data.getRow(1).getCell(12).value).toBe('hope_1');
    const wide: string[][] = parse(await (await download('data-wide.csv')).text());
    const sheet: string[][] = [];
    data.eachRow((row) => {
      sheet.push(
        wide[0]!.map((_, i) => {
          const value = row.getCell(i + 1).value;
          return value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? '');
        }),
      );
    });
    expect(sheet).toEqual(wide);
    expect(typeof data.getRow(2).getCell(12).value).toBe('number');
    expect(typeof data.getRow(2).getCell(2).value).toBe('string');
    const codebook = workbook.getWorksheet('codebook')!;
    expect(codebook.getRow(1).getCell(1).value).toBe('variable');
    expect(codebook.rowCount).toBe(1 + 10 + 5);
  });

  it('codebook: every variable with its questions per language and role, value labels and codes', async () => {
    const rows: Record<string, string>[] = parse(await (await download('codebook.csv')).text(), {
      columns: true,
    });
    const hope = rows.find((r) => r.variable === 'hope_1')!;
    expect(hope).toMatchObject({
      item: 'hope_1',
      type: 'LIKERT',
      construct: 'hope',
      kind: 'VALUE',
      reverse_scored: 'no',
      question_nb: 'Erfaringskonsulenten gir meg håp',
      question_consultant_nb: 'Jeg gir brukerne håp',
      question_professional_en: 'The peer worker gives service users hope',
      not_applicable_code: '-7',
      not_shown_code: '-8',
      skipped: 'empty cell',
      scale_min: '1',
      scale_max: '5',
      required: 'no',
      show_if: 'contact = 1',
      construct_label_nb: 'Håp og rollemodeller',
      construct_label_en: 'Hope and role models',
    });
    expect(rows.find((r) => r.variable === 'wording')).toMatchObject({
      question_nb: 'Formulering svart i',
      question_en: 'Wording answered in',
      value_labels_nb:
        'standard=Standard; easy_read=Lettlest; mixed=Blandet (byttet underveis); -8=Ikke vist',
    });
    expect(rows.find((r) => r.variable === 'assisted_wrote')).toMatchObject({
      question_en: 'Help: wrote the answers down',
      show_if: 'assisted = 1',
      value_labels_nb: expect.stringContaining('1=Ja; 0=Nei'),
    });
    expect(hope.value_labels_nb).toBe(
      '1=Helt uenig; 2=Litt uenig; 3=Verken enig eller uenig; 4=Litt enig; 5=Helt enig; -7=Vet ikke / ikke aktuelt; -8=Ikke vist',
    );
    expect(rows.find((r) => r.variable === 'hope_2')).toMatchObject({
      reverse_scored: 'yes',
      scoring: 'reverse-scored in hope: 6 − answer',
    });
    const json = (await (await download('codebook.json')).json()) as {
      variables: { name: string }[];
      notApplicableCode: number;
    };
    expect(json.notApplicableCode).toBe(-7);
    expect(json.variables.map((v) => v.name)).toEqual(rows.map((r) => r.variable));
  });

  it('R script and SPSS syntax read the wide CSV with the right names, labels and missing codes', async () => {
    const r = await (await download('read-data.R')).text();
    expect(r).toMatch(/read\.csv\("verdi_.*_data-wide\.csv"/);
    expect(r).toContain('attr(data[["hope_1"]], "label") <- "Erfaringskonsulenten gir meg håp"');
    expect(r).toContain('data[["hope_2"]][data[["hope_2"]] %in% c(-8, -7)] <- NA');
    expect(r).toContain(
      'data[["hope_1_f"]] <- factor(data[["hope_1"]], levels = c(1, 2, 3, 4, 5), labels = c("Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"), ordered = TRUE)',
    );
    expect(r).toContain(
      'data[["workplace_f"]] <- factor(data[["workplace"]], levels = c("ambulant", "housing", "drop_in")',
    );
    const sps = await (await download('read-data.sps')).text();
    expect(sps).toContain('GET DATA /TYPE=TXT');
    expect(sps).toMatch(/\/FILE='verdi_.*_data-spss\.csv'/);
    expect(sps).toContain("  /hope_1 'Erfaringskonsulenten gir meg håp'");
    expect(sps).toContain("  /workplace 1 'Ambulant team' 2 'Bolig' 3 'Lavterskeltilbud' -8 'Ikke vist'");
    expect(sps).toContain(
      "hope_1 1 'Helt uenig' 2 'Litt uenig' 3 'Verken enig eller uenig' 4 'Litt enig' 5 'Helt enig' -7 'Vet ikke / ikke aktuelt' -8 'Ikke vist'",
    );
    expect(sps).toContain('MISSING VALUES hope_1 hope_2 role_1 (-7, -8).');
    expect(sps).toContain('    A4001 recommend');
  });

  it('are for researchers of the project only, by session or API token, and every download is audited', async () => {
    expect((await download('data-wide.csv', {})).status).toBe(401);
    expect((await download('data-wide.csv', { cookie: `verdi_session=${managerSession}` })).status).toBe(403);
    expect((await download('data-wide.csv', { authorization: 'Bearer verdi_pat_wrong' })).status).toBe(401);
    const { secret } = await new AuthService(server.db.orm.em.fork()).createApiToken(researcherViewer, 'R');
    const byToken = await download('data-long.csv', { authorization: `Bearer ${secret}` });
    expect(byToken.status).toBe(200);
    await byToken.text();
    const events = await server.db.orm.em.fork().find(AuditEvent, { action: AuditAction.EXPORT_DOWNLOADED });
    expect(events.map((e) => e.details.file)).toEqual(
      expect.arrayContaining(['data-wide.csv', 'data-long.csv', 'data.xlsx']),
    );
    expect(events.find((e) => e.details.via === 'token')).toBeTruthy();
    expect((await download('nothing.txt')).status).toBe(404);
    const unknownRound = await fetch(
      `${server.url}/exports/${project.id}/data-wide.csv?rounds=${randomUUID()}`,
      {
        headers: { cookie: `verdi_session=${researcherSession}` },
      },
    );
    expect(unknownRound.status).toBe(400);
  });

  it('come out the same whatever the page size, numbered on across pages and rounds', async () => {
    const em = server.db.orm.em.fork();
    const round = { id: roundId, label: 'Baseline, "2026"', linkage: true };
    const rounds = [round, { ...round, label: 'Igjen' }];
    const variables = planVariables([definition()]);
    // One secret for all the calls, as if they were one download, so that the linkage cells can be compared too.
    const linkageSecret = randomBytes(32);
    const collect = async <T>(pages: AsyncGenerator<T>) => {
      const all: T[] = [];
      for await (const page of pages) all.push(page);
      return all;
    };
    for (const layout of ['wide', 'long', 'spss'] as const) {
      const whole = (await collect(csvPages(em, rounds, variables, layout, { linkageSecret }))).join('');
      const paged = await collect(csvPages(em, rounds, variables, layout, { pageSize: 5, linkageSecret }));
      expect(paged.length).toBeGreaterThan(4);
      expect(paged.join('')).toBe(whole);
      const rows: string[][] = parse(whole);
      expect([...new Set(rows.map((r) => r[0]))]).toEqual(
        Array.from({ length: 24 }, (_, i) => String(i + 1)),
      );
      expect(rows.filter((r) => r[1] === 'Baseline, "2026"')).toHaveLength(rows.length / 2);
    }
    const keys = ['hope', 'role_clarity'];
    const scores = (await collect(scorePages(em, rounds, keys, { linkageSecret }))).join('');
    expect((await collect(scorePages(em, rounds, keys, { pageSize: 5, linkageSecret }))).join('')).toBe(
      scores,
    );
    expect(parse(scores).map((r: string[]) => r[0])).toEqual(
      Array.from({ length: 24 }, (_, i) => String(i + 1)),
    );
    const cells = (await collect(wideRowPages(em, rounds, variables, { pageSize: 5, linkageSecret }))).flat();
    expect(cells.map((row) => row[0])).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it('has PostgreSQL write numbers as JavaScript does and fields as csv-stringify does', async () => {
    const connection = server.db.orm.em.getConnection();
    const numbers = [
      0,
      -0,
      1,
      -7,
      2.5,
      0.1 + 0.2,
      1 / 3,
      -123.456,
      1e14,
      1e15,
      123456789012345680,
      2 ** 50 + 0.5,
      1e20,
      1.5e20,
      1e21,
      1.5e21,
      -2e22,
      1e-4,
      0.00012,
      1.2e-5,
      -1e-6,
      1e-7,
      1.5e-7,
      5e-324,
      1.7976931348623157e308,
      NaN,
      Infinity,
      -Infinity,
    ];
    const written = await connection.execute<{ text: string }[]>(
      `select ${jsNumberSql('x')} as text from unnest(?::float8[]) with ordinality as u(x, o) order by o`,
      [`{${numbers.map(String).join(',')}}`],
    );
    expect(written.map((r) => r.text)).toEqual(numbers.map(String));
    const texts = [
      '',
      'a',
      'a,b',
      'a"b',
      '"',
      'a\nb',
      'a\rb',
      ' x ',
      'x;y',
      'æøå – ✓',
      "it's",
      'a\\b',
      'hvorfor?',
    ];
    const fields = await connection.execute<{ text: string }[]>(
      `select ${csvQuoteSql('t')} as text from json_array_elements_text(?::json) with ordinality as u(t, o) order by o`,
      [JSON.stringify(texts)],
    );
    expect(fields.map((r) => r.text)).toEqual(texts.map(csvField));
  });

  it('are reachable page by page through GraphQL for scripts', async () => {
    const client = server.client({ session: researcherSession });
    const QUERY = `query ($w: UUID!, $after: String) { responses(roundId: $w, first: 5, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id role answers { item number } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        body: {
          data?: {
            responses: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string };
              edges: { node: { id: string } }[];
            };
          } | null;
        };
      } = await client.graphql<{
        responses: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { node: { id: string } }[];
        };
      }>(QUERY, { w: roundId, after });
      const data = page.body.data!.responses;
      expect(data.totalCount).toBe(12);
      seen.push(...data.edges.map((e) => e.node.id));
      if (!data.pageInfo.hasNextPage) break;
      after = data.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(12);
    const manager = server.client({ session: managerSession });
    expect(
      (await manager.graphql(QUERY, { w: roundId, after: null })).body.errors![0]!.extensions!.code,
    ).toBe('FORBIDDEN');
  });

  it('answers a forged page cursor as bad input, not as a server error (issue 19)', async () => {
    const client = server.client({ session: researcherSession });
    const QUERY = `query ($w: UUID!, $after: String) { responses(roundId: $w, after: $after) { totalCount } }`;
    for (const after of ['bm90LWEtY3Vyc29y', Buffer.from('response:not-a-uuid').toString('base64url')]) {
      const error = (await client.graphql(QUERY, { w: roundId, after })).body.errors![0]!;
      expect(error.extensions!.code).toBe('BAD_USER_INPUT');
    }
  });
});
