import { createHmac, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnsweredMix } from '../invitees/answered-mix.js';
import { Invitee } from '../invitees/invitee.entity.js';
import { invitedRound } from '../invitees/test/invited-round.js';
import { createLogger } from '../logger.js';
import { pseudonymKey } from '../privacy/pseudonym-key.js';
import { AnonymityMode } from '../rounds/round.entity.js';
import { ProjectRole } from '../accounts/project-role.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { answersOf, CONSULTANT, publishInstrument, type AnalyticsWorld } from '../test/rounds.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { Response } from './response.entity.js';
import { SurveyService } from './survey.service.js';

/** Participants who came through a personal link mailed to them (`inv.` tickets). */

let world: AnalyticsWorld;
const mix = new AnsweredMix();
const logLines: string[] = [];

beforeAll(async () => {
  const log = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  world = await worldOn(await startTestServer({ answeredMix: mix, log }));
});
afterAll(async () => {
  await world?.server.stop();
});

/** A project with its researcher and the sample instrument, on a server with this file's mix and logger. */
async function worldOn(server: TestServer): Promise<AnalyticsWorld> {
  const em = server.db.orm.em.fork();
  const project = await makeProject(em, 'Invitert');
  const author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  return {
    server,
    project,
    author,
    instrumentId: await publishInstrument(em, project, author),
    researcher: server.client({ session: await makeSession(em, author) }),
    manager: server.client(),
  };
}

const SURVEY = `query ($token: String!, $resume: String) {
  survey(token: $token, resumeToken: $resume) {
    kind role round { anonymity invitation { linked addressesDeletedBy } } savedAnswers { item number }
  }
}`;
const SAVE = 'mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken } }';
const SUBMIT =
  'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode submittedOn } }';
const WITHDRAW = 'mutation ($code: String!) { withdrawSurveyResponse(receiptCode: $code) { withdrawnOn } }';

const ANSWERS = answersOf({ role: CONSULTANT, hope: 4, clarity: 3 });
const DRAFT = [
  { item: 'contact', number: 1 },
  { item: 'hope_1', number: 2 },
];

function submit(token: string, extra: { resumeToken?: string; clientSubmissionId?: string } = {}) {
  return world.server.graphql<{ submitSurveyResponse: { receiptCode: string } }>(SUBMIT, {
    input: {
      token,
      clientSubmissionId: extra.clientSubmissionId ?? randomUUID(),
      resumeToken: extra.resumeToken,
      answers: ANSWERS,
      language: 'nb',
      consent: false,
    },
  });
}

const codeOf = (result: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
  result.body.errors?.[0]?.extensions?.code ?? 'ok';

async function responsesOf(roundId: string): Promise<Response[]> {
  return world.server.db.orm.em.fork().find(Response, { round: roundId });
}

describe('a personal link', () => {
  it('opens the survey as EMAIL, saves and resumes a draft, submits once, and the response keeps nothing of it', async () => {
    const round = await invitedRound(world.server.db.orm, world.project, world.author, world.instrumentId, {
      label: 'Anonym',
      count: 3,
    });
    const [a] = round.people;
    const opened = await world.server.graphql<{ survey: Record<string, unknown> }>(SURVEY, {
      token: a!.ticket,
    });
    expect(opened.body.errors).toBeUndefined();
    expect(opened.body.data!.survey).toMatchObject({
      kind: 'EMAIL',
      role: 'CONSULTANT',
      round: { anonymity: 'ANONYMOUS', invitation: { linked: false, addressesDeletedBy: null } },
    });

    const saved = await world.server.graphql<{ saveSurveyDraft: { resumeToken: string } }>(SAVE, {
      input: { token: a!.ticket, answers: DRAFT, language: 'nb', consent: false },
    });
    const resumeToken = saved.body.data!.saveSurveyDraft.resumeToken;
    expect(resumeToken).toBeTruthy();
    const resumed = await world.server.graphql<{ survey: { savedAnswers: unknown[] } }>(SURVEY, {
      token: a!.ticket,
      resume: resumeToken,
    });
    expect(resumed.body.data!.survey.savedAnswers).toEqual(DRAFT);

    const clientSubmissionId = randomUUID();
    const first = await submit(a!.ticket, { resumeToken, clientSubmissionId });
    expect(codeOf(first)).toBe('ok');
    // A retry with the draft's secret gets the same receipt, stores nothing new.
    const retry = await submit(a!.ticket, { resumeToken, clientSubmissionId });
    expect(retry.body.data!.submitSurveyResponse.receiptCode).toBe(
      first.body.data!.submitSurveyResponse.receiptCode,
    );
    // Anything else with the ticket is answered: already submitted.
    expect(codeOf(await submit(a!.ticket))).toBe('ALREADY_SUBMITTED');
    expect(codeOf(await world.server.graphql(SURVEY, { token: a!.ticket }))).toBe('ALREADY_SUBMITTED');
    expect(
      codeOf(
        await world.server.graphql(SAVE, {
          input: { token: a!.ticket, answers: DRAFT, language: 'nb', consent: false },
        }),
      ),
    ).toBe('ALREADY_SUBMITTED');

    const responses = await responsesOf(round.roundId);
    expect(responses).toHaveLength(1);
    expect(responses[0]!.invitation).toBeNull();
    expect(responses[0]!.submittedAt).toBeNull();
    // Anonymous: nothing about the invitee is written at submission; the mark waits in memory.
    const rows = await world.server.db.orm.em.fork().find(Invitee, { round: round.roundId });
    expect(rows.every((row) => !row.answered)).toBe(true);
    expect(mix.has(a!.id)).toBe(true);

    // The receipt withdraws as for an open link.
    const withdrawn = await world.server.graphql(WITHDRAW, {
      code: first.body.data!.submitSurveyResponse.receiptCode,
    });
    expect(codeOf(withdrawn)).toBe('ok');
  });

  it('stores one response when two devices submit one ticket at once, whatever the drafts', async () => {
    const round = await invitedRound(world.server.db.orm, world.project, world.author, world.instrumentId, {
      label: 'To enheter',
      count: 2,
    });
    const [a, b] = round.people;
    const results = await Promise.all([submit(a!.ticket), submit(a!.ticket), submit(a!.ticket)]);
    expect(results.map(codeOf).sort()).toEqual(['ALREADY_SUBMITTED', 'ALREADY_SUBMITTED', 'ok']);
    // Two devices with one saved draft: one stores it, the other gets the same receipt.
    const saved = await world.server.graphql<{ saveSurveyDraft: { resumeToken: string } }>(SAVE, {
      input: { token: b!.ticket, answers: DRAFT, language: 'nb', consent: false },
    });
    const resumeToken = saved.body.data!.saveSurveyDraft.resumeToken;
    const twins = await Promise.all([submit(b!.ticket, { resumeToken }), submit(b!.ticket, { resumeToken })]);
    expect(twins.map(codeOf)).toEqual(['ok', 'ok']);
    expect(twins[0]!.body.data!.submitSurveyResponse.receiptCode).toBe(
      twins[1]!.body.data!.submitSurveyResponse.receiptCode,
    );
    const submitted = (await responsesOf(round.roundId)).filter((r) => r.status === 'SUBMITTED');
    expect(submitted).toHaveLength(2);
  });

  it('is refused when unknown, without repeating any part of it', async () => {
    const ticket = `inv.${randomUUID().replace(/-/g, '')}`;
    const result = await world.server.graphql(SURVEY, { token: ticket });
    expect(codeOf(result)).toBe('NOT_FOUND');
    expect(result.body.errors![0]!.message).toContain('inv.…');
    expect(result.body.errors![0]!.message).not.toContain(ticket.slice(4, 8));
  });

  it('never keys a throttle counter by the ticket', async () => {
    const round = await invitedRound(world.server.db.orm, world.project, world.author, world.instrumentId, {
      label: 'Begrensning',
      count: 1,
    });
    const [a] = round.people;
    await world.server.graphql(SAVE, {
      input: { token: a!.ticket, answers: DRAFT, language: 'nb', consent: false },
    });
    await submit(a!.ticket);
    const secret = createHmac('sha256', pseudonymKey()).update('verdi throttle keys').digest();
    const keyOf = (raw: string) => createHmac('sha256', secret).update(raw).digest('base64url');
    const needles = ['127.0.0.1', '::ffff:127.0.0.1', '::1'].map((client) =>
      keyOf(`${a!.ticket}\u0000${client}`),
    );
    const rows = await world.server.db.orm.em
      .fork()
      .execute<{ key: string }[]>('select key from throttle_counters');
    expect(rows.length).toBeGreaterThan(0);
    for (const needle of needles) expect(rows.some((row) => row.key.includes(needle))).toBe(false);
  });

  it('is never written to the request log', async () => {
    const round = await invitedRound(world.server.db.orm, world.project, world.author, world.instrumentId, {
      label: 'Logg',
      count: 1,
    });
    const [a] = round.people;
    for (const path of [`/i/${a!.ticket}`, `/u/out.secret-${a!.id}`, `/s/${round.openLink}?x=1`]) {
      await fetch(`${world.server.url}${path}`);
    }
    await world.server.graphql(SURVEY, { token: a!.ticket });
    const written = logLines.join('');
    expect(written).toContain('"url":"/i/:token"');
    expect(written).toContain('"url":"/u/:token"');
    expect(written).toContain('"url":"/s/:token"');
    for (const secret of [a!.ticket, a!.id, a!.email, round.openLink]) expect(written).not.toContain(secret);
  });
});

describe('a mark lost in a restart', () => {
  it('heals when the page opens the ticket again with the submitted draft’s resume token', async () => {
    const round = await invitedRound(world.server.db.orm, world.project, world.author, world.instrumentId, {
      label: 'Omstart',
      count: 2,
    });
    const [a] = round.people;
    const orm = world.server.db.orm;
    const resumeToken = randomUUID();
    await new SurveyService(orm.em.fork(), new AnsweredMix()).submit({
      token: a!.ticket,
      clientSubmissionId: randomUUID(),
      resumeToken,
      answers: ANSWERS,
      language: 'nb',
      consent: false,
    });
    // A new process: its mix knows nothing, so the ticket would open again, but the page remembers the draft.
    const restarted = new AnsweredMix();
    await expect(
      new SurveyService(orm.em.fork(), restarted).survey(a!.ticket, resumeToken),
    ).rejects.toMatchObject({
      extensions: { code: 'ALREADY_SUBMITTED' },
    });
    expect(restarted.has(a!.id)).toBe(true);
    await expect(new SurveyService(orm.em.fork(), restarted).survey(a!.ticket)).rejects.toMatchObject({
      extensions: { code: 'ALREADY_SUBMITTED' },
    });
  });
});

describe('a confidential round', () => {
  it('marks the invitee in the submission’s own transaction, strictly once across instances', async () => {
    const closesAt = new Date(Date.now() + 10 * 86_400_000);
    const round = await invitedRound(world.server.db.orm, world.project, world.author, world.instrumentId, {
      label: 'Konfidensiell',
      count: 2,
      anonymity: AnonymityMode.CONFIDENTIAL,
      closesAt,
    });
    const [a] = round.people;
    const opened = await world.server.graphql<{ survey: { round: { invitation: unknown } } }>(SURVEY, {
      token: a!.ticket,
    });
    const deletedBy = new Date(closesAt.getTime() + 30 * 86_400_000).toLocaleDateString('sv-SE', {
      timeZone: 'Europe/Oslo',
    });
    expect(opened.body.data!.survey.round.invitation).toEqual({
      linked: true,
      addressesDeletedBy: deletedBy,
    });

    // Two instances (each with a mix of its own) submitting the same ticket at once: the database decides.
    const orm = world.server.db.orm;
    const instance = () => new SurveyService(orm.em.fork(), new AnsweredMix());
    const outcomes = await Promise.allSettled(
      [instance(), instance(), instance()].map((service) =>
        service.submit({
          token: a!.ticket,
          clientSubmissionId: randomUUID(),
          answers: ANSWERS,
          language: 'nb',
          consent: false,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason.extensions.code).toBe('ALREADY_SUBMITTED');
    }
    expect(await responsesOf(round.roundId)).toHaveLength(1);
    const rows = await orm.em.fork().find(Invitee, { round: round.roundId }, { orderBy: { email: 'asc' } });
    expect(rows.map((row) => row.answered)).toEqual([true, false]);
    expect(mix.has(a!.id)).toBe(false);
  });
});
