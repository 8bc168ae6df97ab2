import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addMember,
  allRoles,
  createProject,
  createRound,
  data,
  publishInstrument,
  useApp,
  type Graphql,
} from './harness';

const app = useApp();

const text = (nb: string, en: string) => ({ nb, en });

/** A small three-role instrument in Verdi's own format (schema/instrument.schema.json). */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Verdi og utfordringer (test)',
  scales: [
    {
      key: 'agree5',
      points: [
        { value: 1, label: text('Helt uenig', 'Strongly disagree') },
        { value: 2, label: text('Litt uenig', 'Disagree') },
        { value: 3, label: text('Verken enig eller uenig', 'Neither agree nor disagree') },
        { value: 4, label: text('Litt enig', 'Agree') },
        { value: 5, label: text('Helt enig', 'Strongly agree') },
      ],
      notApplicable: text('Vet ikke / ikke aktuelt', "Don't know / not applicable"),
    },
  ],
  constructs: [
    { key: 'value', kind: 'VALUE', label: text('Verdi', 'Value') },
    { key: 'challenge', kind: 'CHALLENGE', label: text('Utfordringer', 'Challenges') },
  ],
  sections: [
    {
      key: 'role',
      title: text('Om rollen', 'About the role'),
      items: [
        {
          key: 'v_trust',
          type: 'LIKERT',
          construct: 'value',
          roles: allRoles,
          prompt: text('Erfaringskonsulenten skaper tillit.', 'The peer worker builds trust.'),
          promptByRole: [
            {
              role: 'CONSULTANT',
              text: text('Jeg skaper tillit hos dem jeg møter.', 'I build trust with the people I meet.'),
            },
          ],
          required: true,
          reverseScored: false,
          scale: 'agree5',
        },
        {
          key: 'v_hope',
          type: 'LIKERT',
          construct: 'value',
          roles: allRoles,
          prompt: text('Erfaringskonsulenten gir håp.', 'The peer worker gives hope.'),
          required: true,
          reverseScored: false,
          scale: 'agree5',
        },
        {
          key: 'hours',
          type: 'NUMBER',
          roles: ['PROFESSIONAL', 'CONSULTANT'],
          prompt: text('Hvor mange timer i uka jobber du?', 'How many hours a week do you work?'),
          required: false,
          reverseScored: false,
          min: 0,
          max: 40,
        },
      ],
    },
    {
      key: 'challenges',
      title: text('Utfordringer', 'Challenges'),
      items: [
        {
          key: 'c_role',
          type: 'LIKERT',
          construct: 'challenge',
          roles: allRoles,
          prompt: text('Rollen er uklar.', 'The role is unclear.'),
          required: true,
          reverseScored: false,
          scale: 'agree5',
        },
        {
          key: 'comment',
          type: 'TEXT',
          roles: allRoles,
          prompt: text('Vil du si noe mer?', 'Anything else?'),
          required: false,
          reverseScored: false,
        },
      ],
    },
  ],
};

/** An admin makes a project and a researcher; the researcher imports and publishes the instrument and opens a round. */
async function setUpRound(): Promise<{
  links: Record<string, string>;
  roundId: string;
  researcher: Graphql;
}> {
  const projectId = await createProject(app(), {
    name: 'Erfaringsskolen i Eksempelby',
    organisation: 'Eksempelby kommune',
  });
  const email = 'forsker.survey@example.test';
  const password = 'eksempel passord for forskeren';
  await addMember(app(), projectId, { name: 'Eksempel Forsker', email, password }, 'RESEARCHER');

  const researcher = (await app().signInAs(email, password)).graphql;
  const instrumentId = await publishInstrument(researcher, projectId, instrumentFile);
  const round = await createRound(researcher, {
    projectId,
    instrumentId,
    label: 'Oppstart 2026',
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    information: {
      nb: 'Vi vil vite hva erfaringskonsulentene betyr for tjenesten.\n\nDet er frivillig å svare.',
      en: 'We want to know what peer workers mean to the service.\n\nTaking part is voluntary.',
    },
    consentRequired: true,
  });
  return {
    roundId: round.id,
    links: Object.fromEntries(round.openLinks.map((link) => [link.role, link.path])),
    researcher,
  };
}

/** Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now; returns the violations. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    return run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  // A run that checked nothing would pass too: make sure the rules met the page.
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

let sharedRound: ReturnType<typeof setUpRound> | undefined;
/** One round for the tests of this file, set up by whichever test runs first. */
const theRound = () => (sharedRound ??= setUpRound());

let phone: Browser | undefined;
afterAll(async () => {
  await phone?.close();
});

/** A phone: 390 × 844, touch, as a participant opens a link from a text message. */
async function phoneContext(): Promise<BrowserContext> {
  phone ??= await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  return phone.newContext({
    baseURL: app().baseUrl,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'nb-NO',
    // Verdi's Content-Security-Policy allows only its own scripts; axe-core is injected as an inline script.
    bypassCSP: true,
  });
}

describe('the participant survey', () => {
  it('a peer worker answers on a phone, resumes after a reload, submits, and withdraws again', async () => {
    const { links, roundId, researcher } = await theRound();
    const context = await phoneContext();
    const page = await context.newPage();

    await page.goto(links['CONSULTANT']!);
    await page.getByRole('heading', { level: 1, name: 'Erfaringsskolen i Eksempelby' }).waitFor();
    await page.getByText('Vi vil vite hva erfaringskonsulentene betyr for tjenesten.').waitFor();
    await page.getByText('Du svarer som erfaringskonsulent.').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Ja, jeg samtykker og vil delta' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Om rollen' }).waitFor();
    await page.getByText('Side 1 av 2').waitFor();
    // The consultant's own wording of the item.
    const trust = page.getByRole('group', { name: /Jeg skaper tillit hos dem jeg møter/ });
    await trust.getByText('Helt enig', { exact: true }).tap();
    await page.getByText('Lagret', { exact: true }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Om rollen' }).waitFor();
    expect(await trust.getByRole('radio', { name: 'Helt enig' }).isChecked()).toBe(true);

    // Targets are large enough for a thumb.
    const box = await trust.locator('label').first().boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);

    const hours = page.getByRole('spinbutton', { name: /Hvor mange timer/ });
    await hours.fill('99');
    await page.getByRole('button', { name: 'Neste' }).tap();
    await page.getByText('Skriv et tall som er 40 eller lavere.').waitFor();
    expect(await hours.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('number');
    expect(await accessibilityViolations(page)).toEqual([]);

    await hours.fill('20');
    await page
      .getByRole('group', { name: /Erfaringskonsulenten gir håp/ })
      .getByText('Litt enig', { exact: true })
      .tap();
    await page.getByRole('button', { name: 'Neste' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Utfordringer' }).waitFor();
    await page.getByText('Side 2 av 2').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    await page
      .getByRole('group', { name: /Rollen er uklar/ })
      .getByText('Litt uenig', { exact: true })
      .tap();
    await page.getByRole('textbox', { name: /Vil du si noe mer/ }).fill('Mer tid til samtaler.');
    await page.getByRole('button', { name: 'Send inn svarene' }).tap();

    await page.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();
    const receipt = (await page.getByTestId('receipt-code').textContent())?.trim() ?? '';
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await accessibilityViolations(page)).toEqual([]);

    const counts = data(
      await researcher<{ round: { counts: { role: string; submitted: number; inProgress: number }[] } }>(
        'query ($id: UUID!) { round(id: $id) { counts { role submitted inProgress } } }',
        { id: roundId },
      ),
    ).round.counts;
    expect(counts.find((count) => count.role === 'CONSULTANT')).toEqual({
      role: 'CONSULTANT',
      submitted: 1,
      inProgress: 0,
    });

    await page.getByRole('main').getByRole('link', { name: 'Trekk svarene dine' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Trekk svarene dine' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('textbox', { name: 'Kvitteringskode' }).fill(receipt.toLowerCase());
    await page.getByRole('button', { name: 'Trekk svarene' }).tap();
    await page.getByRole('heading', { name: 'Slette svarene for godt?' }).waitFor();
    await page.getByRole('button', { name: 'Ja, slett svarene' }).tap();
    await page.getByRole('heading', { name: 'Svarene dine er slettet' }).waitFor();

    const after = data(
      await researcher<{ round: { counts: { role: string; submitted: number }[] } }>(
        'query ($id: UUID!) { round(id: $id) { counts { role submitted } } }',
        { id: roundId },
      ),
    ).round.counts;
    expect(after.find((count) => count.role === 'CONSULTANT')?.submitted).toBe(0);

    await page.getByRole('link', { name: 'Tilgjengelighetserklæring' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Tilgjengelighetserklæring' }).waitFor();
    await page.getByText(/WCAG 2\.1 på nivå AA/).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await context.close();
  });

  it('a participant who declines is told nothing was stored, and nothing is', async () => {
    const context = await phoneContext();
    const page = await context.newPage();
    const { links } = await theRound();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) sent.push(request.postData() ?? '');
    });

    await page.goto(links['SERVICE_USER']!);
    await page.getByRole('heading', { level: 1, name: 'Erfaringsskolen i Eksempelby' }).waitFor();
    await page.getByRole('button', { name: 'English' }).tap();
    await page.getByText('We want to know what peer workers mean to the service.').waitFor();
    await page.getByRole('button', { name: 'No, I do not want to take part' }).tap();
    await page.getByRole('heading', { level: 1, name: 'You are not taking part' }).waitFor();
    await page.getByText('Nothing has been stored').waitFor();

    expect(sent.map((body) => (JSON.parse(body) as { operationName?: string }).operationName)).toEqual([
      'Survey',
    ]);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('verdi.survey.'))),
    ).toEqual([]);
    await context.close();
  });
});
