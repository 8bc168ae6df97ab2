import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { rankingDefinition } from '../instruments/test/ranking-definition.js';
import type { Project } from '../projects/project.entity.js';
import type { AnswerValue } from '../responses/answer.rules.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { exportFiles } from '../test/export-files.js';

/**
 * Rankings in every research file, read back by R, haven and PSPP: one variable per option holding its place.
 * Responses are told apart by the place of "housing", which differs in each.
 */

const skipTools =
  process.env.VERDI_SKIP_RESEARCH_TOOLS === '1' &&
  ['Rscript', 'pspp'].some((tool) => spawnSync('which', [tool]).status !== 0);

const { CONSULTANT, SERVICE_USER } = RespondentRole;
const SUBMISSIONS: { role: RespondentRole; answers: AnswerValue[] }[] = [
  {
    role: CONSULTANT,
    answers: [
      { item: 'priorities', choices: ['housing', 'work', 'friends'] },
      { item: 'places', choices: ['out', 'home'] },
    ],
  },
  { role: SERVICE_USER, answers: [{ item: 'priorities', choices: ['work', 'housing', 'friends'] }] },
  {
    role: CONSULTANT,
    answers: [
      { item: 'priorities', choices: ['friends', 'work', 'housing'] },
      { item: 'places', choices: ['home', 'out'] },
    ],
  },
];

let server: TestServer;
let project: Project;
let session: string;
let dir: string;
let rowOf: number[];
let links: Partial<Record<RespondentRole, string>>;

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  project = await makeProject(em, 'Rangering i eksport');
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  session = await makeSession(em, researcher);
  const round = await makeOpenRound(em, project, researcher, {
    definition: rankingDefinition(),
    label: 'Baseline',
  });
  links = round.links;
  for (const submission of SUBMISSIONS) {
    await new SurveyService(server.db.orm.em.fork()).submit({
      token: round.links[submission.role]!,
      clientSubmissionId: randomUUID(),
      answers: submission.answers,
      language: 'nb',
      consent: true,
    });
  }
  dir = mkdtempSync(join(tmpdir(), 'verdi-export-ranking-'));
  const rows: Record<string, string>[] = parse(await text('data-wide.csv'), { columns: true });
  rowOf = ['1', '2', '3'].map((place) => rows.findIndex((r) => r.priorities__housing === place));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const { download, text, save, run } = exportFiles(() => ({
  url: server.url,
  projectId: project.id,
  session,
  dir,
}));

const inSubmissionOrder = <T>(values: T[]) => rowOf.map((row) => values[row]!);

describe('rankings in the research files', () => {
  it('a partial ranking or one with an option twice is refused at submission, and nothing of it is stored', async () => {
    for (const choices of [
      ['work', 'housing'],
      ['work', 'housing', 'housing'],
      ['work', 'housing', 'friends', ''],
    ]) {
      await expect(
        new SurveyService(server.db.orm.em.fork()).submit({
          token: links[CONSULTANT]!,
          clientSubmissionId: randomUUID(),
          answers: [
            { item: 'places', choices: ['home', 'out'] },
            { item: 'priorities', choices },
          ],
          language: 'nb',
          consent: true,
        }),
      ).rejects.toThrow(/priorities/);
    }
    const rows: Record<string, string>[] = parse(await text('data-wide.csv'), { columns: true });
    expect(rows).toHaveLength(3);
  });

  it('CSV: one column per option with its place; the codebook explains; the long file keeps the order', async () => {
    const rows: Record<string, string>[] = parse(await text('data-wide.csv'), { columns: true });
    expect(Object.keys(rows[0]!).slice(6, 11)).toEqual([
      'priorities__housing',
      'priorities__work',
      'priorities__friends',
      'places__home',
      'places__out',
    ]);
    expect(rowOf.every((row) => row >= 0)).toBe(true);
    const column = (name: string) => inSubmissionOrder(rows.map((r) => r[name]));
    expect(column('priorities__housing')).toEqual(['1', '2', '3']);
    expect(column('priorities__work')).toEqual(['2', '1', '2']);
    expect(column('priorities__friends')).toEqual(['3', '3', '1']);
    expect(column('places__home')).toEqual(['2', '', '1']);
    expect(column('places__out')).toEqual(['1', '', '2']);
    const codebook: Record<string, string>[] = parse(await text('codebook.csv'), { columns: true });
    const entry = codebook.find((c) => c.variable === 'priorities__work')!;
    expect(entry).toMatchObject({
      item: 'priorities',
      option: 'work',
      type: 'RANKING',
      scale_min: '1',
      scale_max: '3',
    });
    expect(entry.scoring).toBe(
      'place of option work in the ranking of priorities: 1 = first, 3 = last; not scored',
    );
    expect(entry.value_labels_en).toContain('1=1st');
    expect(entry.value_labels_en).toContain('3=3rd');
    expect(entry.value_labels_nb).toContain('2=2. plass');
    const long: Record<string, string>[] = parse(await text('data-long.csv'), { columns: true });
    expect(long.filter((l) => l.item === 'priorities').map((l) => l.value)).toContain('friends;work;housing');
  });

  it.skipIf(skipTools)('R: read-data.R reads the places as numbers with an ordered factor', async () => {
    await save('data-wide.csv');
    const script = await save('read-data.R');
    writeFileSync(
      join(dir, 'check.R'),
      `source(${JSON.stringify(script)})
cat("RESULT", class(data$priorities__work), data$priorities__work, sep = "|"); cat("\\n")
cat("RESULT", data$places__home, sep = "|"); cat("\\n")
cat("RESULT", levels(data$priorities__work_f), is.ordered(data$priorities__work_f), sep = "|"); cat("\\n")
`,
    );
    const lines = run('Rscript', ['--vanilla', 'check.R'])
      .split('\n')
      .filter((l) => l.startsWith('RESULT|'))
      .map((l) => l.split('|').slice(1));
    expect(lines[0]![0]).toBe('numeric');
    expect(inSubmissionOrder(lines[0]!.slice(1))).toEqual(['2', '1', '2']);
    expect(inSubmissionOrder(lines[1]!)).toEqual(['2', 'NA', '1']);
    expect(lines[2]).toEqual(['1. plass', '2. plass', '3. plass', 'TRUE']);
  });

  it.skipIf(skipTools)('PSPP and haven: the places as numbers with their labels', async () => {
    await save('data-spss.csv');
    const syntax = await save('read-data.sps');
    const output = run('pspp', ['-O', 'format=txt', '-o', 'pspp-output.txt', syntax]);
    expect(`${output}\n${readFileSync(join(dir, 'pspp-output.txt'), 'utf8')}`).not.toMatch(/warning|error/i);
    const sav = await save('data.sav');
    writeFileSync(
      join(dir, 'sav.R'),
      `library(haven)
for (d in list(read_sav(${JSON.stringify(syntax.replace('read-data.sps', 'read-data.sav'))}), read_sav(${JSON.stringify(sav)}))) {
  cat("RESULT", d$priorities__friends, sep = "|"); cat("\\n")
  cat("RESULT", names(attr(d$priorities__friends, "labels")), sep = "|"); cat("\\n")
}
`,
    );
    const lines = run('Rscript', ['--vanilla', 'sav.R'])
      .split('\n')
      .filter((l) => l.startsWith('RESULT|'))
      .map((l) => l.split('|').slice(1));
    for (const at of [0, 2]) {
      expect(inSubmissionOrder(lines[at]!)).toEqual(['3', '3', '1']);
      expect(lines[at + 1]).toEqual(expect.arrayContaining(['1. plass', '2. plass', '3. plass']));
    }
  });

  it('XLSX: the places are number cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('data.xlsx')).body as never);
    const data = workbook.getWorksheet('data')!;
    const header = (data.getRow(1).values as unknown[]).slice(1) as string[];
    const cells = (name: string) =>
      inSubmissionOrder([2, 3, 4].map((r) => data.getRow(r).getCell(header.indexOf(name) + 1).value));
    expect(cells('priorities__housing')).toEqual([1, 2, 3]);
    expect(cells('places__out')).toEqual([1, null, 2]);
  });
});
