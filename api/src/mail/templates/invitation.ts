import {
  AUTOMATIC,
  escapeHtml,
  formatDay,
  formatMoment,
  htmlLink,
  htmlParagraphs,
  layout,
  oneLine,
  paragraphsOf,
  unsubscribeHeaders,
  checkedUrl,
  type RenderedMail,
} from './layout.js';
import { MAIL_TEXTS, type MailLanguage } from './texts.js';

/** Plain data, so that the templates depend on no entity: the caller reads the round and the invitee. */
export interface InvitationMailInput {
  /** The invitee's language, one of the round's; the caller falls back to nb when the message lacks it. */
  language: MailLanguage;
  project: string;
  organisation: string;
  /** Who participants contact (the round's contact: a name or role and an address or phone), if set. */
  contact?: string | null;
  /** The personal survey link, `<publicUrl>/i/<ticket>`. */
  link: string;
  /** The page that opts out of reminders, `<publicUrl>/u/<token>` (a GET only shows a button). */
  optOutUrl: string;
  /** RFC 8058 one-click target for List-Unsubscribe, `<publicUrl>/mail/opt-out/<token>` (POST). */
  oneClickOptOutUrl: string;
  closesAt: Date | null;
  anonymity: 'ANONYMOUS' | 'CONFIDENTIAL';
  /**
   * The day the invitees' addresses are deleted (YYYY-MM-DD); null for a round without a closing date, whose mail
   * then says "`graceDays` days after the survey closes".
   */
  addressesDeletedOn: string | null;
  /** Days from closing to deletion; used when `addressesDeletedOn` is null (30 when unset). */
  graceDays?: number;
  /** The researcher's paragraph(s) in this language, plain text; blank lines separate paragraphs. */
  message?: string | null;
  /** The round's reply-to address, if set; also named in the mail as the contact. */
  replyTo?: string | null;
}

type Kind = 'invitation' | 'reminder';

/** Invitation and reminder share their content; the reminder adds its heading and the "already answered" line. */
export function renderInvitationLike(kind: Kind, input: InvitationMailInput): RenderedMail {
  const { language, project, organisation, link, optOutUrl, closesAt, anonymity } = input;
  const t = MAIL_TEXTS[language].invitation;
  const r = MAIL_TEXTS[language].reminder;
  const deletedOn = input.addressesDeletedOn ? formatDay(language, input.addressesDeletedOn) : null;
  const graceDays = input.graceDays ?? 30;
  const replyTo = input.replyTo?.trim() || undefined;

  const subject = oneLine(kind === 'invitation' ? t.subject({ project }) : r.subject({ project }));
  const heading = oneLine(kind === 'invitation' ? t.heading({ project }) : r.heading({ project }));
  const who = t.who({ organisation, project });
  const closes = closesAt ? t.closes({ date: formatMoment(language, closesAt) }) : undefined;
  const anonymitySentence =
    anonymity === 'ANONYMOUS'
      ? t.anonymous
      : deletedOn
        ? t.confidential({ date: deletedOn })
        : t.confidentialAfterClose({ days: graceDays });
  const roundContact = input.contact?.trim() || undefined;
  // The round's label is the researchers' internal name and is never shown to participants; the project asks.
  const contact = replyTo
    ? t.contact({ replyTo })
    : t.contactOrganisation({ organisation: roundContact ?? organisation });
  const controller = t.controller({ organisation });
  const deletion = deletedOn ? t.deletion({ date: deletedOn }) : t.deletionAfterClose({ days: graceDays });
  const message = paragraphsOf(input.message);

  const text = [
    heading,
    '',
    ...(kind === 'reminder' ? [r.already, ''] : []),
    who,
    '',
    ...message.flatMap((p) => [p, '']),
    `${t.linkText}:`,
    checkedUrl(link),
    '',
    ...(closes ? [closes, ''] : []),
    anonymitySentence,
    '',
    t.personal,
    '',
    `${controller} ${contact}`,
    '',
    `${t.optOut} ${t.optOutLinkText}:`,
    checkedUrl(optOutUrl),
    '',
    deletion,
    '',
    '-- ',
    MAIL_TEXTS[language].footer,
    '',
  ].join('\n');

  const p = (sentence: string) => `<p>${escapeHtml(sentence)}</p>`;
  const body = [
    ...(kind === 'reminder' ? [p(r.already)] : []),
    p(who),
    htmlParagraphs(input.message),
    htmlLink(link, t.linkText, t.linkFallback),
    ...(closes ? [p(closes)] : []),
    p(anonymitySentence),
    p(t.personal),
    p(`${controller} ${contact}`),
    `<p>${escapeHtml(t.optOut)} <a href="${escapeHtml(checkedUrl(optOutUrl))}" style="color:#0b4f8a;">${escapeHtml(t.optOutLinkText)}</a></p>`,
    p(deletion),
  ]
    .filter(Boolean)
    .join('\n');

  return {
    subject,
    text,
    html: layout({ language, title: subject, heading, body }),
    headers: { ...AUTOMATIC, ...unsubscribeHeaders(input.oneClickOptOutUrl) },
    ...(replyTo ? { replyTo } : {}),
  };
}

/** The first mail to an invitee: who asks and why, the personal link, the deadline, anonymity, opt-out, deletion. */
export function renderInvitation(input: InvitationMailInput): RenderedMail {
  return renderInvitationLike('invitation', input);
}
