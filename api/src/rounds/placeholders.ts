/**
 * The default information and consent texts mark what a researcher must fill in with square brackets:
 * "[Navn på virksomheten]", "[dato]", "[k]". A round may not open while any remains.
 */
const PLACEHOLDER = /\[[^[\]\n]{1,120}\]/g;

export interface Placeholder {
  /** The field's path in the round's input, e.g. `information.nb`. */
  field: string;
  /** The placeholder as written, brackets included. */
  text: string;
}

/** Every placeholder left in the texts given, by field path, each distinct one once per field, in order. */
export function findPlaceholders(texts: Record<string, string | null | undefined>): Placeholder[] {
  const found: Placeholder[] = [];
  for (const [field, text] of Object.entries(texts)) {
    if (!text) continue;
    const seen = new Set<string>();
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (seen.has(match[0])) continue;
      seen.add(match[0]);
      found.push({ field, text: match[0] });
    }
  }
  return found;
}
