import { useI18n } from 'vue-i18n';
import type { Locale } from '../../i18n';
import { useStaffMessages } from '../../i18n/staff';
import en from './en.json';
import nb from './nb.json';

export type DashboardMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The dashboard pages' keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends DashboardMessageSchema {}
}

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, DashboardMessageSchema> = { nb, en };

const merged = new WeakSet<object>();

/**
 * Adds the dashboard pages' texts to the app's messages, with the staff texts their shared form parts use. They
 * arrive with these lazily loaded pages. Called first in each dashboard page's setup.
 */
export function useDashboardMessages(): void {
  useStaffMessages();
  const composer = useI18n({ useScope: 'global' });
  if (merged.has(composer)) return;
  for (const locale of Object.keys(messages) as Locale[])
    composer.mergeLocaleMessage(locale, messages[locale]);
  merged.add(composer);
}
