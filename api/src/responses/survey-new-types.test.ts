import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { missingnessAggregates } from '../analytics/missingness.js';
import { FreeTextService } from '../freetext/freetext.service.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { newTypesDefinition } from '../instruments/test/new-types-definition.js';
import type { Project } from '../projects/project.entity.js';
import { RetentionAction } from '../retention/retention-action.js';
import { addDays } from '../retention/retention.dates.js';
import { runRetention } from '../retention/retention.run.js';
import { RetentionService } from '../retention/retention.service.js';
import { dayOf } from '../common/dates.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { actorOf } from '../test/rounds.js';
import { startTestServer, type TestServer } from '../test/server.js';
import type { AnswerValue } from './answer.rules.js';
import { SurveyService } from './survey.service.js';

let server: TestServer;
let project: Project;
let author: User;
let round: OpenRound;
const em = () => server.db.orm.em.fork();
const sql = async <T>(text: string, params: unknown[] = []) =>
  (await server.db.orm.em.getConnection().execute(text, params)) as T[];

const submit = (answers: AnswerValue[], clientSubmissionId = randomUUID()) =>
  new SurveyService(em()).submit({
    token: round.links.CONSULTANT!,
    clientSubmissionId,
    answers,
    language: 'nn',
    consent: true,
  });

/** The stored answers of the round's one submitted response, by item. */
async function submittedAnswers() {
  const rows = await sql<{
    item_key: string;
    number: number | null;
    text: string | null;
    choices: string[] | null;
  }>(
    `select a.item_key, a.number, a.text, a.choices from answers a join responses r on r.id = a.response_id
      where r.round_id = ? and r.status = 'SUBMITTED' order by a.item_key`,
    [round.roundId],
  );
  return Object.fromEntries(rows.map(({ item_key, ...rest }) => [item_key, rest]));
}

beforeAll(async () => {
  server = await startTestServer();
  project = await makeProject(em(), 'Nye spørsmålstypar');
  author = await makeUser(em(), { roles: [[project, ProjectRole.RESEARCHER]] });
  round = await makeOpenRound(em(), project, author, {
    definition: newTypesDefinition(),
    languages: ['nb', 'nn', 'en'],
  });
});
afterAll(async () => {
  await server?.stop();
});

describe('a submission with a slider, a date and "other, specify"', () => {
  it('stores the slider as a number, the date and the other text as text, and scores the slider', async () => {
    await submit([
      { item: 'mood', number: 8 },
      { item: 'strain', number: 2.5 },
      { item: 'started', text: '2024-02-29' },
      { item: 'workplace', choices: ['other'], text: ' Bydelens aktivitetshus ' },
      { item: 'help', choices: ['talk', 'other'], text: 'Musikk' },
      { item: 'other_followup', number: 4 },
    ]);
    expect(await submittedAnswers()).toEqual({
      mood: { number: 8, text: null, choices: null },
      strain: { number: 2.5, text: null, choices: null },
      started: { number: null, text: '2024-02-29', choices: null },
      workplace: { number: null, text: 'Bydelens aktivitetshus', choices: ['other'] },
      help: { number: null, text: 'Musikk', choices: ['talk', 'other'] },
      other_followup: { number: 4, text: null, choices: null },
    });
    const scores = await sql<{ construct_key: string; score: number; answered_items: number }>(
      `select s.construct_key, s.score, s.answered_items from construct_scores s
         join responses r on r.id = s.response_id where r.round_id = ?`,
      [round.roundId],
    );
    // 8 and the reverse-scored 2.5 as 10 − 2.5.
    expect(scores).toEqual([{ construct_key: 'wellbeing', score: 7.75, answered_items: 2 }]);
  });

  it('refuses the whole submission when one answer is wrong, naming the item, and stores nothing', async () => {
    const before = await sql<{ n: string }>(`select count(*) as n from answers`);
    for (const [answers, item, message] of [
      [[{ item: 'mood', number: 7.25 }], 'mood', 'Item mood must be 0 plus a whole number of steps of 0.5'],
      [
        [{ item: 'started', text: '2026-02-30' }],
        'started',
        'Item started must be a date that exists, written YYYY-MM-DD',
      ],
      [[{ item: 'started', text: '2019-12-31' }], 'started', 'Item started must be 2020-01-01 or later'],
      [
        [{ item: 'workplace', choices: ['other'] }],
        'workplace',
        'Item workplace needs a text saying what "other" is',
      ],
      [
        [{ item: 'workplace', choices: ['other'], text: 'a\nb' }],
        'workplace',
        'Item workplace takes its "other" text on one line',
      ],
      [
        [{ item: 'workplace', choices: ['housing'], text: 'Tøyen' }],
        'workplace',
        'Item workplace has an "other" text, but "other" is not chosen',
      ],
    ] as [AnswerValue[], string, string][]) {
      const error = await submit([{ item: 'strain', number: 5 }, ...answers]).then(
        () => null,
        (e: unknown) => e as { extensions: { code: string; items: Record<string, string> } },
      );
      expect(error?.extensions.code, item).toBe('BAD_USER_INPUT');
      expect(error?.extensions.items, item).toEqual({ [item]: message });
    }
    expect(await sql<{ n: string }>(`select count(*) as n from answers`)).toEqual(before);
  });

  it('keeps the other text through a saved draft and a resume', async () => {
    const service = new SurveyService(em());
    const saved = await service.saveDraft({
      token: round.links.CONSULTANT!,
      answers: [
        { item: 'workplace', choices: ['other'], text: 'Kafé' },
        { item: 'started', text: '2021-06-01' },
        { item: 'mood', number: 0.5 },
      ],
      language: 'nb',
      consent: true,
    });
    const resumed = await new SurveyService(em()).survey(round.links.CONSULTANT!, saved.resumeToken!);
    expect(
      Object.fromEntries(resumed.savedAnswers.map((a) => [a.item, [a.number, a.text, a.choices]])),
    ).toEqual({
      workplace: [null, 'Kafé', ['other']],
      started: [null, '2021-06-01', null],
      mood: [0.5, null, null],
    });
  });
});

describe('free text and retention', () => {
  it('shows the other texts and the free text on the review page, never the dates', async () => {
    const service = new FreeTextService(em());
    const questions = await service.questions(round.roundId);
    expect(questions.map((q) => [q.item, q.prompt])).toEqual([
      [
        'workplace',
        { nb: 'Hvor jobber du? – Annet', nn: 'Kvar jobbar du? – Anna', en: 'Where do you work? – Other' },
      ],
      [
        'help',
        { nb: 'Hva hjalp deg? – Annet', nn: 'Kva hjelpte deg? – Anna', en: 'What helped you? – Other' },
      ],
    ]);
    const texts = (await service.answers(round.roundId, null, null)).map((a) => [a.item, a.text]);
    expect(texts).toEqual([
      ['help', 'Musikk'],
      ['workplace', 'Bydelens aktivitetshus'],
    ]);
    expect(await service.answers(round.roundId, 'started', null)).toEqual([]);
    // Tags go on free text and "other" texts, not on dates.
    const [response] = await sql<{ id: string }>(
      `select id from responses where round_id = ? and status = 'SUBMITTED'`,
      [round.roundId],
    );
    expect(await new FreeTextService(em()).setTags(response!.id, 'workplace', ['Sted'])).toEqual(['sted']);
    await expect(new FreeTextService(em()).setTags(response!.id, 'started', ['dato'])).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('counts the new items in the missingness table, with show-if on "other" and on a slider value', async () => {
    const { items } = await missingnessAggregates(em(), round.roundId, newTypesDefinition());
    const consultants = (key: string) => items.get(key)?.get(RespondentRole.CONSULTANT);
    expect(consultants('mood')).toMatchObject({ answered: 1, skipped: 0 });
    expect(consultants('started')).toMatchObject({ answered: 1 });
    expect(consultants('workplace')).toMatchObject({ answered: 1 });
    // Shown because workplace is "other", and answered.
    expect(consultants('other_followup')).toMatchObject({ answered: 1, hidden: 0 });
    // Shown because mood (8) is above 7.5, and left empty.
    expect(consultants('calm')).toMatchObject({ skipped: 1, hidden: 0 });
  });

  it('ANONYMISE deletes the dates and clears the other texts, keeping the choices and the numbers', async () => {
    const endsOn = addDays(dayOf(new Date()), 40);
    await new RetentionService(em()).set(actorOf(author), project.id, {
      endsOn,
      action: RetentionAction.ANONYMISE,
      reference: 'REK 2026/1',
    });
    const results = (await runRetention(em(), new Date(`${endsOn}T10:00:00Z`))).filter(
      (r) => r.projectId === project.id,
    );
    expect(results).toMatchObject([{ finished: true }]);
    const rows = await sql<{
      item_key: string;
      number: number | null;
      text: string | null;
      choices: string[] | null;
    }>(
      `select a.item_key, a.number, a.text, a.choices from answers a join responses r on r.id = a.response_id
        where r.round_id = ? order by a.item_key`,
      [round.roundId],
    );
    expect(rows).toEqual([
      { item_key: 'help', number: null, text: null, choices: ['talk', 'other'] },
      { item_key: 'mood', number: 8, text: null, choices: null },
      { item_key: 'other_followup', number: 4, text: null, choices: null },
      { item_key: 'strain', number: 2.5, text: null, choices: null },
      { item_key: 'workplace', number: null, text: null, choices: ['other'] },
    ]);
    const receipt = (await new RetentionService(em()).receipt(project.id, 'en'))!;
    // Two "other" texts and a date submitted, one of each in the draft.
    expect(Object.fromEntries(receipt.counts.map((c) => [c.kind, c.count])).textAnswersDeleted).toBe(5);
  });
});
