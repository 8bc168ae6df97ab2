import { shallowRef } from 'vue';
import type { Locale, Messages } from '../../i18n';
import type integrityNb from './integrity.nb.json';
import type nb from './nb.json';

// The integrity texts (issue 14, collection integrity) are kept apart from the page's own, so that both can change
// without a merge. Nynorsk brings the app's own few texts too (`./nn.ts`).
type SurveyTexts = [typeof nb, typeof integrityNb, object?];

/**
 * The survey's texts in the languages other than bokmål, loaded when chosen (or chosen last time): a participant
 * downloads the texts of one language, not of every language. Bokmål, the default, comes with the survey (`./index.ts`).
 * Typed so that a key missing from the nynorsk or English messages fails the type check.
 */
const sources: Record<Exclude<Locale, 'nb'>, () => Promise<SurveyTexts>> = {
  en: () =>
    Promise.all([import('./en.json'), import('./integrity.en.json')]).then(([en, integrityEn]) => [
      en.default,
      integrityEn.default,
    ]),
  nn: () => import('./nn').then((texts) => [...texts.nynorsk]),
};

/** The languages the round on screen offers (all while none is), for the participant's language switch. */
export const offeredLocales = shallowRef<readonly string[] | null>(null);

/** The texts loaded so far, by language, as sets for `mergeMessages`. */
export const loadedSurveyTexts = new Map<Locale, Messages[]>();
const loading = new Map<Locale, Promise<void>>();

/** Loads a language's survey texts, once; for bokmål there is nothing to load. */
export function loadSurveyTexts(locale: Locale): Promise<void> {
  if (locale === 'nb' || loadedSurveyTexts.has(locale)) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = sources[locale]().then(
      (texts) => {
        loadedSurveyTexts.set(
          locale,
          texts.map((messages) => ({ [locale]: messages! })),
        );
      },
      (error: unknown) => {
        // Offline for a moment: the next attempt loads them again.
        loading.delete(locale);
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}
