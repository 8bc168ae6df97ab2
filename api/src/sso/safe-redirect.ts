export const DEFAULT_REDIRECT = '/projects';

/**
 * Where to send a browser after signing in: only a path inside Verdi. The web app's `safeRedirect` keeps the same
 * rule for its own navigation; here the path becomes a Location header, which browsers read more loosely, so a
 * backslash (`/\evil.example` is `//evil.example` to a browser) and control characters are refused too.
 */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return DEFAULT_REDIRECT;
  if (!value.startsWith('/') || value.startsWith('//')) return DEFAULT_REDIRECT;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return DEFAULT_REDIRECT;
  return value;
}
