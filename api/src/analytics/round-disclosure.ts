import {
  ConstructKind,
  ItemType,
  RespondentRole,
  type InstrumentDefinition,
  type Item,
} from '../instruments/definition.types.js';
import {
  applyForced,
  applyPrimary,
  COMPLEMENT_ORDER,
  hide,
  protectCounts,
  protectSums,
  type DisclosurePolicy,
  type Table,
  type TableCell,
} from './disclosure.js';
import { meanInterval, pairedChange } from './stats.js';
import { SuppressionReason } from './suppression.js';

/**
 * A round's disclosure: the aggregates PostgreSQL computed for it, turned into the cells a manager may see, with the
 * rules of `disclosure.ts` applied to all of them together. Cells are named by keys that also name who is in them
 * (see `round-aggregates.ts`), so that two releases can be compared cell by cell:
 * `s|construct|ROLE` and `s|construct|*` (scores), `i|item|ROLE`, `a|construct|ROLE` (reliability) and
 * `p|fromRound|construct|ROLE` and `p|fromRound|construct|*` (paired change).
 */

export type Role = RespondentRole;
const ROLES = Object.values(RespondentRole);
const roleOrder = (role: Role | null) => (role === null ? ROLES.length : ROLES.indexOf(role));
const complementOrder = (role: Role | null) =>
  role === null ? COMPLEMENT_ORDER.length : COMPLEMENT_ORDER.indexOf(role);

export const scoreKey = (construct: string, role: Role | null) => `s|${construct}|${role ?? '*'}`;
export const itemKey = (item: string, role: Role) => `i|${item}|${role}`;
export const reliabilityKey = (construct: string, role: Role) => `a|${construct}|${role}`;
export const pairKey = (fromRoundId: string, construct: string, role: Role | null) =>
  `p|${fromRoundId}|${construct}|${role ?? '*'}`;

// ---- What the instrument version says exists (the same whatever the answers, so a cell's presence tells nothing).

export interface ConstructShape {
  key: string;
  kind: ConstructKind;
  /** Roles asked at least one of its items, in the roles' order. */
  roles: Role[];
  /** Its items per role, for reliability. */
  itemsByRole: Map<Role, Item[]>;
}

export interface RoundShape {
  constructs: ConstructShape[];
  /** Likert items and the roles they are asked of. */
  likert: { key: string; construct: string | null; roles: Role[]; points: number[] }[];
}

// A published definition is one object for as long as it is cached (it never changes), so its shape is made once.
const shapes = new WeakMap<InstrumentDefinition, RoundShape>();

export function shapeOf(definition: InstrumentDefinition): RoundShape {
  let shape = shapes.get(definition);
  if (!shape) shapes.set(definition, (shape = makeShape(definition)));
  return shape;
}

function makeShape(definition: InstrumentDefinition): RoundShape {
  const items = definition.sections.flatMap((s) => s.items);
  const scales = new Map(definition.scales.map((s) => [s.key, s]));
  return {
    constructs: definition.constructs.map((construct) => {
      const own = items.filter((i) => i.construct === construct.key);
      const itemsByRole = new Map<Role, Item[]>();
      for (const role of ROLES) {
        const asked = own.filter((i) => i.roles.includes(role));
        if (asked.length > 0) itemsByRole.set(role, asked);
      }
      return { key: construct.key, kind: construct.kind, roles: [...itemsByRole.keys()], itemsByRole };
    }),
    likert: items
      .filter((i) => i.type === ItemType.LIKERT)
      .map((i) => ({
        key: i.key,
        construct: i.construct ?? null,
        roles: ROLES.filter((r) => i.roles.includes(r)),
        points: (scales.get(i.scale ?? '')?.points ?? []).map((p) => p.value),
      })),
  };
}

// ---- Aggregates, as PostgreSQL computes them.

export interface ScoreAggregate {
  construct: string;
  role: Role | null;
  n: number;
  mean: number;
  sd: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
}

export interface ItemAggregate {
  item: string;
  role: Role;
  /** Answers per scale point. */
  counts: Map<number, number>;
  notApplicable: number;
}

export interface ReliabilityAggregate {
  construct: string;
  role: Role;
  /** Complete cases. */
  n: number;
  alpha: number | null;
}

export interface PairAggregate {
  construct: string;
  role: Role | null;
  n: number;
  meanChange: number;
  sd: number | null;
  up: number;
  same: number;
  down: number;
  /** Responses left out because their linkage code came up more than once in the round and role. */
  duplicates: number;
}

// ---- Cells, as released (and stored as JSON in a release).

export interface ScoreRelease {
  key: string;
  construct: string;
  kind: ConstructKind;
  role: Role | null;
  suppressed: SuppressionReason | null;
  n: number | null;
  mean: number | null;
  spreadSuppressed: SuppressionReason | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  quartilesSuppressed: SuppressionReason | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

export interface ItemRelease {
  key: string;
  item: string;
  construct: string | null;
  role: Role;
  suppressed: SuppressionReason | null;
  /** Answered with a point of the scale. */
  n: number | null;
  counts: { value: number; count: number }[] | null;
  notApplicable: number | null;
}

export interface ReliabilityRelease {
  key: string;
  construct: string;
  role: Role;
  items: number;
  suppressed: SuppressionReason | null;
  n: number | null;
  alpha: number | null;
}

export interface PairRelease {
  key: string;
  fromRoundId: string;
  construct: string;
  kind: ConstructKind;
  role: Role | null;
  suppressed: SuppressionReason | null;
  n: number | null;
  meanChange: number | null;
  spreadSuppressed: SuppressionReason | null;
  ciLow: number | null;
  ciHigh: number | null;
  dz: number | null;
  /** Shares of the pairs better off, unchanged and worse off (for a CHALLENGE, lower is better). */
  improved: number | null;
  unchanged: number | null;
  worse: number | null;
  duplicatesSetAside: number | null;
}

/** Cells hidden in the last release: they stay hidden (showing one later would give its earlier value away). */
export interface Forced {
  main: ReadonlySet<string>;
  spread: ReadonlySet<string>;
  quartiles: ReadonlySet<string>;
}

export const NOTHING_FORCED: Forced = { main: new Set(), spread: new Set(), quartiles: new Set() };

interface Working extends TableCell {
  role: Role | null;
}

function table<C extends Working>(cells: C[]): Table<C> {
  return { total: cells.find((c) => c.role === null) ?? null, parts: cells.filter((c) => c.role !== null) };
}

const byComplementOrder = (cell: TableCell) => complementOrder((cell as Working).role);

/**
 * A second table over the same cells for a statistic that needs more people than the mean (spread, quartiles):
 * hidden where the cell is, where n is below `factor`·k, or where it was hidden before.
 */
function detailTable(
  cells: Working[],
  k: number,
  factor: number,
  forced: ReadonlySet<string>,
): Map<string, SuppressionReason | null> {
  const copies: Working[] = cells.map((c) => ({
    key: c.key,
    n: c.n,
    role: c.role,
    hidden: c.hidden ?? (c.n < factor * k ? SuppressionReason.TOO_FEW : null),
  }));
  applyForced(copies, forced, k);
  return new Map(copies.map((c) => [c.key, c.hidden]));
}

/** What a later release knows of the releases before it. */
export interface Previous {
  /** Cells hidden in the last release that must stay hidden (see `forcedFrom`). */
  forced: Forced;
  /**
   * For cells shown before: the most people they can hold now (their n then, plus those added since). An attacker
   * who knows the round stayed closed knows a group cannot have grown, so a complement must not lean on it.
   */
  ceilings: ReadonlyMap<string, number>;
}

export const NO_PREVIOUS: Previous = { forced: NOTHING_FORCED, ceilings: new Map() };

/** The roles a construct's table has, and whether it has a total; tables with the same roles share totals' fate. */
const roleSet = (construct: ConstructShape) => construct.roles.join(',');

export function discloseScores(
  shape: RoundShape,
  aggregates: ScoreAggregate[],
  k: number,
  policy: DisclosurePolicy,
  previous: Previous = NO_PREVIOUS,
): ScoreRelease[] {
  const found = new Map(aggregates.map((a) => [scoreKey(a.construct, a.role), a]));
  const { forced, ceilings } = previous;
  // A role hidden to protect another in one construct is hidden in every construct of the round, and so is a total
  // over the same roles: where everyone answers everything, the same group has the same n in every table, and
  // showing it in one would give it away in the other. Repeated until nothing more is hidden.
  const hiddenRoles = new Set<Role>();
  const hiddenTotals = new Set<string>();
  let tables: { construct: ConstructShape; cells: Working[] }[] = [];
  for (let changed = true; changed;) {
    changed = false;
    tables = shape.constructs.map((construct) => {
      const roles: (Role | null)[] =
        construct.roles.length > 1 ? [...construct.roles, null] : construct.roles;
      const cells: Working[] = roles.map((role) => {
        const key = scoreKey(construct.key, role);
        return { key, role, n: found.get(key)?.n ?? 0, hidden: null, ceiling: ceilings.get(key) };
      });
      applyForced(cells, forced.main, k);
      applyPrimary(cells, k, policy);
      if (policy.linked) {
        for (const cell of cells) {
          if (cell.role ? hiddenRoles.has(cell.role) : hiddenTotals.has(roleSet(construct))) hide(cell, k);
        }
      }
      protectCounts(table(cells), k, policy, byComplementOrder);
      return { construct, cells };
    });
    if (!policy.linked) break;
    for (const { construct, cells } of tables) {
      for (const cell of cells) {
        if (cell.hidden !== SuppressionReason.SECONDARY) continue;
        if (cell.role && !hiddenRoles.has(cell.role)) {
          hiddenRoles.add(cell.role);
          changed = true;
        } else if (!cell.role && !hiddenTotals.has(roleSet(construct))) {
          hiddenTotals.add(roleSet(construct));
          changed = true;
        }
      }
    }
  }

  const result: ScoreRelease[] = [];
  for (const { construct, cells } of tables) {
    const spread = detailTable(cells, k, policy.spreadFactor, forced.spread);
    const spreadCells = cells.map((c) => ({ ...c, hidden: spread.get(c.key)! }));
    protectSums(
      table(spreadCells),
      k,
      policy,
      byComplementOrder,
      policy.spreadFactor * k,
      new Set(cells.filter((c) => c.hidden).map((c) => c.key)),
    );
    const quartiles = detailTable(cells, k, policy.quartileFactor, forced.quartiles);

    for (const cell of cells) {
      const aggregate = found.get(cell.key);
      const spreadHidden = spreadCells.find((c) => c.key === cell.key)!.hidden;
      const quartilesHidden = quartiles.get(cell.key)!;
      const shown = !cell.hidden && aggregate !== undefined;
      const sd = shown && !spreadHidden ? aggregate.sd : null;
      const interval = sd === null || !aggregate ? null : meanInterval(aggregate.n, aggregate.mean, sd);
      const showQuartiles = shown && !quartilesHidden;
      result.push({
        key: cell.key,
        construct: construct.key,
        kind: construct.kind,
        role: cell.role,
        suppressed: cell.hidden,
        n: cell.hidden ? null : cell.n,
        mean: shown ? aggregate.mean : null,
        spreadSuppressed: spreadHidden,
        sd,
        ciLow: interval?.low ?? null,
        ciHigh: interval?.high ?? null,
        quartilesSuppressed: quartilesHidden,
        median: showQuartiles ? aggregate.median : null,
        q1: showQuartiles ? aggregate.q1 : null,
        q3: showQuartiles ? aggregate.q3 : null,
      });
    }
  }
  return result;
}

/** Whether the construct cell of a role is shown; items and reliability follow it (a construct is their sum). */
function constructShown(scores: readonly ScoreRelease[]): (construct: string | null, role: Role) => boolean {
  const shown = new Set(scores.filter((s) => !s.suppressed).map((s) => s.key));
  return (construct, role) => construct === null || shown.has(scoreKey(construct, role));
}

/**
 * Roles whose cells a construct-less item must not show either: a role hidden to protect another anywhere, or one
 * hidden in every construct (an item everyone answers counts the role, and would give its size away).
 */
function rolesHiddenInRound(scores: readonly ScoreRelease[]): Set<Role> {
  const hidden = new Set<Role>();
  for (const role of ROLES) {
    const cells = scores.filter((s) => s.role === role);
    if (
      cells.some((c) => c.suppressed === SuppressionReason.SECONDARY) ||
      (cells.length > 0 && cells.every((c) => c.suppressed))
    )
      hidden.add(role);
  }
  return hidden;
}

function lastItemOf(shape: RoundShape, construct: string, role: Role): string | undefined {
  return shape.constructs
    .find((c) => c.key === construct)
    ?.itemsByRole.get(role)
    ?.at(-1)?.key;
}

/** Key of the people who answered some but not all of a construct's items (with a point of the scale). */
export const partialKey = (construct: string, role: Role) => `q|${construct}|${role}`;

/**
 * Item distributions. An item shows only where its construct's cell for the role is shown. Where 1 to k−1 answered
 * some but not all of the construct's items, the construct's last item for the role is hidden: a construct's sum
 * counts a partial answerer's items at another weight than a complete one's, so m·(n·mean) minus all its items' sums
 * is the partial answerers' (weighted) sum; without one item's sum that equation has two unknowns.
 */
export function discloseItems(
  shape: RoundShape,
  scores: readonly ScoreRelease[],
  aggregates: ItemAggregate[],
  k: number,
  policy: DisclosurePolicy,
  partials: ReadonlyMap<string, number> = new Map(),
): ItemRelease[] {
  const found = new Map(aggregates.map((a) => [itemKey(a.item, a.role), a]));
  const follows = constructShown(scores);
  const roundHidden = rolesHiddenInRound(scores);
  const result: ItemRelease[] = [];
  for (const item of shape.likert) {
    for (const role of item.roles) {
      const key = itemKey(item.key, role);
      const aggregate = found.get(key);
      const answered = aggregate ? [...aggregate.counts.values()].reduce((s, c) => s + c, 0) : 0;
      const cell: TableCell = { key, n: answered, hidden: null };
      applyPrimary([cell], k, policy);
      if (policy.linked) {
        if (!follows(item.construct, role)) hide(cell, k);
        if (item.construct === null && roundHidden.has(role)) hide(cell, k);
        if (
          item.construct !== null &&
          tooSmall(partials.get(partialKey(item.construct, role)) ?? 0, k) &&
          lastItemOf(shape, item.construct, role) === item.key
        )
          hide(cell, k);
      }
      result.push({
        key,
        item: item.key,
        construct: item.construct,
        role,
        suppressed: cell.hidden,
        n: cell.hidden ? null : answered,
        counts: cell.hidden
          ? null
          : item.points.map((value) => ({ value, count: aggregate?.counts.get(value) ?? 0 })),
        notApplicable: cell.hidden ? null : (aggregate?.notApplicable ?? 0),
      });
    }
  }
  return result;
}

/**
 * Reliability follows its construct's cell, and is hidden where 1 to k−1 answered only part of the construct: its n
 * (complete cases) beside the score's n would count them, and alpha beside the score's mean and sd and an item's
 * distribution pins their answers down (the sums of squares of the complete cases follow, and only one answer fits).
 */
export function discloseReliability(
  shape: RoundShape,
  scores: readonly ScoreRelease[],
  aggregates: ReliabilityAggregate[],
  k: number,
  policy: DisclosurePolicy,
  partials: ReadonlyMap<string, number> = new Map(),
): ReliabilityRelease[] {
  const found = new Map(aggregates.map((a) => [reliabilityKey(a.construct, a.role), a]));
  const follows = constructShown(scores);
  const result: ReliabilityRelease[] = [];
  for (const construct of shape.constructs) {
    for (const role of construct.roles) {
      const key = reliabilityKey(construct.key, role);
      const aggregate = found.get(key);
      const cell: TableCell = { key, n: aggregate?.n ?? 0, hidden: null };
      applyPrimary([cell], k, policy);
      if (policy.linked && !follows(construct.key, role)) hide(cell, k);
      if (policy.linked && tooSmall(partials.get(partialKey(construct.key, role)) ?? 0, k)) hide(cell, k);
      result.push({
        key,
        construct: construct.key,
        role,
        items: construct.itemsByRole.get(role)!.length,
        suppressed: cell.hidden,
        n: cell.hidden ? null : cell.n,
        alpha: cell.hidden ? null : (aggregate?.alpha ?? null),
      });
    }
  }
  return result;
}

const tooSmall = (count: number, k: number) => count > 0 && count < k;

/**
 * Paired change from an earlier round to this one. A pair cell is shown only where both rounds show the group's
 * cell; where the people of either round who are not paired are none or at least k (otherwise the two rounds' sums
 * minus the pairs' change would give those few people's scores); and where its pairs differ from every other group
 * of either round whose sum is known (other pairs of the same construct and role) by none or at least k people
 * (`overlapping`, from `pairOverlaps`): two pair sets that differ by one person give that person's change. `k` is the
 * larger of the two rounds' k.
 */
/**
 * A pair cell hidden for a linked reason (a few unpaired, or a few apart from another shown pair set) is nearly known
 * from other cells: beside it in a total, only a part hidden as a complement whose pairs are not all of both rounds'
 * shown groups (else its sums follow from their cells) keeps it unknown. Without one, the total is hidden.
 */
function protectLinked(
  pairs: Table<Working & { restFrom: number | null; restTo: number | null; linkedHidden: boolean }>,
  k: number,
): void {
  const { total, parts } = pairs;
  if (!total || total.hidden || !parts.some((p) => p.linkedHidden)) return;
  const unknown = (p: (typeof parts)[number]) =>
    !p.linkedHidden && p.hidden === SuppressionReason.SECONDARY && !(p.restFrom === 0 && p.restTo === 0);
  if (!parts.some(unknown)) hide(total, k);
}

export function disclosePairs(
  fromRoundId: string,
  from: { shape: RoundShape; scores: readonly ScoreRelease[] },
  to: { shape: RoundShape; scores: readonly ScoreRelease[] },
  aggregates: PairAggregate[],
  k: number,
  policy: DisclosurePolicy,
  previous: Previous = NO_PREVIOUS,
  overlapping: ReadonlySet<string> = new Set(),
): PairRelease[] {
  const found = new Map(aggregates.map((a) => [`${a.construct}|${a.role ?? '*'}`, a]));
  const fromScores = new Map(from.scores.map((s) => [s.key, s]));
  const toScores = new Map(to.scores.map((s) => [s.key, s]));
  type PairCell = Working & { restFrom: number | null; restTo: number | null; linkedHidden: boolean };
  // As for scores: a role (or a total over the same roles) hidden to protect another in one construct's pairs is
  // hidden in every construct's pairs from this round, since mostly the same people are paired in each.
  const hiddenRoles = new Set<Role>();
  const hiddenTotals = new Set<string>();
  let tables: { construct: ConstructShape; cells: PairCell[] }[] = [];
  for (let changed = true; changed;) {
    changed = false;
    tables = [];
    for (const construct of to.shape.constructs) {
      const earlier = from.shape.constructs.find((c) => c.key === construct.key);
      if (!earlier) continue;
      const both = construct.roles.filter((r) => earlier.roles.includes(r));
      if (both.length === 0) continue;
      const roles: (Role | null)[] = both.length > 1 ? [...both, null] : both;
      const cells: PairCell[] = roles.map((role) => {
        const key = pairKey(fromRoundId, construct.key, role);
        const n = found.get(`${construct.key}|${role ?? '*'}`)?.n ?? 0;
        const a = fromScores.get(scoreKey(construct.key, role));
        const b = toScores.get(scoreKey(construct.key, role));
        const published = a && b && !a.suppressed && !b.suppressed;
        return {
          key,
          role,
          n,
          hidden: null,
          ceiling: Math.min(
            published ? Math.min(a.n!, b.n!) : Infinity,
            previous.ceilings.get(key) ?? Infinity,
          ),
          restFrom: published ? a.n! - n : null,
          restTo: published ? b.n! - n : null,
          linkedHidden: false,
        };
      });
      applyForced(cells, previous.forced.main, k);
      applyPrimary(cells, k, policy);
      if (policy.linked) {
        for (const cell of cells) {
          const shownBefore = cell.hidden === null;
          if (cell.restFrom === null || cell.restTo === null) hide(cell, k);
          else if (tooSmall(cell.restFrom, k) || tooSmall(cell.restTo, k)) {
            hide(cell, k);
            // Hidden for a few unpaired: it holds at least the smaller group minus k − 1, which an attacker knows too.
            cell.floor = Math.max(0, Math.min(cell.n + cell.restFrom, cell.n + cell.restTo) - (k - 1));
          }
          if (overlapping.has(cell.key)) hide(cell, k);
          cell.linkedHidden = shownBefore && cell.hidden === SuppressionReason.SECONDARY;
          if (cell.role ? hiddenRoles.has(cell.role) : hiddenTotals.has(roleSet(construct))) hide(cell, k);
        }
      }
      protectCounts(table(cells), k, policy, byComplementOrder);
      if (policy.linked && policy.complements === 'protected') protectLinked(table(cells), k);
      tables.push({ construct, cells });
    }
    if (!policy.linked) break;
    for (const { construct, cells } of tables) {
      for (const cell of cells) {
        if (cell.hidden !== SuppressionReason.SECONDARY) continue;
        if (cell.role && !hiddenRoles.has(cell.role)) {
          hiddenRoles.add(cell.role);
          changed = true;
        } else if (!cell.role && !hiddenTotals.has(roleSet(construct))) {
          hiddenTotals.add(roleSet(construct));
          changed = true;
        }
      }
    }
  }

  const result: PairRelease[] = [];
  for (const { construct, cells } of tables) {
    const spread = detailTable(cells, k, policy.spreadFactor, previous.forced.spread);
    const spreadCells = cells.map((c) => ({ ...c, hidden: spread.get(c.key)! }));
    protectSums(
      table(spreadCells),
      k,
      policy,
      byComplementOrder,
      policy.spreadFactor * k,
      new Set(cells.filter((c) => c.hidden).map((c) => c.key)),
    );
    const partsShown = cells.filter((c) => c.role !== null).every((c) => !c.hidden);

    for (const cell of cells) {
      const aggregate = found.get(`${construct.key}|${cell.role ?? '*'}`);
      const spreadHidden = spreadCells.find((c) => c.key === cell.key)!.hidden;
      const shown = !cell.hidden && aggregate !== undefined && aggregate.n > 0;
      const paired =
        shown && !spreadHidden && aggregate.sd !== null
          ? pairedChange(aggregate.n, aggregate.meanChange, aggregate.sd)
          : null;
      const better = construct.kind === ConstructKind.CHALLENGE ? aggregate?.down : aggregate?.up;
      const worse = construct.kind === ConstructKind.CHALLENGE ? aggregate?.up : aggregate?.down;
      // Over all roles: the roles' own counts added up, shown only beside every role's (else it gives theirs away).
      const duplicates =
        cell.role !== null
          ? (aggregate?.duplicates ?? 0)
          : partsShown
            ? cells
                .filter((c) => c.role !== null)
                .reduce((sum, c) => sum + (found.get(`${construct.key}|${c.role}`)?.duplicates ?? 0), 0)
            : null;
      result.push({
        key: cell.key,
        fromRoundId,
        construct: construct.key,
        kind: construct.kind,
        role: cell.role,
        suppressed: cell.hidden,
        n: cell.hidden ? null : cell.n,
        meanChange: shown ? aggregate.meanChange : null,
        spreadSuppressed: spreadHidden,
        ciLow: paired?.low ?? null,
        ciHigh: paired?.high ?? null,
        dz: paired?.dz ?? null,
        improved: shown ? better! / aggregate.n : null,
        unchanged: shown ? aggregate.same / aggregate.n : null,
        worse: shown ? worse! / aggregate.n : null,
        duplicatesSetAside: cell.hidden ? null : duplicates,
      });
    }
  }
  return result.sort(
    (a, b) => a.construct.localeCompare(b.construct) || roleOrder(a.role) - roleOrder(b.role),
  );
}

/** The tables (a total and its parts) and single cells of a release, by key, for the rule between releases. */
export function releaseLayout(
  scores: readonly ScoreRelease[],
  items: readonly ItemRelease[],
  reliability: readonly ReliabilityRelease[],
  pairs: readonly PairRelease[],
): { tables: { total: string | null; parts: string[] }[]; singles: string[] } {
  const tables = new Map<string, { total: string | null; parts: string[] }>();
  for (const cell of [...scores, ...pairs]) {
    const group = 'fromRoundId' in cell ? `p|${cell.fromRoundId}|${cell.construct}` : `s|${cell.construct}`;
    const entry = tables.get(group) ?? { total: null, parts: [] };
    if (cell.role === null) entry.total = cell.key;
    else entry.parts.push(cell.key);
    tables.set(group, entry);
  }
  return { tables: [...tables.values()], singles: [...items, ...reliability].map((c) => c.key) };
}

/**
 * The cells of a release that must stay hidden in the next one: the hidden parts of every table whose total it
 * showed (an equation linked them to what was shown, so showing one later would give its earlier value away by
 * difference), and likewise for spread. A table whose total was hidden too gave nothing away about its parts, and
 * items, reliability and quartiles have no totals, so those may be shown once they pass the rules.
 */
export function forcedFrom(release: {
  scores: readonly ScoreRelease[];
  pairs: readonly PairRelease[];
}): Forced {
  const main = new Set<string>();
  const spread = new Set<string>();
  const groups = new Map<string, (ScoreRelease | PairRelease)[]>();
  for (const cell of [...release.scores, ...release.pairs]) {
    const group = 'fromRoundId' in cell ? `p|${cell.fromRoundId}|${cell.construct}` : `s|${cell.construct}`;
    groups.set(group, [...(groups.get(group) ?? []), cell]);
  }
  for (const cells of groups.values()) {
    const total = cells.find((c) => c.role === null);
    if (!total) continue;
    if (!total.suppressed) for (const c of cells) if (c.suppressed) main.add(c.key);
    if (!total.spreadSuppressed) for (const c of cells) if (c.spreadSuppressed) spread.add(c.key);
  }
  return { main, spread, quartiles: new Set() };
}

/** The cells of a round whose results are not shown yet: all there, none with a number. */
export function unreleased(shape: RoundShape): {
  scores: ScoreRelease[];
  items: ItemRelease[];
  reliability: ReliabilityRelease[];
} {
  const open = SuppressionReason.ROUND_OPEN;
  const scores = shape.constructs.flatMap((construct) =>
    (construct.roles.length > 1 ? [...construct.roles, null] : construct.roles).map((role): ScoreRelease => ({
      key: scoreKey(construct.key, role),
      construct: construct.key,
      kind: construct.kind,
      role,
      suppressed: open,
      n: null,
      mean: null,
      spreadSuppressed: open,
      sd: null,
      ciLow: null,
      ciHigh: null,
      quartilesSuppressed: open,
      median: null,
      q1: null,
      q3: null,
    })),
  );
  const items = shape.likert.flatMap((item) =>
    item.roles.map((role): ItemRelease => ({
      key: itemKey(item.key, role),
      item: item.key,
      construct: item.construct,
      role,
      suppressed: open,
      n: null,
      counts: null,
      notApplicable: null,
    })),
  );
  const reliability = shape.constructs.flatMap((construct) =>
    construct.roles.map((role): ReliabilityRelease => ({
      key: reliabilityKey(construct.key, role),
      construct: construct.key,
      role,
      items: construct.itemsByRole.get(role)!.length,
      suppressed: open,
      n: null,
      alpha: null,
    })),
  );
  return { scores, items, reliability };
}
