/**
 * The report's words: summary sentences generated from the numbers the API gives, in bokmål or English. A hidden
 * cell never gets a sentence with a number: it gets one saying it is hidden and why. Pure functions, so that the
 * tests can try every case without a browser.
 */

export type ReportLocale = 'nb' | 'en';
export type Role = 'SERVICE_USER' | 'PROFESSIONAL' | 'CONSULTANT';
export type Reason = 'TOO_FEW' | 'SECONDARY' | 'ROUND_OPEN';

export interface ScoreInput {
  role: Role | null;
  constructLabel: string;
  suppressed: Reason | null;
  n: number | null;
  mean: number | null;
  spreadSuppressed: Reason | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface Scale {
  min: number;
  max: number;
}

export const DEFAULT_SCALE: Scale = { min: 1, max: 5 };

const ROLE_PLURAL: Record<ReportLocale, Record<Role | 'ALL', string>> = {
  nb: {
    SERVICE_USER: 'Tjenestebrukerne',
    PROFESSIONAL: 'De ansatte',
    CONSULTANT: 'Erfaringskonsulentene',
    ALL: 'Alle roller samlet',
  },
  en: {
    SERVICE_USER: 'Service users',
    PROFESSIONAL: 'Professionals',
    CONSULTANT: 'Peer workers',
    ALL: 'All roles together',
  },
};

export function roleName(role: Role | null, locale: ReportLocale): string {
  return ROLE_PLURAL[locale][role ?? 'ALL'];
}

/** A number with a decimal comma in bokmål and a point in English; a minus sign, not a hyphen. */
export function formatNumber(value: number, locale: ReportLocale, digits = 1): string {
  return new Intl.NumberFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
    .format(value)
    .replace(/\u00a0/g, ' ');
}

export function formatPercent(share: number, locale: ReportLocale): string {
  const value = formatNumber(share * 100, locale, 0);
  return locale === 'nb' ? `${value} %` : `${value}%`;
}

/** Why a cell is hidden, in plain words. */
export function reasonText(reason: Reason, k: number, locale: ReportLocale): string {
  const texts: Record<ReportLocale, Record<Reason, string>> = {
    nb: {
      TOO_FEW: `færre enn ${k} svarte`,
      SECONDARY: `tallet kunne ellers blitt regnet ut for en gruppe med færre enn ${k}`,
      ROUND_OPEN: 'runden er ikke stengt ennå',
    },
    en: {
      TOO_FEW: `fewer than ${k} answered`,
      SECONDARY: `it could otherwise be worked out for a group of fewer than ${k}`,
      ROUND_OPEN: 'the round has not closed yet',
    },
  };
  return texts[locale][reason];
}

/**
 * One sentence about one cell, e.g. "Tjenestebrukerne vurderte «Verdi» til 4,1 av 5 (95 % KI 3,8–4,4, n = 23)."
 * A hidden cell: "Resultatet for … er skjult fordi …". A cell whose interval is hidden says so instead of an interval.
 */
export function scoreSentence(
  cell: ScoreInput,
  k: number,
  locale: ReportLocale,
  scale: Scale = DEFAULT_SCALE,
): string {
  const who = roleName(cell.role, locale);
  const what = locale === 'nb' ? `«${cell.constructLabel}»` : `“${cell.constructLabel}”`;
  if (cell.suppressed || cell.mean === null || cell.n === null) {
    const reason = reasonText(cell.suppressed ?? 'TOO_FEW', k, locale);
    return locale === 'nb'
      ? `Resultatet for ${lower(who, locale)} på ${what} er skjult fordi ${reason}.`
      : `The result for ${lower(who, locale)} on ${what} is hidden because ${reason}.`;
  }
  const mean = formatNumber(cell.mean, locale);
  const max = formatNumber(scale.max, locale, 0);
  const n = `n = ${cell.n}`;
  const hasInterval = !cell.spreadSuppressed && cell.ciLow !== null && cell.ciHigh !== null;
  const interval = hasInterval
    ? `${locale === 'nb' ? '95 % KI' : '95% CI'} ${formatNumber(cell.ciLow!, locale)}–${formatNumber(cell.ciHigh!, locale)}, ${n}`
    : locale === 'nb'
      ? `${n}; intervallet vises bare for grupper på minst ${2 * k}`
      : `${n}; the interval is shown only for groups of at least ${2 * k}`;
  return locale === 'nb'
    ? `${who} vurderte ${what} til ${mean} av ${max} (${interval}).`
    : `${who} rated ${what} ${mean} out of ${max} (${interval}).`;
}

/**
 * The hidden cells of one role for one reason, in one sentence, so that a report with many small groups stays short:
 * "Resultatene for erfaringskonsulentene er skjult fordi færre enn 5 svarte: «A», «B»."
 */
export function hiddenSentence(
  role: Role | null,
  reason: Reason,
  constructLabels: string[],
  k: number,
  locale: ReportLocale,
): string {
  const who = lower(roleName(role, locale), locale);
  const why = reasonText(reason, k, locale);
  const list = constructLabels.map((l) => (locale === 'nb' ? `«${l}»` : `“${l}”`)).join(', ');
  if (constructLabels.length === 1) {
    return locale === 'nb'
      ? `Resultatet for ${who} på ${list} er skjult fordi ${why}.`
      : `The result for ${who} on ${list} is hidden because ${why}.`;
  }
  return locale === 'nb'
    ? `Resultatene for ${who} er skjult fordi ${why}: ${list}.`
    : `The results for ${who} are hidden because ${why}: ${list}.`;
}

/** Hidden cells grouped by role and reason (in the order met), one sentence each. */
export function hiddenSentences(
  cells: { role: Role | null; constructLabel: string; suppressed: Reason }[],
  k: number,
  locale: ReportLocale,
): string[] {
  const groups = new Map<string, { role: Role | null; reason: Reason; labels: string[] }>();
  for (const cell of cells) {
    const key = `${cell.role ?? 'ALL'}:${cell.suppressed}`;
    const group = groups.get(key) ?? { role: cell.role, reason: cell.suppressed, labels: [] };
    group.labels.push(cell.constructLabel);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => hiddenSentence(g.role, g.reason, g.labels, k, locale));
}

function lower(text: string, locale: ReportLocale): string {
  // "Peer workers" → "peer workers"; German-style capitals do not occur in either language's role names.
  return locale === 'en' || locale === 'nb' ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** A sentence about a round's responses, e.g. "I runden «Baseline» kom det inn 44 svar, 92 % av kodene ble brukt." */
export function responseSentence(
  figures: {
    roundLabel: string;
    suppressed: Reason | null;
    submitted: number | null;
    codeUseRate: number | null;
    completionRate: number | null;
    k: number;
  },
  locale: ReportLocale,
): string {
  const round = locale === 'nb' ? `«${figures.roundLabel}»` : `“${figures.roundLabel}”`;
  if (figures.suppressed || figures.submitted === null) {
    const reason = reasonText(figures.suppressed ?? 'TOO_FEW', figures.k, locale);
    return locale === 'nb'
      ? `Svartallene for runden ${round} er skjult fordi ${reason}.`
      : `The response figures of the round ${round} are hidden because ${reason}.`;
  }
  const parts: string[] = [
    locale === 'nb'
      ? `I runden ${round} telles ${figures.submitted} innsendte svar`
      : `The round ${round} counts ${figures.submitted} submitted responses`,
  ];
  if (figures.codeUseRate !== null)
    parts.push(
      locale === 'nb'
        ? `${formatPercent(figures.codeUseRate, locale)} av kodene ble brukt`
        : `${formatPercent(figures.codeUseRate, locale)} of the codes were used`,
    );
  if (figures.completionRate !== null)
    parts.push(
      locale === 'nb'
        ? `${formatPercent(figures.completionRate, locale)} av dem som begynte via åpen lenke, sendte inn`
        : `${formatPercent(figures.completionRate, locale)} of those who began through an open link submitted`,
    );
  return `${parts.join(', ')}.`;
}
