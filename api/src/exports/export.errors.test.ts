import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthService } from '../accounts/auth.service.js';
import { ProjectRole } from '../accounts/project-role.js';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../common/errors.js';
import type { Project } from '../projects/project.entity.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';

/**
 * `/exports` answers errors in the one shape of every HTTP route, `{ code, message, … }`, with the codes and statuses
 * GraphQL uses: a script reading either sees the same thing.
 */
let server: TestServer;
let project: Project;
let researcher: string;
let manager: string;

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  project = await makeProject(em);
  const admin = await makeUser(em, { isAdmin: true });
  await makeOpenRound(em, project, admin);
  researcher = await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] }));
  const other = await makeProject(em);
  manager = await makeSession(
    em,
    await makeUser(em, {
      roles: [
        [project, ProjectRole.MANAGER],
        [other, ProjectRole.RESEARCHER],
      ],
    }),
  );
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server?.stop();
});

async function download(path: string, session?: string) {
  const response = await fetch(`${server.url}/exports/${path}`, {
    headers: session ? { cookie: `verdi_session=${session}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('/exports errors', () => {
  it('answers a caller without a session 401 UNAUTHENTICATED', async () => {
    const { status, body } = await download(`${project.id}/data-wide.csv`);
    expect(status).toBe(401);
    expect(body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('answers a manager of the project, a researcher elsewhere, 403 FORBIDDEN', async () => {
    const { status, body } = await download(`${project.id}/data-wide.csv`, manager);
    expect(status).toBe(403);
    expect(body).toEqual({
      code: 'FORBIDDEN',
      message: 'Only researchers of the project can export its data',
    });
  });

  it('answers a malformed project id 400 BAD_USER_INPUT naming it, as GraphQL does, whoever asks', async () => {
    for (const session of [undefined, manager, researcher]) {
      const { status, body } = await download('not-a-project/data-wide.csv', session);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'BAD_USER_INPUT', fields: { projectId: 'is not a UUID' } });
    }
  });

  it('answers an unknown file and a bad filter 404 NOT_FOUND and 400 BAD_USER_INPUT', async () => {
    expect(await download(`${project.id}/nothing.txt`, researcher)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await download(`${project.id}/data-wide.csv?from=2026-02-30`, researcher)).toMatchObject({
      status: 400,
      body: { code: 'BAD_USER_INPUT', message: expect.stringContaining('from=2026-02-30 is not a date') },
    });
  });

  it('answers a database outage 503 DATABASE_UNAVAILABLE, never a 500', async () => {
    const outage = vi.spyOn(AuthService.prototype, 'viewerFor').mockRejectedValue(
      new Error('select … - failed', {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      }),
    );
    try {
      const { status, body } = await download(`${project.id}/data-wide.csv`, researcher);
      expect(status).toBe(503);
      expect(body).toEqual({ code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE });
    } finally {
      outage.mockRestore();
    }
  });

  it('answers anything else 500 INTERNAL_SERVER_ERROR without detail', async () => {
    const bug = vi
      .spyOn(AuthService.prototype, 'viewerFor')
      .mockRejectedValue(new TypeError('secret detail of a bug'));
    try {
      const { status, body } = await download(`${project.id}/data-wide.csv`, researcher);
      expect(status).toBe(500);
      expect(body).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
    } finally {
      bug.mockRestore();
    }
  });
});
