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
import { newTypesDefinition } from '../instruments/test/new-types-definition.js';
import type { Project } from '../projects/project.entity.js';
import type { AnswerValue } from '../responses/answer.rules.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { exportFiles } from '../test/export-files.js';

/**
 * Sliders, dates and "other, specify" in every research file, read back by the real tools: R, haven and PSPP.
 * Responses in export order (by id, so compared by their slider value, which differs in each).
 */

const skipTools =
  process.env.VERDI_SKIP_RESEARCH_TOOLS === '1' &&
  ['Rscript', 'pspp'].some((tool) => spawnSync('which', [tool]).status !== 0);

const { CONSULTANT, PROFESSIONAL } = RespondentRole;
/** What each response gives; the date is asked of consultants only, so the professional was not shown it. */
const SUBMISSIONS: { role: RespondentRole; answers: AnswerValue[] }[] = [
  {
    role: CONSULTANT,
    answers: [
      { item: 'mood', number: 7.5 },
      { item: 'strain', number: 2 },
      { item: 'started', text: '2024-02-29' },
      { item: 'workplace', choices: ['other'], text: '=Bydelens "hus", 50 %' },
      { item: 'help', choices: ['talk', 'other'], text: 'Musikk' },
      { item: 'other_followup', number: 4 },
    ],
  },
  {
    role: CONSULTANT,
    answers: [
      { item: 'mood', number: 0 },
      { item: 'workplace', choices: ['housing'] },
      { item: 'help', choices: ['walk'] },
    ],
  },
  {
    role: PROFESSIONAL,
    answers: [
      { item: 'mood', number: 10 },
      { item: 'workplace', choices: ['ambulant'] },
    ],
  },
];

let server: TestServer;
let project: Project;
let session: string;
let dir: string;
/** The export's row of each submission, found by its slider value. */
let rowOf: number[];

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  project = await makeProject(em, 'Nye typar i eksport');
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  session = await makeSession(em, researcher);
  const definition = newTypesDefinition();
  definition.sections[0]!.items.find((i) => i.key === 'started')!.roles = [CONSULTANT];
  const round = await makeOpenRound(em, project, researcher, { definition, label: 'Baseline' });
  for (const submission of SUBMISSIONS) {
    await new SurveyService(server.db.orm.em.fork()).submit({
      token: round.links[submission.role]!,
      clientSubmissionId: randomUUID(),
      answers: submission.answers,
      language: 'nb',
      consent: true,
    });
  }
  dir = mkdtempSync(join(tmpdir(), 'verdi-export-types-'));
  const rows: Record<string, string>[] = parse(await text('data-wide.csv'), { columns: true });
  rowOf = SUBMISSIONS.map((s) => rows.findIndex((r) => r.mood === String(s.answers[0]!.number)));
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

/** Values in the order of SUBMISSIONS, from values in export order. */
const inSubmissionOrder = <T>(values: T[]) => rowOf.map((row) => values[row]!);

describe('sliders, dates and "other, specify" in the research files', () => {
  it('CSV: a column per variable, the other text after the choices, -8 for a date not shown', async () => {
    const rows: Record<string, string>[] = parse(await text('data-wide.csv'), { columns: true });
    // The items' columns; the response's own variables (wording, help in answering) come after them.
    expect(Object.keys(rows[0]!).slice(0, 17)).toEqual([
      'response',
      'round',
      'role',
      'submitted_on',
      'language',
      'linkage',
      'mood',
      'strain',
      'started',
      'workplace',
      'workplace__other_text',
      'help__talk',
      'help__walk',
      'help__other',
      'help__other_text',
      'other_followup',
      'calm',
    ]);
    const column = (name: string) => inSubmissionOrder(rows.map((r) => r[name]));
    expect(column('mood')).toEqual(['7.5', '0', '10']);
    expect(column('started')).toEqual(['2024-02-29', '', '-8']);
    expect(column('workplace')).toEqual(['other', 'housing', 'ambulant']);
    // Protected like every free text: a spreadsheet would run "=…".
    expect(column('workplace__other_text')).toEqual(['\'=Bydelens "hus", 50 %', '', '']);
    expect(column('help__other')).toEqual(['1', '0', '']);
    expect(column('help__other_text')).toEqual(['Musikk', '', '']);
    const codebook: Record<string, string>[] = parse(await text('codebook.csv'), { columns: true });
    const entry = (name: string) => codebook.find((c) => c.variable === name)!;
    expect(entry('workplace').value_labels_nb).toContain('other=Annet');
    expect(entry('workplace__other_text')).toMatchObject({ item: 'workplace', type: 'TEXT' });
    expect(entry('mood')).toMatchObject({ type: 'SLIDER', scale_min: '0', scale_max: '10' });
    expect(entry('strain').scoring).toBe('reverse-scored in wellbeing: 10 − answer');
    expect(entry('started').type).toBe('DATE');
    // The long file keeps the choices; its labels are the options' own.
    const long: Record<string, string>[] = parse(await text('data-long.csv'), { columns: true });
    expect(
      long
        .filter((l) => l.item === 'workplace')
        .map((l) => l.label)
        .sort(),
    ).toEqual(['Ambulant team', 'Annet', 'Bolig']);
  });

  it.skipIf(skipTools)('R: read-data.R makes the date a Date and the slider a number', async () => {
    await save('data-wide.csv');
    const script = await save('read-data.R');
    writeFileSync(
      join(dir, 'check.R'),
      `source(${JSON.stringify(script)})
cat(class(data$started), "\\n")
cat(format(data$started), sep = "|"); cat("\\n")
cat(data$started_not_shown, sep = "|"); cat("\\n")
cat(class(data$mood), data$mood, sep = "|"); cat("\\n")
cat(data$workplace__other_text, sep = "|"); cat("\\n")
cat(levels(data$workplace_f), sep = "|"); cat("\\n")
`,
    );
    const lines = run('Rscript', ['--vanilla', 'check.R'])
      .split('\n')
      .filter((l) => !/^(\s|'data|\$)/.test(l));
    const at = lines.findIndex((l) => l.trim() === 'Date');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(inSubmissionOrder(lines[at + 1]!.split('|'))).toEqual(['2024-02-29', 'NA', 'NA']);
    expect(inSubmissionOrder(lines[at + 2]!.split('|'))).toEqual(['FALSE', 'FALSE', 'TRUE']);
    const [kind, ...moods] = lines[at + 3]!.split('|');
    expect(kind).toBe('numeric');
    expect(inSubmissionOrder(moods)).toEqual(['7.5', '0', '10']);
    expect(inSubmissionOrder(lines[at + 4]!.split('|'))).toEqual(['=Bydelens "hus", 50 %', 'NA', 'NA']);
    expect(lines[at + 5]).toBe('Ambulant team|Bolig|Annet');
  });

  it.skipIf(skipTools)(
    'PSPP and haven: the syntax saves the date as a DATE variable with -8 missing',
    async () => {
      await save('data-spss.csv');
      const syntax = await save('read-data.sps');
      const output = run('pspp', ['-O', 'format=txt', '-o', 'pspp-output.txt', syntax]);
      // PSPP exits 0 after warnings, so the listing is read for them.
      expect(`${output}\n${readFileSync(join(dir, 'pspp-output.txt'), 'utf8')}`).not.toMatch(
        /warning|error/i,
      );
      writeFileSync(
        join(dir, 'sav.R'),
        `library(haven)
d <- read_sav(${JSON.stringify(syntax.replace('read-data.sps', 'read-data.sav'))})
cat(class(d$started), "\\n")
cat(format(d$started), sep = "|"); cat("\\n")
cat(d$mood, sep = "|"); cat("\\n")
cat(d$workplace__other_text, sep = "|"); cat("\\n")
cat(names(attr(d$workplace, "labels")), sep = "|"); cat("\\n")
u <- read_sav(${JSON.stringify(syntax.replace('read-data.sps', 'read-data.sav'))}, user_na = TRUE)
cat(attr(u$started, "na_values"), "\\n")
`,
      );
      const lines = run('Rscript', ['--vanilla', 'sav.R']).split('\n');
      expect(lines[0]!.trim()).toBe('Date');
      expect(inSubmissionOrder(lines[1]!.split('|'))).toEqual(['2024-02-29', 'NA', 'NA']);
      expect(inSubmissionOrder(lines[2]!.split('|'))).toEqual(['7.5', '0', '10']);
      expect(inSubmissionOrder(lines[3]!.split('|'))).toEqual(['\'=Bydelens "hus", 50 %', '', '']);
      expect(lines[4]).toBe('Ikke vist|Ambulant team|Bolig|Annet');
      expect(lines[5]!.trim()).toBe('-8');
    },
  );

  it.skipIf(skipTools)(
    'haven: the native .sav and .dta hold the date as a date and -8 as its missing code',
    async () => {
      const sav = await save('data.sav');
      const dta = await save('data.dta');
      writeFileSync(
        join(dir, 'native.R'),
        `library(haven)
for (d in list(read_sav(${JSON.stringify(sav)}), read_dta(${JSON.stringify(dta)}))) {
  cat(class(d$started), "\\n")
  cat(format(d$started), sep = "|"); cat("\\n")
  cat(d$mood, sep = "|"); cat("\\n")
  cat(d$workplace__other_text, sep = "|"); cat("\\n")
}
u <- read_dta(${JSON.stringify(dta)})
cat(as.character(haven::na_tag(u$started)), sep = "|"); cat("\\n")
s <- read_sav(${JSON.stringify(sav)}, user_na = TRUE)
cat(attr(s$started, "na_values"), "\\n")
`,
      );
      const lines = run('Rscript', ['--vanilla', 'native.R']).split('\n');
      // A text left empty is declared missing in SPSS (NA to haven), and an empty text in Stata.
      for (const [at, empty] of [
        [0, 'NA'],
        [4, ''],
      ] as const) {
        expect(lines[at]!.trim()).toBe('Date');
        expect(inSubmissionOrder(lines[at + 1]!.split('|'))).toEqual(['2024-02-29', 'NA', 'NA']);
        expect(inSubmissionOrder(lines[at + 2]!.split('|'))).toEqual(['7.5', '0', '10']);
        expect(inSubmissionOrder(lines[at + 3]!.split('|'))).toEqual(['=Bydelens "hus", 50 %', empty, empty]);
      }
      // Stata: not shown is .b as on every variable, skipped is plain missing.
      expect(inSubmissionOrder(lines[8]!.split('|'))).toEqual(['NA', 'NA', 'b']);
      expect(lines[9]!.trim()).toBe('-7 -8');
    },
  );

  it('XLSX: the date a date cell, the slider a number, the other text text', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('data.xlsx')).body as never);
    const data = workbook.getWorksheet('data')!;
    const header = (data.getRow(1).values as unknown[]).slice(1) as string[];
    const cells = (name: string) =>
      inSubmissionOrder([2, 3, 4].map((r) => data.getRow(r).getCell(header.indexOf(name) + 1)));
    const started = cells('started');
    expect(started[0]!.value).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(started[0]!.numFmt).toBe('yyyy-mm-dd');
    expect(started.slice(1).map((c) => c!.value)).toEqual([null, '-8']);
    expect(cells('mood').map((c) => c!.value)).toEqual([7.5, 0, 10]);
    expect(cells('workplace__other_text').map((c) => c!.value)).toEqual([
      '\'=Bydelens "hus", 50 %',
      null,
      null,
    ]);
  });
});
