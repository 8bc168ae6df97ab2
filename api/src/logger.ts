import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths whose last part is a participant's secret (an invitee's ticket, an opt-out token, an open link's token),
 * written to the log as the route's pattern.
 */
const SECRET_PATHS = /^\/(i|u|s|mail\/opt-out)\/[^/?#]+/;

/** A request URL as it may be logged: `/i/inv.…` becomes `/i/:token`, and a query string is dropped with it. */
export function loggableUrl(url: string): string {
  return SECRET_PATHS.test(url) ? url.replace(SECRET_PATHS, '/$1/:token').replace(/[?#].*$/, '') : url;
}

/** The logger; `destination` (stdout when unset) lets tests read what would be written. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'verdi-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password'], remove: true },
    },
    destination,
  );
}
