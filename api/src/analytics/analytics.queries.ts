import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type Compilable,
} from 'kysely';
import type { Em } from '../db/orm.js';
import { runStatement } from '../db/statement.js';

/**
 * The analytics' simple aggregates, typed with Kysely (the query builder MikroORM 7 runs on). Each function builds
 * one query; `analytics.queries.test.ts` writes the SQL each compiles to into `__snapshots__/*.sql`, so a change to a
 * query shows as a diff of its SQL. The statements with many common table expressions (reliability, pairs, release
 * members) stay SQL text in `round-aggregates.ts`.
 */

/** The columns the analytics read, as PostgreSQL names them. */
export interface AnalyticsTables {
  rounds: {
    id: string;
    label: string;
    opens_at: Date | string;
    closes_at: Date | string | null;
    closed_at: Date | string | null;
    draft: boolean;
    min_group_size: number;
    results_after_close: boolean;
    project_id: string;
    instrument_version_id: string;
  };
  projects: { id: string; name: string };
  responses: { id: string; round_id: string; role: string; status: string };
  construct_scores: {
    response_id: string;
    construct_key: string;
    score: number;
    answered_items: number;
    shown_items: number;
  };
  answers: { response_id: string; item_key: string; number: number | null; not_applicable: boolean };
  release_members: { release_id: string; key: string; members: string[] | string };
}

/**
 * Builds and compiles only: the queries run through `runStatement`, on the request's transaction when it has one and
 * logged by MikroORM like every other statement, on a PostgreSQL server and on PGlite alike.
 */
const db = new Kysely<AnalyticsTables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Runs one query; PostgreSQL's counts (bigint) and averages (numeric) may come back as text, so rows say `unknown`. */
export async function run<Row>(em: Em, query: Compilable<Row>): Promise<Row[]> {
  const { sql: text, parameters } = query.compile();
  return runStatement<Row>(em, text, parameters);
}

/** A PostgreSQL array literal of values already checked to be UUIDs or keys, passed as one parameter. */
export function arrayLiteral(values: readonly (string | number | boolean)[]): string {
  return `{${values.map((v) => (typeof v === 'string' ? `"${v.replace(/(["\\])/g, '\\$1')}"` : String(v))).join(',')}}`;
}

/** `= any(…)` over an array of UUIDs, sent as one parameter. */
const anyUuid = (ids: readonly string[]) => sql<string>`any(${arrayLiteral(ids)}::uuid[])`;

/** The rounds of some projects (with `roundIds`, only those of them) with their project's name, as plain rows. */
export function roundsQuery(projectIds: readonly string[], roundIds: readonly string[] | null) {
  let query = db
    .selectFrom('rounds as w')
    .innerJoin('projects as p', 'p.id', 'w.project_id')
    .select([
      'w.id',
      'w.label',
      'w.opens_at',
      'w.closes_at',
      'w.closed_at',
      'w.draft',
      'w.min_group_size',
      'w.results_after_close',
      'w.project_id',
      'p.name as project_name',
      'w.instrument_version_id',
    ])
    .where('w.project_id', '=', anyUuid(projectIds));
  if (roundIds) query = query.where('w.id', '=', anyUuid(roundIds));
  return query;
}

/** Construct scores of the submitted responses of each round, per role and over all roles (grouping sets). */
export function scoreAggregatesQuery(roundIds: readonly string[], minShare: number) {
  return db
    .selectFrom('construct_scores as cs')
    .innerJoin('responses as r', 'r.id', 'cs.response_id')
    .select([
      'r.round_id',
      sql<string | null>`r.role::text`.as('role'),
      'cs.construct_key',
      sql<unknown>`count(*)`.as('n'),
      sql<unknown>`avg(cs.score)`.as('mean'),
      sql<unknown>`stddev_samp(cs.score)`.as('sd'),
      sql<unknown>`percentile_cont(array[0.25, 0.5, 0.75]) within group (order by cs.score)`.as('quartiles'),
    ])
    .where('r.status', '=', sql.lit('SUBMITTED'))
    .where('r.round_id', '=', anyUuid(roundIds))
    .where(sql<boolean>`cs.answered_items >= ${minShare}::double precision * cs.shown_items`)
    .groupBy(sql`grouping sets ((r.round_id, r.role, cs.construct_key), (r.round_id, cs.construct_key))`);
}

/** Answers per scale point (and "Vet ikke") of every item, per round and role. */
export function itemAggregatesQuery(roundIds: readonly string[]) {
  return db
    .selectFrom('answers as a')
    .innerJoin('responses as r', 'r.id', 'a.response_id')
    .select([
      'r.round_id',
      sql<string>`r.role::text`.as('role'),
      'a.item_key',
      'a.number',
      'a.not_applicable',
      sql<unknown>`count(*)`.as('count'),
    ])
    .where('r.status', '=', sql.lit('SUBMITTED'))
    .where('r.round_id', '=', anyUuid(roundIds))
    .where((eb) => eb.or([eb('a.number', 'is not', null), eb('a.not_applicable', '=', true)]))
    .groupBy(['r.round_id', 'r.role', 'a.item_key', 'a.number', 'a.not_applicable']);
}

/** Submitted responses per round and role. */
export function roleSizesQuery(roundIds: readonly string[]) {
  return db
    .selectFrom('responses')
    .select(['round_id', sql<string>`role::text`.as('role'), sql<unknown>`count(*)`.as('n')])
    .where('status', '=', sql.lit('SUBMITTED'))
    .where('round_id', '=', anyUuid(roundIds))
    .groupBy(['round_id', 'role']);
}

/** The member lists of a release's cells whose keys start with one of the prefixes. */
export function membersOfQuery(releaseId: string, prefixes: readonly string[]) {
  const patterns = prefixes.map((p) => `${p.replace(/([%_\\])/g, '\\$1')}%`);
  return db
    .selectFrom('release_members')
    .select(['key', 'members'])
    .where('release_id', '=', releaseId)
    .where(sql<boolean>`key like any(${arrayLiteral(patterns)}::text[])`);
}

/** Per cell key, how many people a new release adds and how many it no longer has, against an old one. */
export function memberChangesQuery(oldReleaseId: string, newReleaseId: string) {
  const members = (releaseId: string) =>
    db
      .selectFrom('release_members')
      .select(['key', sql<string>`unnest(members)`.as('id')])
      .where('release_id', '=', releaseId);
  return db
    .with('o', () => members(oldReleaseId))
    .with('n', () => members(newReleaseId))
    .selectFrom('o')
    .fullJoin('n', (join) => join.onRef('o.key', '=', 'n.key').onRef('o.id', '=', 'n.id'))
    .select([
      sql<string>`coalesce(o.key, n.key)`.as('key'),
      sql<unknown>`count(*) filter (where o.id is null)`.as('added'),
      sql<unknown>`count(*) filter (where n.id is null)`.as('removed'),
    ])
    .where((eb) => eb.or([eb('o.id', 'is', null), eb('n.id', 'is', null)]))
    .groupBy(sql`coalesce(o.key, n.key)`);
}
