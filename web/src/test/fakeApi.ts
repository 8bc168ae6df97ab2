import type { Operation } from '@urql/vue';
import type { ProjectFieldsFragment, ViewerFieldsFragment } from '@verdi/schema/generated';
import { dataResult, errorResult, operationName, type MockReply, type Responder } from './urql';

export type ApiProject = ProjectFieldsFragment & { __typename: 'Project' };
export type ApiUser = ViewerFieldsFragment & { __typename: 'User' };

export interface FakeApiState {
  projects: ApiProject[];
  /** Who is signed in; null when nobody is. */
  viewer: ApiUser | null;
  /** The accounts that can sign in, by email, with their password. */
  accounts?: Record<string, { user: ApiUser; password: string }>;
}

let nextId = 1;

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
    createdAt: '2026-01-15T10:00:00.000Z',
    updatedAt: '2026-01-15T10:00:00.000Z',
    ...fields,
  };
}

export function user(fields: Partial<ViewerFieldsFragment> = {}): ApiUser {
  return {
    __typename: 'User',
    id: `u${nextId++}`,
    name: 'Testbruker Admin',
    email: 'admin@example.org',
    isAdmin: true,
    language: 'NB',
    ...fields,
  };
}

type Handlers = Partial<Record<string, (operation: Operation) => MockReply>>;

/**
 * A small in-memory Verdi API: answers Projects, CreateProject, Me, SignIn and SignOut from `state`.
 * `handlers` answer chosen operations differently, by operation name.
 */
export function fakeApi(state: FakeApiState, handlers: Handlers = {}): Responder {
  return (operation) => {
    const name = operationName(operation) ?? '';
    const handler = handlers[name];
    if (handler) return handler(operation);
    const variables = operation.variables as { input?: Record<string, unknown> };

    switch (name) {
      case 'Me':
        return dataResult(operation, { me: state.viewer });
      case 'Projects':
        if (!state.viewer) return unauthenticated(operation);
        return dataResult(operation, { projects: [...state.projects] });
      case 'CreateProject': {
        const input = variables.input ?? {};
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
        const input = variables.input ?? {};
        const account = state.accounts?.[String(input['email'])];
        if (!account || account.password !== input['password']) {
          return errorResult(operation, [
            { message: 'Wrong email or password', extensions: { code: 'UNAUTHENTICATED' } },
          ]);
        }
        state.viewer = account.user;
        return dataResult(operation, {
          signIn: { __typename: 'SignInResult', expiresAt: '2026-01-16T10:00:00.000Z', user: account.user },
        });
      }
      case 'SignOut':
        state.viewer = null;
        return dataResult(operation, { signOut: true });
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
