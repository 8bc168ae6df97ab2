import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInOnPage, useApp } from './harness';

const app = useApp();

/** Signs in on the sign-in page, where the app sends a signed-out visitor. */
async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Logg inn' }).waitFor();
  await signInOnPage(page, { email, password });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('heading', { level: 1, name: 'Logg inn' }).waitFor();
}

async function createProject(page: Page, name: string, slug: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Navn', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Organisasjon', exact: true }).fill('Eksempelby kommune');
  await page.getByRole('textbox', { name: 'Kortnavn (valgfritt)' }).fill(slug);
  await page.getByRole('button', { name: 'Opprett prosjekt' }).click();
  await page.locator('.project-card', { hasText: name }).waitFor();
}

/** POSTs a query to /graphql with an API token, as a script would. */
async function queryWithToken(secret: string, query: string) {
  const response = await fetch(`${app().baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

describe('accounts and access', () => {
  it('an admin sets up a manager who then sees only their own project and no admin pages', async () => {
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/');
    await signIn(page, app().admin.email, app().admin.password);
    await page.getByRole('heading', { level: 1, name: 'Prosjekter' }).waitFor();

    await createProject(page, 'Erfaringsskolen i Eksempelby', 'erfaringsskolen-eksempelby');
    await createProject(page, 'Ambulant team Eksempelby', 'ambulant-team-eksempelby');

    const nav = page.getByRole('navigation', { name: 'Hovedmeny' });
    await nav.getByRole('link', { name: 'Brukere' }).click();
    await page.getByRole('heading', { level: 1, name: 'Brukere' }).waitFor();
    // Focus follows the move to the new page, for screen-reader and keyboard users.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    const managerPassword = 'eksempel passord for lederen';
    await page.getByRole('textbox', { name: 'Navn', exact: true }).fill('Eksempel Leder');
    await page.getByRole('textbox', { name: 'E-post' }).fill('leder@example.test');
    await page.getByLabel('Første passord').fill(managerPassword);
    await page.getByRole('button', { name: 'Opprett bruker' }).click();
    await page.getByRole('status').filter({ hasText: 'Kontoen for Eksempel Leder er opprettet.' }).waitFor();

    await page.getByRole('region', { name: 'Brukere' }).getByRole('link', { name: 'Eksempel Leder' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eksempel Leder' }).waitFor();
    await page
      .getByRole('combobox', { name: 'Prosjekt' })
      .selectOption({ label: 'Erfaringsskolen i Eksempelby' });
    await page.getByRole('combobox', { name: 'Rolle' }).selectOption({ label: 'Leder' });
    await page.getByRole('button', { name: 'Gi rolle' }).click();
    const roles = page.getByRole('region', { name: 'Roller' });
    await roles.getByRole('row', { name: /Erfaringsskolen i Eksempelby/ }).waitFor();
    await expect
      .poll(() => roles.getByRole('row').allTextContents())
      .toEqual([
        expect.stringContaining('Prosjekt'),
        expect.stringMatching(/^Erfaringsskolen i EksempelbyLeder/),
      ]);

    await signOut(page);
    await signIn(page, 'leder@example.test', managerPassword);
    await page.waitForURL((url) => url.pathname === '/projects');
    await page.getByRole('heading', { level: 1, name: 'Prosjekter' }).waitFor();
    await page.locator('.project-card').first().waitFor();
    await expect
      .poll(() => page.locator('.project-card h3').allTextContents())
      .toEqual(['Erfaringsskolen i Eksempelby']);
    expect(await page.locator('.project-card').first().textContent()).toContain('Leder');
    await expect.poll(() => page.getByText('Ambulant team Eksempelby').count()).toBe(0);

    // Managers see results, but no staff pages.
    const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['/projects', '/dashboard']);
    await expect.poll(() => page.locator('a[href^="/admin"]').count()).toBe(0);
    // No creating projects either.
    await expect.poll(() => page.getByRole('button', { name: 'Opprett prosjekt' }).count()).toBe(0);

    // Typing an admin address gives a clear answer, not a broken page.
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Ingen tilgang' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    expect(await page.title()).toBe('Ingen tilgang – Verdi');

    await signOut(page);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // Signed out for real: a staff page sends the visitor back to sign in.
    await page.goto('/projects');
    await page.waitForURL((url) => url.pathname === '/sign-in');
  });

  it('a researcher creates an API token that works for scripts until it is revoked', async () => {
    const created = await app().graphql<{ createProject: { id: string } }>(
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input: { name: 'Recoveryteamet Eksempelby', organisation: 'Eksempelby kommune' } },
    );
    const projectId = created.data?.createProject.id;
    const researcherPassword = 'eksempel passord for forskeren';
    const researcher = await app().graphql<{ createUser: { id: string } }>(
      'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: { name: 'Eksempel Forsker', email: 'forsker@example.test', password: researcherPassword },
      },
    );
    const userId = researcher.data?.createUser.id;
    const role = await app().graphql(
      'mutation ($input: SetMembershipInput!) { setMembership(input: $input) { id } }',
      { input: { userId, projectId, role: 'RESEARCHER' } },
    );
    expect([created.errors, researcher.errors, role.errors]).toEqual([undefined, undefined, undefined]);

    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/projects');
    await signIn(page, 'forsker@example.test', researcherPassword);
    await page
      .getByRole('navigation', { name: 'Hovedmeny' })
      .getByRole('link', { name: 'API-nøkler' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'API-nøkler' }).waitFor();
    await page.getByText('Du har ingen API-nøkler ennå.').waitFor();

    await page.getByRole('textbox', { name: 'Navn', exact: true }).fill('Eksempel-skript');
    await page.getByRole('textbox', { name: 'Dager til den utløper (valgfritt)' }).fill('30');
    await page.getByRole('button', { name: 'Lag API-nøkkel' }).click();

    const secretField = page.getByRole('textbox', { name: 'API-nøkkel', exact: true });
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret.length).toBeGreaterThan(20);
    expect(await secretField.getAttribute('readonly')).not.toBeNull();
    await page.getByText('Den vises bare denne ene gangen').waitFor();
    expect(await page.locator('pre code').textContent()).toContain(`authorization: Bearer ${secret}`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-secret-heading');

    const allowed = await queryWithToken(secret, '{ projects { name } }');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ data: { projects: [{ name: 'Recoveryteamet Eksempelby' }] } });

    await page.getByRole('button', { name: 'Jeg har lagret nøkkelen' }).click();
    await expect.poll(() => secretField.count()).toBe(0);
    const row = page.getByRole('row', { name: /Eksempel-skript/ });
    await row.getByText('Aktiv').waitFor();
    // The list knows the token by its first characters only.
    expect(await row.textContent()).not.toContain(secret);

    // Escape cancels: the dialog is usable from the keyboard, and starts on the safe choice.
    const revoke = page.getByRole('button', { name: 'Tilbakekall «Eksempel-skript»' });
    await revoke.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Tilbakekalle API-nøkkelen?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Avbryt');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Tilbakekall «Eksempel-skript»',
    );
    expect((await queryWithToken(secret, '{ projects { name } }')).status).toBe(200);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'API-nøkkelen «Eksempel-skript» er tilbakekalt.' })
      .waitFor();
    await row.getByText(/^Tilbakekalt/).waitFor();

    const refused = await queryWithToken(secret, '{ projects { name } }');
    expect(refused.status).toBe(401);
    expect(refused.body.data ?? null).toBeNull();
  });

  it('changing the password in one browser signs the other out and stops the API tokens; this browser stays', async () => {
    const password = 'eksempel passord for analytikeren';
    const project = await app().graphql<{ createProject: { id: string } }>(
      'mutation { createProject(input: { name: "Bolig Eksempelby", organisation: "Eksempelby kommune" }) { id } }',
    );
    const user = await app().graphql<{ createUser: { id: string } }>(
      'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: { name: 'Eksempel Analytiker', email: 'analytiker@example.test', password } },
    );
    await app().graphql('mutation ($input: SetMembershipInput!) { setMembership(input: $input) { id } }', {
      input: {
        userId: user.data?.createUser.id,
        projectId: project.data?.createProject.id,
        role: 'RESEARCHER',
      },
    });

    // The other browser: signed in on its own, and it makes a token for a script.
    const post = async (query: string, headers: Record<string, string>, variables?: unknown) => {
      const response = await fetch(`${app().baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { response, body: (await response.json()) as { data?: Record<string, unknown> | null } };
    };
    const other = await post(
      'mutation ($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { expiresAt } }',
      {},
      { email: 'analytiker@example.test', password },
    );
    const otherCookie = other.response.headers.getSetCookie()[0]!.split(';')[0]!;
    const token = await post('mutation { createApiToken(input: { name: "Laptop" }) { secret } }', {
      cookie: otherCookie,
    });
    const secret = (token.body.data?.createApiToken as { secret: string }).secret;
    expect((await queryWithToken(secret, '{ projects { name } }')).status).toBe(200);

    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/account');
    await signIn(page, 'analytiker@example.test', password);
    await page.getByRole('heading', { level: 2, name: 'Bytt passord' }).waitFor();
    await page.getByLabel('Nåværende passord').fill(password);
    await page.getByLabel('Nytt passord').fill('et nytt eksempelpassord');
    await page.getByRole('button', { name: 'Bytt passord' }).click();
    await page.getByText('Passordet er byttet.').waitFor();

    expect((await post('{ me { id } }', { cookie: otherCookie })).body.data).toEqual({ me: null });
    expect((await queryWithToken(secret, '{ projects { name } }')).status).toBe(401);
    // This browser is still signed in.
    await page.goto('/projects');
    await page.getByRole('heading', { level: 1, name: 'Prosjekter' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects');
  });
});
