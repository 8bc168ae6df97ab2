import { dayOf } from '../common/dates.js';

const DAY_MS = 86_400_000;

/** Whether a YYYY-MM-DD string names a real calendar day (not 2027-02-30). */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const moment = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(moment.getTime()) && moment.toISOString().slice(0, 10) === day;
}

/** Whole days from one calendar day to another (both YYYY-MM-DD): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The calendar day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days left until a project's end date, counted in Norwegian days from `now`. */
export function daysLeftUntil(endsOn: string, now: Date): number {
  return daysBetween(dayOf(now), endsOn);
}
