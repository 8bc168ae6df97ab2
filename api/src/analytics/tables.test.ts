import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { Viewer } from '../auth/viewer.js';
import { insertSubmissions } from '../demo/bulk.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import type { Project } from '../projects/project.entity.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { RoundService } from '../rounds/round.service.js';
import type { ItemColumns, ScoreColumns } from './analytics.types.js';

/**
 * The dashboard's tables (`constructScoreTable`, `itemDistributionTable`) are the per-cell queries in another shape:
 * read back cell by cell, they give exactly what `constructScores` and `itemDistributions` give, for a researcher
 * (live numbers) and a manager (releases), with suppressed cells among them.
 */
const definition = sampleDefinition();
let server: TestServer;
let projects: Project[];
let researcher: GraphQLClient;
let manager: GraphQLClient;

const ROUND = 'projectId projectName roundId roundLabel opensAt minGroupSize releaseVersion releasedAt';
const SCORE_FIELDS =
  'role suppressed n mean spreadSuppressed sd ciLow ciHigh quartilesSuppressed median q1 q3';

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  projects = [await makeProject(em, 'Tabellprosjekt A'), await makeProject(em, 'Tabellprosjekt B')];
  const researcherUser = await makeUser(em, {
    roles: projects.map((p) => [p, ProjectRole.RESEARCHER] as [Project, ProjectRole]),
  });
  researcher = server.client({ session: await makeSession(em, researcherUser) });
  manager = server.client({
    session: await makeSession(
      em,
      await makeUser(em, { roles: projects.map((p) => [p, ProjectRole.MANAGER] as [Project, ProjectRole]) }),
    ),
  });
  const actor: Viewer = {
    userId: researcherUser.id,
    isAdmin: true,
    roles: new Map(),
    via: 'session',
    credentialId: 'x',
  };
  let day = 1;
  for (const [p, project] of projects.entries()) {
    const instruments = new InstrumentService(em);
    const instrument = await instruments.create(
      actor,
      { name: `Skjema ${p}`, projectId: project.id },
      definition,
    );
    await instruments.publish(actor, instrument.id, 1);
    for (const label of ['Baseline', 'Oppfølging']) {
      const round = await new RoundService(em).create(actor, {
        projectId: project.id,
        instrumentId: instrument.id,
        label,
        opensAt: new Date(`2025-01-${String(day++).padStart(2, '0')}T08:00:00Z`),
        closesAt: new Date('2025-02-01T08:00:00Z'),
        information: { nb: 'Test' },
        linkage: true,
        minGroupSize: 3,
      });
      // Roles of 8, 4 and 2 (too few): every kind of cell, shown, spread hidden and suppressed.
      for (const [role, size] of [
        [RespondentRole.SERVICE_USER, 8],
        [RespondentRole.PROFESSIONAL, 4 + p],
        [RespondentRole.CONSULTANT, 2],
      ] as const) {
        await insertSubmissions(
          em,
          round.id,
          definition,
          role,
          Array.from({ length: size }, (_, i) => ({
            answers: [
              { item: 'contact', number: 1 },
              { item: 'hope_1', number: 1 + ((i * 3 + day) % 5) },
              i % 3 === 0 ? { item: 'hope_2', notApplicable: true } : { item: 'hope_2', number: 1 + (i % 5) },
            ],
            submittedOn: '2025-01-15',
            linkageHash: `${role}-${i}`,
          })),
        );
      }
    }
  }
});
afterAll(async () => {
  await server?.stop();
});

async function data<T>(client: GraphQLClient, query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await client.graphql<T>(query, variables);
  expect(result.body.errors).toBeUndefined();
  return result.body.data!;
}

describe.each([
  ['a researcher', () => researcher],
  ['a manager', () => manager],
])('the dashboard tables, for %s', (_, client) => {
  it('give every construct score cell of constructScores, with its round and construct named once', async () => {
    const variables = { p: projects.map((p) => p.id) };
    const { constructScores } = await data<{ constructScores: Record<string, unknown>[] }>(
      client(),
      `query ($p: [UUID!]!) { constructScores(projectIds: $p) { round { ${ROUND} } construct kind label { nb en nn } ${SCORE_FIELDS} } }`,
      variables,
    );
    const { constructScoreTable: table } = await data<{
      constructScoreTable: {
        rounds: { roundId: string }[];
        constructs: { key: string; kind: string; label: unknown }[];
        cells: ScoreColumns;
      };
    }>(
      client(),
      `query ($p: [UUID!]!) { constructScoreTable(projectIds: $p) { rounds { ${ROUND} } constructs { key kind label { nb en nn } } cells } }`,
      variables,
    );
    const c = table.cells;
    const cells = c.round.map((round, i) => {
      const construct = table.constructs[c.construct[i]!]!;
      const fields = Object.fromEntries(
        SCORE_FIELDS.split(' ').map((f) => [f, c[f as keyof ScoreColumns][i]]),
      );
      return {
        round: table.rounds[round],
        construct: construct.key,
        kind: construct.kind,
        label: construct.label,
        ...fields,
      };
    });
    expect(cells).toEqual(constructScores);
    expect(table.rounds).toHaveLength(4);
    expect(new Set(c.suppressed).size).toBeGreaterThan(1);
  });

  it('give every item distribution of itemDistributions, each count in its scale point’s place', async () => {
    const variables = { p: projects.map((p) => p.id) };
    const { itemDistributions } = await data<{ itemDistributions: Record<string, unknown>[] }>(
      client(),
      `query ($p: [UUID!]!) { itemDistributions(projectIds: $p) { round { ${ROUND} } role item construct prompt { nb en }
        points { value label { nb en } } suppressed n counts { value count share } notApplicable missing } }`,
      variables,
    );
    const { itemDistributionTable: table } = await data<{
      itemDistributionTable: {
        rounds: unknown[];
        items: {
          item: string;
          role: string;
          construct: string | null;
          prompt: unknown;
          points: { value: number }[];
        }[];
        cells: ItemColumns;
      };
    }>(
      client(),
      `query ($p: [UUID!]!) { itemDistributionTable(projectIds: $p) { rounds { ${ROUND} }
        items { item role construct prompt { nb en } points { value label { nb en } } } cells } }`,
      variables,
    );
    const c = table.cells;
    const rows = c.round.map((round, i) => {
      const item = table.items[c.item[i]!]!;
      const n = c.n[i] ?? 0;
      return {
        round: table.rounds[round],
        role: item.role,
        item: item.item,
        construct: item.construct,
        prompt: item.prompt,
        points: item.points,
        suppressed: c.suppressed[i],
        n: c.n[i],
        counts:
          c.counts[i]?.map((count, j) => ({
            value: item.points[j]!.value,
            count,
            share: n > 0 ? count / n : 0,
          })) ?? null,
        notApplicable: c.notApplicable[i],
        missing: c.missing[i],
      };
    });
    expect(rows).toEqual(itemDistributions);
    expect(rows.some((r) => r.suppressed) && rows.some((r) => !r.suppressed)).toBe(true);
  });
});
