import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { createApp, type App } from '../app.js';
import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import { createLogger } from '../logger.js';
import type { Project } from '../projects/project.entity.js';
import { manualClock, type ManualClock } from '../scheduler/clock.js';
import { makeProject, makeUser } from '../test/factories.js';
import { actorOf } from '../test/rounds.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { startSmtpServer, type TestSmtpServer } from '../test/smtp.js';
import { RetentionAction } from './retention-action.js';
import { addDays } from './retention.dates.js';
import { RetentionService } from './retention.service.js';

/**
 * The retention jobs as the app registers them, under the manual clock: `retention.warn` mails each researcher once,
 * in their language, through a real SMTP server (and records the warning without one, or when the mail fails);
 * `retention.execute` runs when the scheduler starts and when the date has come, once.
 */

const TODAY = dayOf(new Date());
/** A moment on a given Norwegian day (10:00 UTC is 11:00 or 12:00 in Oslo). */
const on = (day: string): Date => new Date(`${day}T10:00:00Z`);
const PUBLIC_URL = 'https://verdi.example.org';
const HOUR = 3_600_000;

interface Setup {
  project: Project;
  researchers: User[];
  endsOn: string;
}

/** A project ending `inDays` from today with a bokmål and an English researcher, and a manager (never mailed). */
async function projectEnding(
  em: Em,
  name: string,
  inDays: number,
  emails: [string, string] = [
    `forsker.${name.toLowerCase()}@example.org`,
    `researcher.${name.toLowerCase()}@example.org`,
  ],
): Promise<Setup> {
  const project = await makeProject(em, name);
  const nb = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]], email: emails[0] });
  const en = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]], email: emails[1] });
  await em.getConnection().execute(`update users set language = 'en' where id = ?`, [en.id]);
  await makeUser(em, {
    roles: [[project, ProjectRole.MANAGER]],
    email: `leder.${name.toLowerCase()}@example.org`,
  });
  const endsOn = addDays(TODAY, inDays);
  await new RetentionService(em).set(actorOf(nb), project.id, {
    endsOn,
    action: RetentionAction.DELETE,
    reference: 'REK 2025/4242',
  });
  return { project, researchers: [nb, en], endsOn };
}

async function warnings(server: TestServer, projectId: string) {
  return (await server.db.orm.em
    .fork()
    .getConnection()
    .execute(
      `select days_before, recipients, mailed from retention_warnings where project_id = ? order by days_before desc`,
      [projectId],
    )) as { days_before: number; recipients: number; mailed: boolean }[];
}

describe('retention.warn', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let second: App;
  let clock: ManualClock;

  beforeAll(async () => {
    smtp = await startSmtpServer({ refuse: { 'avvist.forsker@example.org': 550 } });
    clock = manualClock(on(TODAY));
    const mail = { smtpUrl: smtp.url, from: 'Verdi <verdi@example.org>' };
    server = await startTestServer({ clock, mail, publicUrl: PUBLIC_URL, retentionWarningDays: [30, 7, 1] });
    // A second instance on the same database, with its own mailer and scheduler.
    second = await createApp({
      orm: server.db.orm,
      log: createLogger('silent'),
      clock,
      mail,
      publicUrl: PUBLIC_URL,
      retentionWarningDays: [30, 7, 1],
      scheduler: { autoStart: false },
    });
  });
  afterAll(async () => {
    await second?.stop();
    await server?.stop();
    await smtp?.close();
  });

  /** Both apps asked to run the job now (kicked, so the interval cannot be what spares a second mail), twice. */
  async function runEverywhere(): Promise<void> {
    for (let i = 0; i < 2; i++) {
      for (const app of [server.app, second]) void app.scheduler.kick('retention.warn');
      const runs = await Promise.all([server.app.scheduler.runDue(), second.scheduler.runDue()]);
      for (const run of runs) {
        expect(run.find((r) => r.name === 'retention.warn')?.outcome).not.toBe('FAILED');
      }
    }
  }

  it('mails each researcher once per warning, in their account’s language, whoever runs it how often', async () => {
    const s = await projectEnding(server.db.orm.em.fork(), 'Varsel', 40);
    const [nb, en] = s.researchers as [User & { email: string }, User & { email: string }];
    const mine = () => smtp.mails.filter((m) => m.mail.subject?.startsWith('Varsel:'));

    clock.set(on(addDays(s.endsOn, -31)));
    await runEverywhere();
    expect(mine()).toHaveLength(0);

    clock.set(on(addDays(s.endsOn, -30)));
    await runEverywhere();
    await smtp.waitFor(2);
    expect(mine()).toHaveLength(2);
    const to = (email: string) => mine().find((m) => m.rcpt.includes(email))!;
    expect(to(nb.email).mail.subject).toBe('Varsel: dataene slettes om 30 dager');
    expect(to(en.email).mail.subject).toBe('Varsel: the data will be deleted in 30 days');
    expect(to(nb.email).mail.text).toContain('REK 2025/4242');
    expect(to(en.email).mail.text).toContain(`${PUBLIC_URL}/projects/${s.project.id}/rounds`);
    expect(to(en.email).mail.html).toContain('lang="en"');
    expect(mine().flatMap((m) => m.rcpt)).not.toContain('leder.varsel@example.org');

    // An hour later, by the interval alone: nothing new.
    clock.advance(HOUR + 1);
    await Promise.all([server.app.scheduler.runDue(), second.scheduler.runDue()]);
    expect(mine()).toHaveLength(2);

    clock.set(on(addDays(s.endsOn, -7)));
    await runEverywhere();
    await smtp.waitFor(4);
    expect(mine().filter((m) => m.mail.subject?.includes('7'))).toHaveLength(2);
    expect(mine()).toHaveLength(4);
    expect(await warnings(server, s.project.id)).toEqual([
      { days_before: 30, recipients: 2, mailed: true },
      { days_before: 7, recipients: 2, mailed: true },
    ]);
  });

  it('keeps the warning, unmailed, when the mail server refuses it, and does not send it again', async () => {
    const s = await projectEnding(server.db.orm.em.fork(), 'Avvist', 20, [
      'avvist.forsker@example.org',
      'avvist.forsker@example.org'.replace('forsker', 'researcher'),
    ]);
    // Only the refused researcher stays on the project.
    await server.db.orm.em
      .fork()
      .getConnection()
      .execute(`delete from memberships where user_id = ?`, [s.researchers[1]!.id]);
    const before = smtp.mails.length;
    clock.set(on(addDays(s.endsOn, -7)));
    await runEverywhere();
    expect(await warnings(server, s.project.id)).toEqual([
      // Claimed with the 7-day one, as it was due too, but never mailed: one mail for two due warnings.
      { days_before: 30, recipients: 0, mailed: false },
      { days_before: 7, recipients: 1, mailed: false },
    ]);
    clock.advance(HOUR + 1);
    await runEverywhere();
    expect(smtp.mails.length).toBe(before);
  });
});

describe('retention.warn without a mail server', () => {
  it('records the warning with mailed = false', async () => {
    const clock = manualClock(on(TODAY));
    const server = await startTestServer({ clock });
    try {
      const s = await projectEnding(server.db.orm.em.fork(), 'Utenpost', 10);
      clock.set(on(addDays(s.endsOn, -7)));
      const runs = await server.app.scheduler.runDue();
      expect(runs.find((r) => r.name === 'retention.warn')).toEqual({
        name: 'retention.warn',
        outcome: 'DONE',
      });
      expect(await warnings(server, s.project.id)).toEqual([
        { days_before: 30, recipients: 0, mailed: false },
        { days_before: 7, recipients: 2, mailed: false },
      ]);
    } finally {
      await server.stop();
    }
  });

  it('records the warning with mailed = false when the mail server is down', async () => {
    const smtp = await startSmtpServer();
    const smtpUrl = smtp.url;
    await smtp.close();
    const clock = manualClock(on(TODAY));
    const server = await startTestServer({ clock, mail: { smtpUrl, from: 'Verdi <verdi@example.org>' } });
    try {
      const s = await projectEnding(server.db.orm.em.fork(), 'Nede', 10);
      clock.set(on(addDays(s.endsOn, -7)));
      const runs = await server.app.scheduler.runDue();
      expect(runs.find((r) => r.name === 'retention.warn')).toEqual({
        name: 'retention.warn',
        outcome: 'DONE',
      });
      expect((await warnings(server, s.project.id)).find((w) => w.days_before === 7)).toEqual({
        days_before: 7,
        recipients: 2,
        mailed: false,
      });
    } finally {
      await server.stop();
    }
  });
});

describe('retention.execute', () => {
  const executed = async (server: TestServer, projectId: string) =>
    (await server.db.orm.em
      .fork()
      .getConnection()
      .execute(`select 1 from audit_events where action = 'RETENTION_EXECUTED' and project_id = ?`, [
        projectId,
      ])) as unknown[];

  it('runs when a restarted instance starts, with no tick, though it ran less than an interval before', async () => {
    const endsOn = addDays(TODAY, 5);
    const clock = manualClock(new Date(on(endsOn).getTime() - 30 * 60_000));
    const server = await startTestServer({ clock });
    let restarted: App | undefined;
    try {
      // The last instance ran the job half an hour ago, when no project was due.
      await server.app.scheduler.runDue();
      const s = await projectEnding(server.db.orm.em.fork(), 'Oppstart', 5);
      expect(s.endsOn).toBe(endsOn);
      clock.advance(30 * 60_000);
      restarted = await createApp({
        orm: server.db.orm,
        log: createLogger('silent'),
        clock,
        scheduler: { autoStart: false, tickMs: 24 * HOUR },
      });
      const runs = await restarted.scheduler.start();
      expect(runs.find((r) => r.name === 'retention.execute')).toEqual({
        name: 'retention.execute',
        outcome: 'DONE',
      });
      expect(await executed(server, s.project.id)).toHaveLength(1);
    } finally {
      await restarted?.stop();
      await server.stop();
    }
  });

  it('does nothing at start before the date, then runs once when the clock passes it', async () => {
    const clock = manualClock(on(TODAY));
    const server = await startTestServer({ clock, scheduler: { tickMs: 3_600_000 } });
    try {
      const s = await projectEnding(server.db.orm.em.fork(), 'Venter', 5);
      clock.set(on(addDays(s.endsOn, -1)));
      await server.app.scheduler.start();
      expect(await executed(server, s.project.id)).toHaveLength(0);
      const [run] = (await server.db.orm.em
        .fork()
        .getConnection()
        .execute(`select 1 from retention_runs where project_id = ?`, [s.project.id])) as unknown[];
      expect(run).toBeUndefined();

      clock.set(on(s.endsOn));
      await server.app.scheduler.runDue();
      expect(await executed(server, s.project.id)).toHaveLength(1);
      clock.advance(2 * HOUR);
      await server.app.scheduler.runDue();
      // Asked for outright, as after a restart: the finished run is left alone.
      expect(await server.app.scheduler.kick('retention.execute')).toEqual({
        name: 'retention.execute',
        outcome: 'DONE',
      });
      expect(await executed(server, s.project.id)).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
