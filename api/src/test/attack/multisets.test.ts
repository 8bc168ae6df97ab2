import { describe, expect, it } from 'vitest';
import { consistentMultisets, percentileCont, sampleSd, statsOf, type GroupStats } from './multisets.js';

const LIKERT = [1, 2, 3, 4, 5];
const HALVES = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

/** Every sorted multiset of n values from grid. */
function allMultisets(n: number, grid: number[]): number[][] {
  const out: number[][] = [];
  const walk = (from: number, prefix: number[]) => {
    if (prefix.length === n) {
      out.push([...prefix]);
      return;
    }
    for (let i = from; i < grid.length; i++) walk(i, [...prefix, grid[i]!]);
  };
  walk(0, []);
  return out;
}

/** What brute force says: the multisets whose statistics are within tolerance of the given ones. */
function bruteForce(stats: GroupStats, grid: number[], tolerance = 1e-6): number[][] {
  return allMultisets(stats.n, grid).filter((values) => {
    const s = statsOf(values);
    const close = (a: number | null, b: number | null | undefined) =>
      b === null || b === undefined || (a !== null && Math.abs(a - b) <= tolerance);
    return (
      Math.abs(s.mean - stats.mean) <= tolerance &&
      (stats.sd === null || stats.sd === undefined || close(s.sd, stats.sd)) &&
      close(s.median, stats.median) &&
      close(s.q1, stats.q1) &&
      close(s.q3, stats.q3)
    );
  });
}

describe('percentileCont and sampleSd', () => {
  it('are PostgreSQL percentile_cont (type 7) and stddev_samp', () => {
    expect(percentileCont([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([1, 2, 3, 4], 0.75)).toBe(3.25);
    // With five values the quartiles are the 2nd, 3rd and 4th values.
    expect([0.25, 0.5, 0.75].map((p) => percentileCont([1, 3, 4, 4, 5], p))).toEqual([3, 4, 4]);
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 9);
    expect(sampleSd([3])).toBeNull();
  });
});

describe('consistentMultisets', () => {
  it('q1, median, q3, mean and sd of five values determine all five', () => {
    const values = [1, 3, 4, 4, 5];
    expect(consistentMultisets(statsOf(values), LIKERT)).toEqual([values]);
    // So does every group of five on the 1–5 scale: q1, median and q3 are x2, x3, x4; mean and sd give x1 + x5 and
    // x1² + x5².
    for (const group of allMultisets(5, LIKERT))
      expect(consistentMultisets(statsOf(group), LIKERT)).toEqual([group]);
  });

  it('the mean alone of five values leaves many', () => {
    const found = consistentMultisets({ n: 5, mean: 3 }, LIKERT);
    // Multisets of five values from 1..5 that sum to 15, counted by brute force.
    expect(found).toHaveLength(
      allMultisets(5, LIKERT).filter((v) => v.reduce((s, x) => s + x, 0) === 15).length,
    );
    expect(found.length).toBe(12);
    expect(consistentMultisets({ n: 5, mean: 3 }, LIKERT, { limit: 2 })).toHaveLength(2);
  });

  it('agrees with brute force for every combination of statistics', () => {
    const cases: [number, number[]][] = [
      [6, LIKERT],
      [7, LIKERT],
      [4, HALVES],
      [6, HALVES],
    ];
    const keep: (keyof GroupStats)[][] = [
      ['n', 'mean'],
      ['n', 'mean', 'sd'],
      ['n', 'mean', 'median'],
      ['n', 'mean', 'q1', 'q3'],
      ['n', 'mean', 'sd', 'median', 'q1', 'q3'],
    ];
    const key = (sets: number[][]) => sets.map((s) => s.join(',')).sort();
    for (const [n, grid] of cases) {
      const groups = allMultisets(n, grid);
      for (let g = 0; g < groups.length; g += Math.max(1, Math.floor(groups.length / 60))) {
        const full = statsOf(groups[g]!);
        for (const fields of keep) {
          const stats = Object.fromEntries(fields.map((f) => [f, full[f]])) as unknown as GroupStats;
          expect(key(consistentMultisets(stats, grid))).toEqual(key(bruteForce(stats, grid)));
        }
      }
    }
  });

  it('finds the group from statistics rounded to two decimals with a matching tolerance', () => {
    const values = [2, 3, 3, 4, 4, 4, 5];
    const exact = statsOf(values);
    const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
    const rounded: GroupStats = {
      n: exact.n,
      mean: round(exact.mean)!,
      sd: round(exact.sd),
      median: round(exact.median),
      q1: round(exact.q1),
      q3: round(exact.q3),
    };
    expect(consistentMultisets(rounded, LIKERT)).toEqual([]); // 1e-6 is too strict for rounded numbers
    expect(consistentMultisets(rounded, LIKERT, { tolerance: 0.005 })).toContainEqual(values);
  });

  it('sd of one value is null: a number is inconsistent', () => {
    expect(consistentMultisets({ n: 1, mean: 4 }, LIKERT)).toEqual([[4]]);
    expect(consistentMultisets({ n: 1, mean: 4, sd: null }, LIKERT)).toEqual([[4]]);
    expect(consistentMultisets({ n: 1, mean: 4, sd: 0 }, LIKERT)).toEqual([]);
  });

  it('is fast for n = 30 on a 9-value grid', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const values = Array.from(
        { length: 30 },
        () => HALVES[Math.min(8, Math.floor(random() * 4) + Math.floor(random() * 6))]!,
      );
      const stats = statsOf(values);
      expect(consistentMultisets(stats, HALVES, { limit: 2 }).length).toBeGreaterThan(0);
      expect(
        consistentMultisets({ n: 30, mean: stats.mean, sd: stats.sd }, HALVES, { limit: 2 }).length,
      ).toBeGreaterThan(0);
      expect(consistentMultisets({ n: 30, mean: stats.mean }, HALVES, { limit: 2 })).toHaveLength(2);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
