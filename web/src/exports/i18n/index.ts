import { useI18n } from 'vue-i18n';
import type { Locale } from '../../i18n';
import en from './en.json';
import nb from './nb.json';

export type ExportsMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The export page's keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends ExportsMessageSchema {}
}

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, ExportsMessageSchema> = { nb, en };

const merged = new WeakSet<object>();

/**
 * Adds the export page's texts to the app's messages, which arrive with the lazily loaded page.
 * Called first in its setup.
 */
export function useExportsMessages(): void {
  const composer = useI18n({ useScope: 'global' });
  if (merged.has(composer)) return;
  for (const locale of Object.keys(messages) as Locale[])
    composer.mergeLocaleMessage(locale, messages[locale]);
  merged.add(composer);
}
