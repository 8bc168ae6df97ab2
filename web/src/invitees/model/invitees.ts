/** A problem the API found on one line of a pasted list or file (`extensions.fields['lines.N']`). */
export interface LineError {
  line: number;
  message: string;
}

/** The per-line problems among a BAD_USER_INPUT error's fields, in line order. */
export function lineErrorsOf(fields: Record<string, string>): LineError[] {
  const lines: LineError[] = [];
  for (const [field, message] of Object.entries(fields)) {
    const match = /^(?:text\.)?lines\.(\d+)$/.exec(field);
    if (match) lines.push({ line: Number(match[1]), message });
  }
  return lines.sort((a, b) => a.line - b.line);
}

/** One thing wrong with a line of the list, as the API says it (`api/src/invitees/invitee-list.ts`). */
export type LineProblem =
  | { kind: 'email' }
  | { kind: 'unknownRole'; role: string }
  | { kind: 'roleNotAsked'; role: string }
  | { kind: 'language' }
  | { kind: 'languageNotOffered'; language: string; offered: string }
  | { kind: 'noEmailColumn' }
  | { kind: 'other'; message: string };

const LINE_PROBLEMS: [RegExp, (match: RegExpExecArray) => LineProblem][] = [
  [/^is not an e-mail address$/, () => ({ kind: 'email' })],
  [/^names no role Verdi knows \("(.*)"\)$/s, (m) => ({ kind: 'unknownRole', role: m[1]! })],
  [/^asks the role (\w+), which this round asks nothing$/, (m) => ({ kind: 'roleNotAsked', role: m[1]! })],
  [/^has a language other than nb, nn or en$/, () => ({ kind: 'language' })],
  [
    /^has the language (\w+), which this round does not offer \(([\w, ]+)\)$/,
    (m) => ({ kind: 'languageNotOffered', language: m[1]!, offered: m[2]! }),
  ],
  [/^names no e-mail column \(email or e-post\)$/, () => ({ kind: 'noEmailColumn' })],
];

/**
 * The problems of one line, so the page can word them in its own language; a message it does not know is kept as the
 * API wrote it.
 */
export function lineProblemsOf(message: string): LineProblem[] {
  return message.split('; ').map((part) => {
    for (const [pattern, make] of LINE_PROBLEMS) {
      const match = pattern.exec(part);
      if (match) return make(match);
    }
    return { kind: 'other', message: part };
  });
}

/**
 * Reminder days as typed ("7, 14" or "7 14"): up to three whole days from 1 to 60, ascending; empty for none.
 * Null when they are not.
 */
export function parseDays(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > 3 || parts.some((part) => !/^\d+$/.test(part))) return null;
  const days = parts.map(Number);
  if (days.some((day, i) => day < 1 || day > 60 || (i > 0 && day <= days[i - 1]!))) return null;
  return days;
}

/** A day (YYYY-MM-DD) plus whole days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Reads a file chosen in the page as text (a CSV file, UTF-8). */
export function readFileText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}
