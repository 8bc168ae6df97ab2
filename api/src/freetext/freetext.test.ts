import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeOpenRound, makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';

let server: TestServer;
let researcher: GraphQLClient;
let manager: GraphQLClient;
let waveId: string;

beforeAll(async () => {
  server = await startTestServer();
  const em = server.db.orm.em.fork();
  const project = await makeProject(em);
  const user = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  researcher = server.client({ session: await makeSession(em, user) });
  manager = server.client({
    session: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] })),
  });
  const round = await makeOpenRound(em, project, user);
  waveId = round.waveId;
  const token = round.links.CONSULTANT!;
  for (const text of ['Mer håp i hverdagen', 'Jeg er alene i rollen']) {
    await new SurveyService(server.db.orm.em.fork()).submit({
      token,
      clientSubmissionId: randomUUID(),
      answers: [
        { item: 'contact', number: 1 },
        { item: 'workplace', choices: ['ambulant'] },
        { item: 'value_text', text },
      ],
      language: 'nb',
      consent: true,
    });
  }
});
afterAll(async () => {
  await server?.stop();
});

const LIST =
  'query ($w: ID!) { freeTextAnswers(waveId: $w, item: "value_text") { responseId item role text tags belowReportingThreshold } }';

describe('free text', () => {
  it('is listed for researchers per item and role, flagged when the group is too small for reports', async () => {
    const result = await researcher.graphql<{
      freeTextAnswers: { text: string; role: string; belowReportingThreshold: boolean }[];
    }>(LIST, { w: waveId });
    expect(result.body.data!.freeTextAnswers.map((a) => [a.role, a.text, a.belowReportingThreshold])).toEqual(
      [
        ['CONSULTANT', 'Jeg er alene i rollen', true],
        ['CONSULTANT', 'Mer håp i hverdagen', true],
      ],
    );
  });

  it('can be tagged with themes, which replace the earlier ones', async () => {
    const [first] = (
      await researcher.graphql<{ freeTextAnswers: { responseId: string }[] }>(LIST, { w: waveId })
    ).body.data!.freeTextAnswers;
    const SET = 'mutation ($input: SetTextTagsInput!) { setTextTags(input: $input) }';
    const set = await researcher.graphql(SET, {
      input: { responseId: first!.responseId, item: 'value_text', tags: [' Ensomhet', 'rolle', 'rolle'] },
    });
    expect(set.body.data).toEqual({ setTextTags: ['ensomhet', 'rolle'] });
    await researcher.graphql(SET, {
      input: { responseId: first!.responseId, item: 'value_text', tags: ['rolle'] },
    });
    const listed = await researcher.graphql<{ freeTextAnswers: { responseId: string; tags: string[] }[] }>(
      LIST,
      { w: waveId },
    );
    expect(listed.body.data!.freeTextAnswers.find((a) => a.responseId === first!.responseId)!.tags).toEqual([
      'rolle',
    ]);
  });

  it('is never shown to managers', async () => {
    const result = await manager.graphql(LIST, { w: waveId });
    expect(result.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
