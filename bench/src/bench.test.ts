import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closedLoop, median, medianTime } from './harness.ts';
import { markdownTable, withRatios, writeReport, type BenchReport } from './report.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function report(): BenchReport {
  return {
    startedAt: '2026-11-23T10:00:00.000Z',
    seconds: 321,
    scale: 'full',
    machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 24, node: 'v24.0.0', postgres: '15.0' },
    data: { answers: 1_000_000 },
    figures: withRatios([
      {
        section: 'Submissions',
        name: 'responses per second',
        value: 250,
        unit: '/s',
        baseline: { name: 'plain pg', value: 1000 },
        better: 'higher',
      },
      { section: 'Export', name: 'failed', value: 0, unit: '', baseline: null, better: 'lower' },
    ]),
  };
}

describe('bench harness', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('times runs after a warm-up run that is not counted', async () => {
    let calls = 0;
    await medianTime(3, async () => {
      calls++;
    });
    expect(calls).toBe(4);
  });

  it('counts operations and failures of a closed loop only in the measured window', async () => {
    const result = await closedLoop({
      clients: 3,
      seconds: 0.3,
      warmupSeconds: 0.1,
      operation: async (_worker, sequence) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (sequence % 10 === 0) throw new Error('every tenth fails');
      },
    });
    expect(result.done).toBeGreaterThan(30);
    expect(result.failed).toBeGreaterThan(0);
    expect(result.failed).toBeLessThan(result.done);
    expect(result.perSecond).toBeCloseTo(result.done / 0.3, -2);
    expect(result.p50).toBeGreaterThanOrEqual(4);
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
  });

  it('fails when no operation succeeds, naming the error', async () => {
    await expect(
      closedLoop({
        clients: 1,
        seconds: 0.05,
        warmupSeconds: 0,
        operation: () => Promise.reject(new Error('database is down')),
      }),
    ).rejects.toThrow(/database is down/);
  });
});

describe('bench report', () => {
  it('gives each figure the ratio Verdi ÷ baseline, and none without a baseline', () => {
    const [rate, failed] = report().figures;
    expect(rate!.ratio).toBe(0.25);
    expect(failed!.ratio).toBeNull();
  });

  it('writes the table, the JSON and the README block between its markers', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verdi-bench-report-'));
    dirs.push(dir);
    const readme = path.join(dir, 'README.md');
    writeFileSync(readme, 'before\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\nafter\n');
    const table = writeReport(report(), path.join(dir, 'out'), readme);
    expect(table).toContain('| Submissions | responses per second | 250 /s | 1,000 /s — plain pg | 0.25× |');
    expect(table).toContain('| Export | failed | 0 | — | — |');
    expect(markdownTable(report())).toBe(table);
    const text = readFileSync(readme, 'utf8');
    expect(text).not.toContain('old table');
    expect(text).toMatch(/^before\n<!-- bench:begin -->\nMeasured 2026-11-23 10:00 UTC on 2 CPUs/);
    expect(text.endsWith('<!-- bench:end -->\nafter\n')).toBe(true);
    const json = JSON.parse(readFileSync(path.join(dir, 'out', 'results.json'), 'utf8')) as BenchReport;
    expect(json.figures).toHaveLength(2);
    expect(readFileSync(path.join(dir, 'out', 'results.md'), 'utf8')).toContain(table);
  });
});
