import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import {
  closeRound,
  CONSULTANT,
  openRound,
  people,
  PROFESSIONAL,
  publishInstrument,
  SERVICE_USER,
  submit,
  withdraw,
  type TestRound,
} from '../test/rounds.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { STRICT, type DisclosurePolicy } from './disclosure.js';

/**
 * Response figures for managers, attacked as in `attack.test.ts`: a round with the one peer worker (1), rounds with
 * groups of 2, k−1 and k, a round under k in all, an open round, and a withdrawal after close. With Verdi's rules the
 * manager learns no hidden role's size, by reading or by subtracting, and nothing moves by one person over time; with
 * each rule switched off, the same checks find the leak.
 */

const k = 5;
const QUERY = `query ($projectId: UUID!, $roundIds: [UUID!]) {
  roundResponseRates(projectId: $projectId, roundIds: $roundIds) {
    round { roundId roundLabel releaseVersion minGroupSize }
    suppressed submitted codesIssued channelsSuppressed codesUsed codeUseRate openLinkStarted openLinkSubmitted completionRate
    byRole { role suppressed submitted } } }`;
const SCORES = `query ($projectIds: [UUID!]!, $roundIds: [UUID!]) {
  constructScores(projectIds: $projectIds, roundIds: $roundIds) { role construct suppressed n } }`;

interface Rates {
  round: { roundId: string; roundLabel: string; releaseVersion: number | null };
  suppressed: string | null;
  submitted: number | null;
  codesIssued: number | null;
  channelsSuppressed: string | null;
  codesUsed: number | null;
  codeUseRate: number | null;
  openLinkStarted: number | null;
  openLinkSubmitted: number | null;
  completionRate: number | null;
  byRole: { role: string; suppressed: string | null; submitted: number | null }[];
}

interface World {
  server: TestServer;
  manager: GraphQLClient;
  researcher: GraphQLClient;
  outsider: GraphQLClient;
  projectId: string;
  rounds: Record<string, TestRound>;
  receipts: Record<string, string[]>;
  close: (label: string) => Promise<void>;
}

/** Rounds: `label → [service users, professionals, consultants]`. */
async function world(
  policy: DisclosurePolicy,
  sizes: Record<string, [number, number, number]>,
): Promise<World> {
  const server = await startTestServer({ disclosure: policy });
  const em = server.db.orm.em.fork();
  const project = await makeProject(em, 'Svarprosent');
  const other = await makeProject(em, 'Et annet prosjekt');
  const author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  const manager = server.client({
    session: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] })),
  });
  const outsider = server.client({
    session: await makeSession(em, await makeUser(em, { roles: [[other, ProjectRole.MANAGER]] })),
  });
  const researcher = server.client({ session: await makeSession(em, author) });
  const instrument = await publishInstrument(em, project, author);
  const rounds: Record<string, TestRound> = {};
  const receipts: Record<string, string[]> = {};
  let day = 1;
  for (const [label, [su, pro, con]] of Object.entries(sizes)) {
    const round = await openRound(em, project, author, instrument, {
      label,
      k,
      opensAt: new Date(Date.UTC(2025, 0, day++, 8)),
    });
    rounds[label] = round;
    receipts[label] = await submit(server.db.orm, round, [
      ...people(SERVICE_USER, su, [4, 3, 5]),
      ...people(PROFESSIONAL, pro, [2, 4]),
      ...people(CONSULTANT, con, [5]),
    ]);
  }
  return {
    server,
    manager,
    researcher,
    outsider,
    projectId: project.id,
    rounds,
    receipts,
    close: (label) => closeRound(server.db.orm, author, rounds[label]!),
  };
}

async function rates(w: World, client: GraphQLClient, label?: string): Promise<Rates[]> {
  const result = await client.graphql<{ roundResponseRates: Rates[] }>(QUERY, {
    projectId: w.projectId,
    roundIds: label ? [w.rounds[label]!.roundId] : null,
  });
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.roundResponseRates;
}

const role = (r: Rates, name: string) => r.byRole.find((x) => x.role === name)!;

/**
 * What a manager can conclude about each role's size from one round's figures: the number shown, or, where one role
 * alone is hidden and the total is shown, the total minus the others; a hidden role under k whose bounds from the
 * total and the others leave less than 0…k−1 is also learnt something about. Returns what is pinned down or narrowed.
 */
function leaks(r: Rates): string[] {
  const found: string[] = [];
  const hidden = r.byRole.filter((x) => x.suppressed);
  if (r.submitted === null || hidden.length === 0) return found;
  const rest = r.submitted - r.byRole.reduce((s, x) => s + (x.submitted ?? 0), 0);
  if (hidden.length === 1) found.push(`${hidden[0]!.role} = ${rest}`);
  for (const cell of hidden.filter((x) => x.suppressed === 'TOO_FEW')) {
    const others = hidden.filter((x) => x !== cell);
    const othersMax = others.reduce((s, x) => s + (x.suppressed === 'TOO_FEW' ? k - 1 : rest), 0);
    const min = Math.max(0, rest - othersMax);
    if (min > 0) found.push(`${cell.role} ≥ ${min}`);
  }
  // Codes and open links are per role: shown beside a hidden role, they count something about it.
  if (r.codesUsed !== null || r.openLinkSubmitted !== null) found.push('channels beside a hidden role');
  return found;
}

describe('response figures for managers', () => {
  let w: World;
  beforeAll(async () => {
    w = await world(STRICT, {
      peer: [10, 6, 1],
      small: [5, 4, 2],
      exact: [5, 5, 5],
      tiny: [2, 1, 0],
      open: [9, 9, 9],
    });
    for (const label of ['peer', 'small', 'exact', 'tiny']) await w.close(label);
  });
  afterAll(async () => {
    await w?.server.stop();
  });

  it('hides the one peer worker and the role that would give them away, and no sum gives them back', async () => {
    const [peer] = await rates(w, w.manager, 'peer');
    expect(peer!.round.releaseVersion).toBe(1);
    expect(peer!.submitted).toBe(17);
    expect(role(peer!, CONSULTANT)).toEqual({ role: CONSULTANT, suppressed: 'TOO_FEW', submitted: null });
    expect(role(peer!, PROFESSIONAL)).toEqual({
      role: PROFESSIONAL,
      suppressed: 'SECONDARY',
      submitted: null,
    });
    // Hiding the total instead would say as much; so the service users go too, and the total stays.
    expect(role(peer!, SERVICE_USER)).toEqual({
      role: SERVICE_USER,
      suppressed: 'SECONDARY',
      submitted: null,
    });
    expect(peer!.channelsSuppressed).toBe('SECONDARY');
    expect(leaks(peer!)).toEqual([]);
    // No figure anywhere in the answer is the peer worker's 1 or the professionals' 6.
    const numbers = JSON.stringify(peer).match(/:\d+(\.\d+)?[,}]/g) ?? [];
    expect(numbers.map((n) => Number(n.slice(1, -1)))).not.toContain(6);
  });

  it('groups of 2 and k−1 beside a group of k: the k group goes too rather than bound the small ones', async () => {
    const [small] = await rates(w, w.manager, 'small');
    expect(small!.suppressed).toBeNull();
    expect(small!.submitted).toBe(11);
    expect(role(small!, CONSULTANT).suppressed).toBe('TOO_FEW');
    expect(role(small!, PROFESSIONAL).suppressed).toBe('TOO_FEW');
    expect(role(small!, SERVICE_USER)).toEqual({
      role: SERVICE_USER,
      suppressed: 'SECONDARY',
      submitted: null,
    });
    expect(leaks(small!)).toEqual([]);
  });

  it('shows every role of exactly k, with the codes and links', async () => {
    const [exact] = await rates(w, w.manager, 'exact');
    expect(exact!.byRole.map((r) => r.submitted)).toEqual([5, 5, 5]);
    expect(exact!.submitted).toBe(15);
    expect(exact!.channelsSuppressed).toBeNull();
    expect(exact!.openLinkSubmitted).toBe(15);
    expect(exact!.codesUsed).toBe(0);
    expect(exact!.codeUseRate).toBeNull();
    expect(exact!.completionRate).toBe(1);
  });

  it('hides a round under k altogether, and an open round as open', async () => {
    const [tiny] = await rates(w, w.manager, 'tiny');
    expect(tiny!.suppressed).toBe('TOO_FEW');
    expect(tiny!.submitted).toBeNull();
    expect(tiny!.codesIssued).toBeNull();
    expect(tiny!.byRole.every((r) => r.submitted === null && r.suppressed)).toBe(true);
    const [open] = await rates(w, w.manager, 'open');
    expect(open!.suppressed).toBe('ROUND_OPEN');
    expect(open!.byRole.every((r) => r.suppressed === 'ROUND_OPEN')).toBe(true);
  });

  it('hides every role the construct scores hide, so the two views agree', async () => {
    for (const label of ['peer', 'small', 'exact']) {
      const [r] = await rates(w, w.manager, label);
      const scores = await w.manager.graphql<{
        constructScores: { role: string | null; suppressed: string }[];
      }>(SCORES, { projectIds: [w.projectId], roundIds: [w.rounds[label]!.roundId] });
      const hiddenInScores = new Set(
        scores.body
          .data!.constructScores.filter((c) => c.role && c.suppressed === 'SECONDARY')
          .map((c) => c.role),
      );
      for (const hidden of hiddenInScores)
        expect(role(r!, hidden!).suppressed, `${label} ${hidden}`).not.toBeNull();
    }
  });

  it('does not move by one withdrawal after close (the release holds it)', async () => {
    const before = await rates(w, w.manager, 'exact');
    await withdraw(w.server.db.orm, [w.receipts.exact![0]!]);
    const [after] = await rates(w, w.manager, 'exact');
    // A second release may come (the scores' own rules allow it); its roles and channels are hidden, so no role's
    // count moves by one between what the manager saw before and after.
    if (after!.round.releaseVersion === before[0]!.round.releaseVersion) expect([after]).toEqual(before);
    else {
      expect(after!.byRole.every((r) => r.submitted === null && r.suppressed !== null)).toBe(true);
      expect(after!.channelsSuppressed).not.toBeNull();
    }
    // Researchers read live figures: the withdrawal shows there.
    const [live] = await rates(w, w.researcher, 'exact');
    expect(live!.submitted).toBe(14);
    expect(live!.round.releaseVersion).toBeNull();
  });

  it('answers only members of the project, and names a bad id', async () => {
    const denied = await w.outsider.graphql(QUERY, { projectId: w.projectId });
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await w.manager.graphql(QUERY, { projectId: w.projectId, roundIds: ['=1+1'] });
    expect(JSON.stringify(bad.body.errors)).toMatch(/roundIds/);
  });
});

describe('the same checks find the leaks when a rule is off', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('without complements, total minus the roles shown gives the peer worker', async () => {
    const w = await world({ ...STRICT, complements: 'none' }, { peer: [10, 6, 1] });
    servers.push(w.server);
    await w.close('peer');
    const [peer] = await rates(w, w.manager);
    expect(leaks(peer!)).toContain(`${CONSULTANT} = 1`);
  });

  it('naive complements (smallest other part) still bound the small groups beside a group of k', async () => {
    const w = await world({ ...STRICT, complements: 'naive' }, { small: [5, 4, 2] });
    servers.push(w.server);
    await w.close('small');
    const [small] = await rates(w, w.manager);
    expect(leaks(small!).length).toBeGreaterThan(0);
  });

  it('without primary suppression, the peer worker is shown', async () => {
    const w = await world({ ...STRICT, primary: false }, { peer: [10, 6, 1] });
    servers.push(w.server);
    await w.close('peer');
    const [peer] = await rates(w, w.manager);
    expect(role(peer!, CONSULTANT).submitted).toBe(1);
  });

  it('without releases, one withdrawal after close moves the figures by one', async () => {
    const w = await world({ ...STRICT, releases: false }, { exact: [5, 5, 5] });
    servers.push(w.server);
    await w.close('exact');
    const [before] = await rates(w, w.manager);
    await withdraw(w.server.db.orm, [w.receipts.exact![0]!]);
    const [after] = await rates(w, w.manager);
    expect(before!.submitted! - after!.submitted!).toBe(1);
  });
});
