import { intlLocaleOf as intlOf } from '../../i18n/intl';

/** A day as the API gives it (YYYY-MM-DD), in words: "23. november 2026", "23 November 2026". */
export function formatDay(day: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(intlOf(locale), { dateStyle: 'long' }).format(date);
}

/** A moment, in the browser's time zone: "23. november 2026 kl. 14:00". */
export function formatMoment(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(intlOf(locale), { dateStyle: 'long', timeStyle: 'short' }).format(
    new Date(iso),
  );
}
