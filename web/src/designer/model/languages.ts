import { surveyLanguages, type SurveyLanguage, type SurveyScale } from '../../survey-items/types';

/** What the completeness check reads of a section: its title and its items, as the draft holds them. */
interface SectionTexts {
  title: { nb: string };
  items: readonly { key: string; scale?: string | null }[];
}

const isText = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { nb?: unknown }).nb === 'string';

/** Whether every text under `value` (at any depth) has something in `language`. */
function complete(value: unknown, language: SurveyLanguage): boolean {
  if (isText(value)) {
    // An optional text left empty in every language (help, a slider's end label) is not there to translate: the
    // draft saves it as none (editable.ts), as the API's walk sees it.
    if (surveyLanguages.every((other) => !String(value[other] ?? '').trim())) return true;
    const text = value[language];
    return typeof text === 'string' && text.trim().length > 0;
  }
  if (Array.isArray(value)) return value.every((entry) => complete(entry, language));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).every(([key, entry]) => key === 'showIf' || complete(entry, language));
  return true;
}

/**
 * Per language, the places where a participant would meet a missing text: item keys, "title N" for a section's title
 * and "scale KEY" for a scale an item uses. The same walk as the API's rule for opening a round
 * (`api/src/instruments/definition.languages.ts`): every text of every item, section titles and the scales in use;
 * construct names are left out, since participants never see them.
 */
export function missingByLanguage(
  sections: readonly SectionTexts[],
  scales: readonly SurveyScale[],
): Record<SurveyLanguage, string[]> {
  const used = new Set(sections.flatMap((section) => section.items.map((item) => item.scale ?? '')));
  return Object.fromEntries(
    surveyLanguages.map((language) => {
      const missing: string[] = [];
      sections.forEach((section, index) => {
        if (!complete(section.title, language)) missing.push(`#${index + 1}`);
        for (const item of section.items) if (!complete(item, language)) missing.push(item.key);
      });
      for (const scale of scales)
        if (used.has(scale.key) && !complete(scale, language)) missing.push(scale.key);
      return [language, [...new Set(missing)]];
    }),
  ) as Record<SurveyLanguage, string[]>;
}
