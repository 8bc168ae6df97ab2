import axe from 'axe-core';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../api/src/test/smtp.js';
import { createProject, createRound, data, publishInstrument, signInOnPage, useApp } from './harness';

/**
 * Issue 20, invitations by e-mail, end to end: a real SMTP server started here receives the mails the built server
 * sends; the invitees follow their personal links; reminders go only to whoever has not answered, and stop for an
 * address that opts out.
 */
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

const app = useApp({
  env: (baseUrl) => ({
    SMTP_URL: smtp.url,
    VERDI_MAIL_FROM: 'Verdi <verdi@example.org>',
    VERDI_PUBLIC_URL: baseUrl,
    // The answered-mix flushes and the sending job runs every half second instead of every minute.
    VERDI_SCHEDULER_TICK_MS: '500',
  }),
});

const text = (nb: string, en: string) => ({ nb, en });
const roles = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'];
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Invitasjoner (test)',
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

const invitees = ['a', 'b', 'c', 'd'].map((name) => `${name}.fagperson@example.org`);
const [a, b, c, d] = invitees as [string, string, string, string];

/** The mails to one address, in the order they arrived. */
const mailsTo = (address: string): ReceivedMail[] => smtp.mails.filter((mail) => mail.rcpt.includes(address));

/** The first link in a mail's text part that starts with the server's address and the given path. */
function linkIn(mail: ReceivedMail, pathStart: string): string {
  const found = (mail.mail.text ?? '').match(new RegExp(`${app().baseUrl}${pathStart}[^\\s>]+`));
  if (!found) throw new Error(`no ${pathStart} link in the mail: ${mail.mail.text}`);
  return found[0];
}

/** Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now; returns the violations. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    return run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  expect(result.passes.length).toBeGreaterThan(3);
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

/** A figure of the invitations panel on the round page, as shown. */
async function countOf(page: Page, key: string): Promise<string> {
  return ((await page.locator(`[data-count="${key}"] dd`).textContent()) ?? '').trim();
}

const SUBMIT =
  'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }';

/** Answers the survey behind a personal link as a script would, with the ticket the link carries. */
async function submitWithTicket(ticket: string): Promise<void> {
  data(
    await app().graphql<{ submitSurveyResponse: { receiptCode: string } }>(SUBMIT, {
      input: {
        token: ticket,
        clientSubmissionId: randomUUID(),
        answers: [{ item: 'v_trust', number: 4 }],
        language: 'nb',
        consent: true,
      },
    }),
  );
}

describe('invitations by e-mail', () => {
  let roundPage: Page;
  let projectId: string;
  let roundId: string;

  it('sends a personal, accessible invitation to each pasted address, once', async () => {
    projectId = await createProject(app(), {
      name: 'Eksempelby fagteam',
      organisation: 'Eksempelby kommune',
    });
    const instrumentId = await publishInstrument(app().graphql, projectId, instrumentFile);
    roundId = (
      await createRound(app().graphql, {
        projectId,
        instrumentId,
        label: 'Fagpersoner 2026',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        anonymity: 'ANONYMOUS',
        minGroupSize: 3,
        information: text('Det er frivillig å svare.', 'Taking part is voluntary.'),
        consentRequired: true,
        contact: 'Prosjektleder, prosjekt@example.org',
        dataController: 'Eksempelby kommune',
      })
    ).id;

    roundPage = await app().newPage();
    await roundPage.goto(`/projects/${projectId}/rounds/${roundId}`);
    await signInOnPage(roundPage, app().admin);
    const panel = roundPage.getByTestId('invitations');
    await panel.getByRole('textbox', { name: 'Adresser' }).fill(invitees.join('\n'));
    await panel.getByLabel(/Rolle for linjer uten rolle/).selectOption('PROFESSIONAL');
    await panel.getByRole('button', { name: 'Legg til adressene' }).click();
    await expect.poll(() => countOf(roundPage, 'invited')).toBe('4');
    await panel.getByRole('button', { name: 'Send invitasjoner' }).click();

    const mails = await smtp.waitFor(4, 20_000);
    expect(
      mails
        .map((mail) => mail.rcpt)
        .flat()
        .sort(),
    ).toEqual([...invitees].sort());
    for (const mail of mails) {
      expect(mail.mail.text).toContain('/i/inv.');
      expect(mail.mail.html).toContain('lang="nb"');
      // mailparser gathers the List-* headers under `list`.
      const list = mail.mail.headers.get('list') as {
        unsubscribe: { url: string };
        'unsubscribe-post': { name: string };
      };
      expect(list.unsubscribe.url).toMatch(new RegExp(`^${app().baseUrl}/mail/opt-out/out\\.`));
      expect(list['unsubscribe-post'].name).toBe('List-Unsubscribe=One-Click');
    }
    const mailPage = await app().newPage();
    await mailPage.setContent(mails[0]!.mail.html as string);
    expect(await accessibilityViolations(mailPage)).toEqual([]);
    await mailPage.close();
  });

  it('lets the first invitee answer through the link, and counts answers only in groups of k', async () => {
    const page = await app().newPage();
    await page.goto(linkIn(mailsTo(a)[0]!, '/i/'));
    await expect.poll(() => page.getByText('Du er invitert på e-post').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Ja, jeg samtykker og vil delta' }).click();
    await page
      .getByRole('group', { name: /Erfaringskonsulenten skaper tillit/ })
      .getByRole('radio', { name: 'Litt enig' })
      .check();
    await page.getByRole('button', { name: 'Send inn svarene' }).click();
    await page.getByRole('heading', { level: 1, name: 'Takk for svarene!' }).waitFor();

    const answered = async () =>
      data(
        await app().graphql<{ roundInvitations: { counts: { answered: number } } }>(
          'query ($id: UUID!) { roundInvitations(roundId: $id) { counts { answered } } }',
          { id: roundId },
        ),
      ).roundInvitations.counts.answered;
    const ticketOf = (address: string) =>
      /\/i\/(inv\.[^\s>]+)/.exec(linkIn(mailsTo(address)[0]!, '/i/'))![1]!;
    await submitWithTicket(ticketOf(b));
    // Two have answered, fewer than k: several ticks of the scheduler later, still nobody is marked.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await answered()).toBe(0);
    await submitWithTicket(ticketOf(c));
    // Three answered: a batch of k = 3, so the mix marks them at its next tick.
    await expect.poll(answered, { timeout: 20_000 }).toBe(3);
    await roundPage.reload();
    await expect.poll(() => countOf(roundPage, 'answered')).toBe('3');

    // The first invitee opens the link again: told the answers are in.
    const again = await app().newPage();
    await again.goto(linkIn(mailsTo(a)[0]!, '/i/'));
    await expect.poll(() => again.getByText('Du har allerede svart på denne invitasjonen.').count()).toBe(1);
  });

  it('reminds only the one who has not answered, and not after they opt out', async () => {
    const before = smtp.mails.length;
    await roundPage.getByTestId('invitations').getByRole('button', { name: 'Send påminnelse nå' }).click();
    await smtp.waitFor(before + 1, 20_000);
    // Two more ticks of the scheduler: nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.mails.slice(before).map((mail) => mail.rcpt)).toEqual([[d]]);
    expect(mailsTo(a)).toHaveLength(1);

    const reminder = mailsTo(d)[1]!;
    const optOut = await app().newPage();
    await optOut.goto(linkIn(reminder, '/u/'));
    await optOut.getByRole('button', { name: 'Ikke send meg flere påminnelser' }).click();
    await expect
      .poll(() => optOut.getByRole('status').textContent())
      .toContain('Vi sender ingen flere påminnelser om denne undersøkelsen til deg.');

    const afterOptOut = smtp.mails.length;
    data(
      await app().graphql(
        'mutation ($id: UUID!) { sendRemindersNow(roundId: $id) { counts { optedOut reminders } } }',
        { id: roundId },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.mails.length).toBe(afterOptOut);
    await roundPage.reload();
    await expect.poll(() => countOf(roundPage, 'optedOut')).toBe('1');
    await expect.poll(() => countOf(roundPage, 'reminders')).toBe('1');
  });
});
