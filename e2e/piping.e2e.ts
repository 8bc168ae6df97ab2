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

const plain = { roles: allRoles, required: false, reverseScored: false };

/** Page 1 asks where one works and what happened; page 2's question shows both answers. */
function instrumentFile(followPrompt: Record<string, string>) {
  return {
    format: 'verdi-instrument',
    formatVersion: 1,
    name: 'Svar i spørsmål (test)',
    scales: [],
    constructs: [],
    sections: [
      {
        key: 'first',
        title: { nb: 'Om arbeidet', en: 'About the work' },
        items: [
          {
            ...plain,
            key: 'workplace',
            type: 'SINGLE_CHOICE',
            prompt: { nb: 'Hvor møtte du erfaringskonsulenten?', en: 'Where did you meet the peer worker?' },
            options: [
              { key: 'team', label: { nb: 'Ambulant team', en: 'Outreach team' } },
              { key: 'housing', label: { nb: 'Bolig', en: 'Housing' } },
            ],
          },
          {
            ...plain,
            key: 'story',
            type: 'TEXT',
            prompt: { nb: 'Hva skjedde?', en: 'What happened?' },
          },
        ],
      },
      {
        key: 'second',
        title: { nb: 'Hva du lærte', en: 'What you learnt' },
        items: [{ ...plain, key: 'follow', type: 'TEXT', prompt: followPrompt }],
      },
    ],
  };
}

const theBrowser = useBrowser();

describe('an earlier answer shown in a later question', () => {
  it('is refused at publishing when it names an item on the same page', async () => {
    const {
      projectId,
      researcher: { graphql: researcher },
    } = await projectWithResearcher(
      app(),
      { name: 'Eksempeltjenesten', organisation: 'Eksempelby kommune' },
      {
        name: 'Eksempel Forsker',
        email: 'forsker.piping.refused@example.test',
        password: 'eksempel passord for svar i tekst',
      },
    );
    const file = instrumentFile({ nb: 'Om {{follow}}', en: 'About {{follow}}' });
    await expect(publishInstrument(researcher, projectId, file)).rejects.toThrow(
      /follow: the nb text of prompt shows the answer to follow, which is not on an earlier page/,
    );
  });

  it('a participant sees their page-1 answers on page 2, changed when they go back and change them', async () => {
    const {
      projectId,
      researcher: { graphql: researcher },
    } = await projectWithResearcher(
      app(),
      { name: 'Eksempelteamet', organisation: 'Eksempelby kommune' },
      {
        name: 'Eksempel Forsker',
        email: 'forsker.piping@example.test',
        password: 'eksempel passord for svar i tekst',
      },
    );
    const instrumentId = await publishInstrument(
      researcher,
      projectId,
      instrumentFile({
        nb: 'Hva lærte du i {{ workplace }} av «{{story|det som skjedde}}»?',
        en: 'What did you learn at {{workplace}} from “{{story|what happened}}”?',
      }),
    );
    const round = await createRound(researcher, {
      projectId,
      instrumentId,
      label: 'Oppstart 2026',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      information: { nb: 'Vi vil vite hva du lærte.', en: 'We would like to know what you learnt.' },
      languages: ['nb', 'en'],
    });
    const link = round.openLinks.find((l) => l.role === 'SERVICE_USER')!.path;

    const browser = await theBrowser();
    const context = await phoneContext(browser, app().baseUrl);
    const page = await context.newPage();
    const violations = () => axeViolations(page);
    const press = async (name: string, key = 'Enter') => {
      await page.getByRole('button', { name }).focus();
      await page.keyboard.press(key);
    };

    await page.goto(link);
    await press('Ja, jeg samtykker og vil delta');
    await page.getByRole('heading', { level: 1, name: 'Om arbeidet' }).waitFor();

    // Page 2 before anything is answered: the fallback, and nothing (one space) where there is none.
    await press('Neste');
    await page.getByRole('heading', { level: 1, name: 'Hva du lærte' }).waitFor();
    await page.getByRole('textbox', { name: 'Hva lærte du i av «det som skjedde»?' }).waitFor();
    await press('Tilbake');
    await page.getByRole('heading', { level: 1, name: 'Om arbeidet' }).waitFor();

    await page.getByRole('radio', { name: 'Ambulant team' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('textbox', { name: 'Hva skjedde?' }).focus();
    await page.keyboard.type('Vi gikk en tur\nog snakket <b>lenge</b>');
    await page.getByText('Lagret', { exact: true }).waitFor();
    await press('Neste');
    await page.getByRole('heading', { level: 1, name: 'Hva du lærte' }).waitFor();
    const asked = 'Hva lærte du i Ambulant team av «Vi gikk en tur og snakket <b>lenge</b>»?';
    const follow = page.getByRole('textbox', { name: asked });
    await follow.waitFor();
    // The answer is text, never markup; the prompt keeps its language for screen readers.
    expect(await page.locator('[data-item="follow"] b').count()).toBe(0);
    expect(await page.locator('[data-item="follow"] label span').getAttribute('lang')).toBe('nb');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await violations()).toEqual([]);

    // Back to page 1, another answer: page 2 asks with it.
    await press('Tilbake');
    await page.getByRole('radio', { name: 'Bolig' }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio', { name: 'Bolig' }).isChecked()).toBe(true);
    await press('Neste');
    await page
      .getByRole('textbox', { name: 'Hva lærte du i Bolig av «Vi gikk en tur og snakket <b>lenge</b>»?' })
      .waitFor();

    // In English, the option's English label in the English wording.
    await press('English');
    await page
      .getByRole('textbox', {
        name: 'What did you learn at Housing from “Vi gikk en tur og snakket <b>lenge</b>”?',
      })
      .waitFor();
    expect(await page.locator('[data-item="follow"] label span').getAttribute('lang')).toBe('en');
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
