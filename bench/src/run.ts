// npm run bench: measures Verdi against same-run baselines on a PostgreSQL server and writes bench/results.json,
// bench/results.md and the README's table (a whole run at full scale; other runs write to a temporary folder). Options: --scale=full|small, --out=<dir>, --only=<section,...>,
// --clients=<n> and --seconds=<n> for the submission load, --keep (the database), --database=<url> (a kept one).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureAdmin } from '@verdi/api/dist/accounts/bootstrap.js';
import { openDatabase } from '@verdi/api/dist/db/orm.js';
import { securePseudonyms } from '@verdi/api/dist/privacy/pseudonym-check.js';
import { PSEUDONYM_KEY_VARIABLE, setPseudonymKey } from '@verdi/api/dist/privacy/pseudonym-key.js';
import { generateLarge } from '@verdi/api/dist/demo/generator.js';
import { SCALES, type BenchContext, type Scale } from './context.ts';
import { createScratchDatabase } from '../../api/src/test/scratch-database.ts';
import { machine, withRatios, writeReport, type BenchReport, type Figure } from './report.ts';
import { BENCH_ADMIN, REPO_DIR } from './server.ts';
import { dashboard, dashboardPrefix } from './sections/dashboard.ts';
import { exportCsv } from './sections/export.ts';
import { queries } from './sections/queries.ts';
import { start } from './sections/start.ts';
import { submissions } from './sections/submissions.ts';
import { web } from './sections/web.ts';

const SECTIONS = { web, dashboard, queries, export: exportCsv, submissions, start } as const;
type SectionName = keyof typeof SECTIONS;

function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL?.trim();
  if (!serverUrl) {
    throw new Error(
      'npm run bench measures against a PostgreSQL server: set DATABASE_URL, e.g. ' +
        'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench (it creates and drops a database of its own)',
    );
  }
  const scaleName = option('scale') ?? 'full';
  if (!(scaleName in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const scale: Scale = { ...SCALES[scaleName as Scale['name']] };
  for (const key of ['clients', 'seconds'] as const) {
    const value = option(key);
    if (value === undefined) continue;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new Error(`--${key} takes a whole number above 0`);
    if (key === 'clients') scale.clients = number;
    else scale.loadSeconds = number;
  }
  const only = option('only')?.split(',') ?? Object.keys(SECTIONS);
  for (const name of only) {
    if (!(name in SECTIONS))
      throw new Error(`--only takes sections from ${Object.keys(SECTIONS).join(', ')}`);
  }
  // Only a whole run at full scale replaces the committed results and the README's table; any other run without
  // --out writes to a folder of its own, so that measuring one section cannot overwrite the committed figures.
  const updateReadme =
    scale.name === 'full' && !option('out') && only.length === Object.keys(SECTIONS).length;
  const outDir = path.resolve(
    option('out') ??
      (updateReadme ? path.join(REPO_DIR, 'bench') : mkdtempSync(path.join(tmpdir(), 'verdi-bench-'))),
  );

  const startedAt = new Date();
  const log = (line: string) =>
    console.log(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  // --database=<url>: measure again on a database an earlier run kept (--keep), without generating its data anew.
  const reused = option('database');
  const scratch = reused
    ? { url: reused, drop: async () => undefined }
    : await createScratchDatabase(serverUrl, `verdi_bench_${Date.now()}_${process.pid}`);
  log(
    `database ${new URL(scratch.url).pathname.slice(1)} on ${new URL(serverUrl).host}, scale ${scale.name}`,
  );
  // Migrated and left unanalysed: ANALYZE on empty tables would make the loads below check keys by sequential scan.
  // One pseudonym key for the run: this process stores linkage hashes with it, and the servers it starts inherit it.
  const pseudonymKey = randomBytes(32);
  process.env[PSEUDONYM_KEY_VARIABLE] = pseudonymKey.toString('hex');
  setPseudonymKey(pseudonymKey);
  const orm = await openDatabase({ databaseUrl: scratch.url });
  // The kept run's key is gone with it; its linkage hashes stay comparable with each other, which is all we read.
  if (reused) await orm.em.getConnection().execute('update pseudonym_key_state set fingerprint = null');
  await securePseudonyms(orm.em.fork(), pseudonymKey);
  const figures: Figure[] = [];
  const data: Record<string, number> = {};
  try {
    await ensureAdmin(orm.em.fork(), { email: BENCH_ADMIN.email, password: BENCH_ADMIN.password });
    const needsData = !reused && only.some((s) => ['dashboard', 'queries', 'export'].includes(s));
    if (needsData) {
      const progress = (line: string) => {
        const [, done, of] = /^project (\d+)\/(\d+)/.exec(line) ?? [];
        if (done && of && Number(done) % Math.max(1, Math.round(Number(of) / 5)) === 0) log(`  ${line}`);
      };
      let dashboardAnswers = 0;
      let dashboardProjectCount = 0;
      for (const options of scale.dashboard) {
        const set = await generateLarge(orm.em.fork(), options, progress, dashboardPrefix(options.projects));
        dashboardAnswers += set.answers;
        dashboardProjectCount += set.projects;
        log(
          `generated ${set.answers.toLocaleString('en-GB')} answers in ${set.projects} projects (${set.seconds.toFixed(0)} s)`,
        );
      }
      const exportSet = await generateLarge(orm.em.fork(), scale.export, undefined, 'export');
      log(
        `generated ${exportSet.answers.toLocaleString('en-GB')} answers in one project for the export (${exportSet.seconds.toFixed(0)} s)`,
      );
      const light = scale.queryProjects[1] - dashboardProjectCount - scale.export.projects;
      if (light > 0) {
        await generateLarge(
          orm.em.fork(),
          { projects: light, rounds: 2, respondents: 2 },
          undefined,
          'small',
        );
        log(
          `generated ${light} small projects, for counting statements at ${scale.queryProjects[1]} projects`,
        );
      }
      // Statistics for the loaded tables, as autovacuum would gather them shortly after such a load.
      await orm.em.getConnection().execute('vacuum analyze');
      Object.assign(data, {
        'dashboard answers': dashboardAnswers,
        'export answers': exportSet.answers,
        projects: dashboardProjectCount + exportSet.projects + Math.max(light, 0),
      });
    }
    const [version] = await orm.em
      .getConnection()
      .execute<{ server_version: string }[]>('show server_version');
    const ctx: BenchContext = { scale, databaseUrl: scratch.url, orm, figures, log };
    for (const name of Object.keys(SECTIONS) as SectionName[]) {
      if (!only.includes(name)) continue;
      log(`${name}…`);
      await SECTIONS[name](ctx);
    }
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      seconds: (Date.now() - startedAt.getTime()) / 1000,
      scale: scale.name,
      machine: machine(version?.server_version ?? 'unknown'),
      data,
      figures: withRatios(figures),
    };
    const table = writeReport(report, outDir, updateReadme ? path.join(REPO_DIR, 'README.md') : undefined);
    console.log(
      `\n${table}\nWritten to ${path.relative(process.cwd(), outDir) || '.'}/results.{json,md}${updateReadme ? ' and README.md' : ''}`,
    );
  } finally {
    await orm.close();
    if (process.argv.includes('--keep')) log(`kept ${scratch.url}`);
    else await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(
    `npm run bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
