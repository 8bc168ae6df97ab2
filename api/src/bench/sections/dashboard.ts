import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Project } from '../../projects/project.entity.js';
import { Wave } from '../../waves/wave.entity.js';
import type { BenchContext } from '../context.js';
import { medianTime } from '../harness.js';
import { BENCH_ADMIN, REPO_DIR, signIn, startServer } from '../server.js';

/** The operations the web dashboard sends, exactly as it sends them. */
export function dashboardDocument(): string {
  return readFileSync(path.join(REPO_DIR, 'schema', 'operations', 'dashboard.graphql'), 'utf8');
}

/** The generated dashboard projects (slug `benchmark-…`) and the first one's rounds, oldest first. */
export async function dashboardProjects(
  ctx: BenchContext,
): Promise<{ projectIds: string[]; waveIds: string[] }> {
  const em = ctx.orm.em.fork();
  const projects = await em.find(Project, { slug: { $like: 'benchmark-%' } }, { orderBy: { slug: 'asc' } });
  const waves = await em.find(Wave, { project: projects[0]!.id }, { orderBy: { opensAt: 'asc' } });
  return { projectIds: projects.map((p) => p.id), waveIds: waves.map((w) => w.id) };
}

/**
 * The dashboard's analytics queries over HTTP as the web app sends them, on every generated project at once,
 * against hand-written SQL computing the same aggregates, sent straight to PostgreSQL.
 */
export async function dashboard(ctx: BenchContext): Promise<void> {
  const { projectIds, waveIds } = await dashboardProjects(ctx);
  const document = dashboardDocument();
  const construct = 'hope';
  const server = await startServer(ctx.databaseUrl);
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    const gql = await signIn(server.url, BENCH_ADMIN.email, BENCH_ADMIN.password);
    const cases: { name: string; api: () => Promise<unknown>; sql: () => Promise<unknown> }[] = [
      {
        name: `construct scores, ${projectIds.length} projects`,
        api: () => gql(document, { projectIds }, 'DashboardConstructScores'),
        sql: () =>
          client.query(
            `select r.wave_id, r.role, cs.construct_key, count(*), avg(cs.score), stddev_samp(cs.score),
                    percentile_cont(array[0.25, 0.5, 0.75]) within group (order by cs.score)
               from construct_scores cs
               join responses r on r.id = cs.response_id
               join waves w on w.id = r.wave_id
              where w.project_id = any($1) and r.status = 'SUBMITTED' and cs.answered_items >= 0.5 * cs.shown_items
              group by grouping sets ((r.wave_id, r.role, cs.construct_key), (r.wave_id, cs.construct_key))`,
            [projectIds],
          ),
      },
      {
        name: `item distributions, ${projectIds.length} projects`,
        api: () => gql(document, { projectIds }, 'DashboardItemDistributions'),
        sql: () =>
          client.query(
            `select r.wave_id, r.role, a.item_key, a.number, a.not_applicable, count(*)
               from answers a
               join responses r on r.id = a.response_id
               join waves w on w.id = r.wave_id
              where w.project_id = any($1) and r.status = 'SUBMITTED'
              group by r.wave_id, r.role, a.item_key, a.number, a.not_applicable`,
            [projectIds],
          ),
      },
      {
        name: 'change between first and last round, one project',
        api: () =>
          gql(
            document,
            { projectId: projectIds[0], fromWaveId: waveIds[0], toWaveId: waveIds.at(-1), construct },
            'DashboardRoundChange',
          ),
        sql: () =>
          client.query(
            `with s as (
               select r.wave_id, r.role, r.linkage_hash, cs.score
                 from construct_scores cs join responses r on r.id = cs.response_id
                where r.wave_id in ($1, $2) and r.status = 'SUBMITTED' and cs.construct_key = $3
                  and cs.answered_items >= 0.5 * cs.shown_items)
             select (select json_agg(g) from (select wave_id, count(*), avg(score), stddev_samp(score)
                                                from s group by wave_id) g) as groups,
                    count(*), avg(t.score - f.score), stddev_samp(t.score - f.score),
                    count(*) filter (where t.score > f.score), count(*) filter (where t.score < f.score)
               from s f join s t on t.linkage_hash = f.linkage_hash and t.role = f.role
              where f.wave_id = $1 and t.wave_id = $2`,
            [waveIds[0], waveIds.at(-1), construct],
          ),
      },
    ];
    for (const c of cases) {
      const api = await medianTime(ctx.scale.runs, c.api);
      const sql = await medianTime(ctx.scale.runs, c.sql);
      ctx.figures.push({
        section: 'Dashboard',
        name: c.name,
        value: api,
        unit: 'ms',
        baseline: { name: 'hand-written SQL, sent directly', value: sql },
        better: 'lower',
      });
      ctx.log(`  ${c.name}: API ${api.toFixed(0)} ms, SQL ${sql.toFixed(0)} ms`);
    }
  } finally {
    await client.end();
    await server.stop();
  }
}
