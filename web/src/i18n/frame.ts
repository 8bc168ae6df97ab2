import { useI18n } from 'vue-i18n';
import { mergedTexts, mergeMessages, type FrameMessageSchema, type StaffTexts } from './index';
import en from './frame.en.json';
import nb from './frame.nb.json';

// Typed so that a key missing from the English messages fails the type check.
export const frameMessages: StaffTexts<FrameMessageSchema> = { nb, en };

/** Adds the staff frame's texts (menu, sign-in, projects, errors…) to the app's messages, once per app. */
export function mergeFrameMessages(target: Parameters<typeof mergeMessages>[0]): void {
  // The document's title is among these texts, and is translated outside the page's render: it reads `mergedTexts`.
  if (mergeMessages(target, frameMessages)) mergedTexts.value++;
}

/**
 * Called first in the staff frame's setup. The frame wraps every page that is not a participant's, so those pages
 * find these texts; the participants' survey, which has a frame of its own, never downloads them.
 */
export function useFrameMessages(): void {
  mergeFrameMessages(useI18n({ useScope: 'global' }));
}
