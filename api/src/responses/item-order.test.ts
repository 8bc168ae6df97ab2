import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { problemsOf } from '../instruments/definition.rules.js';
import {
  RespondentRole,
  ShowIfOperator,
  type InstrumentDefinition,
} from '../instruments/definition.types.js';
import { likert } from '../instruments/test/sample-definition.js';
import { newTypesDefinition } from '../instruments/test/new-types-definition.js';
import { canonicalDefinition } from '../instruments/definition.canonical.js';
import { RoundService } from '../rounds/round.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser, type OpenRound } from '../test/factories.js';
import { actorOf } from '../test/rounds.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { checkItemOrder } from './answer.rules.js';
import { SurveyService } from './survey.service.js';

const { CONSULTANT, PROFESSIONAL } = RespondentRole;

/** The new-types instrument with a second section shown in a drawn order: r1, r2 for all, r3 for consultants. */
function definition(): InstrumentDefinition {
  const d = newTypesDefinition();
  d.sections.push({
    key: 'random',
    title: { nb: 'Påstander', nn: 'Påstandar', en: 'Statements' },
    randomiseOrder: true,
    items: [likert('r1', null), likert('r2', null), likert('r3', null, { roles: [CONSULTANT] })],
  });
  return d;
}

describe('a randomised section in a definition', () => {
  it('is kept through the canonical form, and refuses a show-if on an item of the same section', () => {
    expect(problemsOf(definition())).toEqual([]);
    expect(canonicalDefinition(definition()).sections[1]!.randomiseOrder).toBe(true);
    expect('randomiseOrder' in canonicalDefinition(newTypesDefinition()).sections[0]!).toBe(false);
    const d = definition();
    d.sections[1]!.items[1]!.showIf = { item: 'r1', op: ShowIfOperator.GREATER_THAN, values: ['2'] };
    expect(problemsOf(d).map((p) => [p.code, p.item, p.message])).toEqual([
      [
        'SHOW_IF_SAME_RANDOM_SECTION',
        'r2',
        'Item r2: show-if points at r1, which is in the same randomised section',
      ],
    ]);
    // A condition on an earlier, not randomised, section still works.
    d.sections[1]!.items[1]!.showIf = { item: 'mood', op: ShowIfOperator.GREATER_THAN, values: ['2'] };
    expect(problemsOf(d)).toEqual([]);
  });

  it('takes an order listing each of the role’s items of the section once', () => {
    expect(checkItemOrder(definition(), CONSULTANT, ['r3', 'r1', 'r2'])).toEqual({
      order: ['r3', 'r1', 'r2'],
    });
    expect(checkItemOrder(definition(), PROFESSIONAL, ['r2', 'r1'])).toEqual({ order: ['r2', 'r1'] });
    expect(checkItemOrder(definition(), CONSULTANT, null)).toEqual({ order: null });
    for (const bad of [
      ['r1', 'r2'],
      ['r1', 'r1', 'r2'],
      ['r1', 'r2', 'r3', 'mood'],
      ['r1', 'r2', 'x'],
    ])
      expect(checkItemOrder(definition(), CONSULTANT, bad), bad.join()).toHaveProperty('error');
    expect(checkItemOrder(definition(), PROFESSIONAL, ['r3', 'r1'])).toHaveProperty('error');
    expect(checkItemOrder(newTypesDefinition(), CONSULTANT, ['mood'])).toEqual({
      error: 'is given, but no section of this questionnaire is randomised',
    });
  });
});

let server: TestServer;
let author: User;
let round: OpenRound;
let session: string;
let projectId: string;
const em = () => server.db.orm.em.fork();
const sql = async <T>(text: string, params: unknown[] = []) =>
  (await server.db.orm.em.getConnection().execute(text, params)) as T[];

beforeAll(async () => {
  server = await startTestServer();
  const project = await makeProject(em(), 'Tilfeldig rekkefølge');
  author = await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] });
  session = await makeSession(em(), author);
  projectId = project.id;
  round = await makeOpenRound(em(), project, author, {
    definition: definition(),
    languages: ['nb', 'nn', 'en'],
  });
});
afterAll(async () => {
  await server?.stop();
});

describe('the order of a randomised section, per response', () => {
  it('is kept with the draft, given back on resume, and stored at submission', async () => {
    const token = round.links.CONSULTANT!;
    const first = await new SurveyService(em()).saveDraft({
      token,
      answers: [{ item: 'mood', number: 5 }],
      language: 'nb',
      consent: true,
      itemOrder: ['r3', 'r1', 'r2'],
    });
    const resumed = await new SurveyService(em()).survey(token, first.resumeToken);
    expect(resumed.itemOrder).toEqual(['r3', 'r1', 'r2']);
    expect(resumed.sections.map((s) => s.randomiseOrder)).toEqual([null, true]);
    // A save without an order (an older page) keeps the draft's.
    await new SurveyService(em()).saveDraft({
      token,
      resumeToken: first.resumeToken,
      answers: [{ item: 'mood', number: 6 }],
      language: 'nb',
      consent: true,
    });
    expect((await new SurveyService(em()).survey(token, first.resumeToken)).itemOrder).toEqual([
      'r3',
      'r1',
      'r2',
    ]);
    await new SurveyService(em()).submit({
      token,
      resumeToken: first.resumeToken,
      clientSubmissionId: randomUUID(),
      answers: [{ item: 'mood', number: 6 }],
      language: 'nb',
      consent: true,
    });
    const [submitted] = await sql<{ id: string; item_order: string[] }>(
      `select id, item_order from responses where round_id = ? and status = 'SUBMITTED'`,
      [round.roundId],
    );
    expect(submitted!.item_order).toEqual(['r3', 'r1', 'r2']);
  });

  it('is stored by a submission at once and by one through a code (the careful path)', async () => {
    const direct = randomUUID();
    await new SurveyService(em()).submit({
      token: round.links.PROFESSIONAL!,
      clientSubmissionId: direct,
      answers: [{ item: 'r1', number: 2 }],
      language: 'nb',
      consent: true,
      itemOrder: ['r2', 'r1'],
    });
    const { codes } = await new RoundService(em()).createCodes(actorOf(author), {
      roundId: round.roundId,
      role: CONSULTANT,
      count: 1,
    });
    await new SurveyService(em()).submit({
      token: codes[0]!,
      clientSubmissionId: randomUUID(),
      answers: [{ item: 'r2', number: 4 }],
      language: 'nb',
      consent: true,
      itemOrder: ['r2', 'r3', 'r1'],
    });
    const rows = await sql<{ role: string; item_order: string[] }>(
      `select role::text as role, item_order from responses where round_id = ? and status = 'SUBMITTED' order by role, item_order`,
      [round.roundId],
    );
    expect(rows.map((r) => [r.role, r.item_order])).toEqual([
      ['CONSULTANT', ['r2', 'r3', 'r1']],
      ['CONSULTANT', ['r3', 'r1', 'r2']],
      ['PROFESSIONAL', ['r2', 'r1']],
    ]);
  });

  it('refuses an order that is not one of the section, naming itemOrder, and stores nothing', async () => {
    const before = await sql<{ n: string }>(`select count(*) as n from responses`);
    for (const call of [
      () =>
        new SurveyService(em()).saveDraft({
          token: round.links.SERVICE_USER!,
          answers: [{ item: 'mood', number: 5 }],
          language: 'nb',
          consent: true,
          itemOrder: ['r1', 'r1'],
        }),
      () =>
        new SurveyService(em()).submit({
          token: round.links.SERVICE_USER!,
          clientSubmissionId: randomUUID(),
          answers: [{ item: 'mood', number: 5 }],
          language: 'nb',
          consent: true,
          itemOrder: ['r1', 'r2', 'r3'],
        }),
    ]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e as { extensions: { code: string; fields: Record<string, string> } },
      );
      expect(error?.extensions.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(error?.extensions.fields ?? {})).toEqual(['itemOrder']);
    }
    expect(await sql<{ n: string }>(`select count(*) as n from responses`)).toEqual(before);
  });
});

describe('the order in the exports', () => {
  const download = async (file: string) => {
    const response = await fetch(`${server.url}/exports/${projectId}/${file}`, {
      headers: { cookie: `verdi_session=${session}` },
    });
    expect(response.status, file).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  it('is the variable item_order, the keys in the order shown, in the CSV, the codebook and the native files', async () => {
    const rows: Record<string, string>[] = parse((await download('data-wide.csv')).toString('utf8'), {
      columns: true,
    });
    expect(rows.map((r) => [r.role, r.item_order]).sort()).toEqual([
      ['CONSULTANT', 'r2 r3 r1'],
      ['CONSULTANT', 'r3 r1 r2'],
      ['PROFESSIONAL', 'r2 r1'],
    ]);
    const codebook: Record<string, string>[] = parse((await download('codebook.csv')).toString('utf8'), {
      columns: true,
    });
    expect(codebook.find((c) => c.variable === 'item_order')).toMatchObject({ type: 'TEXT' });
    // The native files size their texts before they stream: the order fits its column.
    expect((await download('data.sav')).length).toBeGreaterThan(0);
    expect((await download('data.dta')).length).toBeGreaterThan(0);
  });
});
