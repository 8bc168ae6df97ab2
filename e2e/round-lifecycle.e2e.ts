import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMember, createProject, data, publishInstrument, repoRoot, signInOnPage, useApp } from './harness';

const app = useApp();

const text = (nb: string) => ({ nb });
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Livsløpstest',
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
      title: text('Om samarbeidet'),
      items: [
        {
          key: 'useful',
          type: 'LIKERT',
          roles: ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'],
          prompt: text('Erfaringskonsulenten er til nytte.'),
          promptByRole: [{ role: 'CONSULTANT', text: text('Jeg er til nytte for brukerne.') }],
          required: true,
          reverseScored: false,
          scale: 'agree3',
        },
      ],
    },
  ],
};

const projectName = 'Ambulant team Eksempelby';
const email = 'forsker.livslop@example.test';
const password = 'eksempel passord for livsløp';
const shots = path.join(repoRoot, '.e2e', 'round-lifecycle');

async function setUp() {
  const projectId = await createProject(app(), { name: projectName, organisation: 'Eksempelby kommune' });
  await addMember(app(), projectId, { name: 'Eksempel Forsker', email, password }, 'RESEARCHER');
  const researcher = (await app().signInAs(email, password)).graphql;
  await publishInstrument(researcher, projectId, instrumentFile);
  return researcher;
}

async function signIn(page: Page): Promise<void> {
  await signInOnPage(page, { email, password });
}

/** Whether the page scrolls sideways: content wider than the window. */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

const FILLED_NB =
  'Hva undersøkelsen handler om\nVi vil lære hva erfaringskonsulentene betyr for teamet.\n\n' +
  'Hvem som er ansvarlig\nEksempelby kommune er ansvarlig for undersøkelsen.\n\n' +
  'Det er frivillig\nDu kan hoppe over spørsmål og slutte når du vil.';

describe('round lifecycle', () => {
  it('a researcher prepares a round: opening is refused while a placeholder remains, then edit, preview, open', async () => {
    const researcher = await setUp();
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/projects');
    await signIn(page);

    await page.getByRole('link', { name: `Runder i ${projectName}` }).click();
    await page.getByRole('combobox', { name: 'Spørreskjema' }).selectOption({ label: 'Livsløpstest' });
    await page.getByRole('combobox', { name: 'Versjon' }).waitFor();
    await page.getByRole('textbox', { name: 'Navn på runden' }).fill('Oppstart 2027');
    await page.getByRole('button', { name: 'Opprett runden' }).click();
    await page.waitForURL((url) => /^\/projects\/[^/]+\/rounds\/[^/]+$/.test(url.pathname));
    const roundId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: /Status: Utkast/ }).waitFor();

    // The default text still holds its placeholders: the page lists them, and the server refuses to open.
    const prepare = page.getByRole('region', { name: 'Klar til å åpne?' });
    await prepare.getByText('Dette må fylles ut før runden kan åpnes:').waitFor();
    await prepare
      .getByText(/Informasjon på bokmål: \[Hva vi vil finne ut.*\[Navn på virksomheten\]/)
      .waitFor();
    await shoot(page, '1-draft-with-placeholders');
    await prepare.getByRole('button', { name: 'Åpne runden' }).click();
    const refused = prepare.getByRole('alert');
    await refused.getByText('Runden ble ikke åpnet. Fyll ut eller fjern dette først:').waitFor();
    await refused.getByText(/\[Navn på virksomheten\], \[dato\], \[k\]/).waitFor();
    await refused.getByText(/Informasjon på engelsk: \[What we want to find out/).waitFor();
    await page.getByRole('heading', { name: /Status: Utkast/ }).waitFor();
    await shoot(page, '2-open-refused');
    const { round } = data(
      await researcher<{ round: { status: string; openLinks: { role: string; path: string }[] } }>(
        'query ($id: UUID!) { round(id: $id) { status openLinks { role path } } }',
        { id: roundId },
      ),
    );
    expect(round.status).toBe('DRAFT');
    const consultantLink = round.openLinks.find((link) => link.role === 'CONSULTANT')!.path;

    // Edit: the information, the contact and who is responsible.
    const edit = page.getByRole('region', { name: 'Rediger runden' });
    await edit.getByRole('textbox', { name: 'Navn på runden' }).fill('Oppstart 2027, ambulant team');
    await edit.getByRole('textbox', { name: 'Informasjon på bokmål' }).fill(FILLED_NB);
    await edit.getByRole('textbox', { name: 'Informasjon på engelsk (valgfritt)' }).fill('');
    await edit
      .getByRole('textbox', { name: 'Samtykketekst på bokmål (valgfritt)' })
      .fill('Jeg har lest informasjonen over og vil delta.');
    await edit.getByRole('textbox', { name: 'Behandlingsansvarlig virksomhet' }).fill('Eksempelby kommune');
    await edit.getByRole('textbox', { name: 'Kontaktperson' }).fill('Prosjektleder, prosjekt@example.org');
    await edit.getByRole('textbox', { name: 'Mål for antall svar (valgfritt)' }).fill('30');
    await edit.getByRole('button', { name: 'Lagre endringene' }).click();
    await edit.getByText('Endringene er lagret.').waitFor();
    await prepare.getByText('Ingen tekst i [hakeparenteser] står igjen.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Oppstart 2027, ambulant team' }).waitFor();

    // Preview as an erfaringskonsulent: the participant's pages, marked as a preview, and nothing is stored.
    await prepare.getByRole('link', { name: 'Se som Erfaringskonsulenter' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/preview/CONSULTANT'));
    const banner = page.getByRole('complementary', { name: 'Forhåndsvisning som Erfaringskonsulenter' });
    await banner.getByText('Ingenting du svarer her, lagres eller sendes.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Oppstart 2027, ambulant team' }).waitFor();
    await page.getByText('Du svarer som erfaringskonsulent.').waitFor();
    await page.getByText('Eksempelby kommune er ansvarlig for undersøkelsen.').waitFor();
    await page.getByText('Jeg har lest informasjonen over og vil delta.').waitFor();
    await shoot(page, '3-preview-information');
    await page.getByRole('button', { name: 'Ja, jeg samtykker og vil delta' }).click();
    await page.getByRole('heading', { level: 1, name: 'Om samarbeidet' }).waitFor();
    await page.getByText('Jeg er til nytte for brukerne.').waitFor();
    await page.getByRole('radio', { name: 'Enig', exact: true }).check();
    await shoot(page, '4-preview-question');
    await page.getByRole('button', { name: 'Avslutt forhåndsvisningen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Slutt på forhåndsvisningen' }).waitFor();
    // The same preview as a service user has the service users' wording.
    await banner.getByRole('link', { name: 'Se som Tjenestebrukere' }).click();
    await page.getByText('Du svarer som tjenestebruker.').waitFor();

    // A phone: the preview does not scroll sideways.
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await scrollsSideways(page)).toBe(false);
    await shoot(page, '5-preview-320');
    await page.setViewportSize({ width: 1280, height: 900 });

    const counted = data(
      await researcher<{ round: { counts: { inProgress: number; submitted: number }[] } }>(
        'query ($id: UUID!) { round(id: $id) { counts { inProgress submitted } } }',
        { id: roundId },
      ),
    ).round.counts;
    expect(counted.every((count) => count.inProgress === 0 && count.submitted === 0)).toBe(true);

    // Open: the participant's link now leads to the round.
    await page.getByRole('link', { name: 'Tilbake til runden' }).click();
    await page
      .getByRole('region', { name: 'Klar til å åpne?' })
      .getByRole('button', { name: 'Åpne runden' })
      .click();
    await page.getByRole('heading', { name: /Status: Åpen/ }).waitFor();
    await page.getByText('Runden er åpnet.').waitFor();
    await page.getByText('Prosjektleder, prosjekt@example.org').first().waitFor();
    await shoot(page, '6-opened');
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await scrollsSideways(page)).toBe(false);
    await shoot(page, '7-opened-360');

    const participant = await app().newPage();
    await participant.goto(consultantLink);
    // The participant sees the project and whom to contact, not the round's internal name.
    await participant.getByRole('heading', { level: 1, name: projectName }).waitFor();
    await participant
      .getByRole('definition')
      .filter({ hasText: 'Prosjektleder, prosjekt@example.org' })
      .waitFor();
    await participant.getByText('Eksempelby kommune er ansvarlig for undersøkelsen.').waitFor();
  });
});
