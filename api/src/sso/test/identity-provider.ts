import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** What the provider says about one person; the key is what they type as "login" on its dev login page. */
export interface TestPerson {
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Entra ID's "email domain owner verified" optional claim. */
  xms_edov?: boolean;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People by login; change freely between sign-ins. */
  people: Map<string, TestPerson>;
  /** Stops answering (a provider that is down) until `resume`. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/**
 * A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 and a free port, with one confidential client
 * for the given redirect URIs and its built-in development login page, which takes any login and password. Consent is
 * given without asking, as an organisation's own provider does for its own applications.
 */
export async function startIdentityProvider(redirectUris: string[]): Promise<TestIdentityProvider> {
  const people = new Map<string, TestPerson>();
  let paused = false;
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => {
    if (paused) {
      req.socket.destroy();
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'verdi-test';
  const clientSecret = 'a-test-client-secret-that-is-long-enough';

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    cookies: { keys: ['a-test-cookie-signing-key'] },
    ttl: {
      Session: 3600,
      Grant: 3600,
      Interaction: 600,
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, ...(people.get(sub) ?? {}) }),
    }),
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  handler = (req, res) => void callback(req, res);

  return {
    issuer,
    clientId,
    clientSecret,
    people,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
