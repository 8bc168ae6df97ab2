import type { ViewerFieldsFragment } from '@verdi/schema/generated';

/** Who a page is for, beyond being signed in. */
export type Access = 'admin' | 'researcher';

/**
 * Whether pages for `access` are offered to the viewer, as the API decides it (`User.access`, from the API's one
 * access module): the web keeps no copy of the rules, and the API still checks every request.
 */
export function canAccess(viewer: Pick<ViewerFieldsFragment, 'access'>, access: Access): boolean {
  return viewer.access[access];
}
