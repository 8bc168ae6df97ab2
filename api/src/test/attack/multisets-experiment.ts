/**
 * Experiment, not a test: how often do a group's published statistics pin down every score in it? For choosing from
 * which n on the sd (and a CI, which is the sd again) and the quartiles may be shown.
 *
 *   cd api && node --import @swc-node/register/esm-register src/test/attack/multisets-experiment.ts [groups] [decimals]
 *
 * For single-item scores (grid 1..5) and 2-item means (grid 1, 1.5, …, 5), for n = 5..25, it draws `groups` random
 * groups (default 400) and prints the share whose multiset of scores is the only one consistent with
 *   (a) n + mean + sd, (b) n + mean + sd + median + q1 + q3, (c) n + mean + median + q1 + q3, (d) n + mean,
 *   (e) n + mean + sd + median.
 * With `decimals`, the statistics are published rounded to that many decimals (and compared with half a unit of the
 * last decimal); by default they are full doubles, as the API returns them.
 *
 * Groups: 80 % plausible survey data (a group level around 3.2–4.2, a respondent level around it with a spread of
 * 0.6–1.2, each item that level plus noise, rounded and clipped to 1..5) and 20 % uniform answers.
 */
import { consistentMultisets, statsOf, type GroupStats } from './multisets.js';

const groupsPerCell = Number(process.argv[2] ?? 400);
const decimals = process.argv[3] === undefined ? null : Number(process.argv[3]);

let seed = 20240611;
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
const clip = (x: number) => Math.min(5, Math.max(1, Math.round(x)));

function drawGroup(n: number, items: number): number[] {
  const uniform = random() < 0.2;
  const level = 3.2 + random();
  const spread = 0.6 + 0.6 * random();
  return Array.from({ length: n }, () => {
    const person = level + spread * normal();
    let total = 0;
    for (let i = 0; i < items; i++)
      total += uniform ? 1 + Math.floor(random() * 5) : clip(person + 0.5 * normal());
    return total / items;
  });
}

const LIKERT = [1, 2, 3, 4, 5];
const HALVES = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

const round = (x: number | null) =>
  x === null || decimals === null ? x : Math.round(x * 10 ** decimals) / 10 ** decimals;
const tolerance = decimals === null ? 1e-6 : 0.5 * 10 ** -decimals + 1e-9;

const variants: [string, (s: Required<GroupStats>) => GroupStats][] = [
  ['mean+sd', (s) => ({ n: s.n, mean: s.mean, sd: s.sd })],
  ['mean+sd+quartiles', (s) => s],
  ['mean+quartiles', (s) => ({ n: s.n, mean: s.mean, median: s.median, q1: s.q1, q3: s.q3 })],
  ['mean', (s) => ({ n: s.n, mean: s.mean })],
  ['mean+sd+median', (s) => ({ n: s.n, mean: s.mean, sd: s.sd, median: s.median })],
];

const started = performance.now();
console.log(
  `${groupsPerCell} groups per cell; statistics ${decimals === null ? 'as doubles (tolerance 1e-6)' : `rounded to ${decimals} decimals`}.` +
    ' Share of groups whose scores are all determined:\n',
);
for (const [label, items, grid] of [
  ['single item, 1..5', 1, LIKERT],
  ['mean of 2 items, 1..5 by 0.5', 2, HALVES],
] as const) {
  console.log(`### ${label}\n`);
  console.log(
    `| n | ${variants.map(([name]) => `(${'abcde'[variants.findIndex(([v]) => v === name)]}) ${name}`).join(' | ')} |`,
  );
  console.log(`|---|${variants.map(() => '---:').join('|')}|`);
  for (let n = 5; n <= 25; n++) {
    const unique = variants.map(() => 0);
    for (let g = 0; g < groupsPerCell; g++) {
      const exact = statsOf(drawGroup(n, items));
      const published: Required<GroupStats> = {
        n,
        mean: round(exact.mean)!,
        sd: round(exact.sd),
        median: round(exact.median),
        q1: round(exact.q1),
        q3: round(exact.q3),
      };
      variants.forEach(([, pick], v) => {
        if (consistentMultisets(pick(published), [...grid], { tolerance, limit: 2 }).length === 1)
          unique[v]!++;
      });
    }
    const pct = (count: number) => `${((100 * count) / groupsPerCell).toFixed(1)} %`;
    console.log(`| ${n} | ${unique.map(pct).join(' | ')} |`);
  }
  console.log('');
}
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
