import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { canonicalDefinition } from './definition.canonical.js';
import { problemsOf } from './definition.rules.js';
import { RespondentRole, defaultAgreementScale, type InstrumentDefinition } from './definition.types.js';
import { likert } from './test/sample-definition.js';
import { newTypesDefinition } from './test/new-types-definition.js';

const { CONSULTANT, SERVICE_USER } = RespondentRole;

/** The new-types instrument with a second section shown as a grid: g1, g2 for all, g3 for consultants. */
function definition(): InstrumentDefinition {
  const d = newTypesDefinition();
  d.sections.push({
    key: 'statements',
    title: { nb: 'Påstander', nn: 'Påstandar', en: 'Statements' },
    grid: true,
    items: [likert('g1', null), likert('g2', null), likert('g3', null, { roles: [CONSULTANT] })],
  });
  return d;
}

const problemsAfter = (change: (d: InstrumentDefinition) => void) => {
  const d = definition();
  change(d);
  return problemsOf(d).map((p) => ({ path: p.path, code: p.code, params: p.params, message: p.message }));
};

describe('a Likert grid section in a definition', () => {
  it('is accepted with Likert items on one scale and kept through the canonical form', () => {
    expect(problemsOf(definition())).toEqual([]);
    expect(canonicalDefinition(definition()).sections[1]!.grid).toBe(true);
    const off = definition();
    off.sections[1]!.grid = false;
    expect('grid' in canonicalDefinition(off).sections[1]!).toBe(false);
  });

  it('refuses an item that is not Likert, naming the section and the item', () => {
    expect(
      problemsAfter((d) => d.sections[1]!.items.splice(1, 0, { ...d.sections[0]!.items[0]!, key: 'odd' })),
    ).toEqual([
      {
        path: 'sections[1].grid',
        code: 'GRID_NOT_LIKERT',
        params: [
          { name: 'section', value: 'statements' },
          { name: 'key', value: 'odd' },
          { name: 'type', value: d0Type() },
        ],
        message: `Section statements is shown as a grid, but its item odd is ${d0Type()}, not LIKERT`,
      },
    ]);
  });

  it('refuses Likert items on different scales, naming the section, the item and its scale', () => {
    const found = problemsAfter((d) => {
      d.scales.push(defaultAgreementScale('agree5b'));
      d.sections[1]!.items[2]!.scale = 'agree5b';
    });
    expect(found).toEqual([
      {
        path: 'sections[1].grid',
        code: 'GRID_MIXED_SCALES',
        params: [
          { name: 'section', value: 'statements' },
          { name: 'key', value: 'g3' },
          { name: 'scale', value: 'agree5b' },
        ],
        message:
          'Section statements is shown as a grid, but its item g3 uses another scale (agree5b) than the items before it (agree5)',
      },
    ]);
    // Without the flag, the same section is fine: the rule belongs to the grid.
    expect(
      problemsAfter((d) => {
        d.scales.push(defaultAgreementScale('agree5b'));
        d.sections[1]!.items[2]!.scale = 'agree5b';
        d.sections[1]!.grid = null;
      }),
    ).toEqual([]);
  });
});

function d0Type(): string {
  return newTypesDefinition().sections[0]!.items[0]!.type;
}

let server: TestServer;
let round: OpenRound;
const em = () => server.db.orm.em.fork();

beforeAll(async () => {
  server = await startTestServer();
  const project = await makeProject(em(), 'Rutenett');
  const author = await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] });
  round = await makeOpenRound(em(), project, author, {
    definition: definition(),
    languages: ['nb', 'nn', 'en'],
  });
});
afterAll(async () => {
  await server?.stop();
});

describe('a Likert grid section in the survey', () => {
  it('is sent to the participant with the flag, and its answers are stored as ordinary Likert answers', async () => {
    const token = round.links[SERVICE_USER]!;
    const survey = await new SurveyService(em()).survey(token, null);
    expect(survey.sections.map((s) => [s.key, s.grid, s.items.map((i) => i.key)])).toEqual([
      [survey.sections[0]!.key, null, survey.sections[0]!.items.map((i) => i.key)],
      ['statements', true, ['g1', 'g2']],
    ]);
    await new SurveyService(em()).submit({
      token,
      clientSubmissionId: randomUUID(),
      answers: [
        { item: 'g1', number: 4 },
        { item: 'g2', notApplicable: true },
      ],
      language: 'nn',
      consent: true,
    });
    const rows = (await server.db.orm.em
      .getConnection()
      .execute(
        `select a.item_key, a.number as number_value, a.not_applicable from answers a join responses r on r.id = a.response_id where r.round_id = ? order by a.item_key`,
        [round.roundId],
      )) as { item_key: string; number_value: number | null; not_applicable: boolean }[];
    expect(
      rows.map((r) => [
        r.item_key,
        r.number_value === null ? null : Number(r.number_value),
        r.not_applicable,
      ]),
    ).toEqual([
      ['g1', 4, false],
      ['g2', null, true],
    ]);
  });
});
