import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { AnonymityMode } from '../rounds/round.entity.js';
import { startSmtpServer, type TestSmtpServer } from '../test/smtp.js';
import { AnsweredMix, STRICT_INVITATIONS } from './answered-mix.js';
import { createLogger } from '../logger.js';
import { createMailer } from '../mail/mailer.js';
import { isReminderHour, sendReminders } from './invitation-mail.js';
import { Invitee } from './invitee.entity.js';
import {
  answer,
  daysAfter,
  envelopesPerAddress,
  FROM,
  mailRound,
  mailWorld,
  morning,
  norwegianTime,
  OPT_OUT,
  PUBLIC_URL,
  REMIND,
  SEND,
  type MailRound,
  type MailWorld,
} from './test/mailing.js';

/**
 * Reminders under a clock the test moves: due on the reminder days counted from the day invitations
 * went out, only in the day time in Norway, only to those who were mailed, have not answered and have not opted out
 * (through the GraphQL operation or the mail client's RFC 8058 one-click POST).
 */

let smtp: TestSmtpServer;
let world: MailWorld;
const mix = new AnsweredMix(STRICT_INVITATIONS);
const start = morning();
/** A confidential round: a answers, b and c opt out, d's address is refused, e and f get every reminder. */
let main: MailRound;
/** An anonymous round with k = 3: the first three answer, and are marked by the mix's flush. */
let anonymous: MailRound;
/** A round the researcher reminds by hand. */
let byHand: MailRound;

const em = () => world.server.db.orm.em.fork();
const at = (days: number, hour = 10) => world.clock.set(daysAfter(start, days, hour));
const tick = () => world.server.app.scheduler.runDue();
const mailsTo = (email: string) => smtp.mails.filter((m) => m.rcpt.includes(email));
const count = (email: string) => mailsTo(email).length;
const countsOf = (round: MailRound) => round.people.map((p) => count(p.email));

beforeAll(async () => {
  smtp = await startSmtpServer({ refuse: { 'refused.reminder@example.org': 550 } });
  world = await mailWorld({ smtp, answeredMix: mix, start });
  const tag = Date.now().toString(36);
  main = await mailRound(world, {
    label: 'Påminnelser',
    emails: ['a', 'b', 'c', 'refused.reminder', 'e', 'f'].map((n) =>
      n.includes('.') ? `${n}@example.org` : `${n}.${tag}@example.org`,
    ),
  });
  anonymous = await mailRound(world, {
    label: 'Anonym',
    count: 5,
    anonymity: AnonymityMode.ANONYMOUS,
    k: 3,
  });
  byHand = await mailRound(world, { label: 'For hånd', count: 3 });
  for (const round of [main, anonymous, byHand]) {
    const sent = await world.staff.graphql(SEND, { id: round.roundId });
    expect(sent.body.errors).toBeUndefined();
  }
  await tick();
});
afterAll(async () => {
  await world?.server.stop();
  await smtp?.close();
});

describe('reminders', () => {
  it('start from one invitation each; the refused address is BOUNCED', async () => {
    expect(countsOf(main)).toEqual([1, 1, 1, 0, 1, 1]);
    const refused = await em().findOneOrFail(Invitee, { email: 'refused.reminder@example.org' });
    expect(refused.state).toBe('BOUNCED');
    expect(countsOf(anonymous)).toEqual([1, 1, 1, 1, 1]);
  });

  it('are stopped by an answer, the opt-out operation and the one-click POST; a GET changes nothing', async () => {
    const [a, b, c, , e] = main.people;
    await answer(world, a!.ticket);
    expect((await em().findOneOrFail(Invitee, a!.id)).answered).toBe(true);

    const optedOut = await world.server.client().graphql(OPT_OUT, { token: b!.optOut });
    expect(optedOut.body).toEqual({ data: { optOutOfReminders: true } });
    // An unknown token gets the same answer.
    const unknown = await world.server.client().graphql(OPT_OUT, { token: 'out.finnes-ikke' });
    expect(unknown.body).toEqual({ data: { optOutOfReminders: true } });

    const post = (token: string) =>
      fetch(`${world.server.url}/mail/opt-out/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    expect((await post(c!.optOut)).status).toBe(200);
    expect((await post('out.finnes-ikke')).status).toBe(200);

    const get = await fetch(`${world.server.url}/mail/opt-out/${e!.optOut}`, { redirect: 'manual' });
    expect(get.status).toBe(303);
    expect(get.headers.get('location')).toBe(`/u/${e!.optOut}`);

    const rows = await em().find(Invitee, { round: main.roundId }, { orderBy: { email: 'asc' } });
    expect(rows.filter((row) => row.optedOut).map((row) => row.email)).toEqual([b!.email, c!.email]);
  });

  it('in an anonymous round, are stopped for those the mix has marked', async () => {
    for (const person of anonymous.people.slice(0, 3)) await answer(world, person.ticket);
    // As answered-mix.test.ts does: the flush the scheduler runs on each instance.
    expect(await mix.flush(em(), world.clock.now())).toEqual([{ roundId: anonymous.roundId, marked: 3 }]);
  });

  it('sent by hand go out at once, at night too, once a day', async () => {
    at(2, 22);
    const first = await world.staff.graphql<{ sendRemindersNow: { counts: { reminders: number } } }>(REMIND, {
      id: byHand.roundId,
    });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.sendRemindersNow.counts.reminders).toBe(3);
    expect(countsOf(byHand)).toEqual([2, 2, 2]);
    const second = await world.staff.graphql(REMIND, { id: byHand.roundId });
    expect(second.body.errors).toBeUndefined();
    expect(countsOf(byHand)).toEqual([2, 2, 2]);
    const reminder = mailsTo(byHand.people[0]!.email)[1]!.mail;
    expect(reminder.subject).toMatch(/^Påminnelse/);
    expect(reminder.text).toContain(`/i/${byHand.people[0]!.ticket}`);
  });

  it('are not due on day 6', async () => {
    at(6);
    await tick();
    expect(countsOf(main)).toEqual([1, 1, 1, 0, 1, 1]);
    expect(countsOf(anonymous)).toEqual([1, 1, 1, 1, 1]);
  });

  it('wait for the morning on day 7, then go once to those who have not answered', async () => {
    at(7, 7);
    await tick();
    expect(countsOf(main)).toEqual([1, 1, 1, 0, 1, 1]);
    at(7, 10);
    await tick();
    expect(countsOf(main)).toEqual([1, 1, 1, 0, 2, 2]);
    expect(countsOf(anonymous)).toEqual([1, 1, 1, 2, 2]);
    // By hand on day 2 counts as the first: the second is due on day 14.
    expect(countsOf(byHand)).toEqual([2, 2, 2]);
    at(7, 12);
    await tick();
    expect(countsOf(main)).toEqual([1, 1, 1, 0, 2, 2]);
  });

  it('send the second on day 14, and nothing after the last reminder day', async () => {
    at(14, 6);
    await tick();
    expect(countsOf(main)).toEqual([1, 1, 1, 0, 2, 2]);
    at(14, 10);
    await tick();
    expect(countsOf(main)).toEqual([1, 1, 1, 0, 3, 3]);
    expect(countsOf(anonymous)).toEqual([1, 1, 1, 3, 3]);
    expect(countsOf(byHand)).toEqual([3, 3, 3]);
    at(21, 10);
    await tick();
    at(28, 10);
    await tick();
    expect(countsOf(main)).toEqual([1, 1, 1, 0, 3, 3]);
    expect([...envelopesPerAddress(smtp.mails).values()].every((n) => n <= 3)).toBe(true);
  });

  it('are audited per round and number, with counts only', async () => {
    const events = await em().find(AuditEvent, {
      action: AuditAction.REMINDERS_SENT,
      subjectId: main.roundId,
    });
    const details = events.map((event) => event.details as { count: number; number: number });
    expect(details.sort((x, y) => x.number - y.number)).toEqual([
      { count: 2, number: 1 },
      { count: 2, number: 2 },
    ]);
    const manual = await em().find(AuditEvent, {
      action: AuditAction.REMINDERS_SENT,
      subjectId: byHand.roundId,
    });
    expect(manual.map((event) => [event.details, event.actorId !== null])).toContainEqual([
      { count: 3, number: 1 },
      true,
    ]);
    const counts = await world.staff.graphql<{ roundInvitations: { counts: Record<string, number> } }>(
      'query ($id: UUID!) { roundInvitations(roundId: $id) { counts { reminders optedOut answered bounced } } }',
      { id: main.roundId },
    );
    expect(counts.body.data!.roundInvitations.counts).toEqual({
      reminders: 4,
      optedOut: 2,
      answered: 1,
      bounced: 1,
    });
  });
});

describe('two senders at once', () => {
  it('remind each invitee once: every row is claimed before its mail goes', async () => {
    const round = await mailRound(world, { label: 'Samtidig', count: 20 });
    await world.staff.graphql(SEND, { id: round.roundId });
    await tick();
    expect(countsOf(round)).toEqual(Array(20).fill(1));
    const log = createLogger('silent');
    const mailers = [1, 2, 3].map(() => createMailer({ smtpUrl: smtp.url, from: FROM }, { log }));
    try {
      const orm = world.server.db.orm;
      const runs = await Promise.all(
        mailers.map((mailer) =>
          sendReminders(orm.em.fork(), world.clock.now(), { mailer, publicUrl: PUBLIC_URL }, log, {
            roundId: round.roundId,
          }),
        ),
      );
      expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(20);
    } finally {
      for (const mailer of mailers) mailer.close();
    }
    expect(countsOf(round)).toEqual(Array(20).fill(2));
  });
});

describe('a reminder run that breaks half-way', () => {
  it('gives its claim back, so the reminder goes out on the next run', async () => {
    const round = await mailRound(world, { label: 'Brudd', count: 2 });
    await world.staff.graphql(SEND, { id: round.roundId });
    await tick();
    expect(countsOf(round)).toEqual([1, 1]);
    const log = createLogger('silent');
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM }, { log });
    try {
      const orm = world.server.db.orm;
      // A link that is not http(s) makes the template refuse: a bug, which must not use up the reminder.
      await expect(
        sendReminders(
          orm.em.fork(),
          world.clock.now(),
          { mailer, publicUrl: 'ftp://verdi.example.org' },
          log,
          {
            roundId: round.roundId,
          },
        ),
      ).rejects.toThrow(/http/);
      const rows = await orm.em.fork().find(Invitee, { round: round.roundId });
      expect(rows.map((row) => [row.remindersSent, row.lastRemindedOn])).toEqual([
        [0, null],
        [0, null],
      ]);
      const run = await sendReminders(
        orm.em.fork(),
        world.clock.now(),
        { mailer, publicUrl: PUBLIC_URL },
        log,
        {
          roundId: round.roundId,
        },
      );
      expect(run.sent).toBe(2);
    } finally {
      mailer.close();
    }
    expect(countsOf(round)).toEqual([2, 2]);
  });
});

describe('the reminder hours', () => {
  it.each([
    ['a winter morning', '2027-01-12', 7, false],
    ['a winter morning', '2027-01-12', 8, true],
    ['a winter evening', '2027-01-12', 19, true],
    ['a winter evening', '2027-01-12', 20, false],
    ['a summer morning', '2027-07-12', 7, false],
    ['a summer morning', '2027-07-12', 8, true],
    ['a summer evening', '2027-07-12', 19, true],
    ['a summer evening', '2027-07-12', 20, false],
  ])('on %s (%s) at %i:00 in Norway: %s', (_what, day, hour, allowed) => {
    expect(isReminderHour(norwegianTime(new Date(`${day}T12:00:00Z`), hour))).toBe(allowed);
    expect(
      isReminderHour(new Date(norwegianTime(new Date(`${day}T12:00:00Z`), hour).getTime() - 60_000)),
    ).toBe(hour === 20 ? true : hour === 8 ? false : allowed);
  });
});
