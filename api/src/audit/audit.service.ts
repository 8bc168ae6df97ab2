import type { Em } from '../db/orm.js';
import { AuditAction, AuditEvent } from './audit-event.entity.js';

export interface AuditEntry {
  action: AuditAction;
  actorId?: string | null;
  subjectType?: string;
  subjectId?: string;
  projectId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditPage {
  events: AuditEvent[];
  total: number;
}

export class AuditService {
  constructor(private readonly em: Em) {}

  /** Queues the event in the caller's unit of work, so it is stored in the same transaction as the change. */
  record(entry: AuditEntry): AuditEvent {
    return this.em.create(AuditEvent, {
      action: entry.action,
      actorId: entry.actorId ?? null,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      projectId: entry.projectId ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
    });
  }

  async list(filter: { action?: AuditAction | null; limit: number; offset: number }): Promise<AuditPage> {
    const where = filter.action ? { action: filter.action } : {};
    const [events, total] = await this.em.findAndCount(AuditEvent, where, {
      orderBy: { at: 'desc', id: 'desc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { events, total };
  }

  /** Failed sign-ins since a moment, for one attempted email or one address. */
}
