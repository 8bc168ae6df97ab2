import { RespondentRole } from '../instruments/definition.types.js';
import { SuppressionReason } from './suppression.js';

/**
 * Disclosure control: the rules every number a manager can see passes through, applied to a whole round at once
 * (every construct, item, reliability and change cell), never per query. Pure functions over counts and
 * aggregates; `docs/analytics.md` states the rules and why.
 */

/** What the rules are; Verdi runs with `STRICT`. Tests weaken one rule at a time to show the attacker finds leaks. */
export interface DisclosurePolicy {
  /** Cells with fewer than k are hidden. */
  primary: boolean;
  /**
   * How further cells are hidden so that a hidden one cannot be worked out from its total: `protected` chooses
   * them so that a hidden group's size stays as uncertain as its reason says; `naive` hides the smallest other
   * part (what Verdi did before); `none` hides nothing more.
   */
  complements: 'protected' | 'naive' | 'none';
  /**
   * Items and reliability follow their construct's cell, a change follows both rounds' cells, and the people in
   * one round but not paired with the other are none or at least k.
   */
  linked: boolean;
  /** Standard deviation and confidence intervals only from n ≥ spreadFactor·k. */
  spreadFactor: number;
  /** Median and quartiles only from n ≥ quartileFactor·k (Infinity: never). */
  quartileFactor: number;
  /**
   * Managers read stored releases; a new release replaces the last only when every change passes the same rules
   * (none or at least k people added, and none or at least k removed, in every cell and every remainder), and a
   * cell hidden once stays hidden. Off: managers get live numbers, as researchers do.
   */
  releases: boolean;
  /** Paired change uses one response per linkage code, round and role. */
  onePairPerKey: boolean;
}

export const STRICT: DisclosurePolicy = Object.freeze({
  primary: true,
  complements: 'protected',
  linked: true,
  spreadFactor: 2,
  quartileFactor: Infinity,
  releases: true,
  onePairPerKey: true,
});

/** Bump when the rules change: releases made under older rules are recomputed (their hidden cells stay hidden). */
export const RULES_VERSION = 2;

/** Roles, in the order complements are taken from: usually smallest group first, and never chosen by the data. */
export const COMPLEMENT_ORDER: readonly RespondentRole[] = [
  RespondentRole.CONSULTANT,
  RespondentRole.PROFESSIONAL,
  RespondentRole.SERVICE_USER,
];

/** One cell of a table whose parts add up to its total: a count and whether (and why) it is hidden. */
export interface TableCell {
  key: string;
  /** Whom the statistic counts: those with a score, who answered the item, pairs. */
  n: number;
  hidden: SuppressionReason | null;
  /** Largest n an attacker may know it cannot exceed (e.g. a pair cell cannot exceed its rounds' groups). */
  ceiling?: number;
  /** Smallest n an attacker may know it has (e.g. a pair cell hidden because a few of a round were not paired). */
  floor?: number;
}

/** A total and its parts (roles); the total is null where a table has one part (a construct asked of one role). */
export interface Table<C extends TableCell = TableCell> {
  total: C | null;
  parts: C[];
}

const reasonFor = (n: number, k: number): SuppressionReason =>
  n < k ? SuppressionReason.TOO_FEW : SuppressionReason.SECONDARY;

/** Hides a cell unless it already is; the reason says whether the cell itself is too small. */
export function hide(cell: TableCell, k: number): void {
  cell.hidden ??= reasonFor(cell.n, k);
}

export function applyPrimary(cells: TableCell[], k: number, policy: DisclosurePolicy): void {
  if (!policy.primary) return;
  for (const cell of cells) if (cell.n < k) cell.hidden = SuppressionReason.TOO_FEW;
}

/** Applies forced hidden cells (hidden in the last release) with the reason their n gives now. */
export function applyForced(cells: TableCell[], forced: ReadonlySet<string>, k: number): void {
  for (const cell of cells) if (forced.has(cell.key)) hide(cell, k);
}

export interface Interval {
  min: number;
  max: number;
}

/**
 * What an attacker can conclude about each hidden part's n from the published total and parts and from the reasons
 * given (too few: 0 to k−1; hidden for others: at least k), as an interval. Null where the total is hidden, so that
 * no equation links the parts.
 */
export function hiddenCountIntervals(table: Table, k: number): Map<string, Interval> | null {
  const { total, parts } = table;
  if (!total || total.hidden) return null;
  const hidden = parts.filter((p) => p.hidden);
  const rest = total.n - parts.filter((p) => !p.hidden).reduce((s, p) => s + p.n, 0);
  const prior = (cell: TableCell): Interval => {
    const ceiling = Math.min(rest, cell.ceiling ?? Infinity);
    const floor = cell.floor ?? 0;
    return cell.hidden === SuppressionReason.TOO_FEW
      ? { min: floor, max: Math.min(k - 1, ceiling) }
      : { min: Math.max(k, floor), max: ceiling };
  };
  const priors = new Map(hidden.map((cell) => [cell.key, prior(cell)]));
  const result = new Map<string, Interval>();
  for (const cell of hidden) {
    const others = hidden.filter((o) => o !== cell).map((o) => priors.get(o.key)!);
    const own = priors.get(cell.key)!;
    result.set(cell.key, {
      min: Math.max(own.min, rest - others.reduce((s, o) => s + o.max, 0)),
      max: Math.min(own.max, rest - others.reduce((s, o) => s + o.min, 0)),
    });
  }
  return result;
}

/**
 * Whether the hidden parts are protected: a part too small to show could still hold anywhere from 0 to k−1 people
 * (as its reason already says), and no hidden part's size is pinned to one value.
 */
export function isProtected(table: Table, k: number): boolean {
  const intervals = hiddenCountIntervals(table, k);
  if (!intervals) return true;
  for (const cell of table.parts.filter((p) => p.hidden)) {
    const interval = intervals.get(cell.key)!;
    if (cell.hidden === SuppressionReason.TOO_FEW) {
      // As uncertain as the reason and what else is known (a floor, a ceiling) already make it.
      if (interval.min > (cell.floor ?? 0) || interval.max < Math.min(k - 1, cell.ceiling ?? Infinity))
        return false;
    } else if (interval.max - interval.min < 1) return false;
  }
  return true;
}

/**
 * Complementary suppression within one table. Protected: while the hidden parts are not protected, hide the next
 * part in `order` — never skipping one, so that which parts are hidden depends on the order and on sums that are
 * hidden themselves, not on a shown part's size — and hide the total instead of the last part left shown.
 */
export function protectCounts(
  table: Table,
  k: number,
  policy: DisclosurePolicy,
  order: (c: TableCell) => number,
): void {
  const { total, parts } = table;
  if (!total || policy.complements === 'none') return;
  if (policy.complements === 'naive') {
    for (;;) {
      if (total.hidden || parts.filter((p) => p.hidden).length !== 1) return;
      const next = parts.filter((p) => !p.hidden).sort((a, b) => a.n - b.n)[0];
      hide(next ?? total, k);
    }
  }
  for (;;) {
    if (total.hidden || !parts.some((p) => p.hidden) || isProtected(table, k)) return;
    const shown = parts.filter((p) => !p.hidden).sort((a, b) => order(a) - order(b));
    hide(shown.length > 1 ? shown[0]! : total, k);
  }
}

/**
 * Complementary suppression for sums that are not counts (sums of squares behind a standard deviation): a total
 * shown with exactly one part hidden gives that part away, so one more part (in `order`) or the total is hidden.
 * Beyond that, the parts hidden together form a group whose n, sum and sum of squares follow from the total: that
 * group must itself be large enough to show a spread (`minimum`, 2k), or the total's is hidden too; and so must a part
 * whose spread is hidden while its mean is shown (`meanHidden` lists the parts whose means are hidden), since its sum
 * would then be known and its sum of squares one unknown among few.
 */
export function protectSums(
  table: Table,
  k: number,
  policy: DisclosurePolicy,
  order: (c: TableCell) => number,
  minimum = 0,
  meanHidden: ReadonlySet<string> = new Set(),
): void {
  const { total, parts } = table;
  if (!total || policy.complements === 'none') return;
  if (
    !total.hidden &&
    policy.complements === 'protected' &&
    parts.some((p) => p.hidden && !meanHidden.has(p.key))
  )
    hide(total, k);
  while (!total.hidden && parts.filter((p) => p.hidden).length === 1) {
    const next = parts.filter((p) => !p.hidden).sort((a, b) => order(a) - order(b))[0];
    hide(next ?? total, k);
  }
  const together = total.n - parts.filter((p) => !p.hidden).reduce((s, p) => s + p.n, 0);
  if (!total.hidden && policy.complements === 'protected' && together > 0 && together < minimum)
    hide(total, k);
}

/** How many people a new release adds to and removes from a cell, compared with the release before it. */
export interface CellChange {
  added: number;
  removed: number;
}

export interface TimeRuleViolation {
  key: string;
  added: number;
  removed: number;
}

const tooSmall = (count: number, k: number) => count > 0 && count < k;

/**
 * The rule between two releases of a round: every cell shown in both, and every remainder of a total shown in both
 * (the total minus its parts shown in both), changes by no one or by at least k people added and no one or at least k
 * removed, so that no two releases differ by a group smaller than k. Returns what breaks it.
 */
export function timeRuleViolations(
  tables: { total: string | null; parts: string[] }[],
  singles: string[],
  shownBefore: ReadonlySet<string>,
  shownNow: ReadonlySet<string>,
  changes: ReadonlyMap<string, CellChange>,
  k: number,
): TimeRuleViolation[] {
  const violations: TimeRuleViolation[] = [];
  const change = (key: string) => changes.get(key) ?? { added: 0, removed: 0 };
  const inBoth = (key: string) => shownBefore.has(key) && shownNow.has(key);
  const check = (key: string, c: CellChange) => {
    if (tooSmall(c.added, k) || tooSmall(c.removed, k)) violations.push({ key, ...c });
  };
  for (const key of [...singles, ...tables.flatMap((t) => t.parts)]) if (inBoth(key)) check(key, change(key));
  for (const table of tables) {
    if (!table.total || !inBoth(table.total)) continue;
    const total = change(table.total);
    check(table.total, total);
    const shownParts = table.parts.filter(inBoth).map(change);
    check(`${table.total}~rest`, {
      added: total.added - shownParts.reduce((s, c) => s + c.added, 0),
      removed: total.removed - shownParts.reduce((s, c) => s + c.removed, 0),
    });
  }
  return violations;
}
