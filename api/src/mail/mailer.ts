import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';
import type { MailConfig } from './mail.config.js';

/** Why the mail server could not be used at all; shown to researchers as `MAIL_UNAVAILABLE`'s `reason`. */
export type TransportDownReason = 'CONNECTION' | 'AUTH' | 'TLS' | 'TIMEOUT';

/**
 * What became of one message. `BOUNCED`: the server refused the recipient for good (5xx at RCPT TO); `RETRY`: it
 * refused for now (4xx), so try again later, and count the tries; `FAILED`: the message was refused or went wrong in
 * another way and will not get better by itself; `TRANSPORT_DOWN`: the server could not be reached or would not
 * let Verdi in, so stop the batch: the next message would meet the same fate. `reply` is the server's answer, which
 * may name the recipient: store it with the recipient if needed, never log it.
 */
export type SendResult =
  | { status: 'SENT'; reply: string }
  | { status: 'BOUNCED' | 'RETRY' | 'FAILED'; reply: string }
  | { status: 'TRANSPORT_DOWN'; reason: TransportDownReason; reply: string };

export type SendFailure = Exclude<SendResult, { status: 'SENT' }>;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, Auto-Submitted …), as the templates return them. */
  headers?: Record<string, string>;
  replyTo?: string;
}

export interface Mailer {
  /** VERDI_MAIL_FROM. */
  readonly from: string;
  /** Connects and signs in once: whether mail can be sent now, and if not, why. Never throws. */
  verify(): Promise<{ ok: true } | { ok: false; reason: TransportDownReason }>;
  /** Sends one message over the pooled connections. Never throws: every failure is classified. */
  send(message: MailMessage): Promise<SendResult>;
  /** Closes the pooled connections; called by `app.stop()`. */
  close(): void;
}

const TRANSPORT_CODES: Record<string, TransportDownReason> = {
  EAUTH: 'AUTH',
  ENOAUTH: 'AUTH',
  ETLS: 'TLS',
  ETIMEDOUT: 'TIMEOUT',
  ESOCKET: 'CONNECTION',
  ECONNECTION: 'CONNECTION',
  EDNS: 'CONNECTION',
};

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Sorts a failed `sendMail` or `verify` into what the caller must do next (see `SendResult`). */
export function classifySendError(error: unknown): SendFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const reply = (e.response ?? e.message ?? String(error)).slice(0, 500);
  const code = e.code ?? '';
  const responseCode = e.responseCode ?? 0;
  const transport = TRANSPORT_CODES[code];
  if (transport) {
    // A TLS handshake that fails surfaces as a socket error ("wrong version number", certificate errors).
    const tls =
      code === 'ESOCKET' && /ssl|tls|certificate|wrong version number|self[- ]signed/i.test(e.message ?? '');
    return { status: 'TRANSPORT_DOWN', reason: tls ? 'TLS' : transport, reply };
  }
  // RCPT TO refused: the address is what the server objects to.
  if (code === 'EENVELOPE' && responseCode >= 500) return { status: 'BOUNCED', reply };
  // 4xx, at RCPT TO or at DATA: the server asks to be asked again later.
  if ((code === 'EENVELOPE' || code === 'EMESSAGE') && responseCode >= 400 && responseCode < 500) {
    return { status: 'RETRY', reply };
  }
  // DATA refused for good (content, size, policy) and anything unforeseen: the address may be fine, the mail is not.
  return { status: 'FAILED', reply };
}

function isLocalhost(smtpUrl: string): boolean {
  const host = new URL(smtpUrl).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/**
 * One pooled SMTP transport for the process. nodemailer's own logger stays off: its debug output holds addresses and
 * message bodies. This module logs outcomes and reply codes only, never an address or a reply's text.
 */
export function createMailer(
  config: MailConfig,
  { log, production = false }: { log: Logger; production?: boolean },
): Mailer {
  const transport = nodemailer.createTransport(
    {
      url: config.smtpUrl,
      pool: true,
      maxConnections: 2,
      maxMessages: 100,
      logger: false,
      debug: false,
      // smtps:// is TLS from the start; smtp:// upgrades with STARTTLS when offered, and must in production.
      requireTLS: production && !isLocalhost(config.smtpUrl),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from: config.from },
  );

  return {
    from: config.from,
    async verify() {
      try {
        await transport.verify();
        return { ok: true };
      } catch (error) {
        const failure = classifySendError(error);
        const reason = failure.status === 'TRANSPORT_DOWN' ? failure.reason : 'CONNECTION';
        log.warn({ reason, code: (error as SmtpError).code }, 'the mail server cannot be used');
        return { ok: false, reason };
      }
    },
    async send({ to, subject, text, html, headers, replyTo }) {
      try {
        const info = await transport.sendMail({ to, subject, text, html, headers, replyTo });
        return { status: 'SENT', reply: String(info.response ?? '') };
      } catch (error) {
        const failure = classifySendError(error);
        const e = error as SmtpError;
        log[failure.status === 'TRANSPORT_DOWN' ? 'warn' : 'info'](
          { status: failure.status, code: e.code, responseCode: e.responseCode },
          'a mail was not sent',
        );
        return failure;
      }
    },
    close() {
      transport.close();
    },
  };
}
