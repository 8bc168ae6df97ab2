import { MAIL_TEXTS, type MailLanguage, type RetentionAction } from './texts.js';
import {
  AUTOMATIC,
  checkedUrl,
  escapeHtml,
  formatDay,
  htmlLink,
  layout,
  oneLine,
  type RenderedMail,
} from './layout.js';

export interface RetentionWarningInput {
  /** The researcher's account language. */
  language: MailLanguage;
  project: string;
  /** The project's retention end date (YYYY-MM-DD). */
  endsOn: string;
  action: RetentionAction;
  daysLeft: number;
  /** The approval's reference, e.g. "REK 2025/12345". */
  reference?: string | null;
  /** The project's page in Verdi. */
  projectUrl?: string | null;
}

/**
 * The warning researchers get 30, 7 and 1 days before a project's data are deleted or anonymised. A service mail to
 * staff about their own project: Auto-Submitted, but no List-Unsubscribe (there is nothing to opt out of).
 */
export function renderRetentionWarning(input: RetentionWarningInput): RenderedMail {
  const { language, project, action, daysLeft } = input;
  const t = MAIL_TEXTS[language].retention;
  const date = formatDay(language, input.endsOn);
  const subject = oneLine(t.subject({ project, action, days: daysLeft }));
  const heading = oneLine(t.heading({ project }));
  const sentences = [
    t.when({ project, date, days: daysLeft }),
    t.action[action],
    t.kept,
    t.todo,
    ...(input.reference?.trim() ? [t.reference({ reference: input.reference.trim() })] : []),
  ];
  const projectUrl = input.projectUrl ? checkedUrl(input.projectUrl) : undefined;

  const text = [
    heading,
    '',
    ...sentences.flatMap((s) => [s, '']),
    ...(projectUrl ? [`${t.linkText}:`, projectUrl, ''] : []),
    '-- ',
    MAIL_TEXTS[language].footer,
    '',
  ].join('\n');
  const body = [
    ...sentences.map((s) => `<p>${escapeHtml(s)}</p>`),
    ...(projectUrl ? [htmlLink(projectUrl, t.linkText, MAIL_TEXTS[language].invitation.linkFallback)] : []),
  ].join('\n');

  return {
    subject,
    text,
    html: layout({ language, title: subject, heading, body }),
    headers: { ...AUTOMATIC },
  };
}
