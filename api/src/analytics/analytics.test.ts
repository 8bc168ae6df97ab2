import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { Viewer } from '../auth/viewer.js';
import type { Em } from '../db/orm.js';
import { insertSubmissions } from '../demo/bulk.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { ProgrammeCohort } from '../cohorts/cohort.entity.js';
import type { Project } from '../projects/project.entity.js';
import type { AnswerValue } from '../responses/answer.rules.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { WaveService } from '../waves/wave.service.js';

// Expected values computed independently with NumPy/SciPy (np.percentile is PostgreSQL's percentile_cont).
const close = (actual: unknown, expected: number) => expect(actual as number).toBeCloseTo(expected, 9);

const { SERVICE_USER, PROFESSIONAL, CONSULTANT } = RespondentRole;
const definition = sampleDefinition();
let server: TestServer;
let project: Project;
let other: Project;
let researcher: GraphQLClient;
let manager: GraphQLClient;
let otherManager: GraphQLClient;
const waves: Record<'baseline' | 'followUp' | 'open' | 'alpha', string> = {
  baseline: '',
  followUp: '',
  open: '',
  alpha: '',
};

/** Answers that give a hope score of exactly `hope` (hope_2 is "Vet ikke", so only hope_1 counts). */
const hopeOf = (hope: number): AnswerValue[] => [
  { item: 'contact', number: 1 },
  { item: 'hope_1', number: hope },
  { item: 'hope_2', notApplicable: true },
];

async function submit(
  em: Em,
  waveId: string,
  role: RespondentRole,
  values: number[],
  link?: (i: number) => string,
) {
  await insertSubmissions(
    em,
    waveId,
    definition,
    role,
    values.map((v, i) => ({ answers: hopeOf(v), submittedOn: '2025-01-15', linkageHash: link?.(i) ?? null })),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  project = await makeProject(em, 'Analyseprosjekt');
  other = await makeProject(em, 'Annet prosjekt');
  const researcherUser = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  researcher = server.client({ session: await makeSession(em, researcherUser) });
  manager = server.client({
    session: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] })),
  });
  otherManager = server.client({
    session: await makeSession(em, await makeUser(em, { roles: [[other, ProjectRole.MANAGER]] })),
  });
  const actor: Viewer = {
    userId: researcherUser.id,
    isAdmin: true,
    roles: new Map(),
    via: 'session',
    credentialId: 'x',
  };
  const instruments = new InstrumentService(em);
  const instrument = await instruments.create(actor, { name: 'Skjema', projectId: project.id }, definition);
  await instruments.publish(actor, instrument.id, 1);
  const make = async (label: string, closed: boolean) =>
    (
      await new WaveService(em).create(actor, {
        projectId: project.id,
        instrumentId: instrument.id,
        label,
        opensAt: new Date('2025-01-01T08:00:00Z'),
        closesAt: closed ? new Date('2025-02-01T08:00:00Z') : null,
        information: { nb: 'Test' },
        linkage: true,
      })
    ).id;
  waves.baseline = await make('Baseline', true);
  waves.followUp = await make('Oppfølging', true);
  waves.open = await make('Pågår', false);
  waves.alpha = await make('Alfa', true);

  await submit(em, waves.baseline, SERVICE_USER, [5, 4, 4, 3, 5, 2]);
  await submit(em, waves.baseline, PROFESSIONAL, [3, 2, 4]);
  await submit(em, waves.baseline, CONSULTANT, [4, 4, 5, 5, 3, 4, 5], (i) => `par-${i}`);
  await submit(em, waves.followUp, CONSULTANT, [5, 4, 5, 5, 4, 5, 5], (i) => `par-${i}`);
  await submit(em, waves.open, SERVICE_USER, [4, 4, 4, 4, 4, 4]);
  // hope_1 and hope_2 (reverse-scored) for alpha: the mirrored values are [2,3], [4,4], [3,3], [5,4], [4,5].
  await insertSubmissions(
    em,
    waves.alpha,
    definition,
    CONSULTANT,
    [
      [2, 3],
      [4, 2],
      [3, 3],
      [5, 2],
      [4, 1],
    ].map(([a, b]) => ({
      answers: [
        { item: 'contact', number: 1 },
        { item: 'hope_1', number: a! },
        { item: 'hope_2', number: b! },
      ],
      submittedOn: '2025-01-20',
    })),
  );
  em.create(ProgrammeCohort, {
    project,
    cohort: 'Kull 1',
    started: 48,
    completed: 29,
    employedInServices: 28,
    employedElsewhere: 6,
    applicants: null,
  });
  await em.flush();
});
afterAll(async () => {
  await server?.stop();
});

const SCORES = `query ($projectIds: [ID!]!, $waveIds: [ID!], $roles: [RespondentRole!], $min: Float) {
  constructScores(projectIds: $projectIds, waveIds: $waveIds, roles: $roles, constructs: ["hope"], minShareAnswered: $min) {
    round { waveLabel } role construct kind suppressed n mean sd ciLow ciHigh median q1 q3 } }`;

interface Cell {
  role: string | null;
  suppressed: string | null;
  n: number | null;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

async function cells(client: GraphQLClient, variables: Record<string, unknown>): Promise<Cell[]> {
  const result = await client.graphql<{ constructScores: Cell[] }>(SCORES, variables);
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.constructScores;
}

describe('construct scores', () => {
  it('give n, mean, sd, t-based CI, median and quartiles computed in PostgreSQL', async () => {
    const result = await cells(researcher, { projectIds: [project.id], waveIds: [waves.baseline] });
    const consultants = result.find((c) => c.role === CONSULTANT)!;
    expect(consultants.n).toBe(7);
    close(consultants.mean, 4.285714285714286);
    close(consultants.sd, 0.7559289460184545);
    close(consultants.ciLow, 3.5865966139585774);
    close(consultants.ciHigh, 4.984831957469994);
    expect([consultants.median, consultants.q1, consultants.q3]).toEqual([4, 4, 5]);
    const all = result.find((c) => c.role === null)!;
    expect(all.n).toBe(16);
    close(all.mean, 3.875);
    close(all.sd, 1.02469507659596);
    close(all.ciLow, 3.32897853616305);
    close(all.ciHigh, 4.42102146383695);
  });

  it('suppress the group below k, and the next smallest so that it cannot be subtracted from the total', async () => {
    const result = await cells(researcher, { projectIds: [project.id], waveIds: [waves.baseline] });
    const byRole = new Map(result.map((c) => [c.role, c]));
    expect(byRole.get(PROFESSIONAL)).toMatchObject({
      suppressed: 'TOO_FEW',
      n: null,
      mean: null,
      sd: null,
      ciLow: null,
      median: null,
    });
    expect(byRole.get(SERVICE_USER)).toMatchObject({ suppressed: 'SECONDARY', n: null, mean: null });
    expect(byRole.get(CONSULTANT)!.suppressed).toBeNull();
    expect(byRole.get(null)!.suppressed).toBeNull();
  });

  it('give the same cells whatever the filters, so that two requests cannot be subtracted either', async () => {
    const all = await cells(manager, { projectIds: [project.id], waveIds: [waves.baseline] });
    const onlyConsultants = await cells(manager, {
      projectIds: [project.id],
      waveIds: [waves.baseline],
      roles: [CONSULTANT],
    });
    expect(onlyConsultants).toEqual(all.filter((c) => c.role === CONSULTANT || c.role === null));
    expect(onlyConsultants.find((c) => c.role === null)!.n).toBe(16);
  });

  it('never give a manager a number for a group smaller than k, through any filter or round', async () => {
    for (const roles of [null, [SERVICE_USER], [PROFESSIONAL], [CONSULTANT]]) {
      for (const waveIds of [null, [waves.baseline], [waves.followUp], [waves.open], [waves.alpha]]) {
        for (const cell of await cells(manager, { projectIds: [project.id], waveIds, roles })) {
          if (cell.suppressed === null) expect(cell.n!).toBeGreaterThanOrEqual(5);
          else
            expect([
              cell.n,
              cell.mean,
              cell.sd,
              cell.ciLow,
              cell.ciHigh,
              cell.median,
              cell.q1,
              cell.q3,
            ]).toEqual(Array(8).fill(null));
        }
      }
    }
  });

  it("show a manager an open round's results only after it closes; its researchers see them now", async () => {
    const managerView = await cells(manager, { projectIds: [project.id], waveIds: [waves.open] });
    expect(managerView.map((c) => c.suppressed)).toEqual(['ROUND_OPEN', 'ROUND_OPEN']);
    const researcherView = await cells(researcher, { projectIds: [project.id], waveIds: [waves.open] });
    expect(researcherView.find((c) => c.role === SERVICE_USER)).toMatchObject({
      suppressed: null,
      n: 6,
      mean: 4,
    });
  });

  it('refuse projects the caller has no role in, and a changed score threshold from managers', async () => {
    const denied = await otherManager.graphql(SCORES, { projectIds: [project.id] });
    expect(denied.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const mixed = await manager.graphql(SCORES, { projectIds: [project.id, other.id] });
    expect(mixed.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const threshold = await manager.graphql(SCORES, { projectIds: [project.id], min: 0.8 });
    expect(threshold.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const asResearcher = await researcher.graphql(SCORES, { projectIds: [project.id], min: 0.8 });
    expect(asResearcher.body.errors).toBeUndefined();
  });
});

describe('item distributions', () => {
  it('count each scale point, "Vet ikke" and missing, per group, and suppress small groups', async () => {
    const result = await researcher.graphql<{
      itemDistributions: {
        role: string;
        item: string;
        suppressed: string | null;
        n: number;
        counts: { value: number; count: number; share: number }[];
        notApplicable: number;
        missing: number;
      }[];
    }>(
      `query ($p: [ID!]!, $w: [ID!]) { itemDistributions(projectIds: $p, waveIds: $w, items: ["hope_1", "hope_2"]) {
        role item suppressed n counts { value count share } notApplicable missing } }`,
      { p: [project.id], w: [waves.baseline] },
    );
    const rows = result.body.data!.itemDistributions;
    const consultants = rows.find((r) => r.role === CONSULTANT && r.item === 'hope_1')!;
    expect(consultants.counts.map((c) => c.count)).toEqual([0, 0, 1, 3, 3]);
    close(consultants.counts[3]!.share, 3 / 7);
    expect(consultants).toMatchObject({ n: 7, notApplicable: 0, missing: 0 });
    expect(rows.find((r) => r.role === CONSULTANT && r.item === 'hope_2')).toMatchObject({
      notApplicable: 7,
      missing: 0,
    });
    expect(rows.find((r) => r.role === PROFESSIONAL && r.item === 'hope_1')).toMatchObject({
      suppressed: 'TOO_FEW',
      n: null,
      counts: null,
    });
  });
});

describe('change between rounds', () => {
  it('gives the unpaired difference with a Welch interval and the paired change through linkage codes', async () => {
    const result = await manager.graphql<{ roundChange: Record<string, Record<string, number | null>> }>(
      `query ($p: ID!, $a: ID!, $b: ID!) { roundChange(projectId: $p, fromWaveId: $a, toWaveId: $b, construct: "hope", role: CONSULTANT) {
        from { n mean } to { n mean } unpaired { suppressed difference ciLow ciHigh }
        paired { suppressed n meanChange ciLow ciHigh dz improved unchanged worse } } }`,
      { p: project.id, a: waves.baseline, b: waves.followUp },
    );
    expect(result.body.errors).toBeUndefined();
    const change = result.body.data!.roundChange;
    close(change.unpaired!.difference, 0.4285714285714288);
    close(change.unpaired!.ciLow, -0.3265492165770715);
    close(change.unpaired!.ciHigh, 1.183692073719929);
    expect(change.paired!.n).toBe(7);
    close(change.paired!.meanChange, 0.42857142857142855);
    close(change.paired!.dz, 0.8017837257372732);
    close(change.paired!.ciLow, -0.06577941797438341);
    close(change.paired!.ciHigh, 0.9229222751172406);
    close(change.paired!.improved, 3 / 7);
    close(change.paired!.unchanged, 4 / 7);
    close(change.paired!.worse, 0);
  });
});

describe('reliability', () => {
  it("gives Cronbach's alpha with reverse-scored items mirrored, and suppresses small groups", async () => {
    const result = await researcher.graphql<{
      reliability: {
        role: string;
        construct: string;
        items: number;
        n: number | null;
        alpha: number | null;
        suppressed: string | null;
      }[];
    }>(
      'query ($p: ID!, $w: ID!) { reliability(projectId: $p, waveId: $w) { role construct items n alpha suppressed } }',
      { p: project.id, w: waves.alpha },
    );
    const hope = result.body.data!.reliability.find((r) => r.role === CONSULTANT && r.construct === 'hope')!;
    expect(hope).toMatchObject({ items: 2, n: 5, suppressed: null });
    close(hope.alpha, 0.7878787878787878);
    expect(
      result.body.data!.reliability.find((r) => r.role === SERVICE_USER && r.construct === 'hope'),
    ).toMatchObject({
      suppressed: 'TOO_FEW',
      alpha: null,
    });
  });
});

describe('programme funnel', () => {
  it('gives rates from each reported stage to the next with Wilson intervals, skipping unreported stages', async () => {
    const result = await manager.graphql<{
      programmeFunnel: {
        cohort: string;
        stages: {
          stage: string;
          count: number | null;
          rate: number | null;
          ciLow: number | null;
          ciHigh: number | null;
        }[];
      }[];
    }>(
      'query ($p: [ID!]!) { programmeFunnel(projectIds: $p) { cohort stages { stage count rate ciLow ciHigh } } }',
      { p: [project.id] },
    );
    const [cohort] = result.body.data!.programmeFunnel;
    expect(cohort!.stages.map((s) => [s.stage, s.count])).toEqual([
      ['applicants', null],
      ['admitted', null],
      ['started', 48],
      ['completed', 29],
      ['employed', 34],
    ]);
    const completed = cohort!.stages[3]!;
    close(completed.rate, 29 / 48);
    close(completed.ciLow, 0.4631040849254725);
    close(completed.ciHigh, 0.7297917213940862);
  });
});
