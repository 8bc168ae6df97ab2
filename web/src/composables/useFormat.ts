import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

import { intlLocaleOf } from '../i18n/intl';

export { intlLocaleOf };

/** Dates and numbers in the user's language, in the browser's time zone. */
export function useFormat() {
  const { locale } = useI18n({ useScope: 'global' });
  const intlLocale = computed(() => intlLocaleOf(locale.value));
  const dateTime = computed(
    () => new Intl.DateTimeFormat(intlLocale.value, { dateStyle: 'medium', timeStyle: 'short' }),
  );
  const dateTimeSeconds = computed(
    () => new Intl.DateTimeFormat(intlLocale.value, { dateStyle: 'medium', timeStyle: 'medium' }),
  );
  const date = computed(() => new Intl.DateTimeFormat(intlLocale.value, { dateStyle: 'medium' }));

  return {
    formatDateTime: (iso: string) => dateTime.value.format(new Date(iso)),
    formatDateTimeSeconds: (iso: string) => dateTimeSeconds.value.format(new Date(iso)),
    formatDate: (iso: string) => date.value.format(new Date(iso)),
    formatNumber: (value: number) => new Intl.NumberFormat(intlLocale.value).format(value),
  };
}
