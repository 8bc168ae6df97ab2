import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { readSsoConfig } from './sso.config.js';

const entra = {
  VERDI_PUBLIC_URL: 'https://verdi.eksempel.kommune.no/',
  VERDI_OIDC_PROVIDERS: 'entra, idporten',
  VERDI_OIDC_ENTRA_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  VERDI_OIDC_ENTRA_CLIENT_ID: 'verdi-client',
  VERDI_OIDC_ENTRA_CLIENT_SECRET: 'hemmelig',
  VERDI_OIDC_ENTRA_NAME: 'Kommunens innlogging (Entra ID)',
  VERDI_OIDC_IDPORTEN_ISSUER: 'https://test.idporten.no/',
  VERDI_OIDC_IDPORTEN_CLIENT_ID: 'verdi-idporten',
  VERDI_OIDC_IDPORTEN_NAME: 'ID-porten',
  VERDI_OIDC_IDPORTEN_SCOPES: 'openid profile',
};

describe('single sign-on configuration', () => {
  it('is off without VERDI_OIDC_PROVIDERS', () => {
    expect(readSsoConfig({})).toEqual({ publicUrl: undefined, providers: [] });
    expect(readConfig({}).sso.providers).toEqual([]);
  });

  it('reads each provider, its redirect URI from VERDI_PUBLIC_URL, and the default scopes', () => {
    const { publicUrl, providers } = readSsoConfig(entra);
    expect(publicUrl).toBe('https://verdi.eksempel.kommune.no');
    expect(providers.map((p) => ({ ...p, issuer: p.issuer.href }))).toEqual([
      {
        id: 'entra',
        name: 'Kommunens innlogging (Entra ID)',
        issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
        clientId: 'verdi-client',
        clientSecret: 'hemmelig',
        scopes: ['openid', 'email', 'profile'],
        redirectUri: 'https://verdi.eksempel.kommune.no/auth/oidc/entra/callback',
      },
      {
        id: 'idporten',
        name: 'ID-porten',
        issuer: 'https://test.idporten.no/',
        clientId: 'verdi-idporten',
        clientSecret: undefined,
        scopes: ['openid', 'profile'],
        redirectUri: 'https://verdi.eksempel.kommune.no/auth/oidc/idporten/callback',
      },
    ]);
  });

  it.each([
    [{ VERDI_PUBLIC_URL: undefined }, /VERDI_PUBLIC_URL must be set/],
    [{ VERDI_PUBLIC_URL: 'verdi.kommune.no' }, /VERDI_PUBLIC_URL must be the address users reach/],
    [{ VERDI_PUBLIC_URL: 'http://verdi.kommune.no' }, /VERDI_PUBLIC_URL must be an https:\/\/ address/],
    [
      { VERDI_PUBLIC_URL: 'https://verdi.kommune.no/verdi' },
      /VERDI_PUBLIC_URL must be the address of the site itself/,
    ],
    [{ VERDI_OIDC_PROVIDERS: 'Entra' }, /VERDI_OIDC_PROVIDERS: "Entra" is not a provider id/],
    [{ VERDI_OIDC_PROVIDERS: 'entra,entra' }, /names "entra" twice/],
    [
      { VERDI_OIDC_PROVIDERS: 'entra' },
      /VERDI_OIDC_IDPORTEN_ISSUER is set, but "idporten" is not in VERDI_OIDC_PROVIDERS/,
    ],
    [{ VERDI_OIDC_ENTRA_ISSUER: undefined }, /VERDI_OIDC_ENTRA_ISSUER must be set for the provider "entra"/],
    [
      { VERDI_OIDC_ENTRA_ISSUER: 'http://login.example' },
      /VERDI_OIDC_ENTRA_ISSUER must be an https:\/\/ address/,
    ],
    [
      { VERDI_OIDC_ENTRA_ISSUER: 'https://login.example/?tenant=x' },
      /VERDI_OIDC_ENTRA_ISSUER must be .* without a query/,
    ],
    [{ VERDI_OIDC_ENTRA_CLIENT_ID: ' ' }, /VERDI_OIDC_ENTRA_CLIENT_ID must be set/],
    [{ VERDI_OIDC_ENTRA_NAME: undefined }, /VERDI_OIDC_ENTRA_NAME must be set/],
    [{ VERDI_OIDC_ENTRA_SCOPES: 'email profile' }, /VERDI_OIDC_ENTRA_SCOPES must include "openid"/],
    [{ VERDI_OIDC_ENTRA_SCOPES: 'openid "email"' }, /VERDI_OIDC_ENTRA_SCOPES has an invalid scope/],
  ])('stops the start with a message naming what is wrong: %o', (change, message) => {
    const env: NodeJS.ProcessEnv = { ...entra };
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    expect(() => readConfig(env)).toThrow(message);
  });

  it('takes plain http only for a provider and a Verdi on this machine', () => {
    const { providers } = readSsoConfig({
      VERDI_PUBLIC_URL: 'http://localhost:4000',
      VERDI_OIDC_PROVIDERS: 'lokal',
      VERDI_OIDC_LOKAL_ISSUER: 'http://127.0.0.1:9000',
      VERDI_OIDC_LOKAL_CLIENT_ID: 'verdi',
      VERDI_OIDC_LOKAL_NAME: 'Lokal',
    });
    expect(providers[0]!.redirectUri).toBe('http://localhost:4000/auth/oidc/lokal/callback');
  });
});
