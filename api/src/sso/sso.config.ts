/** One OpenID Connect identity provider staff can sign in with (a municipality's Entra ID, ID-porten, Feide…). */
export interface OidcProviderConfig {
  /** Lowercase letters and digits; part of the redirect URI and of the variables' names. */
  id: string;
  /** The sign-in button's text, e.g. "Kommunens innlogging (Entra ID)". */
  name: string;
  issuer: URL;
  clientId: string;
  /** Unset for a public client (PKCE alone). */
  clientSecret: string | undefined;
  scopes: string[];
  /** `<publicUrl>/auth/oidc/<id>/callback`, the address registered at the provider. */
  redirectUri: string;
}

export interface SsoConfig {
  /** VERDI_PUBLIC_URL without a trailing slash, when set; the rest of Verdi reads it as `AppConfig.publicUrl`. */
  publicUrl: string | undefined;
  providers: OidcProviderConfig[];
}

export const NO_SSO: SsoConfig = { publicUrl: undefined, providers: [] };

const PROVIDER_ID = /^[a-z][a-z0-9]{0,31}$/;
const FIELDS = ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'NAME', 'SCOPES'] as const;
const PROVIDER_VARIABLE = new RegExp(`^VERDI_OIDC_([A-Z0-9_]+?)_(${FIELDS.join('|')})$`);
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
export const DEFAULT_SCOPES = 'openid email profile';

/** Plain http is for a provider or a Verdi on this machine only (development and tests). */
export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function parseUrl(variable: string, raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${variable} must be ${what}, not "${raw}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new Error(
      `${variable} must be an https:// address (plain http only for localhost or 127.0.0.1), not "${raw}"`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`${variable} must be ${what} without a query, fragment or user name, not "${raw}"`);
  }
  return url;
}

function readProvider(env: NodeJS.ProcessEnv, id: string, publicUrl: string): OidcProviderConfig {
  const prefix = `VERDI_OIDC_${id.toUpperCase()}_`;
  const value = (field: (typeof FIELDS)[number]) => env[prefix + field]?.trim() || undefined;
  const required = (field: (typeof FIELDS)[number], example: string) => {
    const found = value(field);
    if (!found) throw new Error(`${prefix}${field} must be set for the provider "${id}" (${example})`);
    return found;
  };

  const issuerRaw = required('ISSUER', 'e.g. https://login.microsoftonline.com/<tenant-id>/v2.0');
  const issuer = parseUrl(`${prefix}ISSUER`, issuerRaw, "the provider's issuer URL");
  const clientId = required('CLIENT_ID', 'the client id the provider gave Verdi');
  const name = required('NAME', 'the text of the sign-in button, e.g. "Kommunens innlogging (Entra ID)"');
  if (name.length > 100) throw new Error(`${prefix}NAME must be at most 100 characters`);

  const scopes = (value('SCOPES') ?? DEFAULT_SCOPES).split(/\s+/).filter(Boolean);
  const badScope = scopes.find((scope) => !SCOPE_TOKEN.test(scope));
  if (badScope !== undefined) throw new Error(`${prefix}SCOPES has an invalid scope "${badScope}"`);
  if (!scopes.includes('openid')) {
    throw new Error(`${prefix}SCOPES must include "openid" (default: "${DEFAULT_SCOPES}")`);
  }

  return {
    id,
    name,
    // Kept as given (with or without a trailing slash): the ID token's iss must equal it exactly.
    issuer,
    clientId,
    clientSecret: value('CLIENT_SECRET'),
    scopes,
    redirectUri: `${publicUrl}/auth/oidc/${id}/callback`,
  };
}

/**
 * VERDI_OIDC_PROVIDERS, VERDI_OIDC_<ID>_* and VERDI_PUBLIC_URL. Every mistake stops the start with a message naming
 * the variable; nothing is fetched from the providers here, so Verdi starts while a provider is down.
 */
export function readSsoConfig(env: NodeJS.ProcessEnv): SsoConfig {
  const ids = (env.VERDI_OIDC_PROVIDERS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!PROVIDER_ID.test(id)) {
      throw new Error(
        `VERDI_OIDC_PROVIDERS: "${id}" is not a provider id: use lowercase letters and digits, starting with a letter (e.g. "entra,feide")`,
      );
    }
  }
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new Error(`VERDI_OIDC_PROVIDERS names "${duplicate}" twice`);

  // A variable for a provider that is not listed is almost always a typo: better said at start than at sign-in.
  for (const variable of Object.keys(env)) {
    const match = PROVIDER_VARIABLE.exec(variable);
    if (match && env[variable]?.trim() && !ids.includes(match[1]!.toLowerCase())) {
      throw new Error(
        `${variable} is set, but "${match[1]!.toLowerCase()}" is not in VERDI_OIDC_PROVIDERS ("${ids.join(',')}")`,
      );
    }
  }

  const publicUrlRaw = env.VERDI_PUBLIC_URL?.trim();
  if (ids.length === 0) {
    return { publicUrl: publicUrlRaw ? publicUrlOf(publicUrlRaw) : undefined, providers: [] };
  }
  if (!publicUrlRaw) {
    throw new Error(
      'VERDI_PUBLIC_URL must be set when VERDI_OIDC_PROVIDERS is: the address users reach Verdi at (e.g. https://verdi.kommune.no), from which the redirect URIs are made',
    );
  }
  const publicUrl = publicUrlOf(publicUrlRaw);
  return { publicUrl, providers: ids.map((id) => readProvider(env, id, publicUrl)) };
}

function publicUrlOf(raw: string): string {
  const url = parseUrl('VERDI_PUBLIC_URL', raw, 'the address users reach Verdi at');
  if (url.pathname !== '/') {
    throw new Error(`VERDI_PUBLIC_URL must be the address of the site itself, without a path, not "${raw}"`);
  }
  return url.origin;
}
