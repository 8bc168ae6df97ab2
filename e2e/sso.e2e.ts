import { afterAll, describe, expect, it } from 'vitest';
import { startIdentityProvider, type TestIdentityProvider } from '../api/src/sso/test/identity-provider.js';
import { useApp } from './harness';

const PROVIDER_NAME = 'Eksempelby kommunes innlogging';
let idp: TestIdentityProvider | undefined;

const app = useApp({
  env: async (baseUrl) => {
    idp = await startIdentityProvider([`${baseUrl}/auth/oidc/eksempelby/callback`]);
    return {
      VERDI_PUBLIC_URL: baseUrl,
      VERDI_OIDC_PROVIDERS: 'eksempelby',
      VERDI_OIDC_EKSEMPELBY_ISSUER: idp.issuer,
      VERDI_OIDC_EKSEMPELBY_CLIENT_ID: idp.clientId,
      VERDI_OIDC_EKSEMPELBY_CLIENT_SECRET: idp.clientSecret,
      VERDI_OIDC_EKSEMPELBY_NAME: PROVIDER_NAME,
    };
  },
});
afterAll(async () => {
  await idp?.stop();
});

describe('single sign-on', () => {
  it('a new colleague signs in at the provider, waits for approval, and once approved reaches the projects', async () => {
    idp!.people.set('kari', {
      email: 'kari.eksempel@example.test',
      email_verified: true,
      name: 'Kari Eksempel',
    });
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByRole('heading', { level: 2, name: 'Logg inn med kommunens innlogging' }).waitFor();
    await page.getByRole('link', { name: PROVIDER_NAME }).click();

    // The provider's own (development) login page.
    await page.waitForURL((url) => url.origin === idp!.issuer);
    await page.locator('input[name="login"]').fill('kari');
    await page.locator('input[name="password"]').fill('hva som helst');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await page.waitForURL((url) => url.pathname === '/awaiting-approval');
    await page.getByRole('heading', { level: 1, name: 'Venter på godkjenning' }).waitFor();
    await expect.poll(() => page.getByText('Du er logget inn som Kari Eksempel').count()).toBe(1);
    // Projects are out of reach until then.
    await page.goto('/projects');
    await page.waitForURL((url) => url.pathname === '/awaiting-approval');

    const users = await app().graphql<{ users: { id: string; name: string; pendingApproval: boolean }[] }>(
      '{ users { id name pendingApproval } }',
    );
    const kari = users.data!.users.find((u) => u.name === 'Kari Eksempel')!;
    expect(kari.pendingApproval).toBe(true);
    const project = await app().graphql<{ createProject: { id: string } }>(
      'mutation { createProject(input: { name: "Erfaringsskolen i Eksempelby", organisation: "Eksempelby kommune" }) { id } }',
    );
    const approved = await app().graphql('mutation ($id: UUID!) { approveUser(id: $id) { id } }', {
      id: kari.id,
    });
    expect(approved.errors).toBeUndefined();
    const role = await app().graphql(
      'mutation ($input: SetMembershipInput!) { setMembership(input: $input) { id } }',
      { input: { userId: kari.id, projectId: project.data!.createProject.id, role: 'RESEARCHER' } },
    );
    expect(role.errors).toBeUndefined();

    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    // Still signed in at the provider: the button leads straight back, into the projects.
    await page.getByRole('link', { name: PROVIDER_NAME }).click();
    await page.waitForURL((url) => url.pathname === '/projects');
    await page.getByRole('heading', { level: 1, name: 'Prosjekter' }).waitFor();
    await page.locator('.project-card', { hasText: 'Erfaringsskolen i Eksempelby' }).waitFor();
  });

  it('shows in words why a sign-in failed (a stale or forged callback)', async () => {
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/auth/oidc/eksempelby/callback?state=gammel&code=gammel');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page
      .getByRole('alert')
      .filter({
        hasText: 'Innloggingen er utløpt, ble allerede brukt eller ble startet i en annen nettleser.',
      })
      .waitFor();
  });
});
