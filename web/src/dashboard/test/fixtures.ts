import type { ConstructKind, RespondentRole, SuppressionReason } from '@verdi/schema/generated';
import type { ChartTexts, Distribution, ScoreCell } from '../model/charts';
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
};

export function round(projectName: string, waveLabel = 'Oppstart 2025', projectId = projectName) {
  return {
    __typename: 'RoundRef' as const,
    projectId,
    projectName,
    waveId: `${projectId}-${waveLabel}`,
    waveLabel,
    opensAt: '2025-01-10T08:00:00.000Z',
  };
}

export function cell(
  fields: {
    construct?: string;
    kind?: ConstructKind;
    role?: RespondentRole | null;
    project?: string;
    suppressed?: SuppressionReason | null;
    n?: number | null;
    mean?: number | null;
  } = {},
): ScoreCell {
  const suppressed = fields.suppressed ?? null;
  const mean = suppressed ? null : (fields.mean ?? 3.5);
  return {
    __typename: 'ScoreCell',
    round: round(fields.project ?? 'Eksempelprosjekt A'),
    role: fields.role === undefined ? 'SERVICE_USER' : fields.role,
    construct: fields.construct ?? 'trust',
    kind: fields.kind ?? 'VALUE',
    label: { __typename: 'LocalizedText', nb: fields.construct ?? 'Tillit', en: 'Trust' },
    suppressed,
    n: suppressed === 'TOO_FEW' ? null : (fields.n ?? 12),
    mean,
    sd: suppressed ? null : 0.8,
    ciLow: mean === null ? null : mean - 0.5,
    ciHigh: mean === null ? null : mean + 0.5,
    median: suppressed ? null : 3.5,
    q1: null,
    q3: null,
  } as ScoreCell;
}

const agreement = ['Helt uenig', 'Uenig', 'Både og', 'Enig', 'Helt enig'];

export function distribution(
  shares: number[],
  fields: { role?: RespondentRole; suppressed?: SuppressionReason | null; item?: string } = {},
): Distribution {
  const suppressed = fields.suppressed ?? null;
  return {
    __typename: 'ItemDistribution',
    round: round('Eksempelprosjekt A'),
    role: fields.role ?? 'SERVICE_USER',
    item: fields.item ?? 'q1',
    construct: 'trust',
    prompt: { __typename: 'LocalizedText', nb: 'Jeg blir lyttet til.', en: 'I am listened to.' },
    points: agreement.map((label, i) => ({
      __typename: 'ScalePoint',
      value: i + 1,
      label: { __typename: 'LocalizedText', nb: label, en: label },
    })),
    suppressed,
    n: suppressed ? null : 20,
    counts: suppressed
      ? null
      : shares.map((share, i) => ({ __typename: 'PointCount', value: i + 1, count: share * 20, share })),
    notApplicable: suppressed ? null : 1,
    missing: suppressed ? null : 0,
  } as Distribution;
}
