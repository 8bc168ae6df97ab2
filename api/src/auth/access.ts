import { ProjectRole } from '../accounts/project-role.js';
import type { Viewer } from './viewer.js';

/** What access is decided on: a caller's admin right and project roles (a `Viewer`, or an account read as one). */
export type Grants = Pick<Viewer, 'isAdmin' | 'roles'>;

/**
 * Every access decision about a signed-in caller, in one place: the GraphQL rules (`rules.ts`), the HTTP export
 * route and the services ask these, and the web app reads their answers from the API (`User.access`, `Project.viewerAccess`), so that no
 * role check is written twice. Admins have rights in every project whether or not they have a membership.
 */
export function isAdmin(viewer: Grants): boolean {
  return viewer.isAdmin;
}

/** Researcher of the project (or admin): raw rows, free text, exports, rounds and instruments of the project. */
export function isResearcherOf(viewer: Grants, projectId: string): boolean {
  return viewer.isAdmin || viewer.roles.get(projectId) === ProjectRole.RESEARCHER;
}

/** Manager of the project (or admin): aggregates only. */
export function isManagerOf(viewer: Grants, projectId: string): boolean {
  return viewer.isAdmin || viewer.roles.get(projectId) === ProjectRole.MANAGER;
}

/** Researcher or manager of the project (or admin). */
export function isMemberOf(viewer: Grants, projectId: string): boolean {
  return viewer.isAdmin || viewer.roles.has(projectId);
}

/** One of `roles` in the project (or admin). */
export function hasRoleIn(viewer: Grants, projectId: string, roles: readonly ProjectRole[]): boolean {
  if (viewer.isAdmin) return true;
  const role = viewer.roles.get(projectId);
  return role !== undefined && roles.includes(role);
}

/** Researcher in at least one project (or admin): shared instruments, API tokens. */
export function isResearcherAnywhere(viewer: Grants): boolean {
  return viewer.isAdmin || [...viewer.roles.values()].includes(ProjectRole.RESEARCHER);
}

/** The projects whose raw data the viewer may read; `'all'` for an admin. */
export function researcherProjects(viewer: Grants): readonly string[] | 'all' {
  if (viewer.isAdmin) return 'all';
  return [...viewer.roles].filter(([, role]) => role === ProjectRole.RESEARCHER).map(([id]) => id);
}

/** The pages an account may use, for the web app to offer (`User.access`). */
export function staffAccessOf(grants: Grants): { admin: boolean; researcher: boolean } {
  return { admin: isAdmin(grants), researcher: isResearcherAnywhere(grants) };
}

/** What the viewer may read of one project, for the web app to offer (`Project.viewerAccess`). */
export function projectAccessOf(viewer: Grants, projectId: string): { researcher: boolean; member: boolean } {
  return { researcher: isResearcherOf(viewer, projectId), member: isMemberOf(viewer, projectId) };
}
