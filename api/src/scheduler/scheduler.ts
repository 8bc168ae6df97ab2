import type { Em, Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { systemClock, type Clock } from './clock.js';
import { noJobLock, type JobLock } from './job-lock.js';

/**
 * `ONE_INSTANCE`: one run per interval across all instances (due-ness from `scheduled_jobs`, which every instance
 * shares), e.g. sending queued invitations. `EACH_INSTANCE`: every instance runs it on its own interval, for work on
 * the instance's own memory, e.g. flushing the answered-mix.
 */
export type JobMode = 'ONE_INSTANCE' | 'EACH_INSTANCE';

export interface JobContext {
  /** A fresh fork for this run; the job flushes or commits what it writes itself. */
  em: Em;
  /**
   * The scheduler clock's time when the run began. Job SQL takes it (or `dayOf(now)`) as a parameter, never
   * `now()` or `current_date`, so that tests move time with a `ManualClock`.
   */
  now: Date;
  log: Logger;
  /** True in the run `start()` makes at once. */
  starting: boolean;
  /** True when the run was asked for with `kick(name)` rather than found due. */
  kicked: boolean;
}

export interface JobDefinition {
  /** Unique, lowercase, dotted by module: `invitees.send`, `retention.execute`. Also the lock key and table key. */
  name: string;
  mode: JobMode;
  /** The least time between the starts of two runs; 0 (the default) runs the job at every tick. */
  everyMs?: number;
  /** Run in `start()` whether due or not (e.g. retention, which must not wait an interval after a restart). */
  onStart?: boolean;
  /**
   * The work. Must be safe to run twice at once (claim rows with `UPDATE … WHERE <state>` or `INSERT … ON CONFLICT
   * DO NOTHING RETURNING`): the lock spares work but is no guarantee. A thrown error is recorded in
   * `scheduled_jobs.last_error` and logged, and the other jobs still run; never put an address in its message.
   */
  run(context: JobContext): Promise<unknown>;
}

/** `DONE`/`FAILED`: it ran. `LOCKED`: another instance is running it. `NOT_DUE`: another instance claimed this period. */
export type JobOutcome = 'DONE' | 'FAILED' | 'LOCKED' | 'NOT_DUE';

export interface JobRun {
  name: string;
  outcome: JobOutcome;
  /** The error's message when `FAILED`. */
  error?: string;
}

export interface SchedulerOptions {
  orm: Orm;
  log: Logger;
  clock?: Clock;
  /** How often `start()` looks for due jobs; VERDI_SCHEDULER_TICK_MS, 60 s by default. */
  tickMs?: number;
  /** `advisoryJobLock` on a PostgreSQL server, `noJobLock` (the default) on PGlite. */
  lock?: JobLock;
}

const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/**
 * Runs background jobs in the API process: at `start()` and every tick after, one job at a time, each on a fresh
 * EntityManager fork with the time from the injected clock. Modules register their jobs on `app.scheduler`:
 *
 * ```ts
 * app.scheduler.register({ name: 'invitees.send', mode: 'ONE_INSTANCE', run: ({ em, now }) => sendQueued(em, now) });
 * app.scheduler.kick('invitees.send'); // run it now (or at the next runDue() when the scheduler is not started)
 * ```
 *
 * Tests create the app with `scheduler: { autoStart: false }` and a `ManualClock`, then `await app.scheduler.runDue()`.
 */
export class Scheduler {
  readonly clock: Clock;
  readonly tickMs: number;
  private readonly orm: Orm;
  private readonly log: Logger;
  private readonly lock: JobLock;
  private readonly jobs = new Map<string, JobDefinition>();
  /** EACH_INSTANCE jobs' last start in this process. */
  private readonly startedHere = new Map<string, number>();
  private readonly kicked = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private tickQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private state: 'NEW' | 'STARTED' | 'STOPPED' = 'NEW';

  constructor({ orm, log, clock = systemClock, tickMs = 60_000, lock = noJobLock }: SchedulerOptions) {
    this.orm = orm;
    this.log = log;
    this.clock = clock;
    this.tickMs = tickMs;
    this.lock = lock;
  }

  /** Adds a job; it takes part from the next `runDue()` or tick. A name may be registered once. */
  register(job: JobDefinition): void {
    if (!JOB_NAME.test(job.name))
      throw new Error(`"${job.name}" is not a job name (lowercase, dotted: "invitees.send")`);
    if (this.jobs.has(job.name)) throw new Error(`the job "${job.name}" is registered twice`);
    if (job.everyMs !== undefined && !(job.everyMs >= 0))
      throw new Error(`the job "${job.name}" has a bad everyMs`);
    this.jobs.set(job.name, job);
  }

  /** The registered jobs, in the order they run. */
  get registered(): readonly JobDefinition[] {
    return [...this.jobs.values()];
  }

  get started(): boolean {
    return this.state === 'STARTED';
  }

  /**
   * Runs the due jobs (and those with `onStart`) at once, then every `tickMs` on an unref'd timer. Resolves when the
   * first round is done; main.ts does not wait for it.
   */
  start(): Promise<JobRun[]> {
    if (this.state !== 'NEW') return Promise.resolve([]);
    this.state = 'STARTED';
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
    return this.enqueue(() => this.runDueNow({ starting: true }));
  }

  /** Runs every job that is due now (after anything already running). Tests await it instead of ticks. */
  runDue(options: { starting?: boolean } = {}): Promise<JobRun[]> {
    if (this.state === 'STOPPED') return Promise.resolve([]);
    return this.enqueue(() => this.runDueNow(options));
  }

  /**
   * Asks for a run of `name` now, due or not: at once when the scheduler is started (the promise says how it went),
   * otherwise at the next `runDue()`. Never rejects.
   */
  kick(name: string): Promise<JobRun | undefined> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job "${name}" is registered`);
    this.kicked.add(name);
    if (this.state !== 'STARTED') return Promise.resolve(undefined);
    return this.enqueue(async () => {
      if (!this.kicked.delete(name) || this.state !== 'STARTED') return undefined;
      return this.runJob(job, { starting: false, kicked: true, forced: true });
    });
  }

  /** Stops the timer and waits for the job that is running; later calls do nothing. */
  async stop(): Promise<void> {
    if (this.state === 'STOPPED') return;
    this.state = 'STOPPED';
    clearInterval(this.timer);
    await this.queue;
    await this.lock.close();
  }

  private tick(): void {
    if (this.tickQueued || this.state !== 'STARTED') return;
    this.tickQueued = true;
    this.enqueue(() => {
      this.tickQueued = false;
      return this.runDueNow({});
    }).catch((error: unknown) => this.log.error({ err: error }, 'a scheduler tick failed'));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runDueNow({ starting = false }: { starting?: boolean }): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    if (this.jobs.size === 0) return runs;
    const now = this.clock.now();
    let lastStarted: Map<string, number>;
    try {
      lastStarted = await this.lastStarts();
    } catch (error) {
      this.log.warn({ err: error }, 'could not read scheduled_jobs; no job ran');
      return runs;
    }
    for (const job of this.jobs.values()) {
      if (this.state === 'STOPPED') break;
      const kicked = this.kicked.delete(job.name);
      const forced = kicked || (starting && job.onStart === true);
      const last = job.mode === 'ONE_INSTANCE' ? lastStarted.get(job.name) : this.startedHere.get(job.name);
      const due = last === undefined || last <= now.getTime() - (job.everyMs ?? 0);
      if (forced || due) runs.push(await this.runJob(job, { starting, kicked, forced }));
    }
    return runs;
  }

  private async lastStarts(): Promise<Map<string, number>> {
    const rows = await this.orm.em
      .fork()
      .getConnection()
      // As ISO 8601 text: the server driver returns timestamps as PostgreSQL's own text, PGlite as Dates.
      .execute<{ name: string; last_started_at: string | null }[]>(
        `select name, to_json(last_started_at) #>> '{}' as last_started_at from scheduled_jobs`,
        [],
        'all',
      );
    return new Map(
      rows
        .filter((row) => row.last_started_at !== null)
        .map((row) => [row.name, new Date(row.last_started_at!).getTime()]),
    );
  }

  private async runJob(
    job: JobDefinition,
    { starting, kicked, forced }: { starting: boolean; kicked: boolean; forced: boolean },
  ): Promise<JobRun> {
    const work = async (): Promise<JobRun> => {
      const now = this.clock.now();
      const em = this.orm.em.fork();
      if (!(await this.claim(em, job, now, forced))) return { name: job.name, outcome: 'NOT_DUE' };
      if (job.mode === 'EACH_INSTANCE') this.startedHere.set(job.name, now.getTime());
      let error: string | null = null;
      try {
        await job.run({ em, now, log: this.log.child({ job: job.name }), starting, kicked });
      } catch (thrown) {
        error = (thrown instanceof Error ? thrown.message : String(thrown)).slice(0, 1000) || 'failed';
        this.log.error({ err: thrown, job: job.name }, 'a background job failed');
      }
      await this.orm.em
        .fork()
        .getConnection()
        .execute(
          'update scheduled_jobs set last_finished_at = ?, last_error = ?, runs = runs + 1 where name = ?',
          [this.clock.now().toISOString(), error, job.name],
          'run',
        );
      return error === null
        ? { name: job.name, outcome: 'DONE' }
        : { name: job.name, outcome: 'FAILED', error };
    };
    try {
      if (job.mode === 'EACH_INSTANCE') return await work();
      const locked = await this.lock.tryWith(job.name, work);
      return locked.ran ? locked.value : { name: job.name, outcome: 'LOCKED' };
    } catch (thrown) {
      // The scheduler's own bookkeeping failed (the database is down): the next tick tries again.
      const error = thrown instanceof Error ? thrown.message : String(thrown);
      this.log.warn({ err: thrown, job: job.name }, 'could not run a background job');
      return { name: job.name, outcome: 'FAILED', error };
    }
  }

  /**
   * Marks the run as started. For a ONE_INSTANCE job that is not forced this is the real guarantee of one run per
   * period, with or without the lock: of two instances that both found it due, only one updates the row.
   */
  private async claim(em: Em, job: JobDefinition, now: Date, forced: boolean): Promise<boolean> {
    const conditional = job.mode === 'ONE_INSTANCE' && !forced;
    const rows = await em.getConnection().execute<{ name: string }[]>(
      `insert into scheduled_jobs (name, last_started_at, runs) values (?, ?::timestamptz, 0)
       on conflict (name) do update set last_started_at = excluded.last_started_at
        where not ?::boolean
           or scheduled_jobs.last_started_at is null
           or scheduled_jobs.last_started_at <= excluded.last_started_at - ?::double precision * interval '1 millisecond'
       returning name`,
      [job.name, now.toISOString(), conditional, job.everyMs ?? 0],
      'all',
    );
    return rows.length === 1;
  }
}
