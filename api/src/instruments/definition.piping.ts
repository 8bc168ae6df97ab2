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
