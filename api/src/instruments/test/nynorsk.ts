import type { InstrumentDefinition } from '../definition.types.js';

/** A copy of a definition with every text given in nynorsk too (and in English where it had none), for tests. */
export function inEveryLanguage(definition: InstrumentDefinition): InstrumentDefinition {
  const fill = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fill);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value).map(([key, entry]) => [key, fill(entry)]);
    const filled = Object.fromEntries(entries) as Record<string, unknown>;
    if (typeof filled['nb'] === 'string') {
      filled['nn'] ??= `${filled['nb']} (nynorsk)`;
      filled['en'] ??= `${filled['nb']} (English)`;
    }
    return filled;
  };
  return fill(definition) as InstrumentDefinition;
}
