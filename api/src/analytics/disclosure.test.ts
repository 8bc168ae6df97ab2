import { describe, expect, it } from 'vitest';
import {
  hiddenCountIntervals,
  isProtected,
  protectCounts,
  protectSums,
  STRICT,
  timeRuleViolations,
  type DisclosurePolicy,
  type Table,
  type TableCell,
} from './disclosure.js';
import { SuppressionReason } from './suppression.js';

const { TOO_FEW, SECONDARY } = SuppressionReason;
const k = 5;

/** A table of three roles (in complement order: consultants, professionals, service users) and their total. */
function roles(
  consultants: number,
  professionals: number,
  serviceUsers: number,
): Table & { all: TableCell[] } {
  const parts = [
    { key: 'CONSULTANT', n: consultants, hidden: null },
    { key: 'PROFESSIONAL', n: professionals, hidden: null },
    { key: 'SERVICE_USER', n: serviceUsers, hidden: null },
  ] as TableCell[];
  const total: TableCell = { key: 'total', n: consultants + professionals + serviceUsers, hidden: null };
  for (const cell of [...parts, total]) if (cell.n < k) cell.hidden = TOO_FEW;
  return { total, parts, all: [...parts, total] };
}
const order = (cell: TableCell) => ['CONSULTANT', 'PROFESSIONAL', 'SERVICE_USER', 'total'].indexOf(cell.key);
const hiddenOf = (table: { all: TableCell[] }) => Object.fromEntries(table.all.map((c) => [c.key, c.hidden]));

describe('complementary suppression', () => {
  it("hides a second role next to a small one, so that the total minus the others is two groups' sum (KBT)", () => {
    const table = roles(3, 16, 27);
    protectCounts(table, k, STRICT, order);
    expect(hiddenOf(table)).toEqual({
      CONSULTANT: TOO_FEW,
      PROFESSIONAL: SECONDARY,
      SERVICE_USER: null,
      total: null,
    });
    // The consultants could still be anything from 0 to 4: the reason said no more than that.
    expect(hiddenCountIntervals(table, k)!.get('CONSULTANT')).toEqual({ min: 0, max: 4 });
  });

  it('does not stop at a complement so small that the hidden group is pinned down (total − shown = k + 1)', () => {
    // With the professionals (5) hidden beside one consultant, the attacker knows 5 ≤ professionals and 0 ≤ consultants ≤ 4
    // and that they add up to 6: consultants ∈ [0, 1]. The next role would leave only the total, so the total goes.
    // (Skipping the professionals for the service users instead would tell that professionals + consultants < 9.)
    const table = roles(1, 5, 30);
    protectCounts(table, k, STRICT, order);
    expect(hiddenOf(table)).toEqual({
      CONSULTANT: TOO_FEW,
      PROFESSIONAL: SECONDARY,
      SERVICE_USER: null,
      total: SECONDARY,
    });
    expect(hiddenCountIntervals(table, k)).toBeNull();
  });

  it('takes roles in their fixed order whatever their sizes, so that the choice says nothing about them', () => {
    for (const [professionals, serviceUsers] of [
      [8, 10],
      [5, 30],
      [30, 5],
    ]) {
      const table = roles(0, professionals!, serviceUsers!);
      protectCounts(table, k, STRICT, order);
      expect(table.parts[1]!.hidden).toBe(SECONDARY);
    }
  });

  it('counts a floor an attacker knows (a pair cell hidden because a few were left unpaired)', () => {
    const table = roles(3, 16, 27);
    // Known to be at least 16: the 19 hidden would leave the consultants 0 to 3, not 0 to 4, so the total goes too.
    table.parts[1]!.floor = 16;
    protectCounts(table, k, STRICT, order);
    expect(hiddenOf(table)).toMatchObject({ PROFESSIONAL: SECONDARY, SERVICE_USER: null, total: SECONDARY });
    const without = roles(3, 16, 27);
    protectCounts(without, k, STRICT, order);
    expect(without.total!.hidden).toBeNull();
  });

  it('finds the pinned count that the naive rule (smallest other part) leaves', () => {
    // Nobody among the consultants: hiding the professionals (5) leaves total − service users = 5 = professionals.
    const naive = roles(0, 5, 30);
    protectCounts(naive, k, { ...STRICT, complements: 'naive' }, order);
    expect(hiddenOf(naive)).toMatchObject({ CONSULTANT: TOO_FEW, PROFESSIONAL: SECONDARY, total: null });
    expect(hiddenCountIntervals(naive, k)!.get('CONSULTANT')).toEqual({ min: 0, max: 0 });
    expect(isProtected(naive, k)).toBe(false);
    const strict = roles(0, 5, 30);
    protectCounts(strict, k, STRICT, order);
    expect(isProtected(strict, k)).toBe(true);
  });

  it('hides the total when no role protects the small ones', () => {
    // Only service users answered: showing them and the total says no one else did.
    const table = roles(0, 0, 6);
    protectCounts(table, k, STRICT, order);
    expect(hiddenOf(table)).toEqual({
      CONSULTANT: TOO_FEW,
      PROFESSIONAL: TOO_FEW,
      SERVICE_USER: null,
      total: SECONDARY,
    });
  });

  it('protects two small groups together by hiding the total, so that the one shown role stays shown', () => {
    const table = roles(2, 3, 20);
    protectCounts(table, k, STRICT, order);
    // Together the two small groups are 5, so each is 1 to 4 from the total: hiding the service users as well would
    // protect them, but leave only the total; hiding the total protects them and keeps the service users.
    expect(hiddenOf(table)).toEqual({
      CONSULTANT: TOO_FEW,
      PROFESSIONAL: TOO_FEW,
      SERVICE_USER: null,
      total: SECONDARY,
    });
    expect(isProtected(table, k)).toBe(true);
  });

  it('keeps the only role that answered and hides the total instead (a round for consultants alone)', () => {
    const table = roles(6, 0, 0);
    protectCounts(table, k, STRICT, order);
    expect(hiddenOf(table)).toEqual({
      CONSULTANT: null,
      PROFESSIONAL: TOO_FEW,
      SERVICE_USER: TOO_FEW,
      total: SECONDARY,
    });
  });

  it('hides nothing more where nothing is hidden, and nothing at all with complements off', () => {
    const table = roles(6, 16, 27);
    protectCounts(table, k, STRICT, order);
    expect(table.all.every((c) => c.hidden === null)).toBe(true);
    const off = roles(3, 16, 27);
    protectCounts(off, k, { ...STRICT, complements: 'none' } as DisclosurePolicy, order);
    expect(hiddenOf(off)).toMatchObject({ CONSULTANT: TOO_FEW, PROFESSIONAL: null, total: null });
  });

  it('applies a ceiling an attacker knows (pairs cannot outnumber their rounds)', () => {
    const table = roles(3, 8, 27);
    table.parts[1]!.ceiling = 8;
    protectCounts(table, k, STRICT, order);
    // Professionals at most 8 would pin the consultants to at least 3 − … : the service users are hidden instead.
    expect(isProtected(table, k)).toBe(true);
  });

  it('for sums of squares, never leaves one part hidden under a shown total', () => {
    const table = roles(12, 7, 27);
    table.parts[1]!.hidden = TOO_FEW; // professionals: hidden altogether (mean too)
    protectSums(table, k, STRICT, order, 0, new Set([table.parts[1]!.key]));
    expect(table.parts.filter((p) => p.hidden).length + (table.total!.hidden ? 1 : 0)).toBeGreaterThanOrEqual(
      2,
    );
    expect(table.parts[0]!.hidden).toBe(SECONDARY);
    expect(table.total!.hidden).toBeNull();
  });

  it('hides the total spread where a part shows its mean but not its spread', () => {
    // The part's sum is known from its mean; its sum of squares would be one unknown among few under the total's.
    const table = roles(12, 7, 27);
    table.parts[1]!.hidden = TOO_FEW; // professionals: fewer than 2k for a spread, mean shown
    protectSums(table, k, STRICT, order, 0, new Set());
    expect(table.total!.hidden).toBe(SECONDARY);
  });
});

describe('the rule between releases', () => {
  const tables = [
    { total: 's|hope|*', parts: ['s|hope|CONSULTANT', 's|hope|PROFESSIONAL', 's|hope|SERVICE_USER'] },
  ];
  const shown = new Set(['s|hope|*', 's|hope|SERVICE_USER', 'i|hope_1|SERVICE_USER']);
  const change = (entries: [string, number, number][]) =>
    new Map(entries.map(([key, added, removed]) => [key, { added, removed }]));

  it('refuses one withdrawal after close: the total would differ by one person', () => {
    const violations = timeRuleViolations(
      tables,
      [],
      shown,
      shown,
      change([
        ['s|hope|*', 0, 1],
        ['s|hope|PROFESSIONAL', 0, 1],
      ]),
      k,
    );
    expect(violations.map((v) => v.key)).toContain('s|hope|*');
  });

  it('accepts k added in one cell, and refuses a remainder of one hidden person beside them', () => {
    expect(
      timeRuleViolations(
        tables,
        [],
        shown,
        shown,
        change([
          ['s|hope|*', 5, 0],
          ['s|hope|SERVICE_USER', 5, 0],
        ]),
        k,
      ),
    ).toEqual([]);
    // Six more in the total, five of them service users: the sixth is a hidden group's one new person.
    const violations = timeRuleViolations(
      tables,
      [],
      shown,
      shown,
      change([
        ['s|hope|*', 6, 0],
        ['s|hope|SERVICE_USER', 5, 0],
        ['s|hope|CONSULTANT', 1, 0],
      ]),
      k,
    );
    expect(violations).toEqual([{ key: 's|hope|*~rest', added: 1, removed: 0 }]);
  });

  it('counts additions and withdrawals apart: five in and one out is not a change of k', () => {
    const violations = timeRuleViolations(
      [],
      ['i|hope_1|SERVICE_USER'],
      shown,
      shown,
      change([['i|hope_1|SERVICE_USER', 5, 1]]),
      k,
    );
    expect(violations).toEqual([{ key: 'i|hope_1|SERVICE_USER', added: 5, removed: 1 }]);
  });

  it('ignores cells hidden in either release', () => {
    expect(
      timeRuleViolations(
        tables,
        [],
        shown,
        new Set(['s|hope|SERVICE_USER']),
        change([['s|hope|*', 0, 1]]),
        k,
      ),
    ).toEqual([]);
  });
});
