import { computed, watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import { defaultLocale, isLocale, locales, storeLocale, type Locale } from '../i18n';

export function useLocale() {
  const { locale } = useI18n({ useScope: 'global' });

  const current = computed<Locale>(() => (isLocale(locale.value) ? locale.value : defaultLocale));

  function setLocale(next: Locale): void {
    locale.value = next;
    storeLocale(next);
  }

  return { locale: current, locales, setLocale };
}

/** Keeps `<html lang>` in step with the chosen language, so screen readers pronounce the page right. */
export function useDocumentLocale(): void {
  const { locale } = useLocale();
  watchEffect(() => {
    document.documentElement.lang = locale.value;
  });
}
