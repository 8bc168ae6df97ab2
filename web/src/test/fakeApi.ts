import type { Operation } from '@urql/vue';
import type {
  ApiTokenFieldsFragment,
  AuditEventFieldsFragment,
  ProjectFieldsFragment,
  ProjectRole,
  UserFieldsFragment,
  ViewerFieldsFragment,
} from '@verdi/schema/generated';
import { dataResult, errorResult, operationName, type MockReply, type Responder } from './urql';

export type ApiProject = ProjectFieldsFragment & { __typename: 'Project' };
export type ApiUser = ViewerFieldsFragment & { __typename: 'User' };
export type ApiMembership = {
  __typename: 'Membership';
  id: string;
  role: ProjectRole;
  createdAt: string;
  project: { __typename: 'Project'; id: string; name: string };
};
/** An account as an admin sees it. */
export type ApiAccount = UserFieldsFragment & { __typename: 'User'; memberships: ApiMembership[] };
export type ApiToken = ApiTokenFieldsFragment & { __typename: 'ApiToken' };
export type ApiAuditEvent = AuditEventFieldsFragment & { __typename: 'AuditEvent' };

export interface FakeApiState {
  projects: ApiProject[];
  /** Who is signed in; null when nobody is. */
  viewer: ApiUser | null;
  /** The accounts that can sign in, by email, with their password. */
  accounts?: Record<string, { user: ApiUser; password: string }>;
  /** Every account, as admins see them (Users, User, CreateUser, UpdateUser, memberships). */
  users?: ApiAccount[];
  /** The viewer's API tokens, newest first. */
  tokens?: ApiToken[];
  /** The audit log, newest first. */
  auditEvents?: ApiAuditEvent[];
  /** The single sign-on providers the sign-in page offers; none when unset. */
  signInProviders?: { id: string; name: string }[];
}

let nextId = 1;

const at = '2026-01-15T10:00:00.000Z';

/** A project as the API returns it, typename included so that urql's cache can invalidate by type. */
export function project(
  fields: Partial<ProjectFieldsFragment> & Pick<ProjectFieldsFragment, 'name'>,
): ApiProject {
  const id = String(nextId++);
  return {
    __typename: 'Project',
    id,
    slug: fields.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    organisation: 'Eksempel kommune',
    description: null,
    myRole: null,
    createdAt: at,
    updatedAt: at,
    ...fields,
    viewerAccess: fields.viewerAccess ?? projectAccess(null, fields.myRole ?? null),
  };
}

/** What a viewer may read of a project, as the API's access module decides it (admins: everything). */
export function projectAccess(
  viewer: Pick<ViewerFieldsFragment, 'isAdmin'> | null,
  myRole: ProjectRole | null,
): ApiProject['viewerAccess'] {
  const admin = viewer?.isAdmin ?? false;
  return { researcher: admin || myRole === 'RESEARCHER', member: admin || myRole !== null };
}

/**
 * A project as the viewer gets it: `viewerAccess` is the viewer's, from the viewer's membership in it or else the
 * project's `myRole`.
 */
export function asSeenBy<P extends { id: string; myRole?: ProjectRole | null }>(
  viewer: Pick<ViewerFieldsFragment, 'isAdmin' | 'memberships'> | null,
  found: P,
): P & { viewerAccess: ApiProject['viewerAccess'] } {
  const role = viewer?.memberships.find((m) => m.project.id === found.id)?.role ?? found.myRole ?? null;
  return { ...found, viewerAccess: projectAccess(viewer, role) };
}

export function membership(
  project: Pick<ProjectFieldsFragment, 'id' | 'name'>,
  role: ProjectRole,
): ApiMembership {
  return {
    __typename: 'Membership',
    id: `m${nextId++}`,
    role,
    createdAt: at,
    project: { __typename: 'Project', id: project.id, name: project.name },
  };
}

export function user(fields: Partial<ViewerFieldsFragment> = {}): ApiUser & { email: string } {
  return {
    __typename: 'User',
    id: `u${nextId++}`,
    name: 'Testbruker Admin',
    email: 'admin@example.org',
    isAdmin: true,
    language: 'NB',
    pendingApproval: false,
    linkedProviders: [],
    twoFactor: {
      enabled: false,
      enabledAt: null,
      required: false,
      setupOnly: false,
      recoveryCodesLeft: 0,
    },
    memberships: [],
    ...fields,
    // As the API answers it: from the account's admin right and roles, unless a test gives it.
    access: fields.access ?? {
      admin: fields.isAdmin ?? true,
      researcher: (fields.isAdmin ?? true) || (fields.memberships ?? []).some((m) => m.role === 'RESEARCHER'),
    },
  } as ApiUser & { email: string };
}

/** An account as an admin sees it. */
export function account(fields: Partial<ApiAccount> & Pick<ApiAccount, 'name' | 'email'>): ApiAccount {
  return {
    __typename: 'User',
    id: `u${nextId++}`,
    isAdmin: false,
    active: true,
    language: 'NB',
    lastSignInAt: null,
    createdAt: at,
    pendingApproval: false,
    linkedProviders: [],
    memberships: [],
    ...fields,
  };
}

export function apiToken(
  fields: Partial<ApiTokenFieldsFragment> & Pick<ApiTokenFieldsFragment, 'name'>,
): ApiToken {
  return {
    __typename: 'ApiToken',
    id: `t${nextId++}`,
    prefix: 'vrd_ab12',
    createdAt: at,
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    ...fields,
  };
}

export function auditEvent(
  fields: Partial<AuditEventFieldsFragment> & Pick<AuditEventFieldsFragment, 'action'>,
): ApiAuditEvent {
  return {
    __typename: 'AuditEvent',
    id: `a${nextId++}`,
    at,
    actorId: null,
    subjectType: null,
    subjectId: null,
    projectId: null,
    ip: null,
    details: {},
    ...fields,
  };
}

type Handlers = Partial<Record<string, (operation: Operation) => MockReply>>;

function badInput(operation: Operation, fields: Record<string, string>) {
  return errorResult(operation, [
    {
      message: `Invalid input: ${Object.entries(fields)
        .map(([field, problem]) => `${field} ${problem}`)
        .join('; ')}`,
      extensions: { code: 'BAD_USER_INPUT', fields },
    },
  ]);
}

function notFound(operation: Operation, what: string) {
  return errorResult(operation, [{ message: `${what} was not found`, extensions: { code: 'NOT_FOUND' } }]);
}

function forbidden(operation: Operation) {
  return errorResult(operation, [
    { message: 'You are not allowed to do this', extensions: { code: 'FORBIDDEN' } },
  ]);
}

/**
 * A small in-memory Verdi API that answers the web app's operations from `state`, keeping the rules the
 * forms depend on (password length, the current password, the last admin, one-time token secrets).
 * `handlers` answer chosen operations differently, by operation name.
 */
export function fakeApi(state: FakeApiState, handlers: Handlers = {}): Responder {
  return (operation) => {
    const name = operationName(operation) ?? '';
    const handler = handlers[name];
    if (handler) return handler(operation);
    const variables = operation.variables as Record<string, unknown> & { input?: Record<string, unknown> };
    const input = variables.input ?? {};
    const viewer = state.viewer;
    const users = (state.users ??= []);

    if (!['Me', 'SignIn', 'SignInProviders'].includes(name) && !viewer) return unauthenticated(operation);
    const adminOnly = [
      'Users',
      'User',
      'CreateUser',
      'UpdateUser',
      'ApproveUser',
      'SetMembership',
      'RemoveMembership',
    ];
    if (adminOnly.includes(name) && !viewer?.isAdmin) return forbidden(operation);

    switch (name) {
      case 'Me':
        return dataResult(operation, { me: viewer });
      case 'Projects':
        return dataResult(operation, { projects: state.projects.map((p) => asSeenBy(viewer, p)) });
      case 'ProjectAccess': {
        const found = state.projects.find((p) => p.id === variables['id']);
        if (!found || !viewer || !asSeenBy(viewer, found).viewerAccess.member)
          return notFound(operation, 'Project');
        return dataResult(operation, {
          project: {
            __typename: 'Project',
            id: found.id,
            viewerAccess: asSeenBy(viewer, found).viewerAccess,
          },
        });
      }
      case 'CreateProject': {
        const created = project({
          name: String(input['name']),
          organisation: String(input['organisation']),
          ...(typeof input['slug'] === 'string' ? { slug: input['slug'] } : {}),
          description: typeof input['description'] === 'string' ? input['description'] : null,
        });
        state.projects.push(created);
        return dataResult(operation, { createProject: created });
      }
      case 'SignIn': {
        const account = state.accounts?.[String(input['email'])];
        if (!account || account.password !== input['password']) {
          return errorResult(operation, [
            { message: 'Wrong email or password', extensions: { code: 'UNAUTHENTICATED' } },
          ]);
        }
        state.viewer = account.user;
        return dataResult(operation, {
          signIn: {
            __typename: 'SignInResult',
            expiresAt: '2026-01-16T10:00:00.000Z',
            secondFactorRequired: false,
            enrolmentRequired: false,
            user: account.user,
          },
        });
      }
      case 'SignOut':
        state.viewer = null;
        return dataResult(operation, { signOut: true });
      case 'UpdateMe': {
        if (!viewer) return unauthenticated(operation);
        const updated: ApiUser = { ...viewer };
        if (typeof input['name'] === 'string') {
          if (!input['name'].trim()) return badInput(operation, { name: 'must not be empty' });
          updated.name = input['name'].trim();
        }
        if (input['language'] === 'NB' || input['language'] === 'NN' || input['language'] === 'EN')
          updated.language = input['language'];
        state.viewer = updated;
        return dataResult(operation, { updateMe: updated });
      }
      case 'ChangePassword': {
        const entry = Object.values(state.accounts ?? {}).find((a) => a.user.id === viewer?.id);
        if (!entry || entry.password !== input['currentPassword'])
          return badInput(operation, { currentPassword: 'is not your current password' });
        if (String(input['newPassword']).length < 12)
          return badInput(operation, { newPassword: 'must be 12 to 200 characters' });
        entry.password = String(input['newPassword']);
        return dataResult(operation, { changePassword: true });
      }
      case 'Users':
        return dataResult(operation, {
          users: [...users].sort(
            (a, b) => Number(b.pendingApproval) - Number(a.pendingApproval) || a.name.localeCompare(b.name),
          ),
        });
      case 'SignInProviders':
        return dataResult(operation, {
          signInProviders: (state.signInProviders ?? []).map((p) => ({ __typename: 'SignInProvider', ...p })),
        });
      case 'ApproveUser': {
        const index = users.findIndex((u) => u.id === variables['id']);
        if (index < 0) return notFound(operation, 'User');
        // A new object, as a real answer would be, so that views holding the old one see the change.
        const approved = { ...users[index]!, pendingApproval: false };
        users[index] = approved;
        return dataResult(operation, { approveUser: approved });
      }
      case 'User': {
        const found = users.find((u) => u.id === variables['id']);
        return found ? dataResult(operation, { user: found }) : notFound(operation, 'User');
      }
      case 'CreateUser': {
        const email = String(input['email']).toLowerCase();
        if (users.some((u) => u.email === email))
          return badInput(operation, { email: 'is already used by another account' });
        if (String(input['password']).length < 12)
          return badInput(operation, { password: 'must be 12 to 200 characters' });
        const created = account({
          name: String(input['name']),
          email,
          isAdmin: input['isAdmin'] === true,
          language: input['language'] === 'EN' ? 'EN' : 'NB',
        });
        users.push(created);
        return dataResult(operation, { createUser: created });
      }
      case 'UpdateUser': {
        const index = users.findIndex((u) => u.id === variables['id']);
        const current = users[index];
        if (!current) return notFound(operation, 'User');
        const removesAdmin = (input['isAdmin'] === false || input['active'] === false) && current.isAdmin;
        if (removesAdmin && !users.some((u) => u.id !== current.id && u.isAdmin && u.active)) {
          return badInput(operation, {
            [input['isAdmin'] === false ? 'isAdmin' : 'active']:
              'cannot be changed: Verdi must keep at least one active admin',
          });
        }
        if (typeof input['password'] === 'string' && input['password'].length < 12)
          return badInput(operation, { password: 'must be 12 to 200 characters' });
        const updated: ApiAccount = { ...current };
        if (typeof input['name'] === 'string') updated.name = input['name'];
        if (input['language'] === 'NB' || input['language'] === 'EN') updated.language = input['language'];
        if (typeof input['isAdmin'] === 'boolean') updated.isAdmin = input['isAdmin'];
        if (typeof input['active'] === 'boolean') updated.active = input['active'];
        users[index] = updated;
        return dataResult(operation, { updateUser: updated });
      }
      case 'SetMembership': {
        const target = users.find((u) => u.id === input['userId']);
        const inProject = state.projects.find((p) => p.id === input['projectId']);
        if (!target) return notFound(operation, 'User');
        if (!inProject) return notFound(operation, 'Project');
        const role = input['role'] as ProjectRole;
        const existing = target.memberships.find((m) => m.project.id === inProject.id);
        const result = existing ? { ...existing, role } : membership(inProject, role);
        target.memberships = [...target.memberships.filter((m) => m !== existing), result];
        return dataResult(operation, {
          setMembership: { ...result, user: { __typename: 'User', id: target.id } },
        });
      }
      case 'RemoveMembership': {
        const target = users.find((u) => u.id === variables['userId']);
        const existing = target?.memberships.find((m) => m.project.id === variables['projectId']);
        if (!target || !existing) return notFound(operation, 'Membership');
        target.memberships = target.memberships.filter((m) => m !== existing);
        return dataResult(operation, { removeMembership: true });
      }
      case 'ProjectMembers': {
        const found = state.projects.find((p) => p.id === variables['id']);
        if (!found) return notFound(operation, 'Project');
        const memberships = users.flatMap((u) =>
          u.memberships
            .filter((m) => m.project.id === found.id)
            .map((m) => ({
              __typename: 'Membership',
              id: m.id,
              role: m.role,
              user: { __typename: 'User', id: u.id, name: u.name },
            })),
        );
        return dataResult(operation, { project: { __typename: 'Project', id: found.id, memberships } });
      }
      case 'ApiTokens':
        return dataResult(operation, { apiTokens: [...(state.tokens ?? [])] });
      case 'CreateApiToken': {
        const mayCreate = viewer?.isAdmin || viewer?.memberships.some((m) => m.role === 'RESEARCHER');
        if (!mayCreate) return forbidden(operation);
        if (!String(input['name']).trim()) return badInput(operation, { name: 'must not be empty' });
        const days = input['expiresInDays'];
        const created = apiToken({
          name: String(input['name']),
          prefix: `vrd_${String(nextId).padStart(4, '0')}`,
          createdAt: '2026-02-01T09:00:00.000Z',
          expiresAt:
            typeof days === 'number'
              ? new Date(Date.parse('2026-02-01T09:00:00.000Z') + days * 86_400_000).toISOString()
              : null,
        });
        state.tokens = [created, ...(state.tokens ?? [])];
        return dataResult(operation, {
          createApiToken: {
            __typename: 'CreatedApiToken',
            secret: `${created.prefix}_hemmelig-testnokkel-${created.id}`,
            token: created,
          },
        });
      }
      case 'RevokeApiToken': {
        const tokens = state.tokens ?? [];
        const index = tokens.findIndex((t) => t.id === variables['id']);
        const current = tokens[index];
        if (!current) return notFound(operation, 'API token');
        const revoked = { ...current, revokedAt: current.revokedAt ?? '2026-02-02T12:00:00.000Z' };
        tokens[index] = revoked;
        return dataResult(operation, { revokeApiToken: revoked });
      }
      case 'AuditEvents': {
        const all = (state.auditEvents ?? []).filter(
          (e) => !variables['action'] || e.action === variables['action'],
        );
        const offset = Number(variables['offset'] ?? 0);
        const limit = Number(variables['limit'] ?? 50);
        return dataResult(operation, {
          auditEvents: {
            __typename: 'AuditEventPage',
            total: all.length,
            events: all.slice(offset, offset + limit),
          },
        });
      }
      default:
        throw new Error(`The fake API does not know the operation ${name}`);
    }
  };
}

function unauthenticated(operation: Operation) {
  return errorResult(operation, [
    { message: 'You must sign in to do this', extensions: { code: 'UNAUTHENTICATED' } },
  ]);
}
