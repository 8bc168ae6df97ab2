/**
 * The report's words: summary sentences generated from the numbers the API gives, in bokmål, nynorsk or English. A hidden
 * cell never gets a sentence with a number: it gets one saying it is hidden and why. Pure functions, so that the
 * tests can try every case without a browser.
 */
import { intlLocaleOf } from '../../i18n/intl';

export type ReportLocale = 'nb' | 'nn' | 'en';

/** The text of a language (a sentence is written out in each, rather than assembled from parts). */
const say = (locale: ReportLocale, texts: Record<ReportLocale, string>): string => texts[locale];
/** Norwegian quotes and a space before %, in both written standards; English quotes otherwise. */
const quote = (text: string, locale: ReportLocale) => (locale === 'en' ? `“${text}”` : `«${text}»`);
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
  nn: {
    SERVICE_USER: 'Tenestebrukarane',
    PROFESSIONAL: 'Dei tilsette',
    CONSULTANT: 'Erfaringskonsulentane',
    ALL: 'Alle roller samla',
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

/** A number with a decimal comma in Norwegian and a point in English; a minus sign, not a hyphen. */
export function formatNumber(value: number, locale: ReportLocale, digits = 1): string {
  return new Intl.NumberFormat(intlLocaleOf(locale), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
    .format(value)
    .replace(/\u00a0/g, ' ');
}

export function formatPercent(share: number, locale: ReportLocale): string {
  const value = formatNumber(share * 100, locale, 0);
  return locale === 'en' ? `${value}%` : `${value} %`;
}

/** Why a cell is hidden, in plain words. */
export function reasonText(reason: Reason, k: number, locale: ReportLocale): string {
  const texts: Record<ReportLocale, Record<Reason, string>> = {
    nb: {
      TOO_FEW: `færre enn ${k} svarte`,
      SECONDARY: `tallet kunne ellers blitt regnet ut for en gruppe med færre enn ${k}`,
      ROUND_OPEN: 'runden er ikke stengt ennå',
    },
    nn: {
      TOO_FEW: `færre enn ${k} svarte`,
      SECONDARY: `talet kunne elles ha vorte rekna ut for ei gruppe med færre enn ${k}`,
      ROUND_OPEN: 'runden er ikkje stengd enno',
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
  const what = quote(cell.constructLabel, locale);
  if (cell.suppressed || cell.mean === null || cell.n === null) {
    const reason = reasonText(cell.suppressed ?? 'TOO_FEW', k, locale);
    return say(locale, {
      nb: `Resultatet for ${lower(who, locale)} på ${what} er skjult fordi ${reason}.`,
      nn: `Resultatet for ${lower(who, locale)} på ${what} er skjult fordi ${reason}.`,
      en: `The result for ${lower(who, locale)} on ${what} is hidden because ${reason}.`,
    });
  }
  const mean = formatNumber(cell.mean, locale);
  const max = formatNumber(scale.max, locale, 0);
  const n = `n = ${cell.n}`;
  const hasInterval = !cell.spreadSuppressed && cell.ciLow !== null && cell.ciHigh !== null;
  const interval = hasInterval
    ? `${locale === 'en' ? '95% CI' : '95 % KI'} ${formatNumber(cell.ciLow!, locale)}–${formatNumber(cell.ciHigh!, locale)}, ${n}`
    : say(locale, {
        nb: `${n}; intervallet vises bare for grupper på minst ${2 * k}`,
        nn: `${n}; intervallet blir berre vist for grupper på minst ${2 * k}`,
        en: `${n}; the interval is shown only for groups of at least ${2 * k}`,
      });
  return say(locale, {
    nb: `${who} vurderte ${what} til ${mean} av ${max} (${interval}).`,
    nn: `${who} vurderte ${what} til ${mean} av ${max} (${interval}).`,
    en: `${who} rated ${what} ${mean} out of ${max} (${interval}).`,
  });
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
  const list = constructLabels.map((l) => quote(l, locale)).join(', ');
  if (constructLabels.length === 1) {
    return say(locale, {
      nb: `Resultatet for ${who} på ${list} er skjult fordi ${why}.`,
      nn: `Resultatet for ${who} på ${list} er skjult fordi ${why}.`,
      en: `The result for ${who} on ${list} is hidden because ${why}.`,
    });
  }
  return say(locale, {
    nb: `Resultatene for ${who} er skjult fordi ${why}: ${list}.`,
    nn: `Resultata for ${who} er skjulte fordi ${why}: ${list}.`,
    en: `The results for ${who} are hidden because ${why}: ${list}.`,
  });
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
  void locale;
  return text.charAt(0).toLowerCase() + text.slice(1);
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
  const round = quote(figures.roundLabel, locale);
  if (figures.suppressed || figures.submitted === null) {
    const reason = reasonText(figures.suppressed ?? 'TOO_FEW', figures.k, locale);
    return say(locale, {
      nb: `Svartallene for runden ${round} er skjult fordi ${reason}.`,
      nn: `Svartala for runden ${round} er skjulte fordi ${reason}.`,
      en: `The response figures of the round ${round} are hidden because ${reason}.`,
    });
  }
  const parts: string[] = [
    say(locale, {
      nb: `I runden ${round} telles ${figures.submitted} innsendte svar`,
      nn: `I runden ${round} blir ${figures.submitted} innsende svar talde`,
      en: `The round ${round} counts ${figures.submitted} submitted responses`,
    }),
  ];
  if (figures.codeUseRate !== null)
    parts.push(
      say(locale, {
        nb: `${formatPercent(figures.codeUseRate, locale)} av kodene ble brukt`,
        nn: `${formatPercent(figures.codeUseRate, locale)} av kodane vart brukte`,
        en: `${formatPercent(figures.codeUseRate, locale)} of the codes were used`,
      }),
    );
  if (figures.completionRate !== null)
    parts.push(
      say(locale, {
        nb: `${formatPercent(figures.completionRate, locale)} av dem som begynte via åpen lenke, sendte inn`,
        nn: `${formatPercent(figures.completionRate, locale)} av dei som byrja via open lenkje, sende inn`,
        en: `${formatPercent(figures.completionRate, locale)} of those who began through an open link submitted`,
      }),
    );
  return `${parts.join(', ')}.`;
}
