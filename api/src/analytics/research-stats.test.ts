import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { insertSubmissions } from '../demo/bulk.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { closeRound, openRound, publishInstrument } from '../test/rounds.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { cronbachAlpha, feldtInterval, hedgesG } from './stats.js';
import { skipWithout } from '../test/research-tools.js';
import { parseRows, runR } from './test/rscript.js';

/**
 * The new statistics against R: Hedges' g with its interval and Feldt's interval for alpha, computed by R in base R
 * from the raw values (the formulas as the literature gives them, below), compared to 1e-9 — first for the
 * functions in `stats.ts`, then for what the API returns from answers stored in the database.
 *
 * - Hedges' g: Borenstein, Hedges, Higgins & Rothstein, Introduction to Meta-Analysis (Wiley 2009), eqs. 4.18–4.24.
 * - Feldt: Feldt, Woodruff & Salih (1987), Applied Psychological Measurement 11(1), 93–103, eq. 12 (as
 *   `psych::alpha.ci`, which is not installed here, computes it).
 */

const close = (actual: number | null | undefined, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThan(1e-9);
};

/** A small deterministic generator (an LCG), so that R and the test see the same "random" data. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const summary = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    n: xs.length,
    mean,
    sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)),
  };
};
const variance = (xs: number[]) => summary(xs).sd ** 2;

const R_HEDGES = String.raw`
lines <- readLines(file("stdin"))
for (ln in lines) {
  p <- strsplit(ln, "|", fixed = TRUE)[[1]]
  a <- as.numeric(strsplit(p[2], ",")[[1]]); b <- as.numeric(strsplit(p[3], ",")[[1]])
  n1 <- length(a); n2 <- length(b); df <- n1 + n2 - 2
  sp <- sqrt(((n1 - 1) * var(a) + (n2 - 1) * var(b)) / df)
  d <- (mean(b) - mean(a)) / sp
  J <- 1 - 3 / (4 * df - 1)
  g <- J * d
  vg <- J^2 * ((n1 + n2) / (n1 * n2) + d^2 / (2 * (n1 + n2)))
  z <- qnorm(0.975)
  cat(p[1], sprintf("%.17g", c(g, g - z * sqrt(vg), g + z * sqrt(vg))), "\n")
}`;

const R_FELDT = String.raw`
lines <- readLines(file("stdin"))
for (ln in lines) {
  p <- strsplit(ln, "|", fixed = TRUE)[[1]]
  rows <- lapply(strsplit(p[-1], ","), as.numeric)
  X <- do.call(rbind, rows)
  n <- nrow(X); k <- ncol(X)
  alpha <- k / (k - 1) * (1 - sum(apply(X, 2, var)) / var(rowSums(X)))
  lo <- 1 - (1 - alpha) * qf(0.975, n - 1, (n - 1) * (k - 1))
  hi <- 1 - (1 - alpha) * qf(0.025, n - 1, (n - 1) * (k - 1))
  cat(p[1], sprintf("%.17g", c(alpha, lo, hi)), "\n")
}`;

function alphaOf(matrix: number[][]) {
  const k = matrix[0]!.length;
  const columns = Array.from({ length: k }, (_, j) => matrix.map((row) => row[j]!));
  const totals = matrix.map((row) => row.reduce((s, x) => s + x, 0));
  return cronbachAlpha(
    k,
    columns.map(variance).reduce((s, v) => s + v, 0),
    variance(totals),
  );
}

describe.skipIf(skipWithout('R'))("Hedges' g and Feldt's interval against R", () => {
  it("Hedges' g and its 95% interval for groups of 2 to 60, equal and unequal, on 1–5 scores and decimals", () => {
    const random = generator(16);
    const cases: { label: string; a: number[]; b: number[] }[] = [];
    const sizes: [number, number][] = [
      [2, 2],
      [2, 9],
      [3, 7],
      [5, 5],
      [12, 30],
      [60, 41],
    ];
    for (const [i, [n1, n2]] of sizes.entries()) {
      cases.push({
        label: `likert${i}`,
        a: Array.from({ length: n1 }, (_, j) => (j < 2 ? j + 2 : 1 + Math.floor(random() * 5))),
        b: Array.from({ length: n2 }, (_, j) => (j < 2 ? 5 - j : 1 + Math.floor(random() * 5))),
      });
      cases.push({
        label: `mean${i}`,
        a: Array.from({ length: n1 }, () => 1 + Math.round(random() * 400) / 100),
        b: Array.from({ length: n2 }, () => 1.5 + Math.round(random() * 350) / 100),
      });
    }
    const r = parseRows(
      runR(R_HEDGES, cases.map((c) => `${c.label}|${c.a.join(',')}|${c.b.join(',')}`).join('\n')),
    );
    expect(r.size).toBe(cases.length);
    for (const c of cases) {
      const [g, low, high] = r.get(c.label)!;
      const ours = hedgesG(summary(c.a), summary(c.b))!;
      close(ours.g, g!);
      close(ours.low, low!);
      close(ours.high, high!);
    }
  });

  it("Hedges' g: the worked example of Borenstein et al. (2009), section 4.3", () => {
    // Means 103 and 100, SD 5.5 and 4.5, n 50 and 50: d = 0.5970, V_d = 0.0418, J = 0.9923, g = 0.5924, V_g = 0.0411.
    const result = hedgesG({ n: 50, mean: 100, sd: 4.5 }, { n: 50, mean: 103, sd: 5.5 })!;
    expect(result.d).toBeCloseTo(0.597, 4);
    expect(result.j).toBeCloseTo(0.9923, 4);
    expect(result.g).toBeCloseTo(0.5924, 4);
    expect(((result.high - result.low) / (2 * 1.959963984540054)) ** 2).toBeCloseTo(0.0411, 4);
  });

  it("Hedges' g is null where it cannot be made: a group of 1, or no spread at all", () => {
    expect(hedgesG({ n: 1, mean: 3, sd: NaN }, { n: 9, mean: 4, sd: 1 })).toBeNull();
    expect(hedgesG({ n: 5, mean: 3, sd: 0 }, { n: 5, mean: 4, sd: 0 })).toBeNull();
  });

  it("Feldt's interval for alpha: 2 to 6 items, 3 to 80 respondents, and a negative alpha", () => {
    const random = generator(1987);
    const cases: { label: string; matrix: number[][] }[] = [];
    const shapes: [number, number][] = [
      [3, 2],
      [6, 2],
      [10, 3],
      [25, 4],
      [80, 6],
    ];
    for (const [i, [n, k]] of shapes.entries()) {
      cases.push({
        label: `a${i}`,
        matrix: Array.from({ length: n }, () => {
          const level = random() * 4;
          return Array.from({ length: k }, () => 1 + Math.min(4, Math.round(level + random() * 1.5 - 0.5)));
        }),
      });
    }
    // Two items that disagree: alpha below zero, where Feldt's interval is still defined.
    cases.push({
      label: 'negative',
      matrix: [
        [1, 5],
        [2, 4],
        [3, 3],
        [4, 2],
        [5, 2],
        [2, 3],
      ],
    });
    const r = parseRows(
      runR(
        R_FELDT,
        cases.map((c) => `${c.label}|${c.matrix.map((row) => row.join(',')).join('|')}`).join('\n'),
      ),
    );
    expect(r.size).toBe(cases.length);
    for (const c of cases) {
      const [alpha, low, high] = r.get(c.label)!;
      const ours = alphaOf(c.matrix);
      close(ours, alpha!);
      const interval = feldtInterval(ours, c.matrix.length, c.matrix[0]!.length)!;
      close(interval.low, low!);
      close(interval.high, high!);
      expect(interval.low).toBeLessThan(ours!);
      expect(interval.high).toBeGreaterThan(ours!);
    }
    expect(r.get('negative')![0]).toBeLessThan(0);
  });

  it("Feldt's interval is null without an alpha, or with one respondent or one item", () => {
    expect(feldtInterval(null, 30, 4)).toBeNull();
    expect(feldtInterval(0.8, 1, 4)).toBeNull();
    expect(feldtInterval(0.8, 30, 1)).toBeNull();
  });
});

// ---- What the API returns, from answers in the database, against R on the same answers.

const { SERVICE_USER, PROFESSIONAL, CONSULTANT } = RespondentRole;

describe.skipIf(skipWithout('R'))(
  'the API’s unpaired change and reliability against R on the stored answers',
  () => {
    let server: TestServer;
    let researcher: GraphQLClient;
    let manager: GraphQLClient;
    let projectId: string;
    const rounds: Record<'a' | 'b' | 'small', string> = { a: '', b: '', small: '' };
    /** [hope_1, hope_2] per respondent, per round and role. */
    const answers = new Map<string, Map<RespondentRole, [number, number][]>>();

    beforeAll(async () => {
      server = await startTestServer();
      const em = server.db.orm.em.fork();
      const project = await makeProject(em, 'Effektstørrelse');
      projectId = project.id;
      const author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
      researcher = server.client({ session: await makeSession(em, author) });
      manager = server.client({
        session: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] })),
      });
      const instrumentId = await publishInstrument(em, project, author);
      const random = generator(42);
      const sizes = {
        a: { SERVICE_USER: 7, PROFESSIONAL: 6, CONSULTANT: 8 },
        b: { SERVICE_USER: 9, PROFESSIONAL: 6, CONSULTANT: 6 },
        small: { SERVICE_USER: 4, PROFESSIONAL: 6, CONSULTANT: 2 },
      };
      let day = 1;
      for (const key of ['a', 'b', 'small'] as const) {
        const round = await openRound(em, project, author, instrumentId, {
          label: key,
          k: 3,
          opensAt: new Date(Date.UTC(2025, 0, day++, 8)),
        });
        rounds[key] = round.roundId;
        const byRole = new Map<RespondentRole, [number, number][]>();
        for (const role of [SERVICE_USER, PROFESSIONAL, CONSULTANT]) {
          const shift = key === 'b' ? 1 : 0;
          const values = Array.from({ length: sizes[key][role] }, (): [number, number] => {
            const level = random() * 3 + shift;
            // hope_2 is reverse-scored: a high level gives a low hope_2.
            return [
              Math.max(1, Math.min(5, Math.round(1 + level + random()))),
              Math.max(1, Math.min(5, Math.round(5 - level - random() + 0.5))),
            ];
          });
          byRole.set(role, values);
          await insertSubmissions(
            em,
            round.roundId,
            sampleDefinition(),
            role,
            values.map(([h1, h2]) => ({
              submittedOn: '2025-02-01',
              answers: [
                { item: 'contact', number: 1 },
                { item: 'hope_1', number: h1 },
                { item: 'hope_2', number: h2 },
              ],
            })),
          );
        }
        answers.set(key, byRole);
        await closeRound(server.db.orm, author, round);
      }
    });
    afterAll(async () => {
      await server?.stop();
    });

    const scores = (round: 'a' | 'b', roles: RespondentRole[]) =>
      roles.flatMap((role) =>
        answers
          .get(round)!
          .get(role)!
          .map(([h1, h2]) => (h1 + (6 - h2)) / 2),
      );

    const CHANGE = `query ($p: UUID!, $f: UUID!, $t: UUID!, $r: RespondentRole) {
    roundChange(projectId: $p, fromRoundId: $f, toRoundId: $t, construct: "hope", role: $r) {
      from { n mean sd } to { n mean sd }
      unpaired { design suppressed spreadSuppressed difference hedgesG gCiLow gCiHigh }
      paired { design } } }`;

    it("gives Hedges' g and its interval for the unpaired change, over all roles and per role, as R does", async () => {
      const lines: string[] = [];
      const got = new Map<string, { hedgesG: number; gCiLow: number; gCiHigh: number }>();
      for (const role of [null, SERVICE_USER, CONSULTANT]) {
        const label = role ?? 'ALL';
        const roles = role ? [role] : [SERVICE_USER, PROFESSIONAL, CONSULTANT];
        lines.push(`${label}|${scores('a', roles).join(',')}|${scores('b', roles).join(',')}`);
        const result = await researcher.graphql<{
          roundChange: {
            unpaired: { design: string; suppressed: null; hedgesG: number; gCiLow: number; gCiHigh: number };
            paired: { design: string };
          };
        }>(CHANGE, { p: projectId, f: rounds.a, t: rounds.b, r: role });
        expect(result.body.errors).toBeUndefined();
        const change = result.body.data!.roundChange;
        expect(change.unpaired.design).toBe('UNPAIRED');
        expect(change.paired.design).toBe('PAIRED');
        got.set(label, change.unpaired);
      }
      const r = parseRows(runR(R_HEDGES, lines.join('\n')));
      for (const [label, unpaired] of got) {
        const [g, low, high] = r.get(label)!;
        close(unpaired.hedgesG, g!);
        close(unpaired.gCiLow, low!);
        close(unpaired.gCiHigh, high!);
      }
      // From the later round to the earlier, g turns round.
      const back = await researcher.graphql<{ roundChange: { unpaired: { hedgesG: number } } }>(CHANGE, {
        p: projectId,
        f: rounds.b,
        t: rounds.a,
        r: null,
      });
      close(back.body.data!.roundChange.unpaired.hedgesG, -r.get('ALL')![0]!);
    });

    it('hides g with the spread it is made from (a group under 2k), and says why', async () => {
      // Four service users in the small round with k = 3: the mean is shown, the sd (and so g) is not.
      const result = await researcher.graphql<{
        roundChange: {
          to: { sd: number | null };
          unpaired: {
            suppressed: string | null;
            spreadSuppressed: string | null;
            difference: number | null;
            hedgesG: number | null;
            gCiLow: number | null;
          };
        };
      }>(CHANGE, { p: projectId, f: rounds.a, t: rounds.small, r: SERVICE_USER });
      expect(result.body.errors).toBeUndefined();
      const change = result.body.data!.roundChange;
      expect(change.to.sd).toBeNull();
      expect(change.unpaired.suppressed).toBeNull();
      expect(change.unpaired.difference).not.toBeNull();
      expect(change.unpaired.spreadSuppressed).toBe('TOO_FEW');
      expect(change.unpaired.hedgesG).toBeNull();
      expect(change.unpaired.gCiLow).toBeNull();
      // Two consultants (under k): nothing of the unpaired change at all, g included; the professionals hidden as
      // their complement likewise.
      for (const role of [CONSULTANT, PROFESSIONAL]) {
        const hidden = await researcher.graphql<{
          roundChange: {
            unpaired: { suppressed: string | null; difference: number | null; hedgesG: number | null };
          };
        }>(CHANGE, { p: projectId, f: rounds.a, t: rounds.small, r: role });
        expect(hidden.body.errors).toBeUndefined();
        expect(hidden.body.data!.roundChange.unpaired).toMatchObject({
          suppressed: role === CONSULTANT ? 'TOO_FEW' : 'SECONDARY',
          difference: null,
          hedgesG: null,
        });
      }
    });

    it('gives managers g only as a function of the from and to numbers they are shown (nothing new to subtract)', async () => {
      const result = await manager.graphql<{
        roundChange: {
          from: { n: number; mean: number; sd: number };
          to: { n: number; mean: number; sd: number };
          unpaired: { hedgesG: number; gCiLow: number; gCiHigh: number };
        };
      }>(CHANGE, { p: projectId, f: rounds.a, t: rounds.b, r: SERVICE_USER });
      expect(result.body.errors).toBeUndefined();
      const { from, to, unpaired } = result.body.data!.roundChange;
      const again = hedgesG(from, to)!;
      expect(unpaired.hedgesG).toBe(again.g);
      expect(unpaired.gCiLow).toBe(again.low);
      expect(unpaired.gCiHigh).toBe(again.high);
    });

    it("gives Feldt's interval beside every alpha, as R does on the complete cases, and none where alpha is hidden", async () => {
      const RELIABILITY = `query ($p: UUID!, $w: UUID!) { reliability(projectId: $p, roundId: $w) {
      role construct items suppressed n alpha alphaCiLow alphaCiHigh } }`;
      const result = await researcher.graphql<{
        reliability: {
          role: RespondentRole;
          construct: string;
          items: number;
          suppressed: string | null;
          n: number | null;
          alpha: number | null;
          alphaCiLow: number | null;
          alphaCiHigh: number | null;
        }[];
      }>(RELIABILITY, { p: projectId, w: rounds.a });
      expect(result.body.errors).toBeUndefined();
      const hope = result.body.data!.reliability.filter((c) => c.construct === 'hope');
      expect(hope).toHaveLength(3);
      const lines = hope.map(
        (c) =>
          `${c.role}|${answers
            .get('a')!
            .get(c.role)!
            .map(([h1, h2]) => `${h1},${6 - h2}`)
            .join('|')}`,
      );
      const r = parseRows(runR(R_FELDT, lines.join('\n')));
      for (const cell of hope) {
        const [alpha, low, high] = r.get(cell.role)!;
        expect(cell.suppressed).toBeNull();
        close(cell.alpha, alpha!);
        close(cell.alphaCiLow, low!);
        close(cell.alphaCiHigh, high!);
      }
      // role_1 is one item: no alpha, so no interval either.
      const clarity = result.body.data!.reliability.filter((c) => c.construct === 'role_clarity');
      expect(clarity.every((c) => c.alpha === null && c.alphaCiLow === null && c.alphaCiHigh === null)).toBe(
        true,
      );
      const small = await researcher.graphql<{
        reliability: {
          role: string;
          suppressed: string | null;
          alphaCiLow: number | null;
          alphaCiHigh: number | null;
        }[];
      }>(RELIABILITY, { p: projectId, w: rounds.small });
      const hidden = small.body.data!.reliability.filter((c) => c.suppressed);
      expect(hidden.length).toBeGreaterThan(0);
      expect(hidden.every((c) => c.alphaCiLow === null && c.alphaCiHigh === null)).toBe(true);
    });
  },
);
