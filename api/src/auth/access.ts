import { ProjectRole } from '../accounts/project-role.js';
import type { Viewer } from './viewer.js';

/**
 * Every access decision about a signed-in caller, in one place: the GraphQL rules (`rules.ts`), the HTTP export
 * route and the services ask these, and the web app reads their answers from the API (`User.access`), so that no
 * role check is written twice. Admins have rights in every project whether or not they have a membership.
 */
export function isAdmin(viewer: Viewer): boolean {
  return viewer.isAdmin;
}

/** Researcher of the project (or admin): raw rows, free text, exports, rounds and instruments of the project. */
export function isResearcherOf(viewer: Viewer, projectId: string): boolean {
  return viewer.isAdmin || viewer.roles.get(projectId) === ProjectRole.RESEARCHER;
}

/** Manager of the project (or admin): aggregates only. */
export function isManagerOf(viewer: Viewer, projectId: string): boolean {
  return viewer.isAdmin || viewer.roles.get(projectId) === ProjectRole.MANAGER;
}

/** Researcher or manager of the project (or admin). */
export function isMemberOf(viewer: Viewer, projectId: string): boolean {
  return viewer.isAdmin || viewer.roles.has(projectId);
}

/** One of `roles` in the project (or admin). */
export function hasRoleIn(viewer: Viewer, projectId: string, roles: readonly ProjectRole[]): boolean {
  if (viewer.isAdmin) return true;
  const role = viewer.roles.get(projectId);
  return role !== undefined && roles.includes(role);
}

/** Researcher in at least one project (or admin): shared instruments, API tokens. */
export function isResearcherAnywhere(viewer: Viewer): boolean {
  return viewer.isAdmin || [...viewer.roles.values()].includes(ProjectRole.RESEARCHER);
}

/** The projects whose raw data the viewer may read; `'all'` for an admin. */
export function researcherProjects(viewer: Viewer): readonly string[] | 'all' {
  if (viewer.isAdmin) return 'all';
  return [...viewer.roles].filter(([, role]) => role === ProjectRole.RESEARCHER).map(([id]) => id);
}
