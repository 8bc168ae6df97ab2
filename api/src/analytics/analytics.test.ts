import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { Viewer } from '../auth/viewer.js';
import { ProgrammeCohort } from '../cohorts/cohort.entity.js';
import type { Em } from '../db/orm.js';
import { insertSubmissions } from '../demo/bulk.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import type { Project } from '../projects/project.entity.js';
import type { AnswerValue } from '../responses/answer.rules.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { RoundService } from '../rounds/round.service.js';

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
const rounds: Record<
  'stats' | 'small' | 'followUp' | 'open' | 'alpha' | 'items' | 'dupFrom' | 'dupTo',
  string
> = {
  stats: '',
  small: '',
  followUp: '',
  open: '',
  alpha: '',
  items: '',
  dupFrom: '',
  dupTo: '',
};

/** Answers that give a hope score of exactly `hope` (hope_2 is "Vet ikke", so only hope_1 counts). */
const hopeOf = (hope: number): AnswerValue[] => [
  { item: 'contact', number: 1 },
  { item: 'hope_1', number: hope },
  { item: 'hope_2', notApplicable: true },
];

async function submit(
  em: Em,
  roundId: string,
  role: RespondentRole,
  values: number[],
  link?: (i: number) => string | null,
  submittedOn = '2025-01-15',
) {
  await insertSubmissions(
    em,
    roundId,
    definition,
    role,
    values.map((v, i) => ({ answers: hopeOf(v), submittedOn, linkageHash: link?.(i) ?? null })),
  );
}

const CONSULTANTS = [4, 4, 5, 5, 3, 4, 5, 4, 4, 5, 3, 4];

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
  let day = 1;
  const make = async (label: string, closed: boolean, minGroupSize?: number) =>
    (
      await new RoundService(em).create(actor, {
        projectId: project.id,
        instrumentId: instrument.id,
        label,
        opensAt: new Date(`2025-01-${String(day++).padStart(2, '0')}T08:00:00Z`),
        closesAt: closed ? new Date('2025-02-01T08:00:00Z') : null,
        information: { nb: 'Test' },
        linkage: true,
        minGroupSize,
      })
    ).id;
  // k = 3: spread from 6.
  rounds.stats = await make('Baseline', true, 3);
  rounds.small = await make('Liten gruppe', true);
  rounds.followUp = await make('Oppfølging', true, 3);
  rounds.open = await make('Pågår', false);
  rounds.alpha = await make('Alfa', true, 3);
  rounds.items = await make('Få svarte', true);
  rounds.dupFrom = await make('Før', true, 3);
  rounds.dupTo = await make('Etter', true, 3);

  await submit(em, rounds.stats, SERVICE_USER, [5, 4, 4, 3, 5, 2]);
  await submit(em, rounds.stats, PROFESSIONAL, [3, 2, 4, 3, 2, 4]);
  await submit(em, rounds.stats, CONSULTANT, CONSULTANTS, (i) => `par-${i}`);
  await submit(em, rounds.small, SERVICE_USER, [5, 4, 4, 3, 5, 2]);
  await submit(em, rounds.small, PROFESSIONAL, [3, 2, 4]);
  await submit(em, rounds.small, CONSULTANT, [4, 4, 5, 5, 3, 4, 5]);
  await submit(em, rounds.followUp, CONSULTANT, [5, 4, 5, 5, 4, 5, 5, 4, 5, 5, 4, 5], (i) => `par-${i}`);
  await submit(em, rounds.open, SERVICE_USER, [4, 4, 4, 4, 4, 4]);
  // hope_1 and hope_2 (reverse-scored) for alpha: the mirrored values are [2,3], [4,4], [3,3], [5,4], [4,5], [3,2].
  await insertSubmissions(
    em,
    rounds.alpha,
    definition,
    CONSULTANT,
    [
      [2, 3],
      [4, 2],
      [3, 3],
      [5, 2],
      [4, 1],
      [3, 4],
    ].map(([a, b]) => ({
      answers: [
        { item: 'contact', number: 1 },
        { item: 'hope_1', number: a! },
        { item: 'hope_2', number: b! },
      ],
      submittedOn: '2025-01-20',
    })),
  );
  // Six service users, of whom two answered hope_1 with a point and four "Vet ikke" (so they have no hope score).
  await submit(em, rounds.items, SERVICE_USER, [4, 5]);
  await insertSubmissions(
    em,
    rounds.items,
    definition,
    SERVICE_USER,
    Array.from({ length: 4 }, () => ({
      answers: [
        { item: 'contact', number: 1 },
        { item: 'hope_1', notApplicable: true },
        { item: 'hope_2', notApplicable: true },
      ],
      submittedOn: '2025-01-15',
    })),
  );
  await submit(em, rounds.items, PROFESSIONAL, [3, 4, 4, 5, 2, 3]);
  await submit(em, rounds.items, CONSULTANT, [4, 4, 5, 3, 4, 5]);
  // Six pairs; in the later round the code d0 comes twice, first on the 15th (4) and again on the 20th (1), and
  // three more answer without a code, so that those not paired are at least k (3).
  await submit(em, rounds.dupFrom, SERVICE_USER, [3, 3, 3, 3, 3, 3], (i) => `d${i}`);
  await submit(em, rounds.dupTo, SERVICE_USER, [4, 4, 4, 4, 4, 4], (i) => `d${i}`);
  await submit(em, rounds.dupTo, SERVICE_USER, [1], () => 'd0', '2025-01-20');
  await submit(em, rounds.dupTo, SERVICE_USER, [2, 5, 4]);
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

const SCORES = `query ($projectIds: [UUID!]!, $roundIds: [UUID!], $roles: [RespondentRole!], $min: Float) {
  constructScores(projectIds: $projectIds, roundIds: $roundIds, roles: $roles, constructs: ["hope"], minShareAnswered: $min) {
    round { roundLabel releaseVersion } role construct kind suppressed n mean spreadSuppressed sd ciLow ciHigh
    quartilesSuppressed median q1 q3 } }`;

interface Cell {
  round: { roundLabel: string; releaseVersion: number | null };
  role: string | null;
  suppressed: string | null;
  n: number | null;
  mean: number | null;
  spreadSuppressed: string | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  quartilesSuppressed: string | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

async function cells(client: GraphQLClient, variables: Record<string, unknown>): Promise<Cell[]> {
  const result = await client.graphql<{ constructScores: Cell[] }>(SCORES, variables);
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.constructScores;
}

const numbers = (c: Cell) => [c.n, c.mean, c.sd, c.ciLow, c.ciHigh, c.median, c.q1, c.q3];

describe('construct scores', () => {
  it('give n, mean, sd and t-based CI computed in PostgreSQL, and never a median or quartiles', async () => {
    const result = await cells(researcher, { projectIds: [project.id], roundIds: [rounds.stats] });
    const consultants = result.find((c) => c.role === CONSULTANT)!;
    expect(consultants.n).toBe(12);
    close(consultants.mean, 4.166666666666667);
    close(consultants.sd, 0.7177405625652734);
    close(consultants.ciLow, 3.7106360698450516);
    close(consultants.ciHigh, 4.622697263488282);
    // Order statistics are never released: with the mean and the item distributions they pin values down.
    expect(consultants.quartilesSuppressed).toBe('TOO_FEW');
    expect([consultants.median, consultants.q1, consultants.q3]).toEqual([null, null, null]);
    const all = result.find((c) => c.role === null)!;
    expect(all.n).toBe(24);
    close(all.mean, 3.7916666666666665);
    close(all.sd, 0.9770927002733856);
    close(all.ciLow, 3.379076604499512);
    close(all.ciHigh, 4.204256728833821);
    expect([all.q1, all.median, all.q3]).toEqual([null, null, null]);
    // The managers' release has the very same numbers.
    const released = await cells(manager, { projectIds: [project.id], roundIds: [rounds.stats] });
    expect(released.map(numbers)).toEqual(result.map(numbers));
    expect(released[0]!.round.releaseVersion).toBe(1);
  });

  it('show spread only from 2k, where it cannot pin the values down', async () => {
    const result = await cells(researcher, { projectIds: [project.id], roundIds: [rounds.stats] });
    // Six service users: k = 3, so the spread (from 6) is shown.
    const serviceUsers = result.find((c) => c.role === SERVICE_USER)!;
    expect(serviceUsers).toMatchObject({ n: 6, spreadSuppressed: null, quartilesSuppressed: 'TOO_FEW' });
    close(serviceUsers.sd, 1.1690451944500122);
    close(serviceUsers.ciLow, 2.6064956416283596);
    expect([serviceUsers.median, serviceUsers.q1, serviceUsers.q3]).toEqual([null, null, null]);
    // Seven consultants with k = 5 (regression: n = k showed q1, median, q3, mean and sd, which give every value).
    const small = await cells(researcher, { projectIds: [project.id], roundIds: [rounds.small] });
    for (const cell of small.filter((c) => !c.suppressed)) {
      expect(cell.n!).toBeLessThan(20);
      expect([cell.median, cell.q1, cell.q3]).toEqual([null, null, null]);
      if (cell.n! < 10) expect([cell.sd, cell.ciLow, cell.ciHigh]).toEqual([null, null, null]);
    }
  });

  it('hide the group below k and a second group chosen so that the first cannot be worked out', async () => {
    for (const client of [researcher, manager]) {
      const byRole = new Map(
        (await cells(client, { projectIds: [project.id], roundIds: [rounds.small] })).map((c) => [c.role, c]),
      );
      expect(byRole.get(PROFESSIONAL)).toMatchObject({ suppressed: 'TOO_FEW' });
      expect(numbers(byRole.get(PROFESSIONAL)!)).toEqual(Array(8).fill(null));
      // Consultants (7) come first among the roles that can protect the professionals: 3 + 7 ≥ 2k − 1.
      expect(byRole.get(CONSULTANT)).toMatchObject({ suppressed: 'SECONDARY', n: null, mean: null });
      expect(byRole.get(SERVICE_USER)).toMatchObject({ suppressed: null, n: 6 });
      expect(byRole.get(null)).toMatchObject({ suppressed: null, n: 16 });
    }
  });

  it('give the same cells whatever the filters, so that two requests cannot be subtracted either', async () => {
    const all = await cells(manager, { projectIds: [project.id], roundIds: [rounds.small] });
    const onlyConsultants = await cells(manager, {
      projectIds: [project.id],
      roundIds: [rounds.small],
      roles: [CONSULTANT],
    });
    expect(onlyConsultants).toEqual(all.filter((c) => c.role === CONSULTANT || c.role === null));
    expect(onlyConsultants.find((c) => c.role === null)!.n).toBe(16);
  });

  it('never give a manager a number for a group smaller than k, through any filter or round', async () => {
    for (const roles of [null, [SERVICE_USER], [PROFESSIONAL], [CONSULTANT]]) {
      for (const roundIds of [null, ...Object.values(rounds).map((w) => [w])]) {
        for (const cell of await cells(manager, { projectIds: [project.id], roundIds, roles })) {
          if (cell.suppressed === null) expect(cell.n!).toBeGreaterThanOrEqual(3);
          else expect(numbers(cell)).toEqual(Array(8).fill(null));
        }
      }
    }
  });

  it("show a manager an open round's results only after it closes, every cell saying so; its researchers see them now", async () => {
    const managerView = await cells(manager, { projectIds: [project.id], roundIds: [rounds.open] });
    expect(managerView.map((c) => [c.role, c.suppressed])).toEqual([
      [SERVICE_USER, 'ROUND_OPEN'],
      [PROFESSIONAL, 'ROUND_OPEN'],
      [CONSULTANT, 'ROUND_OPEN'],
      [null, 'ROUND_OPEN'],
    ]);
    const researcherView = await cells(researcher, { projectIds: [project.id], roundIds: [rounds.open] });
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

const ITEMS = `query ($p: [UUID!]!, $w: [UUID!]) { itemDistributions(projectIds: $p, roundIds: $w, items: ["hope_1", "hope_2"]) {
  role item suppressed n counts { value count share } notApplicable missing } }`;

interface ItemRow {
  role: string;
  item: string;
  suppressed: string | null;
  n: number | null;
  counts: { value: number; count: number; share: number }[] | null;
  notApplicable: number | null;
  missing: number | null;
}

describe('item distributions', () => {
  it('count each scale point and "Vet ikke" per group; "missing" only in researchers\' live numbers', async () => {
    const result = await researcher.graphql<{ itemDistributions: ItemRow[] }>(ITEMS, {
      p: [project.id],
      w: [rounds.stats],
    });
    const rows = result.body.data!.itemDistributions;
    const consultants = rows.find((r) => r.role === CONSULTANT && r.item === 'hope_1')!;
    expect(consultants.counts!.map((c) => c.count)).toEqual([0, 0, 2, 6, 4]);
    close(consultants.counts![3]!.share, 6 / 12);
    expect(consultants).toMatchObject({ n: 12, notApplicable: 0, missing: 0 });
    // Everyone answered "Vet ikke" to hope_2: no one answered it with a point, so it is too few to show.
    expect(rows.find((r) => r.role === CONSULTANT && r.item === 'hope_2')).toMatchObject({
      suppressed: 'TOO_FEW',
      n: null,
      notApplicable: null,
    });
    const released = await manager.graphql<{ itemDistributions: ItemRow[] }>(ITEMS, {
      p: [project.id],
      w: [rounds.stats],
    });
    const managerRow = released.body.data!.itemDistributions.find(
      (r) => r.role === CONSULTANT && r.item === 'hope_1',
    )!;
    expect(managerRow).toEqual({ ...consultants, missing: null });
  });

  it('hide the items of a hidden construct cell, so that the hidden group cannot be counted through them', async () => {
    // Regression: the secondary role's item counts gave away how many the hidden group had.
    const result = await manager.graphql<{ itemDistributions: ItemRow[] }>(ITEMS, {
      p: [project.id],
      w: [rounds.small],
    });
    const rows = result.body.data!.itemDistributions.filter((r) => r.item === 'hope_1');
    expect(rows.map((r) => [r.role, r.suppressed, r.n])).toEqual([
      [SERVICE_USER, null, 6],
      [PROFESSIONAL, 'TOO_FEW', null],
      [CONSULTANT, 'SECONDARY', null],
    ]);
    for (const row of rows.filter((r) => r.suppressed)) expect(row.counts).toBeNull();
  });
});

const CHANGE = `query ($p: UUID!, $a: UUID!, $b: UUID!, $role: RespondentRole) {
  roundChange(projectId: $p, fromRoundId: $a, toRoundId: $b, construct: "hope", role: $role) {
    from { n mean suppressed } to { n mean suppressed } unpaired { suppressed difference ciLow ciHigh }
    paired { suppressed n duplicatesSetAside meanChange ciLow ciHigh dz improved unchanged worse } } }`;

describe('item thresholds', () => {
  it('count those who answered the item, not the role: a role of six where two answered shows nothing', async () => {
    // Regression: the threshold was the role's size (6), so both answers were shown.
    const result = await manager.graphql<{ itemDistributions: ItemRow[] }>(ITEMS, {
      p: [project.id],
      w: [rounds.items],
    });
    const rows = result.body.data!.itemDistributions.filter((r) => r.item === 'hope_1');
    expect(rows.find((r) => r.role === SERVICE_USER)).toMatchObject({
      suppressed: 'TOO_FEW',
      n: null,
      counts: null,
      notApplicable: null,
    });
    expect(rows.find((r) => r.role === PROFESSIONAL)).toMatchObject({ suppressed: null, n: 6 });
  });
});

describe('change between rounds', () => {
  it('gives the unpaired difference with a Welch interval and the paired change through linkage codes', async () => {
    const result = await manager.graphql<{ roundChange: Record<string, Record<string, number | null>> }>(
      CHANGE,
      {
        p: project.id,
        a: rounds.stats,
        b: rounds.followUp,
        role: CONSULTANT,
      },
    );
    expect(result.body.errors).toBeUndefined();
    const change = result.body.data!.roundChange;
    close(change.unpaired!.difference, 0.5);
    close(change.unpaired!.ciLow, -0.025023647232154556);
    close(change.unpaired!.ciHigh, 1.0250236472321546);
    expect(change.paired).toMatchObject({ n: 12, duplicatesSetAside: 0 });
    close(change.paired!.meanChange, 0.5);
    close(change.paired!.dz, 0.9574271077563381);
    close(change.paired!.ciLow, 0.16818900249253282);
    close(change.paired!.ciHigh, 0.8318109975074672);
    close(change.paired!.improved, 6 / 12);
    close(change.paired!.unchanged, 6 / 12);
    close(change.paired!.worse, 0);
  });

  it('reads the same change backwards when the rounds are given the other way round', async () => {
    const result = await manager.graphql<{ roundChange: Record<string, Record<string, number | null>> }>(
      CHANGE,
      {
        p: project.id,
        a: rounds.followUp,
        b: rounds.stats,
        role: CONSULTANT,
      },
    );
    const change = result.body.data!.roundChange;
    close(change.unpaired!.difference, -0.5);
    close(change.paired!.meanChange, -0.5);
    close(change.paired!.ciLow, -0.8318109975074672);
    close(change.paired!.ciHigh, -0.16818900249253282);
    close(change.paired!.worse, 6 / 12);
    close(change.paired!.improved, 0);
  });

  it('pairs a linkage code once per round, the response submitted first, and says how many were set aside', async () => {
    // Regression: every combination was paired, counting one person twice (7 pairs, a mean change of 4/7).
    const result = await manager.graphql<{ roundChange: Record<string, Record<string, number | null>> }>(
      CHANGE,
      {
        p: project.id,
        a: rounds.dupFrom,
        b: rounds.dupTo,
        role: SERVICE_USER,
      },
    );
    expect(result.body.errors).toBeUndefined();
    const paired = result.body.data!.roundChange.paired!;
    expect(paired).toMatchObject({ suppressed: null, n: 6, duplicatesSetAside: 1 });
    close(paired.meanChange, 1);
    close(paired.improved, 1);
  });

  it('refuses a round compared with itself (regression: it gave the hidden cell of another view)', async () => {
    const result = await manager.graphql(CHANGE, {
      p: project.id,
      a: rounds.small,
      b: rounds.small,
      role: PROFESSIONAL,
    });
    expect(result.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('hides the change of a role whose scores are hidden in either round, as the rounds themselves do', async () => {
    // Regression: the change view gave the professionals' cell that the scores hid as secondary, so the consultants
    // followed by subtraction. Every view of a round's role is now the same cell of the same release.
    for (const [role, reason] of [
      [PROFESSIONAL, 'TOO_FEW'],
      [CONSULTANT, 'SECONDARY'],
    ] as const) {
      const result = await manager.graphql<{ roundChange: Record<string, Record<string, unknown>> }>(CHANGE, {
        p: project.id,
        a: rounds.small,
        b: rounds.stats,
        role,
      });
      const change = result.body.data!.roundChange;
      expect(change.from).toMatchObject({ suppressed: reason, n: null, mean: null });
      expect(change.unpaired).toMatchObject({ suppressed: reason, difference: null });
      expect(change.paired!.suppressed).not.toBeNull();
      expect(change.paired!.n).toBeNull();
    }
  });
});

describe('reliability', () => {
  it("gives Cronbach's alpha with reverse-scored items mirrored, and hides small groups", async () => {
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
      'query ($p: UUID!, $w: UUID!) { reliability(projectId: $p, roundId: $w) { role construct items n alpha suppressed } }',
      { p: project.id, w: rounds.alpha },
    );
    const hope = result.body.data!.reliability.find((r) => r.role === CONSULTANT && r.construct === 'hope')!;
    expect(hope).toMatchObject({ items: 2, n: 6, suppressed: null });
    close(hope.alpha, 0.7777777777777777);
    expect(
      result.body.data!.reliability.find((r) => r.role === SERVICE_USER && r.construct === 'hope'),
    ).toMatchObject({
      suppressed: 'TOO_FEW',
      alpha: null,
    });
  });
});

describe('programme funnel', () => {
  it('gives each stage as a share of the last reported stage before it, outcomes as shares of those who started', async () => {
    const result = await manager.graphql<{
      programmeFunnel: {
        cohort: string;
        stages: {
          stage: string;
          count: number | null;
          of: string | null;
          rate: number | null;
          ciLow: number | null;
          ciHigh: number | null;
        }[];
      }[];
    }>(
      'query ($p: [UUID!]!) { programmeFunnel(projectIds: $p) { cohort stages { stage count of rate ciLow ciHigh } } }',
      { p: [project.id] },
    );
    const [cohort] = result.body.data!.programmeFunnel;
    expect(cohort!.stages.map((s) => [s.stage, s.count, s.of])).toEqual([
      ['applicants', null, null],
      ['interviewed', null, null],
      ['admitted', null, null],
      ['started', 48, null],
      ['completed', 29, 'started'],
      ['employedInServices', 28, 'started'],
      ['employedElsewhere', 6, 'started'],
      ['furtherEducation', null, null],
      ['stillFinishing', null, null],
      ['inactive', null, null],
    ]);
    const completed = cohort!.stages[4]!;
    close(completed.rate, 29 / 48);
    close(completed.ciLow, 0.4631040849254725);
    close(completed.ciHigh, 0.7297917213940862);
    // Regression: employment was 28 + 6 of the 29 who completed (117 %); it is a share of those who started.
    const employed = cohort!.stages[5]!;
    close(employed.rate, 28 / 48);
    close(employed.ciLow, 0.4428133228397628);
    close(employed.ciHigh, 0.7115033222158844);
    // A figure not reported stays null: no rate, no zero.
    expect(cohort!.stages.filter((s) => s.count === null).every((s) => s.rate === null)).toBe(true);
  });

  it('refuses figures where a part exceeds its whole, in the database itself', async () => {
    const em = server.db.orm.em.fork();
    em.create(ProgrammeCohort, {
      project,
      cohort: 'Kull 2',
      started: 48,
      completed: 29,
      employedInServices: 28,
      employedElsewhere: 6,
      furtherEducation: 8,
      stillFinishing: 1,
      inactive: 7,
    });
    await expect(em.flush()).rejects.toThrow(/part larger than its whole/);
    const em2 = server.db.orm.em.fork();
    em2.create(ProgrammeCohort, { project, cohort: 'Kull 3', started: 29, completed: 30 });
    await expect(em2.flush()).rejects.toThrow(/part larger than its whole/);
  });
});
