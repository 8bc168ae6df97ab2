import { slugify } from '../../common/slug.js';
import type { LocalizedText } from '../definition.types.js';
import type { Scalar } from './surveyjs-expression.js';

/** SurveyJS's JSON as read, and its texts, names and locales as Verdi's texts, keys and languages. */

export type Json = Record<string, unknown>;

const MAX_KEY_LENGTH = 64;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const scalarText = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;

export const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

export function stripHtml(text: string): string {
  return text
    .replace(/<(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, entity: string) => ENTITIES[entity] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `text` as a key matching `pattern`: kept when it already does, otherwise lower-cased with other characters as _. */
export function validKey(text: string, pattern: RegExp, prefix: string): string {
  if (text.length <= MAX_KEY_LENGTH && pattern.test(text)) return text;
  const slug = slugify(text, MAX_KEY_LENGTH - prefix.length - 1).replace(/-/g, '_');
  if (pattern.test(slug)) return slug;
  return slug ? `${prefix}_${slug}` : prefix;
}

export function uniqueKey(base: string, taken: (key: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const key = `${base.slice(0, MAX_KEY_LENGTH - suffix.length)}${suffix}`;
    if (!taken(key)) return key;
  }
}

export function joinTexts(first: LocalizedText, second: LocalizedText): LocalizedText {
  const join = (a: string | null | undefined, b: string | null | undefined) =>
    a && b ? `${a} ${b}` : undefined;
  const en = join(first.en, second.en);
  const nn = join(first.nn, second.nn);
  return { nb: `${first.nb} ${second.nb}`, ...(en ? { en } : {}), ...(nn ? { nn } : {}) };
}

/** A SurveyJS locale code as Verdi's language: nb for "nb" and SurveyJS's Norwegian "no", nn, en; others as given. */
export function languageOf(code: string): string {
  const root = code.toLowerCase().split(/[-_]/)[0]!;
  return root === 'no' ? 'nb' : root;
}

/** How "default" texts are read: as the survey's language, and as which language when that one is given beside. */
export interface TextPlan {
  /** Verdi language or other locale code the "default" text is in, when the text has none in that language. */
  primary: string;
  /** Where the "default" text goes when the primary language is given beside it. */
  secondary?: string;
}

/** Where "default" texts go: the survey's locale; with none, English as in SurveyJS, unless English is given beside. */
export function textPlan(survey: Json): TextPlan {
  const locale = scalarText(survey.locale)?.trim();
  if (locale) return { primary: languageOf(locale), secondary: 'en' };
  let englishBeside = false;
  const visit = (value: unknown): void => {
    if (englishBeside) return;
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      if ('default' in value && Object.keys(value).some((k) => languageOf(k) === 'en')) englishBeside = true;
      else Object.values(value).forEach(visit);
    }
  };
  visit(survey);
  return englishBeside ? { primary: 'nb' } : { primary: 'en' };
}
