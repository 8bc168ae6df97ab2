import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchContext } from '../context.ts';
import { sleep } from '../harness.ts';
import { API_DIR, BENCH_DIR, REPO_DIR, waitForUrl } from '../server.ts';

/** Seconds from starting a command to the first answered request (GET /healthz, which asks the database). */
async function timeToFirstAnswer(
  command: string,
  args: string[],
  dataDir: string,
  healthPath: string,
): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', VERDI_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.VERDI_DEMO;
  const started = performance.now();
  // Its own process group, so that stopping `npm start` stops the server npm started too.
  const child = spawn(command, args, {
    cwd: REPO_DIR,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await waitForUrl(child, 300_000);
    for (;;) {
      const response = await fetch(`${url}${healthPath}`).catch(() => null);
      if (response?.ok) break;
      await sleep(20);
    }
    return (performance.now() - started) / 1000;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    const force = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
    await sleep(300);
  }
}

/**
 * `npm start` (build included) and the server alone, on the embedded database: fresh (an empty directory: the
 * database is created, migrated and the demo loaded) and warm (the same directory again). Baseline: PGlite opened
 * on a fresh and a warm directory behind a bare HTTP server.
 */
export async function start(ctx: BenchContext): Promise<void> {
  const measure = async (args: [string, string[], string]) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-bench-start-'));
    try {
      const fresh = await timeToFirstAnswer(args[0], args[1], dir, args[2]);
      const warm = await timeToFirstAnswer(args[0], args[1], dir, args[2]);
      return { fresh, warm };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const floor = await measure([process.execPath, [path.join(BENCH_DIR, 'start-baseline.ts')], '/']);
  const server = await measure([process.execPath, [path.join(API_DIR, 'main.js')], '/healthz']);
  const npmStart = await measure(['npm', ['start'], '/healthz']);
  for (const state of ['fresh', 'warm'] as const) {
    const baseline = { name: `PGlite ${state} behind a bare HTTP server`, value: floor[state] };
    ctx.figures.push(
      {
        section: 'Start',
        name: `\`npm start\` (build included) to first answer, ${state}`,
        value: npmStart[state],
        unit: 's',
        baseline,
        better: 'lower',
      },
      {
        section: 'Start',
        name: `server alone (\`node api/dist/main.js\`) to first answer, ${state}`,
        value: server[state],
        unit: 's',
        baseline,
        better: 'lower',
      },
    );
  }
  ctx.log(
    `  npm start ${npmStart.fresh.toFixed(1)} / ${npmStart.warm.toFixed(1)} s, server ${server.fresh.toFixed(1)} / ` +
      `${server.warm.toFixed(1)} s, floor ${floor.fresh.toFixed(1)} / ${floor.warm.toFixed(1)} s (fresh / warm)`,
  );
}
