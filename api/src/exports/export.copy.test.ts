import { randomBytes, randomUUID } from 'node:crypto';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { ItemType, RespondentRole, type InstrumentDefinition } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import type { Project } from '../projects/project.entity.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { canCopy, copyRows, CopyRowBytes } from './export.copy.js';
import { planVariables } from './export.plan.js';
import { csvPages, LONG_COLUMNS, scorePages, type ExportRound } from './export.rows.js';
import { csvLine } from './export.sql.js';

/**
 * On a PostgreSQL server the CSV files stream from COPY (export.copy.ts); the embedded database pages through the same
 * statements (export.rows.ts). Both must write the same bytes for the same data, however awkward the data is.
 */

/** Texts that quoting, escaping, encodings and spreadsheet guards each get wrong in their own way. */
const AWKWARD = [
  'Sa "hei", og så: ja,\nflere linjer',
  'CRLF\r\nlinje',
  'bare CR\rher',
  'tab\ther',
  'back\\slash \\n \\. \\N ikke linjeskift',
  '=SUM(A1:A2)',
  '+47 123 45 678',
  '-8',
  '-7',
  '@cmd',
  '\tbegynner med tab',
  "'sitat",
  'semi;kolon;',
  'komma, komma',
  ' mellomrom ',
  'æøå ÆØÅ – “typografisk” ✓ 🧪 e\u0301 עברית',
  '%0A prosent %25',
  '""',
  '"',
  '\\',
  'PGCOPY\n\u00ff\r\n',
  'NULL',
  '',
];

const NUMBERS = [2.5, 0.1 + 0.2, 1e21, 1e-7, -0, 123456789.123, 50, 0];

function definition(): InstrumentDefinition {
  const d = sampleDefinition();
  d.sections[0]!.items.push({
    key: 'services',
    type: ItemType.MULTI_CHOICE,
    roles: [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT],
    prompt: { nb: 'Hvilke, "tjenester"; bruker du?', en: 'Which services do you use?' },
    required: false,
    reverseScored: false,
    options: [
      { key: 'housing', label: { nb: 'Bolig, "egen"', en: 'Housing' } },
      { key: 'work', label: { nb: '=Arbeid;\nog skole', en: 'Work' } },
      { key: 'other', label: { nb: 'Annet – ✓', en: 'Other' } },
    ],
  });
  return d;
}

let server: TestServer;
let project: Project;
let session: string;
let roundId: string;

beforeAll(async () => {
  server = await startTestServer();
  if (!canCopy(server.db.orm.em.fork())) return;
  const em = server.db.orm.em.fork();
  project = await makeProject(em, 'Kopiprosjekt');
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  session = await makeSession(em, researcher);
  const round = await makeOpenRound(em, project, researcher, {
    definition: definition(),
    label: '=Runde, "1";\nny linje',
    languages: ['nb', 'en'],
  });
  roundId = round.roundId;
  // Every awkward text from a consultant (free text is shown to those who work in ambulant teams or housing), then
  // a few service users, who are shown neither.
  for (const [i, text] of [...AWKWARD, null, null, null, null].entries()) {
    const role = text === null ? 'SERVICE_USER' : 'CONSULTANT';
    await new SurveyService(server.db.orm.em.fork()).submit({
      token: round.links[role]!,
      clientSubmissionId: randomUUID(),
      answers: [
        { item: 'contact', number: i % 5 === 0 ? 0 : 1 },
        ...(role === 'CONSULTANT'
          ? [
              { item: 'workplace', choices: [text === '' ? 'drop_in' : i % 2 ? 'housing' : 'ambulant'] },
              ...(i % 6 === 1 ? [] : [{ item: 'years', number: 3 }]),
              { item: 'role_1', number: 1 + (i % 5) },
            ]
          : []),
        { item: 'services', choices: [['housing'], ['work', 'other'], [], ['other', 'housing']][i % 4]! },
        { item: 'hope_2', ...(i % 7 === 0 ? { notApplicable: true } : { number: 1 + (i % 5) }) },
        ...(i % 5 === 0 ? [] : [{ item: 'hope_1', number: 5 - (i % 5) }]),
        ...(text ? [{ item: 'value_text', text }] : []),
      ],
      language: i % 2 ? 'nb' : 'en',
      consent: true,
    });
  }
  const connection = server.db.orm.em.getConnection();
  // Numbers no submission could hold, to check that both paths write every float the same way.
  await connection.execute(
    `update answers a set number = (?::float8[])[1 + (abs(hashtext(a.response_id::text)) % ?)]
      where a.item_key = 'years'`,
    [`{${NUMBERS.map(String).join(',')}}`, NUMBERS.length],
  );
  // Texts the survey would refuse or trim: an empty text stored as text (not as a skipped item), and spaces only.
  await connection.execute(
    `insert into answers (response_id, item_key, text, not_applicable)
       select id, 'value_text', case when row_number() over (order by id) % 2 = 0 then '' else '   ' end, false
         from responses r
        where r.round_id = ? and r.role = 'CONSULTANT'
          and not exists (select 1 from answers a where a.response_id = r.id and a.item_key = 'value_text')
          and exists (select 1 from answers a where a.response_id = r.id and a.item_key = 'workplace'
                        and a.choices && array['ambulant', 'housing'])`,
    [roundId],
  );
  // Half the responses carry a linkage code, so that the pseudonym column is compared as well.
  await connection.execute(
    `update responses set linkage_hash = md5(id::text) where round_id = ? and hashtext(id::text) % 2 = 0`,
    [roundId],
  );
});
afterAll(async () => {
  await server?.stop();
});

async function bytesOf(chunks: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(all);
}

describe.skipIf(!process.env.DATABASE_URL)('CSV exports through COPY on a PostgreSQL server', () => {
  it('runs on a PostgreSQL server here (the route takes the COPY path)', () => {
    expect(canCopy(server.db.orm.em.fork())).toBe(true);
  });

  it('write the same bytes as the paged path, in every CSV layout, across rounds, filters and page sizes', async () => {
    const em = server.db.orm.em.fork();
    const round: ExportRound = { id: roundId, label: '=Runde, "1";\nny linje', linkage: true };
    const rounds = [round, { ...round, label: 'Igjen – 12 måneder, "2"' }, { ...round, linkage: false }];
    const variables = planVariables([definition()]);
    const linkageSecret = randomBytes(32);
    const filters = [
      {},
      { roles: [RespondentRole.SERVICE_USER] },
      { roles: [RespondentRole.CONSULTANT, RespondentRole.PROFESSIONAL], to: '2999-12-31' },
      { from: '2999-01-01' },
    ];
    for (const filter of filters) {
      for (const layout of ['long', 'wide', 'spss'] as const) {
        const copied = await bytesOf(
          copyRows(em, rounds, variables, layout === 'spss' ? 'wide-spss' : `${layout}-csv`, {
            linkageSecret,
            filter,
          }),
        );
        const paged = await bytesOf(
          csvPages(em, rounds, variables, layout, { linkageSecret, filter, pageSize: 4 }),
        );
        expect(copied.equals(paged), `${layout} ${JSON.stringify(filter)}`).toBe(true);
        if (!filter.from) expect(copied.length).toBeGreaterThan(1000);
      }
      const keys = ['hope', 'role_clarity', 'nothing'];
      const copied = await bytesOf(copyRows(em, rounds, [], 'scores-csv', { linkageSecret, filter }, keys));
      const paged = await bytesOf(scorePages(em, rounds, keys, { linkageSecret, filter, pageSize: 3 }));
      expect(copied.equals(paged), `scores ${JSON.stringify(filter)}`).toBe(true);
    }
    // The awkward texts did reach the file: each as csv-stringify quotes it, after the formula guard.
    const long = (await bytesOf(copyRows(em, [round], variables, 'long-csv', { linkageSecret }))).toString();
    for (const text of [
      'Sa ""hei"", og så: ja,\nflere linjer',
      'CRLF\r\nlinje',
      "'=SUM(A1:A2)",
      "'-8",
      'back\\slash',
    ]) {
      expect(long).toContain(text);
    }
    expect(long).toMatch(/^1,"'=Runde, ""1"";\nny linje",/);
    // Blocks of 1, 2, 3 and 5 bytes split every two-byte letter (å, ø, –) between blocks: the text stays whole.
    for (const block of [1, 2, 3, 5]) {
      const small = await bytesOf(copyRows(em, [round], variables, 'long-csv', { linkageSecret }, [], block));
      expect(small.toString(), `blocks of ${block}`).toBe(long);
    }
  });

  it('send over HTTP the header and the same rows as the paged path (no BOM, no compression)', async () => {
    const em = server.db.orm.em.fork();
    for (const [file, layout] of [
      ['data-long.csv', 'long'],
      ['data-wide.csv', 'wide'],
      ['data-spss.csv', 'spss'],
    ] as const) {
      const response = await fetch(`${server.url}/exports/${project.id}/${file}`, {
        headers: { cookie: `verdi_session=${session}`, 'accept-encoding': 'gzip' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBeNull();
      const body = Buffer.from(await response.arrayBuffer());
      const rounds: ExportRound[] = [{ id: roundId, label: '=Runde, "1";\nny linje', linkage: false }];
      const variables = planVariables([definition()]);
      const header =
        layout === 'long'
          ? LONG_COLUMNS
          : [
              'response',
              'round',
              'role',
              'submitted_on',
              'language',
              'linkage',
              ...variables.map((v) => v.name),
            ];
      const paged = Buffer.concat([
        Buffer.from(csvLine(header)),
        await bytesOf(csvPages(em, rounds, variables, layout, { pageSize: 5 })),
      ]);
      expect(body.equals(paged), file).toBe(true);
    }
  });

  it('hands no connection back in the middle of a COPY when the reader stops early', async () => {
    const em = server.db.orm.em.fork();
    const variables = planVariables([definition()]);
    const round: ExportRound = { id: roundId, label: 'R', linkage: false };
    const pool = await (em.getConnection() as PostgreSqlConnection).getNativeClient();
    // Blocks of 64 bytes: the reader stops after the first, in the middle of the first round's COPY.
    for await (const chunk of copyRows(em, [round, round, round], variables, 'long-csv', {}, [], 64)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    // Every pooled connection answers a query: none was left inside a COPY or a read-only transaction.
    const clients = await Promise.all(Array.from({ length: 3 }, () => pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query<{ ro: string }>(
          "select current_setting('transaction_read_only') as ro",
        );
        expect(rows[0]!.ro).toBe('off');
      }
    } finally {
      for (const client of clients) client.release();
    }
    const again = await bytesOf(copyRows(em, [round], variables, 'long-csv'));
    expect(again.length).toBeGreaterThan(1000);
  });

  it('takes the binary framing off however PostgreSQL splits the stream, nulls and empty rows included', async () => {
    const pool = await (server.db.orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
    const client = await pool.connect();
    const raw: Buffer[] = [];
    try {
      const texts = ['a,b\n', null, '', 'ø"\r\n', 'x'.repeat(70_000), '\\\n'];
      const stream = client.query(
        copyTo(
          `copy (select t from unnest(array[${texts.map((t) => (t === null ? 'null' : `'${t}'`)).join(', ')}]::text[]) with ordinality as u(t, o) order by o) to stdout (format binary)`,
        ),
      );
      for await (const chunk of stream as AsyncIterable<Buffer>) raw.push(Buffer.from(chunk));
      const whole = Buffer.concat(raw);
      const expected = Buffer.from(texts.map((t) => t ?? '').join(''));
      for (const size of [1, 2, 3, 5, 7, 19, 4096, whole.length]) {
        const rows = new CopyRowBytes();
        const out: Buffer[] = [];
        for (let at = 0; at < whole.length; at += size) {
          out.push(Buffer.from(rows.take(Buffer.from(whole.subarray(at, at + size)))));
        }
        expect(Buffer.concat(out).equals(expected), `chunks of ${size}`).toBe(true);
        expect(rows.rows).toBe(texts.length);
        expect(rows.complete).toBe(true);
      }
    } finally {
      client.release();
    }
  });
});
