import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { Viewer } from '../auth/viewer.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { SurveyService } from '../responses/survey.service.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { WaveService } from '../waves/wave.service.js';

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
  const actor: Viewer = {
    userId: user.id,
    isAdmin: true,
    roles: new Map(),
    via: 'session',
    credentialId: 'x',
  };
  const instrument = await new InstrumentService(em).create(
    actor,
    { name: 'S', projectId: project.id },
    sampleDefinition(),
  );
  await new InstrumentService(em).publish(actor, instrument.id, 1);
  const wave = await new WaveService(em).create(actor, {
    projectId: project.id,
    instrumentId: instrument.id,
    label: 'R',
    opensAt: new Date(Date.now() - 60_000),
    information: { nb: 'Info' },
  });
  waveId = wave.id;
  const token = (await new WaveService(em).openLinks(wave.id)).find(
    (l) => l.role === 'CONSULTANT',
  )!.linkToken!;
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
