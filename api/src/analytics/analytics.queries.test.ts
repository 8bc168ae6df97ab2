import { describe, expect, it } from 'vitest';
import {
  itemAggregatesQuery,
  memberChangesQuery,
  membersOfQuery,
  roleSizesQuery,
  roundsQuery,
  scoreAggregatesQuery,
} from './analytics.queries.js';

const ROUNDS = ['6f1c2d3e-0000-4000-8000-000000000001', '6f1c2d3e-0000-4000-8000-000000000002'];
const PROJECTS = ['5e0b1c2d-0000-4000-8000-000000000001'];
const RELEASES = ['7a2d3e4f-0000-4000-8000-000000000001', '7a2d3e4f-0000-4000-8000-000000000002'];

/**
 * The SQL a query compiles to, a clause a line (only to read: PostgreSQL gets it on one line), then its parameters.
 */
function text(query: { compile(): { sql: string; parameters: readonly unknown[] } }): string {
  const { sql, parameters } = query.compile();
  const lines = sql
    .replace(/ (from|inner join|full join|where|group by|order by) /g, '\n$1 ')
    .replace(/ and (?![^(]*\))/g, '\n  and ')
    .replace(/\), ("\w+" as \()/g, '),\n$1');
  return `${lines}\n\n-- parameters: ${JSON.stringify(parameters)}\n`;
}

// Each query's SQL is committed beside this file: a change to a query shows in review as a diff of its SQL.
describe('the analytics queries compile to the SQL committed in __snapshots__', () => {
  const cases = {
    rounds: roundsQuery(PROJECTS, null),
    'rounds-of-some': roundsQuery(PROJECTS, ROUNDS),
    'score-aggregates': scoreAggregatesQuery(ROUNDS, 0.5),
    'item-aggregates': itemAggregatesQuery(ROUNDS),
    'role-sizes': roleSizesQuery(ROUNDS),
    'members-of': membersOfQuery(RELEASES[0]!, ['s|', 'i|hope_%']),
    'member-changes': memberChangesQuery(RELEASES[0]!, RELEASES[1]!),
  };
  for (const [name, query] of Object.entries(cases)) {
    it(name, async () => {
      await expect(text(query)).toMatchFileSnapshot(`__snapshots__/${name}.sql`);
    });
  }
});
