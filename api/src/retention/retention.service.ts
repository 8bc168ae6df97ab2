import { createHash } from 'node:crypto';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/viewer.js';
import { dayOf } from '../common/dates.js';
import { ValidationError } from '../common/errors.js';
import type { Em } from '../db/orm.js';
import { Project } from '../projects/project.entity.js';
import { ProjectService } from '../projects/project.service.js';
import { Round } from '../rounds/round.entity.js';
import { daysLeftUntil, isCalendarDay } from './retention.dates.js';
import { assertRetentionNotStarted } from './retention.guard.js';
import { RetentionRun, RetentionWarning } from './retention.entity.js';
import { receiptText } from './retention.receipt.js';
import {
  type ProjectRetention,
  type RetentionReceipt,
  type RetentionScheduleEntry,
  RetentionState,
  type SetProjectRetentionInput,
} from './retention.types.js';

/** The fields of a finished run that its digest covers, in a fixed order. */
export function receiptFields(run: RetentionRun): Record<string, unknown> {
  return {
    runId: run.id,
    projectId: run.project.id,
    projectName: run.projectName,
    organisation: run.organisation,
    reference: run.reference,
    action: run.action,
    endsOn: run.endsOn,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    roundsDone: run.roundsDone,
    counts: Object.fromEntries(Object.entries(run.counts).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export function digestOf(run: RetentionRun): string {
  return createHash('sha256')
    .update(JSON.stringify(receiptFields(run)))
    .digest('hex');
}

export class RetentionService {
  constructor(private readonly em: Em) {}

  /**
   * Sets a project's end date, action and approval reference. The date must be tomorrow or later in Norway (today
   * or earlier would run at once, without warnings); refused once the run has started. Audited with old and new.
   */
  async set(
    viewer: Viewer,
    projectId: string,
    input: SetProjectRetentionInput,
    now = new Date(),
  ): Promise<Project> {
    const project = await new ProjectService(this.em).get(projectId);
    await assertRetentionNotStarted(this.em, project.id);
    const endsOn = input.endsOn.trim();
    const today = dayOf(now);
    if (!isCalendarDay(endsOn)) throw ValidationError.forFields({ endsOn: 'is not a date (YYYY-MM-DD)' });
    if (endsOn <= today) {
      throw ValidationError.forFields({
        endsOn: `must be tomorrow or later; today is ${today} in Norway`,
      });
    }
    if (endsOn > `${Number(today.slice(0, 4)) + 100}${today.slice(4)}`) {
      throw ValidationError.forFields({ endsOn: 'is more than 100 years away; check the year' });
    }
    const reference = input.reference.trim();
    const before = {
      endsOn: project.retentionEndsOn,
      action: project.retentionAction,
      reference: project.retentionReference,
    };
    const after = { endsOn, action: input.action, reference };
    if (JSON.stringify(before) === JSON.stringify(after)) return project;
    project.retentionEndsOn = endsOn;
    project.retentionAction = input.action;
    project.retentionReference = reference;
    new AuditService(this.em).record({
      action: AuditAction.RETENTION_SET,
      actorId: viewer.userId,
      subjectType: 'Project',
      subjectId: project.id,
      projectId: project.id,
      details: { before, after },
    });
    await this.em.flush();
    return project;
  }

  /** The project's retention as its members see it; null when no end date is set and nothing has run. */
  async of(project: Project, now = new Date()): Promise<ProjectRetention | null> {
    const run = await this.em.findOne(RetentionRun, { project: project.id });
    const endsOn = run?.endsOn ?? project.retentionEndsOn;
    const action = run?.action ?? project.retentionAction;
    const reference = run?.reference ?? project.retentionReference;
    if (!endsOn || !action || reference == null) return null;
    const warningsSent = await this.warningsSent(project.id, endsOn);
    return {
      endsOn,
      action,
      reference,
      daysLeft: daysLeftUntil(endsOn, now),
      state: stateOf(run, warningsSent),
      warningsSent,
      doneAt: run?.finishedAt ?? null,
    };
  }

  /** The receipt of the project's finished run, in nb, nn or en; null until the run has finished. */
  async receipt(projectId: string, language: 'nb' | 'nn' | 'en' = 'nb'): Promise<RetentionReceipt | null> {
    await new ProjectService(this.em).get(projectId);
    const run = await this.em.findOne(RetentionRun, { project: projectId });
    if (!run?.finishedAt || !run.digest) return null;
    const labels = new Map(
      (await this.em.find(Round, { id: { $in: run.roundsDone } }, { fields: ['id', 'label'] })).map((r) => [
        r.id,
        r.label,
      ]),
    );
    const { exportsBefore = 0, ...counts } = run.counts;
    const receipt: Omit<RetentionReceipt, 'text'> = {
      runId: run.id,
      projectId,
      projectName: run.projectName,
      organisation: run.organisation,
      reference: run.reference,
      action: run.action,
      endsOn: run.endsOn,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      rounds: run.roundsDone.map((id) => ({ id, label: labels.get(id) ?? id })),
      counts: Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, count]) => ({ kind, count })),
      exportsBefore,
      digest: run.digest,
      digestValid: digestOf(run) === run.digest,
    };
    return { ...receipt, text: receiptText(receipt, language) };
  }

  /** Every project with an end date or a run, soonest first, for admins. */
  async schedule(now = new Date()): Promise<RetentionScheduleEntry[]> {
    const projects = await this.em.find(
      Project,
      { retentionEndsOn: { $ne: null } },
      { orderBy: { retentionEndsOn: 'asc', name: 'asc' } },
    );
    const runs = new Map((await this.em.find(RetentionRun, {})).map((run) => [run.project.id, run] as const));
    const warnings = await this.em.find(RetentionWarning, {}, { orderBy: { daysBefore: 'desc' } });
    const entries: RetentionScheduleEntry[] = [];
    for (const project of projects) {
      const run = runs.get(project.id);
      const endsOn = run?.endsOn ?? project.retentionEndsOn!;
      const warningsSent = warnings
        .filter((w) => w.project.id === project.id && w.endsOn === endsOn)
        .map((w) => w.daysBefore);
      entries.push({
        projectId: project.id,
        projectName: project.name,
        organisation: project.organisation,
        endsOn,
        action: run?.action ?? project.retentionAction!,
        reference: run?.reference ?? project.retentionReference!,
        daysLeft: daysLeftUntil(endsOn, now),
        warningsSent,
        state: stateOf(run ?? null, warningsSent),
        roundsDone: run?.roundsDone.length ?? 0,
        startedAt: run?.startedAt ?? null,
        finishedAt: run?.finishedAt ?? null,
      });
    }
    return entries.sort(
      (a, b) => a.endsOn.localeCompare(b.endsOn) || a.projectName.localeCompare(b.projectName),
    );
  }

  private async warningsSent(projectId: string, endsOn: string): Promise<number[]> {
    const warnings = await this.em.find(
      RetentionWarning,
      { project: projectId, endsOn },
      { orderBy: { daysBefore: 'desc' } },
    );
    return warnings.map((w) => w.daysBefore);
  }
}

function stateOf(run: RetentionRun | null, warningsSent: number[]): RetentionState {
  if (run?.finishedAt) return RetentionState.DONE;
  if (run) return RetentionState.RUNNING;
  return warningsSent.length > 0 ? RetentionState.WARNED : RetentionState.SCHEDULED;
}
