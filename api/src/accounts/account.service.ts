import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Em } from '../db/orm.js';
import { Project } from '../projects/project.entity.js';
import type { Viewer } from '../auth/viewer.js';
import type {
  CreateUserInput,
  SetMembershipInput,
  UpdateMeInput,
  UpdateUserInput,
} from './account.inputs.js';
import { normaliseEmail, revokeCredentials } from './auth.service.js';
import { Membership } from './membership.entity.js';
import { hashPassword } from './password.js';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';

const EMAIL_TAKEN = 'is already used by another account';
const NOT_APPROVED =
  'cannot be given to an account that is waiting for approval: approve the account first (approveUser)';

export class AccountService {
  private readonly audit: AuditService;

  constructor(private readonly em: Em) {
    this.audit = new AuditService(em);
  }

  async me(viewer: Viewer | null): Promise<User | null> {
    return viewer ? this.em.findOne(User, { id: viewer.userId }) : null;
  }

  /** Accounts waiting for approval first, so that an admin sees them; then by name. */
  listUsers(): Promise<User[]> {
    return this.em.find(User, {}, { orderBy: { pendingApproval: 'desc', name: 'asc', id: 'asc' } });
  }

  async getUser(id: string): Promise<User> {
    const user = isUuid(id) ? await this.em.findOne(User, { id }) : null;
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  async createUser(actor: Viewer | null, input: CreateUserInput): Promise<User> {
    const email = normaliseEmail(input.email);
    if (await this.em.count(User, { email })) throw ValidationError.forFields({ email: EMAIL_TAKEN });
    const user = this.em.create(User, {
      email,
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      language: input.language ?? undefined,
      isAdmin: input.isAdmin ?? false,
    });
    this.audit.record({
      action: AuditAction.USER_CREATED,
      actorId: actor?.userId,
      subjectType: 'User',
      subjectId: user.id,
      details: { email, isAdmin: user.isAdmin },
    });
    await this.flush();
    return user;
  }

  /**
   * Changes an account. A change that could leave no active admin (deactivating or demoting one) runs in a
   * transaction holding a lock that every such change takes, so that two admins removing each other at once cannot
   * both pass the check: the second waits, then counts again.
   */
  async updateUser(actor: Viewer, id: string, input: UpdateUserInput, now = new Date()): Promise<User> {
    if (input.isAdmin !== false && input.active !== false) return this.applyUpdate(actor, id, input, now);
    return this.em.transactional(async (tx) => {
      await tx.execute("select pg_advisory_xact_lock(hashtext('verdi: admin rights'))");
      return new AccountService(tx as Em).applyUpdate(actor, id, input, now);
    });
  }

  private async applyUpdate(actor: Viewer, id: string, input: UpdateUserInput, now: Date): Promise<User> {
    const user = isUuid(id) ? await this.em.findOne(User, { id }, { refresh: true }) : null;
    if (!user) throw new NotFoundError('User', id);
    if (input.isAdmin === true && !user.isAdmin && user.pendingApproval) {
      throw ValidationError.forFields({ isAdmin: NOT_APPROVED });
    }
    const removesAdmin = (input.isAdmin === false || input.active === false) && user.isAdmin && user.active;
    if (
      removesAdmin &&
      (await this.em.count(User, { isAdmin: true, active: true, id: { $ne: user.id } })) === 0
    ) {
      throw ValidationError.forFields({
        [input.isAdmin === false ? 'isAdmin' : 'active']:
          'cannot be changed: Verdi must keep at least one active admin',
      });
    }
    const changed: Record<string, unknown> = {};
    if (input.name != null && input.name.trim() !== user.name) user.name = changed.name = input.name.trim();
    if (input.language != null && input.language !== user.language)
      user.language = changed.language = input.language;
    if (input.password != null) {
      user.passwordHash = await hashPassword(input.password);
      // A reset is for an account someone else may know the password of: nothing made with the old one goes on.
      const revoked = await revokeCredentials(this.em, user.id, now, null);
      this.audit.record({
        action: AuditAction.PASSWORD_CHANGED,
        actorId: actor.userId,
        subjectType: 'User',
        subjectId: user.id,
        details: { reset: true, ...revoked },
      });
    }
    if (input.isAdmin != null && input.isAdmin !== user.isAdmin) {
      user.isAdmin = input.isAdmin;
      this.audit.record({
        action: input.isAdmin ? AuditAction.ADMIN_GRANTED : AuditAction.ADMIN_REVOKED,
        actorId: actor.userId,
        subjectType: 'User',
        subjectId: user.id,
      });
    }
    if (input.active != null && input.active !== user.active) {
      user.active = input.active;
      if (!input.active) await this.em.nativeDelete(Session, { user: user.id });
      this.audit.record({
        action: input.active ? AuditAction.USER_REACTIVATED : AuditAction.USER_DEACTIVATED,
        actorId: actor.userId,
        subjectType: 'User',
        subjectId: user.id,
      });
    }
    if (Object.keys(changed).length > 0) {
      this.audit.record({
        action: AuditAction.USER_UPDATED,
        actorId: actor.userId,
        subjectType: 'User',
        subjectId: user.id,
        details: changed,
      });
    }
    await this.flush();
    return user;
  }

  /** Lets an account made by single sign-on be given project roles and admin rights; approving twice changes nothing. */
  async approveUser(actor: Viewer, id: string): Promise<User> {
    const user = await this.getUser(id);
    if (!user.pendingApproval) return user;
    user.pendingApproval = false;
    this.audit.record({
      action: AuditAction.USER_APPROVED,
      actorId: actor.userId,
      subjectType: 'User',
      subjectId: user.id,
    });
    await this.flush();
    return user;
  }

  async updateMe(viewer: Viewer, input: UpdateMeInput): Promise<User> {
    const user = await this.getUser(viewer.userId);
    if (input.name != null) user.name = input.name.trim();
    if (input.language != null) user.language = input.language;
    await this.flush();
    return user;
  }

  membershipsOfUser(userId: string): Promise<Membership[]> {
    return this.em.find(
      Membership,
      { user: userId },
      { populate: ['project'], orderBy: { project: { name: 'asc' } } },
    );
  }

  membershipsOfProject(projectId: string): Promise<Membership[]> {
    return this.em.find(
      Membership,
      { project: projectId },
      { populate: ['user'], orderBy: { user: { name: 'asc' } } },
    );
  }

  async setMembership(actor: Viewer, input: SetMembershipInput): Promise<Membership> {
    const user = await this.getUser(input.userId);
    if (user.pendingApproval) throw ValidationError.forFields({ userId: NOT_APPROVED });
    const project = isUuid(input.projectId) ? await this.em.findOne(Project, { id: input.projectId }) : null;
    if (!project) throw new NotFoundError('Project', input.projectId);
    const existing = await this.em.findOne(Membership, { user, project });
    const membership = existing ?? this.em.create(Membership, { user, project, role: input.role });
    if (existing && existing.role === input.role) return existing;
    this.audit.record({
      action: existing ? AuditAction.MEMBERSHIP_CHANGED : AuditAction.MEMBERSHIP_GRANTED,
      actorId: actor.userId,
      subjectType: 'User',
      subjectId: user.id,
      projectId: project.id,
      details: existing ? { from: existing.role, to: input.role } : { role: input.role },
    });
    membership.role = input.role;
    await this.flush();
    return membership;
  }

  async removeMembership(actor: Viewer, userId: string, projectId: string): Promise<boolean> {
    const membership =
      isUuid(userId) && isUuid(projectId)
        ? await this.em.findOne(Membership, { user: userId, project: projectId })
        : null;
    if (!membership) throw new NotFoundError('Membership of user in project', `${userId}/${projectId}`);
    this.audit.record({
      action: AuditAction.MEMBERSHIP_REVOKED,
      actorId: actor.userId,
      subjectType: 'User',
      subjectId: userId,
      projectId,
      details: { role: membership.role },
    });
    this.em.remove(membership);
    await this.flush();
    return true;
  }

  private async flush(): Promise<void> {
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException && error.message.includes('email')) {
        throw ValidationError.forFields({ email: EMAIL_TAKEN });
      }
      throw error;
    }
  }
}
