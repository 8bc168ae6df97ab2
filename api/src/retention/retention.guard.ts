import { RetentionDoneError } from '../common/errors.js';
import type { Em } from '../db/orm.js';
import { runStatement } from '../db/statement.js';

interface StartedRun {
  project_name: string;
  action: string;
  started_on: string;
}

async function startedRun(em: Em, projectId: string): Promise<StartedRun | undefined> {
  const [run] = await runStatement<StartedRun>(
    em,
    `select project_name, action::text as action, (started_at at time zone 'Europe/Oslo')::date::text as started_on
       from retention_runs where project_id = $1`,
    [projectId],
  );
  return run;
}

/**
 * Refuses a write to a project whose retention run has started (or finished): its rounds may not be created,
 * changed, opened, copied or given codes, and its retention may not be set again. One lookup by a unique key.
 */
export async function assertRetentionNotStarted(em: Em, projectId: string): Promise<void> {
  const run = await startedRun(em, projectId);
  if (run) throw new RetentionDoneError(run.project_name, run.action, run.started_on);
}

/** Refuses an export of a project whose data a DELETE run removed; anonymised data still exports. */
export async function assertDataNotDeleted(em: Em, projectId: string): Promise<void> {
  const run = await startedRun(em, projectId);
  if (run?.action === 'DELETE') throw new RetentionDoneError(run.project_name, run.action, run.started_on);
}
