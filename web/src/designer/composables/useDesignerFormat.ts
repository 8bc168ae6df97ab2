import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/** Dates in the user's language and the browser's time zone. */
export function useDesignerFormat() {
  const { locale } = useI18n({ useScope: 'global' });
  const dateTime = computed(
    () =>
      new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'nb-NO', {
        dateStyle: 'medium',
        timeStyle: 'short',
      }),
  );
  const time = computed(
    () => new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'nb-NO', { timeStyle: 'short' }),
  );
  return {
    formatDateTime: (value: string | Date) => dateTime.value.format(new Date(value)),
    formatTime: (value: Date) => time.value.format(value),
  };
}
