import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { insertSubmissions } from '../demo/bulk.js';
import { RespondentRole, type InstrumentDefinition, type Item } from '../instruments/definition.types.js';
import { likert, sampleDefinition } from '../instruments/test/sample-definition.js';
import type { Project } from '../projects/project.entity.js';
import type { AnswerValue } from '../responses/answer.rules.js';
import { SurveyService } from '../responses/survey.service.js';
import { feasibleRange, isDetermined, type LinearSystem } from '../test/attack/solver.js';
import { makeOpenRound, makeProject, makeRoundActivity, makeSession, makeUser } from '../test/factories.js';
import { openRound, publishInstrument } from '../test/rounds.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { STRICT, type DisclosurePolicy } from './disclosure.js';

/**
 * The item-level missingness report: every state counted right (checked against a count made here, item by item,
 * from what each synthetic respondent was given), researchers only, and small roles hidden so that no hidden role's
 * numbers — the one peer worker's skipped items above all — come out by subtraction, for groups of 1, 2, k−1 and k.
 */

const { SERVICE_USER, PROFESSIONAL, CONSULTANT } = RespondentRole;
const ROLES = [SERVICE_USER, PROFESSIONAL, CONSULTANT];
const STATES = ['notAsked', 'hiddenByShowIf', 'answered', 'dontKnow', 'skipped'] as const;
type State = (typeof STATES)[number];
const k = 5;

/** The sample instrument plus an item for consultants alone, as peer-worker instruments have. */
function definition(): InstrumentDefinition {
  const d = sampleDefinition();
  d.sections[1]!.items.push(likert('peer_use', null, { roles: [CONSULTANT] }));
  return d;
}
const items: Item[] = definition().sections.flatMap((s) => s.items);

/** Answers for respondent i of a role: a mix of answered, "Vet ikke", skipped and hidden, only on shown items. */
function answersFor(role: RespondentRole, i: number): AnswerValue[] {
  const a: AnswerValue[] = [{ item: 'contact', number: i % 4 === 3 ? 0 : 1 }];
  const professional = role !== SERVICE_USER;
  if (i % 4 !== 3) {
    if (i % 5 === 1) a.push({ item: 'hope_1', notApplicable: true });
    else if (i % 5 !== 0) a.push({ item: 'hope_1', number: (i % 5) + 1 });
  }
  const hope2 = i % 3 === 2 ? 2 + (i % 4) : null;
  if (i % 3 === 1) a.push({ item: 'hope_2', notApplicable: true });
  else if (hope2 !== null) a.push({ item: 'hope_2', number: hope2 });
  if (professional && i % 2 === 0) a.push({ item: 'role_1', number: 3 });
  const workplace = professional ? (['ambulant', 'drop_in', null] as const)[i % 3]! : null;
  if (workplace) a.push({ item: 'workplace', choices: [workplace] });
  if (professional && i % 2 === 1) a.push({ item: 'years', number: 2.5 });
  if (workplace === 'ambulant' && i % 2 === 0)
    a.push({ item: 'value_text', text: 'Linje 1\nLinje 2 "sitat" =1+1 😀' });
  if (role === SERVICE_USER && hope2 !== null && hope2 > 2 && i % 2 === 0)
    a.push({ item: 'recommend', number: 8 });
  if (role === CONSULTANT && i % 2 === 0) a.push({ item: 'peer_use', number: 4 });
  return a;
}

/** The state of one item for one respondent, worked out here from what they were given (independently of SQL). */
function stateOf(item: Item, role: RespondentRole, given: AnswerValue[]): State {
  if (!item.roles.includes(role)) return 'notAsked';
  const byKey = new Map(given.map((g) => [g.item, g]));
  if (item.showIf) {
    const c = byKey.get(item.showIf.item);
    const shown =
      c !== undefined &&
      !c.notApplicable &&
      (c.choices
        ? c.choices.some((x) => item.showIf!.values.includes(x))
        : item.showIf.op === 'GREATER_THAN'
          ? c.number! > Number(item.showIf.values[0])
          : item.showIf.values.map(Number).includes(c.number!));
    if (!shown) return 'hiddenByShowIf';
  }
  const own = byKey.get(item.key);
  if (!own) return 'skipped';
  return own.notApplicable ? 'dontKnow' : 'answered';
}

function expectedCounts(sizes: Record<RespondentRole, number>, item: Item, roles: RespondentRole[]) {
  const counts: Record<State, number> = {
    notAsked: 0,
    hiddenByShowIf: 0,
    answered: 0,
    dontKnow: 0,
    skipped: 0,
  };
  for (const role of roles)
    for (let i = 0; i < sizes[role]; i++) counts[stateOf(item, role, answersFor(role, i))] += 1;
  return counts;
}

interface Counts extends Record<State, number> {
  responses: number;
  shown: number;
  answeredRate: number | null;
  dontKnowRate: number | null;
  skippedRate: number | null;
}
interface Report {
  responses: {
    codesIssued: number;
    codesUsed: number;
    codeUseRate: number | null;
    openLinkStarted: number;
    openLinkSubmitted: number;
    completionRate: number | null;
    inProgress: number;
    submitted: number;
    withdrawn: number;
    byRole: { role: RespondentRole; suppressed: string | null; submitted: number | null }[];
  };
  items: {
    item: string;
    roles: RespondentRole[];
    cells: { role: RespondentRole | null; suppressed: string | null; counts: Counts | null }[];
  }[];
}

const QUERY = `query ($w: UUID!) { roundMissingness(roundId: $w) {
  round { roundId minGroupSize }
  responses { codesIssued codesUsed codeUseRate openLinkStarted openLinkSubmitted completionRate inProgress
              submitted withdrawn byRole { role suppressed submitted } }
  items { item roles conditional cells { role suppressed counts {
    responses notAsked hiddenByShowIf shown answered dontKnow skipped answeredRate dontKnowRate skippedRate } } } } }`;

interface World {
  server: TestServer;
  project: Project;
  author: User;
  instrumentId: string;
  researcher: GraphQLClient;
  manager: GraphQLClient;
}

async function world(policy: DisclosurePolicy): Promise<World> {
  const server = await startTestServer({ disclosure: policy });
  const em = server.db.orm.em.fork();
  const project = await makeProject(em, 'Frafall');
  const author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  return {
    server,
    project,
    author,
    instrumentId: await publishInstrument(em, project, author, definition()),
    researcher: server.client({ session: await makeSession(em, author) }),
    manager: server.client({
      session: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] })),
    }),
  };
}

async function roundWith(w: World, sizes: Record<RespondentRole, number>): Promise<string> {
  const em = w.server.db.orm.em.fork();
  const round = await openRound(em, w.project, w.author, w.instrumentId, { label: randomUUID(), k });
  for (const role of ROLES) {
    await insertSubmissions(
      em,
      round.roundId,
      definition(),
      role,
      Array.from({ length: sizes[role] }, (_, i) => ({
        answers: answersFor(role, i),
        submittedOn: '2025-03-01',
      })),
    );
  }
  return round.roundId;
}

async function report(client: GraphQLClient, roundId: string): Promise<Report> {
  const result = await client.graphql<{ roundMissingness: Report }>(QUERY, { w: roundId });
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.roundMissingness;
}

// ---- The attacker: everything the report publishes as linear equations over the hidden numbers.

/**
 * Unknowns: each hidden role's size and its count in each state of each item (none where the instrument says the
 * state is impossible: a role not asked an item is "not asked" all through). Equations: the round's total is the
 * sum of the roles' sizes; each item's shown all-roles count is the sum of the roles'; each role's states add up to
 * its size. A hidden number that these equations fix is a leak (whatever bounds would add, equalities alone suffice).
 */
function leaks(r: Report, knownSizes?: Record<RespondentRole, number>): string[] {
  const hidden = r.responses.byRole.filter((b) => b.suppressed).map((b) => b.role);
  const shownSize = new Map(
    r.responses.byRole.filter((b) => !b.suppressed).map((b) => [b.role, b.submitted!]),
  );
  const system: LinearSystem = { equalities: [] };
  const size = (role: RespondentRole) => `n:${role}`;
  const cell = (item: string, role: RespondentRole, state: State) => `${item}:${role}:${state}`;
  const unknowns: string[] = hidden.map(size);
  system.equalities.push({
    terms: Object.fromEntries(hidden.map((role) => [size(role), 1])),
    value: r.responses.submitted - [...shownSize.values()].reduce((s, n) => s + n, 0),
  });
  // Researchers see each role's live count on the round page: with those, sizes are no secret, item counts still are.
  if (knownSizes)
    for (const role of hidden)
      system.equalities.push({ terms: { [size(role)]: 1 }, value: knownSizes[role] });
  for (const item of r.items) {
    for (const role of hidden) {
      if (!item.roles.includes(role)) continue;
      const terms: Record<string, number> = { [size(role)]: -1 };
      for (const state of STATES.filter((s) => s !== 'notAsked')) {
        terms[cell(item.item, role, state)] = 1;
        unknowns.push(cell(item.item, role, state));
      }
      system.equalities.push({ terms, value: 0 });
    }
    const overall = item.cells.find((c) => c.role === null)!;
    if (overall.suppressed) continue;
    for (const state of STATES) {
      const shown = item.cells
        .filter((c) => c.role !== null && !c.suppressed)
        .reduce((s, c) => s + c.counts![state], 0);
      const terms: Record<string, number> = {};
      for (const role of hidden) {
        if (state === 'notAsked') {
          if (!item.roles.includes(role)) terms[size(role)] = 1;
        } else if (item.roles.includes(role)) terms[cell(item.item, role, state)] = 1;
      }
      if (Object.keys(terms).length > 0)
        system.equalities.push({ terms, value: overall.counts![state] - shown });
    }
  }
  return unknowns.filter((u) => !(knownSizes && u.startsWith('n:')) && isDetermined(system, u));
}

/**
 * The audit of the role sizes with bounds (τ-ARGUS style): a role hidden as too few must still be anything from 0 to
 * k−1 given the total, the roles shown and that a role hidden for others has at least k; one hidden for others must
 * not be pinned. Returns the roles whose interval is narrower.
 */
async function narrowSizes(r: Report): Promise<string[]> {
  const hidden = r.responses.byRole.filter((b) => b.suppressed);
  if (hidden.length === 0) return [];
  const shown = r.responses.byRole.filter((b) => !b.suppressed).reduce((s, b) => s + b.submitted!, 0);
  const system: LinearSystem = {
    equalities: [
      { terms: Object.fromEntries(hidden.map((b) => [b.role, 1])), value: r.responses.submitted - shown },
    ],
    bounds: Object.fromEntries(
      hidden.map((b) => [b.role, b.suppressed === 'TOO_FEW' ? { max: k - 1 } : { min: k }]),
    ),
    integers: hidden.map((b) => b.role),
  };
  const ranges = await feasibleRange(
    system,
    hidden.map((b) => b.role),
  );
  return hidden
    .filter((b, i) =>
      b.suppressed === 'TOO_FEW'
        ? ranges[i]!.min > 0 || ranges[i]!.max < k - 1
        : ranges[i]!.max - ranges[i]!.min < 1,
    )
    .map((b) => b.role);
}

describe('item-level missingness', () => {
  let strict: World;
  beforeAll(async () => {
    strict = await world(STRICT);
  });
  afterAll(async () => {
    await strict?.server.stop();
  });

  it('counts every state of every item, overall and by role, as worked out respondent by respondent', async () => {
    const sizes = { SERVICE_USER: 13, PROFESSIONAL: 9, CONSULTANT: 7 };
    const roundId = await roundWith(strict, sizes);
    const r = await report(strict.researcher, roundId);
    expect(r.responses.submitted).toBe(29);
    expect(r.responses.byRole).toEqual(
      ROLES.map((role) => ({ role, suppressed: null, submitted: sizes[role] })),
    );
    expect(r.items.map((i) => i.item)).toEqual(items.map((i) => i.key));
    let skippedSeen = 0;
    for (const item of items) {
      const got = r.items.find((i) => i.item === item.key)!;
      for (const role of [null, ...ROLES]) {
        const expected = expectedCounts(sizes, item, role ? [role] : ROLES);
        const c = got.cells.find((x) => x.role === role)!;
        expect(c.suppressed, `${item.key} ${role}`).toBeNull();
        const counts = c.counts!;
        for (const state of STATES)
          expect(counts[state], `${item.key} ${role} ${state}`).toBe(expected[state]);
        const shown = expected.answered + expected.dontKnow + expected.skipped;
        expect(counts.shown).toBe(shown);
        expect(counts.responses).toBe(role ? sizes[role] : 29);
        expect(counts.skippedRate).toBe(shown ? expected.skipped / shown : null);
        expect(counts.answeredRate).toBe(shown ? expected.answered / shown : null);
        expect(counts.dontKnowRate).toBe(shown ? expected.dontKnow / shown : null);
        skippedSeen += expected.skipped;
      }
    }
    // The fixture does reach every state (else the comparison above would prove little).
    const overall = (key: string) => r.items.find((i) => i.item === key)!.cells[0]!.counts!;
    expect(overall('hope_1').hiddenByShowIf).toBeGreaterThan(0);
    expect(overall('hope_1').dontKnow).toBeGreaterThan(0);
    expect(overall('recommend').notAsked).toBe(16);
    expect(overall('value_text').answered).toBeGreaterThan(0);
    expect(overall('years').answered).toBeGreaterThan(0);
    expect(skippedSeen).toBeGreaterThan(0);
  });

  it('gives the round’s codes, open-link completion, drafts, submissions and withdrawals', async () => {
    const em = strict.server.db.orm.em.fork();
    const round = await makeOpenRound(em, strict.project, strict.author, { label: 'Aktivitet' });
    await makeRoundActivity(strict.server.db.orm, round, strict.author);
    const receipt = await new SurveyService(strict.server.db.orm.em.fork()).submit({
      token: round.links.SERVICE_USER!,
      clientSubmissionId: randomUUID(),
      answers: [{ item: 'contact', number: 0 }],
      language: 'nb',
      consent: true,
    });
    await new SurveyService(strict.server.db.orm.em.fork()).withdraw(receipt.receiptCode);
    const r = await report(strict.researcher, round.roundId);
    expect(r.responses).toMatchObject({
      codesIssued: 3,
      codesUsed: 1,
      codeUseRate: 1 / 3,
      // Open link: one consultant submitted, one draft, one service user submitted and withdrew.
      openLinkStarted: 3,
      openLinkSubmitted: 2,
      completionRate: 2 / 3,
      inProgress: 1,
      submitted: 2,
      withdrawn: 1,
    });
    // Two consultants in a round of k = 5: every role hidden, and no item's all-roles row under k either.
    expect(r.responses.byRole.every((b) => b.suppressed === 'TOO_FEW' && b.submitted === null)).toBe(true);
    expect(r.items.every((i) => i.cells.every((c) => c.suppressed === 'TOO_FEW' && c.counts === null))).toBe(
      true,
    );
  });

  it('is for researchers of the project only: managers and outsiders are refused, a bad id named', async () => {
    const roundId = await roundWith(strict, { SERVICE_USER: 6, PROFESSIONAL: 6, CONSULTANT: 6 });
    const denied = await strict.manager.graphql(QUERY, { w: roundId });
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(denied.body.data ?? null).toBeNull();
    const em = strict.server.db.orm.em.fork();
    const stranger = await makeUser(em, {
      roles: [[await makeProject(em, 'Annet'), ProjectRole.RESEARCHER]],
    });
    const outsider = strict.server.client({ session: await makeSession(em, stranger) });
    expect((await outsider.graphql(QUERY, { w: roundId })).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const bad = await strict.researcher.graphql(QUERY, { w: 'not-a-round' });
    expect(bad.body.errors?.[0]).toBeDefined();
    expect(bad.body.data ?? null).toBeNull();
  });

  for (const consultants of [1, 2, k - 1]) {
    it(`hides ${consultants} peer worker(s) so that no skipped item or size of theirs can be worked out`, async () => {
      const sizes = { SERVICE_USER: 12, PROFESSIONAL: 8, CONSULTANT: consultants };
      const roundId = await roundWith(strict, sizes);
      const r = await report(strict.researcher, roundId);
      const byRole = new Map(r.responses.byRole.map((b) => [b.role, b]));
      expect(byRole.get(CONSULTANT)!.suppressed).toBe('TOO_FEW');
      // Their complement: the next role in the fixed order, hidden for them.
      expect(byRole.get(PROFESSIONAL)!.suppressed).toBe('SECONDARY');
      expect(byRole.get(SERVICE_USER)!.submitted).toBe(12);
      for (const item of r.items) {
        for (const c of item.cells.filter((x) => x.role === CONSULTANT || x.role === PROFESSIONAL))
          expect(c.counts).toBeNull();
      }
      // The consultants' own item cannot show all roles: it would be the consultants' numbers.
      expect(r.items.find((i) => i.item === 'peer_use')!.cells[0]!.suppressed).toBe('SECONDARY');
      // Items all roles are asked still show all roles together.
      expect(r.items.find((i) => i.item === 'contact')!.cells[0]!.counts!.responses).toBe(20 + consultants);
      expect(leaks(r)).toEqual([]);
      expect(leaks(r, sizes)).toEqual([]);
      expect(await narrowSizes(r)).toEqual([]);
    });
  }

  it('hides every role where the complement would be the last role left (1 peer worker, k professionals)', async () => {
    const r = await report(
      strict.researcher,
      await roundWith(strict, { SERVICE_USER: 12, PROFESSIONAL: k, CONSULTANT: 1 }),
    );
    expect(r.responses.submitted).toBe(13 + k);
    expect(r.responses.byRole.map((b) => b.suppressed)).toEqual(['SECONDARY', 'SECONDARY', 'TOO_FEW']);
    expect(leaks(r)).toEqual([]);
    expect(await narrowSizes(r)).toEqual([]);
  });

  it(`shows k peer workers, with every count`, async () => {
    const sizes = { SERVICE_USER: 12, PROFESSIONAL: 8, CONSULTANT: k };
    const r = await report(strict.researcher, await roundWith(strict, sizes));
    expect(r.responses.byRole.every((b) => b.suppressed === null)).toBe(true);
    const peer = r.items.find((i) => i.item === 'peer_use')!;
    const c = peer.cells.find((x) => x.role === CONSULTANT)!.counts!;
    expect(c.skipped).toBe(
      expectedCounts(
        sizes,
        items.find((i) => i.key === 'peer_use')!,
        [CONSULTANT],
      ).skipped,
    );
    expect(c.skipped).toBe(2);
    expect(leaks(r)).toEqual([]);
  });

  it('has the researchers’ own table: the all-roles size is always there, even when all roles are hidden', async () => {
    const r = await report(
      strict.researcher,
      await roundWith(strict, { SERVICE_USER: 3, PROFESSIONAL: 1, CONSULTANT: 2 }),
    );
    expect(r.responses.submitted).toBe(6);
    expect(r.responses.byRole.every((b) => b.suppressed !== null)).toBe(true);
    expect(leaks(r)).toEqual([]);
  });
});

describe('missingness with the rules switched off: the attacker finds the one peer worker', () => {
  const weakened: [string, DisclosurePolicy][] = [
    ['no complements', { ...STRICT, complements: 'none' }],
    ['no threshold', { ...STRICT, primary: false }],
  ];
  for (const [name, policy] of weakened) {
    it(name, async () => {
      const w = await world(policy);
      try {
        const r = await report(
          w.researcher,
          await roundWith(w, { SERVICE_USER: 12, PROFESSIONAL: 8, CONSULTANT: 1 }),
        );
        const peerShown = r.responses.byRole.find((b) => b.role === CONSULTANT)!.suppressed === null;
        // Either the peer worker's row is shown outright (a group of 1), or it comes out by subtraction.
        expect(peerShown || leaks(r).some((u) => u.includes(CONSULTANT))).toBe(true);
        if (!peerShown) expect(leaks(r)).toContain(`peer_use:${CONSULTANT}:skipped`);
      } finally {
        await w.server.stop();
      }
    });
  }
});
