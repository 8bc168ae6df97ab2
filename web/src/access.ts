import type { ViewerFieldsFragment } from '@verdi/schema/generated';

/** Who a page is for, beyond being signed in. */
export type Access = 'admin' | 'researcher';

/**
 * Mirrors the API's rules so that pages and links are only offered to those the API will answer; the API
 * still decides. Admins pass every rule; a researcher is one with a RESEARCHER role in any project.
 */
export function canAccess(
  viewer: Pick<ViewerFieldsFragment, 'isAdmin' | 'memberships'>,
  access: Access,
): boolean {
  if (viewer.isAdmin) return true;
  if (access === 'researcher') return viewer.memberships.some((m) => m.role === 'RESEARCHER');
  return false;
}
