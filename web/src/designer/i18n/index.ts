import { useI18n } from 'vue-i18n';
import type { Locale } from '../../i18n';
import en from './en.json';
import nb from './nb.json';

export type DesignerMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The designer's keys complete and type-check like the app's own.
  export interface DefineLocaleMessage {
    designer: DesignerMessageSchema['designer'];
  }
}

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, DesignerMessageSchema> = { nb, en };

const merged = new WeakSet<object>();

/**
 * Adds the designer's texts to the app's messages. They arrive with the designer's lazily loaded pages, so the
 * rest of the app (and the participants' survey) never downloads them. Called first in each designer page's setup.
 */
export function useDesignerMessages(): void {
  const composer = useI18n({ useScope: 'global' });
  if (merged.has(composer)) return;
  for (const locale of Object.keys(messages) as Locale[])
    composer.mergeLocaleMessage(locale, messages[locale]);
  merged.add(composer);
}
