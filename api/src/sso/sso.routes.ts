import { parse as parseCookies, serialize } from 'cookie';
import { ErrorCode, HTTP_STATUS } from '../common/errors.js';
import express, { type Request, type Response } from 'express';
import * as oidc from 'openid-client';
import { AuthService } from '../accounts/auth.service.js';
import { newSecret } from '../accounts/secrets.js';
import { User } from '../accounts/user.entity.js';
import { sessionCookieFor } from '../auth/http-auth.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { safeRedirect } from './safe-redirect.js';
import {
  SIGN_IN_ATTEMPT_TTL_MS,
  SsoError,
  SsoFailure,
  SsoService,
  type SsoProviders,
} from './sso.service.js';

/** Binds a sign-in attempt to the browser that started it: only its hash is stored with the attempt. */
export const SSO_BROWSER_COOKIE = 'verdi_sso';
const COOKIE_PATH = '/auth/oidc';
const BROWSER_SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface SsoRouterOptions {
  orm: Orm;
  log: Logger;
  providers: SsoProviders;
  production: boolean;
}

function browserSecretOf(req: Request): string | undefined {
  const cookies = req.headers.cookie ? parseCookies(req.headers.cookie) : {};
  const secret = cookies[SSO_BROWSER_COOKIE];
  return secret && BROWSER_SECRET.test(secret) ? secret : undefined;
}

function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * GET /auth/oidc/<id>/start and /auth/oidc/<id>/callback: the authorization code flow with PKCE (S256), state and
 * nonce. Every failure ends on the sign-in page with `?sso=<code>`, logged and in the audit log.
 */
export function ssoRouter({ orm, log, providers, production }: SsoRouterOptions): express.Router {
  const router = express.Router();

  const fail = async (req: Request, res: Response, requested: string, error: unknown): Promise<void> => {
    // The id comes from the address: anyone can make it long, so the log and the audit get a bounded part of it.
    const providerId = requested.slice(0, 64);
    const failure =
      error instanceof SsoError
        ? error
        : new SsoError(SsoFailure.FAILED, error instanceof Error ? error.message : String(error));
    if (!(error instanceof SsoError)) req.log.error({ err: error }, 'single sign-on failed unexpectedly');
    req.log.info(
      { provider: providerId, code: failure.code, reason: failure.reason },
      'single sign-on refused',
    );
    try {
      await new SsoService(orm.em.fork()).recordFailure(providerId, failure, req.ip ?? null);
    } catch (auditError) {
      req.log.error({ err: auditError }, 'could not audit a failed single sign-on');
    }
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, `/sign-in?sso=${encodeURIComponent(failure.code)}`);
  };

  router.get('/:provider/start', async (req, res) => {
    const providerId = String(req.params.provider);
    try {
      const provider = providers.find(providerId);
      if (!provider) {
        throw new SsoError(SsoFailure.UNKNOWN_PROVIDER, `no provider "${providerId}" is configured`);
      }
      const configuration = await providers.configuration(provider);
      // One secret per browser for every attempt it has open, so that two tabs signing in at once both work.
      const browserSecret = browserSecretOf(req) ?? newSecret();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      await new SsoService(orm.em.fork()).saveAttempt({
        state,
        browserSecret,
        provider: provider.id,
        nonce,
        codeVerifier,
        redirect: safeRedirect(req.query.redirect),
      });
      const target = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: provider.redirectUri,
        scope: provider.scopes.join(' '),
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      res.append(
        'Set-Cookie',
        serialize(SSO_BROWSER_COOKIE, browserSecret, {
          httpOnly: true,
          // Lax: sent on the provider's top-level redirect back to the callback, never on other sites' requests.
          sameSite: 'lax',
          path: COOKIE_PATH,
          secure: production || req.secure,
          maxAge: SIGN_IN_ATTEMPT_TTL_MS / 1000,
        }),
      );
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, target.href);
    } catch (error) {
      await fail(req, res, providerId, error);
    }
  });

  router.get('/:provider/callback', async (req, res) => {
    const providerId = String(req.params.provider);
    try {
      const provider = providers.find(providerId);
      if (!provider) {
        throw new SsoError(SsoFailure.UNKNOWN_PROVIDER, `no provider "${providerId}" is configured`);
      }
      const em = orm.em.fork();
      const sso = new SsoService(em);
      const attempt = await sso.takeAttempt(provider.id, queryText(req, 'state'), browserSecretOf(req));
      const providerError = queryText(req, 'error');
      if (providerError) {
        throw new SsoError(SsoFailure.PROVIDER_ERROR, `the provider answered ${providerError.slice(0, 100)}`);
      }

      // The address the provider redirected to, as registered, with the parameters it added: not rebuilt from
      // the Host header, which a proxy may have changed.
      const callbackUrl = new URL(provider.redirectUri);
      callbackUrl.search = new URL(req.originalUrl, 'http://verdi.invalid').search;
      const claims = await providers.exchange(provider, callbackUrl, {
        state: queryText(req, 'state')!,
        codeVerifier: attempt.codeVerifier,
        nonce: attempt.nonce,
      });

      const account = await sso.accountFor(provider, claims);
      const user = await em.findOneOrFail(User, { id: account.user.id });
      if (!user.active) throw new SsoError(SsoFailure.DEACTIVATED, 'the account is deactivated', user.id);
      const signedIn = await new AuthService(em).openSession(user, req.ip ?? null, {
        method: 'oidc',
        provider: provider.id,
        ...(account.how === 'linked' ? {} : { account: account.how }),
      });
      sessionCookieFor(req, res, production).set(signedIn.sessionToken, signedIn.expiresAt);
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, attempt.redirect);
    } catch (error) {
      await fail(req, res, providerId, error);
    }
  });

  // Anything else under /auth/oidc is not a page of the web app.
  router.use((_req, res) => {
    res.status(HTTP_STATUS.NOT_FOUND).json({ code: ErrorCode.NOT_FOUND, message: 'Not found' });
  });

  log.debug({ providers: providers.providers.map((p) => p.id) }, 'single sign-on routes ready');
  return router;
}
