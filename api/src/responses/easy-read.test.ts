import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsentText, ResponseConsent } from '../consent/consent-text.entity.js';
import { consentHash } from '../consent/consent.service.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { Round } from '../rounds/round.entity.js';
import { missingInRound } from '../rounds/round.languages.js';
import { RoundService } from '../rounds/round.service.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { adminActor, makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import type { User } from '../accounts/user.entity.js';
import { Answer } from './answer.entity.js';
import { Response, ResponseStatus, Wording } from './response.entity.js';
import { SurveyService } from './survey.service.js';

/**
 * Easy-read wording and assisted answering (issue 21) as stored: the wording a response was answered in, merged
 * across saves and devices, on both submission paths; help in answering; the easy-read information kept with the
 * consented text without changing the hash of texts that have none.
 */
let db: TestDatabase;
let author: User;
const em = () => db.orm.em.fork();
const service = () => new SurveyService(em());

const EASY_DEFINITION = () => {
  const definition = sampleDefinition();
  const contact = definition.sections[0]!.items[0]!;
  contact.easyRead = { nb: 'Har du møtt en erfaringskonsulent?', en: 'Have you met a peer worker?' };
  return definition;
};

async function newRound(): Promise<OpenRound> {
  const e = em();
  author = await makeUser(e, { isAdmin: true });
  return makeOpenRound(e, await makeProject(e), author, { definition: EASY_DEFINITION() });
}

async function codeFor(round: OpenRound): Promise<string> {
  const { codes } = await new RoundService(em()).createCodes(adminActor(author), {
    roundId: round.roundId,
    role: RespondentRole.CONSULTANT,
    count: 1,
  });
  return codes[0]!;
}

const answers = [{ item: 'contact', number: 1 }];
const input = (token: string, extra: Record<string, unknown> = {}) => ({
  token,
  clientSubmissionId: randomUUID(),
  answers: answers as never,
  language: 'nb',
  consent: true,
  ...extra,
});

const stored = async (roundId: string) =>
  (await em().find(Response, { round: roundId, status: ResponseStatus.SUBMITTED })).map((r) => ({
    wording: r.wording,
    assisted: r.assisted,
    readAloud: r.assistedReadAloud,
    wrote: r.assistedWrote,
    explained: r.assistedExplained,
  }));

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('the wording a response records', () => {
  it('is standard where nothing is said (older pages), and as given in one go', async () => {
    const round = await newRound();
    await service().submit(input(round.links.CONSULTANT!));
    await service().submit(input(round.links.CONSULTANT!, { wording: Wording.EASY_READ }));
    expect((await stored(round.roundId)).map((r) => r.wording).sort()).toEqual([
      Wording.EASY_READ,
      Wording.STANDARD,
    ]);
  });

  it('is MIXED where the draft was saved in one wording and submitted in another (the fast path)', async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const same = await service().saveDraft({ ...input(token), wording: Wording.EASY_READ });
    await service().submit(input(token, { resumeToken: same.resumeToken, wording: Wording.EASY_READ }));
    const other = await service().saveDraft({ ...input(token), wording: Wording.STANDARD });
    await service().submit(input(token, { resumeToken: other.resumeToken, wording: Wording.EASY_READ }));
    // A page that says nothing at submission keeps what the draft recorded.
    const quiet = await service().saveDraft({ ...input(token), wording: Wording.EASY_READ });
    await service().submit(input(token, { resumeToken: quiet.resumeToken }));
    const byId = await em().find(Response, { round: round.roundId }, { orderBy: { wording: 'asc' } });
    expect(byId.map((r) => r.wording).sort()).toEqual([Wording.EASY_READ, Wording.EASY_READ, Wording.MIXED]);
  });

  it('is MIXED where two devices save one draft in different wordings', async () => {
    const round = await newRound();
    const token = round.links.CONSULTANT!;
    const phone = await service().saveDraft({ ...input(token), wording: Wording.EASY_READ });
    await service().saveDraft({ ...input(token), resumeToken: phone.resumeToken, wording: Wording.STANDARD });
    const draft = await em().findOneOrFail(Response, { round: round.roundId });
    expect(draft.wording).toBe(Wording.MIXED);
    // Once mixed, always mixed: the later wording does not undo it.
    await service().submit(input(token, { resumeToken: phone.resumeToken, wording: Wording.EASY_READ }));
    expect(await stored(round.roundId)).toEqual([expect.objectContaining({ wording: Wording.MIXED })]);
  });

  it('is merged the same way on the careful path (a single-use code)', async () => {
    const round = await newRound();
    const code = await codeFor(round);
    await service().saveDraft({ ...input(code), wording: Wording.STANDARD });
    await service().submit(input(code, { wording: Wording.EASY_READ }));
    const second = await codeFor(round);
    await service().submit(input(second, { wording: Wording.EASY_READ }));
    expect((await stored(round.roundId)).map((r) => r.wording).sort()).toEqual([
      Wording.EASY_READ,
      Wording.MIXED,
    ]);
  });
});

describe('help in answering', () => {
  it('is stored as stated, on both paths, and null where not stated', async () => {
    const round = await newRound();
    const assistance = { assisted: true, readAloud: true, wrote: false, explained: null };
    await service().submit(input(round.links.CONSULTANT!, { assistance }));
    await service().submit(input(await codeFor(round), { assistance: { ...assistance, explained: true } }));
    await service().submit(input(round.links.CONSULTANT!, { assistance: { assisted: false } }));
    await service().submit(input(round.links.CONSULTANT!));
    const rows = (await stored(round.roundId)).map((r) => [r.assisted, r.readAloud, r.wrote, r.explained]);
    expect(rows.map((r) => JSON.stringify(r)).sort()).toEqual(
      [
        [true, true, false, null],
        [true, true, false, true],
        [false, null, null, null],
        [null, null, null, null],
      ]
        .map((r) => JSON.stringify(r))
        .sort(),
    );
  });

  it('is what the first of two submissions with one id said: a retry changes nothing', async () => {
    const round = await newRound();
    // As the page sends it: with a secret of its own as the resume token, the proof a retry comes from it.
    const first = input(round.links.CONSULTANT!, {
      resumeToken: randomUUID(),
      wording: Wording.EASY_READ,
      assistance: { assisted: true, explained: true },
    });
    const [a, b] = await Promise.all([
      service().submit(first),
      service().submit({ ...first, wording: Wording.STANDARD, assistance: { assisted: false } }),
    ]);
    expect(b.receiptCode).toBe(a.receiptCode);
    const again = await service().submit({ ...first, assistance: null });
    expect(again.receiptCode).toBe(a.receiptCode);
    const rows = await stored(round.roundId);
    expect(rows).toHaveLength(1);
    // Whichever of the twins was stored, it was stored whole: wording and help from one and the same submission.
    expect([
      { wording: Wording.EASY_READ, assisted: true, readAloud: null, wrote: null, explained: true },
      { wording: Wording.STANDARD, assisted: false, readAloud: null, wrote: null, explained: null },
    ]).toContainEqual(rows[0]);
  });

  it('refuses how someone helped where nobody did, naming the field, and stores nothing', async () => {
    const round = await newRound();
    for (const assistance of [
      { assisted: false, readAloud: true },
      { explained: false },
      { assisted: null, wrote: true },
    ]) {
      const refused = service().submit(input(round.links.CONSULTANT!, { assistance }));
      await expect(refused).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', fields: expect.any(Object) },
      });
      await expect(refused).rejects.toThrow(
        /assistance\.(readAloud|wrote|explained) says how someone helped/,
      );
    }
    expect(await em().count(Response, { round: round.roundId })).toBe(0);
    expect(await em().count(Answer, { response: { round: round.roundId } })).toBe(0);
  });

  it('is refused by the table itself where a kind is set without assisted', async () => {
    const round = await newRound();
    await service().submit(input(round.links.CONSULTANT!, { assistance: { assisted: true, wrote: true } }));
    const [row] = await em().find(Response, { round: round.roundId });
    await expect(em().nativeUpdate(Response, { id: row!.id }, { assisted: false })).rejects.toThrow(
      /responses_assisted_check/,
    );
  });

  it('is forgotten with the answers when the response is withdrawn', async () => {
    const round = await newRound();
    const receipt = await service().submit(
      input(round.links.CONSULTANT!, {
        wording: Wording.EASY_READ,
        assistance: { assisted: true, readAloud: true },
      }),
    );
    await service().withdraw(receipt.receiptCode);
    const [row] = await em().find(Response, { round: round.roundId });
    expect([row!.wording, row!.assisted, row!.assistedReadAloud]).toEqual([Wording.STANDARD, null, null]);
  });
});

describe('the easy-read information', () => {
  const information = {
    nb: 'Informasjon om undersøkelsen',
    nn: 'Informasjon om undersøkinga',
    en: 'About the survey',
  };

  it('must have exactly the languages of the information, as a clear error on the field', async () => {
    const round = await newRound();
    const rounds = new RoundService(em());
    const refused = rounds.update(adminActor(author), round.roundId, {
      informationEasyRead: { nb: 'Lett å lese', en: 'Easy to read' },
    });
    await expect(refused).rejects.toMatchObject({
      extensions: { fields: { informationEasyRead: 'has no text in nn, which the information has' } },
    });
    const updated = await rounds.update(adminActor(author), round.roundId, {
      informationEasyRead: { nb: 'Lett å lese', nn: 'Lett å lese (nn)', en: 'Easy to read' },
    });
    expect(updated.informationEasyRead).toEqual({
      nb: 'Lett å lese',
      nn: 'Lett å lese (nn)',
      en: 'Easy to read',
    });
    // Dropping nynorsk from the information but not from the easy-read text is refused too.
    await expect(
      new RoundService(em()).update(adminActor(author), round.roundId, {
        information: { nb: information.nb, en: information.en },
        languages: ['nb', 'en'],
      }),
    ).rejects.toThrow(/informationEasyRead has text in nn, which the information lacks|cannot stop offering/);
    // Blank in every language removes it.
    const cleared = await new RoundService(em()).update(adminActor(author), round.roundId, {
      informationEasyRead: { nb: ' ', nn: '', en: '' },
    });
    expect(cleared.informationEasyRead).toBeNull();
  });

  it('is shown to participants, and kept with the consented text on both paths', async () => {
    const round = await newRound();
    const easy = { nb: 'Lett å lese', nn: 'Lett å lesa', en: 'Easy to read' };
    await new RoundService(em()).update(adminActor(author), round.roundId, { informationEasyRead: easy });
    const survey = await service().survey(round.links.CONSULTANT!);
    expect(survey.round.informationEasyRead).toEqual(easy);
    expect(survey.sections[0]!.items[0]!.easyRead).toEqual({
      nb: 'Har du møtt en erfaringskonsulent?',
      en: 'Have you met a peer worker?',
    });
    await service().submit(input(round.links.CONSULTANT!));
    await service().submit(input(await codeFor(round)));
    const links = await em().find(ResponseConsent, { response: { round: round.roundId } });
    expect(links).toHaveLength(2);
    expect(new Set(links.map((l) => l.consentText.hash)).size).toBe(1);
    const text = await em().findOneOrFail(ConsentText, { hash: links[0]!.consentText.hash });
    expect(text.informationEasyRead).toEqual(easy);
    expect(text.hash).toBe(consentHash(information, null, easy));
  });

  it('is checked when a round is made too, and a refused round is not stored', async () => {
    const round = await newRound();
    const made = await em().findOneOrFail(Round, round.roundId, { populate: ['instrumentVersion'] });
    const rounds = new RoundService(em());
    const before = await em().count(Round, {});
    await expect(
      rounds.create(adminActor(author), {
        projectId: made.project.id,
        instrumentId: round.instrumentId,
        label: 'Med lettlest',
        opensAt: new Date(Date.now() - 60_000),
        information: { nb: 'Informasjon' },
        informationEasyRead: { nb: 'Lett', en: 'Easy' },
      }),
    ).rejects.toMatchObject({
      extensions: { fields: { informationEasyRead: 'has text in en, which the information lacks' } },
    });
    expect(await em().count(Round, {})).toBe(before);
  });

  it('is a text the language check sees, where it lacks a language the round offers', () => {
    const texts = {
      information: { nb: 'Info', nn: 'Info' },
      consentText: null,
      informationEasyRead: { nb: 'Lett' },
    };
    expect(missingInRound(texts, 'nn')).toEqual([
      { path: 'informationEasyRead', item: null, language: 'nn' },
    ]);
    expect(missingInRound({ ...texts, informationEasyRead: null }, 'nn')).toEqual([]);
  });

  it('leaves the hash of a text without it as it was before easy-read existed', () => {
    const statement = { nb: 'Jeg samtykker', en: 'I consent' };
    // The formula before issue 21, written out: texts consented to earlier keep their rows.
    const before = createHash('sha256')
      .update(
        JSON.stringify({
          information: { nb: information.nb, nn: information.nn, en: information.en },
          statement,
        }),
      )
      .digest('hex');
    expect(consentHash(information, statement)).toBe(before);
    expect(consentHash(information, statement, null)).toBe(before);
    expect(consentHash(information, statement, { nb: 'Lett' })).not.toBe(before);
  });
});
