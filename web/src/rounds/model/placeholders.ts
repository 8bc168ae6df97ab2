/**
 * The default texts mark what a researcher must fill in with square brackets: "[Navn på virksomheten]", "[dato]".
 * The API refuses to open a round while any remains; the page lists them before anyone tries. Same rule as the
 * API's `rounds/placeholders.ts`.
 */
const PLACEHOLDER = /\[[^[\]\n]{1,120}\]/g;

export interface Placeholder {
  /** The field's path in the round's input, e.g. `information.nb`. */
  field: string;
  text: string;
}

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

interface LocalizedText {
  nb: string;
  en?: string | null;
  nn?: string | null;
}

/** The texts participants read of a round, by their path in the round's input. */
export function roundTexts(round: {
  label: string;
  information: LocalizedText;
  consentText?: LocalizedText | null;
  contact?: string | null;
  dataController?: string | null;
}): Record<string, string | null | undefined> {
  return {
    label: round.label,
    'information.nb': round.information.nb,
    'information.nn': round.information.nn,
    'information.en': round.information.en,
    'consentText.nb': round.consentText?.nb,
    'consentText.nn': round.consentText?.nn,
    'consentText.en': round.consentText?.en,
    contact: round.contact,
    dataController: round.dataController,
  };
}

/** Placeholders grouped by field, in the order found. */
export function byField(placeholders: readonly Placeholder[]): { field: string; texts: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const { field, text } of placeholders) groups.set(field, [...(groups.get(field) ?? []), text]);
  return [...groups].map(([field, texts]) => ({ field, texts }));
}

/** The `placeholders` list the API sends with a refusal, if any. */
export function placeholdersOf(extensions: Record<string, unknown> | undefined): Placeholder[] {
  const list = extensions?.['placeholders'];
  if (!Array.isArray(list)) return [];
  return list.filter(
    (entry): entry is Placeholder =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as Placeholder).field === 'string' &&
      typeof (entry as Placeholder).text === 'string',
  );
}
