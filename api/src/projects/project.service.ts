import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Em } from '../db/orm.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { slugify } from '../common/slug.js';
import { isUuid } from '../common/ids.js';
import type { CreateProjectInput, UpdateProjectInput } from './project.inputs.js';
import { Project } from './project.entity.js';

const SLUG_TAKEN = 'is already used by another project';

export class ProjectService {
  constructor(private readonly em: Em) {}

  list(): Promise<Project[]> {
    return this.em.find(Project, {}, { orderBy: { name: 'asc', id: 'asc' } });
  }

  async get(id: string): Promise<Project> {
    const project = isUuid(id) ? await this.em.findOne(Project, { id }) : null;
    if (!project) throw new NotFoundError('Project', id);
    return project;
  }

  async create(input: CreateProjectInput): Promise<Project> {
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
    await this.flushMappingSlugConflicts();
    return project;
  }

  async update(id: string, input: UpdateProjectInput): Promise<Project> {
    const project = await this.get(id);
    if (input.slug != null && input.slug !== project.slug) {
      await this.assertSlugFree(input.slug, project.id);
      project.slug = input.slug;
    }
    if (input.name != null) project.name = input.name.trim();
    if (input.organisation != null) project.organisation = input.organisation.trim();
    if (input.description != null) project.description = input.description.trim() || null;
    await this.flushMappingSlugConflicts();
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
