import fQuantile from '@stdlib/stats-base-dists-f-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** The 97.5th percentile of the standard normal distribution, for 95% intervals. */
export const Z_975 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** A 95% t-based confidence interval for a mean, from n, the mean and the sample standard deviation. */
export function meanInterval(n: number, mean: number, sd: number): Interval | null {
  if (n < 2 || !Number.isFinite(sd)) return null;
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { low: mean - half, high: mean + half };
}

export interface GroupSummary {
  n: number;
  mean: number;
  sd: number;
}

export interface Difference extends Interval {
  difference: number;
  df: number;
}

/**
 * The difference of two independent means (b − a) with Welch's 95% interval, which does not assume equal
 * variances; the degrees of freedom are Welch–Satterthwaite's.
 */
export function welchDifference(a: GroupSummary, b: GroupSummary): Difference | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(va + vb);
  const difference = b.mean - a.mean;
  if (se === 0) return { difference, df: a.n + b.n - 2, low: difference, high: difference };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = tQuantile(0.975, df) * se;
  return { difference, df, low: difference - half, high: difference + half };
}

export interface PairedChange extends Interval {
  n: number;
  meanChange: number;
  sd: number;
  /** Cohen's d for paired data: the mean change over the standard deviation of the changes. */
  dz: number | null;
}

/** Mean change of paired scores with a t-based 95% interval and d_z, from the differences' n, mean and sd. */
export function pairedChange(n: number, meanChange: number, sd: number): PairedChange | null {
  const interval = meanInterval(n, meanChange, sd);
  if (!interval) return null;
  return { n, meanChange, sd, dz: sd > 0 ? meanChange / sd : null, ...interval };
}

/** Wilson's 95% score interval for a proportion x/n, which behaves well for small n and shares near 0 or 1. */
export function wilsonInterval(x: number, n: number, z = Z_975): Interval | null {
  if (n <= 0 || x < 0 || x > n) return null;
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: centre - half, high: centre + half };
}

/**
 * Cronbach's alpha from the number of items k, the sum of the items' sample variances and the sample variance of the
 * respondents' totals (complete cases only).
 */
export function cronbachAlpha(k: number, sumItemVariances: number, totalVariance: number): number | null {
  if (k < 2 || !(totalVariance > 0)) return null;
  return (k / (k - 1)) * (1 - sumItemVariances / totalVariance);
}

export interface EffectSize extends Interval {
  /** Hedges' g: Cohen's d with the pooled standard deviation, times the small-sample correction J. */
  g: number;
  /** Cohen's d before the correction. */
  d: number;
  /** The correction factor J = 1 − 3 / (4·df − 1), df = n_a + n_b − 2. */
  j: number;
}

/**
 * Hedges' g for two independent groups (b − a) with its 95% interval, as Borenstein, Hedges, Higgins & Rothstein,
 * *Introduction to Meta-Analysis* (2009), eqs. 4.18–4.24: d = (mean_b − mean_a) / s_pooled with
 * s_pooled² = ((n_a−1)·sd_a² + (n_b−1)·sd_b²) / (n_a+n_b−2); V_d = (n_a+n_b)/(n_a·n_b) + d²/(2(n_a+n_b));
 * J = 1 − 3/(4·df − 1); g = J·d; V_g = J²·V_d; g ± z(0.975)·√V_g. Null where either group has fewer than two or
 * neither varies (then no standard deviation to scale by).
 */
export function hedgesG(a: GroupSummary, b: GroupSummary): EffectSize | null {
  if (a.n < 2 || b.n < 2 || !Number.isFinite(a.sd) || !Number.isFinite(b.sd)) return null;
  const df = a.n + b.n - 2;
  const pooled = Math.sqrt(((a.n - 1) * a.sd ** 2 + (b.n - 1) * b.sd ** 2) / df);
  if (!(pooled > 0)) return null;
  const d = (b.mean - a.mean) / pooled;
  const vd = (a.n + b.n) / (a.n * b.n) + (d * d) / (2 * (a.n + b.n));
  const j = 1 - 3 / (4 * df - 1);
  const g = j * d;
  const half = Z_975 * Math.sqrt(j * j * vd);
  return { g, d, j, low: g - half, high: g + half };
}

/**
 * Feldt's 95% interval for Cronbach's alpha from n respondents (complete cases) and k items: (1 − α)/(1 − α̂) follows
 * an F distribution with n − 1 and (n − 1)(k − 1) degrees of freedom (Feldt, 1965; Feldt, Woodruff & Salih, 1987,
 * *Applied Psychological Measurement* 11(1), 93–103), so the interval is
 * [1 − (1 − α̂)·F(0.975), 1 − (1 − α̂)·F(0.025)]. The same as R's `psych::alpha.ci`. Null with fewer than two
 * respondents or items, or without an alpha.
 */
export function feldtInterval(alpha: number | null, n: number, k: number): Interval | null {
  if (alpha === null || !Number.isFinite(alpha) || n < 2 || k < 2) return null;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  return {
    low: 1 - (1 - alpha) * fQuantile(0.975, df1, df2),
    high: 1 - (1 - alpha) * fQuantile(0.025, df1, df2),
  };
}
