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

/** A required ranking of three options and an optional one of two, in three languages. */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Rangering (test)',
  scales: [],
  constructs: [],
  sections: [
    {
      key: 'what',
      title: text('Det viktigste', 'Det viktigaste', 'What matters'),
      items: [
        {
          key: 'priorities',
          type: 'RANKING',
          roles: allRoles,
          required: true,
          reverseScored: false,
          prompt: text('Hva er viktigst for deg?', 'Kva er viktigast for deg?', 'What matters most to you?'),
          options: [
            { key: 'housing', label: text('Bolig', 'Bustad', 'Housing') },
            { key: 'work', label: text('Arbeid', 'Arbeid', 'Work') },
            { key: 'friends', label: text('Venner', 'Vener', 'Friends') },
          ],
        },
        {
          key: 'places',
          type: 'RANKING',
          roles: allRoles,
          required: false,
          reverseScored: false,
          prompt: text('Hvor trives du best?', 'Kvar trivst du best?', 'Where do you thrive?'),
          options: [
            { key: 'home', label: text('Hjemme', 'Heime', 'At home') },
            { key: 'out', label: text('Ute', 'Ute', 'Outside') },
          ],
        },
      ],
    },
  ],
};

const theBrowser = useBrowser();

describe('a ranking', () => {
  it('a service user puts the options in order on a narrow phone with the keyboard; stored and exported', async () => {
    const { projectId, researcher } = await projectWithResearcher(
      app(),
      { name: 'Rangering i Eksempelby', organisation: 'Eksempelby kommune' },
      {
        name: 'Eksempel Forsker',
        email: 'forsker.rangering@example.test',
        password: 'eksempel passord for rangering',
      },
    );
    const instrumentId = await publishInstrument(researcher.graphql, projectId, instrumentFile);
    const round = await createRound(researcher.graphql, {
      projectId,
      instrumentId,
      label: 'Oppstart 2026',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      information: { nb: 'Vi vil vite hva som er viktigst.', nn: 'Vi vil vite.', en: 'We want to know.' },
      consentRequired: true,
    });
    const link = round.openLinks.find((l) => l.role === 'SERVICE_USER')!.path;

    const browser = await theBrowser();
    const context = await phoneContext(browser, app().baseUrl, { timezoneId: 'Europe/Oslo' });
    const page = await context.newPage();
    const violations = () => axeViolations(page);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    const order = (item: string) =>
      page.locator(`[data-item="${item}"] .survey-ranking__label`).allTextContents();

    await page.goto(link);
    await page.getByRole('button', { name: 'Ja, jeg samtykker og vil delta' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Det viktigste' }).waitFor();

    const priorities = page.getByRole('group', { name: /Hva er viktigst for deg\?/ });
    const up = priorities.getByRole('button', { name: 'Flytt «Venner» opp' });
    await up.waitFor();
    expect(await order('priorities')).toEqual(['Bolig', 'Arbeid', 'Venner']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await violations()).toEqual([]);

    // Keyboard only: Venner up twice with Enter, focus stays on its button, the live region says where it is.
    await up.focus();
    await page.keyboard.press('Enter');
    await page.getByText('«Venner» er nå nummer 2 av 3.').waitFor();
    expect(await focused()).toBe('Flytt «Venner» opp');
    await page.keyboard.press('Enter');
    await page.getByText('«Venner» er nå nummer 1 av 3.').waitFor();
    expect(await order('priorities')).toEqual(['Venner', 'Bolig', 'Arbeid']);
    // At the top the focus moves to "down", the one that still moves it.
    expect(await focused()).toBe('Flytt «Venner» ned');
    // Then Bolig down once, reached with Tab.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Flytt «Bolig» ned');
    await page.keyboard.press('Space');
    await page.getByText('«Bolig» er nå nummer 3 av 3.').waitFor();
    expect(await order('priorities')).toEqual(['Venner', 'Arbeid', 'Bolig']);
    await page.getByText('Lagret', { exact: true }).waitFor();
    expect(await violations()).toEqual([]);

    // The optional ranking: taken as it is, then taken back; left unanswered.
    const places = page.getByRole('group', { name: /Hvor trives du best\?/ });
    await places.getByRole('button', { name: 'Bruk denne rekkefølgen' }).focus();
    await page.keyboard.press('Enter');
    await places.getByRole('button', { name: 'Fjern rangeringen' }).focus();
    await page.keyboard.press('Enter');
    await places.getByRole('button', { name: 'Bruk denne rekkefølgen' }).waitFor();
    expect(await violations()).toEqual([]);

    await page.getByRole('button', { name: 'Send inn svarene' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();
    expect(await violations()).toEqual([]);
    await context.close();

    const stored = await researcher.gql<{
      responses: { edges: { node: { answers: { item: string; choices: string[] | null }[] } }[] };
    }>(
      'query ($roundId: UUID!) { responses(roundId: $roundId) { edges { node { answers { item choices } } } } }',
      {
        roundId: round.id,
      },
    );
    expect(stored.responses.edges).toHaveLength(1);
    expect(stored.responses.edges[0]!.node.answers).toEqual([
      { item: 'priorities', choices: ['friends', 'work', 'housing'] },
    ]);
    const csv = await fetch(`${app().baseUrl}/exports/${projectId}/data-wide.csv`, {
      headers: { cookie: researcher.cookie },
    });
    const [header, row] = (await csv.text())
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const cell = (name: string) => row![header!.indexOf(name)];
    expect([cell('priorities__housing'), cell('priorities__work'), cell('priorities__friends')]).toEqual([
      '3',
      '2',
      '1',
    ]);
    expect([cell('places__home'), cell('places__out')]).toEqual(['', '']);
  });
});
