import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Em } from '../db/orm.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { slugify } from '../common/slug.js';
import { isUuid } from '../common/ids.js';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/viewer.js';
import type { CreateProjectInput, UpdateProjectInput } from './project.inputs.js';
import { Project } from './project.entity.js';

const SLUG_TAKEN = 'is already used by another project';

export class ProjectService {
  constructor(private readonly em: Em) {}

  list(): Promise<Project[]> {
    return this.em.find(Project, {}, { orderBy: { name: 'asc', id: 'asc' } });
  }

  /** Admins see every project; everyone else only those they have a role in. */
  listFor(viewer: Viewer): Promise<Project[]> {
    if (viewer.isAdmin) return this.list();
    return this.em.find(
      Project,
      { id: { $in: [...viewer.roles.keys()] } },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
  }

  async get(id: string): Promise<Project> {
    const project = isUuid(id) ? await this.em.findOne(Project, { id }) : null;
    if (!project) throw new NotFoundError('Project', id);
    return project;
  }

  async create(input: CreateProjectInput, actor: Viewer | null = null): Promise<Project> {
    const name = input.name.trim();
    const explicitSlug = input.slug?.trim();
    const slug = explicitSlug || (await this.freeSlugFor(name));
    if (explicitSlug) await this.assertSlugFree(explicitSlug);
    const project = this.em.create(Project, {
      name,
      slug,
      organisation: input.organisation.trim(),
      description: input.description?.trim() || null,
    });
    new AuditService(this.em).record({
      action: AuditAction.PROJECT_CREATED,
      actorId: actor?.userId,
      subjectType: 'Project',
      subjectId: project.id,
      projectId: project.id,
      details: { name, slug },
    });
    await this.flushMappingSlugConflicts();
    return project;
  }

  async update(id: string, input: UpdateProjectInput, actor: Viewer | null = null): Promise<Project> {
    const project = await this.get(id);
    const changed: string[] = [];
    if (input.slug != null && input.slug !== project.slug) {
      await this.assertSlugFree(input.slug, project.id);
      project.slug = input.slug;
      changed.push('slug');
    }
    const text = (value: string | null | undefined) => (value == null ? undefined : value.trim());
    const name = text(input.name);
    if (name !== undefined && name !== project.name) {
      project.name = name;
      changed.push('name');
    }
    const organisation = text(input.organisation);
    if (organisation !== undefined && organisation !== project.organisation) {
      project.organisation = organisation;
      changed.push('organisation');
    }
    const description = text(input.description);
    if (description !== undefined && (description || null) !== project.description) {
      project.description = description || null;
      changed.push('description');
    }
    if (changed.length > 0) {
      new AuditService(this.em).record({
        action: AuditAction.PROJECT_UPDATED,
        actorId: actor?.userId,
        subjectType: 'Project',
        subjectId: project.id,
        projectId: project.id,
        details: { changed },
      });
      await this.flushMappingSlugConflicts();
    }
    return project;
  }

  private async assertSlugFree(slug: string, exceptId?: string): Promise<void> {
    const other = await this.em.findOne(Project, { slug }, { fields: ['id'] });
    if (other && other.id !== exceptId) throw ValidationError.forFields({ slug: SLUG_TAKEN });
  }

  /** A slug derived from the name, with a number added when another project already has it. */
  private async freeSlugFor(name: string): Promise<string> {
    const base = slugify(name, 56);
    if (!base) {
      throw ValidationError.forFields({
        slug: 'cannot be derived from the name; give one with letters a-z or digits',
      });
    }
    const taken = new Set(
      (await this.em.find(Project, { slug: { $re: `^${base}(-[0-9]+)?$` } }, { fields: ['slug'] })).map(
        (project) => project.slug,
      ),
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /** Two requests can pass the slug check at once; the unique index decides, and the loser gets the same error. */
  private async flushMappingSlugConflicts(): Promise<void> {
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw ValidationError.forFields({ slug: SLUG_TAKEN });
      }
      throw error;
    }
  }
}
