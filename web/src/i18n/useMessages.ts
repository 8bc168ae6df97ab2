import { useI18n } from 'vue-i18n';
import { mergeMessages, type Messages } from './index';

/**
 * Adds the texts a staff page needs to the app's messages (see `mergeMessages`); called first in the page's setup,
 * before anything renders. Kept apart from `./index` so that the participants' survey, which merges its own texts,
 * does not download it.
 */
export function useMessages(...sets: readonly Messages[]): void {
  mergeMessages(useI18n({ useScope: 'global' }), ...sets);
}
