import type { Em } from '../db/orm.js';
import type { Logger } from '../logger.js';
import type { InstrumentDefinition, RespondentRole } from '../instruments/definition.types.js';
import { definitionOf } from '../instruments/published-definitions.js';
import { Round, RoundStatus, roundStatusAt } from '../rounds/round.entity.js';
import {
  RULES_VERSION,
  timeRuleViolations,
  type CellChange,
  type DisclosurePolicy,
  type TimeRuleViolation,
} from './disclosure.js';
import { Release, type HeldChanges } from './release.entity.js';
import {
  itemAggregates,
  memberChanges,
  membersOf,
  pairAggregates,
  partialAggregates,
  reliabilityAggregates,
  scoreAggregates,
  writeReleaseMembers,
} from './round-aggregates.js';
import {
  discloseItems,
  disclosePairs,
  discloseReliability,
  discloseScores,
  forcedFrom,
  partialKey,
  releaseLayout,
  scoreKey,
  shapeOf,
  type Forced,
  type PairRelease,
  type RoundShape,
} from './round-disclosure.js';

/** Share of a construct's items a respondent must answer to get a score, for everything a manager sees. */
export const DEFAULT_MIN_SHARE = 0.5;

/** Rounds opened earlier come first; on the same moment, the id decides, so that the order is always the same. */
export function roundOrder(a: Pick<Round, 'opensAt' | 'id'>, b: Pick<Round, 'opensAt' | 'id'>): number {
  return a.opensAt.getTime() - b.opensAt.getTime() || a.id.localeCompare(b.id);
}

/** Whether managers may see a round's results now: closed, or a round that shows them while open. */
export function resultsVisible(
  round: Pick<Round, 'resultsAfterClose' | 'draft' | 'opensAt' | 'closesAt' | 'closedAt'>,
  now = new Date(),
): boolean {
  return !round.resultsAfterClose || roundStatusAt(round, now) === RoundStatus.CLOSED;
}

class Held extends Error {
  constructor(readonly changes: HeldChanges) {
    super('held');
  }
}

/**
 * Releases: the one place managers' numbers come from. A round gets its first release once managers may see it
 * (when it closes, by default); a later state of the round (withdrawals, late answers after a reopening, a new
 * release of an earlier round it is paired with) becomes a new release only if it passes the rules against the
 * current one, and is held back otherwise. Everything happens on demand, under a lock per round, so that any number of
 * API instances agree.
 */
export class ReleaseService {
  constructor(
    private readonly em: Em,
    private readonly policy: DisclosurePolicy,
    private readonly log?: Logger,
  ) {}

  /** The current release of each round given (the latest version), by round id. */
  async current(roundIds: readonly string[]): Promise<Map<string, Release>> {
    if (roundIds.length === 0) return new Map();
    const ids: { id: string }[] = await this.em.execute(
      `select distinct on (round_id) id from releases where round_id = any(?::uuid[]) order by round_id, version desc`,
      [`{${roundIds.join(',')}}`],
    );
    if (ids.length === 0) return new Map();
    const releases = await this.em.find(
      Release,
      { id: { $in: ids.map((r) => r.id) } },
      { disableIdentityMap: true },
    );
    return new Map(releases.map((release) => [release.round.id, release]));
  }

  /** The current release of one round, brought up to date first; null while managers may not see its results. */
  async ensure(projectId: string, roundId: string): Promise<Release | null> {
    if (this.policy.releases) await this.refreshProjects([projectId]);
    return (await this.current([roundId])).get(roundId) ?? null;
  }

  /** The latest version of each round's release and the state it was last checked against, without the numbers. */
  private async heads(
    roundIds: readonly string[],
  ): Promise<Map<string, { version: number; checked: string }>> {
    if (roundIds.length === 0) return new Map();
    const rows: { round_id: string; version: number; checked_fingerprint: string }[] = await this.em.execute(
      `select distinct on (round_id) round_id, version, checked_fingerprint from releases
        where round_id = any(?::uuid[]) order by round_id, version desc`,
      [`{${roundIds.join(',')}}`],
    );
    return new Map(
      rows.map((r) => [r.round_id, { version: Number(r.version), checked: r.checked_fingerprint }]),
    );
  }

  /**
   * Brings the releases of these projects' rounds up to date where their state has changed, earliest round first (a
   * round's change cells come from the current releases of the rounds before it).
   */
  async refreshProjects(projectIds: readonly string[], now = new Date()): Promise<void> {
    if (projectIds.length === 0) return;
    const rounds = await this.em.find(
      Round,
      { project: { $in: [...projectIds] } },
      { disableIdentityMap: true },
    );
    const byProject = new Map<string, Round[]>();
    for (const round of rounds)
      byProject.set(round.project.id, [...(byProject.get(round.project.id) ?? []), round]);
    const counts = await this.counts(rounds.map((w) => w.id));
    const heads = await this.heads(rounds.map((w) => w.id));
    for (const projectRounds of byProject.values()) {
      projectRounds.sort(roundOrder);
      for (const round of projectRounds) {
        if (!resultsVisible(round, now)) continue;
        const earlier = projectRounds.filter((w) => roundOrder(w, round) < 0 && heads.has(w.id));
        const fingerprint = [
          `rules ${RULES_VERSION}`,
          `k ${round.minGroupSize}`,
          `responses ${counts.get(round.id) ?? '0/0'}`,
          ...earlier.map((w) => `${w.id}@${heads.get(w.id)!.version}`),
        ].join('|');
        if (heads.get(round.id)?.checked === fingerprint) continue;
        const releases = await this.current(earlier.map((w) => w.id));
        await this.refresh(
          round,
          earlier.map((w) => ({ round: w, release: releases.get(w.id)! })),
          fingerprint,
          now,
        );
        const [head] = (await this.heads([round.id])).values();
        if (head) heads.set(round.id, head);
      }
    }
  }

  /** Submitted and withdrawn responses per round: together they change whenever a round's population does. */
  private async counts(roundIds: string[]): Promise<Map<string, string>> {
    if (roundIds.length === 0) return new Map();
    const rows: { round_id: string; submitted: string; withdrawn: string }[] = await this.em.execute(
      `select round_id, count(*) filter (where status = 'SUBMITTED') as submitted,
              count(*) filter (where status = 'WITHDRAWN') as withdrawn
         from responses where round_id = any(?::uuid[]) group by round_id`,
      [`{${roundIds.join(',')}}`],
    );
    return new Map(rows.map((r) => [r.round_id, `${r.submitted}/${r.withdrawn}`]));
  }

  /** Makes a new release of the round if its state passes the rules; returns whether it did. */
  private async refresh(
    round: Round,
    earlier: { round: Round; release: Release }[],
    fingerprint: string,
    now: Date,
  ): Promise<boolean> {
    try {
      return await this.em.transactional(async (tx) => {
        const em = tx as Em;
        await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
          `verdi:release:${round.id}`,
        ]);
        const previous = await em.find(
          Release,
          { round: round.id },
          { orderBy: { version: 'desc' }, disableIdentityMap: true },
        );
        const current = previous[0];
        if (current?.checkedFingerprint === fingerprint) return false;
        const definition = await definitionOf(em, round.instrumentVersion.id);
        const shape = shapeOf(definition);
        // Who is behind each cell first: the rules need to know what changed since every earlier release.
        const release = em.create(Release, {
          round: round.id,
          version: (current?.version ?? 0) + 1,
          releasedAt: now,
          k: round.minGroupSize,
          rulesVersion: RULES_VERSION,
          fingerprint,
          checkedFingerprint: fingerprint,
          scores: [],
          items: [],
          reliability: [],
          pairs: [],
        });
        await em.flush();
        await writeReleaseMembers(
          em,
          release.id,
          round.id,
          shape,
          definition,
          DEFAULT_MIN_SHARE,
          earlier.map((e) => ({ roundId: e.round.id, releaseId: e.release.id })),
          this.policy.onePairPerKey,
        );
        const changes = new Map<string, Map<string, CellChange>>();
        for (const before of previous) changes.set(before.id, await memberChanges(em, before.id, release.id));
        const candidate = await this.candidate(
          em,
          round,
          shape,
          definition,
          release.id,
          earlier,
          previous,
          changes,
        );
        if (current && sameNumbers(current, candidate)) throw new Unchanged();
        Object.assign(release, candidate);
        await em.flush();
        const violations = previous.flatMap((before) =>
          timeRuleViolationsOf(before, release, changes.get(before.id)!, this.kOf(round, earlier)),
        );
        if (violations.length > 0) {
          const everyone = changes.get(current!.id)!.get('*') ?? { added: 0, removed: 0 };
          throw new Held({
            since: current!.held?.since ?? now.toISOString().slice(0, 10),
            added: everyone.added,
            removed: everyone.removed,
            cells: [...new Set(violations.map((v) => v.key))],
          });
        }
        this.log?.info({ roundId: round.id, version: release.version }, 'round released');
        return true;
      });
    } catch (error) {
      if (!(error instanceof Held) && !(error instanceof Unchanged)) throw error;
      // The transaction is gone; record in a new one that this state was checked (and held back, or the same).
      await this.em.nativeUpdate(
        Release,
        { round: round.id, version: await this.latestVersion(round.id) },
        { checkedFingerprint: fingerprint, held: error instanceof Held ? error.changes : null },
      );
      return false;
    }
  }

  /** The k a cell is held to: a round's own, and for pairs the larger of the two rounds'. */
  private kOf(round: Round, earlier: { round: Round }[]): (key: string) => number {
    const ks = new Map(earlier.map((e) => [e.round.id, e.round.minGroupSize]));
    return (key) => {
      const [kind, fromRoundId] = key.split('|');
      return (kind === 'p' || kind === 'pa') && ks.has(fromRoundId!)
        ? Math.max(round.minGroupSize, ks.get(fromRoundId!)!)
        : round.minGroupSize;
    };
  }

  private async latestVersion(roundId: string): Promise<number> {
    const [row] = await this.em.find(
      Release,
      { round: roundId },
      { orderBy: { version: 'desc' }, limit: 1, fields: ['version'], disableIdentityMap: true },
    );
    return row!.version;
  }

  /**
   * Every cell of the round as it stands, with the rules applied: what stays hidden from earlier releases, and how
   * many a cell shown before can hold now (its n then plus those added since).
   */
  private async candidate(
    em: Em,
    round: Round,
    shape: RoundShape,
    definition: InstrumentDefinition,
    releaseId: string,
    earlier: { round: Round; release: Release }[],
    previous: Release[],
    changes: Map<string, Map<string, CellChange>>,
  ): Promise<Numbers> {
    const k = round.minGroupSize;
    const forced = unionForced(previous.map((p) => forcedFrom(p)));
    const ceilings = new Map<string, number>();
    for (const before of previous) {
      for (const cell of [...before.scores, ...before.pairs]) {
        if (cell.suppressed || cell.n === null) continue;
        const ceiling = cell.n + (changes.get(before.id)!.get(cell.key)?.added ?? 0);
        ceilings.set(cell.key, Math.min(ceiling, ceilings.get(cell.key) ?? Infinity));
      }
    }
    const past = { forced, ceilings };
    const scores = discloseScores(
      shape,
      (await scoreAggregates(em, [round.id], DEFAULT_MIN_SHARE)).get(round.id) ?? [],
      k,
      this.policy,
      past,
    );
    const partials = (await partialAggregates(em, [round.id], shape, definition)).get(round.id);
    const items = discloseItems(
      shape,
      scores,
      (await itemAggregates(em, [round.id])).get(round.id) ?? [],
      k,
      this.policy,
      partials,
    );
    const reliability = discloseReliability(
      shape,
      scores,
      await reliabilityAggregates(em, round.id, shape, definition),
      k,
      this.policy,
      partials,
    );
    const known = await knownPairSets(em, releaseId, round.id);
    const pairs: PairRelease[] = [];
    for (const source of earlier) {
      const fromDefinition = await definitionOf(em, source.round.instrumentVersion.id);
      const pairK = Math.max(k, source.round.minGroupSize);
      const cells = disclosePairs(
        source.round.id,
        { shape: shapeOf(fromDefinition), scores: source.release.scores },
        { shape, scores },
        await pairAggregates(
          em,
          { releaseId: source.release.id },
          { roundId: round.id },
          DEFAULT_MIN_SHARE,
          this.policy.onePairPerKey,
        ),
        pairK,
        this.policy,
        past,
        overlapping(round.id, source.round.id, known, pairs, pairK),
      );
      pairs.push(...cells);
    }
    return { scores, items, reliability, pairs };
  }
}

class Unchanged extends Error {
  constructor() {
    super('unchanged');
  }
}

/** A set of one round's responses behind a pair cell shown in some release (any version) of the project. */
interface ShownPairSide {
  /** The round whose responses these are. */
  round: string;
  /** construct|role of the pair cell. */
  group: string;
  /** The pair cell's key, and the round whose release showed it. */
  key: string;
  shownBy: string;
  ids: Set<string>;
}

/** Every group a pair cell of this release could be compared with, as member sets. */
interface KnownPairSets {
  /** This release's pair sets: `p|from|c|role` (this round's side) and `pa|from|c|role` (the earlier round's). */
  candidate: Map<string, Set<string>>;
  /** Both sides of every pair cell shown in any release of the project, every version (they stay known). */
  shown: ShownPairSide[];
}

async function knownPairSets(em: Em, releaseId: string, roundId: string): Promise<KnownPairSets> {
  const candidate = await membersOf(em, releaseId, ['p|', 'pa|']);
  const releases: { id: string; round_id: string; pairs: PairRelease[] | string }[] = await em.execute(
    `select r.id, r.round_id, r.pairs from releases r join rounds w on w.id = r.round_id
      where w.project_id = (select project_id from rounds where id = ?) and r.id <> ? and r.pairs <> '[]'::jsonb`,
    [roundId, releaseId],
  );
  const shown: ShownPairSide[] = [];
  for (const release of releases) {
    const pairs =
      typeof release.pairs === 'string' ? (JSON.parse(release.pairs) as PairRelease[]) : release.pairs;
    const members = await membersOf(em, release.id, ['p|', 'pa|']);
    for (const cell of pairs) {
      if (cell.suppressed) continue;
      const group = `${cell.construct}|${cell.role ?? '*'}`;
      const later = members.get(cell.key);
      const earlier = members.get(cell.key.replace(/^p\|/, 'pa|'));
      const base = { group, key: cell.key, shownBy: release.round_id };
      if (later) shown.push({ ...base, round: release.round_id, ids: later });
      if (earlier) shown.push({ ...base, round: cell.fromRoundId, ids: earlier });
    }
  }
  return { candidate, shown };
}

/**
 * The pair cells from one earlier round that must be hidden because their pairs differ by 1 to k−1 people, on
 * either side, from another pair set of the same construct and role that is or was ever shown: in this release (from
 * rounds processed before), or in any version of any release of the project, whichever way it pairs. Such a
 * difference is a small group's change (three rounds make a cycle: A→C minus B→C minus A→B is those who missed B).
 * The same cell in this round's earlier releases is left to the rule between releases.
 */
function overlapping(
  roundId: string,
  fromRoundId: string,
  known: KnownPairSets,
  shownSoFar: readonly PairRelease[],
  k: number,
): Set<string> {
  const small = (a: Set<string>, b: Set<string>) => {
    let onlyA = 0;
    let onlyB = 0;
    for (const id of a) if (!b.has(id)) onlyA++;
    for (const id of b) if (!a.has(id)) onlyB++;
    return (onlyA > 0 && onlyA < k) || (onlyB > 0 && onlyB < k);
  };
  const result = new Set<string>();
  const prefix = `p|${fromRoundId}|`;
  for (const [key, thisSide] of known.candidate) {
    if (!key.startsWith(prefix)) continue;
    const group = key.slice(prefix.length); // construct|role
    const thatSide = known.candidate.get(`pa|${fromRoundId}|${group}`) ?? new Set<string>();
    const others = known.shown.filter((s) => s.group === group && !(s.key === key && s.shownBy === roundId));
    const here = shownSoFar
      .filter((c) => !c.suppressed && `${c.construct}|${c.role ?? '*'}` === group)
      .flatMap((c) => [known.candidate.get(c.key), known.candidate.get(c.key.replace(/^p\|/, 'pa|'))])
      .filter((set): set is Set<string> => set !== undefined);
    const conflict =
      here.some((set) => small(thisSide, set) || small(thatSide, set)) ||
      others.some((s) =>
        s.round === roundId ? small(thisSide, s.ids) : s.round === fromRoundId && small(thatSide, s.ids),
      );
    if (conflict) result.add(key);
  }
  return result;
}

function unionForced(all: Forced[]): Forced {
  return {
    main: new Set(all.flatMap((f) => [...f.main])),
    spread: new Set(all.flatMap((f) => [...f.spread])),
    quartiles: new Set(all.flatMap((f) => [...f.quartiles])),
  };
}

/**
 * The rule between a release and one before it, for every cell shown in both: scores and pairs as tables (a total
 * and its roles), items and reliability alone, and the groups that follow from them — the earlier round's side of
 * every pair, and the people who answered only some of a construct's items wherever its items are shown.
 */
function timeRuleViolationsOf(
  before: Numbers,
  after: Numbers,
  changes: ReadonlyMap<string, CellChange>,
  kOf: (key: string) => number,
): TimeRuleViolation[] {
  const layout = releaseLayout(after.scores, after.items, after.reliability, after.pairs);
  const shownBefore = shownKeys(before);
  const shownNow = shownKeys(after);
  const derived = [...derivedKeys(before, shownBefore), ...derivedKeys(after, shownNow)];
  const singles = [...layout.singles, ...new Set(derived)];
  const byK = new Map<number, { tables: typeof layout.tables; singles: string[] }>();
  const group = (k: number) => byK.get(k) ?? (byK.set(k, { tables: [], singles: [] }), byK.get(k)!);
  for (const t of layout.tables) group(kOf(t.total ?? t.parts[0]!)).tables.push(t);
  for (const key of singles) group(kOf(key)).singles.push(key);
  return [...byK].flatMap(([k, g]) =>
    timeRuleViolations(g.tables, g.singles, shownBefore, shownNow, changes, k),
  );
}

type Numbers = Pick<Release, 'scores' | 'items' | 'reliability' | 'pairs'>;

function sameNumbers(a: Numbers, b: Numbers): boolean {
  return (
    JSON.stringify([a.scores, a.items, a.reliability, a.pairs]) ===
    JSON.stringify([b.scores, b.items, b.reliability, b.pairs])
  );
}

/** The keys of the cells a release shows, and of the groups that follow from them (see `derivedKeys`). */
function shownKeys(release: Numbers): Set<string> {
  const shown = new Set(
    [...release.scores, ...release.items, ...release.reliability, ...release.pairs]
      .filter((c) => !c.suppressed)
      .map((c) => c.key),
  );
  for (const key of derivedKeys(release, shown)) shown.add(key);
  return shown;
}

/**
 * Groups whose sums or counts follow from shown cells: the earlier round's side of a shown pair cell (`pa|…`), those
 * who said "Vet ikke" to a shown item (`v|…`), and the people who answered only some items of a construct whose cell
 * and items are shown for a role (`q|construct|role`).
 */
function derivedKeys(release: Numbers, shown: ReadonlySet<string>): string[] {
  const keys = release.pairs.filter((p) => shown.has(p.key)).map((p) => p.key.replace(/^p\|/, 'pa|'));
  // A shown item shows how many said "Vet ikke" too: that group's changes count as well.
  for (const item of release.items) if (shown.has(item.key)) keys.push(item.key.replace(/^i\|/, 'v|'));
  const items = new Map<string, boolean>();
  for (const item of release.items) {
    if (!item.construct) continue;
    const key = partialKey(item.construct, item.role);
    items.set(key, (items.get(key) ?? true) && shown.has(item.key));
  }
  for (const [key, allShown] of items) {
    const [, construct, role] = key.split('|');
    if (allShown && shown.has(scoreKey(construct!, role as RespondentRole))) keys.push(key);
  }
  return keys;
}
