import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../accounts/user.entity.js';
import type { Project } from '../projects/project.entity.js';
import {
  closeRound,
  CONSULTANT,
  openRound,
  people,
  PROFESSIONAL,
  reopenRound,
  SERVICE_USER,
  startAnalyticsWorld,
  submit,
  withdraw,
  type TestRound,
} from '../test/rounds.js';
import type { GraphQLClient, TestServer } from '../test/server.js';

let server: TestServer;
let author: User;
let project: Project;
let instrumentId: string;
let researcher: GraphQLClient;
let manager: GraphQLClient;

beforeAll(async () => {
  ({ server, author, project, instrumentId, researcher, manager } = await startAnalyticsWorld('Utgivelser'));
});
afterAll(async () => {
  await server?.stop();
});

interface Cell {
  round: { releaseVersion: number | null };
  role: string | null;
  construct: string;
  suppressed: string | null;
  n: number | null;
  mean: number | null;
  spreadSuppressed: string | null;
  sd: number | null;
}

const SCORES = `query ($projectIds: [UUID!]!, $roundIds: [UUID!]) {
  constructScores(projectIds: $projectIds, roundIds: $roundIds, constructs: ["hope"]) {
    round { releaseVersion } role construct suppressed n mean spreadSuppressed sd } }`;
const RELEASE = `query ($id: UUID!) { round(id: $id) { release { version minGroupSize held { added removed cells } } } }`;

async function hope(client: GraphQLClient, round: TestRound): Promise<Map<string | null, Cell>> {
  const result = await client.graphql<{ constructScores: Cell[] }>(SCORES, {
    projectIds: [project.id],
    roundIds: [round.roundId],
  });
  expect(result.body.errors).toBeUndefined();
  return new Map(result.body.data!.constructScores.map((c) => [c.role, c]));
}

async function releaseOf(client: GraphQLClient, round: TestRound) {
  const result = await client.graphql<{
    round: {
      release: { version: number; held: { added: number; removed: number; cells: string[] } | null } | null;
    };
  }>(RELEASE, { id: round.roundId });
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.round.release;
}

describe('releases', () => {
  let round: TestRound;
  let serviceUserReceipts: string[];
  let released: Map<string | null, Cell>;

  beforeAll(async () => {
    round = await openRound(server.db.orm.em.fork(), project, author, instrumentId, {
      label: 'Etter kurset',
    });
    serviceUserReceipts = await submit(server.db.orm, round, people(SERVICE_USER, 12, [5, 4, 4, 3, 5, 2]));
    await submit(server.db.orm, round, people(PROFESSIONAL, 9, [3, 2, 4]));
    await submit(server.db.orm, round, people(CONSULTANT, 3, [4, 5, 3]));
  });

  it('shows managers nothing of an open round, with every cell there and saying why', async () => {
    const cells = await hope(manager, round);
    expect([...cells.keys()]).toEqual([SERVICE_USER, PROFESSIONAL, CONSULTANT, null]);
    for (const cell of cells.values())
      expect(cell).toMatchObject({ suppressed: 'ROUND_OPEN', n: null, mean: null });
    expect(await releaseOf(researcher, round)).toBeNull();
  });

  it('releases a round when it closes; managers read the release, researchers the same numbers live', async () => {
    await closeRound(server.db.orm, author, round);
    released = await hope(manager, round);
    expect(released.get(null)!.round.releaseVersion).toBe(1);
    expect(released.get(CONSULTANT)).toMatchObject({ suppressed: 'TOO_FEW', n: null, mean: null });
    // The professionals (9) are the first role that hides the consultants (0 to 4) fully beside them.
    expect(released.get(PROFESSIONAL)).toMatchObject({ suppressed: 'SECONDARY', n: null });
    expect(released.get(SERVICE_USER)).toMatchObject({ suppressed: null, n: 12, spreadSuppressed: null });
    expect(released.get(null)).toMatchObject({ suppressed: null, n: 24 });
    const live = await hope(researcher, round);
    expect(live.get(null)!.round.releaseVersion).toBeNull();
    expect([...live.values()].map((c) => [c.suppressed, c.n, c.mean])).toEqual(
      [...released.values()].map((c) => [c.suppressed, c.n, c.mean]),
    );
  });

  it('holds back one withdrawal after close: the mean managers see does not move, so it gives no one away', async () => {
    await withdraw(server.db.orm, serviceUserReceipts.slice(0, 1));
    const after = await hope(manager, round);
    expect([...after.values()]).toEqual([...released.values()]);
    expect((await hope(researcher, round)).get(SERVICE_USER)!.n).toBe(11);
    const release = await releaseOf(researcher, round);
    expect(release).toMatchObject({ version: 1, held: { added: 0, removed: 1 } });
    expect(release!.held!.cells).toContain('s|hope|*');
    // Asked again, nothing changes either: the held state was recorded, not retried into a new release.
    expect([...(await hope(manager, round)).values()]).toEqual([...released.values()]);
  });

  it('keeps what is held back from managers', async () => {
    const result = await manager.graphql<{ round: { release: { held: unknown } } }>(RELEASE, {
      id: round.roundId,
    });
    expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('releases again once k have withdrawn from the group, and the numbers then follow', async () => {
    await withdraw(server.db.orm, serviceUserReceipts.slice(1, 5));
    const after = await hope(manager, round);
    expect(after.get(null)!.round.releaseVersion).toBe(2);
    expect(after.get(SERVICE_USER)).toMatchObject({ suppressed: null, n: 7 });
    expect(after.get(null)).toMatchObject({ suppressed: null, n: 19 });
    expect(await releaseOf(researcher, round)).toMatchObject({ version: 2, held: null });
  });

  it('holds back one late answer after reopening, and keeps a hidden group hidden when it grows past k', async () => {
    await reopenRound(server.db.orm, author, round);
    // While reopened, managers keep the release they had.
    expect((await hope(manager, round)).get(null)!.round.releaseVersion).toBe(2);
    await submit(server.db.orm, round, people(CONSULTANT, 1, [1]));
    await closeRound(server.db.orm, author, round);
    const held = await hope(manager, round);
    expect(held.get(null)).toMatchObject({ n: 19, round: { releaseVersion: 2 } });
    expect(await releaseOf(researcher, round)).toMatchObject({ version: 2, held: { added: 1, removed: 0 } });

    await reopenRound(server.db.orm, author, round);
    await submit(server.db.orm, round, people(CONSULTANT, 4, [2, 3]));
    await closeRound(server.db.orm, author, round);
    const grown = await hope(manager, round);
    expect(grown.get(null)).toMatchObject({ n: 24, round: { releaseVersion: 3 } });
    // Eight consultants now, but showing them would give away the three of the first release.
    expect(grown.get(CONSULTANT)).toMatchObject({ suppressed: 'SECONDARY', n: null, mean: null });
  });

  it('makes one release when many ask at once', async () => {
    const other = await openRound(server.db.orm.em.fork(), project, author, instrumentId, {
      label: 'Samtidig',
    });
    await submit(server.db.orm, other, people(SERVICE_USER, 6, [4, 5]));
    await closeRound(server.db.orm, author, other);
    const answers = await Promise.all(Array.from({ length: 8 }, () => hope(manager, other)));
    for (const cells of answers)
      expect(cells.get(SERVICE_USER)).toMatchObject({ n: 6, round: { releaseVersion: 1 } });
    const rows = await server.db.orm.em
      .fork()
      .execute<{ count: string }[]>('select count(*) from releases where round_id = ?', [other.roundId]);
    expect(Number(rows[0]!.count)).toBe(1);
  });

  it('releases a round that shows results while open in steps of at least k', async () => {
    const live = await openRound(server.db.orm.em.fork(), project, author, instrumentId, {
      label: 'Underveis',
      resultsAfterClose: false,
    });
    await submit(server.db.orm, live, people(SERVICE_USER, 5, [4, 2]));
    expect((await hope(manager, live)).get(SERVICE_USER)).toMatchObject({
      n: 5,
      round: { releaseVersion: 1 },
    });
    await submit(server.db.orm, live, people(SERVICE_USER, 1, [1]));
    expect((await hope(manager, live)).get(SERVICE_USER)).toMatchObject({
      n: 5,
      round: { releaseVersion: 1 },
    });
    await submit(server.db.orm, live, people(SERVICE_USER, 4, [5]));
    expect((await hope(manager, live)).get(SERVICE_USER)).toMatchObject({
      n: 10,
      round: { releaseVersion: 2 },
    });
  });
});
