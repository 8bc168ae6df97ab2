import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { seededRandom } from '../demo/random.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';

/**
 * Failure drill: a barrage of malformed, oversized, deep, aliased, mistyped and out-of-range requests, anonymous and
 * signed in. Nothing may crash the server, answer 500, leak a stack trace or SQL, or store anything.
 */
let server: TestServer;
let session: string;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  const project = await makeProject(em);
  const user = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  session = await makeSession(em, user);
  token = (await makeOpenRound(em, project, user)).links.CONSULTANT!;
});
afterAll(async () => {
  await server?.stop();
});

function documents(): { body: string; contentType?: string }[] {
  const random = seededRandom('barrage');
  const junk = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(random() * 94))).join('');
  const survey = (answers: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      query: 'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }',
      variables: {
        input: { token, clientSubmissionId: randomUUID(), answers, language: 'nb', consent: true, ...extra },
      },
    });
  return [
    ...Array.from({ length: 30 }, () => ({
      body: JSON.stringify({ query: junk(1 + Math.floor(random() * 200)) }),
    })),
    ...Array.from({ length: 10 }, () => ({ body: junk(50) })),
    { body: '{"query": ' },
    { body: JSON.stringify({ query: 42 }) },
    { body: JSON.stringify({ query: '{ me { id } }', variables: 'nope' }) },
    { body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]) },
    { body: 'query=%7B%7D', contentType: 'application/x-www-form-urlencoded' },
    {
      body: JSON.stringify({
        query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      }),
    },
    {
      body: JSON.stringify({
        query: `{ projects { ${'memberships { project { '.repeat(30)}id${' } }'.repeat(30)} } }`,
      }),
    },
    { body: JSON.stringify({ query: `{ me { ${'id '.repeat(20000)} } }` }) },
    { body: JSON.stringify({ query: '{ project(id: "x") { id } }' }) },
    { body: JSON.stringify({ query: '{ project(id: 12) { id } }' }) },
    { body: JSON.stringify({ query: '{ survey(token: "' + 'x'.repeat(5000) + '") { role } }' }) },
    { body: JSON.stringify({ query: '{ survey(token: "\' or 1=1 --") { role } }' }) },
    {
      body: JSON.stringify({
        query:
          'mutation { signIn(input: { email: "' + 'a'.repeat(400) + '@x", password: "p" }) { expiresAt } }',
      }),
    },
    {
      body: JSON.stringify({
        query:
          'mutation { createProject(input: { name: "' +
          'n'.repeat(100_000) +
          '", organisation: "o" }) { id } }',
      }),
    },
    { body: survey([{ item: 'hope_1', number: 1e308 }]) },
    { body: survey([{ item: 'hope_1', number: -Infinity }]) },
    { body: survey([{ item: 'value_text', text: 'x'.repeat(50_000) }]) },
    { body: survey([{ item: 'workplace', choices: Array(10_000).fill('housing') }]) },
    { body: survey([{ item: 'hope_1', text: 5 }]) },
    { body: survey('not a list') },
    { body: survey([], { clientSubmissionId: 'not-a-uuid' }) },
    { body: survey([], { language: 'xx' }) },
    { body: survey([{ item: '../../etc/passwd', number: 1 }]) },
    {
      body: JSON.stringify({
        query: '{ me { id } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: randomBytes(32).toString('hex') } },
      }),
    },
  ];
}

describe('bad input barrage', () => {
  it('never crashes, never answers 500, never leaks internals, and stores nothing', async () => {
    const before = await server.db.orm.em
      .getConnection()
      .execute(
        `select (select count(*) from responses) as responses, (select count(*) from projects) as projects`,
      );
    const failures: string[] = [];
    for (const headers of [
      {},
      { cookie: `verdi_session=${session}` },
      { authorization: 'Bearer verdi_pat_invalid' },
    ]) {
      for (const { body, contentType } of documents()) {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': contentType ?? 'application/json', ...headers },
          body,
        });
        const text = await response.text();
        if (response.status >= 500) failures.push(`${response.status} for ${body.slice(0, 80)}`);
        if (/at \S+ \(|node_modules|stacktrace|select .* from|relation "/i.test(text)) {
          failures.push(`internals leaked for ${body.slice(0, 80)}: ${text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const after = await server.db.orm.em
      .getConnection()
      .execute(
        `select (select count(*) from responses) as responses, (select count(*) from projects) as projects`,
      );
    expect(after).toEqual(before);
  });
});
