import { describe, expect, it } from 'vitest';
import { feasibleRange, isDetermined, toFraction, type Linear, type LinearSystem } from './solver.js';

/**
 * A 2×2 table      | a  b | 10
 *                  | c  d |  6
 *                    9  7   16
 * with its margins published.
 */
const margins = (): LinearSystem['equalities'] => [
  { terms: { a: 1, b: 1 }, value: 10, label: 'row 1' },
  { terms: { c: 1, d: 1 }, value: 6, label: 'row 2' },
  { terms: { a: 1, c: 1 }, value: 9, label: 'column 1' },
  { terms: { b: 1, d: 1 }, value: 7, label: 'column 2' },
];

describe('feasibleRange and isDetermined on a 2×2 table', () => {
  it('one hidden cell is determined by its row total', async () => {
    const system: LinearSystem = {
      equalities: [
        ...margins(),
        { terms: { b: 1 }, value: 3 },
        { terms: { c: 1 }, value: 2 },
        { terms: { d: 1 }, value: 4 },
      ],
      integers: ['a', 'b', 'c', 'd'],
    };
    expect(isDetermined(system, 'a')).toBe(true);
    expect(await feasibleRange(system, ['a'])).toEqual([{ min: 7, max: 7 }]);
  });

  it('with all four cells hidden (a complementary pattern), no cell is determined and the ranges are the hand-computed ones', async () => {
    const system: LinearSystem = { equalities: margins() };
    for (const cell of ['a', 'b', 'c', 'd']) expect(isDetermined(system, cell)).toBe(false);
    // a ∈ [9 − 6, 9] (c = 9 − a ≤ 6, c ≥ 0); b = 10 − a; c = 9 − a; d = a − 3.
    expect(await feasibleRange(system, ['a', 'b', 'c', 'd'])).toEqual([
      { min: 3, max: 9 },
      { min: 1, max: 7 },
      { min: 0, max: 6 },
      { min: 0, max: 6 },
    ]);
    // What is published stays determined: a row total, or the difference of two cells in one column …
    expect(isDetermined(system, { a: 1, b: 1 })).toBe(true);
    expect(isDetermined(system, { a: 1, d: -1 })).toBe(true); // a − d = 10 − 7 = 3
    expect(
      await feasibleRange(system, [
        { a: 1, b: 1 },
        { a: 1, d: -1 },
      ]),
    ).toEqual([
      { min: 10, max: 10 },
      { min: 3, max: 3 },
    ]);
    // … but not a sum along the diagonal.
    expect(isDetermined(system, { a: 1, d: 1 })).toBe(false);
    expect(await feasibleRange(system, [{ a: 1, d: 1 }])).toEqual([{ min: 3, max: 15 }]);
  });

  it('a cell only partly pinned: bounds narrow the range but isDetermined ignores them', async () => {
    // Published: row 1 = 10 and that a, b are at most 6: a ∈ [4, 6].
    const system: LinearSystem = {
      equalities: [{ terms: { a: 1, b: 1 }, value: 10 }],
      bounds: { a: { max: 6 }, b: { max: 6 } },
    };
    expect(isDetermined(system, 'a')).toBe(false);
    expect(await feasibleRange(system, ['a', 'b'])).toEqual([
      { min: 4, max: 6 },
      { min: 4, max: 6 },
    ]);
  });
});

describe('feasibleRange with whole numbers', () => {
  it('a hidden count whose sum is known: the relaxation allows 1.4 people, whole numbers need 2', async () => {
    // A group's sum of scores on a 1–5 scale is 7: 1·n ≤ 7 ≤ 5·n.
    const system = (integers: string[]): LinearSystem => ({
      equalities: [{ terms: { sum: 1 }, value: 7 }],
      inequalities: [
        { terms: { sum: 1, n: -1 }, min: 0, label: 'sum ≥ 1·n' },
        { terms: { sum: 1, n: -5 }, max: 0, label: 'sum ≤ 5·n' },
      ],
      integers,
    });
    expect(await feasibleRange(system([]), ['n'])).toEqual([{ min: 1.4, max: 7 }]);
    expect(await feasibleRange(system(['n']), ['n'])).toEqual([{ min: 2, max: 7 }]);
  });

  it('parity: x + y = 3 with x − y ≥ 2 allows x = 2.5 relaxed but only x = 3 in whole numbers', async () => {
    const system = (integers: string[]): LinearSystem => ({
      equalities: [{ terms: { x: 2, y: 2 }, value: 6 }],
      inequalities: [{ terms: { x: 1, y: -1 }, min: 1 }],
      integers,
    });
    expect(await feasibleRange(system([]), ['x', { x: 1, y: -1 }])).toEqual([
      { min: 2, max: 3 },
      { min: 1, max: 3 },
    ]);
    // x + y = 3 and x − y ≥ 1 in whole numbers: (2, 1) or (3, 0), so x − y ∈ {1, 3}.
    expect(await feasibleRange(system(['x', 'y']), ['x', { x: 1, y: -1 }])).toEqual([
      { min: 2, max: 3 },
      { min: 1, max: 3 },
    ]);
    // x − y ≥ 2 removes (2, 1): the relaxation still reaches 2.5, whole numbers only 3.
    const tighter = (integers: string[]): LinearSystem => ({
      ...system(integers),
      inequalities: [{ terms: { x: 1, y: -1 }, min: 2 }],
    });
    expect(await feasibleRange(tighter([]), ['x'])).toEqual([{ min: 2.5, max: 3 }]);
    expect(await feasibleRange(tighter(['x', 'y']), ['x'])).toEqual([{ min: 3, max: 3 }]);
  });

  it('matches brute force on small random systems', async () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const names = ['v0', 'v1', 'v2', 'v3', 'v4'];
    const top = 6;
    for (let round = 0; round < 25; round++) {
      // A planted whole-number point keeps the system feasible.
      const planted = names.map(() => int(0, top));
      const at = (terms: Linear, x: number[]) =>
        names.reduce((s, name, j) => s + (terms[name] ?? 0) * x[j]!, 0);
      const row = (): Linear =>
        Object.fromEntries(names.filter(() => random() < 0.6).map((name) => [name, int(-3, 4) || 1]));
      const equalities = Array.from({ length: int(1, 2) }, () => row()).map((terms) => ({
        terms,
        value: at(terms, planted),
      }));
      const inequalities = Array.from({ length: 2 }, () => row()).map((terms) => ({
        terms,
        min: at(terms, planted) - int(0, 3),
      }));
      const system: LinearSystem = {
        equalities,
        inequalities,
        bounds: Object.fromEntries(names.map((name) => [name, { max: top }])),
        integers: names,
      };
      const targets: Linear[] = [...names.map((name) => ({ [name]: 1 })), { v0: 2, v1: -3, v4: 1 }];
      const expected = targets.map(() => ({ min: Infinity, max: -Infinity }));
      const x = names.map(() => 0);
      const visit = (j: number) => {
        if (j === names.length) {
          if (
            equalities.some((e) => at(e.terms, x) !== e.value) ||
            inequalities.some((e) => at(e.terms, x) < e.min)
          )
            return;
          targets.forEach((t, i) => {
            const v = at(t, x);
            expected[i]!.min = Math.min(expected[i]!.min, v);
            expected[i]!.max = Math.max(expected[i]!.max, v);
          });
          return;
        }
        for (let v = 0; v <= top; v++) {
          x[j] = v;
          visit(j + 1);
        }
      };
      visit(0);
      expect(await feasibleRange(system, targets)).toEqual(expected);
    }
  });
});

describe('feasibleRange edge cases', () => {
  it('an unbounded target is ±Infinity', async () => {
    const system: LinearSystem = { equalities: [{ terms: { a: 1, b: -1 }, value: 2 }] };
    expect(await feasibleRange(system, ['a', 'b', { a: 1, b: -1 }])).toEqual([
      { min: 2, max: Infinity },
      { min: 0, max: Infinity },
      { min: 2, max: 2 },
    ]);
    expect(await feasibleRange({ ...system, integers: ['a', 'b'] }, ['a'])).toEqual([
      { min: 2, max: Infinity },
    ]);
    expect(await feasibleRange({ ...system, bounds: { b: { min: -Infinity } } }, ['b'])).toEqual([
      { min: -2, max: Infinity },
    ]);
  });

  it('an infeasible system throws and names the contradicting relations', async () => {
    const system: LinearSystem = {
      equalities: [
        { terms: { a: 1, b: 1 }, value: 5, label: 'total is 5' },
        { terms: { a: 1 }, value: 7, label: 'part is 7' },
        { terms: { c: 1 }, value: 1, label: 'unrelated' },
      ],
    };
    await expect(feasibleRange(system, ['a'])).rejects.toThrow(/infeasible.*total is 5.*part is 7/);
    await expect(feasibleRange(system, ['a'])).rejects.not.toThrow(/unrelated/);
  });

  it('a system with real but no whole-number solutions throws', async () => {
    const system: LinearSystem = { equalities: [{ terms: { n: 2 }, value: 3 }], integers: ['n'] };
    expect(await feasibleRange({ ...system, integers: [] }, ['n'])).toEqual([{ min: 1.5, max: 1.5 }]);
    await expect(feasibleRange(system, ['n'])).rejects.toThrow(/none with whole numbers/);
  });

  it('a contradiction without variables, or a bad number, throws', async () => {
    await expect(feasibleRange({ equalities: [{ terms: { a: 0 }, value: 1 }] }, ['a'])).rejects.toThrow(
      /infeasible/,
    );
    await expect(feasibleRange({ equalities: [{ terms: { a: 1 }, value: NaN }] }, ['a'])).rejects.toThrow(
      /NaN/,
    );
    await expect(
      feasibleRange({ equalities: [], inequalities: [{ terms: { a: 1 } }] }, ['a']),
    ).rejects.toThrow(/neither min nor max/);
  });
});

describe('isDetermined with means as coefficients', () => {
  it('reads 25/7 as a double as 25/7, so 7·(sum − 25/7·n) and 7·sum − 25·n are one relation', () => {
    const mean = 25 / 7; // 3.5714285714285716
    const system: LinearSystem = {
      equalities: [
        { terms: { sum: 1, n: -mean }, value: 0 },
        { terms: { sum: 7, n: -25 }, value: 0 },
      ],
    };
    expect(isDetermined(system, 'sum')).toBe(false);
    expect(isDetermined(system, { sum: 2, n: -2 * mean })).toBe(true);
    // With the count published as well, both follow.
    system.equalities.push({ terms: { n: 1 }, value: 7 });
    expect(isDetermined(system, 'sum')).toBe(true);
  });

  it('target variables no equality mentions are not determined; a zero target is', () => {
    const system: LinearSystem = { equalities: [{ terms: { a: 1 }, value: 1 }] };
    expect(isDetermined(system, { a: 1, z: 1 })).toBe(false);
    expect(isDetermined(system, { a: 1, z: 0 })).toBe(true);
    expect(isDetermined(system, {})).toBe(true);
  });

  it('a larger hierarchy: parts of a total are determined only when all but one are known', () => {
    const parts = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const equalities: LinearSystem['equalities'] = [
      { terms: Object.fromEntries(parts.map((p) => [p, 1])), value: 400 },
      // Pairs of parts, each pair's total published.
      ...parts
        .slice(0, 38)
        .flatMap((p, i) => (i % 2 === 0 ? [{ terms: { [p]: 1, [parts[i + 1]!]: 1 }, value: 20 }] : [])),
    ];
    const system: LinearSystem = { equalities };
    // p38 + p39 = 400 − the 19 pair totals; p38 alone is not.
    expect(isDetermined(system, { p38: 1, p39: 1 })).toBe(true);
    expect(isDetermined(system, 'p38')).toBe(false);
    system.equalities.push({ terms: { p39: 3.5 }, value: 35 });
    expect(isDetermined(system, 'p38')).toBe(true);
    expect(isDetermined(system, 'p0')).toBe(false);
  });

  it('toFraction finds simple fractions and keeps other doubles exact', () => {
    expect(toFraction(25 / 7)).toEqual([25n, 7n]);
    expect(toFraction(0.1)).toEqual([1n, 10n]);
    expect(toFraction(3.57)).toEqual([357n, 100n]);
    expect(toFraction(-2.5)).toEqual([-5n, 2n]);
    expect(toFraction(1 / 3)).toEqual([1n, 3n]);
    expect(toFraction(12)).toEqual([12n, 1n]);
    const [p, q] = toFraction(Math.PI);
    expect(Math.abs(Number(p) / Number(q) - Math.PI)).toBeLessThan(1e-12 * Math.PI);
  });
});
