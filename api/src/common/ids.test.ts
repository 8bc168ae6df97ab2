import type { GraphQLArgument, GraphQLInputField } from 'graphql';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { getSchema } from '../schema.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { decodeCursor, encodeCursor } from './ids.js';

// The schema's own copy of graphql (CommonJS, as type-graphql's), not the ES module build Vitest would import.
const { getNamedType, isInputObjectType } = createRequire(import.meta.url)(
  'graphql',
) as typeof import('graphql');

/** Named like ids but no row's id: the survey page's idempotency key, checked by class-validator with a field message. */
const NOT_AN_ID = new Set(['SubmitSurveyInput.clientSubmissionId']);

describe('the UUID boundary', () => {
  it('types every id argument and id input field of the schema as UUID', async () => {
    const schema = await getSchema();
    const found: string[] = [];
    const check = (where: string, input: GraphQLArgument | GraphQLInputField) => {
      const type = getNamedType(input.type).name;
      const namesAnId = /(^id$|Id$|Ids$)/.test(input.name);
      if ((type === 'ID' || (namesAnId && type !== 'UUID')) && !NOT_AN_ID.has(where)) found.push(where);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field);
      } else if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of 'args' in field ? field.args : []) {
            check(`${type.name}.${field.name}(${arg.name})`, arg);
          }
        }
      }
    }
    expect(found, 'declare these with () => UUID from common/ids.ts').toEqual([]);
  });

  it('reads cursors it wrote, and refuses forged ones as BAD_USER_INPUT about the field', () => {
    const id = randomUUID();
    expect(decodeCursor('response', encodeCursor('response', id))).toBe(id);
    for (const forged of [
      Buffer.from("response:1' or '1'='1").toString('base64url'),
      Buffer.from('response:').toString('base64url'),
      Buffer.from(`round:${id}`).toString('base64url'),
      'not base64 at all',
    ]) {
      let error: unknown;
      try {
        decodeCursor('response', forged);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', fields: { after: expect.any(String) } },
      });
    }
  });
});

describe('a malformed id, over GraphQL', () => {
  let server: TestServer;
  let sessions: Record<'outsider' | 'researcher' | 'admin', string>;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const em = server.db.orm.em.fork();
    const project = await makeProject(em);
    projectId = project.id;
    const admin = await makeUser(em, { isAdmin: true });
    await makeOpenRound(em, project, admin);
    sessions = {
      outsider: await makeSession(em, await makeUser(em)),
      researcher: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] })),
      admin: await makeSession(em, admin),
    };
  });
  afterAll(async () => {
    await server?.stop();
  });

  // Before the scalar these answered NOT_FOUND, FORBIDDEN or an empty list, depending on the operation and the caller.
  const operations: [string, string, Record<string, unknown>][] = [
    ['project', 'query ($id: UUID!) { project(id: $id) { id } }', { id: 'x' }],
    ['round', 'query ($id: UUID!) { round(id: $id) { id } }', { id: "1' or '1'='1" }],
    ['a list of ids', 'query ($p: [UUID!]!) { constructScores(projectIds: $p) { n } }', { p: ['nope'] }],
    [
      'an input field',
      'mutation ($i: SetMembershipInput!) { setMembership(input: $i) { role } }',
      {
        i: { userId: 'u', projectId: 'p', role: 'MANAGER' },
      },
    ],
    [
      'one good id, one bad',
      'query ($p: [UUID!]!) { programmeFunnel(projectIds: $p) { cohort } }',
      {
        p: [randomUUID(), '00000000-0000-0000-0000-00000000000g'],
      },
    ],
  ];

  for (const [name, document, variables] of operations) {
    it(`refuses ${name} as BAD_USER_INPUT (HTTP 400), whoever asks, before any rule or resolver runs`, async () => {
      for (const caller of ['anonymous', 'outsider', 'researcher', 'admin'] as const) {
        const client =
          caller === 'anonymous' ? server.client() : server.client({ session: sessions[caller] });
        const result = await client.graphql(document, variables);
        expect(result.status, caller).toBe(400);
        expect(result.body.errors?.[0]?.extensions?.code, caller).toBe('BAD_USER_INPUT');
        expect(result.body.data, caller).toBeUndefined();
      }
    });
  }

  it('reads an id in capitals as the same id', async () => {
    const client = server.client({ session: sessions.researcher });
    const result = await client.graphql<{ project: { id: string } }>(
      'query ($id: UUID!) { project(id: $id) { id } }',
      { id: projectId.toUpperCase() },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.project.id).toBe(projectId);
  });
});
