import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { startSmtpServer } from '../test/smtp.js';
import { createMailer } from './mailer.js';
import { renderInvitation, type InvitationMailInput } from './templates/invitation.js';
import { escapeHtml } from './templates/layout.js';
import { renderReminder } from './templates/reminder.js';
import { renderRetentionWarning } from './templates/retention-warning.js';
import { MAIL_LANGUAGES, MAIL_TEXTS, type MailLanguage, type MailTexts } from './templates/texts.js';

const LINK = 'https://verdi.example.org/i/inv.AbC-123_xyz';
const OPT_OUT = 'https://verdi.example.org/u/out.QrS-456_uvw';
const ONE_CLICK = 'https://verdi.example.org/mail/opt-out/out.QrS-456_uvw';

const input = (language: MailLanguage, extra: Partial<InvitationMailInput> = {}): InvitationMailInput => ({
  language,
  project: 'Erfaringskonsulenter i ambulante team',
  organisation: 'Eksempel kommune',
  contact: 'Prosjektleder Eksempel, 99 99 99 99',
  link: LINK,
  optOutUrl: OPT_OUT,
  oneClickOptOutUrl: ONE_CLICK,
  closesAt: new Date('2027-01-15T11:00:00Z'),
  anonymity: 'ANONYMOUS',
  addressesDeletedOn: '2027-02-14',
  message: 'Takk for at du hjelper oss.\n\nSpørreskjemaet tar om lag ti minutter.',
  replyTo: 'forsker@example.org',
  ...extra,
});

const LINK_TEXT: Record<MailLanguage, string> = {
  nb: 'Svar på undersøkelsen',
  nn: 'Svar på undersøkinga',
  en: 'Answer the survey',
};

/** Anything that would load from elsewhere, track, or lay out with tables. */
const REMOTE_OR_LAYOUT =
  /<img|<table|<link|<script|<style|<iframe|<object|<embed|\bsrc=|url\(|@import|background=/i;

const keysOf = (value: unknown, prefix = ''): string[] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([k, v]) => keysOf(v, `${prefix}${k}.`))
    : [prefix];

describe('the invitation mail', () => {
  it.each(MAIL_LANGUAGES)('in %s has a written text part and an accessible HTML part', (language) => {
    const mail = renderInvitation(input(language));
    expect(mail.subject).toBe(
      MAIL_TEXTS[language].invitation.subject({ project: 'Erfaringskonsulenter i ambulante team' }),
    );

    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="(nb|nn|en)">/);
    expect(mail.html).toContain(`<html lang="${language}">`);
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html).toContain('name="viewport"');
    expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
    expect(mail.html.match(/<h1/g)).toHaveLength(1);
    expect(mail.html).not.toMatch(REMOTE_OR_LAYOUT);
    // Descriptive link text, and the address written out for copying.
    expect(mail.html).toContain(`<a href="${LINK}" style="`);
    expect(mail.html).toMatch(new RegExp(`>${LINK_TEXT[language]}</a>`));
    expect(mail.html).toContain(`<span style="word-break:break-all;">${LINK}</span>`);
    expect(mail.html).toContain(`href="${OPT_OUT}"`);
    expect(mail.html).toContain('max-width:40em');
    expect(mail.html).toContain('font-size:16px');

    // The text part is written, not the HTML with its tags stripped.
    expect(mail.text).not.toMatch(/<[a-z]/i);
    expect(mail.text).toContain(`${LINK_TEXT[language]}:\n${LINK}\n`);
    expect(mail.text).toContain(`\n${OPT_OUT}\n`);
    expect(mail.text).toContain('Eksempel kommune');
    // The project asks; a round's label is the researchers' own and never reaches participants.
    expect(mail.text).toContain('Erfaringskonsulenter i ambulante team');
    expect(mail.text).toContain(MAIL_TEXTS[language].invitation.personal);
    expect(mail.text).toContain(MAIL_TEXTS[language].invitation.anonymous);
    expect(mail.text).toMatch(language === 'en' ? /14 February 2027/ : /14\. februar 2027/);
    expect(mail.text).toMatch(language === 'en' ? /15 January 2027/ : /15\. januar 2027/);
    expect(mail.text).toContain('forsker@example.org');

    expect(mail.headers).toEqual({
      'Auto-Submitted': 'auto-generated',
      'List-Unsubscribe': `<${ONE_CLICK}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(mail.replyTo).toBe('forsker@example.org');
  });

  it('names the reply-to address, else the round’s contact, else the organisation, as whom to ask', () => {
    expect(renderInvitation(input('nb')).text).toContain('skrive til forsker@example.org');
    const noReply = renderInvitation(input('nb', { replyTo: null })).text;
    expect(noReply).toContain('kan du kontakte Prosjektleder Eksempel, 99 99 99 99.');
    const neither = renderInvitation(input('en', { replyTo: null, contact: ' ' })).text;
    expect(neither).toContain('If you have questions, contact Eksempel kommune.');
  });

  it('is in real nynorsk for nn, not bokmål', () => {
    const nn = renderInvitation(input('nn')).text;
    expect(nn).toMatch(/ikkje/);
    expect(nn).toMatch(/undersøkinga/);
    expect(nn).toMatch(/blir sletta/);
    expect(nn).not.toMatch(/\bikke\b|undersøkelsen|\bslettes\b/);
  });

  it('escapes the researcher’s message and every name, and splits the message into paragraphs', () => {
    const mail = renderInvitation(
      input('nb', {
        project: 'Prosjekt <b>fet</b> & "sitat"',
        message: 'Første avsnitt <script>alert("x")</script>\nandre linje\n\n\n  Andre avsnitt & mer  ',
      }),
    );
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<b>fet');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>\nandre linje</p>');
    expect(mail.html).toContain('<p>Andre avsnitt &amp; mer</p>');
    expect(mail.html).toContain('Prosjekt &lt;b&gt;fet&lt;/b&gt; &amp; &quot;sitat&quot;');
    expect(mail.text).toContain(
      'Første avsnitt <script>alert("x")</script>\nandre linje\n\nAndre avsnitt & mer\n\n',
    );
  });

  it('says what a confidential round links, with the deletion day, and leaves out what is not set', () => {
    const mail = renderInvitation(
      input('en', { anonymity: 'CONFIDENTIAL', closesAt: null, message: null, replyTo: null, contact: null }),
    );
    expect(mail.text).toContain(
      'The survey is confidential: your answer can be linked to your invitation until the e-mail addresses are deleted on 14 February 2027.',
    );
    expect(mail.text).not.toContain(MAIL_TEXTS.en.invitation.anonymous);
    expect(mail.text).not.toContain('open until');
    expect(mail.text).toContain('If you have questions, contact Eksempel kommune.');
    expect(mail.replyTo).toBeUndefined();
  });

  it('keeps line breaks out of the subject and refuses links that are not http(s)', () => {
    expect(renderInvitation(input('nb', { project: 'A\r\nBcc: x@example.org' })).subject).not.toMatch(
      /[\r\n]/,
    );
    expect(() => renderInvitation(input('nb', { link: 'javascript:alert(1)' }))).toThrow(/http/);
  });
});

describe('the reminder', () => {
  it.each(MAIL_LANGUAGES)('in %s carries the same link and thanks those who answered', (language) => {
    const mail = renderReminder(input(language));
    expect(mail.subject).toBe(
      MAIL_TEXTS[language].reminder.subject({ project: 'Erfaringskonsulenter i ambulante team' }),
    );
    expect(mail.text).toContain(MAIL_TEXTS[language].reminder.already);
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain(`<html lang="${language}">`);
    expect(mail.html.match(/<h1/g)).toHaveLength(1);
    expect(mail.html).not.toMatch(REMOTE_OR_LAYOUT);
    expect(mail.headers['List-Unsubscribe']).toBe(`<${ONE_CLICK}>`);
  });
});

describe('the retention warning', () => {
  it.each(MAIL_LANGUAGES)('in %s says when, what happens and what to do', (language) => {
    const mail = renderRetentionWarning({
      language,
      project: 'Eksempelprosjektet',
      endsOn: '2027-12-31',
      action: 'ANONYMISE',
      daysLeft: 7,
      reference: 'REK 2025/12345',
      projectUrl: 'https://verdi.example.org/projects/1',
    });
    const t = MAIL_TEXTS[language].retention;
    expect(mail.text).toContain(t.action.ANONYMISE);
    expect(mail.text).toContain('REK 2025/12345');
    expect(mail.text).toContain('https://verdi.example.org/projects/1');
    expect(mail.text).toMatch(
      language === 'en' ? /31 December 2027, in 7 days/ : /31\. desember 2027, om 7 dag/,
    );
    expect(mail.html).toContain(`<html lang="${language}">`);
    expect(mail.html.match(/<h1/g)).toHaveLength(1);
    expect(mail.html).not.toMatch(REMOTE_OR_LAYOUT);
    expect(mail.headers).toEqual({ 'Auto-Submitted': 'auto-generated' });
  });

  it('counts one day in the singular and names deletion', () => {
    const mail = renderRetentionWarning({
      language: 'nb',
      project: 'P',
      endsOn: '2027-12-31',
      action: 'DELETE',
      daysLeft: 1,
    });
    expect(mail.subject).toBe('P: dataene slettes om 1 dag');
    expect(mail.text).toContain(MAIL_TEXTS.nb.retention.action.DELETE);
  });
});

it('has every sentence in every language', () => {
  const nb = keysOf(MAIL_TEXTS.nb);
  for (const language of MAIL_LANGUAGES) expect(keysOf(MAIL_TEXTS[language])).toEqual(nb);
});

it('makes a missing sentence a type error (checked by npm run typecheck)', () => {
  const withoutFooter: Omit<MailTexts, 'footer'> = MAIL_TEXTS.nn;
  // @ts-expect-error: a language without one of the sentences is not a MailTexts
  const incomplete: MailTexts = withoutFooter;
  expect(incomplete).toBe(MAIL_TEXTS.nn);
});

describe('sent through a real SMTP server', () => {
  const smtp = startSmtpServer();
  afterAll(async () => (await smtp).close());

  it('arrives with both parts, the language, List-Unsubscribe, Auto-Submitted and Reply-To', async () => {
    const server = await smtp;
    const mailer = createMailer(
      { smtpUrl: server.url, from: 'Verdi <verdi@example.org>' },
      { log: createLogger('silent') },
    );
    try {
      const rendered = renderInvitation(input('nn'));
      expect(await mailer.send({ to: 'deltaker@example.org', ...rendered })).toMatchObject({
        status: 'SENT',
      });
      const [received] = await server.waitFor(1);
      const mail = received!.mail;
      expect(received!.rcpt).toEqual(['deltaker@example.org']);
      expect(mail.subject).toBe(rendered.subject);
      expect(mail.text).toContain(`${LINK_TEXT.nn}:\n${LINK}`);
      expect(mail.html).toContain('<html lang="nn">');
      expect(mail.html).toContain(`href="${LINK}"`);
      expect(mail.headers.get('list')).toEqual({
        unsubscribe: { url: ONE_CLICK },
        'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
      });
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.replyTo?.value[0]?.address).toBe('forsker@example.org');
      expect(mail.from?.value[0]?.address).toBe('verdi@example.org');
    } finally {
      mailer.close();
    }
  });
});
