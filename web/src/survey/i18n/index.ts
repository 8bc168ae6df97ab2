import { watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { isLocale, mergeMessages, type Messages } from '../../i18n';
import type accessibilityNb from './accessibility.nb.json';
import type codeNb from './code.nb.json';
import type invitationNb from './invitation.nb.json';
import type optOutNb from './optOut.nb.json';
import integrityNb from './integrity.nb.json';
import nb from './nb.json';
import { loadedSurveyTexts, loadSurveyTexts } from './languages';
import type withdrawNb from './withdraw.nb.json';

/** Every participant page's texts: the survey's own, and those that only one page needs (`./pages/`). */
export type SurveyMessageSchema = typeof nb &
  typeof codeNb &
  typeof withdrawNb &
  typeof accessibilityNb &
  typeof invitationNb &
  typeof optOutNb;

declare module 'vue-i18n' {
  // The participant pages' keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends SurveyMessageSchema {}
}

const bokmål: Messages[] = [{ nb }, { nb: integrityNb }];

type MessageTarget = Parameters<typeof mergeMessages>[0];

function mergeLoaded(target: MessageTarget): void {
  mergeMessages(target, ...bokmål, ...[...loadedSurveyTexts.values()].flat());
}

/**
 * Adds the participant pages' texts to the app's messages, and a page's own texts if it has some (see `./pages/`).
 * They arrive with those lazily loaded pages, so staff pages never download them and the survey downloads no staff
 * texts, nor the texts of the other participant pages. Called first in each participant page's setup.
 */
export function useSurveyMessages(pageMessages?: Messages): void {
  const composer = useI18n({ useScope: 'global' });
  mergeLoaded(composer);
  if (pageMessages) mergeMessages(composer, pageMessages);
  // The language chosen last time, or chosen elsewhere: its texts follow as soon as they are loaded.
  watch(
    composer.locale,
    (locale) => {
      if (isLocale(locale) && locale !== 'nb' && !loadedSurveyTexts.has(locale))
        loadSurveyTexts(locale).then(
          () => {
            mergeLoaded(composer);
            // vue-i18n translates again when the language changes, not when texts are merged into it: setting the
            // language again (the same, in the end) shows the texts that have just arrived.
            const current = composer.locale.value;
            composer.locale.value = current === 'nb' ? 'en' : 'nb';
            composer.locale.value = current;
          },
          () => undefined,
        );
    },
    { immediate: true },
  );
}
