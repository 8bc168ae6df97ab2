import type { Language } from '@verdi/schema/generated';
import { computed, watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import {
  defaultLocale,
  isLocale,
  localeChosenThisSession,
  localeOf,
  locales,
  rememberLocaleChosen,
  storeLocale,
  type Locale,
} from '../i18n';

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

/** Keeps `<html lang>` in step with the chosen language, so screen readers pronounce the page right. */
export function useDocumentLocale(): void {
  const { locale } = useLocale();
  watchEffect(() => {
    document.documentElement.lang = locale.value;
  });
}
