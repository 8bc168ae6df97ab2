import type { Em } from '../db/orm.js';
import type { Logger } from '../logger.js';
import type { InstrumentDefinition } from '../instruments/definition.types.js';
import { definitionOf } from '../instruments/published-definitions.js';
import { Wave, WaveStatus } from '../waves/wave.entity.js';
import { RULES_VERSION, timeRuleViolations, type DisclosurePolicy } from './disclosure.js';
import { Release, ReleaseMembers, type HeldChanges } from './release.entity.js';
import {
  itemAggregates,
  memberChanges,
  pairAggregates,
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
  NOTHING_FORCED,
  releaseLayout,
  shapeOf,
  type RoundShape,
} from './round-disclosure.js';

/** Share of a construct's items a respondent must answer to get a score, for everything a manager sees. */
export const DEFAULT_MIN_SHARE = 0.5;

/** Rounds opened earlier come first; on the same moment, the id decides, so that the order is always the same. */
export function roundOrder(a: Wave, b: Wave): number {
  return a.opensAt.getTime() - b.opensAt.getTime() || a.id.localeCompare(b.id);
}

/** Whether managers may see a round's results now: closed, or a round that shows them while open. */
export function resultsVisible(wave: Wave, now = new Date()): boolean {
  return !wave.resultsAfterClose || wave.statusAt(now) === WaveStatus.CLOSED;
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
  async current(waveIds: readonly string[]): Promise<Map<string, Release>> {
    if (waveIds.length === 0) return new Map();
    const ids: { id: string }[] = await this.em.execute(
      `select distinct on (wave_id) id from releases where wave_id = any(?::uuid[]) order by wave_id, version desc`,
      [`{${waveIds.join(',')}}`],
    );
    if (ids.length === 0) return new Map();
    const releases = await this.em.find(
      Release,
      { id: { $in: ids.map((r) => r.id) } },
      { disableIdentityMap: true },
    );
    return new Map(releases.map((release) => [release.wave.id, release]));
  }

  /** The current release of one round, brought up to date first; null while managers may not see its results. */
  async ensure(projectId: string, waveId: string): Promise<Release | null> {
    if (this.policy.releases) await this.refreshProjects([projectId]);
    return (await this.current([waveId])).get(waveId) ?? null;
  }

  /** The latest version of each round's release and the state it was last checked against, without the numbers. */
  private async heads(
    waveIds: readonly string[],
  ): Promise<Map<string, { version: number; checked: string }>> {
    if (waveIds.length === 0) return new Map();
    const rows: { wave_id: string; version: number; checked_fingerprint: string }[] = await this.em.execute(
      `select distinct on (wave_id) wave_id, version, checked_fingerprint from releases
        where wave_id = any(?::uuid[]) order by wave_id, version desc`,
      [`{${waveIds.join(',')}}`],
    );
    return new Map(
      rows.map((r) => [r.wave_id, { version: Number(r.version), checked: r.checked_fingerprint }]),
    );
  }

  /**
   * Brings the releases of these projects' rounds up to date where their state has changed, earliest round first (a
   * round's change cells come from the current releases of the rounds before it).
   */
  async refreshProjects(projectIds: readonly string[], now = new Date()): Promise<void> {
    if (projectIds.length === 0) return;
    const waves = await this.em.find(
      Wave,
      { project: { $in: [...projectIds] } },
      { disableIdentityMap: true },
    );
    const byProject = new Map<string, Wave[]>();
    for (const wave of waves)
      byProject.set(wave.project.id, [...(byProject.get(wave.project.id) ?? []), wave]);
    const counts = await this.counts(waves.map((w) => w.id));
    const heads = await this.heads(waves.map((w) => w.id));
    for (const rounds of byProject.values()) {
      rounds.sort(roundOrder);
      for (const wave of rounds) {
        if (!resultsVisible(wave, now)) continue;
        const earlier = rounds.filter((w) => roundOrder(w, wave) < 0 && heads.has(w.id));
        const fingerprint = [
          `rules ${RULES_VERSION}`,
          `k ${wave.minGroupSize}`,
          `responses ${counts.get(wave.id) ?? '0/0'}`,
          ...earlier.map((w) => `${w.id}@${heads.get(w.id)!.version}`),
        ].join('|');
        if (heads.get(wave.id)?.checked === fingerprint) continue;
        const releases = await this.current(earlier.map((w) => w.id));
        await this.refresh(
          wave,
          earlier.map((w) => ({ wave: w, release: releases.get(w.id)! })),
          fingerprint,
          now,
        );
        const [head] = (await this.heads([wave.id])).values();
        if (head) heads.set(wave.id, head);
      }
    }
  }

  /** Submitted and withdrawn responses per round: together they change whenever a round's population does. */
  private async counts(waveIds: string[]): Promise<Map<string, string>> {
    if (waveIds.length === 0) return new Map();
    const rows: { wave_id: string; submitted: string; withdrawn: string }[] = await this.em.execute(
      `select wave_id, count(*) filter (where status = 'SUBMITTED') as submitted,
              count(*) filter (where status = 'WITHDRAWN') as withdrawn
         from responses where wave_id = any(?::uuid[]) group by wave_id`,
      [`{${waveIds.join(',')}}`],
    );
    return new Map(rows.map((r) => [r.wave_id, `${r.submitted}/${r.withdrawn}`]));
  }

  /** Makes a new release of the round if its state passes the rules; returns whether it did. */
  private async refresh(
    wave: Wave,
    earlier: { wave: Wave; release: Release }[],
    fingerprint: string,
    now: Date,
  ): Promise<boolean> {
    try {
      return await this.em.transactional(async (tx) => {
        const em = tx as Em;
        await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
          `verdi:release:${wave.id}`,
        ]);
        const [current] = await em.find(
          Release,
          { wave: wave.id },
          { orderBy: { version: 'desc' }, limit: 1, disableIdentityMap: true },
        );
        if (current?.checkedFingerprint === fingerprint) return false;
        const candidate = await this.candidate(em, wave, earlier, current ?? null);
        if (current && sameNumbers(current, candidate)) {
          await em.nativeUpdate(Release, { id: current.id }, { checkedFingerprint: fingerprint, held: null });
          await writeMembersAgain(em, current, candidate, wave, earlier, this.policy);
          return false;
        }
        const release = em.create(Release, {
          wave: wave.id,
          version: (current?.version ?? 0) + 1,
          releasedAt: now,
          k: wave.minGroupSize,
          rulesVersion: RULES_VERSION,
          fingerprint,
          checkedFingerprint: fingerprint,
          scores: candidate.scores,
          items: candidate.items,
          reliability: candidate.reliability,
          pairs: candidate.pairs,
        });
        await em.flush();
        await writeReleaseMembers(
          em,
          release.id,
          wave.id,
          candidate.shape,
          candidate.definition,
          DEFAULT_MIN_SHARE,
          earlier.map((e) => ({ waveId: e.wave.id, releaseId: e.release.id })),
          this.policy.onePairPerKey,
        );
        if (current) {
          const changes = await memberChanges(em, current.id, release.id);
          const layout = releaseLayout(release.scores, release.items, release.reliability, release.pairs);
          const violations = timeRuleViolations(
            layout.tables,
            layout.singles,
            shownKeys(current),
            shownKeys(release),
            changes,
            wave.minGroupSize,
          );
          if (violations.length > 0) {
            const everyone = changes.get('*') ?? { added: 0, removed: 0 };
            throw new Held({
              since: current.held?.since ?? now.toISOString().slice(0, 10),
              added: everyone.added,
              removed: everyone.removed,
              cells: [...new Set(violations.map((v) => v.key))],
            });
          }
          await em.nativeDelete(ReleaseMembers, { release: current.id });
        }
        this.log?.info({ waveId: wave.id, version: release.version }, 'round released');
        return true;
      });
    } catch (error) {
      if (!(error instanceof Held)) throw error;
      // The transaction is gone; record in a new one that this state was checked and held back.
      await this.em.nativeUpdate(
        Release,
        { wave: wave.id, version: await this.latestVersion(wave.id) },
        { checkedFingerprint: fingerprint, held: error.changes },
      );
      return false;
    }
  }

  private async latestVersion(waveId: string): Promise<number> {
    const [row] = await this.em.find(
      Release,
      { wave: waveId },
      { orderBy: { version: 'desc' }, limit: 1, fields: ['version'], disableIdentityMap: true },
    );
    return row!.version;
  }

  /** Every cell of the round as it stands, with the rules applied, and what stays hidden from the current release. */
  private async candidate(
    em: Em,
    wave: Wave,
    earlier: { wave: Wave; release: Release }[],
    current: Release | null,
  ) {
    const definition = await definitionOf(em, wave.instrumentVersion.id);
    const shape = shapeOf(definition);
    const k = wave.minGroupSize;
    const forced = current ? forcedFrom(current) : NOTHING_FORCED;
    const scores = discloseScores(
      shape,
      (await scoreAggregates(em, [wave.id], DEFAULT_MIN_SHARE)).get(wave.id) ?? [],
      k,
      this.policy,
      forced,
    );
    const items = discloseItems(
      shape,
      scores,
      (await itemAggregates(em, [wave.id])).get(wave.id) ?? [],
      k,
      this.policy,
      forced,
    );
    const reliability = discloseReliability(
      shape,
      scores,
      await reliabilityAggregates(em, wave.id, shape, definition),
      k,
      this.policy,
      forced,
    );
    const pairs = [];
    for (const source of earlier) {
      const fromDefinition = await definitionOf(em, source.wave.instrumentVersion.id);
      pairs.push(
        ...disclosePairs(
          source.wave.id,
          { shape: shapeOf(fromDefinition), scores: source.release.scores },
          { shape, scores },
          await pairAggregates(
            em,
            { releaseId: source.release.id },
            { waveId: wave.id },
            DEFAULT_MIN_SHARE,
            this.policy.onePairPerKey,
          ),
          k,
          this.policy,
          forced,
        ),
      );
    }
    return { scores, items, reliability, pairs, shape, definition };
  }
}

type Numbers = Pick<Release, 'scores' | 'items' | 'reliability' | 'pairs'>;

function sameNumbers(a: Numbers, b: Numbers): boolean {
  return (
    JSON.stringify([a.scores, a.items, a.reliability, a.pairs]) ===
    JSON.stringify([b.scores, b.items, b.reliability, b.pairs])
  );
}

/** The keys of the cells a release shows. */
function shownKeys(release: Numbers): Set<string> {
  return new Set(
    [...release.scores, ...release.items, ...release.reliability, ...release.pairs]
      .filter((c) => !c.suppressed)
      .map((c) => c.key),
  );
}

/**
 * A state with the same numbers (e.g. an earlier round's new release that changes no pair) keeps its release; its
 * members are written again so that the pairs' members follow the earlier rounds' current releases.
 */
async function writeMembersAgain(
  em: Em,
  release: Release,
  candidate: { shape: RoundShape; definition: InstrumentDefinition },
  wave: Wave,
  earlier: { wave: Wave; release: Release }[],
  policy: DisclosurePolicy,
): Promise<void> {
  await em.nativeDelete(ReleaseMembers, { release: release.id });
  await writeReleaseMembers(
    em,
    release.id,
    wave.id,
    candidate.shape,
    candidate.definition,
    DEFAULT_MIN_SHARE,
    earlier.map((e) => ({ waveId: e.wave.id, releaseId: e.release.id })),
    policy.onePairPerKey,
  );
}
