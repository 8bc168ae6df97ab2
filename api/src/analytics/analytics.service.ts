import { ProjectRole } from '../accounts/project-role.js';
import type { Viewer } from '../auth/viewer.js';
import { ProgrammeCohort } from '../cohorts/cohort.entity.js';
import { ForbiddenError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import {
  ConstructKind,
  ItemType,
  RespondentRole,
  type InstrumentDefinition,
  type Item,
  type LocalizedText,
} from '../instruments/definition.types.js';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import { Wave, WaveStatus } from '../waves/wave.entity.js';
import type {
  FunnelStage,
  ItemDistribution,
  ProgrammeFunnel,
  Reliability,
  RoundChange,
  RoundRef,
  ScoreCell,
} from './analytics.types.js';
import { cronbachAlpha, meanInterval, pairedChange, welchDifference, wilsonInterval } from './stats.js';
import { applySuppression, SuppressionReason, type Cell, type Partition } from './suppression.js';

export const DEFAULT_MIN_SHARE = 0.5;

interface Round {
  wave: Wave;
  ref: RoundRef;
  definition: InstrumentDefinition;
  /** Managers wait for the round to close where the round says so; researchers of the project do not. */
  hidden: boolean;
}

export interface ScoreFilter {
  projectIds: string[];
  waveIds?: string[] | null;
  roles?: RespondentRole[] | null;
  constructs?: string[] | null;
  minShareAnswered?: number | null;
}

/** A PostgreSQL array literal of values already checked to be UUIDs or keys, passed as one parameter. */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v}"`).join(',')}}`;
}

const ROLES = Object.values(RespondentRole);

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The quartiles from one `percentile_cont(array[…])` (one sort instead of three); PGlite may give the array as text. */
function quartilesOf(value: unknown): { q1: number | null; median: number | null; q3: number | null } {
  const values = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.replace(/^\{|\}$/g, '').split(',')
      : [];
  const [q1, median, q3] = values.map((v) => num(v === 'NULL' ? null : v));
  return { q1: q1 ?? null, median: median ?? null, q3: q3 ?? null };
}

/**
 * Every chart's numbers, each from one SQL query over stored construct scores or answers: Node receives only the
 * groups' aggregates, never respondents' rows. Suppression is applied to every result in `applySuppression`.
 */
export class AnalyticsService {
  constructor(
    private readonly em: Em,
    private readonly viewer: Viewer,
  ) {}

  private isResearcher(projectId: string): boolean {
    return this.viewer.isAdmin || this.viewer.roles.get(projectId) === ProjectRole.RESEARCHER;
  }

  private async rounds(projectIds: string[], waveIds?: string[] | null): Promise<Round[]> {
    const ids = projectIds.filter(isUuid);
    const waves = await this.em.find(
      Wave,
      { project: { $in: ids }, ...(waveIds?.length ? { id: { $in: waveIds.filter(isUuid) } } : {}) },
      { populate: ['project'], orderBy: { opensAt: 'asc', id: 'asc' } },
    );
    const versions = new Map(
      (await this.em.find(InstrumentVersion, { id: { $in: waves.map((w) => w.instrumentVersion.id) } })).map(
        (v) => [v.id, v],
      ),
    );
    const now = new Date();
    return waves.map((wave) => ({
      wave,
      definition: versions.get(wave.instrumentVersion.id)!.definition,
      ref: {
        projectId: wave.project.id,
        projectName: wave.project.name,
        waveId: wave.id,
        waveLabel: wave.label,
        opensAt: wave.opensAt,
      },
      hidden:
        wave.resultsAfterClose &&
        wave.statusAt(now) !== WaveStatus.CLOSED &&
        !this.isResearcher(wave.project.id),
    }));
  }

  private checkMinShare(projectIds: string[], minShare: number | null | undefined): number {
    if (minShare == null || minShare === DEFAULT_MIN_SHARE) return DEFAULT_MIN_SHARE;
    if (!(minShare > 0 && minShare <= 1))
      throw ValidationError.forFields({ minShareAnswered: 'must be above 0 and at most 1' });
    // Another threshold changes who is counted; letting managers vary it would let them subtract small groups out.
    if (!projectIds.every((id) => this.isResearcher(id))) {
      throw new ForbiddenError(
        'Only researchers of the project may change the minimum share of items answered',
      );
    }
    return minShare;
  }

  async constructScores(filter: ScoreFilter): Promise<ScoreCell[]> {
    const minShare = this.checkMinShare(filter.projectIds, filter.minShareAnswered);
    const rounds = await this.rounds(filter.projectIds, filter.waveIds);
    if (rounds.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.em.getConnection().execute(
      `select r.wave_id, r.role::text as role, cs.construct_key, cs.kind::text as kind, count(*) as n,
              avg(cs.score) as mean, stddev_samp(cs.score) as sd,
              percentile_cont(array[0.25, 0.5, 0.75]) within group (order by cs.score) as quartiles
         from construct_scores cs
         join responses r on r.id = cs.response_id
        where r.status = 'SUBMITTED' and r.wave_id = any(?::uuid[])
          and cs.answered_items >= ? * cs.shown_items
        group by grouping sets ((r.wave_id, r.role, cs.construct_key, cs.kind), (r.wave_id, cs.construct_key, cs.kind))`,
      [arrayLiteral(rounds.map((r) => r.wave.id)), minShare],
    );
    const byWave = new Map(rounds.map((r) => [r.wave.id, r]));
    type Working = ScoreCell & Cell & { key: string };
    const cells: Working[] = rows.map((row) => {
      const round = byWave.get(String(row.wave_id))!;
      const construct = String(row.construct_key);
      const definition = round.definition.constructs.find((c) => c.key === construct);
      const n = Number(row.n);
      const mean = Number(row.mean);
      const sd = num(row.sd);
      const interval = sd === null ? null : meanInterval(n, mean, sd);
      return {
        key: `${round.wave.id}|${construct}|${row.role ?? '*'}`,
        round: round.ref,
        role: (row.role as RespondentRole | null) ?? null,
        construct,
        kind: row.kind as ConstructKind,
        label: definition?.label ?? { nb: construct },
        k: round.wave.minGroupSize,
        suppressed: round.hidden ? SuppressionReason.ROUND_OPEN : null,
        n,
        mean,
        sd,
        ciLow: interval?.low ?? null,
        ciHigh: interval?.high ?? null,
        ...quartilesOf(row.quartiles),
      };
    });
    const byKey = new Map(cells.map((c) => [c.key, c]));
    const partitions: Partition<Working>[] = cells
      .filter((c) => c.role === null)
      .map((total) => ({
        total,
        parts: ROLES.map((role) => byKey.get(`${total.round.waveId}|${total.construct}|${role}`)).filter(
          (c): c is Working => c !== undefined,
        ),
      }));
    applySuppression(cells, partitions);
    // Filters only choose which cells to return; every cell is computed over its whole group, whatever is asked.
    const wanted = (cell: Working) =>
      (!filter.roles?.length || cell.role === null || filter.roles.includes(cell.role)) &&
      (!filter.constructs?.length || filter.constructs.includes(cell.construct));
    return cells
      .filter(wanted)
      .map(({ key: _key, k: _k, ...cell }) => (cell.suppressed ? blankScore(cell) : cell));
  }

  async itemDistributions(filter: {
    projectIds: string[];
    waveIds?: string[] | null;
    roles?: RespondentRole[] | null;
    items?: string[] | null;
  }): Promise<ItemDistribution[]> {
    const rounds = await this.rounds(filter.projectIds, filter.waveIds);
    if (rounds.length === 0) return [];
    const groups: Record<string, unknown>[] = await this.em.getConnection().execute(
      `select r.wave_id, r.role::text as role, count(*) as n from responses r
        where r.status = 'SUBMITTED' and r.wave_id = any(?::uuid[]) group by r.wave_id, r.role`,
      [arrayLiteral(rounds.map((r) => r.wave.id))],
    );
    const counts: Record<string, unknown>[] = await this.em.getConnection().execute(
      `select r.wave_id, r.role::text as role, a.item_key, a.number, a.not_applicable, count(*) as count
         from answers a join responses r on r.id = a.response_id
        where r.status = 'SUBMITTED' and r.wave_id = any(?::uuid[]) and (a.number is not null or a.not_applicable)
        group by r.wave_id, r.role, a.item_key, a.number, a.not_applicable`,
      [arrayLiteral(rounds.map((r) => r.wave.id))],
    );
    const groupSize = new Map(groups.map((g) => [`${g.wave_id}|${g.role}`, Number(g.n)]));
    const tally = new Map<string, { points: Map<number, number>; na: number }>();
    for (const row of counts) {
      const key = `${row.wave_id}|${row.role}|${row.item_key}`;
      const entry = tally.get(key) ?? { points: new Map<number, number>(), na: 0 };
      if (row.not_applicable) entry.na += Number(row.count);
      else entry.points.set(Number(row.number), Number(row.count));
      tally.set(key, entry);
    }
    const result: ItemDistribution[] = [];
    for (const round of rounds) {
      const scales = new Map(round.definition.scales.map((s) => [s.key, s]));
      for (const role of ROLES) {
        if (filter.roles?.length && !filter.roles.includes(role)) continue;
        const n = groupSize.get(`${round.wave.id}|${role}`) ?? 0;
        if (n === 0) continue;
        const items = round.definition.sections
          .flatMap((s) => s.items)
          .filter(
            (i) =>
              i.type === ItemType.LIKERT &&
              i.roles.includes(role) &&
              (!filter.items?.length || filter.items.includes(i.key)),
          );
        for (const item of items) {
          const points = scales.get(item.scale ?? '')?.points ?? [];
          const suppressed = round.hidden
            ? SuppressionReason.ROUND_OPEN
            : n < round.wave.minGroupSize
              ? SuppressionReason.TOO_FEW
              : null;
          const base = {
            round: round.ref,
            role,
            item: item.key,
            prompt: promptFor(item, role),
            construct: item.construct ?? null,
            points,
          };
          if (suppressed) {
            result.push({ ...base, suppressed, n: null, counts: null, notApplicable: null, missing: null });
            continue;
          }
          const entry = tally.get(`${round.wave.id}|${role}|${item.key}`) ?? {
            points: new Map<number, number>(),
            na: 0,
          };
          const answered = [...entry.points.values()].reduce((s, c) => s + c, 0);
          result.push({
            ...base,
            suppressed: null,
            n,
            counts: points.map((p) => {
              const count = entry.points.get(p.value) ?? 0;
              return { value: p.value, count, share: answered > 0 ? count / answered : 0 };
            }),
            notApplicable: entry.na,
            missing: n - answered - entry.na,
          });
        }
      }
    }
    return result;
  }

  async roundChange(args: {
    projectId: string;
    fromWaveId: string;
    toWaveId: string;
    construct: string;
    role?: RespondentRole | null;
  }): Promise<RoundChange> {
    const rounds = await this.rounds([args.projectId], [args.fromWaveId, args.toWaveId]);
    const from = rounds.find((r) => r.wave.id === args.fromWaveId);
    const to = rounds.find((r) => r.wave.id === args.toWaveId);
    if (!from || !to)
      throw ValidationError.forFields({ fromWaveId: 'and toWaveId must both be rounds of the project' });
    const construct =
      to.definition.constructs.find((c) => c.key === args.construct) ??
      from.definition.constructs.find((c) => c.key === args.construct);
    if (!construct) throw ValidationError.forFields({ construct: `is not a construct of these rounds` });
    const role = args.role ?? null;
    const params = [args.fromWaveId, args.toWaveId, args.construct, role, role, DEFAULT_MIN_SHARE];
    const [row]: Record<string, unknown>[] = await this.em.getConnection().execute(
      `with scores as (
         select r.wave_id, r.linkage_hash, r.role, cs.score
           from construct_scores cs join responses r on r.id = cs.response_id
          where r.status = 'SUBMITTED' and r.wave_id in (?, ?) and cs.construct_key = ?
            and (?::text is null or r.role::text = ?) and cs.answered_items >= ? * cs.shown_items),
       groups as (
         select wave_id, count(*) as n, avg(score) as mean, stddev_samp(score) as sd from scores group by wave_id),
       pairs as (
         select t.score - f.score as diff
           from scores f join scores t on t.linkage_hash = f.linkage_hash and t.role = f.role
          where f.wave_id = ?::uuid and t.wave_id = ?::uuid and f.linkage_hash is not null)
       select (select json_agg(groups) from groups) as groups,
              (select count(*) from pairs) as pairs, (select avg(diff) from pairs) as mean_diff,
              (select stddev_samp(diff) from pairs) as sd_diff,
              (select count(*) from pairs where diff > 0) as up, (select count(*) from pairs where diff = 0) as same,
              (select count(*) from pairs where diff < 0) as down`,
      [...params, args.fromWaveId, args.toWaveId],
    );
    const groups =
      (row!.groups as { wave_id: string; n: number; mean: number; sd: number | null }[] | null) ?? [];
    const summary = (round: Round) => {
      const group = groups.find((g) => g.wave_id === round.wave.id);
      const n = group ? Number(group.n) : 0;
      const suppressed = round.hidden
        ? SuppressionReason.ROUND_OPEN
        : n < round.wave.minGroupSize
          ? SuppressionReason.TOO_FEW
          : null;
      return suppressed
        ? { round: round.ref, suppressed, n: null, mean: null, sd: null }
        : { round: round.ref, suppressed, n, mean: Number(group!.mean), sd: num(group!.sd) };
    };
    const fromScore = summary(from);
    const toScore = summary(to);
    const k = Math.max(from.wave.minGroupSize, to.wave.minGroupSize);
    const unpairedHidden = fromScore.suppressed ?? toScore.suppressed;
    const welch =
      unpairedHidden || fromScore.sd === null || toScore.sd === null
        ? null
        : welchDifference(
            { n: fromScore.n!, mean: fromScore.mean!, sd: fromScore.sd },
            { n: toScore.n!, mean: toScore.mean!, sd: toScore.sd },
          );
    const pairsN = Number(row!.pairs);
    const pairedHidden =
      from.hidden || to.hidden ? SuppressionReason.ROUND_OPEN : pairsN < k ? SuppressionReason.TOO_FEW : null;
    const paired = pairedHidden
      ? null
      : pairedChange(pairsN, Number(row!.mean_diff), Number(row!.sd_diff ?? 0));
    // For a CHALLENGE, a lower score is the better one.
    const better = construct.kind === ConstructKind.CHALLENGE ? Number(row!.down) : Number(row!.up);
    const worse = construct.kind === ConstructKind.CHALLENGE ? Number(row!.up) : Number(row!.down);
    return {
      construct: construct.key,
      kind: construct.kind,
      role,
      from: fromScore,
      to: toScore,
      unpaired: {
        suppressed: unpairedHidden,
        difference:
          welch?.difference ?? (unpairedHidden ? null : (toScore.mean ?? 0) - (fromScore.mean ?? 0)),
        ciLow: welch?.low ?? null,
        ciHigh: welch?.high ?? null,
      },
      paired: pairedHidden
        ? {
            suppressed: pairedHidden,
            n: null,
            meanChange: null,
            ciLow: null,
            ciHigh: null,
            dz: null,
            improved: null,
            unchanged: null,
            worse: null,
          }
        : {
            suppressed: null,
            n: pairsN,
            meanChange: paired?.meanChange ?? Number(row!.mean_diff),
            ciLow: paired?.low ?? null,
            ciHigh: paired?.high ?? null,
            dz: paired?.dz ?? null,
            improved: better / pairsN,
            unchanged: Number(row!.same) / pairsN,
            worse: worse / pairsN,
          },
    };
  }

  async reliability(args: { projectId: string; waveId: string }): Promise<Reliability[]> {
    const [round] = await this.rounds([args.projectId], [args.waveId]);
    if (!round) throw ValidationError.forFields({ waveId: 'is not a round of the project' });
    const scales = new Map(round.definition.scales.map((s) => [s.key, s]));
    const result: Reliability[] = [];
    for (const construct of round.definition.constructs) {
      for (const role of ROLES) {
        const items = round.definition.sections
          .flatMap((s) => s.items)
          .filter((i) => i.construct === construct.key && i.roles.includes(role));
        if (items.length === 0) continue;
        const bounds = items.map((i) => {
          const values =
            i.type === ItemType.LIKERT
              ? (scales.get(i.scale ?? '')?.points.map((p) => p.value) ?? [])
              : i.type === ItemType.NPS
                ? [0, 10]
                : i.type === ItemType.YES_NO
                  ? [0, 1]
                  : [i.min ?? 0, i.max ?? 0];
          return Math.min(...values) + Math.max(...values);
        });
        const [row]: Record<string, unknown>[] = await this.em.getConnection().execute(
          `with items as (select * from unnest(?::text[], ?::boolean[], ?::double precision[]) as t(key, reverse, mirror)),
           v as (
             select a.response_id, a.item_key, case when items.reverse then items.mirror - a.number else a.number end as x
               from answers a join responses r on r.id = a.response_id join items on items.key = a.item_key
              where r.status = 'SUBMITTED' and r.wave_id = ? and r.role::text = ? and a.number is not null),
           complete as (select response_id from v group by response_id having count(*) = ?),
           cv as (select * from v where response_id in (select response_id from complete))
           select (select count(*) from complete) as n,
                  (select sum(vi) from (select var_samp(x) as vi from cv group by item_key) iv) as sum_vi,
                  (select var_samp(t) from (select sum(x) as t from cv group by response_id) tot) as var_t`,
          [
            arrayLiteral(items.map((i) => i.key)),
            `{${items.map((i) => String(i.reverseScored)).join(',')}}`,
            `{${bounds.join(',')}}`,
            round.wave.id,
            role,
            items.length,
          ],
        );
        const n = Number(row!.n);
        const suppressed = round.hidden
          ? SuppressionReason.ROUND_OPEN
          : n < round.wave.minGroupSize
            ? SuppressionReason.TOO_FEW
            : null;
        result.push({
          round: round.ref,
          role,
          construct: construct.key,
          items: items.length,
          suppressed,
          n: suppressed ? null : n,
          alpha: suppressed ? null : cronbachAlpha(items.length, Number(row!.sum_vi), Number(row!.var_t)),
        });
      }
    }
    return result;
  }

  /**
   * Programme figures are totals the programmes publish themselves, so they are shown as reported, with the rate
   * from each reported stage to the next and its Wilson interval.
   */
  async programmeFunnel(projectIds: string[]): Promise<ProgrammeFunnel[]> {
    const cohorts = await this.em.find(
      ProgrammeCohort,
      { project: { $in: projectIds.filter(isUuid) } },
      { populate: ['project'], orderBy: { project: { name: 'asc' }, startYear: 'asc', cohort: 'asc' } },
    );
    return cohorts.map((cohort) => {
      const employed =
        cohort.employedInServices === null && cohort.employedElsewhere === null
          ? null
          : (cohort.employedInServices ?? 0) + (cohort.employedElsewhere ?? 0);
      const steps: [string, number | null][] = [
        ['applicants', cohort.applicants],
        ['admitted', cohort.admitted],
        ['started', cohort.started],
        ['completed', cohort.completed],
        ['employed', employed],
      ];
      let previous: number | null = null;
      const stages: FunnelStage[] = steps.map(([stage, count]) => {
        const rate = count !== null && previous ? count / previous : null;
        const interval =
          count !== null && previous && count <= previous ? wilsonInterval(count, previous) : null;
        if (count !== null) previous = count;
        return { stage, count, rate, ciLow: interval?.low ?? null, ciHigh: interval?.high ?? null };
      });
      return {
        projectId: cohort.project.id,
        projectName: cohort.project.name,
        cohort: cohort.cohort,
        startYear: cohort.startYear,
        source: cohort.source,
        stages,
      };
    });
  }
}

function promptFor(item: Item, role: RespondentRole): LocalizedText {
  return item.promptByRole?.find((p) => p.role === role)?.text ?? item.prompt;
}

function blankScore(cell: ScoreCell): ScoreCell {
  return {
    ...cell,
    n: null,
    mean: null,
    sd: null,
    ciLow: null,
    ciHigh: null,
    median: null,
    q1: null,
    q3: null,
  };
}
