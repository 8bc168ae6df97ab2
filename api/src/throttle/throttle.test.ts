import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { Response, ResponseStatus } from '../responses/response.entity.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { actorOf } from '../test/rounds.js';
import { RoundService } from '../rounds/round.service.js';
import type { User } from '../accounts/user.entity.js';
import type { Project } from '../projects/project.entity.js';
import { DEFAULT_THROTTLE, type ThrottleConfig, type TrustProxy } from './throttle.config.js';
import { ThrottleCounter } from './throttle-counter.entity.js';

/**
 * The limits on the public participant operations, over HTTP against real servers on a real database. Each test
 * speaks from addresses of its own (X-Forwarded-For, believed from a proxy configured on the loopback) and uses rounds of
 * its own, because the counters live in the database the whole file shares.
 */
const serverUrl = process.env.DATABASE_URL;

let db: TestDatabase;
let secondOrm: Orm | null = null;
let project: Project;
let author: User;
const servers: { app: App; url: string }[] = [];

const SURVEY =
  'query ($token: String!, $resume: String) { survey(token: $token, resumeToken: $resume) { role } }';
const SAVE =
  'mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken savedOn } }';
const SUBMIT =
  'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode submittedOn } }';
const WITHDRAW = 'mutation ($code: String!) { withdrawSurveyResponse(receiptCode: $code) { withdrawnOn } }';
const ANSWERS = [
  { item: 'contact', number: 1 },
  { item: 'hope_1', number: 4 },
];

interface Reply {
  status: number;
  retryAfter: string | null;
  data?: Record<string, Record<string, string | null>> | null;
  errors?: { message: string; extensions: { code: string; retryAfterSeconds?: number } }[];
}

/** What a phone sends, from the address given (passed on by a proxy on the loopback, as in production). */
async function call(url: string, query: string, variables: unknown, from?: string): Promise<Reply> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<Reply, 'status' | 'retryAfter'>;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...body };
}

const codeOf = (reply: Reply) => reply.errors?.[0]?.extensions.code ?? 'OK';

async function serve(orm: Orm, throttle: Partial<ThrottleConfig>, trustProxy: TrustProxy = ['loopback']) {
  const app = await createApp({
    orm,
    log: createLogger('silent'),
    throttle: { ...DEFAULT_THROTTLE, ...throttle },
    trustProxy,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const served = { app, url: `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}` };
  servers.push(served);
  return served.url;
}

async function round(): Promise<OpenRound> {
  return makeOpenRound(db.orm.em.fork(), project, author);
}

async function codesFor(roundId: string, count: number): Promise<string[]> {
  const made = await new RoundService(db.orm.em.fork()).createCodes(actorOf(author), {
    roundId,
    role: RespondentRole.CONSULTANT,
    count,
  });
  return made.codes;
}

async function draftsIn(roundId: string): Promise<number> {
  return db.orm.em.fork().count(Response, { round: roundId, status: ResponseStatus.IN_PROGRESS });
}

let nextAddress = 1;
/** A fresh documentation address (RFC 5737) for each client a test plays. */
const address = () => `198.51.100.${nextAddress++}`;

const save = (token: string, resumeToken: string | null = null, answers: unknown[] = ANSWERS) => ({
  input: { token, resumeToken, answers, language: 'nb', consent: true },
});
const submission = (token: string, resumeToken: string | null = null) => ({
  input: {
    token,
    resumeToken,
    clientSubmissionId: randomUUID(),
    answers: ANSWERS,
    language: 'nb',
    consent: true,
  },
});

beforeAll(async () => {
  db = await createTestDatabase();
  project = await makeProject(db.orm.em.fork(), 'Throttle test');
  author = await makeUser(db.orm.em.fork());
});
afterAll(async () => {
  for (const { app } of servers) await app.stop();
  await secondOrm?.close(true);
  await db?.drop();
});

describe('a flood of draft saves through one open link', () => {
  it('stores nothing for 200 empty saves: no draft, no "in progress"', async () => {
    const url = await serve(db.orm, {});
    const { links, roundId } = await round();
    const from = address();
    const replies: Reply[] = [];
    for (let batch = 0; batch < 20; batch++) {
      replies.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () => call(url, SAVE, save(links.CONSULTANT!, null, []), from)),
        )),
      );
    }
    expect(replies.map(codeOf).filter((code) => code !== 'OK')).toEqual([]);
    expect(replies.every((r) => r.data!.saveSurveyDraft!.resumeToken === null)).toBe(true);
    expect(await db.orm.em.fork().count(Response, { round: roundId })).toBe(0);
  });

  it('starts at most k drafts with answers per link and client, then answers RATE_LIMITED with a retry-after', async () => {
    const k = 5;
    const url = await serve(db.orm, { newDrafts: { points: k, seconds: 3600 } });
    const { links, roundId } = await round();
    const from = address();
    const first: Reply[] = [];
    for (let i = 0; i < k; i++) first.push(await call(url, SAVE, save(links.CONSULTANT!), from));
    expect(first.map(codeOf)).toEqual(Array(k).fill('OK'));
    expect(await draftsIn(roundId)).toBe(k);

    const refused = await call(url, SAVE, save(links.CONSULTANT!), from);
    expect(refused.status).toBe(429);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const seconds = refused.errors![0]!.extensions.retryAfterSeconds!;
    expect(seconds).toBeGreaterThan(3500);
    expect(seconds).toBeLessThanOrEqual(3600);
    expect(refused.retryAfter).toBe(String(seconds));
    // A submission without a draft would start a response just the same, and so would a made-up resume token.
    expect(codeOf(await call(url, SUBMIT, submission(links.CONSULTANT!), from))).toBe('RATE_LIMITED');
    expect(codeOf(await call(url, SAVE, save(links.CONSULTANT!, `made-up-${randomUUID()}`), from))).toBe(
      'RATE_LIMITED',
    );
    expect(
      codeOf(await call(url, SUBMIT, submission(links.CONSULTANT!, `made-up-${randomUUID()}`), from)),
    ).toBe('RATE_LIMITED');
    expect(await db.orm.em.fork().count(Response, { round: roundId })).toBe(k);

    // The drafts already started go on, and submit; another link and another client start theirs.
    const resumeToken = first[0]!.data!.saveSurveyDraft!.resumeToken!;
    expect(codeOf(await call(url, SAVE, save(links.CONSULTANT!, resumeToken), from))).toBe('OK');
    expect(codeOf(await call(url, SUBMIT, submission(links.CONSULTANT!, resumeToken), from))).toBe('OK');
    expect(
      codeOf(await call(url, SAVE, save(links.SERVICE_USER!, null, [{ item: 'contact', number: 1 }]), from)),
    ).toBe('OK');
    expect(codeOf(await call(url, SAVE, save(links.CONSULTANT!), address()))).toBe('OK');
  });

  it('holds the cap when the saves arrive all at once', async () => {
    const k = 5;
    const url = await serve(db.orm, { newDrafts: { points: k, seconds: 3600 } });
    const { links, roundId } = await round();
    const from = address();
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => call(url, SAVE, save(links.CONSULTANT!), from)),
    );
    expect(replies.filter((r) => codeOf(r) === 'OK')).toHaveLength(k);
    expect(replies.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(30 - k);
    expect(await draftsIn(roundId)).toBe(k);
  });
});

describe('guessing links, codes and receipts', () => {
  it('answers k unknown lookups from one client with NOT_FOUND, then refuses everything from it', async () => {
    const k = 6;
    const url = await serve(db.orm, { failedLookups: { points: k, seconds: 3600 } });
    const { links } = await round();
    const [code] = await codesFor((await round()).roundId, 1);
    const from = address();
    const guesses = [
      () => call(url, SURVEY, { token: 'ABCDE-FGHJK' }, from),
      () => call(url, SURVEY, { token: 'no-such-link-token' }, from),
      () => call(url, SAVE, save('ZZZZZ-ZZZZZ'), from),
      () => call(url, SUBMIT, submission('no-such-link-token'), from),
      () => call(url, WITHDRAW, { code: 'AAAA-BBBB-CCCC' }, from),
      () => call(url, WITHDRAW, { code: 'DDDD-EEEE-FFFF' }, from),
    ];
    const answered: string[] = [];
    for (const guess of guesses) answered.push(codeOf(await guess()));
    expect(answered).toEqual(Array(k).fill('NOT_FOUND'));

    // The right link and the right code are refused too: the client has used up its guesses.
    const right = await call(url, SURVEY, { token: code }, from);
    expect(codeOf(right)).toBe('RATE_LIMITED');
    expect(right.status).toBe(429);
    expect(codeOf(await call(url, SURVEY, { token: links.CONSULTANT }, from))).toBe('RATE_LIMITED');
    // Found lookups cost nothing, and another client is not affected.
    const other = address();
    for (let i = 0; i < 3 * k; i++)
      expect(codeOf(await call(url, SURVEY, { token: code }, other))).toBe('OK');
    expect(codeOf(await call(url, SURVEY, { token: 'QQQQQ-QQQQQ' }, other))).toBe('NOT_FOUND');
  });

  it('counts guesses sent all at once as strictly as one by one', async () => {
    const k = 6;
    const url = await serve(db.orm, { failedLookups: { points: k, seconds: 3600 } });
    const from = address();
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(url, SURVEY, { token: `missing-${i}` }, from)),
    );
    expect(replies.filter((r) => codeOf(r) === 'NOT_FOUND')).toHaveLength(k);
    expect(replies.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(40 - k);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 address', async () => {
    const k = 2;
    const url = await serve(db.orm, { failedLookups: { points: k, seconds: 3600 } });
    expect(codeOf(await call(url, SURVEY, { token: 'nope-1' }, '2001:db8:1:2::1'))).toBe('NOT_FOUND');
    expect(codeOf(await call(url, SURVEY, { token: 'nope-2' }, '2001:db8:1:2:ffff::9'))).toBe('NOT_FOUND');
    expect(codeOf(await call(url, SURVEY, { token: 'nope-3' }, '2001:db8:1:2:abcd::7'))).toBe('RATE_LIMITED');
    expect(codeOf(await call(url, SURVEY, { token: 'nope-4' }, '2001:db8:1:3::1'))).toBe('NOT_FOUND');

    const v4 = address();
    expect(codeOf(await call(url, SURVEY, { token: 'nope-5' }, v4))).toBe('NOT_FOUND');
    expect(codeOf(await call(url, SURVEY, { token: 'nope-6' }, `::ffff:${v4}`))).toBe('NOT_FOUND');
    expect(codeOf(await call(url, SURVEY, { token: 'nope-7' }, v4))).toBe('RATE_LIMITED');
  });
});

describe('one participant, one client', () => {
  it('limits what is done with one code, however it is typed and from however many devices', async () => {
    const k = 4;
    const url = await serve(db.orm, { perParticipant: { points: k, seconds: 60 } });
    const [code, other] = await codesFor((await round()).roundId, 2);
    const typed = [code!, code!.toLowerCase(), code!.replace('-', ' '), code!.replace('-', '')];
    const answered: string[] = [];
    for (const token of typed) answered.push(codeOf(await call(url, SURVEY, { token }, address())));
    expect(answered).toEqual(Array(k).fill('OK'));
    const refused = await call(url, SAVE, save(code!), address());
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0]!.extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(codeOf(await call(url, SURVEY, { token: other }, address()))).toBe('OK');
  });

  it("limits one draft's saves by its resume token", async () => {
    const k = 4;
    const url = await serve(db.orm, { perParticipant: { points: k, seconds: 60 } });
    const { links } = await round();
    const started = await call(url, SAVE, save(links.CONSULTANT!), address());
    const resumeToken = started.data!.saveSurveyDraft!.resumeToken!;
    const answered: string[] = [];
    for (let i = 0; i <= k; i++)
      answered.push(codeOf(await call(url, SAVE, save(links.CONSULTANT!, resumeToken), address())));
    expect(answered).toEqual([...Array(k).fill('OK'), 'RATE_LIMITED']);
  });

  it('limits all public operations from one client address, k−1, k, k+1', async () => {
    const k = 8;
    const url = await serve(db.orm, { perClient: { points: k, seconds: 60 } });
    const { links } = await round();
    const from = address();
    const answered: string[] = [];
    for (let i = 0; i <= k; i++)
      answered.push(codeOf(await call(url, SURVEY, { token: links.CONSULTANT }, from)));
    expect(answered).toEqual([...Array(k).fill('OK'), 'RATE_LIMITED']);
    expect(codeOf(await call(url, SURVEY, { token: links.CONSULTANT }, address()))).toBe('OK');
  });

  it('believes X-Forwarded-For only from the proxies it is told to trust', async () => {
    const k = 3;
    const url = await serve(db.orm, { perClient: { points: k, seconds: 60 } }, false);
    const { links } = await round();
    // Without a trusted proxy every header is ignored: these are all the one client on 127.0.0.1.
    const answered: string[] = [];
    for (let i = 0; i <= k; i++)
      answered.push(codeOf(await call(url, SURVEY, { token: links.CONSULTANT }, address())));
    expect(answered).toEqual([...Array(k).fill('OK'), 'RATE_LIMITED']);
  });

  it('lets everything through when throttling is off (the bench)', async () => {
    const url = await serve(db.orm, {
      enabled: false,
      failedLookups: { points: 1, seconds: 3600 },
      perClient: { points: 1, seconds: 60 },
    });
    const from = address();
    for (let i = 0; i < 5; i++)
      expect(codeOf(await call(url, SURVEY, { token: `gone-${i}` }, from))).toBe('NOT_FOUND');
  });

  it('keeps no address, code or resume token in the counters table', async () => {
    const { links } = await round();
    const url = await serve(db.orm, {});
    const [code] = await codesFor((await round()).roundId, 1);
    const from = '192.0.2.77';
    await call(url, SURVEY, { token: code }, from);
    await call(url, SAVE, save(links.CONSULTANT!), from);
    const counters = await db.orm.em.fork().find(ThrottleCounter, {});
    expect(counters.length).toBeGreaterThanOrEqual(4);
    const keys = counters.map((c) => c.key).join('\n');
    expect(keys).not.toContain('192.0.2.77');
    expect(keys).not.toContain(code!.replace('-', ''));
    expect(keys).not.toContain(links.CONSULTANT!);
  });
});

describe('a whole class on one school network', () => {
  it('is not throttled at the defaults: 30 people behind one address saving every few seconds for a minute, mistyping codes, and submitting at once', async () => {
    const url = await serve(db.orm, {});
    const { links, roundId } = await round();
    const codes = await codesFor(roundId, 15);
    const school = address();
    const everyone = [
      ...codes.map((code) => ({ token: code, resumeToken: null as string | null })),
      ...Array.from({ length: 15 }, () => ({ token: links.CONSULTANT!, resumeToken: null as string | null })),
    ];
    const refused: Reply[] = [];
    const keep = (reply: Reply) => {
      if (codeOf(reply) !== 'OK' && codeOf(reply) !== 'NOT_FOUND') refused.push(reply);
      return reply;
    };
    // Everyone opens the survey; each code holder mistypes their code twice first.
    await Promise.all(
      everyone.map(async (person, i) => {
        if (i < codes.length) {
          keep(
            await call(url, SURVEY, { token: `${person.token.slice(0, 10)}${i % 2 ? '0' : '1'}` }, school),
          );
          keep(await call(url, SURVEY, { token: person.token.replace(/[A-Z]/, '0') }, school));
        }
        keep(await call(url, SURVEY, { token: person.token }, school));
      }),
    );
    // A minute of answering: a save about every three seconds each, 20 saves per person.
    await Promise.all(
      everyone.map(async (person) => {
        for (let i = 0; i < 20; i++) {
          const reply = keep(await call(url, SAVE, save(person.token, person.resumeToken), school));
          person.resumeToken = reply.data?.saveSurveyDraft?.resumeToken ?? person.resumeToken;
        }
      }),
    );
    // The teacher says "send inn nå": all 30 submit in the same moment.
    const receipts = await Promise.all(
      everyone.map((person) =>
        call(url, SUBMIT, submission(person.token, person.resumeToken), school).then(keep),
      ),
    );
    expect(refused.map((r) => r.errors![0]!.message)).toEqual([]);
    expect(receipts.map(codeOf)).toEqual(Array(30).fill('OK'));
    expect(await db.orm.em.fork().count(Response, { round: roundId, status: ResponseStatus.SUBMITTED })).toBe(
      30,
    );
    // About 700 requests: on the embedded database, which answers one query at a time, that takes a while.
  }, 180_000);
});

describe('two API instances on one database', () => {
  it('share every limit: k drafts and k guesses in all, however the requests are spread', async () => {
    const k = 6;
    // Two ORMs with their own pools on a PostgreSQL server; on the embedded database, which one process owns, two
    // servers with their own limiters over its one connection.
    secondOrm = serverUrl ? await openDatabase({ databaseUrl: db.location }) : null;
    const limits = { newDrafts: { points: k, seconds: 3600 }, failedLookups: { points: k, seconds: 3600 } };
    const urls = [await serve(db.orm, limits), await serve(secondOrm ?? db.orm, limits)];
    const { links, roundId } = await round();

    const from = address();
    const drafts: string[] = [];
    for (let i = 0; i < 2 * k; i++)
      drafts.push(codeOf(await call(urls[i % 2]!, SAVE, save(links.CONSULTANT!), from)));
    expect(drafts.filter((c) => c === 'OK')).toHaveLength(k);
    expect(await draftsIn(roundId)).toBe(k);

    const guesser = address();
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(urls[i % 2]!, SURVEY, { token: `missing-${i}` }, guesser)),
    );
    expect(guesses.filter((r) => codeOf(r) === 'NOT_FOUND')).toHaveLength(k);
    expect(guesses.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(30 - k);
  });
});
