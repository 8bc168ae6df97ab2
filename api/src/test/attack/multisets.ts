/**
 * Order-statistic and spread attacks on one published group: which multisets of n scores are consistent with what a
 * manager sees of the group (n, mean, and maybe sd and quartiles)? One consistent multiset means every score is
 * known (though not whose it is); with a grid of possible scores that is what "n small, quartiles shown" gives away.
 */

export interface GroupStats {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1), PostgreSQL's stddev_samp: null for n = 1. */
  sd?: number | null;
  /** PostgreSQL's percentile_cont (Hyndman–Fan type 7, NumPy's default 'linear'). */
  median?: number | null;
  q1?: number | null;
  q3?: number | null;
}

/** percentile_cont(p) of sorted values: Hyndman–Fan type 7. */
export function percentileCont(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  const a = sorted[lo]!;
  return frac === 0 ? a : a + frac * (sorted[lo + 1]! - a);
}

/** Sample standard deviation (n − 1); null for fewer than two values, as stddev_samp. */
export function sampleSd(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
}

/** The statistics a group of values publishes, as the database computes them. */
export function statsOf(values: readonly number[]): Required<GroupStats> {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    sd: sampleSd(sorted),
    median: percentileCont(sorted, 0.5),
    q1: percentileCont(sorted, 0.25),
    q3: percentileCont(sorted, 0.75),
  };
}

/**
 * Every multiset of n values from `grid` (possible scores, e.g. [1, 2, 3, 4, 5], or the means of m items: multiples
 * of 1/m from 1 to 5) consistent with the stats, each as a sorted array, up to `limit` found (default: all).
 * Statistics that are null or absent are not used. Published numbers are doubles, so each is compared with an
 * absolute `tolerance` (default 1e-6; the mean's tolerance applies to the mean, not to the sum).
 *
 * The search is depth-first over the count of each grid value in ascending order, pruned by what the remaining
 * values can still reach: the sum, the sum of squares (Σx² = (n−1)·sd² + n·mean², bounded below by R²/r and above
 * by (a+b)·R − r·a·b for r values in [a, b] summing to R), and each quartile (the values at its sorted positions are
 * known once placed, and otherwise lie between the next grid value and the largest). n = 30 on a 9-value grid with
 * sd or quartiles takes milliseconds.
 */
export function consistentMultisets(
  stats: GroupStats,
  grid: number[],
  options: { tolerance?: number; limit?: number } = {},
): number[][] {
  const tolerance = options.tolerance ?? 1e-6;
  const limit = options.limit ?? Infinity;
  const { n, mean } = stats;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`consistentMultisets: n must be a positive whole number, not ${n}`);
  if (!Number.isFinite(mean)) throw new Error(`consistentMultisets: the mean is ${mean}`);
  if (grid.length === 0 || grid.some((v) => !Number.isFinite(v)))
    throw new Error('consistentMultisets: the grid must be a non-empty list of finite numbers');
  const values = [...new Set(grid)].sort((a, b) => a - b);
  const g = values.length;
  const sd = stats.sd ?? null;
  if (sd !== null && n < 2) return []; // stddev_samp of one value is null, not a number
  const quantiles: { p: number; target: number; lo: number; hi: number; frac: number }[] = [];
  for (const [p, target] of [
    [0.25, stats.q1],
    [0.5, stats.median],
    [0.75, stats.q3],
  ] as const) {
    if (target === null || target === undefined) continue;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    quantiles.push({ p, target, lo, hi: Math.min(lo + 1, n - 1), frac: h - lo });
  }

  const slack = 1e-9 * Math.max(1, Math.abs(values[0]!), Math.abs(values[g - 1]!)) * n;
  const sumLo = n * (mean - tolerance) - slack;
  const sumHi = n * (mean + tolerance) + slack;
  // Σx² = (n−1)·sd² + S²/n over the sums S and sds within tolerance.
  let squaresLo = -Infinity;
  let squaresHi = Infinity;
  if (sd !== null) {
    const minS2 = sumLo <= 0 && sumHi >= 0 ? 0 : Math.min(sumLo ** 2, sumHi ** 2);
    const maxS2 = Math.max(sumLo ** 2, sumHi ** 2);
    squaresLo = (n - 1) * Math.max(0, sd - tolerance) ** 2 + minS2 / n - slack * slack - slack;
    squaresHi = (n - 1) * (sd + tolerance) ** 2 + maxS2 / n + slack * slack + slack;
  }

  const sorted = new Array<number>(n);
  const found: number[][] = [];

  const matches = (): boolean => {
    const m = sorted.reduce((s, v) => s + v, 0) / n;
    if (Math.abs(m - mean) > tolerance) return false;
    if (sd !== null && Math.abs(sampleSd(sorted)! - sd) > tolerance) return false;
    return quantiles.every((q) => Math.abs(percentileCont(sorted, q.p) - q.target) <= tolerance);
  };

  const search = (i: number, placed: number, sum: number, squares: number): void => {
    if (found.length >= limit) return;
    if (placed === n) {
      if (matches()) found.push([...sorted]);
      return;
    }
    if (i === g) return;
    const r = n - placed;
    const a = values[i]!;
    const b = values[g - 1]!;
    // The sum the remaining r values must make, and can make.
    const restLo = Math.max(sumLo - sum, r * a);
    const restHi = Math.min(sumHi - sum, r * b);
    if (restLo > restHi + slack) return;
    if (sd !== null) {
      const minRest = restLo <= 0 && restHi >= 0 ? 0 : Math.min(restLo ** 2, restHi ** 2) / r;
      const maxRest = Math.max((a + b) * restLo, (a + b) * restHi) - r * a * b;
      if (squares + minRest > squaresHi || squares + maxRest < squaresLo) return;
    }
    for (const q of quantiles) {
      const low = q.lo < placed ? sorted[q.lo]! : a;
      const high = q.lo < placed ? sorted[q.lo]! : b;
      const low2 = q.hi < placed ? sorted[q.hi]! : a;
      const high2 = q.hi < placed ? sorted[q.hi]! : b;
      const qMin = low + q.frac * (low2 - low);
      const qMax = high + q.frac * (high2 - high);
      if (q.target < qMin - tolerance || q.target > qMax + tolerance) return;
    }
    const v = values[i]!;
    // The last grid value takes whatever is left.
    for (let c = r; c >= (i === g - 1 ? r : 0); c--) {
      for (let k = 0; k < c; k++) sorted[placed + k] = v;
      search(i + 1, placed + c, sum + c * v, squares + c * v * v);
      if (found.length >= limit) return;
    }
  };
  search(0, 0, 0, 0);
  return found;
}
