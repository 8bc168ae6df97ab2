import { intlLocaleOf } from '../../composables/useFormat';

/** A YYYY-MM-DD day as people write it: 31.12.2027 in bokmål, 31/12/2027 in English. */
export function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(intlLocaleOf(locale), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
