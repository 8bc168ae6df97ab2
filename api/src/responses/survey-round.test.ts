import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/server.js';

let server: TestServer;
const em = () => server.db.orm.em.fork();

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Opens a round in a project of its own and returns the consultants' link token. */
async function openRound(projectName: string): Promise<string> {
  const project = await makeProject(em(), projectName);
  const researcher = server.client({
    session: await makeSession(em(), await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] })),
  });
  const created = await researcher.graphql<{ createInstrument: { id: string } }>(
    'mutation ($input: CreateInstrumentInput!) { createInstrument(input: $input) { id } }',
    { input: { name: 'Verdi', projectId: project.id } },
  );
  const instrumentId = created.body.data!.createInstrument.id;
  await researcher.graphql(
    'mutation ($id: UUID!, $d: InstrumentDefinitionInput!) { saveInstrumentDraft(id: $id, definition: $d, baseRevision: 1) { id } }',
    { id: instrumentId, d: sampleDefinition() },
  );
  await researcher.graphql('mutation ($id: UUID!) { publishInstrument(id: $id, revision: 2) { id } }', {
    id: instrumentId,
  });
  const round = await researcher.graphql<{ createRound: { openLinks: { role: string; path: string }[] } }>(
    'mutation ($input: CreateRoundInput!) { createRound(input: $input) { openLinks { role path } } }',
    {
      input: {
        projectId: project.id,
        instrumentId,
        label: 'Intern testrunde 3b',
        opensAt: new Date(Date.now() - 3_600_000).toISOString(),
        information: { nb: 'Det er frivillig å delta.' },
      },
    },
  );
  expect(round.body.errors).toBeUndefined();
  return round.body
    .data!.createRound.openLinks.find((l) => l.role === 'CONSULTANT')!
    .path.slice('/s/'.length);
}

describe('what a participant is told about who is asking', () => {
  it('names the project and its organisation, each round its own', async () => {
    const first = await openRound('Erfaringsskolen i Eksempelby');
    const second = await openRound('Brukerstyrt team Nordby');
    const query = `query ($token: String!) { survey(token: $token) { round { label projectName organisation } } }`;
    const answers = await Promise.all(
      [first, second].map((token) =>
        server.client().graphql<{ survey: { round: Record<string, string> } }>(query, { token }),
      ),
    );
    expect(answers.map((answer) => answer.body.data?.survey.round)).toEqual([
      {
        label: 'Intern testrunde 3b',
        projectName: 'Erfaringsskolen i Eksempelby',
        organisation: 'Testkommune',
      },
      { label: 'Intern testrunde 3b', projectName: 'Brukerstyrt team Nordby', organisation: 'Testkommune' },
    ]);
  });
});
