import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { startTestServer } from '../test/server.js';
import { manualClock } from './clock.js';
import { advisoryJobLock, jobLockFor, noJobLock } from './job-lock.js';
import { Scheduler, type JobContext, type JobDefinition } from './scheduler.js';

const log = createLogger('silent');
const HOUR = 60 * 60 * 1000;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** A job that records each run's context; each test uses its own names, as the table is shared in this file. */
function recorder(name: string, extra: Partial<JobDefinition> = {}) {
  const runs: JobContext[] = [];
  const job: JobDefinition = {
    name,
    mode: 'ONE_INSTANCE',
    run: async (context) => {
      runs.push(context);
    },
    ...extra,
  };
  return { job, runs };
}

async function row(name: string) {
  const rows = await db.orm.em
    .fork()
    .getConnection()
    .execute<
      { last_started_at: string; last_finished_at: string; last_error: string | null; runs: number }[]
    >(
      `select to_json(last_started_at) #>> '{}' as last_started_at, to_json(last_finished_at) #>> '{}' as last_finished_at,
              last_error, runs
         from scheduled_jobs where name = ?`,
      [name],
    );
  const found = rows[0];
  return (
    found && {
      ...found,
      last_started_at: new Date(found.last_started_at),
      last_finished_at: new Date(found.last_finished_at),
    }
  );
}

function scheduler(clock = manualClock('2026-12-05T09:00:00Z'), lock = noJobLock): Scheduler {
  return new Scheduler({ orm: db.orm, log, clock, lock });
}

describe('the scheduler', () => {
  it('runs due jobs and onStart jobs at start, each mode, with the clock’s time', async () => {
    const clock = manualClock('2026-12-05T09:00:00Z');
    const s = scheduler(clock);
    const one = recorder('start.one', { everyMs: HOUR });
    const each = recorder('start.each', { mode: 'EACH_INSTANCE', everyMs: HOUR });
    s.register(one.job);
    s.register(each.job);
    expect(await s.start()).toEqual([
      { name: 'start.one', outcome: 'DONE' },
      { name: 'start.each', outcome: 'DONE' },
    ]);
    expect(one.runs[0]).toMatchObject({
      now: new Date('2026-12-05T09:00:00Z'),
      starting: true,
      kicked: false,
    });
    expect(each.runs).toHaveLength(1);
    await s.stop();

    // A restart within the hour: the ONE_INSTANCE job is not due, unless it asks to run on start.
    const again = scheduler(clock);
    const notDue = recorder('start.one', { everyMs: HOUR });
    const retention = recorder('start.retention', { everyMs: HOUR, onStart: true });
    again.register(notDue.job);
    again.register(retention.job);
    await db.orm.em
      .fork()
      .getConnection()
      .execute(`insert into scheduled_jobs (name, last_started_at) values ('start.retention', ?)`, [
        clock.now().toISOString(),
      ]);
    expect(await again.start()).toEqual([{ name: 'start.retention', outcome: 'DONE' }]);
    expect(notDue.runs).toHaveLength(0);
    await again.stop();
  });

  it('takes due-ness of ONE_INSTANCE jobs from scheduled_jobs, shared by every instance', async () => {
    const clock = manualClock('2026-12-05T10:00:00Z');
    const a = scheduler(clock);
    const b = scheduler(clock);
    const inA = recorder('due.hourly', { everyMs: HOUR });
    const inB = recorder('due.hourly', { everyMs: HOUR });
    a.register(inA.job);
    b.register(inB.job);

    await a.runDue();
    expect(await row('due.hourly')).toMatchObject({
      last_started_at: new Date('2026-12-05T10:00:00Z'),
      last_finished_at: new Date('2026-12-05T10:00:00Z'),
      runs: 1,
    });
    expect(await b.runDue()).toEqual([]);
    clock.advance(HOUR - 1000);
    expect(await b.runDue()).toEqual([]);
    clock.advance(1000);
    expect(await b.runDue()).toEqual([{ name: 'due.hourly', outcome: 'DONE' }]);
    expect(await a.runDue()).toEqual([]);
    expect([inA.runs.length, inB.runs.length]).toEqual([1, 1]);
    expect((await row('due.hourly'))?.runs).toBe(2);
  });

  it('keeps EACH_INSTANCE due-ness per instance', async () => {
    const clock = manualClock('2026-12-05T10:00:00Z');
    const a = scheduler(clock);
    const b = scheduler(clock);
    const inA = recorder('each.flush', { mode: 'EACH_INSTANCE', everyMs: 60_000 });
    const inB = recorder('each.flush', { mode: 'EACH_INSTANCE', everyMs: 60_000 });
    a.register(inA.job);
    b.register(inB.job);
    await a.runDue();
    await b.runDue();
    await a.runDue();
    expect([inA.runs.length, inB.runs.length]).toEqual([1, 1]);
    clock.advance(60_000);
    await a.runDue();
    expect(inA.runs.length).toBe(2);
  });

  it('runs a kicked job at the next runDue when not started, and at once when started', async () => {
    const clock = manualClock('2026-12-05T11:00:00Z');
    const s = scheduler(clock);
    const { job, runs } = recorder('kick.send', { everyMs: HOUR });
    s.register(job);
    await s.runDue();
    expect(runs).toHaveLength(1);
    expect(await s.kick('kick.send')).toBeUndefined();
    expect(runs).toHaveLength(1);
    expect(await s.runDue()).toEqual([{ name: 'kick.send', outcome: 'DONE' }]);
    expect(runs[1]?.kicked).toBe(true);
    await s.start();
    expect(await s.kick('kick.send')).toEqual({ name: 'kick.send', outcome: 'DONE' });
    expect(runs).toHaveLength(3);
    expect(() => s.kick('kick.unknown')).toThrow(/no job "kick.unknown"/);
    await s.stop();
    expect(await s.runDue()).toEqual([]);
  });

  it('records a failing job’s error, still runs the others, and clears the error after a success', async () => {
    const clock = manualClock('2026-12-05T12:00:00Z');
    const s = scheduler(clock);
    let fail = true;
    s.register({
      name: 'fail.first',
      mode: 'ONE_INSTANCE',
      run: async () => {
        if (fail) throw new Error('the mail server said no');
      },
    });
    const after = recorder('fail.after');
    s.register(after.job);
    expect(await s.runDue()).toEqual([
      { name: 'fail.first', outcome: 'FAILED', error: 'the mail server said no' },
      { name: 'fail.after', outcome: 'DONE' },
    ]);
    expect(await row('fail.first')).toMatchObject({ last_error: 'the mail server said no', runs: 1 });
    expect(after.runs).toHaveLength(1);
    fail = false;
    clock.advance(1);
    await s.runDue();
    expect(await row('fail.first')).toMatchObject({ last_error: null, runs: 2 });
  });

  it('runs a ONE_INSTANCE job once when two instances found it due, without a lock: the claim decides', async () => {
    const clock = manualClock('2026-12-05T13:00:00Z');
    const a = scheduler(clock);
    const b = scheduler(clock);
    let runs = 0;
    const job: JobDefinition = {
      name: 'claim.once',
      mode: 'ONE_INSTANCE',
      everyMs: HOUR,
      run: async () => {
        runs += 1;
      },
    };
    // b reads due-ness, then is held by a job of its own while a runs the shared job: b's view is stale.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    b.register({
      name: 'claim.gate',
      mode: 'EACH_INSTANCE',
      run: async () => {
        entered();
        await gate;
      },
    });
    a.register(job);
    b.register(job);
    const late = b.runDue();
    await inside;
    expect(await a.runDue()).toEqual([{ name: 'claim.once', outcome: 'DONE' }]);
    release();
    expect(await late).toEqual([
      { name: 'claim.gate', outcome: 'DONE' },
      { name: 'claim.once', outcome: 'NOT_DUE' },
    ]);
    expect(runs).toBe(1);
  });

  it('rejects bad and duplicate names', () => {
    const s = scheduler();
    expect(() => s.register({ name: 'Invitees Send', mode: 'ONE_INSTANCE', run: async () => {} })).toThrow();
    s.register({ name: 'dup.job', mode: 'ONE_INSTANCE', run: async () => {} });
    expect(() => s.register({ name: 'dup.job', mode: 'EACH_INSTANCE', run: async () => {} })).toThrow(
      /twice/,
    );
  });

  it('uses advisory locks on a server and none on PGlite', () => {
    const lock = jobLockFor(db.orm, log);
    if (process.env.DATABASE_URL) expect(lock).not.toBe(noJobLock);
    else expect(lock).toBe(noJobLock);
  });

  it('is the app’s: not started in tests, started on listen with autoStart, stopped by stop()', async () => {
    const clock = manualClock('2026-12-05T14:00:00Z');
    const server = await startTestServer({ clock });
    try {
      const { job, runs } = recorder('app.job');
      server.app.scheduler.register(job);
      expect(server.app.scheduler.started).toBe(false);
      expect(server.app.mailer).toBeUndefined();
      await server.app.scheduler.runDue();
      expect(runs[0]?.now).toEqual(clock.now());
    } finally {
      await server.stop();
    }
    const auto = await startTestServer({ clock, scheduler: { autoStart: true } });
    try {
      expect(auto.app.scheduler.started).toBe(true);
    } finally {
      await auto.stop();
    }
    expect(auto.app.scheduler.started).toBe(false);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('two schedulers on one PostgreSQL server', () => {
  it('let one hold a job’s lock while the job runs; the other skips it, then may run it', async () => {
    const url = db.location;
    const clock = manualClock('2026-12-05T15:00:00Z');
    const a = new Scheduler({ orm: db.orm, log, clock, lock: advisoryJobLock(url, log) });
    const b = new Scheduler({ orm: db.orm, log, clock, lock: advisoryJobLock(url, log) });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let runs = 0;
    const job: JobDefinition = {
      name: 'lock.blocked',
      mode: 'ONE_INSTANCE',
      run: async () => {
        runs += 1;
        entered();
        await gate;
      },
    };
    a.register(job);
    b.register(job);
    try {
      const first = a.runDue();
      await inside;
      // Kicked, so that due-ness cannot be what keeps b out: only the lock can.
      void b.kick('lock.blocked');
      expect(await b.runDue()).toEqual([{ name: 'lock.blocked', outcome: 'LOCKED' }]);
      expect(runs).toBe(1);
      release();
      expect(await first).toEqual([{ name: 'lock.blocked', outcome: 'DONE' }]);
      void b.kick('lock.blocked');
      expect(await b.runDue()).toEqual([{ name: 'lock.blocked', outcome: 'DONE' }]);
      expect(runs).toBe(2);
    } finally {
      release();
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
