import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { createApp } from '../app.js';
import { createLogger } from '../logger.js';
import { manualClock } from '../scheduler/clock.js';
import type { Project } from '../projects/project.entity.js';
import { RoundService } from '../rounds/round.service.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeProject, makeUser } from '../test/factories.js';
import { actorOf, publishInstrument } from '../test/rounds.js';
import { StatementLog } from '../test/statement-log.js';
import { AnsweredMix, STRICT_INVITATIONS } from './answered-mix.js';
import { Invitee } from './invitee.entity.js';
import { invitedRound } from './test/invited-round.js';

const statements = new StatementLog();
let db: TestDatabase;
let project: Project;
let author: User;
let instrumentId: string;

beforeAll(async () => {
  db = await createTestDatabase(statements.ormOptions);
  const em = db.orm.em.fork();
  project = await makeProject(em, 'Blanding');
  author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  instrumentId = await publishInstrument(em, project, author);
});
afterAll(async () => {
  await db?.drop();
});

const K = 5;
const round = (label: string, count: number) =>
  invitedRound(db.orm, project, author, instrumentId, { label, count, k: K });

async function answered(roundId: string): Promise<number> {
  return db.orm.em.fork().count(Invitee, { round: roundId, answered: true });
}

describe('the answered-mix', () => {
  it.each([
    // [invitees, answering, marked after the flush]
    [20, K - 1, 0],
    [20, K, K],
    [20, K + 2, K + 2],
    [1, 1, 1],
    [2, 1, 0],
    [2, 2, 2],
    [K - 1, K - 2, 0],
    [K - 1, K - 1, K - 1],
  ])('of %i invitees with %i answered marks %i', async (invited, answering, expected) => {
    const mix = new AnsweredMix();
    const { roundId, people } = await round(`${invited}/${answering}`, invited);
    for (const person of people.slice(0, answering)) mix.add(roundId, person.id);
    const flushed = await mix.flush(db.orm.em.fork(), new Date());
    expect(await answered(roundId)).toBe(expected);
    expect(flushed).toEqual(expected ? [{ roundId, marked: expected }] : []);
    // What is not written stays in memory, still refusing a second answer in this process; what is, is forgotten.
    expect(mix.pendingIn(roundId)).toBe(answering - expected);
    for (const person of people.slice(0, answering)) expect(mix.has(person.id)).toBe(expected === 0);
  });

  it('writes a batch as one UPDATE in a transaction of its own, with no date and nothing else', async () => {
    const mix = new AnsweredMix();
    const { roundId, people } = await round('Én setning', 10);
    for (const person of people.slice(0, K)) mix.add(roundId, person.id);
    const before = await db.orm.em
      .fork()
      .execute<{ id: string; created_at: string; sent_on: string }[]>(
        'select id, created_at::text, sent_on::text from invitees where round_id = ? order by id',
        [roundId],
      );
    const sent = await statements.during(() => mix.flush(db.orm.em.fork(), new Date()));
    const writes = sent.filter((sql) => !/^\s*select/i.test(sql));
    expect(
      writes.map((sql) =>
        sql
          .replace(/'[^']*'/g, "'…'")
          .split(/\s+/)
          .slice(0, 3)
          .join(' '),
      ),
    ).toEqual(['begin', 'update invitees set', 'commit']);
    expect(writes[1]).toMatch(
      /^update invitees set answered = true where id = any\(.+::uuid\[\]\) and not answered/,
    );
    const after = await db.orm.em
      .fork()
      .execute<{ id: string; created_at: string; sent_on: string }[]>(
        'select id, created_at::text, sent_on::text from invitees where round_id = ? order by id',
        [roundId],
      );
    expect(after).toEqual(before);
    expect(await answered(roundId)).toBe(K);
  });

  it('drops the marks of a round that closed, writing nothing', async () => {
    const mix = new AnsweredMix();
    const { roundId, people } = await round('Lukket', 10);
    for (const person of people.slice(0, K - 1)) mix.add(roundId, person.id);
    await new RoundService(db.orm.em.fork()).close(actorOf(author), roundId);
    for (const person of people.slice(K - 1, K + 1)) mix.add(roundId, person.id);
    expect(await mix.flush(db.orm.em.fork(), new Date())).toEqual([]);
    expect(mix.pendingIn(roundId)).toBe(0);
    expect(await answered(roundId)).toBe(0);
  });

  it('counts a round as closed by the time it is given, so a test clock rules', async () => {
    const mix = new AnsweredMix();
    const { roundId, people } = await invitedRound(db.orm, project, author, instrumentId, {
      label: 'Frist',
      count: K,
      k: K,
      closesAt: new Date(Date.now() + 86_400_000),
    });
    for (const person of people) mix.add(roundId, person.id);
    expect(await mix.flush(db.orm.em.fork(), new Date(Date.now() + 2 * 86_400_000))).toEqual([]);
    expect(await answered(roundId)).toBe(0);
  });

  it('serialises flushes, so two at once never write one mark twice', async () => {
    const mix = new AnsweredMix(STRICT_INVITATIONS);
    const { roundId, people } = await round('Samtidig', 10);
    for (const person of people.slice(0, K)) mix.add(roundId, person.id);
    const [a, b] = await Promise.all([
      mix.flush(db.orm.em.fork(), new Date()),
      mix.flush(db.orm.em.fork(), new Date()),
    ]);
    expect([...a, ...b]).toEqual([{ roundId, marked: K }]);
  });
});

describe('the invitees.flush job', () => {
  it('flushes the app’s own mix on every tick, with the scheduler clock’s time', async () => {
    const mix = new AnsweredMix();
    const clock = manualClock(new Date());
    const app = await createApp({
      orm: db.orm,
      log: createLogger('silent'),
      clock,
      answeredMix: mix,
      scheduler: { autoStart: false },
    });
    try {
      const job = app.scheduler.registered.find((j) => j.name === 'invitees.flush');
      expect(job).toMatchObject({ mode: 'EACH_INSTANCE' });
      const { roundId, people } = await round('Jobb', 3 * K);
      for (const person of people.slice(0, K)) mix.add(roundId, person.id);
      const flushRun = (runs: { name: string }[]) => runs.find((r) => r.name === 'invitees.flush');
      expect(flushRun(await app.scheduler.runDue())).toEqual({ name: 'invitees.flush', outcome: 'DONE' });
      expect(await answered(roundId)).toBe(K);
      // The next tick at the same moment flushes again.
      for (const person of people.slice(K, 2 * K)) mix.add(roundId, person.id);
      expect(flushRun(await app.scheduler.runDue())).toEqual({ name: 'invitees.flush', outcome: 'DONE' });
      expect(await answered(roundId)).toBe(2 * K);
      // Once the clock says the round has closed, held marks are dropped, not written.
      for (const person of people.slice(2 * K)) mix.add(roundId, person.id);
      await db.orm.em
        .fork()
        .execute('update rounds set closes_at = ? where id = ?', [
          new Date(Date.now() + 86_400_000),
          roundId,
        ]);
      clock.advance(2 * 86_400_000);
      await app.scheduler.runDue();
      expect(mix.pendingIn(roundId)).toBe(0);
      expect(await answered(roundId)).toBe(2 * K);
    } finally {
      await app.stop();
    }
  });
});
