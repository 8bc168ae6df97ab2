import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMember, createProject, data, signInOnPage, useApp } from './harness';

const app = useApp();

const researcher = {
  name: 'Testbruker Forsker',
  email: 'forsker@example.test',
  password: 'et langt passord for forskeren',
};

const wording = {
  common: {
    nb: 'Erfaringskonsulenten hjelper meg i hverdagen',
    en: 'The consultant helps me in everyday life',
  },
  professional: {
    nb: 'Erfaringskonsulenten hjelper brukerne i hverdagen',
    en: 'The consultant helps service users in everyday life',
  },
  consultant: { nb: 'Jeg hjelper brukerne i hverdagen', en: 'I help service users in everyday life' },
  changed: 'Erfaringskonsulenten gjør hverdagen min lettere',
};
const textPrompt = 'Hva trenger du for å gjøre jobben godt?';

/** Sends one operation as the harness's admin and fails the test on any error. */
let ready: Promise<void> | undefined;
/** A project, and a researcher in it, made the way an admin's script would; once per file. */
function setUp(): Promise<void> {
  ready ??= makeResearcher();
  return ready;
}

async function makeResearcher(): Promise<void> {
  const projectId = await createProject(app(), {
    name: 'Erfaringsskolen i Eksempelby',
    organisation: 'Eksempelby kommune',
  });
  await addMember(app(), projectId, { ...researcher, language: 'NB' }, 'RESEARCHER');
}

async function signIn(page: Page): Promise<void> {
  await signInOnPage(page, researcher);
}

/** An item's card in the designer, by its key. */
function itemCard(page: Page, key: string): Locator {
  return page.locator('.item-card', {
    has: page.locator('.item-card__key', { hasText: new RegExp(`^${key}$`) }),
  });
}

/** A text in one language inside a group of language fields ("Spørsmålstekst": Bokmål, Engelsk, Nynorsk). */
function languageField(scope: Locator, group: string, language: 'Bokmål' | 'Engelsk'): Locator {
  return scope
    .getByRole('group', { name: group, exact: true })
    .getByRole('textbox', { name: language, exact: true });
}

async function save(page: Page): Promise<void> {
  await page.keyboard.press('Control+s');
  await page.locator('.designer-toolbar__status', { hasText: /^Alt er lagret/ }).waitFor();
}

/** What the preview shows a role in a language: the prompts of the questions, in order. */
async function previewAs(page: Page, role: string, language: string): Promise<string[]> {
  const preview = page.getByRole('region', { name: 'Forhåndsvisning' });
  await preview.getByLabel('Vis som').selectOption({ label: role });
  await preview.getByLabel('Språk').selectOption({ label: language });
  const prompts = preview.locator('.survey-item__prompt');
  const texts = await prompts.allTextContents();
  return texts.map((text) => text.replace(/\s*\((Må besvares|Required)\)\s*$/, '').trim());
}

/** For looking at the pages by eye: screenshots when E2E_SCREENSHOTS names a directory. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env['E2E_SCREENSHOTS'];
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Signs in afresh and creates an instrument in the researcher's project; its page is open. */
async function createInstrument(page: Page, name: string): Promise<void> {
  await page.goto('/instruments');
  // An earlier test may have left the app in English.
  await page.evaluate(() => window.localStorage.setItem('verdi.locale', 'nb'));
  await page.goto('/instruments');
  await signIn(page);
  // The researcher's account may have been switched to English by an earlier test.
  await page.getByRole('button', { name: 'Norsk (bokmål)' }).click();
  const create = page.getByRole('region', { name: 'Nytt skjema' });
  await create.getByRole('textbox', { name: 'Navn', exact: true }).fill(name);
  await expect.poll(() => create.getByLabel('Tilhører').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
  await create.getByRole('button', { name: 'Lag skjema' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function publish(page: Page, number: number): Promise<Locator> {
  await page.getByRole('button', { name: 'Publiser …' }).click();
  const dialog = page.getByRole('dialog', { name: `Publisere versjon ${number}?` });
  await dialog.waitFor();
  return dialog;
}

describe('instrument designer', () => {
  it('designs a three-role instrument, previews each role, publishes two versions and keeps the first', async () => {
    await setUp();
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/instruments');
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Skjema' }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Skjema' }).count(),
    ).toBe(1);

    // A new instrument in the researcher's project.
    const create = page.getByRole('region', { name: 'Nytt skjema' });
    await create.getByRole('textbox', { name: 'Navn', exact: true }).fill('Verdi i hverdagen');
    // The project is chosen once the researcher's projects are known; "shared" is a deliberate choice.
    await expect.poll(() => create.getByLabel('Tilhører').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
    await create.getByRole('button', { name: 'Lag skjema' }).click();
    await page.getByRole('heading', { level: 1, name: 'Verdi i hverdagen' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/instruments\/[0-9a-f-]+$/);

    // A VALUE construct.
    await page.getByRole('button', { name: 'Legg til begrep' }).click();
    const constructKey = page.locator(':focus');
    await constructKey.fill('verdi_hverdag');
    const construct = page.getByRole('group', { name: 'Begrep verdi_hverdag' });
    expect(await construct.getByLabel('Type begrep').inputValue()).toBe('VALUE');
    await languageField(construct, 'Navn', 'Bokmål').fill('Verdi i hverdagen');

    // A section, and a Likert item on the default scale, worded for each role.
    await page.getByRole('button', { name: 'Legg til del' }).click();
    await page.locator(':focus').fill('Hverdagen');
    const section = page.getByRole('region', { name: 'Del 1: Hverdagen' });
    await section.getByRole('button', { name: 'Legg til spørsmål i del 1' }).click();
    const likert = itemCard(page, 'q1');
    await languageField(likert, 'Spørsmålstekst', 'Bokmål').fill(wording.common.nb);
    await languageField(likert, 'Spørsmålstekst', 'Engelsk').fill(wording.common.en);
    expect(await likert.getByLabel('Skala', { exact: true }).inputValue()).toBe('agree5');
    await likert.getByLabel('Begrep', { exact: true }).selectOption('verdi_hverdag');
    for (const [role, text] of [
      ['Fagperson', wording.professional],
      ['Erfaringskonsulent', wording.consultant],
    ] as const) {
      await likert.getByRole('checkbox', { name: `Egen formulering for ${role}` }).check();
      await languageField(likert, `Formulering for ${role}`, 'Bokmål').fill(text.nb);
      await languageField(likert, `Formulering for ${role}`, 'Engelsk').fill(text.en);
    }
    for (const role of ['Tjenestebruker', 'Fagperson', 'Erfaringskonsulent']) {
      expect(await likert.getByRole('checkbox', { name: role, exact: true }).isChecked()).toBe(true);
    }

    // A free-text item for consultants only.
    await section.getByLabel('Type nytt spørsmål').selectOption('TEXT');
    await section.getByRole('button', { name: 'Legg til spørsmål i del 1' }).click();
    const text = itemCard(page, 'q2');
    await languageField(text, 'Spørsmålstekst', 'Bokmål').fill(textPrompt);
    await text.getByRole('checkbox', { name: 'Tjenestebruker', exact: true }).uncheck();
    await text.getByRole('checkbox', { name: 'Fagperson', exact: true }).uncheck();

    await expect
      .poll(() => page.locator('.designer-toolbar__status').textContent())
      .toBe('Endringer som ikke er lagret');
    await save(page);
    await expect.poll(() => page.locator('.designer-problems').count()).toBe(0);

    // The preview shows each role its own wording, in bokmål and English, and the text item only to consultants.
    expect(await previewAs(page, 'Tjenestebruker', 'Bokmål')).toEqual([wording.common.nb]);
    expect(await previewAs(page, 'Tjenestebruker', 'Engelsk')).toEqual([wording.common.en]);
    expect(await previewAs(page, 'Fagperson', 'Bokmål')).toEqual([wording.professional.nb]);
    expect(await previewAs(page, 'Fagperson', 'Engelsk')).toEqual([wording.professional.en]);
    expect(await previewAs(page, 'Erfaringskonsulent', 'Bokmål')).toEqual([
      wording.consultant.nb,
      textPrompt,
    ]);
    // The text item has no English: bokmål stands in.
    expect(await previewAs(page, 'Erfaringskonsulent', 'Engelsk')).toEqual([
      wording.consultant.en,
      textPrompt,
    ]);
    const preview = page.getByRole('region', { name: 'Forhåndsvisning' });
    // A Likert item is a radio group with the scale's labels and the "Vet ikke" answer, here in English.
    const group = preview.getByRole('group', { name: new RegExp(`^${wording.consultant.en}`) });
    await expect.poll(() => group.getByRole('radio').count()).toBe(6);
    await group.getByRole('radio', { name: 'Strongly agree' }).check();
    await group.getByRole('radio', { name: 'Don’t know / not applicable' }).waitFor();

    // Version 1.
    const first = await publish(page, 1);
    expect(await first.locator('.publish-dialog__change').first().textContent()).toContain(
      'Nye spørsmål (2)',
    );
    await first.getByRole('button', { name: 'Publiser versjon 1' }).click();
    await page.getByText('Versjon 1 er publisert og vil aldri endres.').waitFor();

    // Version 2: one prompt changed.
    await page.getByRole('button', { name: 'Rediger (lag utkast til versjon 2)' }).click();
    await page.locator('.designer-toolbar').waitFor();
    await itemCard(page, 'q1').locator('.item-card__toggle').click();
    await languageField(itemCard(page, 'q1'), 'Spørsmålstekst', 'Bokmål').fill(wording.changed);
    await save(page);
    const second = await publish(page, 2);
    const changes = await second.locator('.publish-dialog__change').allInnerTexts();
    expect(changes.map((change) => change.replace(/\s+/g, ' ').trim())).toEqual([
      'Nye spørsmål (0) Ingen',
      'Fjernede spørsmål (0) Ingen',
      'Endrede spørsmål (1) q1',
      'Endrede begreper (0) Ingen',
      'Endrede skalaer (0) Ingen',
      'Endrede deler (0) Ingen',
    ]);
    await second.getByRole('button', { name: 'Publiser versjon 2' }).click();
    await page.getByText('Versjon 2 er publisert og vil aldri endres.').waitFor();

    // The history lists both; version 1 still has the old wording.
    const history = page.getByRole('region', { name: 'Versjoner' });
    await expect.poll(() => history.getByRole('link').allTextContents()).toEqual(['Versjon 2', 'Versjon 1']);
    expect(await previewAs(page, 'Tjenestebruker', 'Bokmål')).toEqual([wording.changed]);
    await history.getByRole('link', { name: 'Versjon 1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Verdi i hverdagen, versjon 1' }).waitFor();
    expect(await previewAs(page, 'Tjenestebruker', 'Bokmål')).toEqual([wording.common.nb]);
    await expect.poll(() => page.getByText(wording.changed).count()).toBe(0);

    // Any version downloads as a file named after the instrument and the version.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Last ned versjon 1 som REDCap CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('verdi-i-hverdagen-v1-redcap.csv');

    // The designer speaks English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Verdi i hverdagen, version 1' }).waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Main menu' })
        .getByRole('link', { name: 'Instruments' })
        .count(),
    ).toBe(1);
  }, 120_000);

  it('opens a new instrument with guidance on how to begin, not with an error', async () => {
    await setUp();
    await app().context.clearCookies();
    const page = await app().newPage();
    await createInstrument(page, 'Et nytt skjema');
    const start = page.getByRole('region', { name: 'Kom i gang' });
    await start.waitFor();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await expect.poll(() => page.locator('.notice--error, .designer-problems').count()).toBe(0);
    await expect.poll(() => page.getByText('Skjemaet har ingen deler.').count()).toBe(0);
    await screenshot(page, 'designer-new-instrument');

    await start.getByRole('button', { name: 'Legg til den første delen' }).click();
    await page.locator(':focus').fill('Hverdagen');
    await page
      .getByRole('region', { name: 'Del 1: Hverdagen' })
      .getByRole('button', { name: 'Legg til spørsmål i del 1' })
      .click();
    await expect.poll(() => start.count()).toBe(0);
    // A new question, free text too, is optional: participants are told they may skip questions.
    await page
      .getByRole('region', { name: 'Del 1: Hverdagen' })
      .getByLabel('Type nytt spørsmål')
      .selectOption('TEXT');
    await page.getByRole('button', { name: 'Legg til spørsmål i del 1' }).click();
    for (const key of ['q1', 'q2']) {
      expect(await itemCard(page, key).getByRole('checkbox', { name: 'Må besvares' }).isChecked()).toBe(
        false,
      );
    }
    await save(page);
    // The problems now are the ones a field can fix, worded in Norwegian.
    const problems = page.locator('.designer-problems li');
    await expect
      .poll(() => problems.first().textContent())
      .toBe('Spørsmål q1 (del 1): Spørsmålet har ingen tekst på bokmål.');
    expect(await page.locator('.designer-problems').textContent()).not.toMatch(/Item |has no/);
  }, 90_000);

  it("refuses a save from a stale revision, says so, keeps the colleague's edit and reloads it", async () => {
    await setUp();
    await app().context.clearCookies();
    const kari = await app().newPage();
    await createInstrument(kari, 'Redigert av to');
    await kari.getByRole('button', { name: 'Legg til del' }).click();
    await kari.locator(':focus').fill('Første tittel');
    await save(kari);
    const url = kari.url();
    const id = new URL(url).pathname.split('/').at(-1)!;

    // A colleague opens the same draft in another window, at the same revision.
    const ola = await app().newPage();
    await ola.goto(url);
    const olaTitle = languageField(ola.getByRole('region', { name: /^Del 1:/ }), 'Tittel', 'Bokmål');
    await expect.poll(() => olaTitle.inputValue()).toBe('Første tittel');

    const kariTitle = languageField(kari.getByRole('region', { name: /^Del 1:/ }), 'Tittel', 'Bokmål');
    await kariTitle.fill('Endret av Kari');
    await save(kari);

    await olaTitle.fill('Endret av Ola');
    await ola.keyboard.press('Control+s');
    const conflict = ola.locator('#designer-conflict');
    await conflict.waitFor();
    expect(await conflict.getAttribute('role')).toBe('alert');
    expect(await conflict.textContent()).toContain(
      'Noen andre har lagret, publisert eller forkastet utkastet etter at du åpnet det.',
    );
    expect(await ola.locator('.designer-toolbar__status').textContent()).toContain(
      'Ikke lagret: utkastet er endret av noen andre',
    );
    expect(await ola.getByRole('button', { name: 'Lagre' }).isDisabled()).toBe(true);
    await screenshot(ola, 'designer-conflict');

    // Kari's edit is what is stored.
    const stored = data(
      await app().graphql<{
        instrument: { draft: { revision: number; definition: { sections: { title: { nb: string } }[] } } };
      }>(
        'query ($id: UUID!) { instrument(id: $id) { draft { revision definition { sections { title { nb } } } } } }',
        {
          id,
        },
      ),
    );
    expect(stored.instrument.draft.revision).toBe(3);
    expect(stored.instrument.draft.definition.sections[0]!.title.nb).toBe('Endret av Kari');

    await conflict.getByRole('button', { name: 'Last inn på nytt' }).click();
    await expect.poll(() => olaTitle.inputValue()).toBe('Endret av Kari');
    await expect.poll(() => conflict.count()).toBe(0);
    await olaTitle.fill('Endret av Ola etter Kari');
    await save(ola);
  }, 90_000);
  it('imports an XLSForm written from the public specification, lists what it could not take over, and opens it', async () => {
    await setUp();
    await app().context.clearCookies();
    const book = new ExcelJS.Workbook();
    book.addWorksheet('survey').addRows([
      ['type', 'name', 'label::Norsk bokmål (nb)', 'label::English (en)', 'required', 'relevant'],
      ['begin_group', 'about', 'Om deg', 'About you', null, null],
      ['select_one yes_no', 'works', 'Jobber du?', 'Do you work?', 'yes', null],
      ['integer', 'hours', 'Timer per uke', 'Hours per week', null, "${works} = 'yes'"],
      ['geopoint', 'where', 'Hvor er du?', 'Where are you?', null, null],
      ['end_group', null, null, null, null, null],
    ]);
    book.addWorksheet('choices').addRows([
      ['list_name', 'name', 'label::Norsk bokmål (nb)', 'label::English (en)'],
      ['yes_no', 'yes', 'Ja', 'Yes'],
      ['yes_no', 'no', 'Nei', 'No'],
    ]);
    book.addWorksheet('settings').addRows([['form_title'], ['Arbeid og tid']]);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());

    const page = await app().newPage();
    await page.goto('/instruments');
    await page.evaluate(() => window.localStorage.setItem('verdi.locale', 'nb'));
    await page.goto('/instruments');
    await signIn(page);
    const region = page.getByRole('region', { name: 'Importer fra fil' });
    await region.getByLabel('Fil').setInputFiles({
      name: 'arbeid.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await expect.poll(() => region.getByLabel('Format').inputValue()).toBe('XLSFORM_XLSX');
    await expect.poll(() => region.getByLabel('Tilhører').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
    await region.getByRole('button', { name: 'Importer' }).click();
    const result = page.getByRole('region', { name: '«Arbeid og tid» er importert som et utkast' });
    await result.waitFor();
    // The geopoint has no counterpart in Verdi: it is named in a note.
    await expect
      .poll(() => result.locator('.import-note__fields').allTextContents())
      .toContain('Felt: where (geopoint)');
    await result.getByRole('link', { name: 'Åpne «Arbeid og tid»' }).click();
    await page.getByRole('heading', { level: 1, name: 'Arbeid og tid' }).waitFor();
    await itemCard(page, 'hours').waitFor();
    await screenshot(page, 'designer-xlsform-import');
  }, 90_000);
});
