import type { ConstructKind, RespondentRole, SuppressionReason } from '@verdi/schema/generated';
import type { ChartTexts, Distribution, Funnel, RoundChange, ScoreCell } from '../model/charts';
import nb from '../i18n/nb.json';

/** The builders' texts in bokmål, looked up in the real message file so that a renamed key fails a test. */
export const nbTexts: ChartTexts = {
  locale: 'nb',
  t: (key, values) => {
    let node: unknown = nb;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') return key;
    return node.replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`));
  },
  number: (value, digits = 2) =>
    new Intl.NumberFormat('nb-NO', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      value,
    ),
  date: (iso) =>
    new Intl.DateTimeFormat('nb-NO', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(iso)),
};

/** When the fixtures' rounds were released: midday, so that the day is the same in every time zone. */
export const releasedAt = '2025-03-14T12:00:00.000Z';

export interface RoundFields {
  /** The round's minimum group size; 5 unless told. */
  k?: number;
  /** Version 2 of a release unless told; null for live numbers or a round not released yet. */
  releaseVersion?: number | null;
  releasedAt?: string | null;
  opensAt?: string;
}

/** A round as a manager sees it: released, with k = 5. */
export function round(
  projectName: string,
  roundLabel = 'Oppstart 2025',
  projectId = projectName,
  fields: RoundFields = {},
) {
  const version = fields.releaseVersion === undefined ? 2 : fields.releaseVersion;
  return {
    __typename: 'RoundRef' as const,
    projectId,
    projectName,
    roundId: `${projectId}-${roundLabel}`,
    roundLabel,
    opensAt: fields.opensAt ?? '2025-01-10T08:00:00.000Z',
    minGroupSize: fields.k ?? 5,
    releaseVersion: version,
    releasedAt: version === null ? null : (fields.releasedAt ?? releasedAt),
  };
}

/**
 * A construct score as the API gives it: a hidden cell carries no numbers, the spread (from 2k) follows n and k
 * unless told otherwise, and the median and quartiles are never released (TOO_FEW, or the cell's own reason).
 */
export function cell(
  fields: {
    construct?: string;
    kind?: ConstructKind;
    role?: RespondentRole | null;
    project?: string;
    round?: ReturnType<typeof round>;
    suppressed?: SuppressionReason | null;
    spreadSuppressed?: SuppressionReason | null;
    quartilesSuppressed?: SuppressionReason | null;
    n?: number | null;
    mean?: number | null;
    sd?: number;
  } = {},
): ScoreCell {
  const where = fields.round ?? round(fields.project ?? 'Eksempelprosjekt A');
  const k = where.minGroupSize;
  const suppressed = fields.suppressed ?? null;
  const n = suppressed ? null : (fields.n ?? 24);
  const spreadSuppressed =
    fields.spreadSuppressed !== undefined
      ? fields.spreadSuppressed
      : (suppressed ?? (n! < 2 * k ? 'TOO_FEW' : null));
  const quartilesSuppressed =
    fields.quartilesSuppressed !== undefined ? fields.quartilesSuppressed : (suppressed ?? 'TOO_FEW');
  const mean = suppressed ? null : (fields.mean ?? 3.5);
  const spread = mean !== null && !spreadSuppressed;
  return {
    __typename: 'ScoreCell',
    round: where,
    role: fields.role === undefined ? 'SERVICE_USER' : fields.role,
    construct: fields.construct ?? 'trust',
    kind: fields.kind ?? 'VALUE',
    label: { __typename: 'LocalizedText', nb: fields.construct ?? 'Tillit', en: 'Trust', nn: null },
    suppressed,
    n,
    mean,
    spreadSuppressed,
    sd: spread ? (fields.sd ?? 0.8) : null,
    ciLow: spread ? mean - 0.5 : null,
    ciHigh: spread ? mean + 0.5 : null,
    quartilesSuppressed,
    median: null,
    q1: null,
    q3: null,
  } as ScoreCell;
}

const agreement = ['Helt uenig', 'Uenig', 'Både og', 'Enig', 'Helt enig'];

/** An item's answers; `missing` is null as in a manager's release unless told (researchers' live numbers have it). */
export function distribution(
  shares: number[],
  fields: {
    role?: RespondentRole;
    suppressed?: SuppressionReason | null;
    item?: string;
    missing?: number | null;
  } = {},
): Distribution {
  const suppressed = fields.suppressed ?? null;
  return {
    __typename: 'ItemDistribution',
    round: round('Eksempelprosjekt A'),
    role: fields.role ?? 'SERVICE_USER',
    item: fields.item ?? 'q1',
    construct: 'trust',
    prompt: {
      __typename: 'LocalizedText',
      nb: 'Jeg blir lyttet til.',
      en: 'I am listened to.',
      nn: 'Eg blir lytta til.',
    },
    points: agreement.map((label, i) => ({
      __typename: 'ScalePoint',
      value: i + 1,
      label: { __typename: 'LocalizedText', nb: label, en: label, nn: null },
    })),
    suppressed,
    n: suppressed ? null : 20,
    counts: suppressed
      ? null
      : shares.map((share, i) => ({ __typename: 'PointCount', value: i + 1, count: share * 20, share })),
    notApplicable: suppressed ? null : 1,
    missing: suppressed ? null : (fields.missing ?? null),
  } as Distribution;
}

type Stage = [stage: string, count: number | null, of?: string | null, rate?: number | null];

/** A cohort's funnel from [stage, count, of, rate] rows; a rate gets a plain ±10-point interval. */
export function funnel(
  stages: Stage[],
  fields: { projectName?: string; cohort?: string; note?: string | null } = {},
): Funnel {
  return {
    __typename: 'ProgrammeFunnel',
    projectId: fields.projectName ?? 'Eksempelskolen',
    projectName: fields.projectName ?? 'Eksempelskolen',
    cohort: fields.cohort ?? 'Kull 2024',
    startYear: 2024,
    source: null,
    note: fields.note ?? null,
    stages: stages.map(([stage, count, of = null, rate = null]) => ({
      __typename: 'FunnelStage',
      stage,
      count,
      of,
      rate,
      ciLow: rate === null ? null : rate - 0.1,
      ciHigh: rate === null ? null : rate + 0.1,
    })),
  } as Funnel;
}

/** A change between two released rounds of one project, shown in full unless told. */
export function roundChange(
  fields: {
    from?: Partial<RoundChange['from']>;
    to?: Partial<RoundChange['to']>;
    unpaired?: Partial<RoundChange['unpaired']>;
    paired?: Partial<RoundChange['paired']>;
  } = {},
): RoundChange {
  const from = round('Eksempelskolen', 'Oppstart', 'p1', { opensAt: '2025-01-10T08:00:00.000Z' });
  const to = round('Eksempelskolen', 'Etter 12 måneder', 'p1', { opensAt: '2026-01-10T08:00:00.000Z' });
  return {
    __typename: 'RoundChange',
    construct: 'trust',
    kind: 'VALUE',
    role: null,
    from: { __typename: 'GroupScore', n: 20, mean: 3.1, suppressed: null, round: from, ...fields.from },
    to: { __typename: 'GroupScore', n: 18, mean: 3.6, suppressed: null, round: to, ...fields.to },
    unpaired: {
      __typename: 'UnpairedChange',
      design: 'UNPAIRED',
      difference: 0.5,
      ciLow: 0.1,
      ciHigh: 0.9,
      suppressed: null,
      hedgesG: 0.55,
      gCiLow: -0.09,
      gCiHigh: 1.19,
      ...fields.unpaired,
    },
    paired: {
      __typename: 'PairedChangeResult',
      design: 'PAIRED',
      n: 12,
      duplicatesSetAside: 0,
      meanChange: 0.4,
      spreadSuppressed: null,
      ciLow: 0.1,
      ciHigh: 0.7,
      dz: 0.6,
      improved: 0.5,
      unchanged: 0.25,
      worse: 0.25,
      suppressed: null,
      ...fields.paired,
    },
  } as RoundChange;
}
