import { useI18n } from 'vue-i18n';
import en from './aids.en.json';
import nb from './aids.nb.json';
import nn from './aids.nn.json';

/**
 * The aids' texts, merged into the app's messages by whichever aid loads first. They come with the aids' own lazily
 * loaded chunk, so a survey without easy-read or read-aloud downloads none of them.
 */
export function useAidMessages() {
  const composer = useI18n({ useScope: 'global' });
  composer.mergeLocaleMessage('nb', nb);
  composer.mergeLocaleMessage('nn', nn satisfies typeof nb);
  composer.mergeLocaleMessage('en', en satisfies typeof nb);
  return composer;
}
