import { useI18n } from 'vue-i18n';
import { mergedTexts, mergeMessages, type FrameMessageSchema, type Locale } from './index';
import en from './frame.en.json';
import nb from './frame.nb.json';
import nn from './frame.nn.json';
import { appNynorsk } from './app-nn';

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const frameMessages: Record<Locale, FrameMessageSchema> = { nb, nn, en };

const appMessages = { nn: appNynorsk };

/** Adds the staff frame's texts (menu, sign-in, projects, errors…) to the app's messages, once per app. */
export function mergeFrameMessages(target: Parameters<typeof mergeMessages>[0]): void {
  // The document's title is among these texts, and is translated outside the page's render: it reads `mergedTexts`.
  // The app's own few nynorsk texts stay out of the first page's bundle (`./index.ts`): staff pages get them here.
  if (mergeMessages(target, frameMessages, appMessages)) mergedTexts.value++;
}

/**
 * Called first in the staff frame's setup. The frame wraps every page that is not a participant's, so those pages
 * find these texts; the participants' survey, which has a frame of its own, never downloads them.
 */
export function useFrameMessages(): void {
  mergeFrameMessages(useI18n({ useScope: 'global' }));
}
