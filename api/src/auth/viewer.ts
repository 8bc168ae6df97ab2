import type { ProjectRole } from '../accounts/project-role.js';

/** Who is calling: the signed-in staff account, with its project roles loaded once per request. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
  /** Project id → role. Admins have rights in every project whether or not they have a membership. */
  roles: ReadonlyMap<string, ProjectRole>;
  via: 'session' | 'token';
  /** The session's or token's own id, so that sign-out can end exactly this one. */
  credentialId: string;
}

export function roleIn(viewer: Viewer, projectId: string): ProjectRole | undefined {
  return viewer.roles.get(projectId);
}
