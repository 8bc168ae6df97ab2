import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import {
  ConstructKind,
  ItemType,
  RespondentRole,
  type InstrumentDefinition,
  type Item,
} from '../instruments/definition.types.js';
import type { Project } from '../projects/project.entity.js';
import { Wording } from '../responses/response.entity.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { skipWithout } from '../test/research-tools.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { dtaFile, dtaNames } from './dta.js';
import { exportDimensions, nativeColumns, ROLE_LABELS_NB, type NativeColumn } from './export.dimensions.js';
import { planVariables, type Variable } from './export.plan.js';
import { savFile, savNames } from './sav.js';
import { readWithHaven, readWithPspp, type ReadValue } from './test/native-readers.js';
import { longText } from './test/native-fixture.js';

const ALL = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];
const item = (key: string, extra: Partial<Item>): Item => ({
  key,
  type: ItemType.LIKERT,
  roles: ALL,
  prompt: { nb: `Spørsmål ${key}`, en: `Question ${key}` },
  required: false,
  reverseScored: false,
  ...extra,
});

/** A 0–4 scale with a reverse item, "Vet ikke", a decimal number, a single and a multiple choice, a long text. */
function definition(): InstrumentDefinition {
  return {
    scales: [
      {
        key: 'zero4',
        points: ['Aldri', 'Sjelden', 'Av og til', 'Ofte', 'Alltid'].map((nb, value) => ({
          value,
          label: { nb, en: nb },
        })),
        notApplicable: { nb: 'Vet ikke / ikke aktuelt', en: 'Don’t know' },
      },
    ],
    constructs: [{ key: 'hope', kind: ConstructKind.VALUE, label: { nb: 'Håp', en: 'Hope' } }],
    sections: [
      {
        key: 'main',
        title: { nb: 'Hoved', en: 'Main' },
        items: [
          item('hope_1', {
            construct: 'hope',
            scale: 'zero4',
            prompt: { nb: 'Jeg får «håp» – "sitat", \'enkelt\' & 😀', en: 'I get hope' },
          }),
          item('hope_2', { construct: 'hope', scale: 'zero4', reverseScored: true }),
          item('consultant_only', { scale: 'zero4', roles: [RespondentRole.CONSULTANT] }),
          item('hours', { type: ItemType.NUMBER, min: 0, max: 100 }),
          item('workplace', {
            type: ItemType.SINGLE_CHOICE,
            options: [
              { key: 'ambulant', label: { nb: 'Ambulant team' } },
              { key: 'a_much_longer_option_key', label: { nb: 'Bolig =1+1' } },
            ],
          }),
          item('services', {
            type: ItemType.MULTI_CHOICE,
            options: [
              { key: 'housing', label: { nb: 'Bolig' } },
              { key: 'work', label: { nb: 'Arbeid' } },
            ],
          }),
          item('story', { type: ItemType.TEXT, maxLength: 5000 }),
        ],
      },
    ],
  };
}

type Answer = { item: string; number?: number; text?: string; choices?: string[]; notApplicable?: boolean };

const TEXTS = [
  'Linje 1\nlinje 2',
  'Windows\r\nlinjeskift',
  'Sa "hei" og \'hallo\', ja; 😀🎉',
  '=1+1',
  '@SUM(A1:A2)',
  // Typed by a participant: must stay apart from the not-shown code.
  '-8',
  longText(300),
  longText(3000),
];

function answersFor(i: number): Answer[] {
  const answers: Answer[] = [
    { item: 'hope_1', number: i % 5 },
    i % 4 === 1 ? { item: 'hope_2', notApplicable: true } : { item: 'hope_2', number: (i + 2) % 5 },
    { item: 'consultant_only', number: 3 },
    { item: 'hours', number: [2.5, 0.1, 37.75, 1 / 3, 0, 99.99, 12][i % 7]! },
    { item: 'workplace', choices: [i % 2 ? 'ambulant' : 'a_much_longer_option_key'] },
    { item: 'services', choices: i % 3 === 0 ? ['housing', 'work'] : ['work'] },
    { item: 'story', text: TEXTS[i % TEXTS.length]! },
  ];
  // Some skip items: the number, the text, the choices.
  return answers.filter(
    (a) => !(i % 6 === 5 && ['hours', 'story', 'services', 'workplace'].includes(a.item)),
  );
}

/** The wording and help of the responses, in turn, so that every value of the response's own variables is written. */
const WORDINGS = [Wording.STANDARD, Wording.EASY_READ, Wording.MIXED];
const ASSISTANCE = [
  null,
  { assisted: false },
  { assisted: true, readAloud: true, wrote: false, explained: null },
  { assisted: true, readAloud: false, wrote: true, explained: true },
];

let server: TestServer;
let project: Project;
let session: string;
let variables: Variable[];
let afterLink: string;
/** The database's view: per response in export order, its round number, role, day, language and answers. */
let stored: {
  round: number;
  role: RespondentRole;
  day: string;
  language: string;
  answers: Map<string, { number: number | null; text: string | null; choices: string[] | null; na: boolean }>;
}[];

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  project = await makeProject(em, 'Native filer');
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  session = await makeSession(em, researcher);
  // Created first but opened later, and first in the alphabet: round order must come from the opening date.
  // Answered in bokmål and English, so that the language column's width is measured.
  const languages: ('nb' | 'en')[] = ['nb', 'en'];
  const after = await makeOpenRound(em, project, researcher, {
    definition: definition(),
    label: 'Etter',
    languages,
  });
  const before = await makeOpenRound(em, project, researcher, {
    definition: definition(),
    label: 'Før',
    languages,
  });
  afterLink = after.links[RespondentRole.CONSULTANT]!;
  await em
    .getConnection()
    .execute(`update rounds set opens_at = opens_at - interval '30 days' where id = ?`, [before.roundId]);
  let n = 0;
  for (const round of [before, after]) {
    for (const role of [RespondentRole.CONSULTANT, RespondentRole.PROFESSIONAL]) {
      for (let i = 0; i < 8; i++, n++) {
        await new SurveyService(server.db.orm.em.fork()).submit({
          token: round.links[role]!,
          clientSubmissionId: randomUUID(),
          answers: answersFor(n).filter(
            (a) => role === RespondentRole.CONSULTANT || a.item !== 'consultant_only',
          ),
          language: n % 3 ? 'nb' : 'en',
          consent: true,
          wording: WORDINGS[n % 3],
          assistance: ASSISTANCE[n % 4],
        });
      }
    }
  }
  variables = planVariables([definition()]);
  const rows = await em.getConnection().execute<
    {
      id: string;
      round: number;
      role: RespondentRole;
      day: string;
      language: string;
      item_key: string | null;
      number: number | null;
      text: string | null;
      choices: string[] | null;
      not_applicable: boolean | null;
    }[]
  >(
    // The response's own variables read as the answers they are exported as.
    `select r.id, case when r.round_id = ? then 1 else 2 end as round, r.role, r.submitted_on::text as day, r.language,
            a.item_key, a.number, a.text, a.choices, a.not_applicable
       from responses r
       left join (select response_id, item_key, number, text, choices, not_applicable from answers
                  union all
                  select id, v.key, v.number, null, v.choices, false
                    from responses, lateral (values ('wording', null::float8, array[lower(wording::text)]),
                      ('assisted', assisted::int::float8, null::text[]),
                      ('assisted_read_aloud', assisted_read_aloud::int::float8, null),
                      ('assisted_wrote', assisted_wrote::int::float8, null),
                      ('assisted_explained', assisted_explained::int::float8, null)) as v(key, number, choices)
                   where v.number is not null or v.choices is not null) a on a.response_id = r.id
      where r.status = 'SUBMITTED' and r.round_id in (?, ?)
      order by round, r.id`,
    [before.roundId, before.roundId, after.roundId],
  );
  const byId = new Map<string, (typeof stored)[number]>();
  for (const row of rows) {
    if (!byId.has(row.id))
      byId.set(row.id, {
        round: row.round,
        role: row.role,
        day: row.day,
        language: row.language,
        answers: new Map(),
      });
    if (row.item_key)
      byId.get(row.id)!.answers.set(row.item_key, {
        number: row.number === null ? null : Number(row.number),
        text: row.text,
        choices: row.choices,
        na: !!row.not_applicable,
      });
  }
  stored = [...byId.values()];
});
afterAll(async () => {
  await server?.stop();
});

async function download(file: string): Promise<Buffer> {
  const response = await fetch(`${server.url}/exports/${project.id}/${file}`, {
    headers: { cookie: `verdi_session=${session}` },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** What the database says a variable's cell is: a number, a text, or null when there is no answer. */
function expected(v: Variable, row: (typeof stored)[number]): number | string | null {
  const answer = row.answers.get(v.item);
  if (!answer) return v.type === ItemType.TEXT || v.type === ItemType.SINGLE_CHOICE ? '' : null;
  if (answer.na) return -7;
  if (v.option) return answer.choices ? (answer.choices.includes(v.option) ? 1 : 0) : null;
  if (v.type === ItemType.SINGLE_CHOICE) return answer.choices?.[0] ?? '';
  // A text equal to a code is written with a ' in front, so that it stays apart from the code.
  if (v.type === ItemType.TEXT)
    return ['-7', '-8'].includes(answer.text ?? '') ? `'${answer.text}` : (answer.text ?? '');
  return answer.number;
}

/** How someone helped is not asked (shown) where nobody did or it was not stated. */
const helpNotAsked = (v: Variable, row: (typeof stored)[number]) =>
  v.showIf?.item === 'assisted' && row.answers.get('assisted')?.number !== 1;

/** Whether a read value is the "not shown" code, which only an item not for the role may hold. */
const notShown = (read: ReadValue) =>
  read === -8 || read === '-8' || (typeof read === 'object' && read !== null && read.tag === 'b');

function compareData(rows: ReadValue[][], format: 'sav' | 'dta', columns: NativeColumn[]): void {
  expect(rows).toHaveLength(stored.length);
  rows.forEach((read, r) => {
    const row = stored[r]!;
    expect(read.slice(0, 5), `response ${r + 1}`).toEqual([
      r + 1,
      row.round,
      [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT].indexOf(
        row.role,
      ) + 1,
      row.day,
      row.language,
    ]);
    variables.forEach((v, i) => {
      const cell = read[6 + i]!;
      const want = expected(v, row);
      const what = `${format} response ${r + 1} ${v.name}`;
      if (!v.roles.includes(row.role) && notShown(cell)) return;
      if (helpNotAsked(v, row)) return expect(notShown(cell), what).toBe(true);
      if (format === 'dta' && want === -7 && columns[6 + i]!.kind === 'number')
        expect(cell, what).toEqual({ tag: 'a' });
      else expect(cell, what).toEqual(want);
    });
  });
}

describe('native SPSS and Stata files through the export route', () => {
  it('measures the rounds in one query: responses per round, the longest text of each item', async () => {
    const em = server.db.orm.em.fork();
    const rounds = stored.length > 0 ? await roundsOf(em) : [];
    const dimensions = await exportDimensions(em, rounds);
    expect(dimensions.responsesPerRound).toEqual([16, 16]);
    expect(dimensions.itemBytes.get('story')).toBe(3000);
    expect(dimensions.itemBytes.get('workplace')).toBe('a_much_longer_option_key'.length);
    const columns = nativeColumns(variables, rounds, dimensions);
    expect(columns.find((c) => c.name === 'story')!.width).toBe(3000);
    expect(columns.find((c) => c.name === 'round')!.valueLabels).toEqual([
      { value: 1, label: 'Før' },
      { value: 2, label: 'Etter' },
    ]);
    expect((await exportDimensions(em, [])).responses).toBe(0);
  });

  it.skipIf(skipWithout('R', 'haven'))(
    'data.sav: haven reads every value, label and missing code as stored',
    async () => {
      const file = readWithHaven(await download('data.sav'), 'sav');
      const em = server.db.orm.em.fork();
      const rounds = await roundsOf(em);
      const columns = nativeColumns(variables, rounds, await exportDimensions(em, rounds));
      expect(file.variables.map((v) => v.name)).toEqual(savNames(columns));
      compareData(file.rows, 'sav', columns);
      const byName = new Map(file.variables.map((v) => [v.name, v]));
      expect(byName.get('round')!.labels).toEqual({ '1': 'Før', '2': 'Etter' });
      expect(byName.get('role')!.labels).toEqual({
        '1': ROLE_LABELS_NB.SERVICE_USER,
        '2': ROLE_LABELS_NB.PROFESSIONAL,
        '3': ROLE_LABELS_NB.CONSULTANT,
      });
      expect(byName.get('submitted_on')!.format).toBe('DATE11');
      const hope = byName.get('hope_1')!;
      expect(hope.label).toBe('Jeg får «håp» – "sitat", \'enkelt\' & 😀');
      expect(hope.labels).toEqual({
        '0': 'Aldri',
        '1': 'Sjelden',
        '2': 'Av og til',
        '3': 'Ofte',
        '4': 'Alltid',
        '-7': 'Vet ikke / ikke aktuelt',
        '-8': 'Ikke vist',
      });
      expect(hope.naValues).toEqual([-7, -8]);
      expect(byName.get('hope_2')!.naByDefault).toBe(
        stored.filter((s) => s.answers.get('hope_2')?.na).length,
      );
      expect(byName.get('workplace')!.labels).toEqual({
        ambulant: 'Ambulant team',
        a_much_longer_option_key: 'Bolig =1+1',
        '-8': 'Ikke vist',
      });
      expect(byName.get('workplace')!.naValues).toEqual(['', '-8']);
      expect(byName.get('story')!.naByDefault).toBe(stored.filter((s) => !s.answers.get('story')).length);
      expect(byName.get('services__work')!.labels).toMatchObject({ '1': 'Valgt', '0': 'Ikke valgt' });
      expect(byName.get('wording')!.labels).toEqual({
        standard: 'Standard',
        easy_read: 'Lettlest',
        mixed: 'Blandet (byttet underveis)',
        '-8': 'Ikke vist',
      });
      expect(byName.get('assisted')!.label).toBe('Fikk hjelp til å svare');
      expect(byName.get('assisted_read_aloud')!.labels).toMatchObject({
        '1': 'Ja',
        '0': 'Nei',
        '-8': 'Ikke vist',
      });
      // Every value was written: three wordings, help yes, no and not stated.
      const column = (name: string) =>
        file.rows.map((row) => row[file.variables.findIndex((v) => v.name === name)]);
      expect(new Set(column('wording'))).toEqual(new Set(['standard', 'easy_read', 'mixed']));
      expect(new Set(column('assisted'))).toEqual(new Set([1, 0, null]));
    },
  );

  it.skipIf(skipWithout('PSPP'))('data.sav: PSPP reads the same cases and dictionary', async () => {
    const file = readWithPspp(await download('data.sav'), ['story', 'workplace']);
    expect(file.problems).toEqual([]);
    const header = file.rows[0]!;
    const cases = file.rows.slice(1);
    expect(cases).toHaveLength(stored.length);
    const at = (name: string) => header.indexOf(name);
    cases.forEach((cells, r) => {
      const row = stored[r]!;
      expect(Number(cells[at('round')])).toBe(row.round);
      for (const v of variables) {
        const want = expected(v, row);
        const cell = cells[at(v.name)]!;
        if (!v.roles.includes(row.role) && cell.trim() === '-8') continue;
        if (helpNotAsked(v, row)) {
          expect(cell.trim(), v.name).toBe('-8');
          continue;
        }
        if (typeof want === 'number') expect(Number(cell), v.name).toBeCloseTo(want, 10);
        else if (want === null) expect(cell.trim(), v.name).toBe('');
        else expect(cell, v.name).toBe(want.replace(/\r/g, ''));
      }
      const story = expected(
        variables.find((v) => v.name === 'story')!,
        row,
      ) as string;
      expect(Number(cells[at('verdi_len_1')])).toBe(Buffer.byteLength(story));
    });
    expect(file.dictionary).toMatch(/hope_1\s*\|\s*\d+\|Jeg får «håp»/);
    expect(file.dictionary).toMatch(/hope_1[^\n]*Ordinal/);
    expect(file.dictionary).toMatch(/hope_1[^\n]*-7; -8/);
    expect(file.dictionary).toMatch(/round[^\n]*Ordinal/);
    expect(file.dictionary).toContain('Erfaringskonsulent');
    expect(file.dictionary).toMatch(/wording\s*\|\s*\d+\|Formulering\s/);
    expect(file.dictionary).toMatch(/assisted_explained\s*\|\s*\d+\|Hjelp:\s/);
  });

  it.skipIf(skipWithout('R', 'haven'))(
    'data.dta: haven reads every value, label and .a/.b as stored',
    async () => {
      const spools = () => readdirSync(tmpdir()).filter((name) => name.startsWith('verdi-dta-'));
      const before = spools();
      const file = readWithHaven(await download('data.dta'), 'dta');
      // The strL values waited in a temporary file, which is gone.
      expect(spools()).toEqual(before);
      const em = server.db.orm.em.fork();
      const rounds = await roundsOf(em);
      const columns = nativeColumns(variables, rounds, await exportDimensions(em, rounds));
      expect(file.variables.map((v) => v.name)).toEqual(dtaNames(columns));
      compareData(file.rows, 'dta', columns);
      const byName = new Map(file.variables.map((v) => [v.name, v]));
      expect(byName.get('round')!.labels).toEqual({ '1': 'Før', '2': 'Etter' });
      expect(byName.get('submitted_on')!.format).toBe('%td');
      expect(byName.get('hope_1')!.labels).toEqual({
        '0': 'Aldri',
        '1': 'Sjelden',
        '2': 'Av og til',
        '3': 'Ofte',
        '4': 'Alltid',
        '.a': 'Vet ikke / ikke aktuelt',
        '.b': 'Ikke vist',
      });
      expect(byName.get('story')!.format).toBe('%-9s');
    },
  );
});

describe("the download's filters in the native files", () => {
  it.skipIf(skipWithout('R', 'haven'))(
    'data.sav and data.dta hold the same responses as the CSV for roles=PROFESSIONAL (the header counts them too)',
    async () => {
      const professionals = stored.filter((s) => s.role === RespondentRole.PROFESSIONAL).length;
      expect(professionals).toBeGreaterThan(0);
      expect(professionals).toBeLessThan(stored.length);
      const csv = (await download('data-wide.csv?roles=PROFESSIONAL')).toString('utf8');
      expect(csv.split('\n').filter((line) => /^\d+,/.test(line))).toHaveLength(professionals);
      for (const kind of ['sav', 'dta'] as const) {
        const file = readWithHaven(await download(`data.${kind}?roles=PROFESSIONAL`), kind);
        expect(file.rows, kind).toHaveLength(professionals);
        const role = file.variables.findIndex((v) => v.name === 'role');
        expect(new Set(file.rows.map((row) => row[role])), kind).toEqual(new Set([2]));
      }
    },
  );
});

describe('a response submitted while a native file is written', () => {
  it('breaks the file off with a clear error rather than sending a header that does not match the data', async () => {
    const em = server.db.orm.em.fork();
    const rounds = await roundsOf(em);
    for (const make of [savFile, dtaFile]) {
      const chunks = make(server.db.orm.em.fork(), rounds, variables, 'Kappløp');
      await chunks.next();
      await new SurveyService(server.db.orm.em.fork()).submit({
        token: afterLink,
        clientSubmissionId: randomUUID(),
        answers: answersFor(1),
        language: 'nb',
        consent: true,
      });
      await expect(
        (async () => {
          for await (const chunk of chunks) expect(chunk).toBeInstanceOf(Buffer);
        })(),
      ).rejects.toThrow(/the data changed while it was written; download it again/);
    }
  });
});

async function roundsOf(em: ReturnType<TestServer['db']['orm']['em']['fork']>) {
  const rounds = await em
    .getConnection()
    .execute<{ id: string; label: string; linkage: boolean }[]>(
      `select id, label, linkage from rounds where project_id = ? order by opens_at, id`,
      [project.id],
    );
  return rounds;
}
