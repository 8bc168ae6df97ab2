import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  allRoles,
  axeViolations,
  createRound,
  data,
  phoneContext,
  projectWithResearcher,
  publishInstrument,
  useApp,
  useBrowser,
} from './harness';

const app = useApp();

const text = (nb: string, nn: string) => ({ nb, nn });

/** An instrument in bokmål and nynorsk whose first question has an easy-read wording; the second has none. */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Lettlest (test)',
  scales: [
    {
      key: 'agree5',
      points: [
        { value: 1, label: text('Helt uenig', 'Heilt usamd') },
        { value: 2, label: text('Litt uenig', 'Litt usamd') },
        { value: 3, label: text('Verken enig eller uenig', 'Verken samd eller usamd') },
        { value: 4, label: text('Litt enig', 'Litt samd') },
        { value: 5, label: text('Helt enig', 'Heilt samd') },
      ],
    },
  ],
  constructs: [{ key: 'value', kind: 'VALUE', label: text('Verdi', 'Verdi') }],
  sections: [
    {
      key: 'role',
      title: text('Om rollen', 'Om rolla'),
      items: [
        {
          key: 'v_hope',
          type: 'LIKERT',
          construct: 'value',
          roles: allRoles,
          prompt: text(
            'Erfaringskonsulentens erfaringsbaserte kunnskap gir meg håp om bedring.',
            'Den erfaringsbaserte kunnskapen til erfaringskonsulenten gir meg håp om betring.',
          ),
          easyRead: text(
            'Jeg får håp når jeg snakker med erfaringskonsulenten.',
            'Eg får håp når eg snakkar med erfaringskonsulenten.',
          ),
          required: true,
          reverseScored: false,
          scale: 'agree5',
        },
        {
          key: 'met',
          type: 'YES_NO',
          roles: allRoles,
          prompt: text('Har du møtt en erfaringskonsulent?', 'Har du møtt ein erfaringskonsulent?'),
          required: false,
          reverseScored: false,
        },
      ],
    },
  ],
};

/**
 * The browser's speech synthesis, replaced before the page loads (headless Chromium has no voices): the voices
 * listed, and what the page asked it to say, kept on `window.spoken`. Nothing here reaches a network.
 */
function stubSpeech(voices: { lang: string; name: string }[]) {
  return `(() => {
    const voices = ${JSON.stringify(voices)};
    window.spoken = [];
    const speech = {
      getVoices: () => voices,
      speak: (utterance) => window.spoken.push({ text: utterance.text, lang: utterance.lang }),
      cancel: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    Object.defineProperty(window, 'speechSynthesis', { value: speech, configurable: true });
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; } };
  })();`;
}

const theBrowser = useBrowser();

async function phone(voices: { lang: string; name: string }[]): Promise<BrowserContext> {
  const browser = await theBrowser();
  const context = await phoneContext(browser, app().baseUrl);
  await context.addInitScript({ content: stubSpeech(voices) });
  return context;
}

describe('a round offered in nynorsk with easy-read texts', () => {
  it('is answered in easy-read on a narrow phone with the keyboard, read aloud, with help stated and stored', async () => {
    const { projectId, researcher } = await projectWithResearcher(
      app(),
      { name: 'Lettlest i Eksempelbygda', organisation: 'Eksempelbygda kommune' },
      {
        name: 'Eksempel Forskar',
        email: 'forsker.lettlest@example.test',
        password: 'eksempel passord for lettlest',
      },
    );
    const instrumentId = await publishInstrument(researcher.graphql, projectId, instrumentFile);
    const round = await createRound(researcher.graphql, {
      projectId,
      instrumentId,
      label: 'Lettlest 2026',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      information: {
        nb: 'Formålet med undersøkelsen er å lære hva erfaringskonsulentene betyr for tjenesten.',
        nn: 'Føremålet med undersøkinga er å lære kva erfaringskonsulentane tyder for tenesta.',
      },
      informationEasyRead: {
        nb: 'Vi vil vite hva erfaringskonsulenten betyr for deg.',
        nn: 'Vi vil vite kva erfaringskonsulenten tyder for deg.',
      },
      languages: ['nn'],
      defaultLanguage: 'nn',
      consentRequired: true,
    });
    const link = round.openLinks.find((l) => l.role === 'SERVICE_USER')!.path;

    const context = await phone([{ lang: 'nn-NO', name: 'Nynorsk (stub)' }]);
    const page = await context.newPage();
    const violations = () => axeViolations(page);
    const spoken = () =>
      page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);

    await page.goto(link);
    await page
      .getByText('Føremålet med undersøkinga er å lære kva erfaringskonsulentane tyder for tenesta.')
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nn');
    const easyRead = page.getByRole('switch', { name: 'Lettlest tekst' });
    await easyRead.focus();
    await page.keyboard.press('Space');
    await page.getByText('Vi vil vite kva erfaringskonsulenten tyder for deg.').waitFor();
    expect(await page.getByText('Føremålet med undersøkinga').count()).toBe(0);

    // Read aloud, in nynorsk, the easy-read information now on the screen.
    await page.getByRole('button', { name: 'Les opp informasjonen' }).focus();
    await page.keyboard.press('Enter');
    expect(await spoken()).toEqual([
      { text: 'Vi vil vite kva erfaringskonsulenten tyder for deg.', lang: 'nn-NO' },
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await violations()).toEqual([]);

    await page.getByRole('button', { name: 'Ja, eg samtykkjer og vil vere med' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Om rolla' }).waitFor();
    const hope = page.getByRole('group', { name: /Eg får håp når eg snakkar med erfaringskonsulenten/ });
    await hope.getByRole('radio', { name: 'Heilt samd' }).focus();
    await page.keyboard.press('Space');
    // A read-aloud button per question; it reads the question as it stands, in easy-read.
    const readQuestion = page.getByRole('button', { name: 'Les opp spørsmålet' });
    await expect.poll(() => readQuestion.count()).toBe(2);
    await readQuestion.first().focus();
    await page.keyboard.press('Enter');
    const [, question] = await spoken();
    expect(question).toMatchObject({
      lang: 'nn-NO',
      text: expect.stringContaining('Eg får håp når eg snakkar'),
    });

    // The question about help, at the end of the last page.
    const help = page.getByRole('group', { name: 'Fekk du hjelp til å svare? (valfritt)' });
    await help.getByRole('radio', { name: 'Ja' }).focus();
    await page.keyboard.press('Space');
    const how = page.getByRole('group', { name: 'Korleis hjelpte dei deg?' });
    await how.getByRole('checkbox', { name: 'Las spørsmåla høgt' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('Lagra', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await violations()).toEqual([]);

    await page.getByRole('button', { name: 'Send inn svara' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Takk for svara!' }).waitFor();
    expect(await violations()).toEqual([]);
    await context.close();

    // Without a voice for nynorsk there is no read-aloud button, while easy-read is still offered.
    const silent = await phone([{ lang: 'de-DE', name: 'Deutsch (stub)' }]);
    const other = await silent.newPage();
    await other.goto(link);
    await other.getByRole('switch', { name: 'Lettlest tekst' }).waitFor();
    expect(await other.getByRole('button', { name: 'Les opp informasjonen' }).count()).toBe(0);
    await silent.close();

    // What was stored: the wording and the help, as the export gives them.
    const response = await fetch(`${app().baseUrl}/exports/${projectId}/data-wide.csv`, {
      headers: { cookie: researcher.cookie },
    });
    expect(response.status).toBe(200);
    const [header, row] = (await response.text())
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const value = (name: string) => row![header!.indexOf(name)];
    expect(
      ['wording', 'assisted', 'assisted_read_aloud', 'assisted_wrote', 'assisted_explained'].map(value),
    ).toEqual(['easy_read', '1', '1', '0', '0']);
    expect(value('language')).toBe('nn');
    expect(value('v_hope')).toBe('5');
    // …and as the API gives it to researchers' scripts.
    const nodes = data(
      await researcher.graphql<{
        responses: { edges: { node: { wording: string; assistance: Record<string, boolean | null> } }[] };
      }>(
        'query ($id: UUID!) { responses(roundId: $id) { edges { node { wording assistance { assisted readAloud wrote explained } } } } }',
        { id: round.id },
      ),
    ).responses.edges.map((edge) => edge.node);
    expect(nodes).toEqual([
      {
        wording: 'EASY_READ',
        assistance: { assisted: true, readAloud: true, wrote: false, explained: false },
      },
    ]);
    const breakdown = data(
      await researcher.graphql<{ roundAssistance: { submitted: number; assisted: { n: number | null }[] } }>(
        'query ($id: UUID!) { roundAssistance(roundId: $id) { submitted assisted { n } } }',
        { id: round.id },
      ),
    ).roundAssistance;
    // One response: counted, and every group of it hidden.
    expect(breakdown.submitted).toBe(1);
    expect(breakdown.assisted.map((c) => c.n)).toEqual([null, null, null]);
  });
});
