import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { intlLocaleOf } from '../../composables/useFormat';
import { isLocale } from '../../i18n';
import type { ChartTexts } from '../model/charts';

/** The user's language for chart labels, tables and descriptions; recomputed when the language changes. */
export function useChartTexts(): ComputedRef<ChartTexts> {
  const { t, locale } = useI18n({ useScope: 'global' });
  return computed(() => {
    const lang = isLocale(locale.value) ? locale.value : 'nb';
    const intl = intlLocaleOf(lang);
    return {
      locale: lang,
      t: (key: string, values?: Record<string, unknown>) => (values ? t(key, values) : t(key)),
      number: (value: number, digits = 2) =>
        new Intl.NumberFormat(intl, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
          value,
        ),
      date: (iso: string) =>
        new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'long', year: 'numeric' }).format(
          new Date(iso),
        ),
    };
  });
}
