import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { STRICT } from '@verdi/api/dist/analytics/disclosure.js';
import {
  itemAggregates,
  pairAggregates,
  partialAggregates,
  roleSizes,
  scoreAggregates,
} from '@verdi/api/dist/analytics/round-aggregates.js';
import {
  discloseItems,
  disclosePairs,
  discloseScores,
  pairKey,
  shapeOf,
  type RoundShape,
  type ScoreRelease,
} from '@verdi/api/dist/analytics/round-disclosure.js';
import type { ItemColumns, ScoreColumns } from '@verdi/api/dist/analytics/analytics.types.js';
import type { Em } from '@verdi/api/dist/db/orm.js';
import type { InstrumentDefinition } from '@verdi/api/dist/instruments/definition.types.js';
import { Project } from '@verdi/api/dist/projects/project.entity.js';
import { Round } from '@verdi/api/dist/rounds/round.entity.js';
import type { BenchContext } from '../context.ts';
import { medianTime } from '../harness.ts';
import { BENCH_ADMIN, REPO_DIR, signIn, startServer } from '../server.ts';

/** The operations the web dashboard sends, exactly as it sends them. */
export function dashboardDocument(): string {
  return readFileSync(path.join(REPO_DIR, 'schema', 'operations', 'dashboard.graphql'), 'utf8');
}

/** Names and slugs of the generated dashboard set with this many projects start with it. */
export const dashboardPrefix = (projects: number) => `dashboard${projects}`;

/** The projects of one generated dashboard set and the first one's rounds, oldest first. */
export async function dashboardProjects(
  ctx: BenchContext,
  projects: number,
): Promise<{ projectIds: string[]; roundIds: string[] }> {
  const em = ctx.orm.em.fork();
  const found = await em.find(
    Project,
    { slug: { $like: `${dashboardPrefix(projects)}-%` } },
    { orderBy: { slug: 'asc' } },
  );
  const rounds = await em.find(Round, { project: found[0]!.id }, { orderBy: { opensAt: 'asc' } });
  return { projectIds: found.map((p) => p.id), roundIds: rounds.map((w) => w.id) };
}

/**
 * The baseline's connection: the same SQL the analytics module writes by hand, sent straight to PostgreSQL with `pg`
 * (placeholders renumbered), with none of the ORM's layers.
 */
function direct(pool: pg.Pool): Em {
  const execute = async (sql: string, params: unknown[] = []) => {
    // Numbers go into the text as the ORM puts them (a parameter would be typed by its column: 0.5 as an integer).
    const values: unknown[] = [];
    let i = 0;
    const text = sql.replace(/\?/g, () => {
      const value = params[i++];
      if (typeof value === 'number') return String(value);
      values.push(value);
      return `$${values.length}`;
    });
    return (await pool.query(text, values)).rows;
  };
  // The typed queries (analytics.queries.ts) send their compiled SQL and parameters as they are (`runStatement`).
  const connection = {
    getClient: () => ({
      executeQuery: async (query: { sql: string; parameters: readonly unknown[] }) => ({
        rows: (await pool.query(query.sql, [...query.parameters])).rows,
      }),
    }),
    executeQuery: <T>(_sql: string, send: () => Promise<T>) => send(),
  };
  return {
    execute,
    getConnection: () => connection,
    getTransactionContext: () => undefined,
  } as unknown as Em;
}

interface BaselineRound {
  id: string;
  k: number;
  versionId: string;
  shape: RoundShape;
}

/**
 * The rounds of the projects, with their minimum group size and instrument shape; published definitions never
 * change, so the baseline keeps them in memory as the API does.
 */
async function baselineRounds(
  pool: pg.Pool,
  cache: Map<string, { definition: InstrumentDefinition; shape: RoundShape }>,
  projectIds: string[],
  roundIds?: string[],
): Promise<BaselineRound[]> {
  const { rows } = await pool.query<{ id: string; k: number; version_id: string }>(
    `select id, min_group_size as k, instrument_version_id as version_id from rounds
      where project_id = any($1::uuid[]) and ($2::uuid[] is null or id = any($2::uuid[]))
      order by opens_at, id`,
    [projectIds, roundIds ?? null],
  );
  const missing = [...new Set(rows.map((r) => r.version_id))].filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const versions = await pool.query<{ id: string; definition: InstrumentDefinition }>(
      `select id, definition from instrument_versions where id = any($1::uuid[])`,
      [missing],
    );
    for (const v of versions.rows)
      cache.set(v.id, { definition: v.definition, shape: shapeOf(v.definition) });
  }
  return rows.map((r) => ({
    id: r.id,
    k: r.k,
    versionId: r.version_id,
    shape: cache.get(r.version_id)!.shape,
  }));
}

/** The published numbers of a score cell, in one form for the API's answer and the baseline's. */
const scoreNumbers = (roundId: string, c: Omit<ScoreRelease, 'key' | 'kind'>) => [
  roundId,
  c.role,
  c.construct,
  c.suppressed,
  c.n,
  c.mean,
  c.spreadSuppressed,
  c.sd,
  c.ciLow,
  c.ciHigh,
  c.quartilesSuppressed,
  c.median,
  c.q1,
  c.q3,
];

interface ApiScoreTable {
  constructScoreTable: {
    rounds: { roundId: string }[];
    constructs: { key: string }[];
    cells: ScoreColumns;
  };
}
interface ApiItemTable {
  itemDistributionTable: {
    rounds: { roundId: string }[];
    items: { item: string; role: string }[];
    cells: ItemColumns;
  };
}

/**
 * The same published numbers: equal, but for the last bits of a float. PostgreSQL's parallel aggregation adds partial
 * sums in whatever order its workers finish, so two runs of one query may differ there (sd by 2e-16 was seen).
 */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b;
}

interface Case {
  name: string;
  /** The API's answer as the numbers it publishes, for the check against the baseline's. */
  api: () => Promise<unknown>;
  sql: () => Promise<unknown>;
}

/**
 * The dashboard's analytics queries over HTTP as the web app sends them, as an admin (live numbers, as researchers
 * get them), on each generated set — the same number of answers over 10, 100 and 1,000 projects — against a
 * baseline that computes the same published numbers without Verdi's layers: the same hand-written aggregate SQL,
 * sent straight to PostgreSQL with `pg` (concurrently where the API's queries are), and the same disclosure rules
 * (`round-disclosure.ts`, pure functions) applied to the rows. Before timing, the API's numbers and the baseline's
 * are compared, so that neither side can do less than the other.
 */
export async function dashboard(ctx: BenchContext): Promise<void> {
  const document = dashboardDocument();
  const construct = 'hope';
  const server = await startServer(ctx.databaseUrl);
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 10 });
  const em = direct(pool);
  const definitions = new Map<string, { definition: InstrumentDefinition; shape: RoundShape }>();
  try {
    const gql = await signIn(server.url, BENCH_ADMIN.email, BENCH_ADMIN.password);
    let bytes = 0;
    const post = async <T>(variables: Record<string, unknown>, operationName: string): Promise<T> => {
      const reply = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: gql.cookie },
        body: JSON.stringify({ query: document, variables, operationName }),
      });
      const text = await reply.text();
      bytes = Buffer.byteLength(text);
      const body = JSON.parse(text) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length || !body.data) {
        throw new Error(`GraphQL error: ${body.errors?.map((e) => e.message).join('; ') ?? reply.status}`);
      }
      return body.data;
    };

    for (const set of ctx.scale.dashboard) {
      const { projectIds, roundIds } = await dashboardProjects(ctx, set.projects);
      const [fromRoundId, toRoundId] = [roundIds[0]!, roundIds.at(-1)!];
      const cases: Case[] = [
        {
          name: `construct scores, ${projectIds.length} projects`,
          api: async () => {
            const { constructScoreTable: t } = await post<ApiScoreTable>(
              { projectIds },
              'DashboardConstructScores',
            );
            const c = t.cells;
            return c.round.map((round, i) =>
              scoreNumbers(t.rounds[round]!.roundId, {
                role: c.role[i]!,
                construct: t.constructs[c.construct[i]!]!.key,
                suppressed: c.suppressed[i]!,
                n: c.n[i]!,
                mean: c.mean[i]!,
                spreadSuppressed: c.spreadSuppressed[i]!,
                sd: c.sd[i]!,
                ciLow: c.ciLow[i]!,
                ciHigh: c.ciHigh[i]!,
                quartilesSuppressed: c.quartilesSuppressed[i]!,
                median: c.median[i]!,
                q1: c.q1[i]!,
                q3: c.q3[i]!,
              }),
            );
          },
          sql: async () => {
            const rounds = await baselineRounds(pool, definitions, projectIds);
            const aggregates = await scoreAggregates(
              em,
              rounds.map((r) => r.id),
              0.5,
            );
            return rounds.flatMap((r) =>
              discloseScores(r.shape, aggregates.get(r.id) ?? [], r.k, STRICT).map((c) =>
                scoreNumbers(r.id, c),
              ),
            );
          },
        },
        {
          name: `item distributions, ${projectIds.length} projects`,
          api: async () => {
            const { itemDistributionTable: t } = await post<ApiItemTable>(
              { projectIds },
              'DashboardItemDistributions',
            );
            const c = t.cells;
            return c.round.map((round, i) => [
              t.rounds[round]!.roundId,
              t.items[c.item[i]!]!.role,
              t.items[c.item[i]!]!.item,
              c.suppressed[i],
              c.n[i],
              c.counts[i] ?? null,
              c.notApplicable[i],
              c.missing[i],
            ]);
          },
          sql: async () => {
            const rounds = await baselineRounds(pool, definitions, projectIds);
            const ids = rounds.map((r) => r.id);
            const byVersion = new Map<string, string[]>();
            for (const r of rounds) byVersion.set(r.versionId, [...(byVersion.get(r.versionId) ?? []), r.id]);
            const [scores, items, sizes, ...partials] = await Promise.all([
              scoreAggregates(em, ids, 0.5),
              itemAggregates(em, ids),
              roleSizes(em, ids),
              ...[...byVersion].map(([versionId, roundIds]) => {
                const { shape, definition } = definitions.get(versionId)!;
                return partialAggregates(em, roundIds, shape, definition);
              }),
            ]);
            const partial = new Map(partials.flatMap((p) => [...p]));
            return rounds.flatMap((r) => {
              const cells = discloseScores(r.shape, scores.get(r.id) ?? [], r.k, STRICT);
              const found = items.get(r.id) ?? [];
              const na = new Map(found.map((a) => [`${a.item}|${a.role}`, a.notApplicable]));
              return discloseItems(r.shape, cells, found, r.k, STRICT, partial.get(r.id)).map((c) => {
                const size = sizes.get(`${r.id}|${c.role}`);
                return [
                  r.id,
                  c.role,
                  c.item,
                  c.suppressed,
                  c.n,
                  c.counts?.map((p) => p.count) ?? null,
                  c.notApplicable,
                  !c.suppressed && size !== undefined
                    ? size - (c.n ?? 0) - (na.get(`${c.item}|${c.role}`) ?? 0)
                    : null,
                ];
              });
            });
          },
        },
        {
          name: `change between first and last round, one project of ${projectIds.length}`,
          api: async () => {
            const data = await post<{
              roundChange: { paired: Record<string, unknown>; from: unknown; to: unknown };
            }>({ projectId: projectIds[0], fromRoundId, toRoundId, construct }, 'DashboardRoundChange');
            const p = data.roundChange.paired;
            return [p.suppressed, p.n, p.meanChange, p.ciLow, p.ciHigh, p.dz];
          },
          sql: async () => {
            const rounds = await baselineRounds(
              pool,
              definitions,
              [projectIds[0]!],
              [fromRoundId, toRoundId],
            );
            const [scores, pairs] = await Promise.all([
              scoreAggregates(
                em,
                rounds.map((r) => r.id),
                0.5,
              ),
              pairAggregates(em, { roundId: fromRoundId }, { roundId: toRoundId }, 0.5, STRICT.onePairPerKey),
            ]);
            const [from, to] = [fromRoundId, toRoundId].map((id) => {
              const r = rounds.find((x) => x.id === id)!;
              return {
                shape: r.shape,
                k: r.k,
                scores: discloseScores(r.shape, scores.get(id) ?? [], r.k, STRICT),
              };
            });
            const p = disclosePairs(fromRoundId, from!, to!, pairs, Math.max(from!.k, to!.k), STRICT).find(
              (c) => c.key === pairKey(fromRoundId, construct, null),
            );
            return [
              p?.suppressed ?? null,
              p?.n ?? null,
              p?.meanChange ?? null,
              p?.ciLow ?? null,
              p?.ciHigh ?? null,
              p?.dz ?? null,
            ];
          },
        },
      ];
      for (const c of cases) {
        const [fromApi, fromSql] = [await c.api(), await c.sql()];
        if (!same(fromApi, fromSql)) {
          const [a, b] = [fromApi as unknown[], fromSql as unknown[]];
          const at = a.findIndex((row, i) => !same(row, b[i]));
          throw new Error(
            `${c.name}: the API's numbers and the baseline's differ (${a.length} and ${b.length} cells; ` +
              `first at ${at}: ${JSON.stringify(a[at])} and ${JSON.stringify(b[at])})`,
          );
        }
        const api = await medianTime(ctx.scale.runs, c.api);
        const size = bytes;
        const sql = await medianTime(ctx.scale.runs, c.sql);
        ctx.figures.push({
          section: 'Dashboard',
          name: c.name,
          value: api,
          unit: 'ms',
          baseline: { name: 'the same SQL and disclosure rules, without the API', value: sql },
          better: 'lower',
          note: `answer ${(size / 1e6).toFixed(2)} MB of JSON`,
        });
        ctx.log(
          `  ${c.name}: API ${api.toFixed(0)} ms, baseline ${sql.toFixed(0)} ms (${(api / sql).toFixed(2)}×), answer ${(size / 1e6).toFixed(2)} MB`,
        );
      }
    }
  } finally {
    await pool.end();
    await server.stop();
  }
}
