import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject, createRound, data, publishInstrument, useApp } from './harness';

/**
 * Issue 14, one person, one response: device A answers and takes the "Fortsett senere" link; device B opens it and
 * submits; device A, still open, submits too. One response is stored, and A is shown the receipt B got.
 */
const app = useApp();

const text = (nb: string, en: string) => ({ nb, en });
const roles = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'];
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Fortsett på en annen enhet (test)',
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
    },
  ],
  constructs: [{ key: 'value', kind: 'VALUE', label: text('Verdi', 'Value') }],
  sections: [
    {
      key: 'role',
      title: text('Om rollen', 'About the role'),
      items: [
        {
          key: 'v_trust',
          type: 'LIKERT',
          construct: 'value',
          roles,
          prompt: text('Erfaringskonsulenten skaper tillit.', 'The peer worker builds trust.'),
          required: true,
          reverseScored: false,
          scale: 'agree5',
        },
      ],
    },
  ],
};

async function openRound(): Promise<{ roundId: string; link: string }> {
  const projectId = await createProject(app(), {
    name: 'Eksempelby oppfølging',
    organisation: 'Eksempelby kommune',
  });
  const instrumentId = await publishInstrument(app().graphql, projectId, instrumentFile);
  const round = await createRound(app().graphql, {
    projectId,
    instrumentId,
    label: 'Oppfølging 2026',
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    information: text('Det er frivillig å svare.', 'Taking part is voluntary.'),
    consentRequired: true,
  });
  return { roundId: round.id, link: round.openLinks.find((l) => l.role === 'CONSULTANT')!.path };
}

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

/** A device of its own: a separate browser context, so no storage, cookies or page state is shared. */
async function device(): Promise<Page> {
  browser ??= await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ baseURL: app().baseUrl, locale: 'nb-NO' });
  return context.newPage();
}

async function answerAndSubmit(page: Page, choice: string): Promise<string> {
  await page
    .getByRole('group', { name: /Erfaringskonsulenten skaper tillit/ })
    .getByRole('radio', { name: choice })
    .check();
  await page.getByRole('button', { name: 'Send inn svarene' }).click();
  await page.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();
  return (await page.getByTestId('receipt-code').textContent())?.trim() ?? '';
}

describe('resuming on another device', () => {
  it('stores one response when the draft is submitted on device B and then again on device A, and A sees the first receipt', async () => {
    const { roundId, link } = await openRound();

    const deviceA = await device();
    await deviceA.goto(link);
    await deviceA.getByRole('button', { name: 'Ja, jeg samtykker og vil delta' }).click();
    await deviceA.getByRole('heading', { level: 1, name: 'Om rollen' }).waitFor();
    await deviceA
      .getByRole('group', { name: /Erfaringskonsulenten skaper tillit/ })
      .getByRole('radio', { name: 'Litt enig' })
      .check();
    // The answer is saved and the "Fortsett senere" link appears.
    await deviceA.locator('summary', { hasText: 'Fortsett senere' }).click();
    const resumeField = deviceA.locator('#resume-link');
    await resumeField.waitFor();
    const resumeLink = await resumeField.inputValue();
    expect(resumeLink).toContain('?resume=');

    const deviceB = await device();
    await deviceB.goto(resumeLink);
    await deviceB.getByRole('heading', { level: 1, name: 'Om rollen' }).waitFor();
    const receiptB = await answerAndSubmit(deviceB, 'Helt enig');
    expect(receiptB).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // Device A was left open on the question page and submits what it has.
    const receiptA = await answerAndSubmit(deviceA, 'Litt enig');
    expect(receiptA).toBe(receiptB);

    const counts = data(
      await app().graphql<{ round: { counts: { role: string; submitted: number; inProgress: number }[] } }>(
        'query ($id: UUID!) { round(id: $id) { counts { role submitted inProgress } } }',
        { id: roundId },
      ),
    ).round.counts;
    expect(counts.find((count) => count.role === 'CONSULTANT')).toEqual({
      role: 'CONSULTANT',
      submitted: 1,
      inProgress: 0,
    });

    // Device A reopens the resume link later: told the answers are in, with the same receipt, not a fresh form.
    const deviceC = await device();
    await deviceC.goto(resumeLink);
    await deviceC.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();
    expect((await deviceC.getByTestId('receipt-code').textContent())?.trim()).toBe(receiptB);
  });
});
