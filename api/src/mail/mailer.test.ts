import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../logger.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../test/smtp.js';
import { createMailer, type Mailer, type MailMessage } from './mailer.js';

const FROM = 'Verdi <verdi@example.org>';
const open: { close(): unknown }[] = [];

afterEach(async () => {
  // Clients first: the server waits for open connections before it closes.
  for (const thing of open.splice(0).reverse()) await thing.close();
});

function capturingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino<never>({ level: 'trace' }, stream), lines };
}

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const smtp = await startSmtpServer(options);
  open.push(smtp);
  return smtp;
}

function mailer(smtpUrl: string, log = capturingLog().log): Mailer {
  const m = createMailer({ smtpUrl, from: FROM }, { log });
  open.push(m);
  return m;
}

const message = (to: string, n = 1): MailMessage => ({
  to,
  subject: `Invitasjon ${n}`,
  text: `Hei ${n}`,
  html: `<p>Hei ${n}</p>`,
});

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('the mailer against a real SMTP server', () => {
  it('verifies a server that answers', async () => {
    const smtp = await server();
    expect(await mailer(smtp.url).verify()).toEqual({ ok: true });
  });

  it('says CONNECTION when nothing listens', async () => {
    const port = await closedPort();
    expect(await mailer(`smtp://127.0.0.1:${port}`).verify()).toEqual({ ok: false, reason: 'CONNECTION' });
    const sent = await mailer(`smtp://127.0.0.1:${port}`).send(message('ingen@example.org'));
    expect(sent).toMatchObject({ status: 'TRANSPORT_DOWN', reason: 'CONNECTION' });
  });

  it('says TLS when smtps:// meets a server that does not speak TLS', async () => {
    const smtp = await server();
    const plain = smtp.url.replace('smtp://', 'smtps://');
    expect(await mailer(plain).verify()).toEqual({ ok: false, reason: 'TLS' });
  });

  it('says AUTH for a wrong password, and verifies the right one (percent-encoded)', async () => {
    const smtp = await server({ auth: { user: 'verdi', pass: 'p@ss word' } });
    expect(await mailer(smtp.url).verify()).toEqual({ ok: true });
    const wrong = smtp.url.replace('p%40ss%20word', 'feil');
    expect(wrong).not.toBe(smtp.url);
    expect(await mailer(wrong).verify()).toEqual({ ok: false, reason: 'AUTH' });
    expect(await mailer(wrong).send(message('deltaker@example.org'))).toMatchObject({
      status: 'TRANSPORT_DOWN',
      reason: 'AUTH',
    });
  });

  it('sends 50 mails over the pool, each arriving once to its own recipient', async () => {
    const smtp = await server();
    const m = mailer(smtp.url);
    const to = Array.from({ length: 50 }, (_, i) => `deltaker${i}@example.org`);
    const results = await Promise.all(to.map((address, i) => m.send(message(address, i))));
    expect(results.every((r) => r.status === 'SENT')).toBe(true);
    await smtp.waitFor(50);
    expect(smtp.mails.map((r) => r.rcpt.join()).sort()).toEqual([...to].sort());
    expect(smtp.mails[0]!.mail.from?.value[0]?.address).toBe('verdi@example.org');
  });

  it('classifies a refused recipient: 550 BOUNCED, 451 RETRY, and sends the others', async () => {
    const smtp = await server({ refuse: { 'borte@example.org': 550, 'opptatt@example.org': 451 } });
    const m = mailer(smtp.url);
    expect(await m.send(message('borte@example.org'))).toMatchObject({ status: 'BOUNCED', reply: /550/ });
    expect(await m.send(message('opptatt@example.org'))).toMatchObject({ status: 'RETRY', reply: /451/ });
    expect(await m.send(message('her@example.org'))).toMatchObject({ status: 'SENT' });
    await smtp.waitFor(1);
    expect(smtp.mails.map((r) => r.rcpt)).toEqual([['her@example.org']]);
  });

  it('says FAILED when the server refuses the message itself at DATA', async () => {
    const smtp = await server({ failDataAfter: 1 });
    const m = mailer(smtp.url);
    expect(await m.send(message('en@example.org'))).toMatchObject({ status: 'SENT' });
    expect(await m.send(message('to@example.org'))).toMatchObject({ status: 'FAILED', reply: /554/ });
    expect(smtp.mails).toHaveLength(1);
  });

  it('logs outcomes but never an address, a reply text or the password', async () => {
    const { log, lines } = capturingLog();
    const smtp = await server({
      auth: { user: 'verdi', pass: 'hemmelig' },
      refuse: { 'borte@deltaker.example.org': 550, 'opptatt@deltaker.example.org': 451 },
      failDataAfter: 1,
    });
    const m = mailer(smtp.url, log);
    await m.send(message('her@deltaker.example.org'));
    await m.send(message('borte@deltaker.example.org'));
    await m.send(message('opptatt@deltaker.example.org'));
    await m.send(message('sist@deltaker.example.org'));
    await mailer(smtp.url.replace('hemmelig', 'feil'), log).verify();
    await mailer(`smtp://127.0.0.1:${await closedPort()}`, log).send(message('ute@deltaker.example.org'));
    const all = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(all).toMatch(/BOUNCED/);
    expect(all).not.toMatch(/deltaker\.example\.org|No such user|hemmelig|feil@/);
  });
});
