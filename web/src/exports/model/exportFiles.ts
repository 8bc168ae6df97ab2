/** The files the API offers at GET /exports/<projectId>/<file>, in the order the page lists them. */
export const EXPORT_FILES = [
  'data-wide.csv',
  'data-long.csv',
  'data.xlsx',
  'data.sav',
  'data.dta',
  'scores.csv',
  'codebook.csv',
  'codebook.json',
  'read-data.R',
  'read-data.sps',
  'data-spss.csv',
] as const;

export type ExportFile = (typeof EXPORT_FILES)[number];

/** Each file's key in the page's messages, where dots would read as nesting. */
export const FILE_MESSAGE_KEYS = {
  'data-wide.csv': 'wideCsv',
  'data-long.csv': 'longCsv',
  'data.xlsx': 'xlsx',
  'data.sav': 'sav',
  'data.dta': 'dta',
  'scores.csv': 'scoresCsv',
  'codebook.csv': 'codebookCsv',
  'codebook.json': 'codebookJson',
  'read-data.R': 'rScript',
  'read-data.sps': 'spssSyntax',
  'data-spss.csv': 'spssCsv',
} as const satisfies Record<ExportFile, string>;

/** Files whose progress can be told in lines as well as bytes. */
export function isCsv(file: ExportFile): boolean {
  return file.endsWith('.csv');
}

export const RESPONDENT_ROLES = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'] as const;
export type RespondentRoleName = (typeof RESPONDENT_ROLES)[number];

/** Which responses of the chosen rounds to export; an empty list or text means no limit. */
export interface ExportFilter {
  roles?: readonly RespondentRoleName[];
  /** First and last day of submission, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

/**
 * The address of one export. The rounds parameter is left out when every round is chosen, so that a round opened
 * later is included in a script's next run; the roles parameter likewise when every role is chosen.
 */
export function exportUrl(
  projectId: string,
  file: ExportFile,
  rounds: readonly string[],
  allRoundIds: readonly string[],
  filter: ExportFilter = {},
): string {
  const path = `/exports/${encodeURIComponent(projectId)}/${file}`;
  const everyRound = allRoundIds.length > 0 && allRoundIds.every((id) => rounds.includes(id));
  const query: string[] = [];
  if (!everyRound && rounds.length > 0) query.push(`rounds=${rounds.map(encodeURIComponent).join(',')}`);
  const roles = filter.roles ?? [];
  if (roles.length > 0 && !RESPONDENT_ROLES.every((role) => roles.includes(role))) {
    query.push(`roles=${RESPONDENT_ROLES.filter((role) => roles.includes(role)).join(',')}`);
  }
  if (filter.from) query.push(`from=${encodeURIComponent(filter.from)}`);
  if (filter.to) query.push(`to=${encodeURIComponent(filter.to)}`);
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

/**
 * The file name in a Content-Disposition header: the UTF-8 `filename*` when there is one (RFC 6266), else the
 * plain `filename`, else null. Path parts are dropped, as browsers do.
 */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  if (extended) {
    const match = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(extended.replace(/^"(.*)"$/, '$1'));
    if (match?.[1] && match[2] !== undefined) {
      try {
        const decoded =
          match[1].toLowerCase() === 'utf-8'
            ? decodeURIComponent(match[2])
            : // ISO-8859-1 percent-escapes are single bytes.
              match[2].replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              );
        return baseName(decoded);
      } catch {
        // A malformed escape: fall back to the plain filename below.
      }
    }
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header)?.[1];
  if (quoted !== undefined) return baseName(quoted.replace(/\\(.)/g, '$1'));
  const token = /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header)?.[1];
  return token ? baseName(token) : null;
}

function baseName(name: string): string | null {
  const base = name.split(/[/\\]/).pop()?.trim() ?? '';
  return base === '' ? null : base;
}
