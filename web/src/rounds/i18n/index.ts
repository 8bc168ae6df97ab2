import { useI18n } from 'vue-i18n';
import type { Locale } from '../../i18n';
import { useStaffMessages } from '../../i18n/staff';
import en from './en.json';
import nb from './nb.json';

export type RoundsMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The rounds pages' keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends RoundsMessageSchema {}
}

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, RoundsMessageSchema> = { nb, en };

const merged = new WeakSet<object>();

/**
 * Adds the rounds pages' texts to the app's messages, with the staff texts their shared form parts use. They
 * arrive with these lazily loaded pages. Called first in each rounds page's setup.
 */
export function useRoundsMessages(): void {
  useStaffMessages();
  const composer = useI18n({ useScope: 'global' });
  if (merged.has(composer)) return;
  for (const locale of Object.keys(messages) as Locale[])
    composer.mergeLocaleMessage(locale, messages[locale]);
  merged.add(composer);
}
