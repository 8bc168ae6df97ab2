import { afterAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { attack, type Finding, type Moment, type Structure } from '../test/attack/attacker.js';
import { collect, type Landscape } from '../test/attack/collect.js';
import { insiderAudit, snapshotAnswers, type Answers } from '../test/attack/insider.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import {
  closeRound,
  CONSULTANT,
  openRound,
  PROFESSIONAL,
  publishInstrument,
  reopenRound,
  SERVICE_USER,
  submit,
  withdraw,
  type Respondent,
  type TestRound,
} from '../test/rounds.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { STRICT, type DisclosurePolicy } from './disclosure.js';

/**
 * A determined manager against Verdi's disclosure control. A fixture made to be hard — groups of 0, 1, 2, k−1, k and
 * k+1, a role missing in a round, a round for consultants only, a duplicate linkage code, pairs with one person left
 * over, a withdrawal after close, and a reopened round with a late answer — is built the way researchers and
 * participants build one. The manager then collects everything they can see at each moment and does the arithmetic
 * (`test/attack/attacker.ts`). With Verdi's rules the attacker must find nothing; with each rule switched off, it must
 * find what that rule is there to stop.
 */

const k = 5;
const hopes = (role: Respondent['role'], values: number[], codes?: (string | undefined)[]): Respondent[] =>
  values.map((hope, i) => ({ role, hope, clarity: [2, 4, 3, 5, 1, 4, 2, 3][i % 8]!, linkage: codes?.[i] }));
const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

interface Run {
  server: TestServer;
  moments: Moment[];
  structure: Structure;
  answers: Map<string, Answers>;
}

/**
 * `thorough`: every filter separately, and three moments. Otherwise one view of everything: at one moment, or, with
 * `changes`, at the three.
 */
async function run(policy: DisclosurePolicy, thorough: boolean, changes: boolean): Promise<Run> {
  const server = await startTestServer({ disclosure: policy });
  const em = server.db.orm.em.fork();
  const orm = server.db.orm;
  const project = await makeProject(em, 'Angrepet');
  const other = await makeProject(em, 'Bare konsulenter');
  const author = await makeUser(em, {
    roles: [
      [project, ProjectRole.RESEARCHER],
      [other, ProjectRole.RESEARCHER],
    ],
  });
  const manager = server.client({
    session: await makeSession(
      em,
      await makeUser(em, {
        roles: [
          [project, ProjectRole.MANAGER],
          [other, ProjectRole.MANAGER],
        ],
      }),
    ),
  });
  const instrument = await publishInstrument(em, project, author);
  const otherInstrument = await publishInstrument(em, other, author);
  const opensAt = (day: number) => new Date(Date.UTC(2025, 0, day, 8));

  // A, baseline: one consultant (k−4), eight professionals, sixteen service users with a hope score — nine who
  // answered both hope items, one who answered only one (a partial answerer), one (y) who will skip B, five without a
  // code — and two without a score.
  const a = await openRound(em, project, author, instrument, { label: 'A', opensAt: opensAt(1) });
  const both = [1, 2, 4, 3, 2, 1, 3, 2, 4];
  await submit(
    orm,
    a,
    hopes(SERVICE_USER, [5, 4, 4, 3, 5, 2, 4, 3, 5, 4], codes('s', 10)).map((r, i) => ({
      ...r,
      hope2: both[i],
    })),
  );
  await submit(orm, a, [{ role: SERVICE_USER, hope: 2, hope2: 3, clarity: 3, linkage: 'y' }]);
  const aServiceUsers = await submit(
    orm,
    a,
    hopes(SERVICE_USER, [3, 4, 5, 4, 3]).map((r) => ({ ...r, hope2: 2 })),
  );
  await submit(orm, a, [
    { role: SERVICE_USER, hope: null },
    { role: SERVICE_USER, hope: null },
  ]);
  await submit(orm, a, hopes(PROFESSIONAL, [3, 2, 4, 3, 2, 4, 5, 3], codes('p', 8)));
  await submit(orm, a, hopes(CONSULTANT, [4], ['c0']));
  // B, six months: the ten coded service users again and five new, the eight professionals and one more, two
  // consultants (2).
  const b = await openRound(em, project, author, instrument, { label: 'B', opensAt: opensAt(2) });
  await submit(orm, b, hopes(SERVICE_USER, [5, 5, 4, 4, 5, 3, 4, 4, 5, 5, 2, 3, 4, 5, 4], codes('s', 10)));
  await submit(orm, b, hopes(PROFESSIONAL, [4, 3, 4, 3, 2, 4, 5, 4, 3], codes('p', 8)));
  await submit(orm, b, hopes(CONSULTANT, [5, 4], ['c0', 'c1']));
  // C, twelve months: the ten coded service users, y (who skipped B: three rounds make a cycle) and five new;
  // four professionals (k−1); six consultants, one code made twice.
  const c = await openRound(em, project, author, instrument, { label: 'C', opensAt: opensAt(3) });
  await submit(
    orm,
    c,
    hopes(SERVICE_USER, [4, 5, 3, 4, 4, 5, 3, 4, 2, 5, 4, 3, 5, 4, 4, 3], [...codes('s', 10), 'y']),
  );
  await submit(orm, c, hopes(PROFESSIONAL, [3, 4, 4, 2], codes('p', 4)));
  await submit(orm, c, hopes(CONSULTANT, [5, 4, 4, 3, 5, 4], ['c0', 'c0', 'c1', 'c3', 'c4', 'c5']));
  // D, a course: twenty service users, five professionals (k), no consultants.
  const d = await openRound(em, project, author, instrument, {
    label: 'D',
    opensAt: opensAt(4),
    linkage: false,
  });
  await submit(
    orm,
    d,
    hopes(
      SERVICE_USER,
      Array.from({ length: 20 }, (_, i) => [4, 5, 3, 4, 2][i % 5]!),
    ),
  );
  await submit(orm, d, hopes(PROFESSIONAL, [3, 4, 2, 4, 5]));
  // E and F, another project: consultants only, k + 1 of them, then the same six and one more (one unpaired).
  const e = await openRound(em, other, author, otherInstrument, { label: 'E', opensAt: opensAt(5) });
  await submit(orm, e, hopes(CONSULTANT, [4, 3, 5, 4, 2, 5], codes('k', 6)));
  const f = await openRound(em, other, author, otherInstrument, { label: 'F', opensAt: opensAt(6) });
  await submit(orm, f, hopes(CONSULTANT, [5, 3, 5, 4, 3, 5, 2], codes('k', 6)));
  const rounds = [a, b, c, d, e, f];
  for (const round of rounds) await closeRound(orm, author, round);
  const answers = await snapshotAnswers(em);

  const landscape: Landscape = {
    projects: [
      { id: project.id, rounds: [a.roundId, b.roundId, c.roundId, d.roundId] },
      { id: other.id, rounds: [e.roundId, f.roundId] },
    ],
    constructs: ['hope', 'role_clarity'],
    items: ['hope_1', 'hope_2', 'role_1'],
  };
  const all = new Set(rounds.map((r) => r.roundId));
  const moments: Moment[] = [];
  const moment = async (label: string, noneAdded: Set<string>, noneRemoved: Set<string>) =>
    moments.push({
      label,
      // Every filter once: a filter that changed a number would show at the first moment as well as later.
      seen: await collect(manager, landscape, thorough && moments.length === 0),
      noneAdded,
      noneRemoved,
      sameNEverywhere: true,
    });
  await moment('after closing', all, all);
  if (!thorough && !changes) return { server, moments, structure: structureOf(rounds), answers };

  // One service user withdraws from A after it closed.
  await withdraw(orm, aServiceUsers.slice(0, 1));
  await moment('after a withdrawal', all, new Set([...all].filter((id) => id !== a.roundId)));

  // B is reopened for one late service user, and closed again.
  await reopenRound(orm, author, b);
  await submit(orm, b, hopes(SERVICE_USER, [1]));
  await closeRound(orm, author, b);
  await snapshotAnswers(em, answers);
  await moment('after a late answer', new Set([...all].filter((id) => id !== b.roundId)), all);
  return { server, moments, structure: structureOf(rounds), answers };
}

/** What the attacker knows of the instrument: it is no secret. */
function structureOf(rounds: TestRound[]): Structure {
  return {
    rounds: rounds.map((r, order) => ({ id: r.roundId, k, order })),
    constructs: [
      {
        key: 'hope',
        roles: [SERVICE_USER, PROFESSIONAL, CONSULTANT],
        items: Object.fromEntries(
          [SERVICE_USER, PROFESSIONAL, CONSULTANT].map((r) => [
            r,
            [
              { key: 'hope_1', reverse: false },
              { key: 'hope_2', reverse: true },
            ],
          ]),
        ),
      },
      {
        key: 'role_clarity',
        roles: [PROFESSIONAL, CONSULTANT],
        items: {
          PROFESSIONAL: [{ key: 'role_1', reverse: false }],
          CONSULTANT: [{ key: 'role_1', reverse: false }],
        },
      },
    ],
    likert: [
      {
        key: 'hope_1',
        construct: 'hope',
        roles: [SERVICE_USER, PROFESSIONAL, CONSULTANT],
        points: [1, 2, 3, 4, 5],
      },
      {
        key: 'hope_2',
        construct: 'hope',
        roles: [SERVICE_USER, PROFESSIONAL, CONSULTANT],
        points: [1, 2, 3, 4, 5],
      },
      {
        key: 'role_1',
        construct: 'role_clarity',
        roles: [PROFESSIONAL, CONSULTANT],
        points: [1, 2, 3, 4, 5],
      },
    ],
    scale: [1, 5],
  };
}

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function findings(policy: DisclosurePolicy, thorough = false, changes = false): Promise<Finding[]> {
  const result = await run(policy, thorough, changes);
  servers.push(result.server);
  const found = [
    ...(await attack(result.structure, result.moments)),
    ...(policy.releases
      ? await insiderAudit(result.server.db.orm.em.fork(), result.structure, result.answers, result.moments)
      : []),
  ];
  if (process.env.ATTACK_DEBUG) console.log(JSON.stringify(policy), found);
  return found;
}

const kinds = (list: Finding[]) => [...new Set(list.map((f) => f.kind))].sort();

describe('a determined manager', () => {
  it("finds nothing with Verdi's rules, whatever the filters, views, rounds and moments", async () => {
    const found = await findings(STRICT, true);
    expect(found).toEqual([]);
  }, 240_000);

  it('works hidden groups out by subtraction without complements', async () => {
    const found = await findings({ ...STRICT, complements: 'none' });
    expect(kinds(found)).toEqual(expect.arrayContaining(['hidden-sum-determined', 'small-remainder']));
  }, 120_000);

  it("pins a hidden group's size with the old complements (the smallest other role)", async () => {
    const found = await findings({ ...STRICT, complements: 'naive' });
    expect(kinds(found)).toContain('hidden-count-pinned');
  }, 120_000);

  it("counts hidden groups across constructs, a leftover person's score through pairs, a partial answerer's score through items, and a cycle's change, without linked views", async () => {
    const found = await findings({ ...STRICT, linked: false });
    expect(kinds(found)).toEqual(
      expect.arrayContaining([
        'hidden-count-pinned',
        'small-unpaired-group',
        'hidden-sum-determined',
        'small-change',
      ]),
    );
    // The insider's two: one person's score (the partial answerer) and one person's change (y, over the cycle).
    expect(found.some((f) => f.what.startsWith('one SERVICE_USER') && f.what.includes('score'))).toBe(true);
    expect(found.some((f) => f.what.startsWith('one SERVICE_USER') && f.what.includes('change'))).toBe(true);
  }, 120_000);

  it('reads every value of a group of k from its quartiles and spread', async () => {
    const found = await findings({ ...STRICT, spreadFactor: 1, quartileFactor: 1 });
    expect(kinds(found)).toContain('values-pinned');
  }, 120_000);

  it("reads a withdrawn person's score and a late answer from two moments without releases", async () => {
    const found = await findings({ ...STRICT, releases: false }, false, true);
    expect(found.filter((f) => f.kind === 'small-change').length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
