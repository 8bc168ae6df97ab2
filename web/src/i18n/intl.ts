/**
 * The Intl locales of a page language, in order of preference. Chromium carries no nynorsk data (it writes a date or
 * a number for `nn-NO` as American English: "January 1, 2020", "1.5", "a and b"), so nynorsk falls back to bokmål,
 * whose dates, numbers and lists are written the same way. Browsers with nynorsk data use it.
 */
const locales: Record<string, readonly string[]> = { nb: ['nb-NO'], nn: ['nn-NO', 'nb-NO'], en: ['en-GB'] };

/** The Intl locales of a page language; bokmål's for anything else. */
export function intlLocaleOf(language: string): string[] {
  return [...(locales[language] ?? locales['nb']!)];
}
