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

/** A small instrument written in bokmål and nynorsk, no English. */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Verdi på nynorsk (test)',
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
      notApplicable: text('Vet ikke / ikke aktuelt', 'Veit ikkje / ikkje aktuelt'),
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
          prompt: text('Erfaringskonsulenten gir håp.', 'Erfaringskonsulenten gir håp.'),
          promptByRole: [
            {
              role: 'SERVICE_USER',
              text: text('Jeg får håp av erfaringskonsulenten.', 'Eg får håp av erfaringskonsulenten.'),
            },
          ],
          help: text('Tenk på det siste halve året.', 'Tenk på det siste halvåret.'),
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

const theBrowser = useBrowser();

describe('a round offered in nynorsk only', () => {
  it('a service user answers it on a narrow phone, in nynorsk from the first page, with the keyboard', async () => {
    const {
      projectId,
      researcher: { graphql: researcher },
    } = await projectWithResearcher(
      app(),
      { name: 'Erfaringsskolen i Eksempelbygda', organisation: 'Eksempelbygda kommune' },
      {
        name: 'Eksempel Forskar',
        email: 'forsker.nynorsk@example.test',
        password: 'eksempel passord for nynorsk',
      },
    );
    const instrumentId = await publishInstrument(researcher, projectId, instrumentFile);

    // Offering English too is refused: nothing is written in it.
    const refused = await researcher(
      'mutation ($input: CreateRoundInput!) { createRound(input: $input) { id } }',
      {
        input: {
          projectId,
          instrumentId,
          label: 'Nynorsk og engelsk',
          opensAt: new Date(Date.now() - 60_000).toISOString(),
          information: { nb: 'Informasjon.', nn: 'Informasjon.' },
          languages: ['nn', 'en'],
        },
      },
    );
    expect(refused.errors?.[0]?.message).toMatch(/en is offered but not complete/);

    const round = await createRound(researcher, {
      projectId,
      instrumentId,
      label: 'Oppstart 2026',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      information: {
        nb: 'Vi vil vite hva erfaringskonsulentene betyr.',
        nn: 'Vi vil vite kva erfaringskonsulentane tyder for tenesta.',
      },
      languages: ['nn'],
      defaultLanguage: 'nn',
      consentRequired: true,
      closesAt: '2099-01-15T12:00:00Z',
    });
    const link = round.openLinks.find((l) => l.role === 'SERVICE_USER')!.path;

    const browser = await theBrowser();
    const context = await phoneContext(browser, app().baseUrl);
    const page = await context.newPage();
    const violations = () => axeViolations(page);

    await page.goto(link);
    await page.getByText('Vi vil vite kva erfaringskonsulentane tyder for tenesta.').waitFor();
    await page.getByText('Du svarar som tenestebrukar.').waitFor();
    // Chromium has no nynorsk data for dates and numbers: they are written as in bokmål, never in American English.
    await page.getByText(/^Du kan svare til 15\. januar 2099/).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nn');
    // The switch offers the round's one language.
    expect(await page.getByRole('group', { name: 'Språk' }).getByRole('button').allTextContents()).toEqual([
      'Norsk (nynorsk)',
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await violations()).toEqual([]);

    await page.getByRole('button', { name: 'Ja, eg samtykkjer og vil vere med' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Om rolla' }).waitFor();
    const hope = page.getByRole('group', { name: /Eg får håp av erfaringskonsulenten/ });
    await hope.getByText('Tenk på det siste halvåret.').waitFor();
    await hope.getByRole('radio', { name: 'Heilt samd' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('Lagra', { exact: true }).waitFor();
    expect(await violations()).toEqual([]);

    await page.getByRole('button', { name: 'Send inn svara' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Takk for svara!' }).waitFor();
    expect(await violations()).toEqual([]);

    const stored = data(
      await researcher<{ round: { counts: { role: string; submitted: number }[] } }>(
        'query ($id: UUID!) { round(id: $id) { counts { role submitted } } }',
        { id: round.id },
      ),
    ).round.counts;
    expect(stored.find((count) => count.role === 'SERVICE_USER')?.submitted).toBe(1);
    await context.close();
  });
});
