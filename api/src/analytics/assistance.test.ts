import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { Wording } from '../responses/response.entity.js';
import { SurveyService } from '../responses/survey.service.js';
import { feasibleRange, type LinearSystem } from '../test/attack/solver.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { openRound, publishInstrument } from '../test/rounds.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import {
  AssistanceKind,
  AssistedAnswer,
  discloseAssistance,
  type AssistanceAggregates,
  type RoundAssistance,
} from './assistance.js';
import { STRICT, type DisclosurePolicy } from './disclosure.js';

/**
 * The breakdown of help in answering and of the wording answered in: counted right, researchers only, and under the
 * disclosure rules, for groups of 1, k−1 and k, with an attacker that solves for hidden cells from the total.
 */
const k = 5;

function aggregates(
  assisted: [number, number, number],
  kinds: [number, number, number] = [0, 0, 0],
  wording: [number, number, number] = [assisted[0] + assisted[1] + assisted[2], 0, 0],
): AssistanceAggregates {
  return {
    submitted: assisted[0] + assisted[1] + assisted[2],
    assisted: { YES: assisted[0], NO: assisted[1], NOT_STATED: assisted[2] },
    kinds: { READ_ALOUD: kinds[0], WROTE: kinds[1], EXPLAINED: kinds[2] },
    wording: { STANDARD: wording[0], EASY_READ: wording[1], MIXED: wording[2] },
  };
}

type Shown = Omit<RoundAssistance, 'minGroupSize'>;
const cell = (r: Shown, answer: AssistedAnswer) => r.assisted.find((c) => c.answer === answer)!;

/**
 * The attacker: the hidden parts of a breakdown as unknowns that add up to the total less the parts shown, each
 * within what its reason says (too few: 0 to k−1; hidden for others: at least k). Returns each hidden part's range.
 */
async function ranges(total: number, parts: { key: string; n: number | null; suppressed: string | null }[]) {
  const hidden = parts.filter((p) => p.suppressed);
  if (hidden.length === 0) return new Map<string, { min: number; max: number }>();
  const system: LinearSystem = {
    equalities: [
      {
        terms: Object.fromEntries(hidden.map((p) => [p.key, 1])),
        value: total - parts.filter((p) => !p.suppressed).reduce((s, p) => s + p.n!, 0),
      },
    ],
    bounds: Object.fromEntries(
      hidden.map((p) => [p.key, p.suppressed === 'TOO_FEW' ? { max: k - 1 } : { min: k }]),
    ),
    integers: hidden.map((p) => p.key),
  };
  const found = await feasibleRange(
    system,
    hidden.map((p) => p.key),
  );
  return new Map(hidden.map((p, i) => [p.key, found[i]!]));
}

/** The hidden "yes" cells an attacker pins to one value (or narrows below 0…k−1) from what is shown. */
async function leaked(r: Shown): Promise<string[]> {
  const parts = r.assisted.map((c) => ({ key: c.answer, n: c.n, suppressed: c.suppressed }));
  const found = await ranges(r.submitted, parts);
  return parts
    .filter((p) => p.suppressed)
    .filter((p) => {
      const range = found.get(p.key)!;
      return p.suppressed === 'TOO_FEW' ? range.min > 0 || range.max < k - 1 : range.max - range.min < 1;
    })
    .map((p) => p.key);
}

describe('the disclosure of help in answering', () => {
  it('shows a group of k and hides groups of 1 and k−1', () => {
    for (const [yes, hidden] of [
      [1, true],
      [k - 1, true],
      [k, false],
    ] as const) {
      const r = discloseAssistance(aggregates([yes, 20, 9]), k, STRICT);
      expect(cell(r, AssistedAnswer.YES), `yes = ${yes}`).toEqual(
        hidden
          ? { answer: 'YES', n: null, suppressed: 'TOO_FEW' }
          : { answer: 'YES', n: yes, suppressed: null },
      );
      expect(r.submitted).toBe(yes + 29);
    }
  });

  it('hides a second group so that the hidden one cannot be worked out from the total', async () => {
    const r = discloseAssistance(aggregates([1, 20, 9]), k, STRICT);
    // "Not stated" goes with it (first in the fixed order), never chosen by its size.
    expect(cell(r, AssistedAnswer.NOT_STATED)).toEqual({
      answer: 'NOT_STATED',
      n: null,
      suppressed: 'SECONDARY',
    });
    expect(cell(r, AssistedAnswer.NO).n).toBe(20);
    expect(await leaked(r)).toEqual([]);
    // Both small: hidden together they would be bounded by each other (their sum is 5), so "no" goes too.
    const both = discloseAssistance(aggregates([2, 20, 3]), k, STRICT);
    expect(both.assisted.map((c) => c.suppressed)).toEqual(['TOO_FEW', 'SECONDARY', 'TOO_FEW']);
    expect(await leaked(both)).toEqual([]);
  });

  it('is found out by the attacker when complementary suppression is switched off', async () => {
    const off: DisclosurePolicy = { ...STRICT, complements: 'none' };
    const r = discloseAssistance(aggregates([1, 20, 9]), k, off);
    expect(await leaked(r)).toEqual(['YES']);
  });

  it('hides every group rather than the total, which researchers always see, and pins none', async () => {
    // A group of 1 beside one of k in a round of 6: no complement is left but the total, so every group is hidden.
    const r = discloseAssistance(aggregates([1, 5, 0]), k, STRICT);
    expect(r.submitted).toBe(6);
    expect(r.assisted.map((c) => c.n)).toEqual([null, null, null]);
    // The reasons still say which group is at least k (as everywhere in Verdi), which bounds the small ones by the
    // total: to 0…1 here, but never to one value.
    const found = await ranges(
      r.submitted,
      r.assisted.map((c) => ({ key: c.answer, n: c.n, suppressed: c.suppressed })),
    );
    expect(found.get('YES')).toEqual({ min: 0, max: 1 });
    const tiny = discloseAssistance(aggregates([1, 1, 1]), k, STRICT);
    expect(tiny.assisted.every((c) => c.n === null && c.suppressed === 'TOO_FEW')).toBe(true);
  });

  it('hides a way of helping under k, one that leaves fewer than k of those helped, and all where yes is hidden', () => {
    const r = discloseAssistance(aggregates([12, 20, 9], [10, 5, 1]), k, STRICT);
    const kind = (kind: AssistanceKind) => r.kinds.find((c) => c.kind === kind)!;
    // 12 − 10 = 2 helped but not read to: those two would be singled out.
    expect(kind(AssistanceKind.READ_ALOUD)).toEqual({ kind: 'READ_ALOUD', n: null, suppressed: 'SECONDARY' });
    expect(kind(AssistanceKind.WROTE)).toEqual({ kind: 'WROTE', n: 5, suppressed: null });
    expect(kind(AssistanceKind.EXPLAINED)).toEqual({ kind: 'EXPLAINED', n: null, suppressed: 'TOO_FEW' });
    // With "yes" hidden for another group, a way shown would bound it: none is shown.
    const yesHidden = discloseAssistance(aggregates([6, 2, 1], [5, 5, 5]), k, STRICT);
    expect(cell(yesHidden, AssistedAnswer.YES).suppressed).toBe('SECONDARY');
    expect(yesHidden.kinds.map((c) => c.n)).toEqual([null, null, null]);
    // Switched off, the complement rule shows what it should not.
    const off = discloseAssistance(aggregates([12, 20, 9], [10, 5, 1]), k, {
      ...STRICT,
      complements: 'none',
    });
    expect(off.kinds.find((c) => c.kind === AssistanceKind.READ_ALOUD)!.n).toBe(10);
  });

  it('applies the same rules to the wording answered in', async () => {
    const r = discloseAssistance(aggregates([0, 27, 0], [0, 0, 0], [15, 10, 2]), k, STRICT);
    expect(r.wording).toEqual([
      { wording: Wording.STANDARD, n: 15, suppressed: null },
      { wording: Wording.EASY_READ, n: null, suppressed: 'SECONDARY' },
      { wording: Wording.MIXED, n: null, suppressed: 'TOO_FEW' },
    ]);
    const parts = r.wording.map((c) => ({ key: c.wording, n: c.n, suppressed: c.suppressed }));
    const found = await ranges(r.submitted, parts);
    expect(found.get(Wording.MIXED)).toEqual({ min: 0, max: 4 });
    // Without complements the two mixed answers are the total less the groups shown.
    const off = discloseAssistance(aggregates([0, 27, 0], [0, 0, 0], [15, 10, 2]), k, {
      ...STRICT,
      complements: 'none',
    });
    const offParts = off.wording.map((c) => ({ key: c.wording, n: c.n, suppressed: c.suppressed }));
    expect((await ranges(off.submitted, offParts)).get(Wording.MIXED)).toEqual({ min: 2, max: 2 });
  });
});

describe('the breakdown through the API', () => {
  let server: TestServer;
  let researcher: GraphQLClient;
  let manager: GraphQLClient;
  let roundId: string;
  let link: string;

  beforeAll(async () => {
    server = await startTestServer();
    const em = server.db.orm.em.fork();
    const project = await makeProject(em, 'Hjelp');
    const author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
    researcher = server.client({ session: await makeSession(em, author) });
    manager = server.client({
      session: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] })),
    });
    const instrumentId = await publishInstrument(em, project, author, sampleDefinition());
    const round = await openRound(em, project, author, instrumentId, {
      label: randomUUID(),
      k,
      linkage: false,
    });
    roundId = round.roundId;
    link = round.links[RespondentRole.CONSULTANT]!;
    const submit = (extra: object) =>
      new SurveyService(server.db.orm.em.fork()).submit({
        token: link,
        clientSubmissionId: randomUUID(),
        answers: [{ item: 'contact', number: 1 }],
        language: 'nb',
        consent: true,
        ...extra,
      });
    // 10 helped (5 read to, 2 written for), 10 not, 1 silent; 12 standard, 7 easy-read, 2 mixed.
    for (let i = 0; i < 21; i++)
      await submit({
        assistance:
          i < 10
            ? { assisted: true, readAloud: i < 5, wrote: i < 2, explained: false }
            : i < 20
              ? { assisted: false }
              : null,
        wording: i < 12 ? Wording.STANDARD : i < 19 ? Wording.EASY_READ : Wording.MIXED,
      });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const QUERY = `query ($w: UUID!) { roundAssistance(roundId: $w) {
    submitted minGroupSize assisted { answer n suppressed } kinds { kind n suppressed } wording { wording n suppressed } } }`;

  it('counts the submitted responses for the researchers, hiding what the rules hide', async () => {
    const result = await researcher.graphql<{ roundAssistance: RoundAssistance }>(QUERY, { w: roundId });
    expect(result.body.errors).toBeUndefined();
    const r = result.body.data!.roundAssistance;
    expect(r.submitted).toBe(21);
    expect(r.minGroupSize).toBe(k);
    expect(r.assisted.map((c) => [c.answer, c.n, c.suppressed])).toEqual([
      ['YES', 10, null],
      ['NO', null, 'SECONDARY'],
      ['NOT_STATED', null, 'TOO_FEW'],
    ]);
    expect(r.kinds.map((c) => [c.kind, c.n, c.suppressed])).toEqual([
      ['READ_ALOUD', 5, null],
      ['WROTE', null, 'TOO_FEW'],
      ['EXPLAINED', null, 'TOO_FEW'],
    ]);
    expect(r.wording.map((c) => [c.wording, c.n, c.suppressed])).toEqual([
      ['STANDARD', 12, null],
      ['EASY_READ', null, 'SECONDARY'],
      ['MIXED', null, 'TOO_FEW'],
    ]);
  });

  it('is refused to the project’s managers', async () => {
    const result = await manager.graphql(QUERY, { w: roundId });
    expect(result.body.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });
});
