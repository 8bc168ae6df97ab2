import { parse as parseCookies, serialize } from 'cookie';
import type { Request, Response } from 'express';
import type { PendingSignInCookie, SessionCookie } from '../context.js';
import type { Credentials } from '../accounts/auth.service.js';

export const SESSION_COOKIE = 'verdi_session';
export const PENDING_SIGN_IN_COOKIE = 'verdi_pending_sign_in';

/** The session cookie and a bearer token, as sent; which of them is valid is the AuthService's business. */
export function credentialsOf(req: Request): Credentials {
  const authorization = req.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookies = req.headers.cookie ? parseCookies(req.headers.cookie) : {};
  return { bearerToken: bearer, sessionToken: cookies[SESSION_COOKIE] };
}

/** httpOnly so scripts in the page cannot read it; SameSite=Lax so other sites cannot send it with a POST. */
export function sessionCookieFor(req: Request, res: Response, secureCookies: boolean): SessionCookie {
  const options = {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: secureCookies || req.secure,
  };
  return {
    set: (token, expiresAt) =>
      res.append('Set-Cookie', serialize(SESSION_COOKIE, token, { ...options, expires: expiresAt })),
    clear: () =>
      res.append('Set-Cookie', serialize(SESSION_COOKIE, '', { ...options, expires: new Date(0) })),
  };
}

/**
 * The pending sign-in between password and second factor: httpOnly like the session, and sent only to /graphql,
 * where the second step is.
 */
export function pendingSignInCookieFor(
  req: Request,
  res: Response,
  secureCookies: boolean,
): PendingSignInCookie {
  const options = {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/graphql',
    secure: secureCookies || req.secure,
  };
  const cookies = req.headers.cookie ? parseCookies(req.headers.cookie) : {};
  return {
    token: cookies[PENDING_SIGN_IN_COOKIE],
    set: (token, expiresAt) =>
      res.append('Set-Cookie', serialize(PENDING_SIGN_IN_COOKIE, token, { ...options, expires: expiresAt })),
    clear: () =>
      res.append('Set-Cookie', serialize(PENDING_SIGN_IN_COOKIE, '', { ...options, expires: new Date(0) })),
  };
}
