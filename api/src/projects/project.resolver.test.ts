import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOperation } from '../test/operations.js';
import { makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';

interface ProjectData {
  id: string;
  name: string;
  slug: string;
  organisation: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

let server: TestServer;
let admin: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  admin = server.client({ session: await makeSession(em, await makeUser(em, { isAdmin: true })) });
});
afterAll(async () => {
  await server?.stop();
});

describe('projects over GraphQL, with the operations the web client sends', () => {
  it('creates, lists, reads and updates a project', async () => {
    const created = await admin.graphql<{ createProject: ProjectData }>(clientOperation('CreateProject'), {
      input: {
        name: 'KBT Trondheim',
        organisation: 'KBT Midt-Norge',
        description: 'Tre erfaringskonsulenter',
      },
    });
    expect(created.status).toBe(200);
    expect(created.body.errors).toBeUndefined();
    const project = created.body.data!.createProject;
    expect(project).toMatchObject({
      name: 'KBT Trondheim',
      slug: 'kbt-trondheim',
      organisation: 'KBT Midt-Norge',
    });
    expect(new Date(project.createdAt).toISOString()).toBe(project.createdAt);

    const list = await admin.graphql<{ projects: ProjectData[] }>(clientOperation('Projects'));
    expect(list.body.data!.projects.map((p) => p.id)).toEqual([project.id]);

    const one = await admin.graphql<{ project: ProjectData }>(clientOperation('Project'), {
      id: project.id,
    });
    expect(one.body.data!.project).toEqual(project);

    const updated = await admin.graphql<{ updateProject: ProjectData }>(clientOperation('UpdateProject'), {
      id: project.id,
      input: { organisation: 'Trondheim kommune' },
    });
    expect(updated.body.data!.updateProject).toMatchObject({
      id: project.id,
      organisation: 'Trondheim kommune',
    });
  });

  it('answers invalid input with BAD_USER_INPUT naming every invalid field, and stores nothing', async () => {
    const before = await admin.graphql<{ projects: ProjectData[] }>(clientOperation('Projects'));
    const result = await admin.graphql(clientOperation('CreateProject'), {
      input: { name: '   ', organisation: 'x'.repeat(201), slug: 'Ikke Gyldig' },
    });
    expect(result.body.data).toBeNull();
    const error = result.body.errors![0]!;
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        name: 'must not be blank',
        organisation: 'must be 1 to 200 characters',
        slug: expect.stringContaining('lower-case letters'),
      },
    });
    expect(error.message).toContain('name must not be blank');
    expect(error.extensions).not.toHaveProperty('stacktrace');
    const after = await admin.graphql<{ projects: ProjectData[] }>(clientOperation('Projects'));
    expect(after.body.data!.projects).toHaveLength(before.body.data!.projects.length);
  });

  it('answers a duplicate slug with BAD_USER_INPUT on the slug field', async () => {
    const input = { name: 'Dobbel', organisation: 'Org', slug: 'dobbel' };
    await admin.graphql(clientOperation('CreateProject'), { input });
    const again = await admin.graphql(clientOperation('CreateProject'), { input });
    expect(again.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { slug: 'is already used by another project' },
    });
  });

  it('answers an unknown id with NOT_FOUND', async () => {
    const result = await admin.graphql(clientOperation('Project'), {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(result.body.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(result.body.errors![0]!.message).toBe(
      'Project 00000000-0000-4000-8000-000000000000 was not found',
    );
  });
});
