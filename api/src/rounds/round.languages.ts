import { ValidationError } from '../common/errors.js';
import {
  isLanguage,
  LANGUAGES,
  listMissing,
  missingInDefinition,
  type MissingText,
} from '../instruments/definition.languages.js';
import type { InstrumentDefinition, LanguageCode, LocalizedText } from '../instruments/definition.types.js';

/** The round's own texts that participants read: the information, and its consent statement if it has one. */
export interface RoundTexts {
  information: LocalizedText;
  consentText: LocalizedText | null;
  informationEasyRead?: LocalizedText | null;
}

const filled = (value: string | null | undefined): boolean => !!value?.trim();

export function missingInRound(round: RoundTexts, language: LanguageCode): MissingText[] {
  const out: MissingText[] = [];
  if (!filled(round.information[language])) out.push({ path: 'information', item: null, language });
  if (round.informationEasyRead && !filled(round.informationEasyRead[language]))
    out.push({ path: 'informationEasyRead', item: null, language });
  if (round.consentText && !filled(round.consentText[language]))
    out.push({ path: 'consentText', item: null, language });
  return out;
}

/** Everything participants would see untranslated in each of `languages`: the round's texts first. */
export function missingTexts(
  round: RoundTexts,
  definition: InstrumentDefinition,
  languages: readonly LanguageCode[],
): MissingText[] {
  return languages.flatMap((language) => [
    ...missingInRound(round, language),
    ...missingInDefinition(definition, language),
  ]);
}

/**
 * Refuses languages in which something participants see is missing, naming a few of the texts, and lists them all
 * in `extensions.missing` for the web to word.
 */
export function assertComplete(
  round: RoundTexts,
  definition: InstrumentDefinition,
  languages: readonly LanguageCode[],
  why = 'before the round opens',
): void {
  const missing = missingTexts(round, definition, languages);
  if (missing.length === 0) return;
  const incomplete = [...new Set(missing.map((m) => m.language))];
  const error = ValidationError.forFields({
    languages: `${incomplete.join(', ')} ${incomplete.length > 1 ? 'are' : 'is'} offered but not complete ${why}: ${listMissing(missing)} ${missing.length > 1 ? 'have' : 'has'} no text; translate ${missing.length > 1 ? 'them' : 'it'} or stop offering the language`,
  });
  (error.extensions as Record<string, unknown>)['missing'] = missing;
  throw error;
}

/** Languages as given, checked, without repeats and in Verdi's order (nb, nn, en). */
export function checkLanguages(languages: readonly string[]): LanguageCode[] {
  const unknown = languages.filter((language) => !isLanguage(language));
  if (unknown.length > 0)
    throw ValidationError.forFields({
      languages: `holds ${unknown.map((language) => JSON.stringify(language)).join(', ')}: only nb, nn and en are offered`,
    });
  const offered = LANGUAGES.filter((language) => languages.includes(language));
  if (offered.length === 0)
    throw ValidationError.forFields({ languages: 'must offer at least one language' });
  return offered;
}

/** The default language: the one given, which must be offered; else bokmål where offered, else the first. */
export function defaultLanguageOf(offered: readonly LanguageCode[], given?: string | null): LanguageCode {
  if (given != null) {
    if (!isLanguage(given) || !offered.includes(given))
      throw ValidationError.forFields({
        defaultLanguage: `must be one of the languages offered (${offered.join(', ')})`,
      });
    return given;
  }
  return offered.includes('nb') ? 'nb' : offered[0]!;
}

/** What a round offers when its maker names no languages: bokmål, and each other language that is complete. */
export function completeRoundLanguages(round: RoundTexts, definition: InstrumentDefinition): LanguageCode[] {
  return LANGUAGES.filter(
    (language) => language === 'nb' || missingTexts(round, definition, [language]).length === 0,
  );
}
