import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import { runStatement } from '../db/statement.js';
import { RetentionAction } from './retention-action.js';
import { type RetentionCounts, RetentionRun } from './retention.entity.js';
import { digestOf } from './retention.service.js';

/** Test hooks: `afterRound` runs after each round's transaction commits, so a test can cut a run short there. */
export interface RetentionRunHooks {
  afterRound?: (projectId: string, roundId: string) => void | Promise<void>;
}

/** What one call did for one project whose end date has come. */
export interface RetentionRunResult {
  projectId: string;
  runId: string;
  action: RetentionAction;
  /** Rounds done by this call (not those done before it). */
  roundsDoneNow: number;
  finished: boolean;
  /** Why the run stopped before finishing; it resumes on the next call. */
  error?: unknown;
}

type Tx = Em;
const num = (value: unknown): number => Number(value ?? 0);

/** Adds one round's counts to the run's, kind by kind. */
function added(total: RetentionCounts, more: RetentionCounts): RetentionCounts {
  const sum: RetentionCounts = { ...total };
  for (const [kind, count] of Object.entries(more)) sum[kind] = (sum[kind] ?? 0) + count;
  return sum;
}

/**
 * Deletes the round's links and codes and its invitees (with their e-mail addresses), whatever the action, and with
 * `summaries` the counts kept when the addresses were deleted before (DELETE leaves no trace of who was asked).
 */
async function deleteInvitations(
  tx: Tx,
  roundId: string,
  { summaries }: { summaries: boolean },
): Promise<RetentionCounts> {
  const [invitations] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from invitations where round_id = $1 returning 1) select count(*) as n from d`,
    [roundId],
  );
  const [invitees] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from invitees where round_id = $1 returning 1) select count(*) as n from d`,
    [roundId],
  );
  const counts: RetentionCounts = {
    invitationsDeleted: num(invitations?.n),
    inviteesDeleted: num(invitees?.n),
  };
  if (summaries) {
    const [deleted] = await runStatement<{ n: string }>(
      tx,
      `with d as (delete from invitation_summaries where round_id = $1 returning 1) select count(*) as n from d`,
      [roundId],
    );
    counts.invitationSummariesDeleted = num(deleted?.n);
  }
  return counts;
}

/** Deletes every response of the round with all that hangs on it, its links and codes, and its invitees. */
async function deleteRound(tx: Tx, roundId: string): Promise<RetentionCounts> {
  const [answers] = await runStatement<{ all: string; text: string }>(
    tx,
    `with d as (delete from answers a using responses r where a.response_id = r.id and r.round_id = $1
                returning a.text is not null as is_text)
     select count(*) as all, count(*) filter (where is_text) as text from d`,
    [roundId],
  );
  const [scores] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from construct_scores s using responses r where s.response_id = r.id and r.round_id = $1
                returning 1)
     select count(*) as n from d`,
    [roundId],
  );
  const [tags] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from text_tags t using responses r where t.response_id = r.id and r.round_id = $1 returning 1)
     select count(*) as n from d`,
    [roundId],
  );
  const [consents] = await runStatement<{ n: string; hashes: string[] | null }>(
    tx,
    `with d as (delete from response_consents c using responses r where c.response_id = r.id and r.round_id = $1
                returning c.consent_text_hash)
     select count(*) as n, array_agg(distinct consent_text_hash) as hashes from d`,
    [roundId],
  );
  const [responses] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from responses where round_id = $1 returning 1) select count(*) as n from d`,
    [roundId],
  );
  const [texts] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from consent_texts t where t.hash = any($1::text[])
                  and not exists (select 1 from response_consents c where c.consent_text_hash = t.hash)
                returning 1)
     select count(*) as n from d`,
    [consents?.hashes ?? []],
  );
  const [members] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from release_members m using releases r where m.release_id = r.id and r.round_id = $1
                returning 1)
     select count(*) as n from d`,
    [roundId],
  );
  return {
    ...(await deleteInvitations(tx, roundId, { summaries: true })),
    responsesDeleted: num(responses?.n),
    answersDeleted: num(answers?.all),
    textAnswersDeleted: num(answers?.text),
    constructScoresDeleted: num(scores?.n),
    textTagsDeleted: num(tags?.n),
    consentRecordsDeleted: num(consents?.n),
    consentTextsDeleted: num(texts?.n),
    releaseMembersDeleted: num(members?.n),
  };
}

/**
 * Keeps the round's submitted numeric answers and scores and removes what could point at a person: free text and
 * its tags, drafts and withdrawn responses, linkage keys, submission, resume and receipt hashes, exact times, links
 * and codes, and invitees with their addresses (the invitations' summary of counts stays). Every date becomes the
 * round's first day, in one UPDATE, so the rows share one `xmin` too.
 */
async function anonymiseRound(tx: Tx, roundId: string, firstDay: string): Promise<RetentionCounts> {
  // Free text and dates go with their answers; an "other, specify" text goes from its choice answer, which stays.
  const [text] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from answers a using responses r
                 where a.response_id = r.id and r.round_id = $1 and a.text is not null and a.choices is null
                 returning 1),
          o as (update answers a set text = null from responses r
                 where a.response_id = r.id and r.round_id = $1 and a.text is not null and a.choices is not null
                 returning 1)
     select (select count(*) from d) + (select count(*) from o) as n`,
    [roundId],
  );
  const [tags] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from text_tags t using responses r where t.response_id = r.id and r.round_id = $1 returning 1)
     select count(*) as n from d`,
    [roundId],
  );
  const gone = `r.round_id = $1 and r.status <> 'SUBMITTED'`;
  const [answers] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from answers a using responses r where a.response_id = r.id and ${gone} returning 1)
     select count(*) as n from d`,
    [roundId],
  );
  const [scores] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from construct_scores s using responses r where s.response_id = r.id and ${gone} returning 1)
     select count(*) as n from d`,
    [roundId],
  );
  const [consents] = await runStatement<{ n: string }>(
    tx,
    `with d as (delete from response_consents c using responses r where c.response_id = r.id and ${gone} returning 1)
     select count(*) as n from d`,
    [roundId],
  );
  const [unsubmitted] = await runStatement<{ drafts: string; withdrawn: string }>(
    tx,
    `with d as (delete from responses r where ${gone} returning r.status)
     select count(*) filter (where status = 'IN_PROGRESS') as drafts,
            count(*) filter (where status = 'WITHDRAWN') as withdrawn from d`,
    [roundId],
  );
  const [linked] = await runStatement<{ n: string }>(
    tx,
    `select count(*) as n from responses where round_id = $1 and linkage_hash is not null`,
    [roundId],
  );
  const [changed] = await runStatement<{ n: string }>(
    tx,
    `with u as (update responses
                   set linkage_hash = null, submission_key = null, resume_hash = null, receipt_hash = null,
                       invitation_id = null, submitted_at = null,
                       started_on = $2::date, updated_on = $2::date, submitted_on = $2::date
                 where round_id = $1 returning 1)
     select count(*) as n from u`,
    [roundId, firstDay],
  );
  return {
    ...(await deleteInvitations(tx, roundId, { summaries: false })),
    textAnswersDeleted: num(text?.n),
    textTagsDeleted: num(tags?.n),
    draftsDeleted: num(unsubmitted?.drafts),
    withdrawnDeleted: num(unsubmitted?.withdrawn),
    answersDeleted: num(answers?.n),
    constructScoresDeleted: num(scores?.n),
    consentRecordsDeleted: num(consents?.n),
    linkageKeysRemoved: num(linked?.n),
    responsesAnonymised: num(changed?.n),
  };
}

/**
 * One round in one transaction: the run row is locked and its `rounds_done` read again first, so a round done
 * before a crash, or by another caller meanwhile, is never counted twice. Returns false when it was done already.
 */
async function runRound(
  em: Em,
  runId: string,
  action: RetentionAction,
  roundId: string,
  now: Date,
): Promise<boolean> {
  return em.fork().transactional(async (transaction) => {
    const tx = transaction as Em;
    // A large round can take longer than the request timeout the pool's connections carry; this is no request.
    await runStatement(tx, `set local statement_timeout = 0`, []);
    const [run] = await runStatement<{ rounds_done: string[]; counts: RetentionCounts }>(
      tx,
      `select rounds_done::text[] as rounds_done, counts from retention_runs where id = $1 for update`,
      [runId],
    );
    if (!run || run.rounds_done.includes(roundId)) return false;
    const [round] = await runStatement<{ project_id: string; first_day: string; closed: boolean }>(
      tx,
      `select project_id, (opens_at at time zone 'Europe/Oslo')::date::text as first_day,
              (closed_at is not null or (closes_at is not null and closes_at <= $2)) as closed
         from rounds where id = $1 for update`,
      [roundId, now],
    );
    if (!round) return false;
    let counts: RetentionCounts = { rounds: 1, roundsClosed: 0 };
    if (!round.closed) {
      await runStatement(tx, `update rounds set closed_at = $2, updated_at = $2 where id = $1`, [
        roundId,
        now,
      ]);
      counts.roundsClosed = 1;
      const event = new AuditService(tx).record({
        action: AuditAction.ROUND_CLOSED,
        subjectType: 'Round',
        subjectId: roundId,
        projectId: round.project_id,
        details: { by: 'retention', runId },
      });
      event.at = now;
    }
    counts = added(
      counts,
      action === RetentionAction.DELETE
        ? await deleteRound(tx, roundId)
        : await anonymiseRound(tx, roundId, round.first_day),
    );
    await runStatement(
      tx,
      `update retention_runs set rounds_done = array_append(rounds_done, $2::uuid), counts = $3::jsonb where id = $1`,
      [runId, roundId, JSON.stringify(added(run.counts, counts))],
    );
    return true;
  });
}

/** Starts the project's run, or finds the one started before (a run's action and date never change). */
async function runOf(em: Em, projectId: string, now: Date): Promise<{ id: string; action: RetentionAction }> {
  await runStatement(
    em,
    `insert into retention_runs (id, project_id, action, ends_on, reference, project_name, organisation, started_at,
                                 rounds_done, counts)
     select $1, p.id, p.retention_action, p.retention_ends_on, p.retention_reference, p.name, p.organisation, $3,
            '{}', '{}'
       from projects p where p.id = $2
     on conflict (project_id) do nothing`,
    [randomUUID(), projectId, now],
  );
  const [run] = await runStatement<{ id: string; action: RetentionAction }>(
    em,
    `select id, action::text as action from retention_runs where project_id = $1`,
    [projectId],
  );
  return run!;
}

/** Seals a run whose rounds are all done: exports downloaded before it, the finish time, the digest, the audit. */
async function finish(em: Em, runId: string, now: Date): Promise<void> {
  await em.fork().transactional(async (transaction) => {
    const tx = transaction as Em;
    const run = await tx.findOne(RetentionRun, { id: runId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!run || run.finishedAt) return;
    const [exports] = await runStatement<{ n: string }>(
      tx,
      `select count(*) as n from audit_events where project_id = $1 and action = 'EXPORT_DOWNLOADED' and at <= $2`,
      [run.project.id, now],
    );
    run.counts = { ...run.counts, exportsBefore: num(exports?.n) };
    run.finishedAt = now;
    run.digest = digestOf(run);
    const event = new AuditService(tx).record({
      action: AuditAction.RETENTION_EXECUTED,
      subjectType: 'Project',
      subjectId: run.project.id,
      projectId: run.project.id,
      details: {
        runId: run.id,
        action: run.action,
        endsOn: run.endsOn,
        reference: run.reference,
        rounds: run.roundsDone.length,
        counts: run.counts,
        digest: run.digest,
      },
    });
    event.at = now;
    await tx.flush();
  });
}

/**
 * Carries out the retention action of every project whose end date has come (`dayOf(now) ≥ end date`, in Norway)
 * and whose run has not finished: round by round, each in its own transaction that also records it in the run's
 * `rounds_done`, so a run cut short (crash, restart, error) resumes where it stopped without counting a round twice.
 * Then it seals the receipt (counts, digest) and audits `RETENTION_EXECUTED`. Idempotent: a finished run is never
 * touched again. A project that fails is reported in its result and retried on the next call; the others go on.
 *
 * Rounds created in the project while its run is under way are refused (`RETENTION_DONE`); one created just before
 * the run started is picked up because the rounds are listed after the run row exists.
 */
export async function runRetention(
  em: Em,
  now: Date,
  hooks: RetentionRunHooks = {},
): Promise<RetentionRunResult[]> {
  const due = await runStatement<{ id: string }>(
    em,
    `select p.id from projects p
       left join retention_runs r on r.project_id = p.id
      where p.retention_ends_on <= $1::date and (r.id is null or r.finished_at is null)
      order by p.retention_ends_on, p.id`,
    [dayOf(now)],
  );
  const results: RetentionRunResult[] = [];
  for (const { id: projectId } of due) {
    const run = await runOf(em, projectId, now);
    const result: RetentionRunResult = {
      projectId,
      runId: run.id,
      action: run.action,
      roundsDoneNow: 0,
      finished: false,
    };
    results.push(result);
    try {
      const rounds = await runStatement<{ id: string }>(
        em,
        `select id from rounds where project_id = $1 order by opens_at, id`,
        [projectId],
      );
      for (const round of rounds) {
        if (await runRound(em, run.id, run.action, round.id, now)) {
          result.roundsDoneNow++;
          await hooks.afterRound?.(projectId, round.id);
        }
      }
      await finish(em, run.id, now);
      result.finished = true;
    } catch (error) {
      result.error = error;
    }
  }
  if (results.some((result) => result.roundsDoneNow > 0)) {
    try {
      // Outside any transaction, as VACUUM must be: deleted invitees' addresses leave the table's pages now.
      await em.getConnection().execute('vacuum invitees', [], 'run');
    } catch {
      // The rows are deleted either way; autovacuum clears the pages later.
    }
  }
  return results;
}
