import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  allRoles,
  axeViolations,
  createRound,
  projectWithResearcher,
  publishInstrument,
  useApp,
  useBrowser,
} from './harness';

const app = useApp();

const text = (nb: string, nn: string, en: string) => ({ nb, nn, en });
const plain = { roles: allRoles, required: false, reverseScored: false };
const points = [
  text('Helt uenig', 'Heilt usamd', 'Strongly disagree'),
  text('Litt uenig', 'Litt usamd', 'Somewhat disagree'),
  text('Verken eller', 'Verken eller', 'Neither'),
  text('Litt enig', 'Litt samd', 'Somewhat agree'),
  text('Helt enig', 'Heilt samd', 'Strongly agree'),
];

/** One page shown as a Likert grid: three statements on a five-point scale with "Vet ikke". */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Rutenett (test)',
  scales: [
    {
      key: 'agree5',
      points: points.map((label, n) => ({ value: n + 1, label })),
      notApplicable: text('Vet ikke', 'Veit ikkje', 'Don’t know'),
    },
  ],
  constructs: [],
  sections: [
    {
      key: 'statements',
      title: text('Påstander', 'Påstandar', 'Statements'),
      grid: true,
      items: [
        ['g1', 'Jeg blir hørt', 'Eg blir høyrd', 'I am heard'],
        ['g2', 'Jeg får hjelp', 'Eg får hjelp', 'I get help'],
        ['g3', 'Jeg kommer igjen', 'Eg kjem att', 'I will come back'],
      ].map(([key, nb, nn, en], n) => ({
        ...plain,
        key,
        type: 'LIKERT',
        scale: 'agree5',
        required: n === 0,
        prompt: text(nb!, nn!, en!),
      })),
    },
  ],
};

const theBrowser = useBrowser();

/** The name of the group the focused radio is in, and the radio's own name. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const input = document.activeElement as HTMLInputElement;
    return {
      group: input.closest('fieldset')?.querySelector('legend')?.textContent?.trim() ?? null,
      radio: input.closest('label')?.textContent?.trim() ?? null,
      checked: input.checked,
    };
  });

/** Answers the grid with the keyboard only: arrows within a row, Tab to the next row; and submits. */
async function answerGrid(page: Page, width: number): Promise<void> {
  await page.getByRole('button', { name: 'Ja, jeg samtykker og vil delta' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Påstander' }).waitFor();
  const first = page.getByRole('group', { name: /Jeg blir hørt/ });
  await first.waitFor();
  // Each row is a radio group named by its question; each radio by its point.
  for (const name of ['Helt uenig', 'Litt uenig', 'Verken eller', 'Litt enig', 'Helt enig', 'Vet ikke'])
    await first.getByRole('radio', { name, exact: true }).waitFor({ state: 'attached' });
  const head = page.locator('[data-grid-head]');
  await head.waitFor({ state: 'attached' });
  const radios = first.getByRole('radio');
  const tops = await radios.evaluateAll((all) => all.map((r) => Math.round(r.getBoundingClientRect().top)));
  if (width >= 1000) {
    // A table: the headings show, and each question's answers are on one line under them.
    expect(await head.isVisible()).toBe(true);
    expect(new Set(tops).size).toBe(1);
    // …each under its heading: the centres of the headings and of the radios line up, column by column.
    const centre = (all: Element[]) =>
      all.map((e) => Math.round(e.getBoundingClientRect().left + e.getBoundingClientRect().width / 2));
    const headings = (await head.locator('span').evaluateAll(centre)).slice(1);
    const answers = await radios.evaluateAll(centre);
    expect(headings).toHaveLength(6);
    headings.forEach((x, n) => expect(Math.abs(x - answers[n]!), `column ${n + 1}`).toBeLessThan(4));
    if (process.env['GRID_SCREENSHOT']) await page.screenshot({ path: process.env['GRID_SCREENSHOT'] });
    // The point's name stays the radio's, shown once in the heading.
    expect((await first.getByText('Litt enig').boundingBox())!.width).toBeLessThan(2);
  } else {
    // A phone: the question as anywhere else, its answers stacked with their names beside them.
    expect(await head.isVisible()).toBe(false);
    expect(new Set(tops).size).toBe(6);
    expect((await first.getByText('Litt enig').boundingBox())!.width).toBeGreaterThan(20);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  expect(await axeViolations(page)).toEqual([]);

  await radios.first().focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toEqual({
    group: 'Jeg blir hørt (Må besvares)',
    radio: 'Litt enig',
    checked: true,
  });
  await page.keyboard.press('Tab');
  expect((await focused(page)).group).toBe('Jeg får hjelp');
  // From the first point, back round to the last: "Vet ikke".
  await page.keyboard.press('ArrowLeft');
  expect(await focused(page)).toEqual({ group: 'Jeg får hjelp', radio: 'Vet ikke', checked: true });
  await page.keyboard.press('Tab');
  expect((await focused(page)).group).toBe('Jeg kommer igjen');
  await page.keyboard.press('Space');
  expect(await focused(page)).toEqual({ group: 'Jeg kommer igjen', radio: 'Helt uenig', checked: true });
  await page.getByText('Lagret', { exact: true }).waitFor();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Send inn svarene' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
}

describe('a Likert grid', () => {
  it('is a table at 1280 px and one question per row at 360 px, answered with the keyboard and stored', async () => {
    const { projectId, researcher } = await projectWithResearcher(
      app(),
      { name: 'Erfaringsskolen i Eksempelby', organisation: 'Eksempelby kommune' },
      {
        name: 'Eksempel Forsker',
        email: 'forsker.rutenett@example.test',
        password: 'eksempel passord for rutenett',
      },
    );
    const instrumentId = await publishInstrument(researcher.graphql, projectId, instrumentFile);
    const round = await createRound(researcher.graphql, {
      projectId,
      instrumentId,
      label: 'Oppstart 2026',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      information: {
        nb: 'Vi vil vite hva du mener.',
        nn: 'Vi vil vite kva du meiner.',
        en: 'We want to know.',
      },
      consentRequired: true,
    });
    const link = round.openLinks.find((l) => l.role === 'SERVICE_USER')!.path;

    const browser = await theBrowser();
    for (const width of [1280, 360]) {
      const context = await browser.newContext({
        baseURL: app().baseUrl,
        viewport: { width, height: 800 },
        isMobile: width < 1000,
        hasTouch: width < 1000,
        locale: 'nb-NO',
        timezoneId: 'Europe/Oslo',
        bypassCSP: true,
      });
      const page = await context.newPage();
      await page.goto(link);
      await answerGrid(page, width);
      await context.close();
    }

    const stored = await researcher.gql<{
      responses: { edges: { node: { answers: { item: string; number: number | null }[] } }[] };
    }>(
      'query ($roundId: UUID!) { responses(roundId: $roundId) { edges { node { answers { item number } } } } }',
      {
        roundId: round.id,
      },
    );
    expect(stored.responses.edges).toHaveLength(2);
    for (const { node } of stored.responses.edges)
      expect(Object.fromEntries(node.answers.map(({ item, number }) => [item, number]))).toEqual({
        g1: 4,
        g2: null,
        g3: 1,
      });
  });
});
