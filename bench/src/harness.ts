import { readFileSync } from 'node:fs';
import { createHistogram } from 'node:perf_hooks';

export interface LoadResult {
  /** Operations completed in the measured window, and per second. */
  done: number;
  perSecond: number;
  failed: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p95: number;
  p99: number;
}

/**
 * A closed-loop load: `clients` workers each run `operation` one after another for `seconds`, after a warm-up whose
 * operations are not counted. The same loop drives the API and its baseline, so the two figures are comparable.
 */
export async function closedLoop(options: {
  clients: number;
  seconds: number;
  warmupSeconds: number;
  operation: (worker: number, sequence: number) => Promise<void>;
}): Promise<LoadResult> {
  const histogram = createHistogram();
  let measuring = false;
  let stopping = false;
  let done = 0;
  let failed = 0;
  let firstError: unknown;
  let sequence = 0;
  const worker = async (index: number): Promise<void> => {
    while (!stopping) {
      const started = process.hrtime.bigint();
      try {
        await options.operation(index, sequence++);
        if (measuring) {
          histogram.record(Number(process.hrtime.bigint() - started) || 1);
          done++;
        }
      } catch (error) {
        firstError ??= error;
        if (measuring) failed++;
        // An operation that fails at once must not keep the timers that end the load from ever running.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  const workers = Array.from({ length: options.clients }, (_, i) => worker(i));
  await sleep(options.warmupSeconds * 1000);
  measuring = true;
  const started = performance.now();
  await sleep(options.seconds * 1000);
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  stopping = true;
  await Promise.all(workers);
  if (done === 0) throw new Error(`No operation succeeded: ${String(firstError)}`);
  const ms = (p: number) => histogram.percentile(p) / 1e6;
  return { done, perSecond: done / elapsed, failed, p50: ms(50), p95: ms(95), p99: ms(99) };
}

/** The median time in milliseconds of `runs` runs, after one run that warms caches and is not counted. */
export async function medianTime(runs: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resident memory of a process in bytes from /proc (Linux): now, and the peak since it started. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** CPU time a process has used so far, in milliseconds, in user space and in the kernel, from /proc (Linux). */
export function cpuTimeOf(pid: number): { user: number; system: number } {
  // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th of them, in ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticksPerSecond = 100;
  return {
    user: (Number(fields[11]) * 1000) / ticksPerSecond,
    system: (Number(fields[12]) * 1000) / ticksPerSecond,
  };
}
