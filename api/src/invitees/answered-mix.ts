import { randomInt } from 'node:crypto';
import type { Em } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { RoundStatus, roundStatusAt } from '../rounds/round.entity.js';
import type { JobDefinition } from '../scheduler/scheduler.js';

/**
 * When an anonymous round's invitee is marked as having answered. Verdi runs with `STRICT_INVITATIONS`; tests weaken
 * one rule at a time to show that the detector in `invitees/test/links.ts` then finds the link.
 */
export interface InvitationPolicy {
  /**
   * `MIX`: kept in memory and written in shuffled batches (anonymous rounds). `SUBMISSION`: in the submission's own
   * transaction, as confidential rounds do on purpose (a link: for tests only).
   */
  markAt: 'MIX' | 'SUBMISSION';
  /** The smallest batch written: the round's k, or a number (smaller than k only in tests). */
  mixMinimum: 'ROUND_K' | number;
}

export const STRICT_INVITATIONS: InvitationPolicy = Object.freeze({ markAt: 'MIX', mixMinimum: 'ROUND_K' });

export interface FlushedRound {
  roundId: string;
  marked: number;
}

interface RoundRow {
  min_group_size: number;
  draft: boolean;
  opens_at: Date;
  closes_at: Date | null;
  closed_at: Date | null;
  unmarked: number;
}

/** Fisher–Yates with a cryptographic source, so the order written says nothing about the order answered. */
function shuffled<T>(values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Which invitees of anonymous rounds have answered, held in this process's memory only until at least k of a round
 * (or all of its invitees still unmarked) can be written together: one dateless, shuffled UPDATE, in a transaction
 * of its own, so that no transaction id, row lock, physical order, date or log line ties an invitee to a response.
 * Marks still held when the process stops are dropped, never written in a smaller batch; a reminder then says "if
 * you have answered already, thank you". One per process (`createApp`); `flush` is run by the scheduler on each
 * instance.
 */
export class AnsweredMix {
  private readonly pending = new Map<string, Set<string>>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private flushing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly policy: InvitationPolicy = STRICT_INVITATIONS,
    private readonly log?: Logger,
  ) {}

  add(roundId: string, inviteeId: string): void {
    let marks = this.pending.get(roundId);
    if (!marks) this.pending.set(roundId, (marks = new Set()));
    marks.add(inviteeId);
  }

  has(inviteeId: string): boolean {
    for (const marks of this.pending.values()) if (marks.has(inviteeId)) return true;
    return false;
  }

  /** How many marks of a round wait in memory (for tests and the scheduler's log, never for an API). */
  pendingIn(roundId: string): number {
    return this.pending.get(roundId)?.size ?? 0;
  }

  /**
   * Runs `work` for one invitee after any other work for the same invitee in this process has finished, so that
   * two devices submitting one ticket at once are answered one after the other (the second as a retry or as
   * ALREADY_SUBMITTED), never both stored.
   */
  async exclusive<T>(inviteeId: string, work: () => Promise<T>): Promise<T> {
    const before = this.inFlight.get(inviteeId) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.set(inviteeId, settled);
    try {
      return await run;
    } finally {
      if (this.inFlight.get(inviteeId) === settled) this.inFlight.delete(inviteeId);
    }
  }

  /**
   * Writes the marks of every round whose batch is ready: at least the minimum (the round's k), or every invitee
   * of the round not yet marked. Marks of a round that has closed or is gone are dropped. `now` decides whether a
   * round is closed, so a test clock rules. Flushes never overlap.
   */
  flush(em: Em, now: Date): Promise<FlushedRound[]> {
    const run = this.flushing.then(() => this.flushNow(em, now));
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async flushNow(em: Em, now: Date): Promise<FlushedRound[]> {
    const flushed: FlushedRound[] = [];
    for (const [roundId, marks] of [...this.pending]) {
      if (marks.size === 0) {
        this.pending.delete(roundId);
        continue;
      }
      const [round] = await em.execute<RoundRow[]>(
        `select min_group_size, draft, opens_at, closes_at, closed_at,
                (select count(*)::int from invitees where round_id = rounds.id and not answered) as unmarked
           from rounds where id = ?`,
        [roundId],
      );
      if (
        !round ||
        roundStatusAt(
          {
            draft: round.draft,
            opensAt: new Date(round.opens_at),
            closesAt: round.closes_at && new Date(round.closes_at),
            closedAt: round.closed_at && new Date(round.closed_at),
          },
          now,
        ) === RoundStatus.CLOSED
      ) {
        // No reminder follows a closed round, and its final count comes from the rows as they are.
        this.pending.delete(roundId);
        continue;
      }
      const minimum =
        this.policy.mixMinimum === 'ROUND_K' ? Math.max(1, round.min_group_size) : this.policy.mixMinimum;
      if (marks.size < minimum && marks.size < round.unmarked) continue;
      const ids = [...marks];
      // uuids are hex and dashes only, so the array literal needs no quoting.
      const marked = await em.transactional(async (tx) => {
        const rows = await (tx as Em).execute<{ id: string }[]>(
          'update invitees set answered = true where id = any(?::uuid[]) and not answered returning id',
          [`{${shuffled(ids).join(',')}}`],
        );
        return rows.length;
      });
      for (const id of ids) marks.delete(id);
      if (marks.size === 0) this.pending.delete(roundId);
      this.log?.info({ round: roundId, marked }, 'answered invitees marked');
      flushed.push({ roundId, marked });
    }
    return flushed;
  }
}

/**
 * The flush as a background job: on every instance (each holds marks of its own in memory), at every tick, with the
 * scheduler clock's time deciding which rounds have closed.
 */
export function answeredMixFlushJob(mix: AnsweredMix): JobDefinition {
  return {
    name: 'invitees.flush',
    mode: 'EACH_INSTANCE',
    run: ({ em, now }) => mix.flush(em, now),
  };
}

let processMix: AnsweredMix | undefined;

/** The process's mix, for code that is not handed one (`createApp` uses it unless given another). */
export function processAnsweredMix(): AnsweredMix {
  return (processMix ??= new AnsweredMix());
}
