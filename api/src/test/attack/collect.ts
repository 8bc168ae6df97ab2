import type { GraphQLClient } from '../server.js';

/**
 * What a manager can see, collected the way a determined one would: every manager-reachable analytics query, for
 * every filter that matters, with nothing but their own sign-in. Every view of the same cell is kept, so that views
 * that disagree can be found.
 */

export type Role = 'SERVICE_USER' | 'PROFESSIONAL' | 'CONSULTANT';
export const ROLES: Role[] = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'];

export interface ScoreSeen {
  roundId: string;
  /** The release the numbers came from (null: live numbers). */
  releaseVersion: number | null;
  construct: string;
  role: Role | null;
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

export interface ItemSeen {
  roundId: string;
  item: string;
  construct: string | null;
  role: Role;
  suppressed: string | null;
  n: number | null;
  counts: { value: number; count: number }[] | null;
  notApplicable: number | null;
}

export interface ReliabilitySeen {
  roundId: string;
  construct: string;
  role: Role;
  suppressed: string | null;
  n: number | null;
  alpha: number | null;
}

export interface ChangeSeen {
  fromRoundId: string;
  toRoundId: string;
  construct: string;
  role: Role | null;
  from: { suppressed: string | null; n: number | null; mean: number | null; sd: number | null };
  to: { suppressed: string | null; n: number | null; mean: number | null; sd: number | null };
  unpaired: {
    suppressed: string | null;
    difference: number | null;
    ciLow: number | null;
    ciHigh: number | null;
  };
  paired: {
    suppressed: string | null;
    n: number | null;
    meanChange: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    dz: number | null;
    improved: number | null;
    unchanged: number | null;
    worse: number | null;
    duplicatesSetAside: number | null;
  };
}

export interface Seen {
  scores: ScoreSeen[];
  items: ItemSeen[];
  reliability: ReliabilitySeen[];
  changes: ChangeSeen[];
}

const SCORES = `query ($p: [UUID!]!, $w: [UUID!], $r: [RespondentRole!], $c: [String!]) {
  constructScores(projectIds: $p, roundIds: $w, roles: $r, constructs: $c) {
    round { roundId releaseVersion } construct role suppressed n mean sd ciLow ciHigh median q1 q3 } }`;
const ITEMS = `query ($p: [UUID!]!, $w: [UUID!], $r: [RespondentRole!], $i: [String!]) {
  itemDistributions(projectIds: $p, roundIds: $w, roles: $r, items: $i) {
    round { roundId } item construct role suppressed n counts { value count } notApplicable } }`;
const RELIABILITY = `query ($p: UUID!, $w: UUID!) { reliability(projectId: $p, roundId: $w) {
  round { roundId } construct role suppressed n alpha } }`;
const CHANGE = `query ($p: UUID!, $a: UUID!, $b: UUID!, $c: String!, $r: RespondentRole) {
  roundChange(projectId: $p, fromRoundId: $a, toRoundId: $b, construct: $c, role: $r) {
    construct role from { suppressed n mean sd } to { suppressed n mean sd }
    unpaired { suppressed difference ciLow ciHigh }
    paired { suppressed n meanChange ciLow ciHigh dz improved unchanged worse duplicatesSetAside } } }`;

async function ask<T>(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
): Promise<T | null> {
  const result = await client.graphql<T>(query, variables);
  if (result.body.errors) {
    const code = result.body.errors[0]!.extensions?.code;
    // A question Verdi refuses (a role not asked the construct, a round with itself) tells nothing.
    if (code === 'BAD_USER_INPUT') return null;
    throw new Error(`The manager's query failed: ${JSON.stringify(result.body.errors)}`);
  }
  return result.body.data!;
}

const subsets = <T>(values: T[]): (T[] | null)[] => [null, ...values.map((v) => [v])];

export interface Landscape {
  projects: { id: string; rounds: string[] }[];
  constructs: string[];
  items: string[];
}

/**
 * Everything the manager can see now. With `thorough`, every filter (each role, each round, each construct or
 * item) is asked separately as well, since a filter that changed a number would be a leak of its own.
 */
export async function collect(client: GraphQLClient, landscape: Landscape, thorough: boolean): Promise<Seen> {
  const seen: Seen = { scores: [], items: [], reliability: [], changes: [] };
  const projectIds = landscape.projects.map((p) => p.id);
  const rounds = landscape.projects.flatMap((p) => p.rounds);
  const roleFilters = thorough ? subsets(ROLES) : [null];
  const roundFilters = thorough ? subsets(rounds) : [null];
  for (const r of roleFilters) {
    for (const w of roundFilters) {
      for (const c of thorough ? subsets(landscape.constructs) : [null]) {
        const data = await ask<{
          constructScores: (Omit<ScoreSeen, 'roundId' | 'releaseVersion'> & {
            round: { roundId: string; releaseVersion: number | null };
          })[];
        }>(client, SCORES, { p: projectIds, w, r, c });
        for (const { round, ...cell } of data!.constructScores)
          seen.scores.push({ roundId: round.roundId, releaseVersion: round.releaseVersion, ...cell });
      }
      for (const i of thorough ? subsets(landscape.items) : [null]) {
        const data = await ask<{
          itemDistributions: (Omit<ItemSeen, 'roundId'> & { round: { roundId: string } })[];
        }>(client, ITEMS, { p: projectIds, w, r, i });
        for (const { round, ...cell } of data!.itemDistributions)
          seen.items.push({ roundId: round.roundId, ...cell });
      }
    }
  }
  for (const project of landscape.projects) {
    for (const w of project.rounds) {
      const data = await ask<{
        reliability: (Omit<ReliabilitySeen, 'roundId'> & { round: { roundId: string } })[];
      }>(client, RELIABILITY, { p: project.id, w });
      for (const { round, ...cell } of data!.reliability)
        seen.reliability.push({ roundId: round.roundId, ...cell });
      for (const other of project.rounds) {
        if (other === w) continue;
        for (const c of landscape.constructs) {
          for (const r of [null, ...ROLES]) {
            const data = await ask<{ roundChange: Omit<ChangeSeen, 'fromRoundId' | 'toRoundId'> }>(
              client,
              CHANGE,
              {
                p: project.id,
                a: w,
                b: other,
                c,
                r,
              },
            );
            if (data) seen.changes.push({ fromRoundId: w, toRoundId: other, ...data.roundChange });
          }
        }
      }
    }
  }
  return seen;
}
