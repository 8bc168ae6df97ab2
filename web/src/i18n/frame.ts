import { useI18n, type Composer } from 'vue-i18n';
import { mergedTexts, type FrameMessageSchema, type Locale } from './index';
import en from './frame.en.json';
import nb from './frame.nb.json';

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, FrameMessageSchema> = { nb, en };

const merged = new WeakSet<object>();

/** Adds the staff frame's texts (menu, sign-in, projects, errors…) to the app's messages, once per app. */
export function mergeFrameMessages(composer: Pick<Composer, 'mergeLocaleMessage'>): void {
  if (merged.has(composer)) return;
  for (const locale of Object.keys(messages) as Locale[])
    composer.mergeLocaleMessage(locale, messages[locale]);
  merged.add(composer);
  mergedTexts.value++;
}

/**
 * Called first in the staff frame's setup. The frame wraps every page that is not a participant's, so those pages
 * find these texts; the participants' survey, which has a frame of its own, never downloads them.
 */
export function useFrameMessages(): void {
  mergeFrameMessages(useI18n({ useScope: 'global' }));
}
