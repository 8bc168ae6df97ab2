import { useMutation } from '@urql/vue';
import type { Language } from '@verdi/schema/generated';
import { UpdateMeDocument } from '@verdi/schema/generated/documents/session';
import { computed, watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import {
  defaultLocale,
  isLocale,
  languageOf,
  localeChosenThisSession,
  localeOf,
  locales,
  rememberLocaleChosen,
  storeLocale,
  type Locale,
} from '../i18n';
import { useSession } from './useSession';

export function useLocale() {
  const { locale } = useI18n({ useScope: 'global' });

  const current = computed<Locale>(() => (isLocale(locale.value) ? locale.value : defaultLocale));

  /** The user's own choice in this browser. */
  function setLocale(next: Locale): void {
    locale.value = next;
    storeLocale(next);
    rememberLocaleChosen(true);
  }

  /** The language saved with the account, applied after signing in unless the user chose one in this tab. */
  function applyAccountLanguage(language: Language): void {
    if (localeChosenThisSession()) return;
    const next = localeOf(language);
    locale.value = next;
    storeLocale(next);
  }

  return { locale: current, locales, setLocale, applyAccountLanguage };
}

/** The language switch: switches now and, for a signed-in user, saves the choice with the account. */
export function useLanguagePreference() {
  const { locale, locales, setLocale } = useLocale();
  const { user } = useSession();
  const updateMe = useMutation(UpdateMeDocument);

  async function choose(next: Locale): Promise<void> {
    setLocale(next);
    if (!user.value || user.value.language === languageOf(next)) return;
    // Saving is a convenience for the next sign-in; the switch has already happened, so a failure is not shown.
    await updateMe.executeMutation({ input: { language: languageOf(next) } });
  }

  return { locale, locales, choose };
}

/** Keeps `<html lang>` in step with the chosen language, so screen readers pronounce the page right. */
export function useDocumentLocale(): void {
  const { locale } = useLocale();
  watchEffect(() => {
    document.documentElement.lang = locale.value;
  });
}
