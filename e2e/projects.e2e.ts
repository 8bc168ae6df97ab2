import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

const app = useApp();

/** Signs in through the sign-in page the app sends a signed-out visitor to. */
async function signIn(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('heading', { level: 1, name: 'Logg inn' }).waitFor();
  await page.getByRole('textbox', { name: 'E-post' }).fill(app().admin.email);
  // A password input has no role; its label still names it.
  await page.getByLabel('Passord').fill(app().admin.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

describe('projects', () => {
  it('creates a project that is listed, kept after a reload and shown in English too', async () => {
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/');

    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/projects');
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
    await signIn(page);
    await page.waitForURL((url) => url.pathname === '/projects');
    await page.getByRole('heading', { level: 1, name: 'Prosjekter' }).waitFor();
    await page.getByText('Ingen prosjekter ennå').waitFor();

    await page.getByRole('textbox', { name: 'Navn', exact: true }).fill('Erfaringsskolen i Eksempelby');
    await page.getByRole('textbox', { name: 'Organisasjon', exact: true }).fill('Eksempelby kommune');
    await page.getByRole('textbox', { name: 'Kortnavn (valgfritt)' }).fill('erfaringsskolen-eksempelby');
    await page
      .getByRole('textbox', { name: 'Beskrivelse (valgfritt)' })
      .fill('Sju måneders opplæring for erfaringskonsulenter.');
    await page.getByRole('button', { name: 'Opprett prosjekt' }).click();

    const card = page.locator('.project-card', { hasText: 'Erfaringsskolen i Eksempelby' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Eksempelby kommune');
    expect(await card.locator('code').textContent()).toBe('erfaringsskolen-eksempelby');
    await page.getByRole('status').filter({ hasText: 'er opprettet' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Navn', exact: true }).inputValue()).toBe('');
    await expect.poll(() => page.getByText('Ingen prosjekter ennå').count()).toBe(0);

    await page.reload();
    await card.waitFor();
    expect(await card.textContent()).toContain('Sju måneders opplæring for erfaringskonsulenter.');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect
      .poll(() => page.getByRole('navigation').getByRole('link', { name: 'Projects' }).count())
      .toBe(1);
    await page.getByRole('textbox', { name: 'Name', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Slug (optional)' }).waitFor();
    await page.getByRole('button', { name: 'Create project' }).waitFor();
    expect(await page.title()).toBe('Projects – Verdi');

    // The choice is remembered.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    await page.getByRole('button', { name: 'Norsk (bokmål)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Prosjekter' }).waitFor();
  });

  it("shows the server's message next to the slug field when the slug is taken", async () => {
    const taken = await app().graphql<{ createProject: { slug: string } }>(
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { slug } }',
      { input: { name: 'Recoveryteamet', organisation: 'Eksempelby kommune', slug: 'recoveryteamet' } },
    );
    expect(taken.errors).toBeUndefined();

    // What the API says about a taken slug, so that this test pins the contract and not the wording.
    const duplicate = await app().graphql<unknown>(
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { slug } }',
      { input: { name: 'Et annet team', organisation: 'Eksempelby kommune', slug: 'recoveryteamet' } },
    );
    const extensions = duplicate.errors?.[0]?.extensions;
    expect(extensions?.['code']).toBe('BAD_USER_INPUT');
    const serverMessage = (extensions?.['fields'] as Record<string, string> | undefined)?.['slug'];
    expect(serverMessage).toEqual(expect.any(String));

    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/projects');
    await page.getByRole('button', { name: 'Norsk (bokmål)' }).click();
    await signIn(page);
    await page.locator('.project-card', { hasText: 'Recoveryteamet' }).waitFor();

    await page.getByRole('textbox', { name: 'Navn', exact: true }).fill('Recoveryteamet Nord');
    await page.getByRole('textbox', { name: 'Organisasjon', exact: true }).fill('Eksempelby kommune');
    const slug = page.getByRole('textbox', { name: 'Kortnavn (valgfritt)' });
    await slug.fill('recoveryteamet');
    await page.getByRole('button', { name: 'Opprett prosjekt' }).click();

    const slugError = page.locator('#project-slug-error');
    await slugError.waitFor();
    expect(await slugError.textContent()).toBe(serverMessage);
    expect(await slug.getAttribute('aria-invalid')).toBe('true');
    expect((await slug.getAttribute('aria-describedby'))?.split(' ')).toContain('project-slug-error');
    expect(
      await page.getByRole('textbox', { name: 'Navn', exact: true }).getAttribute('aria-invalid'),
    ).toBeNull();
    await page.getByRole('alert').filter({ hasText: 'Rett feltene som er merket' }).waitFor();
    // Focus goes to the field to fix.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('project-slug');
    // Nothing was created.
    await expect
      .poll(() => page.locator('.project-card', { hasText: 'Recoveryteamet Nord' }).count())
      .toBe(0);
  });
});
