import { Authorized, getMetadataStorage, type AuthCheckerFn, type ResolverData } from 'type-graphql';
import { ProjectRole } from '../accounts/project-role.js';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import type { Context } from '../context.js';
import { hasRoleIn, isAdmin, isMemberOf, isResearcherAnywhere, isResearcherOf } from './access.js';

/** Where a project-scoped rule finds the project id: an argument, a field of an input argument, or the parent object. */
export type ProjectIdSource =
  { arg: string; field?: string } | { parent: (root: unknown) => string | undefined };

export type Rule =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'settingUpTwoFactor' }
  | { kind: 'admin' }
  | { kind: 'self'; parent: (root: unknown) => string | undefined }
  | { kind: 'project'; roles: readonly ProjectRole[]; from: ProjectIdSource }
  | { kind: 'researcherAnywhere' }
  | { kind: 'instrument'; from: { arg: string; field?: string } }
  | { kind: 'projectOrShared'; from: { arg: string; field?: string } }
  | { kind: 'allProjects'; arg: string }
  | {
      kind: 'owned';
      entity: OwnedEntity;
      roles: readonly ProjectRole[];
      from: { arg: string; field?: string };
    };

/** The rules, as values to put in `@Allow(...)`. Admins pass every rule but `public`, which everyone passes. */
export const Rules = {
  /** Anyone, signed in or not: sign-in itself, and later the participants' survey. */
  public: { kind: 'public' } as Rule,
  /** Signed in with full rights: not an admin's session that must set up two-factor sign-in first. */
  signedIn: { kind: 'signedIn' } as Rule,
  /**
   * Signed in, also with a session that may only set up two-factor sign-in (see `Viewer.twoFactorSetupOnly`):
   * signing out and the setup itself.
   */
  settingUpTwoFactor: { kind: 'settingUpTwoFactor' } as Rule,
  admin: { kind: 'admin' } as Rule,
  /** The user the parent object is (an account reading its own fields). */
  self: (parent: (root: unknown) => string | undefined): Rule => ({ kind: 'self', parent }),
  researcherOf: (from: ProjectIdSource): Rule => ({ kind: 'project', roles: [ProjectRole.RESEARCHER], from }),
  memberOf: (from: ProjectIdSource): Rule => ({
    kind: 'project',
    roles: [ProjectRole.RESEARCHER, ProjectRole.MANAGER],
    from,
  }),
  /** A researcher in at least one project. */
  researcherAnywhere: { kind: 'researcherAnywhere' } as Rule,
  /**
   * A researcher of the instrument's project; for a shared instrument (no project), a researcher anywhere. The
   * instrument id is read from the argument and its project looked up.
   */
  researcherOfInstrument: (from: { arg: string; field?: string }): Rule => ({ kind: 'instrument', from }),
  /** A researcher of the project in the argument, or, when the argument is empty (shared), a researcher anywhere. */
  researcherOfProjectOrShared: (from: { arg: string; field?: string }): Rule => ({
    kind: 'projectOrShared',
    from,
  }),
  /** A researcher or manager of every project in a list argument (at least one). */
  memberOfAll: (arg: string): Rule => ({ kind: 'allProjects', arg }),
  /** A researcher of the project that owns the thing whose id is in the argument (a round, …). */
  researcherOfOwner: (entity: OwnedEntity, from: { arg: string; field?: string }): Rule => ({
    kind: 'owned',
    entity,
    roles: [ProjectRole.RESEARCHER],
    from,
  }),
  /** A researcher or manager of the project that owns the thing whose id is in the argument. */
  memberOfOwner: (entity: OwnedEntity, from: { arg: string; field?: string }): Rule => ({
    kind: 'owned',
    entity,
    roles: [ProjectRole.RESEARCHER, ProjectRole.MANAGER],
    from,
  }),
};

/** Finds the project that owns a thing by its id; undefined when there is no such thing. */
export type ProjectLookup = (context: Context, id: string) => Promise<string | undefined>;

/** Looks up which project an instrument belongs to; null for a shared instrument, undefined when there is none. */
export type InstrumentProjectLookup = (
  context: Context,
  instrumentId: string,
) => Promise<string | null | undefined>;

/** The things a rule may name by id (`researcherOfOwner('Round', …)`), each with how to find its project. */
export type OwnedEntity = 'Round' | 'Response';

/**
 * How the rules find the project of what an argument names. Given once, explicitly, when the schema is built
 * (`auth/owners.ts`), so that auth depends on no feature module and no rule works only because a file was imported.
 */
export interface OwnerLookups {
  projectOf: Record<OwnedEntity, ProjectLookup>;
  instrumentProject: InstrumentProjectLookup;
}

/**
 * Declares who may call a query, mutation or field: passing any one of the rules is enough. Every root field
 * must carry one (`assertEveryOperationIsAuthorized` refuses to build the schema otherwise).
 */
export function Allow(...rules: Rule[]): MethodDecorator & PropertyDecorator {
  return Authorized<Rule>(...rules);
}

function projectIdOf(from: ProjectIdSource, { args, root }: ResolverData<Context>): string | undefined {
  if ('parent' in from) return from.parent(root);
  const value: unknown = args[from.arg];
  const id = from.field ? (value as Record<string, unknown> | undefined)?.[from.field] : value;
  return typeof id === 'string' ? id : undefined;
}

function argValue(
  from: { arg: string; field?: string },
  args: Record<string, unknown>,
): string | null | undefined {
  const value: unknown = args[from.arg];
  const id = from.field ? (value as Record<string, unknown> | undefined)?.[from.field] : value;
  return typeof id === 'string' ? id : id == null ? null : undefined;
}

async function passes(rule: Rule, data: ResolverData<Context>, lookups: OwnerLookups): Promise<boolean> {
  const viewer = data.context.viewer;
  if (rule.kind === 'public') return true;
  if (!viewer) return false;
  if (viewer.twoFactorSetupOnly) {
    return (
      rule.kind === 'settingUpTwoFactor' || (rule.kind === 'self' && rule.parent(data.root) === viewer.userId)
    );
  }
  // Admins pass every rule, whatever the arguments name.
  if (isAdmin(viewer)) return true;
  switch (rule.kind) {
    case 'signedIn':
    case 'settingUpTwoFactor':
      return true;
    case 'admin':
      return false;
    case 'self':
      return rule.parent(data.root) === viewer.userId;
    case 'researcherAnywhere':
      return isResearcherAnywhere(viewer);
    case 'project': {
      const projectId = projectIdOf(rule.from, data);
      return projectId !== undefined && hasRoleIn(viewer, projectId, rule.roles);
    }
    case 'projectOrShared': {
      const projectId = argValue(rule.from, data.args);
      if (projectId === null) return isResearcherAnywhere(viewer);
      return projectId !== undefined && isResearcherOf(viewer, projectId);
    }
    case 'allProjects': {
      const ids: unknown = data.args[rule.arg];
      return (
        Array.isArray(ids) &&
        ids.length > 0 &&
        ids.every((id) => typeof id === 'string' && isMemberOf(viewer, id))
      );
    }
    case 'owned': {
      const id = argValue(rule.from, data.args);
      if (!id) return false;
      const projectId = await lookups.projectOf[rule.entity](data.context, id);
      return projectId !== undefined && hasRoleIn(viewer, projectId, rule.roles);
    }
    case 'instrument': {
      const instrumentId = argValue(rule.from, data.args);
      if (!instrumentId) return false;
      const projectId = await lookups.instrumentProject(data.context, instrumentId);
      if (projectId === undefined) return false;
      if (projectId === null) return isResearcherAnywhere(viewer);
      return isResearcherOf(viewer, projectId);
    }
  }
}

/**
 * The rules' checker, with the lookups it needs. Anonymous callers get UNAUTHENTICATED wherever a rule needs an
 * account; signed-in callers get FORBIDDEN.
 */
export function createAuthChecker(lookups: OwnerLookups): AuthCheckerFn<Context, Rule> {
  return async (data, rules) => {
    for (const rule of rules) if (await passes(rule, data, lookups)) return true;
    if (!data.context.viewer) throw new UnauthenticatedError();
    if (data.context.viewer.twoFactorSetupOnly) {
      throw new ForbiddenError('Set up two-factor sign-in first: admins must use it here');
    }
    throw new ForbiddenError();
  };
}

/** Deny by default, made structural: a query or mutation without `@Allow` stops the server from starting. */
export function assertEveryOperationIsAuthorized(resolverClasses: readonly object[]): void {
  const storage = getMetadataStorage();
  const ours = new Set<object>(resolverClasses);
  const unguarded = [...storage.queries, ...storage.mutations]
    .filter((operation) => ours.has(operation.target))
    .filter(
      (operation) =>
        !storage.authorizedFields.some(
          (field) => field.target === operation.target && field.fieldName === operation.methodName,
        ),
    )
    .map((operation) => `${operation.target.name}.${operation.methodName}`);
  if (unguarded.length > 0) {
    throw new Error(
      `These operations say nothing about who may call them (add @Allow): ${unguarded.join(', ')}`,
    );
  }
}
