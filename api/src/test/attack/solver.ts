/**
 * An auditor over linear systems, for the attacker test: what an attacker who knows every published number can say
 * about an unknown (a hidden cell's n or sum, a change, a combination of them).
 *
 * - `feasibleRange` asks HiGHS (the `highs` package: the University of Edinburgh's LP/MIP solver compiled to
 *   WebAssembly, MIT) for the minimum and maximum of each target subject to the system: two linear programs per
 *   target, or two mixed-integer programs where the system names whole-number variables (counts). This is the audit
 *   of a suppression pattern that statistics offices run (τ-ARGUS, sdcTable).
 * - `isDetermined` answers exactly, without bounds, whether the equalities alone fix a target: whether the target is
 *   a linear combination of the equalities' left-hand sides. Rational arithmetic (BigInt), see below.
 *
 * An infeasible system throws: the published numbers contradict the relations the test wrote down, which is a bug in
 * the test (or a wrong relation), never a pass.
 */
import highsPackage, { type Highs, type Model, type ModelData, type ObjectiveSense } from 'highs';

// The package's types are read as CommonJS (the loader is `module.exports.default`), while Node imports its ES module
// build, whose default export is the loader itself.
const loadHighs = ((highsPackage as unknown as { default?: unknown }).default ??
  highsPackage) as typeof highsPackage.default;

/** Variable name -> coefficient. */
export type Linear = Record<string, number>;

export interface LinearSystem {
  equalities: { terms: Linear; value: number; label?: string }[];
  /** min <= a·x <= max; at least one of the two. */
  inequalities?: { terms: Linear; min?: number; max?: number; label?: string }[];
  /**
   * Every variable is in [0, +inf) unless it has an entry here; a missing min stays 0 and a missing max stays +inf
   * (so a free variable is `{ min: -Infinity }`).
   */
  bounds?: Record<string, { min?: number; max?: number }>;
  /** Variables that must be whole numbers (counts). */
  integers?: string[];
}

export interface Range {
  min: number;
  max: number;
}

// ---------------------------------------------------------------------------------------------------------------
// feasibleRange
// ---------------------------------------------------------------------------------------------------------------

let highsRuntime: Promise<Highs> | undefined;
/** One WebAssembly runtime per worker: loading it takes about 0.1 s. */
function highs(): Promise<Highs> {
  highsRuntime ??= loadHighs();
  return highsRuntime;
}

/** HiGHS' model status codes that this file tells apart (`highs.constants.modelStatus`). */
const STATUS = { optimal: 7, infeasible: 8, unboundedOrInfeasible: 9, unbounded: 10 } as const;
const STATUS_NAMES = [
  'not set',
  'load error',
  'model error',
  'presolve error',
  'solve error',
  'postsolve error',
  'empty model',
  'optimal',
  'infeasible',
  'unbounded or infeasible',
  'unbounded',
  'objective bound reached',
  'objective target reached',
  'time limit reached',
  'iteration limit reached',
  'unknown',
  'solution limit reached',
  'interrupted',
];

/**
 * Solver settings, chosen by measurement on a 600-variable, 1,036-row table audit (234 targets × 2):
 * - LP: no presolve and primal simplex, so each solve starts from the previous optimal basis (only the objective
 *   changes between solves, so that basis stays primal feasible): about 3 ms a solve instead of 12–20 ms.
 * - MIP: no presolve, no symmetry detection and no feasibility-jump heuristic, seeded with the best whole-number
 *   solution found so far, and skipped where the relaxation settles it (see feasibleRange): about 65 ms a solve
 *   with every variable whole, 19 ms with only the counts whole, against 312 ms with HiGHS' defaults. A zero
 *   relative gap: the range must be exact.
 */
const LP_OPTIONS = { output_flag: false, presolve: 'off', simplex_strategy: 4 } as const;
const MIP_OPTIONS = {
  output_flag: false,
  presolve: 'off',
  mip_detect_symmetry: false,
  mip_heuristic_run_feasibility_jump: false,
  mip_rel_gap: 0,
  mip_abs_gap: 1e-7,
} as const;

/** Integrality and equality checks on solver output (HiGHS' feasibility tolerances are 1e-7 and 1e-6). */
const INTEGRAL_TOLERANCE = 1e-6;
/** Results within 1e-7 (relative, at least absolute) of a whole number are reported as that number. */
function snap(value: number): number {
  if (!Number.isFinite(value)) return value;
  const whole = Math.round(value);
  return Math.abs(value - whole) <= 1e-7 * Math.max(1, Math.abs(value)) ? whole + 0 : value; // + 0: no −0
}

interface Row {
  lower: number;
  upper: number;
  terms: [number, number][];
  label: string;
}

interface Compiled {
  names: string[];
  index: Map<string, number>;
  rows: Row[];
  colLower: number[];
  colUpper: number[];
  integer: boolean[];
}

function checkNumber(value: number, what: string, allowInfinite = false) {
  if (Number.isNaN(value) || (!allowInfinite && !Number.isFinite(value)))
    throw new Error(`solver: ${what} is ${value}, not a finite number`);
}

function toLinear(target: string | Linear): Linear {
  return typeof target === 'string' ? { [target]: 1 } : target;
}

function describeLinear(terms: Linear): string {
  const parts = Object.entries(terms)
    .filter(([, c]) => c !== 0)
    .map(([name, c]) => (c === 1 ? name : `${c}·${name}`));
  return parts.length ? parts.join(' + ') : '0';
}

function compile(system: LinearSystem, targets: Linear[]): Compiled {
  const names: string[] = [];
  const index = new Map<string, number>();
  const col = (name: string) => {
    let j = index.get(name);
    if (j === undefined) {
      j = names.length;
      names.push(name);
      index.set(name, j);
    }
    return j;
  };
  const rows: Row[] = [];
  const addRow = (terms: Linear, lower: number, upper: number, label: string) => {
    const packed: [number, number][] = [];
    for (const [name, c] of Object.entries(terms)) {
      checkNumber(c, `the coefficient of ${name} in ${label}`);
      if (c !== 0) packed.push([col(name), c]);
    }
    if (packed.length === 0) {
      if (lower > 0 || upper < 0)
        throw new Error(
          `solver: the system is infeasible: ${label} has no variables but requires 0 in [${lower}, ${upper}]`,
        );
      return;
    }
    packed.sort((a, b) => a[0] - b[0]);
    rows.push({ lower, upper, terms: packed, label });
  };
  system.equalities.forEach((e, i) => {
    const label = e.label ?? `equality #${i}: ${describeLinear(e.terms)} = ${e.value}`;
    checkNumber(e.value, `the value of ${label}`);
    addRow(e.terms, e.value, e.value, label);
  });
  (system.inequalities ?? []).forEach((e, i) => {
    const label =
      e.label ?? `inequality #${i}: ${e.min ?? '-inf'} <= ${describeLinear(e.terms)} <= ${e.max ?? '+inf'}`;
    if (e.min === undefined && e.max === undefined)
      throw new Error(`solver: ${label} has neither min nor max`);
    const lower = e.min ?? -Infinity;
    const upper = e.max ?? Infinity;
    checkNumber(lower, `the min of ${label}`, true);
    checkNumber(upper, `the max of ${label}`, true);
    if (lower > upper)
      throw new Error(`solver: the system is infeasible: ${label} has min ${lower} > max ${upper}`);
    addRow(e.terms, lower, upper, label);
  });
  for (const name of Object.keys(system.bounds ?? {})) col(name);
  for (const name of system.integers ?? []) col(name);
  for (const t of targets) for (const [name, c] of Object.entries(t)) if (c !== 0) col(name);

  const colLower = names.map(() => 0);
  const colUpper = names.map(() => Infinity);
  for (const [name, b] of Object.entries(system.bounds ?? {})) {
    const j = index.get(name)!;
    if (b.min !== undefined) checkNumber(b.min, `the lower bound of ${name}`, true);
    if (b.max !== undefined) checkNumber(b.max, `the upper bound of ${name}`, true);
    colLower[j] = b.min ?? 0;
    colUpper[j] = b.max ?? Infinity;
    if (colLower[j]! > colUpper[j]!)
      throw new Error(
        `solver: the system is infeasible: ${name} has bounds [${colLower[j]}, ${colUpper[j]}]`,
      );
  }
  const integer = names.map(() => false);
  for (const name of system.integers ?? []) integer[index.get(name)!] = true;
  return { names, index, rows, colLower, colUpper, integer };
}

function modelData(h: Highs, c: Compiled, withIntegers: boolean): ModelData {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of c.rows) {
    for (const [j, v] of row.terms) {
      indices.push(j);
      values.push(v);
    }
    starts.push(indices.length);
  }
  const inf = (v: number) => (v === Infinity ? h.infinity : v === -Infinity ? -h.infinity : v);
  return {
    numCols: c.names.length,
    numRows: c.rows.length,
    colCost: c.names.map(() => 0),
    colLower: c.colLower.map(inf),
    colUpper: c.colUpper.map(inf),
    rowLower: c.rows.map((r) => inf(r.lower)),
    rowUpper: c.rows.map((r) => inf(r.upper)),
    matrix: { format: 'csr', numRows: c.rows.length, numCols: c.names.length, starts, indices, values },
    integrality: withIntegers ? c.integer.map((i) => (i ? 1 : 0)) : undefined,
  };
}

/** The rows of an irreducible infeasible subsystem, when HiGHS can find one. */
function conflict(model: Model, c: Compiled): string {
  try {
    model.options.set({ iis_strategy: 2 | 4 });
    const iis = model.getIis();
    const rows = [...iis.rowIndex].map((i) => c.rows[i]!.label);
    const cols = [...iis.colIndex].map((j) => `bounds of ${c.names[j]}`);
    const all = [...rows, ...cols];
    return all.length ? `; these contradict each other: ${all.join('; ')}` : '';
  } catch {
    return '';
  }
}

/**
 * The minimum and maximum of each target subject to the system; ±Infinity where the system does not bound it.
 * With `integers`, the range is over whole-number values of those variables (a mixed-integer program); the linear
 * relaxation's optimum is used where it already is whole, or where a whole-number solution found earlier reaches its
 * bound, so most targets cost two linear programs. Values within 1e-7 of a whole number are reported as that number.
 * Throws if the system has no solution (with whole numbers, where it has one).
 */
export async function feasibleRange(system: LinearSystem, targets: (string | Linear)[]): Promise<Range[]> {
  const h = await highs();
  const linearTargets = targets.map(toLinear);
  const c = compile(system, linearTargets);
  if (c.names.length === 0) return linearTargets.map(() => ({ min: 0, max: 0 }));
  const hasIntegers = c.integer.some(Boolean);
  const { minimize, maximize } = h.constants.objectiveSense;

  const lp = h.createModel(modelData(h, c, false));
  const mip = hasIntegers ? h.createModel(modelData(h, c, true)) : undefined;
  try {
    lp.options.set(LP_OPTIONS);
    mip?.options.set(MIP_OPTIONS);

    // Feasibility first, so that "unbounded or infeasible" later means unbounded.
    const lpStatus = lp.run().modelStatus;
    if (lpStatus === STATUS.infeasible)
      throw new Error(`solver: the system is infeasible (no real solution)${conflict(lp, c)}`);
    if (lpStatus !== STATUS.optimal)
      throw new Error(`solver: checking feasibility ended with status ${STATUS_NAMES[lpStatus] ?? lpStatus}`);
    const pool: Float64Array[] = [];
    if (mip) {
      const status = mip.run().modelStatus;
      if (status === STATUS.infeasible)
        throw new Error(
          'solver: the system has real solutions but none with whole numbers for the integer variables (an ' +
            'integer-infeasible system; check the counts and the relations that use them)',
        );
      if (status !== STATUS.optimal)
        throw new Error(
          `solver: checking whole-number feasibility ended with status ${STATUS_NAMES[status] ?? status}`,
        );
      pool.push(mip.getSolution().colValue);
    }

    const isWhole = (x: Float64Array) =>
      c.integer.every((int, j) => !int || Math.abs(x[j]! - Math.round(x[j]!)) <= INTEGRAL_TOLERANCE);
    const results: Range[] = [];
    for (const target of linearTargets) {
      const terms = Object.entries(target)
        .filter(([, v]) => v !== 0)
        .map(([name, v]) => {
          checkNumber(v, `the coefficient of ${name} in a target`);
          return [c.index.get(name)!, v] as [number, number];
        })
        .sort((a, b) => a[0] - b[0]);
      if (terms.length === 0) {
        results.push({ min: 0, max: 0 });
        continue;
      }
      const selection = { kind: 'set', indices: terms.map(([j]) => j) } as const;
      const costs = terms.map(([, v]) => v);
      const zeros = terms.map(() => 0);
      const value = (x: Float64Array) => terms.reduce((s, [j, v]) => s + v * x[j]!, 0);
      // A whole-number objective (integer coefficients on integer variables only) takes whole values at whole points.
      const integralObjective = hasIntegers && terms.every(([j, v]) => c.integer[j] && Number.isInteger(v));

      const optimum = (sense: ObjectiveSense): number => {
        const maximizing = sense === maximize;
        // (Reading the solution must come before the costs are reset: any change to the model discards it.)
        lp.changeColsCost(selection, costs);
        lp.changeObjectiveSense(sense);
        const status = lp.run().modelStatus;
        const bound = status === STATUS.optimal ? lp.getObjectiveValue() : NaN;
        const x = status === STATUS.optimal && mip ? lp.getSolution().colValue : undefined;
        lp.changeColsCost(selection, zeros);
        if (status === STATUS.unbounded || status === STATUS.unboundedOrInfeasible)
          // Unbounded relaxation of a feasible system with rational data: the mixed-integer program is too (Meyer).
          return maximizing ? Infinity : -Infinity;
        if (status !== STATUS.optimal)
          throw new Error(
            `solver: the linear program for ${describeLinear(target)} ended with status ${STATUS_NAMES[status] ?? status}`,
          );
        if (!mip || !x) return bound;
        if (isWhole(x)) {
          pool.push(x);
          return integralObjective ? Math.round(bound) : bound;
        }
        // The best whole-number solution seen so far; if it reaches the relaxation's bound, it is optimal.
        let best: Float64Array | undefined;
        let bestValue = maximizing ? -Infinity : Infinity;
        for (const p of pool) {
          const v = value(p);
          if (maximizing ? v > bestValue : v < bestValue) {
            best = p;
            bestValue = v;
          }
        }
        const tightened = integralObjective
          ? maximizing
            ? Math.floor(bound + INTEGRAL_TOLERANCE)
            : Math.ceil(bound - INTEGRAL_TOLERANCE)
          : bound;
        if (best && Math.abs(bestValue - tightened) <= INTEGRAL_TOLERANCE * Math.max(1, Math.abs(tightened)))
          return integralObjective ? tightened : bestValue;

        mip.changeColsCost(selection, costs);
        mip.changeObjectiveSense(sense);
        if (best) mip.setSolution({ colValue: best });
        const mipStatus = mip.run().modelStatus;
        const result = mipStatus === STATUS.optimal ? mip.getObjectiveValue() : NaN;
        if (mipStatus === STATUS.optimal) pool.push(mip.getSolution().colValue);
        mip.changeColsCost(selection, zeros);
        if (mipStatus !== STATUS.optimal)
          throw new Error(
            `solver: the mixed-integer program for ${describeLinear(target)} ended with status ${STATUS_NAMES[mipStatus] ?? mipStatus}`,
          );
        return integralObjective ? Math.round(result) : result;
      };
      results.push({ min: snap(optimum(minimize)), max: snap(optimum(maximize)) });
    }
    return results;
  } finally {
    lp.dispose();
    mip?.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// isDetermined
// ---------------------------------------------------------------------------------------------------------------

/**
 * Exact rational arithmetic. Each coefficient (a double) is first read as the simplest fraction within 1e-12 of it
 * (relative), found by continued fractions on the double's exact binary value, so 3.5714285714285716 is 25/7 and
 * 0.1 is 1/10 while 3.57 stays 357/100; a double that is no simple fraction stays its exact binary value. Rows are
 * then kept as primitive integer vectors (BigInt, divided by their gcd) and reduced by fraction-free Gaussian
 * elimination, so the rank test has no tolerance. Reading the doubles this way matters: 7 · (25/7 as a double) is
 * not exactly 25, so the rows (1, −25/7) and (7, −25) would look independent to exact arithmetic on raw doubles.
 */
const SNAP_DIGITS = 12n;

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A double as numerator/denominator (denominator > 0). */
export function toFraction(x: number): [bigint, bigint] {
  checkNumber(x, 'a coefficient');
  if (Number.isInteger(x)) return [BigInt(x), 1n];
  // Exact value m / 2^k.
  let y = x;
  let k = 0;
  while (!Number.isInteger(y)) {
    y *= 2;
    k++;
  }
  const m = BigInt(y);
  const d = 1n << BigInt(k);
  // Convergents p/q of m/d until |m/d − p/q| <= 10^-12 · |m/d|, i.e. |m·q − p·d| · 10^12 <= |m| · q.
  const scale = 10n ** SNAP_DIGITS;
  let [p0, q0, p1, q1] = [0n, 1n, 1n, 0n];
  let [num, den] = [m, d];
  for (;;) {
    let a = num / den;
    if (num % den !== 0n && num < 0n) a -= 1n; // floor
    [p0, p1] = [p1, a * p1 + p0];
    [q0, q1] = [q1, a * q1 + q0];
    if (abs(m * q1 - p1 * d) * scale <= abs(m) * q1) return [p1, q1];
    const rest = num - a * den;
    if (rest === 0n) return [p1, q1];
    [num, den] = [den, rest];
  }
}

type SparseRow = Map<number, bigint>;

function primitive(row: SparseRow): SparseRow {
  let g = 0n;
  for (const v of row.values()) g = gcd(g, v);
  if (g > 1n) for (const [j, v] of row) row.set(j, v / g);
  return row;
}

function integerRow(terms: Linear, index: (name: string) => number | undefined): SparseRow | undefined {
  const fractions: [number, bigint, bigint][] = [];
  for (const [name, c] of Object.entries(terms)) {
    if (c === 0) continue;
    const j = index(name);
    if (j === undefined) return undefined;
    const [p, q] = toFraction(c);
    fractions.push([j, p, q]);
  }
  let lcm = 1n;
  for (const [, , q] of fractions) lcm = (lcm / gcd(lcm, q)) * q;
  const row: SparseRow = new Map();
  for (const [j, p, q] of fractions) row.set(j, p * (lcm / q));
  return primitive(row);
}

interface Echelon {
  equalities: number;
  index: Map<string, number>;
  /** In insertion order: pivot row i is zero at the pivot columns of rows 0..i−1. */
  pivots: { col: number; row: SparseRow }[];
}

/** Eliminates every pivot column from `row` (in place), in the pivots' order. */
function reduce(row: SparseRow, pivots: Echelon['pivots']) {
  for (const { col, row: pivot } of pivots) {
    const a = row.get(col);
    if (a === undefined) continue;
    const b = pivot.get(col)!;
    // row := b·row − a·pivot, which is zero at col.
    for (const [j, v] of row) row.set(j, b * v);
    for (const [j, v] of pivot) {
      const next = (row.get(j) ?? 0n) - a * v;
      if (next === 0n) row.delete(j);
      else row.set(j, next);
    }
    primitive(row);
  }
}

const echelons = new WeakMap<LinearSystem['equalities'], Echelon>();

function echelonOf(system: LinearSystem): Echelon {
  const cached = echelons.get(system.equalities);
  if (cached && cached.equalities === system.equalities.length) return cached;
  const index = new Map<string, number>();
  const echelon: Echelon = { equalities: system.equalities.length, index, pivots: [] };
  for (const e of system.equalities) {
    const row = integerRow(e.terms, (name) => {
      if (!index.has(name)) index.set(name, index.size);
      return index.get(name);
    })!;
    reduce(row, echelon.pivots);
    if (row.size === 0) continue;
    // Pivot on the smallest coefficient: keeps the numbers small.
    let col = -1;
    let best = 0n;
    for (const [j, v] of row)
      if (col < 0 || abs(v) < best) {
        col = j;
        best = abs(v);
      }
    echelon.pivots.push({ col, row });
  }
  echelons.set(system.equalities, echelon);
  return echelon;
}

/**
 * Whether the equalities alone (no bounds, no inequalities, no integrality) fix the target: whether it is a linear
 * combination of their left-hand sides. Exact (see above); the right-hand sides are not used. The reduced equalities
 * are cached per `system.equalities` array and recomputed when its length changes, so calling this for many targets
 * costs one elimination (do not edit an equality in place between calls).
 */
export function isDetermined(system: LinearSystem, target: string | Linear): boolean {
  const echelon = echelonOf(system);
  const row = integerRow(toLinear(target), (name) => echelon.index.get(name));
  if (row === undefined) return false; // a variable that no equality mentions
  reduce(row, echelon.pivots);
  return row.size === 0;
}
