import { useI18n } from 'vue-i18n';
import type { Locale, StaffMessageSchema } from './index';
import en from './staff.en.json';
import nb from './staff.nb.json';

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, StaffMessageSchema> = { nb, en };

const loaded = new WeakSet<object>();

/**
 * Adds the staff pages' texts to the app's messages. These pages are loaded on demand, and their texts with
 * them, so that the first page (and later the participants' survey) does not download them. Called at the
 * start of a view's setup, before anything renders.
 */
export function useStaffMessages(): void {
  const composer = useI18n({ useScope: 'global' });
  if (loaded.has(composer)) return;
  for (const locale of Object.keys(messages) as Locale[])
    composer.mergeLocaleMessage(locale, messages[locale]);
  loaded.add(composer);
}
