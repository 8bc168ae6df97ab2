import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO of the envelope: who the server was asked to deliver to, whatever the headers say. */
  rcpt: string[];
  /** MAIL FROM of the envelope. */
  mailFrom: string | undefined;
  mail: ParsedMail;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, with the user and password when the server asks for them. */
  url: string;
  /** Every mail accepted, in the order its DATA finished. */
  mails: ReceivedMail[];
  /** Resolves when at least `n` mails have arrived; rejects after `ms`. */
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  /** From now on, accept `n` more messages and refuse the DATA of every later one; undefined accepts every one. */
  acceptOnly(n: number | undefined): void;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Recipients to refuse at RCPT TO, with the reply code (550 permanent, 451 try later). */
  refuse?: Record<string, number>;
  /** Accept this many messages, then refuse the DATA of every later one with `554 5.6.0`. */
  failDataAfter?: number;
  /** Ask for this user and password (AUTH PLAIN/LOGIN over plain text, as tests need no TLS). */
  auth?: { user: string; pass: string };
  /** Listen on this port (to come back where a closed server was); a free one when unset. */
  port?: number;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** A real SMTP server on a free port of 127.0.0.1 that parses what it receives with mailparser. */
export async function startSmtpServer({
  refuse = {},
  failDataAfter: initialFailDataAfter,
  auth,
  port: chosenPort = 0,
}: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  let failDataAfter = initialFailDataAfter;
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let dataCount = 0;
  const refused = new Map(Object.entries(refuse).map(([address, code]) => [address.toLowerCase(), code]));

  const server = new SMTPServer({
    authOptional: !auth,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    logger: false,
    // A client that never says QUIT must not hold a test's close for smtp-server's default 30 s.
    closeTimeout: 500,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) {
        callback(null, { user: credentials.username });
      } else {
        callback(smtpError('Invalid username or password', 535));
      }
    },
    onRcptTo(address, _session, callback) {
      const code = refused.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      callback(smtpError(code >= 500 ? '5.1.1 No such user' : '4.2.1 Mailbox busy, try again later', code));
    },
    onData(stream, session, callback) {
      dataCount += 1;
      const refuseThis = failDataAfter !== undefined && dataCount > failDataAfter;
      simpleParser(stream).then(
        (mail) => {
          if (refuseThis) return callback(smtpError('5.6.0 Message refused', 554));
          mails.push({
            rcpt: session.envelope.rcptTo.map((r) => r.address),
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            mail,
          });
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(chosenPort, '127.0.0.1', () => resolve());
  });
  // A client that drops a connection is the client's business, not the test's.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';

  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    mails,
    waitFor(n, ms = 5000) {
      if (mails.length >= n) return Promise.resolve(mails);
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (mails.length < n) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(mails);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`expected ${n} mails within ${ms} ms, received ${mails.length}`));
        }, ms);
        waiters.add(wake);
      });
    },
    acceptOnly(n) {
      failDataAfter = n === undefined ? undefined : dataCount + n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
