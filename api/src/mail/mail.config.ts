/** Where invitations and warnings are sent from: one SMTP server, one sender. */
export interface MailConfig {
  /** SMTP_URL, e.g. `smtps://user:password@mail.example.org:465`; never printed or logged, it holds a password. */
  smtpUrl: string;
  /** VERDI_MAIL_FROM, e.g. `Verdi <verdi@kommune.example.org>`. */
  from: string;
}

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;.]+$/;

/** `verdi@example.org` or `Verdi <verdi@example.org>`, as nodemailer's `from` takes them. */
export function isMailbox(raw: string): boolean {
  const named = /^([^<>]*)<([^<>]+)>$/.exec(raw);
  if (named) return ADDRESS.test(named[2]!.trim()) && !/[\r\n]/.test(named[1]!);
  return ADDRESS.test(raw);
}

/**
 * SMTP_URL and VERDI_MAIL_FROM. Both or neither: without them Verdi runs as before and says mail is not set up
 * wherever it would send. The messages never repeat SMTP_URL, which holds the mail account's password.
 */
export function readMailConfig(env: NodeJS.ProcessEnv): MailConfig | undefined {
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  const from = env.VERDI_MAIL_FROM?.trim() || undefined;
  if (!smtpUrl) {
    if (from)
      throw new Error('VERDI_MAIL_FROM is set, but SMTP_URL is not: set both to send mail, or neither');
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(smtpUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new Error(
      'SMTP_URL must be an smtp:// or smtps:// address with a host, e.g. smtps://user:password@mail.example.org:465 ' +
        '(the value is not repeated here: it may hold a password)',
    );
  }
  if (url.port && !(Number(url.port) > 0)) {
    throw new Error(
      'SMTP_URL has a port that is not a number from 1 to 65535 (the value is not repeated here)',
    );
  }
  if (!from) {
    throw new Error(
      'VERDI_MAIL_FROM must be set when SMTP_URL is: the sender, e.g. "Verdi <verdi@kommune.no>"',
    );
  }
  if (!isMailbox(from)) {
    throw new Error(
      `VERDI_MAIL_FROM must be an address or "Name <address>", e.g. "Verdi <verdi@kommune.no>", not "${from}"`,
    );
  }
  return { smtpUrl, from };
}
