import type { LocalizedText } from './definition.types.js';

/**
 * Piping: an earlier answer shown inside a later text. A text names the answer as `{{item_key}}`, or as
 * `{{item_key|text}}` to say what stands there when the item has no answer. Braces that are not a whole
 * placeholder are a mistake the rules report; a single `{` or `}` is ordinary text. The web's
 * `survey-items/piping.ts` reads placeholders with the same pattern.
 */
export const PLACEHOLDER = /\{\{([^{}|]*)(?:\|([^{}]*))?\}\}/g;

export interface Placeholder {
  /** The item key as written, without the spaces around it; empty when the braces hold none. */
  key: string;
  /** The text given for an unanswered item, or null when none is given. */
  fallback: string | null;
}

/** The placeholders in a text, and whether it has a `{{` or `}}` that is not part of one. */
export function placeholdersIn(text: string): { placeholders: Placeholder[]; stray: boolean } {
  const placeholders: Placeholder[] = [];
  const rest = text.replace(PLACEHOLDER, (_, key: string, fallback: string | undefined) => {
    placeholders.push({ key: key.trim(), fallback: fallback === undefined ? null : fallback.trim() });
    return ' ';
  });
  return { placeholders, stray: rest.includes('{{') || rest.includes('}}') };
}

/**
 * The text with each placeholder written as another tool pipes an answer (`[key]`, `{key}`, `${key}`). Those
 * tools have no fallback: it is left out. A malformed placeholder is left as written.
 */
export function writePlaceholders(text: string, write: (key: string) => string): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (key.trim() ? write(key.trim()) : whole));
}

/**
 * Another tool's piping as placeholders: each match of `pattern` (whose first group is the name) that `keyOf` knows
 * as an item becomes `{{key}}`; anything else, such as a variable of the tool's own, stays as written.
 */
export function readPlaceholders(
  text: string,
  pattern: RegExp,
  keyOf: (name: string) => string | undefined,
): string {
  return text.replace(pattern, (whole, name: string) => {
    const key = keyOf(name);
    return key ? `{{${key}}}` : whole;
  });
}

/** Each language of a text changed by `change`. */
export function mapText(text: LocalizedText, change: (value: string) => string): LocalizedText {
  return {
    nb: change(text.nb),
    ...(text.en != null ? { en: change(text.en) } : {}),
    ...(text.nn != null ? { nn: change(text.nn) } : {}),
  };
}
