import { useI18n } from 'vue-i18n';
import type { Locale } from '../../i18n';
import { useStaffMessages } from '../../i18n/staff';
import en from './en.json';
import nb from './nb.json';

export type FreeTextMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends FreeTextMessageSchema {}
}

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, FreeTextMessageSchema> = { nb, en };

const merged = new WeakSet<object>();

/** Adds the free-text texts (dashboard and round page) to the app's messages; called first in the page's setup. */
export function useFreeTextMessages(): void {
  useStaffMessages();
  const composer = useI18n({ useScope: 'global' });
  if (merged.has(composer)) return;
  for (const locale of Object.keys(messages) as Locale[])
    composer.mergeLocaleMessage(locale, messages[locale]);
  merged.add(composer);
}
