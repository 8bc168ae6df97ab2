import type { ChangeSeen, Role, Seen } from './collect.js';
import { consistentMultisets } from './multisets.js';
import { feasibleRange, isDetermined, type Linear, type LinearSystem } from './solver.js';

/**
 * The determined manager's arithmetic. From everything collected (`collect.ts`), at one or more moments, it writes
 * the linear relations a statistician would (parts add up to totals, n·mean is a sum, sums of squares follow from sd,
 * an item's answers bound its construct's count, pairs are parts of both rounds, a later state is the earlier one plus
 * those added minus those removed), and looks for anything that gives a group smaller than k, or a hidden group, away.
 */

export interface Structure {
  rounds: { id: string; k: number; order: number }[];
  /** Constructs, the roles asked them, and their items per role (with whether reverse-scored). */
  constructs: {
    key: string;
    roles: Role[];
    items: Partial<Record<Role, { key: string; reverse: boolean }[]>>;
  }[];
  likert: { key: string; construct: string | null; roles: Role[]; points: number[] }[];
  /** The ends of the scale every score lies in. */
  scale: [number, number];
}

export interface Moment {
  label: string;
  seen: Seen;
  /** Rounds that took no new answers since the moment before (closed throughout): nobody can have been added. */
  noneAdded: ReadonlySet<string>;
  /** Rounds nobody withdrew from since the moment before (a manager may know, or guess, that). */
  noneRemoved: ReadonlySet<string>;
  /**
   * Side knowledge: everyone answered every item asked of their role, so a role has the same n in every construct
   * of a round.
   */
  sameNEverywhere?: boolean;
}

export interface Finding {
  kind:
    | 'views-disagree'
    | 'hidden-count-pinned'
    | 'hidden-sum-determined'
    | 'small-remainder'
    | 'small-change'
    | 'small-unpaired-group'
    | 'values-pinned';
  what: string;
}

const add = (...terms: Linear[]): Linear => {
  const out: Linear = {};
  for (const t of terms) for (const [k, v] of Object.entries(t)) out[k] = (out[k] ?? 0) + v;
  return out;
};
const scale = (t: Linear, f: number): Linear =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v * f]));
const v = (name: string): Linear => ({ [name]: 1 });

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function attack(structure: Structure, moments: Moment[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const system: Required<LinearSystem> = { equalities: [], inequalities: [], bounds: {}, integers: [] };
  const [lo, hi] = structure.scale;
  const kOf = new Map(structure.rounds.map((w) => [w.id, w.k]));
  const orderOf = new Map(structure.rounds.map((w) => [w.id, w.order]));
  const counts = new Set<string>();
  const count = (name: string) => {
    if (!counts.has(name)) {
      counts.add(name);
      system.integers.push(name);
    }
    return v(name);
  };
  const eq = (terms: Linear, value: number, label: string) => system.equalities.push({ terms, value, label });
  const within = (terms: Linear, min: number | undefined, max: number | undefined, label: string) =>
    system.inequalities.push({ terms, min, max, label });
  const boundSum = (sum: Linear, n: Linear, label: string, squares = false) => {
    // lo·n ≤ sum ≤ hi·n (for sums of squares, lo²·n ≤ … ≤ hi²·n)
    const [a, b] = squares ? [lo * lo, hi * hi] : [lo, hi];
    within(add(sum, scale(n, -a)), 0, undefined, `${label} ≥ ${a}·n`);
    within(add(sum, scale(n, -b)), undefined, 0, `${label} ≤ ${b}·n`);
  };
  const reasonBounds = (n: Linear, reason: string | null, k: number, label: string) => {
    if (reason === 'TOO_FEW') within(n, undefined, k - 1, `${label}: too few`);
    if (reason === 'SECONDARY') within(n, k, undefined, `${label}: hidden for others`);
  };
  const targets: {
    what: string;
    kind: Finding['kind'];
    n?: Linear;
    sum?: Linear;
    size?: [number, number];
  }[] = [];

  // Names of the unknowns: a role's cell of a construct in a round at a moment, and so on.
  const cell = (m: number, w: string, c: string, r: Role) => `${m}|${w}|${c}|${r}`;
  const rolesOf = (c: string) => structure.constructs.find((x) => x.key === c)!.roles;
  const nOf = (m: number, w: string, c: string, role: Role | null): Linear =>
    add(...(role ? [role] : rolesOf(c)).map((r) => count(`n|${cell(m, w, c, r)}`)));
  const sOf = (m: number, w: string, c: string, role: Role | null): Linear =>
    add(...(role ? [role] : rolesOf(c)).map((r) => v(`S|${cell(m, w, c, r)}`)));
  const qOf = (m: number, w: string, c: string, role: Role | null): Linear =>
    add(...(role ? [role] : rolesOf(c)).map((r) => v(`Q|${cell(m, w, c, r)}`)));
  const itemCount = (m: number, w: string, i: string, r: Role, p: number) =>
    count(`cnt|${m}|${w}|${i}|${r}|${p}`);
  const pointsOf = (i: string) => structure.likert.find((x) => x.key === i)!.points;
  const answered = (m: number, w: string, i: string, r: Role) =>
    add(...pointsOf(i).map((p) => itemCount(m, w, i, r, p)));

  const describe = (w: string, c: string, r: Role | null) =>
    `round ${w.slice(0, 8)} ${c} ${r ?? 'all roles'}`;

  moments.forEach((moment, m) => {
    const { seen } = moment;
    // 1. Every view of a cell must agree; keep one of each.
    const scoreCells = new Map<string, (typeof seen.scores)[number]>();
    for (const s of seen.scores) {
      const key = `${s.roundId}|${s.construct}|${s.role}`;
      const before = scoreCells.get(key);
      if (before && !same(before, s))
        findings.push({
          kind: 'views-disagree',
          what: `${moment.label}: ${describe(s.roundId, s.construct, s.role)}`,
        });
      scoreCells.set(key, s);
    }
    const itemCells = new Map<string, (typeof seen.items)[number]>();
    for (const i of seen.items) {
      const key = `${i.roundId}|${i.item}|${i.role}`;
      const before = itemCells.get(key);
      if (before && !same(before, i))
        findings.push({
          kind: 'views-disagree',
          what: `${moment.label}: item ${i.item} ${i.role} in ${i.roundId}`,
        });
      itemCells.set(key, i);
    }
    for (const change of seen.changes) {
      for (const [side, roundId] of [
        ['from', change.fromRoundId],
        ['to', change.toRoundId],
      ] as const) {
        const score = scoreCells.get(`${roundId}|${change.construct}|${change.role}`);
        const view = change[side];
        if (score && (score.n !== view.n || score.mean !== view.mean || score.suppressed !== view.suppressed))
          findings.push({
            kind: 'views-disagree',
            what: `${moment.label}: change view of ${describe(roundId, change.construct, change.role)}`,
          });
      }
    }

    // 2. Score cells.
    for (const s of scoreCells.values()) {
      const k = kOf.get(s.roundId)!;
      const n = nOf(m, s.roundId, s.construct, s.role);
      const sum = sOf(m, s.roundId, s.construct, s.role);
      const label = `${moment.label} ${describe(s.roundId, s.construct, s.role)}`;
      if (s.suppressed === null && s.n !== null && s.mean !== null) {
        eq(n, s.n, `${label} n`);
        eq(sum, s.n * s.mean, `${label} n·mean`);
        if (s.sd !== null)
          eq(
            qOf(m, s.roundId, s.construct, s.role),
            (s.n - 1) * s.sd ** 2 + s.n * s.mean ** 2,
            `${label} Σx²`,
          );
      } else {
        reasonBounds(n, s.suppressed, k, label);
        if (s.suppressed !== 'ROUND_OPEN') {
          // A group hidden because it is small must not have its size pinned; one hidden for others has k or more.
          if (s.suppressed === 'TOO_FEW') targets.push({ what: label, kind: 'hidden-count-pinned', n });
          targets.push({ what: label, kind: 'hidden-sum-determined', sum });
        }
      }
    }
    for (const w of structure.rounds) {
      for (const c of structure.constructs) {
        for (const r of c.roles) {
          const name = cell(m, w.id, c.key, r);
          boundSum(v(`S|${name}`), v(`n|${name}`), `S|${name}`);
          boundSum(v(`Q|${name}`), v(`n|${name}`), `Q|${name}`, true);
        }
        // Remainder of a shown total once its shown parts are taken away: a group whose sum is known.
        const total = scoreCells.get(`${w.id}|${c.key}|null`);
        if (c.roles.length > 1 && total && total.suppressed === null && total.n !== null) {
          const shown = c.roles
            .map((r) => scoreCells.get(`${w.id}|${c.key}|${r}`))
            .filter((x) => x && x.suppressed === null);
          const rest = total.n - shown.reduce((t, x) => t + x!.n!, 0);
          if (rest > 0 && rest < w.k)
            findings.push({
              kind: 'small-remainder',
              what: `${moment.label} ${describe(w.id, c.key, null)}: total minus shown roles is ${rest} people`,
            });
        }
      }
    }

    // 3. Items, and what they say about their construct's cell.
    for (const i of itemCells.values()) {
      const k = kOf.get(i.roundId)!;
      const label = `${moment.label} item ${i.item} ${i.role} in ${i.roundId.slice(0, 8)}`;
      if (i.suppressed === null && i.counts) {
        for (const p of i.counts)
          eq(itemCount(m, i.roundId, i.item, i.role, p.value), p.count, `${label} =${p.value}`);
      } else {
        reasonBounds(answered(m, i.roundId, i.item, i.role), i.suppressed, k, label);
        if (i.suppressed === 'TOO_FEW')
          targets.push({
            what: label,
            kind: 'hidden-count-pinned',
            n: answered(m, i.roundId, i.item, i.role),
          });
      }
    }
    for (const w of structure.rounds) {
      for (const c of structure.constructs) {
        for (const r of c.roles) {
          const items = c.items[r] ?? [];
          const n = v(`n|${cell(m, w.id, c.key, r)}`);
          if (items.length === 1) {
            // One item: the score is the item's value.
            const item = items[0]!;
            eq(add(n, scale(answered(m, w.id, item.key, r), -1)), 0, `${w.id} ${c.key} ${r} one item n`);
            eq(
              add(
                v(`S|${cell(m, w.id, c.key, r)}`),
                ...pointsOf(item.key).map((p) =>
                  scale(itemCount(m, w.id, item.key, r, p), -(item.reverse ? lo + hi - p : p)),
                ),
              ),
              0,
              `${w.id} ${c.key} ${r} one item sum`,
            );
          } else {
            // Two or more: anyone who answered an item with a point has a score (half of two is enough).
            for (const item of items)
              within(
                add(n, scale(answered(m, w.id, item.key, r), -1)),
                0,
                undefined,
                `${c.key} ≥ ${item.key}`,
              );
            within(
              add(n, ...items.map((item) => scale(answered(m, w.id, item.key, r), -1))),
              undefined,
              0,
              `${c.key} ≤ items`,
            );
          }
        }
      }
    }
    if (moment.sameNEverywhere) {
      for (const w of structure.rounds) {
        for (const r of ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'] as Role[]) {
          const asked = structure.constructs.filter((c) => c.roles.includes(r));
          for (const c of asked.slice(1))
            eq(
              add(v(`n|${cell(m, w.id, c.key, r)}`), scale(v(`n|${cell(m, w.id, asked[0]!.key, r)}`), -1)),
              0,
              'same n',
            );
        }
      }
    }
    for (const rel of seen.reliability) {
      if (rel.suppressed === null && rel.n !== null)
        within(
          v(`n|${cell(m, rel.roundId, rel.construct, rel.role)}`),
          rel.n,
          undefined,
          `reliability n ≤ construct n`,
        );
    }

    // 4. Paired change: pairs are part of both rounds' groups.
    const pairCells = new Map<string, ChangeSeen>();
    for (const change of seen.changes) {
      const forward = orderOf.get(change.fromRoundId)! < orderOf.get(change.toRoundId)!;
      const [a, b] = forward
        ? [change.fromRoundId, change.toRoundId]
        : [change.toRoundId, change.fromRoundId];
      const key = `${a}|${b}|${change.construct}|${change.role}`;
      const normal: ChangeSeen = forward
        ? change
        : {
            ...change,
            fromRoundId: a,
            toRoundId: b,
            paired: {
              ...change.paired,
              meanChange: change.paired.meanChange === null ? null : -change.paired.meanChange,
            },
          };
      const before = pairCells.get(key);
      if (
        before &&
        (before.paired.n !== normal.paired.n ||
          Math.abs((before.paired.meanChange ?? 0) - (normal.paired.meanChange ?? 0)) > 1e-9)
      )
        findings.push({ kind: 'views-disagree', what: `${moment.label}: paired ${key} both ways` });
      pairCells.set(key, normal);
    }
    const pairRoles = (_a: string, _b: string, c: string) => rolesOf(c);
    const pn = (a: string, b: string, c: string, role: Role | null) =>
      add(...(role ? [role] : pairRoles(a, b, c)).map((r) => count(`pn|${m}|${a}|${b}|${c}|${r}`)));
    const pa = (a: string, b: string, c: string, role: Role | null) =>
      add(...(role ? [role] : pairRoles(a, b, c)).map((r) => v(`pa|${m}|${a}|${b}|${c}|${r}`)));
    const pb = (a: string, b: string, c: string, role: Role | null) =>
      add(...(role ? [role] : pairRoles(a, b, c)).map((r) => v(`pb|${m}|${a}|${b}|${c}|${r}`)));
    const pairs = new Set<string>();
    for (const change of pairCells.values()) {
      const { fromRoundId: a, toRoundId: b, construct: c } = change;
      for (const r of rolesOf(c)) pairs.add(`${a}|${b}|${c}|${r}`);
      const k = Math.max(kOf.get(a)!, kOf.get(b)!);
      const label = `${moment.label} paired ${a.slice(0, 8)}→${b.slice(0, 8)} ${c} ${change.role ?? 'all roles'}`;
      const n = pn(a, b, c, change.role);
      if (
        change.paired.suppressed === null &&
        change.paired.n !== null &&
        change.paired.meanChange !== null
      ) {
        eq(n, change.paired.n, `${label} n`);
        eq(
          add(pb(a, b, c, change.role), scale(pa(a, b, c, change.role), -1)),
          change.paired.n * change.paired.meanChange,
          `${label} Σ change`,
        );
        // Those of each round who are not paired: a group whose size, and perhaps sum, is known.
        for (const [w, side] of [
          [a, pa],
          [b, pb],
        ] as const) {
          const score = scoreCells.get(`${w}|${c}|${change.role}`);
          if (score?.suppressed === null && score.n !== null) {
            const rest = score.n - change.paired.n;
            if (rest > 0 && rest < k)
              targets.push({
                what: `${label}: ${rest} in ${w.slice(0, 8)} not paired`,
                kind: 'small-unpaired-group',
                sum: add(sOf(m, w, c, change.role), scale(side(a, b, c, change.role), -1)),
              });
          }
        }
      } else {
        reasonBounds(n, change.paired.suppressed, k, label);
      }
    }
    for (const key of pairs) {
      const [a, b, c, r] = key.split('|') as [string, string, string, Role];
      const n = pn(a, b, c, r);
      within(add(nOf(m, a, c, r), scale(n, -1)), 0, undefined, 'pairs ≤ earlier round');
      within(add(nOf(m, b, c, r), scale(n, -1)), 0, undefined, 'pairs ≤ later round');
      boundSum(pa(a, b, c, r), n, `pa ${key}`);
      boundSum(pb(a, b, c, r), n, `pb ${key}`);
      boundSum(
        add(sOf(m, a, c, r), scale(pa(a, b, c, r), -1)),
        add(nOf(m, a, c, r), scale(n, -1)),
        `rest ${key}`,
      );
      boundSum(
        add(sOf(m, b, c, r), scale(pb(a, b, c, r), -1)),
        add(nOf(m, b, c, r), scale(n, -1)),
        `rest ${key}`,
      );
    }

    // 5. From the moment before: the same round plus those added, minus those removed.
    if (m > 0) {
      for (const w of structure.rounds) {
        const closed = moment.noneAdded.has(w.id);
        const kept = moment.noneRemoved.has(w.id);
        for (const c of structure.constructs) {
          for (const r of c.roles) {
            const here = cell(m, w.id, c.key, r);
            const there = cell(m - 1, w.id, c.key, r);
            const [added, removed] = [count(`add|${here}`), count(`rem|${here}`)];
            const [addedSum, removedSum] = [v(`sadd|${here}`), v(`srem|${here}`)];
            eq(
              add(v(`n|${here}`), scale(v(`n|${there}`), -1), scale(added, -1), removed),
              0,
              `${here} n over time`,
            );
            eq(
              add(v(`S|${here}`), scale(v(`S|${there}`), -1), scale(addedSum, -1), removedSum),
              0,
              `${here} S over time`,
            );
            within(add(v(`n|${there}`), scale(removed, -1)), 0, undefined, 'removed ≤ before');
            boundSum(addedSum, added, `sadd ${here}`);
            boundSum(removedSum, removed, `srem ${here}`);
            if (closed) {
              eq(added, 0, `${here} closed: no one added`);
              eq(addedSum, 0, `${here} closed: no sum added`);
            }
            if (kept) {
              eq(removed, 0, `${here} no one withdrew`);
              eq(removedSum, 0, `${here} no sum withdrawn`);
            }
            if (!kept)
              targets.push({
                what: `${moment.label}: removed from ${describe(w.id, c.key, r)}`,
                kind: 'small-change',
                n: removed,
                sum: removedSum,
                size: [1, w.k - 1],
              });
            if (!closed)
              targets.push({
                what: `${moment.label}: added to ${describe(w.id, c.key, r)}`,
                kind: 'small-change',
                n: added,
                sum: addedSum,
                size: [1, w.k - 1],
              });
          }
        }
      }
    }

    // 6. Order statistics and spread of shown groups: do they pin the values beyond what the mean says?
    for (const s of scoreCells.values()) {
      if (s.suppressed !== null || s.n === null || s.mean === null) continue;
      if (s.sd === null && s.median === null) continue;
      if (s.n > 30) continue;
      const construct = structure.constructs.find((c) => c.key === s.construct)!;
      const sizes = new Set(
        (s.role ? [s.role] : construct.roles).map((r) => (construct.items[r] ?? []).length),
      );
      const grid = gridFor(structure.scale, Math.max(...sizes));
      const withDetail = consistentMultisets(
        { n: s.n, mean: s.mean, sd: s.sd, median: s.median, q1: s.q1, q3: s.q3 },
        grid,
        { limit: 2 },
      );
      const meanOnly = consistentMultisets({ n: s.n, mean: s.mean }, grid, { limit: 2 });
      if (withDetail.length === 1 && meanOnly.length > 1)
        findings.push({
          kind: 'values-pinned',
          what: `${moment.label} ${describe(s.roundId, s.construct, s.role)}: n = ${s.n} values all follow from the spread and quartiles`,
        });
    }
  });

  // 7. Solve. Counts by linear programming (with whole numbers); sums by linear algebra.
  const countTargets = targets.filter((t) => t.n && t.kind === 'hidden-count-pinned');
  const ranges = await feasibleRange(
    system,
    countTargets.map((t) => t.n!),
  );
  countTargets.forEach((t, i) => {
    const range = ranges[i]!;
    if (range.max - range.min < 0.5)
      findings.push({ kind: 'hidden-count-pinned', what: `${t.what}: n = ${range.min}` });
  });
  for (const t of targets.filter((t) => t.sum && t.kind === 'hidden-sum-determined')) {
    if (isDetermined(system, t.sum!)) findings.push({ kind: 'hidden-sum-determined', what: t.what });
  }
  // A group of 1 to k−1 left unpaired: its sum is known when the sums and bounds leave it one value.
  const unpaired = targets.filter((t) => t.kind === 'small-unpaired-group');
  const unpairedRanges = await feasibleRange(
    system,
    unpaired.map((t) => t.sum!),
  );
  unpaired.forEach((t, i) => {
    if (unpairedRanges[i]!.max - unpairedRanges[i]!.min < 1e-6)
      findings.push({ kind: 'small-unpaired-group', what: t.what });
  });
  const changes = targets.filter((t) => t.kind === 'small-change');
  const changeRanges = await feasibleRange(
    system,
    changes.map((t) => t.n!),
  );
  changes.forEach((t, i) => {
    const range = changeRanges[i]!;
    const [min, max] = t.size!;
    if (
      range.max - range.min < 0.5 &&
      range.min >= min - 0.5 &&
      range.min <= max + 0.5 &&
      isDetermined(system, t.sum!)
    )
      findings.push({
        kind: 'small-change',
        what: `${t.what}: ${Math.round(range.min)} people, their sum known`,
      });
  });
  return findings;
}

/** Every score a respondent can have: means of up to `items` answers on the scale. */
function gridFor([lo, hi]: [number, number], items: number): number[] {
  const values = new Set<number>();
  for (let m = 1; m <= items; m++)
    for (let t = lo * m; t <= hi * m; t++) values.add(Math.round((t / m) * 1e9) / 1e9);
  return [...values].sort((a, b) => a - b);
}
