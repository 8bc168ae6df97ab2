import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsentText, ResponseConsent } from '../consent/consent-text.entity.js';
import { consentRecord } from '../consent/consent.service.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { AnonymityMode, Round } from '../rounds/round.entity.js';
import { Answer } from './answer.entity.js';
import { ConstructScore } from './construct-score.entity.js';
import { Response, ResponseStatus } from './response.entity.js';
import { openLinkOf, storeSubmission, type SubmissionRow } from './submission.statements.js';
import { SurveyService } from './survey.service.js';

/**
 * The submission's one statement (issue 18): what the careful path guaranteed, checked where the statement could
 * break it — a draft's answers replaced, not merged; a round that closes between the lookup and the statement; many
 * first submitters of a new consent text at once; twins of one submission id.
 */
let db: TestDatabase;
const em = () => db.orm.em.fork();
const service = () => new SurveyService(em());

async function newRound(): Promise<OpenRound> {
  const e = em();
  return makeOpenRound(e, await makeProject(e), await makeUser(e, { isAdmin: true }));
}

const submission = (token: string, answers: object[], extra: Record<string, unknown> = {}) => ({
  token,
  clientSubmissionId: randomUUID(),
  answers: answers as never,
  language: 'nb',
  consent: true,
  ...extra,
});

async function storedAnswers(responseId: string) {
  const rows = await em().find(Answer, { response: responseId }, { orderBy: { itemKey: 'asc' } });
  return rows.map((a) => [a.itemKey, a.number, a.text, a.choices, a.notApplicable]);
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('a submission stored in one statement', () => {
  it("replaces a draft's answers with the submitted ones: changed, added, and dropped answers alike", async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const draft = await service().saveDraft(
      submission(token, [
        { item: 'contact', number: 1 },
        { item: 'hope_1', number: 1 },
        { item: 'workplace', choices: ['housing'] },
        { item: 'value_text', text: 'Et utkast som trekkes tilbake' },
      ]),
    );
    expect(await em().count(Answer, { response: { round: round.roundId } })).toBe(4);
    const receipt = await service().submit(
      submission(
        token,
        [
          { item: 'contact', number: 1 },
          { item: 'hope_1', number: 5 },
          { item: 'hope_2', number: 3 },
          // Another workplace, after which the free-text question is no longer shown, so its draft answer goes.
          { item: 'workplace', choices: ['drop_in'] },
          { item: 'role_1', notApplicable: true },
        ],
        { resumeToken: draft.resumeToken },
      ),
    );
    const responses = await em().find(Response, { round: round.roundId });
    expect(responses.map((r) => r.status)).toEqual([ResponseStatus.SUBMITTED]);
    expect(responses[0]!.submittedOn).toBe(receipt.submittedOn);
    expect(await storedAnswers(responses[0]!.id)).toEqual([
      ['contact', 1, null, null, false],
      ['hope_1', 5, null, null, false],
      ['hope_2', 3, null, null, false],
      ['role_1', null, null, null, true],
      ['workplace', null, null, ['drop_in'], false],
    ]);
    const scores = await em().find(ConstructScore, { response: responses[0]!.id });
    expect(scores.map((s) => [s.constructKey, s.score, s.answeredItems, s.shownItems])).toEqual([
      ['hope', 4, 2, 2],
    ]);
    expect(await em().count(ResponseConsent, { response: responses[0]!.id })).toBe(1);
  });

  it('stores nothing in a round that closed after the lookup, or has not opened yet', async () => {
    const round = await newRound();
    const link = (await openLinkOf(em(), round.links.CONSULTANT!))!;
    const row = (now: Date): SubmissionRow => ({
      link: { ...link, token: round.links.CONSULTANT! },
      responseId: randomUUID(),
      now,
      day: now.toISOString().slice(0, 10),
      submissionKey: randomUUID(),
      resumeHash: null,
      receiptHash: randomUUID(),
      language: 'nb',
      consentGiven: true,
      linkageHash: null,
      submittedAt: null,
      wording: null,
      assistance: { assisted: null, assistedReadAloud: null, assistedWrote: null, assistedExplained: null },
      answers: [{ itemKey: 'contact', number: 1, text: null, choices: null, notApplicable: false }],
      scores: [],
    });
    // Not yet open: the round opened a minute ago.
    expect(await storeSubmission(em(), row(new Date(Date.now() - 3_600_000)))).toBe(false);
    // Closed by its researcher between the participant's lookup and the statement.
    await em().nativeUpdate(Round, { id: round.roundId }, { closedAt: new Date() });
    expect(await storeSubmission(em(), row(new Date()))).toBe(false);
    expect(await em().count(Response, { round: round.roundId })).toBe(0);
    expect(await em().count(Answer, { response: { round: round.roundId } })).toBe(0);
    // And the participant is told so, by the careful path.
    await expect(
      service().submit(submission(round.links.CONSULTANT!, [{ item: 'contact', number: 1 }])),
    ).rejects.toMatchObject({ extensions: { code: 'ROUND_NOT_OPEN' } });
    await em().nativeUpdate(Round, { id: round.roundId }, { closedAt: null });
    expect(await storeSubmission(em(), row(new Date()))).toBe(true);
  });

  it('stores a new consent text once when 16 first participants submit at once, and links each response to it', async () => {
    const round = await newRound();
    // A text no response has consented to yet.
    await em().nativeUpdate(
      Round,
      { id: round.roundId },
      { information: { nb: `Ny tekst ${randomUUID()}` } },
    );
    const texts = await em().count(ConsentText, {});
    const receipts = await Promise.all(
      Array.from({ length: 16 }, () =>
        service().submit(submission(round.links.CONSULTANT!, [{ item: 'contact', number: 1 }])),
      ),
    );
    expect(new Set(receipts.map((r) => r.receiptCode)).size).toBe(16);
    expect(await em().count(ConsentText, {})).toBe(texts + 1);
    const responses = await em().find(Response, { round: round.roundId });
    expect(responses).toHaveLength(16);
    expect(await em().count(ResponseConsent, { response: { round: round.roundId } })).toBe(16);
  });

  it('stores one response when one submission id is sent 8 times at once without a draft, and gives one receipt', async () => {
    const round = await newRound();
    const input = submission(round.links.CONSULTANT!, [{ item: 'contact', number: 0 }]);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => service().submit(input)));
    const given = results.filter((r) => r.status === 'fulfilled');
    expect(given).toHaveLength(1);
    // The others learn it is taken; without a draft's secret, the id alone never gives the receipt (issue 14).
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        extensions: { code: 'ALREADY_SUBMITTED' },
      });
    expect(await em().count(Response, { round: round.roundId })).toBe(1);
    expect(await em().count(Answer, { response: { round: round.roundId } })).toBe(1);
  });

  it('stores nothing under a remembered link whose round has changed since, and stores it as the round is now', async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const answers = [{ item: 'contact', number: 1 }];
    await service().submit(submission(token, answers)); // the link is remembered from here on
    // Changed behind the ORM's back, so that not even the round's updated_at tells.
    const information = { nb: `Endret informasjon ${randomUUID()}` };
    await em().nativeUpdate(
      Round,
      { id: round.roundId },
      { information, linkage: true, anonymity: AnonymityMode.CONFIDENTIAL },
    );
    await service().submit(submission(token, answers, { linkageCode: 'AB12' }));
    const latest = await em().findOneOrFail(
      Response,
      { round: round.roundId, linkageHash: { $ne: null } },
      { populate: ['round'] },
    );
    expect(latest.submittedAt).toBeInstanceOf(Date);
    const consented = await em().findOneOrFail(ResponseConsent, { response: latest.id });
    expect(consented.consentText.hash).toBe(consentRecord(information, null).hash);
  });
});
