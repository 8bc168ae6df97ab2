/** Verdi's users are Norwegian services; a "day" is a day in Norway, whatever the server's time zone. */
export const TIME_ZONE = 'Europe/Oslo';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

let lastMinute = NaN;
let lastDay = '';

/** The calendar day of a moment in Norway, as YYYY-MM-DD: all that anonymous rounds keep of when. */
export function dayOf(moment: Date): string {
  // Norway's days begin on a whole hour of UTC, so one minute of UTC lies within one day: formatting a time zone
  // costs more than a submission's other arithmetic, and a busy server asks for the same minute again and again.
  const minute = Math.floor(moment.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = dayFormat.format(moment);
    lastMinute = minute;
  }
  return lastDay;
}

/** The day `days` after a day (YYYY-MM-DD), counted in calendar days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
