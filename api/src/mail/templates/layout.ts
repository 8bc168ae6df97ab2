import { TIME_ZONE } from '../../common/dates.js';
import { MAIL_TEXTS, type MailLanguage } from './texts.js';

/** What every template returns; `mailer.send({ to, ...rendered })` sends it. */
export interface RenderedMail {
  subject: string;
  /** The plain-text part, written for reading, not generated from the HTML. */
  text: string;
  html: string;
  headers: Record<string, string>;
  replyTo?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** One line, for a subject or a name in a header: no line breaks, which would start a new header. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

/** A researcher's plain text as paragraphs: split at blank lines, trimmed, empty ones dropped. */
export function paragraphsOf(text: string | null | undefined): string[] {
  return (text ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Escaped paragraphs; a single line break inside one becomes `<br>`. Never HTML from the researcher. */
export function htmlParagraphs(text: string | null | undefined): string {
  return paragraphsOf(text)
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>\n')}</p>`)
    .join('\n');
}

/** Only http(s) links go into a mail; anything else is a bug in the caller. */
export function checkedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error('a mail link must be http(s)');
  return parsed.href;
}

/** A moment in Norwegian time, e.g. "18. desember 2026 kl. 12:00" / "18 December 2026 at 12:00". */
export function formatMoment(language: MailLanguage, moment: Date): string {
  return new Intl.DateTimeFormat(MAIL_TEXTS[language].locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(moment);
}

/** A calendar day (YYYY-MM-DD, or the Norwegian day of a moment), e.g. "4. januar 2027" / "4 January 2027". */
export function formatDay(language: MailLanguage, day: string | Date): string {
  const date = typeof day === 'string' ? new Date(`${day}T12:00:00Z`) : day;
  return new Intl.DateTimeFormat(MAIL_TEXTS[language].locale, {
    dateStyle: 'long',
    timeZone: TIME_ZONE,
  }).format(date);
}

const LINK_STYLE =
  'display:inline-block;padding:0.6em 1.2em;background:#0b4f8a;color:#ffffff;font-weight:bold;text-decoration:underline;border-radius:4px;';

/** A link with descriptive text, as a large target, and its address written out below it for copying. */
export function htmlLink(url: string, text: string, fallback: string): string {
  const href = escapeHtml(checkedUrl(url));
  return (
    `<p><a href="${href}" style="${LINK_STYLE}">${escapeHtml(text)}</a></p>\n` +
    `<p>${escapeHtml(fallback)}<br>\n<span style="word-break:break-all;">${href}</span></p>`
  );
}

/**
 * The HTML skeleton of every mail: language, title, one column, one `<h1>`, system fonts at 16 px with line height
 * 1.5, dark text on white (contrast above 4.5:1), inline styles only (mail clients drop `<style>`), and nothing
 * loaded from elsewhere: no images, web fonts, remote CSS, tracking pixels or layout tables.
 */
export function layout({
  language,
  title,
  heading,
  body,
}: {
  language: MailLanguage;
  title: string;
  heading: string;
  /** HTML already escaped by the template. */
  body: string;
}): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff;color:#1f1f1f;">
<div style="max-width:40em;margin:0 auto;padding:1.5em 1em;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f1f1f;">
<h1 style="font-size:1.5em;line-height:1.3;margin:0 0 1em;">${escapeHtml(heading)}</h1>
${body}
<p style="margin-top:2em;font-size:0.9em;color:#4d4d4d;">${escapeHtml(MAIL_TEXTS[language].footer)}</p>
</div>
</body>
</html>
`;
}

/** Headers every automatic mail carries (RFC 3834), so that auto-responders do not answer them. */
export const AUTOMATIC = { 'Auto-Submitted': 'auto-generated' } as const;

/** RFC 2369 and RFC 8058: one-click opt-out from the mail client's own button. */
export function unsubscribeHeaders(oneClickUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${checkedUrl(oneClickUrl)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
