import { parse } from 'csv-parse/sync';
import { RespondentRole } from '../instruments/definition.types.js';

/** The most invitees one round may have. */
export const MAX_INVITEES_PER_ROUND = 5000;

export const INVITEE_LANGUAGES = ['nb', 'nn', 'en'] as const;
export type InviteeLanguage = (typeof INVITEE_LANGUAGES)[number];

/** One address read from the list, with the line it was on (1-based, counting a header). */
export interface ListedInvitee {
  line: number;
  email: string;
  emailKey: string;
  role: RespondentRole;
  language: InviteeLanguage;
}

/** An address given twice, or already in the round: listed back to the researcher, not added. */
export interface ListedDuplicate {
  line: number;
  email: string;
}

export interface ParsedList {
  invitees: ListedInvitee[];
  duplicates: ListedDuplicate[];
  /** Per line (`lines.12`): what is wrong with it. Nothing is added while any remains. */
  errors: Record<string, string>;
}

const HEADERS: Record<string, 'email' | 'role' | 'language'> = {
  email: 'email',
  'e-mail': 'email',
  'e-post': 'email',
  epost: 'email',
  role: 'role',
  rolle: 'role',
  language: 'language',
  språk: 'language',
  sprak: 'language',
};

const ROLE_WORDS: Record<string, RespondentRole> = {
  service_user: RespondentRole.SERVICE_USER,
  tjenestebruker: RespondentRole.SERVICE_USER,
  professional: RespondentRole.PROFESSIONAL,
  fagperson: RespondentRole.PROFESSIONAL,
  consultant: RespondentRole.CONSULTANT,
  erfaringskonsulent: RespondentRole.CONSULTANT,
};

/** Deliberately plain: one @, no spaces, a dot in the domain. The mail server has the last word. */
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/** The delimiter of a list: tab, `;` or `,`, whichever the first line with content holds (in that order). */
function delimiterOf(text: string): string {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  for (const candidate of ['\t', ';', ',']) if (first.includes(candidate)) return candidate;
  return ',';
}

function roleOf(value: string): RespondentRole | undefined {
  return ROLE_WORDS[
    value
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_')
  ];
}

/**
 * Reads a pasted list or a CSV file's text: one invitee per line, the address first, then optionally the role and
 * the language, or columns named by a header (email/e-post, role/rolle, language/språk). The delimiter is a comma,
 * a semicolon or a tab; a byte order mark is ignored. Roles are enum names or the Norwegian words. `rolesAsked` are
 * the roles the round's instrument asks anything; `existing` the address keys already in the round; `offered` the
 * languages the round offers.
 */
export function parseInviteeList(
  text: string,
  defaults: { role: RespondentRole; language: InviteeLanguage },
  rolesAsked: ReadonlySet<RespondentRole>,
  existing: ReadonlySet<string>,
  offered: readonly string[] = INVITEE_LANGUAGES,
): ParsedList {
  const clean = text.replace(/^\uFEFF/, '');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(clean, {
      delimiter: delimiterOf(clean),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { invitees: [], duplicates: [], errors: { [`lines.${line ?? 1}`]: 'cannot be read as CSV' } };
  }
  const rows = records
    .map(({ record, info }) => ({ cells: record, line: info.lines }))
    .filter(({ cells }) => cells.some((cell) => cell !== ''));

  let columns = { email: 0, role: 1, language: 2 } as Record<'email' | 'role' | 'language', number>;
  const header = rows[0]?.cells.map((cell) => HEADERS[cell.toLowerCase()]);
  if (header && header.some((name) => name !== undefined)) {
    rows.shift();
    columns = {
      email: header.indexOf('email'),
      role: header.indexOf('role'),
      language: header.indexOf('language'),
    };
    if (columns.email < 0) {
      return {
        invitees: [],
        duplicates: [],
        errors: { 'lines.1': 'names no e-mail column (email or e-post)' },
      };
    }
  }

  const invitees: ListedInvitee[] = [];
  const duplicates: ListedDuplicate[] = [];
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  for (const { cells, line } of rows) {
    const cell = (index: number) => (index >= 0 ? (cells[index] ?? '').trim() : '');
    const email = cell(columns.email);
    const roleText = cell(columns.role);
    const languageText = cell(columns.language).toLowerCase();
    // The web words these in the page's language (`lineProblemsOf` in web/src/invitees/model/invitees.ts): change both.
    const problems: string[] = [];
    if (!EMAIL.test(email) || email.length > 254) problems.push('is not an e-mail address');
    const role = roleText ? roleOf(roleText) : defaults.role;
    if (!role) problems.push(`names no role Verdi knows ("${roleText}")`);
    else if (!rolesAsked.has(role)) problems.push(`asks the role ${role}, which this round asks nothing`);
    const language = (languageText || defaults.language) as InviteeLanguage;
    if (!INVITEE_LANGUAGES.includes(language)) problems.push('has a language other than nb, nn or en');
    // Mailed in a language the survey then does not offer, the invitee would land on a page in another.
    else if (!offered.includes(language))
      problems.push(`has the language ${language}, which this round does not offer (${offered.join(', ')})`);
    if (problems.length > 0) {
      errors[`lines.${line}`] = problems.join('; ');
      continue;
    }
    const emailKey = email.toLowerCase();
    if (seen.has(emailKey) || existing.has(emailKey)) {
      duplicates.push({ line, email });
      continue;
    }
    seen.add(emailKey);
    invitees.push({ line, email, emailKey, role: role!, language });
  }
  if (rows.length === 0) errors['text'] = 'holds no e-mail address';
  return { invitees, duplicates, errors };
}
