import { createParameterDecorator } from 'type-graphql';
import type { ProjectRole } from '../accounts/project-role.js';
import { UnauthenticatedError } from '../common/errors.js';
import type { Context } from '../context.js';

/** Who is calling: the signed-in staff account, with its project roles loaded once per request. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
  /** Project id → role. Admins have rights in every project whether or not they have a membership. */
  roles: ReadonlyMap<string, ProjectRole>;
  via: 'session' | 'token';
  /** The session's or token's own id, so that sign-out can end exactly this one. */
  credentialId: string;
  /**
   * An admin's session opened with a password alone while admins must use two-factor sign-in: it may set that up,
   * read its own account and sign out, and nothing else (its `isAdmin` and `roles` are empty until then).
   */
  twoFactorSetupOnly?: boolean;
}

/**
 * The signed-in caller as a resolver parameter: `@CurrentViewer() viewer: Viewer`. An anonymous caller is refused
 * with UNAUTHENTICATED (the operation's `@Allow` rule normally refuses it first); with `{ optional: true }` the
 * parameter is `Viewer | null` instead, for the few operations anyone may call.
 */
export function CurrentViewer(options: { optional?: boolean } = {}) {
  return createParameterDecorator<Context>(({ context }) => {
    if (!context.viewer && !options.optional) throw new UnauthenticatedError();
    return context.viewer;
  });
}
