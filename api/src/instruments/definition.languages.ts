import type { InstrumentDefinition, LanguageCode } from './definition.types.js';

/** The languages a questionnaire can be answered in, in the order they are offered. */
export const LANGUAGES: readonly LanguageCode[] = ['nb', 'nn', 'en'];

export function isLanguage(value: unknown): value is LanguageCode {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A participant-visible text that has nothing in one language. */
export interface MissingText {
  /** Where: e.g. `sections[1].items[0].options[2].label`, or `information` for the round's own texts. */
  path: string;
  /** The item concerned, if any. */
  item: string | null;
  language: LanguageCode;
}

/** A text as stored: a LocalizedText, or anything else that is not one. */
function isText(value: unknown): value is Partial<Record<LanguageCode, unknown>> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { nb?: unknown }).nb === 'string'
  );
}

const filled = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

/**
 * Every text under `value` (at any depth) that is empty in `language`. Walking the structure rather than naming the
 * fields keeps this true when items gain texts of their own (an "other, specify" label, an easy-read wording…).
 */
function walk(
  value: unknown,
  path: string,
  item: string | null,
  language: LanguageCode,
  out: MissingText[],
): void {
  if (isText(value)) {
    if (!filled(value[language])) out.push({ path, item, language });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((entry, index) => walk(entry, `${path}[${index}]`, item, language, out));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      if (entry != null) walk(entry, path ? `${path}.${key}` : key, item, language, out);
    }
  }
}

/**
 * What participants would see untranslated in `language`: section titles, every text of every item (prompts, role
 * wordings, easy-read wordings, help, options…), and the labels of the scales the items use. Construct labels are left out: a
 * participant never sees them.
 */
export function missingInDefinition(definition: InstrumentDefinition, language: LanguageCode): MissingText[] {
  const out: MissingText[] = [];
  const used = new Set<string>();
  definition.sections.forEach((section, s) => {
    walk(section.title, `sections[${s}].title`, null, language, out);
    section.items.forEach((item, i) => {
      if (item.scale) used.add(item.scale);
      const { showIf: _condition, promptByRole, ...texts } = item;
      const at = `sections[${s}].items[${i}]`;
      walk(texts, at, item.key, language, out);
      // By role rather than by position, so that the error names whose wording is missing.
      for (const wording of promptByRole ?? []) {
        walk(wording.text, `${at}.prompt.${wording.role}`, item.key, language, out);
        if (wording.easyRead)
          walk(wording.easyRead, `${at}.easyRead.${wording.role}`, item.key, language, out);
      }
    });
  });
  definition.scales.forEach((scale, index) => {
    if (used.has(scale.key)) walk(scale, `scales[${index}]`, null, language, out);
  });
  return out;
}

/** The languages in which a definition has every participant-visible text. */
export function completeLanguages(definition: InstrumentDefinition): LanguageCode[] {
  return LANGUAGES.filter((language) => missingInDefinition(definition, language).length === 0);
}

/** How a missing text is named in an error: the item's key and what of it, or the place. */
export function describeMissing(missing: MissingText): string {
  const what = missing.item
    ? `item ${missing.item}${missing.path.replace(/^sections\[\d+\]\.items\[\d+\]/, '').replace(/^\./, ' ') || ' prompt'}`
    : missing.path;
  return `${what} (${missing.language})`;
}

/** A few missing texts by name, then how many more: "item q1 prompt (nn), item q2 help (nn) and 14 more". */
export function listMissing(missing: readonly MissingText[], shown = 3): string {
  const named = missing.slice(0, shown).map(describeMissing);
  const rest = missing.length - named.length;
  if (rest === 0)
    return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named.join('');
  return `${named.join(', ')} and ${rest} more`;
}
