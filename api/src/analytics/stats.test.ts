import { describe, expect, it } from 'vitest';
import { cronbachAlpha, meanInterval, pairedChange, welchDifference, wilsonInterval } from './stats.js';

// Reference values computed independently with SciPy 1.17 (scipy.stats.t.ppf, scipy.stats.ttest_ind with
// equal_var=False, statsmodels-style Wilson formula) and, where noted, published textbook examples.
const close = (actual: number | null | undefined, expected: number) =>
  expect(actual).toBeCloseTo(expected, 9);

describe('statistics against reference values', () => {
  it('mean interval: scores 1, 2, 3, 4, 5', () => {
    // mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764451051977934
    const interval = meanInterval(5, 3, Math.sqrt(2.5))!;
    close(interval.low, 1.0367568385224428);
    close(interval.high, 4.963243161477557);
  });

  it('mean interval: n = 30, mean 3.4, sd 0.9', () => {
    const interval = meanInterval(30, 3.4, 0.9)!;
    close(interval.low, 3.06393447691771);
    close(interval.high, 3.73606552308229);
  });

  it('has no interval for a single value', () => {
    expect(meanInterval(1, 4, Number.NaN)).toBeNull();
  });

  it("Welch's difference: a = [1,2,3,4,5], b = [2,4,4,5,5,6]", () => {
    // b − a, Welch df and interval from scipy.stats.ttest_ind(b, a, equal_var=False).confidence_interval()
    const result = welchDifference(
      { n: 5, mean: 3, sd: Math.sqrt(2.5) },
      { n: 6, mean: 26 / 6, sd: Math.sqrt(28 / 15) },
    )!;
    close(result.difference, 1.333333333333333);
    close(result.df, 8.037101274413695);
    close(result.low, -0.7418257701559132);
    close(result.high, 3.4084924368225793);
  });

  it('paired change: differences [1, 0, 2, 1, -1, 2, 1, 0]', () => {
    const diffs = [1, 0, 2, 1, -1, 2, 1, 0];
    const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (diffs.length - 1));
    const result = pairedChange(diffs.length, mean, sd)!;
    close(result.meanChange, 0.75);
    close(result.sd, 1.0350983390135313);
    close(result.dz!, 0.7245688373094719);
    close(result.low, -0.11536386735947568);
    close(result.high, 1.6153638673594757);
  });

  it('Wilson interval: 81 of 263 (Newcombe 1998, example: 0.2553 to 0.3662)', () => {
    const interval = wilsonInterval(81, 263)!;
    close(interval.low, 0.2552885198782742);
    close(interval.high, 0.36620957698280004);
    expect(interval.low).toBeCloseTo(0.2553, 4);
    expect(interval.high).toBeCloseTo(0.3662, 4);
  });

  it("Wilson interval: Bergen's 29 of 48 completed, and the edges 0 of 10 and 10 of 10", () => {
    const bergen = wilsonInterval(29, 48)!;
    close(bergen.low, 0.4631040849254725);
    close(bergen.high, 0.7297917213940862);
    close(wilsonInterval(0, 10)!.low, 0);
    close(wilsonInterval(0, 10)!.high, 0.2775327998628892);
    close(wilsonInterval(10, 10)!.low, 0.7224672001371107);
    close(wilsonInterval(10, 10)!.high, 0.9999999999999999);
  });

  it("Cronbach's alpha: a hand-worked 4 × 3 example", () => {
    // Items (rows = respondents): [2,3,3], [4,4,5], [3,3,4], [5,4,5]. Item variances 1.6667, 0.3333, 0.9167;
    // total scores 8, 13, 10, 14 with variance 7.5833. alpha = 1.5 × (1 − 2.9167 / 7.5833) = 0.9230769230769231.
    close(cronbachAlpha(3, 35 / 12, 91 / 12), 0.9230769230769231);
    expect(cronbachAlpha(1, 1, 1)).toBeNull();
    expect(cronbachAlpha(3, 1, 0)).toBeNull();
  });
});
