import { useI18n } from 'vue-i18n';
import type { Locale } from '../../i18n';
import type accessibilityNb from './accessibility.nb.json';
import type codeNb from './code.nb.json';
import en from './en.json';
import integrityEn from './integrity.en.json';
import integrityNb from './integrity.nb.json';
import nb from './nb.json';
import type withdrawNb from './withdraw.nb.json';

/** Every participant page's texts: the survey's own, and those that only one page needs (`./pages/`). */
export type SurveyMessageSchema = typeof nb & typeof codeNb & typeof withdrawNb & typeof accessibilityNb;

declare module 'vue-i18n' {
  // The participant pages' keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends SurveyMessageSchema {}
}

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, typeof nb> = { nb, en };

const merged = new WeakMap<object, WeakSet<object>>();

/**
 * Adds the participant pages' texts to the app's messages, and a page's own texts if it has some (see `./pages/`).
 * They arrive with those lazily loaded pages, so staff pages never download them and the survey downloads no staff
 * texts, nor the texts of the other participant pages. Called first in each participant page's setup.
 */
export function useSurveyMessages(pageMessages?: Record<Locale, object>): void {
  const composer = useI18n({ useScope: 'global' });
  const done = merged.get(composer) ?? new WeakSet<object>();
  merged.set(composer, done);
  if (!done.has(messages)) {
    for (const locale of Object.keys(messages) as Locale[])
      composer.mergeLocaleMessage(locale, messages[locale]);
    // Kept apart from the page's own texts (issue 14, collection integrity), so that both can change without a merge.
    composer.mergeLocaleMessage('nb', integrityNb);
    composer.mergeLocaleMessage('en', integrityEn);
    done.add(messages);
  }
  if (pageMessages && !done.has(pageMessages)) {
    for (const locale of Object.keys(pageMessages) as Locale[])
      composer.mergeLocaleMessage(locale, pageMessages[locale]);
    done.add(pageMessages);
  }
}
