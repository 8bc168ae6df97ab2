import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureAdmin } from '@verdi/api/dist/accounts/bootstrap.js';
import { openDatabase, type Orm } from '@verdi/api/dist/db/orm.js';
import { generateLarge } from '@verdi/api/dist/demo/generator.js';
import { Project } from '@verdi/api/dist/projects/project.entity.js';
import type { BenchContext } from '../context.ts';
import { memoryOf, sleep } from '../harness.ts';
import { BENCH_ADMIN, SMALL_YOUNG_GENERATION, signIn, startServer } from '../server.ts';

const MiB = 2 ** 20;

/** Reads a stream to its end, counting bytes and, meanwhile, the peak resident memory of a process. */
async function drain(
  stream: AsyncIterable<Uint8Array>,
  pid: number,
): Promise<{ bytes: number; seconds: number; peakRss: number }> {
  const started = performance.now();
  let peakRss = 0;
  const sample = () => {
    try {
      peakRss = Math.max(peakRss, memoryOf(pid).rss);
    } catch {
      // the process has just ended
    }
  };
  sample();
  const sampling = setInterval(sample, 25);
  let bytes = 0;
  try {
    for await (const chunk of stream) bytes += chunk.byteLength;
  } finally {
    clearInterval(sampling);
    sample();
  }
  return { bytes, seconds: (performance.now() - started) / 1000, peakRss };
}

/** The answers of the export's project with their response's columns, as the baseline COPY reads them. */
const baselineQuery = (projectId: string) =>
  `select r.id, w.label, r.role, r.submitted_on, r.language, r.linkage_hash, a.item_key,
      a.number, a.text, a.choices, a.not_applicable
    from rounds w join responses r on r.round_id = w.id join answers a on a.response_id = r.id
    where w.project_id = '${projectId}' and r.status = 'SUBMITTED'
    order by w.opens_at, r.id, a.item_key`;

async function answersOf(orm: Orm, projectId: string): Promise<number> {
  const [counted] = await orm.em
    .fork()
    .getConnection()
    .execute<{ answers: string }[]>(
      `select count(*) as answers from answers a join responses r on r.id = a.response_id
        join rounds w on w.id = r.round_id where w.project_id = ? and r.status = 'SUBMITTED'`,
      [projectId],
    );
  return Number(counted?.answers);
}

/** The long CSV streamed over HTTP by a freshly started server: bytes, seconds, idle and peak RSS. */
async function download(
  server: Awaited<ReturnType<typeof startServer>>,
  projectId: string,
): Promise<{ bytes: number; seconds: number; peakRss: number; idle: number }> {
  const gql = await signIn(server.url, BENCH_ADMIN.email, BENCH_ADMIN.password);
  await sleep(500);
  const idle = memoryOf(server.child.pid!).rss;
  const response = await fetch(`${server.url}/exports/${projectId}/data-long.csv`, {
    headers: { cookie: gql.cookie },
  });
  if (!response.ok || !response.body)
    throw new Error(`Export failed: ${response.status} ${await response.text()}`);
  // Sampled while streaming: the process's lifetime peak (VmHWM) would include signing in (argon2 takes 64 MiB).
  return { ...(await drain(response.body, server.child.pid!)), idle };
}

/**
 * The long CSV of one project with about a million answers, streamed over HTTP by a freshly started server: time,
 * and the server's peak resident memory. On the PostgreSQL server the export streams COPY; the baseline is
 * PostgreSQL's COPY of the same rows through psql. Then the same on the embedded database (PGlite), which pages;
 * its baseline is PGlite's own COPY of the same rows, in a process of its own.
 */
export async function exportCsv(ctx: BenchContext): Promise<void> {
  const project = await ctx.orm.em.fork().findOneOrFail(Project, { slug: 'export-001' });
  const answers = await answersOf(ctx.orm, project.id);
  const downloadFrom = async (env: NodeJS.ProcessEnv = {}) => {
    const server = await startServer(ctx.databaseUrl, env);
    try {
      return await download(server, project.id);
    } finally {
      await server.stop();
    }
  };
  const ours = await downloadFrom();
  const small = await downloadFrom({ NODE_OPTIONS: SMALL_YOUNG_GENERATION });
  const copy = await psqlCopy(ctx.databaseUrl, project.id);
  const rows = answers.toLocaleString('en-GB');
  ctx.figures.push(
    {
      section: 'Export',
      name: 'long CSV, time to stream',
      note: `PostgreSQL server, ${rows} answers, ${(ours.bytes / MiB).toFixed(0)} MiB`,
      value: ours.seconds,
      unit: 's',
      baseline: copy ? { name: 'COPY … TO STDOUT of the same rows via psql', value: copy.seconds } : null,
      better: 'lower',
    },
    {
      section: 'Export',
      name: 'server peak RSS while streaming',
      note: `PostgreSQL server; idle ${(ours.idle / MiB).toFixed(0)} MiB before`,
      value: ours.peakRss / MiB,
      unit: 'MiB',
      baseline: { name: 'the same server idle, signed in, before the export', value: ours.idle / MiB },
      better: 'lower',
    },
    {
      section: 'Export',
      name: `server peak RSS while streaming, with ${SMALL_YOUNG_GENERATION}`,
      note: `idle ${(small.idle / MiB).toFixed(0)} MiB before; streamed in ${small.seconds.toFixed(1)} s`,
      value: small.peakRss / MiB,
      unit: 'MiB',
      baseline: { name: 'the same server idle, signed in, before the export', value: small.idle / MiB },
      better: 'lower',
    },
  );
  ctx.log(
    `  export on PostgreSQL with ${SMALL_YOUNG_GENERATION}: peak RSS ${(small.peakRss / MiB).toFixed(0)} MiB ` +
      `(idle ${(small.idle / MiB).toFixed(0)}), ${small.seconds.toFixed(1)} s`,
  );
  ctx.log(
    `  export on PostgreSQL ${ours.seconds.toFixed(1)} s, ${(ours.bytes / MiB).toFixed(0)} MiB, ` +
      `peak RSS ${(ours.peakRss / MiB).toFixed(0)} MiB (idle ${(ours.idle / MiB).toFixed(0)})` +
      (copy ? `; COPY ${copy.seconds.toFixed(1)} s` : '; psql not found, no COPY baseline'),
  );
  await embeddedExport(ctx);
}

/**
 * The same export on the embedded database: the export's data set generated anew into a PGlite directory (PGlite
 * runs in one process, so it cannot share the server's database), then downloaded from a server started on it.
 */
async function embeddedExport(ctx: BenchContext): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'verdi-bench-pglite-'));
  try {
    const started = performance.now();
    let orm = await openDatabase({ dataDir });
    let projectId: string;
    let answers: number;
    try {
      await ensureAdmin(orm.em.fork(), { email: BENCH_ADMIN.email, password: BENCH_ADMIN.password });
      await generateLarge(orm.em.fork(), ctx.scale.export, undefined, 'export');
      projectId = (await orm.em.fork().findOneOrFail(Project, { slug: 'export-001' })).id;
      answers = await answersOf(orm, projectId);
      await orm.em.getConnection().execute('vacuum analyze');
    } finally {
      await orm.close();
    }
    ctx.log(
      `  generated ${answers.toLocaleString('en-GB')} answers on PGlite (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const server = await startServer('', { VERDI_DATA_DIR: dataDir });
    let ours: Awaited<ReturnType<typeof download>>;
    try {
      ours = await download(server, projectId);
    } finally {
      await server.stop();
    }
    // PGlite's own COPY of the same rows, read whole: PGlite has no COPY stream, it writes to a blob in memory.
    orm = await openDatabase({ dataDir });
    let copySeconds: number;
    try {
      const pglite = (await orm.em.getConnection().getNativeClient()) as {
        query(sql: string): Promise<{ blob?: Blob }>;
      };
      const copyStarted = performance.now();
      const result = await pglite.query(
        `copy (${baselineQuery(projectId)}) to '/dev/blob' with (format csv, header)`,
      );
      copySeconds = (performance.now() - copyStarted) / 1000;
      if (!result.blob || result.blob.size === 0) throw new Error('PGlite COPY wrote nothing');
    } finally {
      await orm.close();
    }
    ctx.figures.push(
      {
        section: 'Export',
        name: 'long CSV on the embedded database (PGlite), time to stream',
        note: `${answers.toLocaleString('en-GB')} answers, ${(ours.bytes / MiB).toFixed(0)} MiB, paged`,
        value: ours.seconds,
        unit: 's',
        baseline: { name: "PGlite's own COPY of the same rows, in memory", value: copySeconds },
        better: 'lower',
      },
      {
        section: 'Export',
        name: 'server peak RSS while streaming, on PGlite',
        note: `idle ${(ours.idle / MiB).toFixed(0)} MiB before; the database runs inside the server`,
        value: ours.peakRss / MiB,
        unit: 'MiB',
        baseline: { name: 'the same server idle, signed in, before the export', value: ours.idle / MiB },
        better: 'lower',
      },
    );
    ctx.log(
      `  export on PGlite ${ours.seconds.toFixed(1)} s, peak RSS ${(ours.peakRss / MiB).toFixed(0)} MiB ` +
        `(idle ${(ours.idle / MiB).toFixed(0)}); PGlite COPY ${copySeconds.toFixed(1)} s`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same answers with their response's columns, in the export's order, as CSV from COPY; null without psql. */
async function psqlCopy(
  databaseUrl: string,
  projectId: string,
): Promise<{ seconds: number; peakRss: number } | null> {
  const sql = `\\copy (${baselineQuery(projectId)}) to stdout with (format csv, header)`;
  const child = spawn('psql', ['-X', '-q', '-d', databaseUrl, '-c', sql.replace(/\s+/g, ' ')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const failed = new Promise<null>((resolve) => child.once('error', () => resolve(null)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (!child.pid) return failed;
  const result = await drain(child.stdout, child.pid);
  const code = await exited;
  if (code !== 0) throw new Error(`psql COPY exited with ${code}`);
  return { seconds: result.seconds, peakRss: result.peakRss };
}
