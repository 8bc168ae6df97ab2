/** The files the API offers at GET /exports/<projectId>/<file>, in the order the page lists them. */
export const EXPORT_FILES = [
  'data-wide.csv',
  'data-long.csv',
  'data.xlsx',
  'codebook.csv',
  'codebook.json',
  'read-data.R',
  'read-data.sps',
] as const;

export type ExportFile = (typeof EXPORT_FILES)[number];

/** Each file's key in the page's messages, where dots would read as nesting. */
export const FILE_MESSAGE_KEYS = {
  'data-wide.csv': 'wideCsv',
  'data-long.csv': 'longCsv',
  'data.xlsx': 'xlsx',
  'codebook.csv': 'codebookCsv',
  'codebook.json': 'codebookJson',
  'read-data.R': 'rScript',
  'read-data.sps': 'spssSyntax',
} as const satisfies Record<ExportFile, string>;

/** Files whose progress can be told in lines as well as bytes. */
export function isCsv(file: ExportFile): boolean {
  return file.endsWith('.csv');
}

/**
 * The address of one export. The rounds parameter is left out when every round is chosen, so that the server
 * names the file "alle-runder" and a round opened later is included in a script's next run.
 */
export function exportUrl(
  projectId: string,
  file: ExportFile,
  rounds: readonly string[],
  allRoundIds: readonly string[],
): string {
  const path = `/exports/${encodeURIComponent(projectId)}/${file}`;
  const everyRound = allRoundIds.length > 0 && allRoundIds.every((id) => rounds.includes(id));
  if (everyRound || rounds.length === 0) return path;
  return `${path}?rounds=${rounds.map(encodeURIComponent).join(',')}`;
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
