/** Verdi's users are Norwegian services; a "day" is a day in Norway, whatever the server's time zone. */
export const TIME_ZONE = 'Europe/Oslo';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day of a moment in Norway, as YYYY-MM-DD: all that anonymous rounds keep of when. */
export function dayOf(moment: Date): string {
  return dayFormat.format(moment);
}
