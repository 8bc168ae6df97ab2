import type { Em } from '../db/orm.js';
import {
  arrayLiteral,
  itemAggregatesQuery,
  memberChangesQuery,
  membersOfQuery,
  roleSizesQuery,
  run,
  scoreAggregatesQuery,
} from './analytics.queries.js';
import type { InstrumentDefinition, RespondentRole } from '../instruments/definition.types.js';
import { reverseMirror } from '../instruments/scale-bounds.js';
import { cronbachAlpha } from './stats.js';
import type {
  ItemAggregate,
  PairAggregate,
  ReliabilityAggregate,
  RoundShape,
  ScoreAggregate,
} from './round-disclosure.js';

/**
 * The SQL behind every number: aggregates per round computed in PostgreSQL (Node receives groups, never
 * respondents' rows), and who is behind each cell of a release, by the same keys as `round-disclosure.ts`.
 */

/** Whose answers: a round's submitted responses now, or those of a release that are still submitted. */
export type Population = { roundId: string } | { releaseId: string };

function population(p: Population, alias = 'r'): [string, unknown[]] {
  return 'roundId' in p
    ? [`${alias}.round_id = ? and ${alias}.status = 'SUBMITTED'`, [p.roundId]]
    : [
        `${alias}.status = 'SUBMITTED' and ${alias}.id in (select unnest(members)::uuid from release_members where release_id = ? and key = '*')`,
        [p.releaseId],
      ];
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The quartiles from one `percentile_cont(array[…])` (one sort instead of three); PGlite may give the array as text. */
function quartilesOf(value: unknown): { q1: number | null; median: number | null; q3: number | null } {
  const values = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.replace(/^\{|\}$/g, '').split(',')
      : [];
  const [q1, median, q3] = values.map((v) => num(v === 'NULL' ? null : v));
  return { q1: q1 ?? null, median: median ?? null, q3: q3 ?? null };
}

function byRound<T>(roundIds: readonly string[], rows: { roundId: string; value: T }[]): Map<string, T[]> {
  const result = new Map<string, T[]>(roundIds.map((id) => [id, []]));
  for (const row of rows) result.get(row.roundId)?.push(row.value);
  return result;
}

/** Construct scores of the submitted responses of each round, per role and over all roles, in one query. */
export async function scoreAggregates(
  em: Em,
  roundIds: readonly string[],
  minShare: number,
): Promise<Map<string, ScoreAggregate[]>> {
  if (roundIds.length === 0) return new Map();
  const rows = await run(em, scoreAggregatesQuery(roundIds, minShare));
  return byRound(
    roundIds,
    rows.map((row) => ({
      roundId: String(row.round_id),
      value: {
        construct: String(row.construct_key),
        role: (row.role as RespondentRole | null) ?? null,
        n: Number(row.n),
        mean: Number(row.mean),
        sd: num(row.sd),
        ...quartilesOf(row.quartiles),
      },
    })),
  );
}

/** Answers per scale point (and "Vet ikke") of every item, per round and role, in one query. */
export async function itemAggregates(
  em: Em,
  roundIds: readonly string[],
): Promise<Map<string, ItemAggregate[]>> {
  if (roundIds.length === 0) return new Map();
  const rows = await run(em, itemAggregatesQuery(roundIds));
  const tally = new Map<string, { roundId: string; value: ItemAggregate }>();
  for (const row of rows) {
    const key = `${row.round_id}|${row.role}|${row.item_key}`;
    const entry = tally.get(key) ?? {
      roundId: String(row.round_id),
      value: {
        item: String(row.item_key),
        role: row.role as RespondentRole,
        counts: new Map<number, number>(),
        notApplicable: 0,
      },
    };
    if (row.not_applicable) entry.value.notApplicable += Number(row.count);
    else entry.value.counts.set(Number(row.number), Number(row.count));
    tally.set(key, entry);
  }
  return byRound(roundIds, [...tally.values()]);
}

/** Each construct's items per role, with how to mirror reverse-scored ones, as one table for SQL. */
function reliabilitySpec(shape: RoundShape, definition: InstrumentDefinition): unknown[] {
  const construct: string[] = [];
  const role: string[] = [];
  const item: string[] = [];
  const reverse: boolean[] = [];
  const mirror: number[] = [];
  const size: number[] = [];
  for (const c of shape.constructs) {
    for (const [r, items] of c.itemsByRole) {
      for (const i of items) {
        // The same mirroring as the stored scores: an item without bounds counts as answered.
        const around = reverseMirror(i, definition);
        construct.push(c.key);
        role.push(r);
        item.push(i.key);
        reverse.push(around !== null);
        mirror.push(around ?? 0);
        size.push(items.length);
      }
    }
  }
  return [
    arrayLiteral(construct),
    arrayLiteral(role),
    arrayLiteral(item),
    arrayLiteral(reverse),
    arrayLiteral(mirror),
    arrayLiteral(size),
  ];
}

const SPEC = `spec as (select * from unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::double precision[], ?::int[])
                 as t(construct, role, item, reverse, mirror, size))`;

/**
 * The respondents who answered every item of a construct shown to their role (none "Vet ikke"), per construct and
 * role, with the items' values mirrored where reverse-scored.
 */
function completeCases(where: string, extra = ''): string {
  return `v as (
      select s.construct, s.role, a.response_id, a.item_key, s.size,${extra ? ` ${extra},` : ''}
             case when s.reverse then s.mirror - a.number else a.number end as x
        from answers a join responses r on r.id = a.response_id
        join spec s on s.item = a.item_key and s.role = r.role::text
       where ${where} and a.number is not null),
    complete as (select construct, role, response_id from v group by construct, role, response_id, size having count(*) = size)`;
}

/** Cronbach's alpha per construct and role of one round, on complete cases, in one query. */
export async function reliabilityAggregates(
  em: Em,
  roundId: string,
  shape: RoundShape,
  definition: InstrumentDefinition,
): Promise<ReliabilityAggregate[]> {
  const [where, params] = population({ roundId });
  const rows: Record<string, unknown>[] = await em.execute(
    `with ${SPEC}, ${completeCases(where)},
       cv as (select v.* from v join complete c using (construct, role, response_id)),
       iv as (select construct, role, sum(vi) as sum_vi from (
                select construct, role, item_key, var_samp(x) as vi from cv group by construct, role, item_key) i
              group by construct, role),
       tv as (select construct, role, count(*) as n, var_samp(t) as var_t from (
                select construct, role, response_id, sum(x) as t from cv group by construct, role, response_id) t
              group by construct, role)
     select tv.construct, tv.role, tv.n, tv.var_t, iv.sum_vi from tv join iv using (construct, role)`,
    [...reliabilitySpec(shape, definition), ...params],
  );
  return rows.map((row) => {
    const construct = String(row.construct);
    const role = row.role as RespondentRole;
    const items = shape.constructs.find((c) => c.key === construct)?.itemsByRole.get(role)?.length ?? 0;
    return {
      construct,
      role,
      n: Number(row.n),
      alpha: cronbachAlpha(items, Number(row.sum_vi), Number(row.var_t)),
    };
  });
}

/**
 * How many answered some but not all of a construct's items shown to their role (with a point of the scale), per
 * construct and role of one round: the group whose answers the construct's sum weighs differently from its items'.
 */
export async function partialAggregates(
  em: Em,
  roundIds: readonly string[],
  shape: RoundShape,
  definition: InstrumentDefinition,
): Promise<Map<string, Map<string, number>>> {
  if (roundIds.length === 0) return new Map();
  const rows: { round_id: string; construct: string; role: string; n: string }[] = await em.execute(
    `with ${SPEC}, ${completeCases(`r.round_id = any(?::uuid[]) and r.status = 'SUBMITTED'`, 'r.round_id')}
     select round_id, construct, role, count(*) as n from (
       select round_id, construct, role, response_id from v
        group by round_id, construct, role, response_id, size having count(*) < size) p
      group by round_id, construct, role`,
    [...reliabilitySpec(shape, definition), arrayLiteral(roundIds)],
  );
  const result = new Map<string, Map<string, number>>(roundIds.map((id) => [id, new Map()]));
  for (const r of rows) result.get(r.round_id)?.set(`q|${r.construct}|${r.role}`, Number(r.n));
  return result;
}

/** The member lists of a release's cells whose keys start with one of the prefixes, by key. */
export async function membersOf(
  em: Em,
  releaseId: string,
  prefixes: readonly string[],
): Promise<Map<string, Set<string>>> {
  const rows = await run(em, membersOfQuery(releaseId, prefixes));
  return new Map(rows.map((r) => [r.key, new Set(textArray(r.members))]));
}

/** PGlite may give a text[] back as its text form. */
function textArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((v) => v.replace(/^"|"$/g, ''));
}

/**
 * Pairs of responses with the same linkage code and role in two rounds. With `onePairPerKey`, a code that comes up
 * more than once in a round and role counts once: the response submitted first (on the same day, the lower id)
 * wins, and the others are counted as set aside.
 */
function pairsSql(
  from: Population,
  to: Population,
  minShare: number,
  onePairPerKey: boolean,
  suffix = '',
): [string, unknown[]] {
  const [fromWhere, fromParams] = population(from, 'r');
  const [toWhere, toParams] = population(to, 'r');
  const [a, b, p, d] = ['a', 'b', 'p', 'd'].map((name) => name + suffix);
  const ranked = (where: string) =>
    `select r.id, r.role, r.linkage_hash,
            row_number() over (partition by r.role, r.linkage_hash order by r.submitted_on, r.id) as rn
       from responses r where ${where} and r.linkage_hash is not null`;
  const first = onePairPerKey ? `and ${a}.rn = 1 and ${b}.rn = 1` : '';
  return [
    `${a} as (${ranked(fromWhere)}), ${b} as (${ranked(toWhere)}),
     ${p} as (select ${a}.id as aid, ${b}.id as bid, ${b}.role
                from ${a} join ${b} on ${a}.linkage_hash = ${b}.linkage_hash and ${a}.role = ${b}.role
               where true ${first}),
     ${d} as (select ${p}.role, sb.construct_key, sb.score - sa.score as diff, ${p}.aid, ${p}.bid
                from ${p} join construct_scores sa on sa.response_id = ${p}.aid and sa.answered_items >= ? * sa.shown_items
                join construct_scores sb on sb.response_id = ${p}.bid and sb.construct_key = sa.construct_key
                                        and sb.answered_items >= ? * sb.shown_items)`,
    [...fromParams, ...toParams, minShare, minShare],
  ];
}

/** Paired change between two rounds per construct, per role and over all roles, in one query. */
export async function pairAggregates(
  em: Em,
  from: Population,
  to: Population,
  minShare: number,
  onePairPerKey: boolean,
): Promise<PairAggregate[]> {
  const [pairs, params] = pairsSql(from, to, minShare, onePairPerKey);
  const rows: Record<string, unknown>[] = await em.execute(
    `with ${pairs},
       dup as (select role, count(*) filter (where rn > 1) as n from (select role, rn from a union all select role, rn from b) x
                group by role)
     select d.role::text as role, d.construct_key, count(*) as n, avg(diff) as mean, stddev_samp(diff) as sd,
            count(*) filter (where diff > 0) as up, count(*) filter (where diff = 0) as same,
            count(*) filter (where diff < 0) as down,
            coalesce((select sum(n) from dup where d.role is null or dup.role = d.role), 0) as duplicates
       from d group by grouping sets ((d.role, d.construct_key), (d.construct_key))`,
    params,
  );
  return rows.map((row) => ({
    construct: String(row.construct_key),
    role: (row.role as RespondentRole | null) ?? null,
    n: Number(row.n),
    meanChange: Number(row.mean),
    sd: num(row.sd),
    up: Number(row.up),
    same: Number(row.same),
    down: Number(row.down),
    duplicates: onePairPerKey ? Number(row.duplicates) : 0,
  }));
}

/**
 * Stores who is behind each cell of a new release: the round's submitted responses now, and for pairs the earlier
 * rounds' current releases. Keys are the cells' keys; `*` lists everyone.
 */
export async function writeReleaseMembers(
  em: Em,
  releaseId: string,
  roundId: string,
  shape: RoundShape,
  definition: InstrumentDefinition,
  minShare: number,
  earlier: { roundId: string; releaseId: string }[],
  onePairPerKey: boolean,
): Promise<void> {
  const [where, params] = population({ roundId });
  const multiRole = shape.constructs.filter((c) => c.roles.length > 1).map((c) => c.key);
  const likert = shape.likert.map((i) => i.key);
  const parts: string[] = [
    `select r.id, '*' as key from responses r where ${where}`,
    `select r.id, 's|' || cs.construct_key || '|' || r.role::text from construct_scores cs join responses r on r.id = cs.response_id
      where ${where} and cs.answered_items >= ? * cs.shown_items`,
    `select r.id, 's|' || cs.construct_key || '|*' from construct_scores cs join responses r on r.id = cs.response_id
      where ${where} and cs.answered_items >= ? * cs.shown_items and cs.construct_key = any(?::text[])`,
    // Those an item's distribution counts (a point of the scale), and apart from them those who said "Vet ikke".
    `select r.id, case when a.number is not null then 'i|' else 'v|' end || a.item_key || '|' || r.role::text
       from answers a join responses r on r.id = a.response_id
      where ${where} and (a.number is not null or a.not_applicable) and a.item_key = any(?::text[])`,
    `select response_id, 'a|' || construct || '|' || role from complete`,
    `select response_id, 'q|' || construct || '|' || role from v group by construct, role, response_id, size
      having count(*) < size`,
  ];
  const values: unknown[] = [
    ...params,
    ...params,
    minShare,
    ...params,
    minShare,
    arrayLiteral(multiRole),
    ...params,
    arrayLiteral(likert),
  ];
  const ctes: string[] = [SPEC, completeCases(where)];
  const cteParams: unknown[] = [...reliabilitySpec(shape, definition), ...params];
  earlier.forEach((source, index) => {
    // Each earlier round's pairs get names of their own, so that several fit in one statement.
    const [pairs, pairParams] = pairsSql(
      { releaseId: source.releaseId },
      { roundId },
      minShare,
      onePairPerKey,
      String(index),
    );
    ctes.push(pairs);
    cteParams.push(...pairParams);
    // Both sides of every pair: this round's responses (p|…) and the earlier round's (pa|…).
    parts.push(
      `select bid, 'p|${source.roundId}|' || construct_key || '|' || role::text from d${index}`,
      `select bid, 'p|${source.roundId}|' || construct_key || '|*' from d${index}`,
      `select aid, 'pa|${source.roundId}|' || construct_key || '|' || role::text from d${index}`,
      `select aid, 'pa|${source.roundId}|' || construct_key || '|*' from d${index}`,
    );
  });
  await em.execute(
    `with ${ctes.join(',\n')}
     insert into release_members (release_id, key, members)
     select ?, key, array_agg(id::text order by id) from (${parts.join('\nunion all\n')}) k(id, key) group by key`,
    [...cteParams, releaseId, ...values],
  );
}

/** Per cell key, how many people the new release adds and how many it no longer has, compared with the old one. */
export async function memberChanges(
  em: Em,
  oldReleaseId: string,
  newReleaseId: string,
): Promise<Map<string, { added: number; removed: number }>> {
  const rows = await run(em, memberChangesQuery(oldReleaseId, newReleaseId));
  return new Map(rows.map((r) => [r.key, { added: Number(r.added), removed: Number(r.removed) }]));
}

/** Submitted responses per round and role (researchers' live numbers only: a role's size is never released). */
export async function roleSizes(em: Em, roundIds: readonly string[]): Promise<Map<string, number>> {
  if (roundIds.length === 0) return new Map();
  const rows = await run(em, roleSizesQuery(roundIds));
  return new Map(rows.map((r) => [`${r.round_id}|${r.role}`, Number(r.n)]));
}
