import { describe, expect, it } from 'vitest';
import {
  allRoles,
  axeViolations,
  createRound,
  phoneContext,
  projectWithResearcher,
  publishInstrument,
  useApp,
  useBrowser,
} from './harness';

const app = useApp();

const text = (nb: string, nn: string, en: string) => ({ nb, nn, en });
const plain = { roles: allRoles, required: false, reverseScored: false };

/** A slider, a date with bounds and a single choice offering "other, specify", in three languages. */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Nye spørsmålstyper (test)',
  scales: [],
  constructs: [{ key: 'wellbeing', kind: 'OUTCOME', label: text('Trivsel', 'Trivnad', 'Well-being') }],
  sections: [
    {
      key: 'about',
      title: text('Om deg', 'Om deg', 'About you'),
      items: [
        {
          ...plain,
          key: 'mood',
          type: 'SLIDER',
          construct: 'wellbeing',
          prompt: text('Hvordan har du det i dag?', 'Korleis har du det i dag?', 'How are you today?'),
          min: 0,
          max: 10,
          step: 0.5,
          minLabel: text('Svært dårlig', 'Svært dårleg', 'Very bad'),
          maxLabel: text('Svært godt', 'Svært godt', 'Very good'),
        },
        {
          ...plain,
          key: 'started',
          type: 'DATE',
          prompt: text('Når begynte du i tjenesten?', 'Når byrja du i tenesta?', 'When did you start?'),
          earliest: '2020-01-01',
          latest: '2026-12-31',
        },
        {
          ...plain,
          key: 'workplace',
          type: 'SINGLE_CHOICE',
          otherOption: true,
          prompt: text(
            'Hvor møtte du erfaringskonsulenten?',
            'Kvar møtte du erfaringskonsulenten?',
            'Where?',
          ),
          options: [
            { key: 'ambulant', label: text('Ambulant team', 'Ambulant team', 'Ambulant team') },
            { key: 'housing', label: text('Bolig', 'Bustad', 'Housing') },
          ],
        },
      ],
    },
    {
      key: 'statements',
      title: text('Påstander', 'Påstandar', 'Statements'),
      randomiseOrder: true,
      items: ['r1', 'r2', 'r3', 'r4'].map((key, n) => ({
        ...plain,
        key,
        type: 'YES_NO',
        prompt: text(`Påstand nummer ${n + 1}`, `Påstand nummer ${n + 1}`, `Statement number ${n + 1}`),
      })),
    },
  ],
};

const theBrowser = useBrowser();

describe('a slider, a date, "other, specify" and a randomised section', () => {
  it('a service user answers them on a narrow phone with the keyboard, and the answers are stored', async () => {
    const { projectId, researcher } = await projectWithResearcher(
      app(),
      { name: 'Erfaringsskolen i Eksempelby', organisation: 'Eksempelby kommune' },
      {
        name: 'Eksempel Forsker',
        email: 'forsker.typer@example.test',
        password: 'eksempel passord for typer',
      },
    );
    const instrumentId = await publishInstrument(researcher.graphql, projectId, instrumentFile);
    const round = await createRound(researcher.graphql, {
      projectId,
      instrumentId,
      label: 'Oppstart 2026',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      information: {
        nb: 'Vi vil vite hva erfaringskonsulentene betyr.',
        nn: 'Vi vil vite.',
        en: 'We want to know.',
      },
      consentRequired: true,
    });
    const link = round.openLinks.find((l) => l.role === 'SERVICE_USER')!.path;

    const browser = await theBrowser();
    const context = await phoneContext(browser, app().baseUrl, { timezoneId: 'Europe/Oslo' });
    const page = await context.newPage();
    const violations = () => axeViolations(page);

    await page.goto(link);
    await page.getByRole('button', { name: 'Ja, jeg samtykker og vil delta' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Om deg' }).waitFor();

    // The slider: unanswered until moved, its value written out beside it.
    const slider = page.getByRole('slider', { name: 'Hvordan har du det i dag?' });
    await slider.waitFor();
    const value = page.locator('output');
    expect(await value.textContent()).toBe('Ikke svart ennå');
    await page.getByText('0: Svært dårlig').waitFor();
    await page.getByText('10: Svært godt').waitFor();
    await slider.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await value.textContent()).toBe('6,5');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await violations()).toEqual([]);

    // The date: typed into the browser's own field. Headless Chromium orders its segments by its own UI language
    // (en-US here: month, day, year), not by the page's.
    const date = page.getByLabel('Når begynte du i tjenesten?');
    expect(await date.getAttribute('min')).toBe('2020-01-01');
    expect(await date.getAttribute('max')).toBe('2026-12-31');
    await page.getByText('Velg en dato mellom 1. januar 2020 og 31. desember 2026.').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('date');
    await page.keyboard.type('03152023');
    expect(await date.inputValue()).toBe('2023-03-15');

    // "Other": chosen with the keyboard, its text field appears after the options and takes the text.
    const workplace = page.getByRole('group', { name: 'Hvor møtte du erfaringskonsulenten?' });
    await workplace.getByRole('radio', { name: 'Annet' }).focus();
    await page.keyboard.press('Space');
    const other = workplace.getByLabel('Skriv hva');
    await other.waitFor();
    await page.keyboard.press('Tab');
    expect(await other.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('Bydelens aktivitetshus');
    await page.getByText('Lagret', { exact: true }).waitFor();
    expect(await violations()).toEqual([]);

    // The randomised section: shown in the order drawn for this response, which is stored with it.
    await page.getByRole('button', { name: 'Neste' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Påstander' }).waitFor();
    const shownOrder = await page
      .locator('[data-item]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-item')));
    expect([...shownOrder].sort()).toEqual(['r1', 'r2', 'r3', 'r4']);
    await page.getByRole('group', { name: 'Påstand nummer 2' }).getByRole('radio', { name: 'Ja' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('Lagret', { exact: true }).waitFor();
    expect(await violations()).toEqual([]);

    await page.getByRole('button', { name: 'Send inn svarene' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();
    expect(await violations()).toEqual([]);
    await context.close();

    const stored = await researcher.gql<{
      responses: {
        edges: {
          node: {
            answers: { item: string; number: number | null; text: string | null; choices: string[] | null }[];
          };
        }[];
      };
    }>(
      'query ($roundId: UUID!) { responses(roundId: $roundId) { edges { node { answers { item number text choices } } } } }',
      { roundId: round.id },
    );
    expect(stored.responses.edges).toHaveLength(1);
    const answers = Object.fromEntries(
      stored.responses.edges[0]!.node.answers.map(({ item, ...rest }) => [item, rest]),
    );
    const csv = await fetch(`${app().baseUrl}/exports/${projectId}/data-wide.csv`, {
      headers: { cookie: researcher.cookie },
    });
    const [header, row] = (await csv.text())
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    expect(row![header!.indexOf('item_order')]).toBe(shownOrder.join(' '));
    expect(answers).toEqual({
      r2: { number: 1, text: null, choices: null },
      mood: { number: 6.5, text: null, choices: null },
      started: { number: null, text: '2023-03-15', choices: null },
      workplace: { number: null, text: 'Bydelens aktivitetshus', choices: ['other'] },
    });
  });
});
