import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMember, allRoles, createProject, publishInstrument, signInOnPage, useApp } from './harness';

const app = useApp();

const text = (nb: string) => ({ nb });

/** A minimal published three-role instrument in Verdi's own format. */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Rundetest',
  scales: [
    {
      key: 'agree3',
      points: [
        { value: 1, label: text('Uenig') },
        { value: 2, label: text('Både og') },
        { value: 3, label: text('Enig') },
      ],
    },
  ],
  constructs: [],
  sections: [
    {
      key: 'main',
      title: text('Spørsmål'),
      items: [
        {
          key: 'useful',
          type: 'LIKERT',
          roles: allRoles,
          prompt: text('Erfaringskonsulenten er til nytte.'),
          required: true,
          reverseScored: false,
          scale: 'agree3',
        },
      ],
    },
  ],
};

const projectName = 'Recoveryteamet Eksempelby';
const email = 'forsker.runder@example.test';
const password = 'eksempel passord for forskeren';

async function setUp(): Promise<void> {
  const projectId = await createProject(app(), { name: projectName, organisation: 'Eksempelby kommune' });
  await addMember(app(), projectId, { name: 'Eksempel Forsker', email, password }, 'RESEARCHER');
  const researcher = (await app().signInAs(email, password)).graphql;
  await publishInstrument(researcher, projectId, instrumentFile);
}

async function signIn(page: Page): Promise<void> {
  await signInOnPage(page, { email, password });
}

describe('rounds', () => {
  it('a researcher opens a round, hands out links and codes, and closes it again', async () => {
    await setUp();
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/projects');
    await signIn(page);

    await page.getByRole('link', { name: `Runder i ${projectName}` }).click();
    await page.getByRole('heading', { level: 1, name: `Runder i ${projectName}` }).waitFor();
    expect(await page.title()).toBe(`Runder i ${projectName} – Verdi`);
    await page.getByText('Ingen runder ennå').waitFor();

    await page.getByRole('combobox', { name: 'Spørreskjema' }).selectOption({ label: 'Rundetest' });
    await page.getByRole('combobox', { name: 'Versjon' }).waitFor();
    await page.getByRole('textbox', { name: 'Navn på runden' }).fill('Oppstart 2026');
    await page.getByRole('button', { name: 'Opprett runden' }).click();

    await page.waitForURL((url) => /^\/projects\/[^/]+\/rounds\/[^/]+$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: 'Oppstart 2026' }).waitFor();
    // A new round is a draft until its texts hold no placeholder (round-lifecycle.e2e.ts covers that in full).
    await page.getByRole('heading', { name: /Status: Utkast/ }).waitFor();
    const edit = page.getByRole('region', { name: 'Rediger runden' });
    await edit.getByRole('textbox', { name: 'Informasjon på bokmål' }).fill('Det er frivillig å svare.');
    await edit.getByRole('textbox', { name: 'Informasjon på engelsk (valgfritt)' }).fill('');
    await edit.getByRole('button', { name: 'Lagre endringene' }).click();
    await edit.getByText('Endringene er lagret.').waitFor();
    await page.getByRole('button', { name: 'Åpne runden', exact: true }).click();
    await page.getByRole('heading', { name: /Status: Åpen/ }).waitFor();

    const links: Record<string, string> = {};
    for (const role of ['Tjenestebrukere', 'Fagpersoner', 'Erfaringskonsulenter']) {
      const url = await page.getByRole('textbox', { name: `Lenke for ${role}` }).inputValue();
      expect(url).toMatch(new RegExp(`^${app().baseUrl}/s/[A-Za-z0-9_-]{16,}$`));
      links[role] = url;
    }
    expect(new Set(Object.values(links)).size).toBe(3);

    await page
      .getByRole('combobox', { name: 'Rolle', exact: true })
      .selectOption({ label: 'Tjenestebrukere' });
    await page.getByRole('textbox', { name: 'Antall koder' }).fill('3');
    await page.getByRole('button', { name: 'Lag koder' }).click();
    const batch = page.getByRole('region', { name: '3 nye koder for Tjenestebrukere' });
    await batch.waitFor();
    await batch.getByText('Kodene vises bare nå.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code-batch-heading');
    const codes = (await batch.locator('.code-batch__code').allTextContents()).map((code) => code.trim());
    expect(codes).toHaveLength(3);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const download = batch.getByRole('link', { name: 'Last ned CSV' });
    expect(await download.getAttribute('download')).toBe('verdi-koder-oppstart-2026-service_user.csv');
    const csv = decodeURIComponent((await download.getAttribute('href'))!.split(',').slice(1).join(','));
    expect(csv).toContain(`Oppstart 2026,SERVICE_USER,${codes[0]}`);
    // The counts follow: three codes made for service users, none used yet.
    await page
      .getByRole('row', { name: /Tjenestebrukere/ })
      .filter({ hasText: /^Tjenestebrukere0030$/ })
      .waitFor();

    const participant = await app().newPage();
    await participant.goto('/kode');
    await participant.getByRole('heading', { level: 1, name: 'Skriv inn koden din' }).waitFor();
    await participant.getByRole('textbox', { name: 'Kode' }).fill(codes[0]!.toLowerCase().replace('-', ' '));
    await participant.getByRole('button', { name: 'Gå til undersøkelsen' }).click();
    await participant.getByRole('heading', { level: 1, name: projectName }).waitFor();
    await participant.getByText('Du svarer som tjenestebruker.').waitFor();
    // Moved from the code page to the survey: focus follows, to the new page's heading.
    expect(await participant.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    await batch.getByRole('button', { name: 'Jeg har tatt vare på kodene' }).click();
    await batch.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Steng runden' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stenge runden?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Steng runden' }).click();
    await page.getByRole('heading', { name: /Status: Stengt/ }).waitFor();
    await page.getByRole('button', { name: 'Åpne runden igjen' }).waitFor();

    await participant.goto(links['Tjenestebrukere']!);
    await participant.getByRole('heading', { level: 1, name: 'Undersøkelsen er stengt' }).waitFor();
    expect(await participant.title()).toBe('Undersøkelsen er stengt – Verdi');
  });
});
