import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent, AuditAction } from '../audit/audit-event.entity.js';
import { createApp, type App } from '../app.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { createMailer } from '../mail/mailer.js';
import { RoundService } from '../rounds/round.service.js';
import { Round } from '../rounds/round.entity.js';
import { actorOf } from '../test/rounds.js';
import { startSmtpServer, type TestSmtpServer } from '../test/smtp.js';
import { sendQueuedInvitations } from './invitation-mail.js';
import { InvitationSummary, Invitee } from './invitee.entity.js';
import {
  addInvitees,
  envelopesPerAddress,
  FROM,
  mailRound,
  mailWorld,
  PUBLIC_URL,
  SEND,
  statesOf,
  type MailWorld,
} from './test/mailing.js';

const DAY = 86_400_000;

interface SendResult {
  sendInvitations: {
    counts: Record<string, number>;
    invitationsSentOn: string | null;
    mailError: string | null;
  };
}

let smtp: TestSmtpServer;
let world: MailWorld;

beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: { 'gone@example.org': 550, 'busy@example.org': 451 } });
  world = await mailWorld({ smtp });
});
afterAll(async () => {
  await world?.server.stop();
  await smtp?.close();
});
afterEach(() => {
  smtp.acceptOnly(undefined);
});

const em = () => world.server.db.orm.em.fork();
const send = (w: MailWorld, roundId: string) => w.staff.graphql<SendResult>(SEND, { id: roundId });
const mailsTo = (addresses: readonly string[]) =>
  smtp.mails.filter((m) => m.rcpt.some((r) => addresses.includes(r)));

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('sendInvitations', () => {
  it('mails each invitee once, in their language, with their own link, reply-to and one-click opt-out', async () => {
    const round = await mailRound(world, {
      label: 'Språk',
      count: 3,
      languages: ['nb', 'en', 'nn'],
    });
    await world.staff.graphql(
      `mutation ($id: UUID!) { updateInvitationSettings(roundId: $id, input: {
         replyTo: "forsker@example.org", message: { nb: "Hei fra oss.", en: "Hello from us." } }) { roundId } }`,
      { id: round.roundId },
    );
    const result = await send(world, round.roundId);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.sendInvitations.counts).toMatchObject({ invited: 3, queued: 3, notSent: 0 });
    expect(result.body.data!.sendInvitations.invitationsSentOn).toBe(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(world.clock.now()),
    );
    await world.server.app.scheduler.runDue();
    const emails = round.people.map((p) => p.email);
    const mails = mailsTo(emails);
    expect(mails).toHaveLength(3);
    for (const [i, person] of round.people.entries()) {
      const [received] = mailsTo([person.email]);
      const mail = received!.mail;
      expect(received!.mailFrom).toBe('verdi@example.org');
      expect(mail.text).toContain(`${PUBLIC_URL}/i/${person.ticket}`);
      expect(mail.html).toContain(`${PUBLIC_URL}/i/${person.ticket}`);
      expect(mail.replyTo?.value[0]?.address).toBe('forsker@example.org');
      const list = mail.headers.get('list') as {
        unsubscribe: { url: string };
        'unsubscribe-post': { name: string };
      };
      expect(list.unsubscribe.url).toBe(`${PUBLIC_URL}/mail/opt-out/${person.optOut}`);
      expect(list['unsubscribe-post'].name).toBe('List-Unsubscribe=One-Click');
      // nn has no message of its own, so that invitee gets the whole mail in bokmål.
      const language = ['nb', 'en', 'nb'][i];
      expect(mail.html).toContain(`<html lang="${language}">`);
      expect(mail.text).toContain(language === 'en' ? 'Hello from us.' : 'Hei fra oss.');
    }
    expect(await statesOf(em(), round.roundId)).toEqual(Object.fromEntries(emails.map((e) => [e, 'SENT'])));
  });

  it('refuses a round being prepared, a closed round and one whose addresses are deleted, queueing nothing', async () => {
    const draft = await mailRound(world, { label: 'Utkast', count: 2, draft: true });
    const closed = await mailRound(world, { label: 'Lukket', count: 2 });
    await new RoundService(em()).close(actorOf(world.researcher), closed.roundId);
    const deleted = await mailRound(world, { label: 'Slettet', count: 2 });
    const e = em();
    e.create(InvitationSummary, {
      round: e.getReference(Round, deleted.roundId),
      invited: 2,
      sent: 0,
      bounced: 0,
      failed: 0,
      optedOut: 0,
      answered: 0,
      reminders: 0,
      addressesDeletedOn: '2026-01-01',
    });
    await e.flush();
    for (const [round, message] of [
      [draft, /being prepared/],
      [closed, /closed/],
      [deleted, /deleted/],
    ] as const) {
      const result = await send(world, round.roundId);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(result.body.errors?.[0]?.message).toMatch(message);
      expect(Object.values(await statesOf(em(), round.roundId))).not.toContain('QUEUED');
    }
  });

  it('queues in a scheduled round and mails once it opens', async () => {
    const opensAt = new Date(world.clock.now().getTime() + DAY);
    const round = await mailRound(world, { label: 'Planlagt', count: 2, opensAt });
    const result = await send(world, round.roundId);
    expect(result.body.data!.sendInvitations.counts.queued).toBe(2);
    await world.server.app.scheduler.runDue();
    expect(mailsTo(round.people.map((p) => p.email))).toHaveLength(0);
    // The shared clock only ever moves forward: the send job is due when its last start is not in the future.
    world.clock.set(new Date(opensAt.getTime() + 60_000));
    await world.server.app.scheduler.runDue();
    expect(mailsTo(round.people.map((p) => p.email))).toHaveLength(2);
  });

  it('marks a refused address BOUNCED, tries a busy one three times, and mails everyone else', async () => {
    const round = await mailRound(world, {
      label: 'Avvist',
      emails: ['gone@example.org', 'busy@example.org', 'fine.bounce@example.org'],
    });
    await send(world, round.roundId);
    await world.server.app.scheduler.runDue();
    let rows = await em().find(Invitee, { round: round.roundId });
    const by = (email: string) => rows.find((row) => row.email === email)!;
    expect(by('gone@example.org')).toMatchObject({ state: 'BOUNCED', attempts: 0 });
    expect(by('gone@example.org').lastError).toMatch(/550/);
    expect(by('busy@example.org')).toMatchObject({ state: 'QUEUED', attempts: 1 });
    expect(by('fine.bounce@example.org').state).toBe('SENT');
    await world.server.app.scheduler.runDue();
    await world.server.app.scheduler.runDue();
    rows = await em().find(Invitee, { round: round.roundId });
    expect(by('busy@example.org')).toMatchObject({ state: 'FAILED', attempts: 3 });
    expect((await em().findOneOrFail(Round, round.roundId)).mailError).toBeNull();
  });

  it('audits the count queued, never an address', async () => {
    const round = await mailRound(world, { label: 'Revisjon', count: 2 });
    await send(world, round.roundId);
    const events = await em().find(AuditEvent, {
      action: AuditAction.INVITATIONS_SENT,
      subjectId: round.roundId,
    });
    expect(events.map((event) => event.details)).toEqual([{ queued: 2 }]);
    expect(JSON.stringify(events)).not.toContain('@');
    await world.server.app.scheduler.runDue();
  });
});

describe('mailSetup and invitationPreview', () => {
  it('say that mail is set up, and from whom', async () => {
    const setup = await world.staff.graphql<{ mailSetup: unknown }>('{ mailSetup { configured from } }');
    expect(setup.body.data!.mailSetup).toEqual({ configured: true, from: FROM });
  });

  it("show the round's mail with its real settings and a dummy link, in the language asked", async () => {
    const round = await mailRound(world, { label: 'Forhåndsvisning', count: 1 });
    await world.staff.graphql(
      `mutation ($id: UUID!) { updateInvitationSettings(roundId: $id, input: {
         replyTo: "kontakt@example.org", message: { nb: "Vår egen tekst.", en: "Our own words." } }) { roundId } }`,
      { id: round.roundId },
    );
    const preview = (kind: string, language: string) =>
      world.staff.graphql<{ invitationPreview: { subject: string; text: string; html: string } }>(
        'query ($id: UUID!, $kind: MailKind!, $language: String!) { invitationPreview(roundId: $id, kind: $kind, language: $language) { subject text html } }',
        { id: round.roundId, kind, language },
      );
    const en = (await preview('INVITATION', 'en')).body.data!.invitationPreview;
    expect(en.html).toContain('<html lang="en">');
    expect(en.text).toContain('Our own words.');
    expect(en.text).toContain('kontakt@example.org');
    expect(en.text).toContain(`${PUBLIC_URL}/i/inv.eksempel`);
    expect(en.text).not.toContain(round.people[0]!.ticket);
    const reminder = (await preview('REMINDER', 'nb')).body.data!.invitationPreview;
    expect(reminder.subject).toMatch(/^Påminnelse/);
    expect(reminder.text).toContain('Vår egen tekst.');
    // nn has no message of its own: the whole mail is in bokmål, as the invitee would get it.
    expect((await preview('INVITATION', 'nn')).body.data!.invitationPreview.html).toContain(
      '<html lang="nb">',
    );
    const bad = await preview('INVITATION', 'de');
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { language: 'must be nb, nn or en' },
    });
    expect(smtp.mails.filter((m) => m.rcpt.includes(round.people[0]!.email))).toHaveLength(0);
  });
});

describe('"send the rest"', () => {
  it('after a refused message stops the round, mails each address exactly once', async () => {
    const round = await mailRound(world, { label: 'Resten', count: 10 });
    smtp.acceptOnly(3);
    const first = await send(world, round.roundId);
    const sentOn = first.body.data!.sendInvitations.invitationsSentOn;
    await world.server.app.scheduler.runDue();
    const states = Object.values(await statesOf(em(), round.roundId));
    expect(states.filter((s) => s === 'SENT')).toHaveLength(3);
    expect(states.filter((s) => s === 'FAILED')).toHaveLength(1);
    expect(states.filter((s) => s === 'QUEUED')).toHaveLength(6);
    const error = (await em().findOneOrFail(Round, round.roundId)).mailError;
    expect(error).toMatch(/refused a message/);
    expect(error).not.toContain('@');

    // The server accepts again; two more people are added; a day later the researcher sends the rest.
    smtp.acceptOnly(undefined);
    const tag = round.roundId.slice(0, 6);
    const extra = [`late1.${tag}@example.org`, `late2.${tag}@example.org`];
    await addInvitees(em(), world, round.roundId, extra);
    world.clock.advance(DAY);
    const rest = await send(world, round.roundId);
    expect(rest.body.data!.sendInvitations.counts).toMatchObject({ queued: 9, sent: 3 });
    expect(rest.body.data!.sendInvitations.invitationsSentOn).toBe(sentOn);
    await world.server.app.scheduler.runDue();
    // Pressed once more, and the job runs again: nobody is mailed a second time.
    const again = await send(world, round.roundId);
    expect(again.body.data!.sendInvitations.counts.queued).toBe(0);
    await world.server.app.scheduler.runDue();
    const everyone = [...round.people.map((p) => p.email), ...extra];
    const counts = envelopesPerAddress(mailsTo(everyone));
    expect([...counts.keys()].sort()).toEqual([...everyone].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(Object.values(await statesOf(em(), round.roundId)).every((s) => s === 'SENT')).toBe(true);
    expect((await em().findOneOrFail(Round, round.roundId)).mailError).toBeNull();
  });

  it('hands every claim back when the server goes down, and sends them when it is back', async () => {
    const flaky = await startSmtpServer();
    const port = Number(new URL(flaky.url).port);
    const w = await mailWorld({ smtp: flaky });
    try {
      const round = await mailRound(w, { label: 'Nede', count: 4 });
      expect((await send(w, round.roundId)).body.data!.sendInvitations.counts.queued).toBe(4);
      await flaky.close();
      await w.server.app.scheduler.runDue();
      const e = w.server.db.orm.em.fork();
      expect(Object.values(await statesOf(e, round.roundId))).toEqual(Array(4).fill('QUEUED'));
      const error = (await e.findOneOrFail(Round, round.roundId)).mailError;
      expect(error).toMatch(/could not be used .*CONNECTION/);
      const back = await startSmtpServer({ port });
      try {
        await w.server.app.scheduler.runDue();
        expect(envelopesPerAddress(back.mails)).toEqual(new Map(round.people.map((p) => [p.email, 1])));
        const after = w.server.db.orm.em.fork();
        expect((await after.findOneOrFail(Round, round.roundId)).mailError).toBeNull();
      } finally {
        await back.close();
      }
    } finally {
      await w.server.stop();
    }
  });

  it('puts a lease older than 10 minutes back in the queue, and leaves a younger one', async () => {
    const round = await mailRound(world, { label: 'Leie', count: 2 });
    const [old, young] = round.people;
    const now = world.clock.now().getTime();
    await em().nativeUpdate(
      Invitee,
      { id: old!.id },
      { state: 'SENDING' as never, claimedAt: new Date(now - 11 * 60_000) },
    );
    await em().nativeUpdate(
      Invitee,
      { id: young!.id },
      { state: 'SENDING' as never, claimedAt: new Date(now - 5 * 60_000) },
    );
    await world.server.app.scheduler.runDue();
    const states = await statesOf(em(), round.roundId);
    expect(states[old!.email]).toBe('SENT');
    expect(states[young!.email]).toBe('SENDING');
    expect(mailsTo([young!.email])).toHaveLength(0);
  });
});

describe('a run that breaks half-way', () => {
  it('hands its claims back at once instead of leaving them leased', async () => {
    const round = await mailRound(world, { label: 'Brudd', count: 3 });
    await send(world, round.roundId);
    const log = createLogger('silent');
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM }, { log });
    try {
      // A link that is not http(s) makes the template refuse: a bug, which must not strand the claims.
      await expect(
        sendQueuedInvitations(em(), world.clock.now(), { mailer, publicUrl: 'ftp://verdi.example.org' }, log),
      ).rejects.toThrow(/http/);
    } finally {
      mailer.close();
    }
    expect(Object.values(await statesOf(em(), round.roundId))).toEqual(Array(3).fill('QUEUED'));
    await world.server.app.scheduler.runDue();
    expect(envelopesPerAddress(mailsTo(round.people.map((p) => p.email)))).toEqual(
      new Map(round.people.map((p) => [p.email, 1])),
    );
  });
});

describe('without a working mail server', () => {
  it('answers MAIL_NOT_CONFIGURED without SMTP_URL, and queues nothing', async () => {
    const w = await mailWorld({});
    try {
      const round = await mailRound(w, { label: 'Ingen post', count: 3 });
      const result = await send(w, round.roundId);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('MAIL_NOT_CONFIGURED');
      const setup = await w.staff.graphql<{ mailSetup: unknown }>('{ mailSetup { configured from } }');
      expect(setup.body.data!.mailSetup).toEqual({ configured: false, from: null });
      await w.server.app.scheduler.runDue();
      expect(Object.values(await statesOf(w.server.db.orm.em.fork(), round.roundId))).toEqual(
        Array(3).fill('NEW'),
      );
    } finally {
      await w.server.stop();
    }
  });

  it('answers MAIL_UNAVAILABLE with the reason when the server cannot be reached, and queues nothing', async () => {
    const w = await mailWorld({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
    try {
      const round = await mailRound(w, { label: 'Nede ved start', count: 3 });
      const result = await send(w, round.roundId);
      expect(result.body.errors?.[0]?.extensions).toMatchObject({
        code: 'MAIL_UNAVAILABLE',
        reason: 'CONNECTION',
      });
      const e = w.server.db.orm.em.fork();
      expect(Object.values(await statesOf(e, round.roundId))).toEqual(Array(3).fill('NEW'));
      expect((await e.findOneOrFail(Round, round.roundId)).invitationsSentOn).toBeNull();
      expect(await e.count(AuditEvent, { action: AuditAction.INVITATIONS_SENT })).toBe(0);
    } finally {
      await w.server.stop();
    }
  });

  it('answers MAIL_UNAVAILABLE with AUTH when the server refuses the password', async () => {
    const guarded = await startSmtpServer({ auth: { user: 'verdi', pass: 'riktig' } });
    const w = await mailWorld({ smtpUrl: guarded.url.replace('riktig', 'feil') });
    try {
      const round = await mailRound(w, { label: 'Feil passord', count: 1 });
      const result = await send(w, round.roundId);
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'MAIL_UNAVAILABLE', reason: 'AUTH' });
      expect(result.body.errors?.[0]?.message).not.toContain('feil');
    } finally {
      await w.server.stop();
      await guarded.close();
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)('two API instances on one PostgreSQL server', () => {
  let secondOrm: Orm | undefined;
  let second: App | undefined;
  afterAll(async () => {
    await second?.stop();
    await secondOrm?.close(true);
  });

  it('mail each address exactly once when both send at once', async () => {
    secondOrm = await openDatabase({ databaseUrl: world.server.db.location });
    second = await createApp({
      orm: secondOrm,
      log: createLogger('silent'),
      clock: world.clock,
      scheduler: { autoStart: false },
      mail: { smtpUrl: smtp.url, from: FROM },
      publicUrl: PUBLIC_URL,
    });
    const round = await mailRound(world, { label: 'To instanser', count: 60 });
    await send(world, round.roundId);
    await Promise.all([world.server.app.scheduler.runDue(), second.scheduler.runDue()]);
    // And the jobs' work itself, without the lock that spares it: two claims at once take different rows.
    const more = await mailRound(world, { label: 'Uten lås', count: 60 });
    await send(world, more.roundId);
    const log = createLogger('silent');
    const mailers = [1, 2].map(() => createMailer({ smtpUrl: smtp.url, from: FROM }, { log }));
    try {
      const runs = await Promise.all(
        [world.server.db.orm, secondOrm, world.server.db.orm, secondOrm].map((orm, i) =>
          sendQueuedInvitations(
            orm.em.fork(),
            world.clock.now(),
            { mailer: mailers[i % 2], publicUrl: PUBLIC_URL },
            log,
          ),
        ),
      );
      expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(60);
    } finally {
      for (const mailer of mailers) mailer.close();
    }
    for (const r of [round, more]) {
      const emails = r.people.map((p) => p.email);
      const counts = envelopesPerAddress(mailsTo(emails));
      expect(counts.size).toBe(60);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    }
  });
});
