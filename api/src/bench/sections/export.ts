import { spawn } from 'node:child_process';
import { Project } from '../../projects/project.entity.js';
import type { BenchContext } from '../context.js';
import { memoryOf, sleep } from '../harness.js';
import { BENCH_ADMIN, signIn, startServer } from '../server.js';

const MiB = 2 ** 20;
const HEAP_CAP_MIB = 64;

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

/**
 * The long CSV of one project with about a million answers, streamed over HTTP by a freshly started server: time,
 * and the server's peak resident memory. Baseline: PostgreSQL's COPY of the same rows through psql.
 */
export async function exportCsv(ctx: BenchContext): Promise<void> {
  const project = await ctx.orm.em.fork().findOneOrFail(Project, { slug: 'export-001' });
  const [counted] = await ctx.orm.em
    .fork()
    .getConnection()
    .execute<{ answers: string }[]>(
      `select count(*) as answers from answers a join responses r on r.id = a.response_id
        join waves w on w.id = r.wave_id where w.project_id = ? and r.status = 'SUBMITTED'`,
      [project.id],
    );
  const server = await startServer(ctx.databaseUrl);
  try {
    const gql = await signIn(server.url, BENCH_ADMIN.email, BENCH_ADMIN.password);
    await sleep(500);
    const idle = memoryOf(server.child.pid!).rss;
    const response = await fetch(`${server.url}/exports/${project.id}/data-long.csv`, {
      headers: { cookie: gql.cookie },
    });
    if (!response.ok || !response.body)
      throw new Error(`Export failed: ${response.status} ${await response.text()}`);
    const ours = await drain(response.body, server.child.pid!);
    // Sampled while streaming: the process's lifetime peak (VmHWM) would include signing in (argon2 takes 64 MiB).
    const peak = ours.peakRss;

    await server.stop();

    // The same export from a server whose JavaScript heap may not grow past 64 MiB: it must still finish, since it
    // holds no more than two pages at a time; most of the RSS growth above is garbage that V8 collects lazily.
    const capped = await startServer(ctx.databaseUrl, {
      NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MIB}`,
    });
    let small: Awaited<ReturnType<typeof drain>>;
    try {
      const gqlCapped = await signIn(capped.url, BENCH_ADMIN.email, BENCH_ADMIN.password);
      await sleep(500);
      const again = await fetch(`${capped.url}/exports/${project.id}/data-long.csv`, {
        headers: { cookie: gqlCapped.cookie },
      });
      if (!again.ok || !again.body) throw new Error(`Export with a capped heap failed: ${again.status}`);
      small = await drain(again.body, capped.child.pid!);
      if (small.bytes !== ours.bytes) {
        throw new Error(`Export with a capped heap sent ${small.bytes} bytes instead of ${ours.bytes}`);
      }
    } finally {
      await capped.stop();
    }

    const copy = await psqlCopy(ctx.databaseUrl, project.id);
    const rows = Number(counted?.answers).toLocaleString('en-GB');
    ctx.figures.push(
      {
        section: 'Export',
        name: 'long CSV, time to stream',
        note: `${rows} answers, ${(ours.bytes / MiB).toFixed(0)} MiB`,
        value: ours.seconds,
        unit: 's',
        baseline: copy ? { name: 'COPY … TO STDOUT of the same rows via psql', value: copy.seconds } : null,
        better: 'lower',
      },
      {
        section: 'Export',
        name: 'server peak RSS while streaming',
        note: `idle ${(idle / MiB).toFixed(0)} MiB before`,
        value: peak / MiB,
        unit: 'MiB',
        baseline: copy ? { name: 'psql peak RSS during the COPY', value: copy.peakRss / MiB } : null,
        better: 'lower',
      },
      {
        section: 'Export',
        name: `the same with the JS heap capped at ${HEAP_CAP_MIB} MiB: time`,
        value: small.seconds,
        unit: 's',
        baseline: copy ? { name: 'COPY via psql', value: copy.seconds } : null,
        better: 'lower',
      },
      {
        section: 'Export',
        name: `the same with the JS heap capped at ${HEAP_CAP_MIB} MiB: server peak RSS`,
        value: small.peakRss / MiB,
        unit: 'MiB',
        baseline: copy ? { name: 'psql peak RSS', value: copy.peakRss / MiB } : null,
        better: 'lower',
      },
    );
    ctx.log(
      `  export ${ours.seconds.toFixed(1)} s, ${(ours.bytes / MiB).toFixed(0)} MiB, peak RSS ${(peak / MiB).toFixed(0)} MiB; ` +
        `heap capped: ${small.seconds.toFixed(1)} s, peak RSS ${(small.peakRss / MiB).toFixed(0)} MiB` +
        (copy ? `; COPY ${copy.seconds.toFixed(1)} s` : '; psql not found, no COPY baseline'),
    );
  } finally {
    await server.stop();
  }
}

/** The same answers with their response's columns, in the export's order, as CSV from COPY; null without psql. */
async function psqlCopy(
  databaseUrl: string,
  projectId: string,
): Promise<{ seconds: number; peakRss: number } | null> {
  const sql = `\\copy (select r.id, w.label, r.role, r.submitted_on, r.language, r.linkage_hash, a.item_key,
      a.number, a.text, a.choices, a.not_applicable
    from waves w join responses r on r.wave_id = w.id join answers a on a.response_id = r.id
    where w.project_id = '${projectId}' and r.status = 'SUBMITTED'
    order by w.opens_at, r.id, a.item_key) to stdout with (format csv, header)`;
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
