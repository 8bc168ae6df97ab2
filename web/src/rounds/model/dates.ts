function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A moment as a `datetime-local` field shows it, in the browser's time zone: "2026-03-01T09:00". */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** What a `datetime-local` field holds, as an ISO moment; null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim())) return null;
  // Without an offset the string is read in the browser's own time zone, as the field meant it.
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
