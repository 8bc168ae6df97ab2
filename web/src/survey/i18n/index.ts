import { useI18n } from 'vue-i18n';
import type { Locale } from '../../i18n';
import en from './en.json';
import integrityEn from './integrity.en.json';
import integrityNb from './integrity.nb.json';
import nb from './nb.json';

export type SurveyMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The participant pages' keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends SurveyMessageSchema {}
}

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, SurveyMessageSchema> = { nb, en };

const merged = new WeakSet<object>();

/**
 * Adds the participant pages' texts to the app's messages. They arrive with those lazily loaded pages, so staff
 * pages never download them and the survey downloads no staff texts. Called first in each participant page's setup.
 */
export function useSurveyMessages(): void {
  const composer = useI18n({ useScope: 'global' });
  if (merged.has(composer)) return;
  for (const locale of Object.keys(messages) as Locale[])
    composer.mergeLocaleMessage(locale, messages[locale]);
  // Kept apart from the page's own texts (issue 14, collection integrity), so that both can change without a merge.
  composer.mergeLocaleMessage('nb', integrityNb);
  composer.mergeLocaleMessage('en', integrityEn);
  merged.add(composer);
}
