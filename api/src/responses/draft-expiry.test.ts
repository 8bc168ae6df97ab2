import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import { dayOf } from '../common/dates.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { Throttle } from '../throttle/throttle.js';
import { DEFAULT_THROTTLE } from '../throttle/throttle.config.js';
import { ThrottleCounter } from '../throttle/throttle-counter.entity.js';
import { Round } from '../rounds/round.entity.js';
import { RoundService } from '../rounds/round.service.js';
import { Answer } from './answer.entity.js';
import { deleteAbandonedEmptyDrafts, draftExpiryJob } from './draft-expiry.js';
import { manualClock } from '../scheduler/clock.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { createLogger } from '../logger.js';
import { Response, ResponseStatus } from './response.entity.js';
import { SurveyService } from './survey.service.js';

let db: TestDatabase;
let round: OpenRound;
const em = () => db.orm.em.fork();

const TODAY = '2026-12-03';
function daysBefore(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T12:00:00Z`) - days * 86_400_000));
}

/** A response as a participant would have left it, `days` days ago; returns its resume token. */
async function leave(
  options: { days: number; answered?: boolean; status?: ResponseStatus; role?: RespondentRole } = { days: 0 },
): Promise<{ id: string; resumeToken: string }> {
  const fork = em();
  const resumeToken = newSecret();
  const day = daysBefore(TODAY, options.days);
  const response = fork.create(Response, {
    round: fork.getReference(Round, round.roundId),
    role: options.role ?? RespondentRole.CONSULTANT,
    status: options.status ?? ResponseStatus.IN_PROGRESS,
    resumeHash: hashSecret(resumeToken),
    language: 'nb',
    startedOn: day,
    updatedOn: day,
  });
  if (options.answered)
    fork.create(Answer, { response, itemKey: 'contact', number: 1, notApplicable: false });
  await fork.flush();
  return { id: response.id, resumeToken };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const project = await makeProject(em(), 'Draft expiry test');
  round = await makeOpenRound(em(), project, await makeUser(em()));
});
afterAll(async () => {
  await db?.drop();
});

describe('abandoned empty drafts', () => {
  it('are deleted once more than the configured days have passed since their last save, and nothing else is', async () => {
    const days = 2;
    const expired = await leave({ days: days + 1 });
    const lastDayKept = await leave({ days });
    const fresh = await leave({ days: 0 });
    const answered = await leave({ days: 30, answered: true });
    const withdrawn = await leave({ days: 30, status: ResponseStatus.WITHDRAWN });
    const submittedEmpty = await leave({ days: 30, status: ResponseStatus.SUBMITTED });

    expect(await deleteAbandonedEmptyDrafts(em(), days, TODAY)).toBe(1);
    const left = (await em().find(Response, { round: round.roundId })).map((r) => r.id).sort();
    expect(left).toEqual([lastDayKept.id, fresh.id, answered.id, withdrawn.id, submittedEmpty.id].sort());
    expect(left).not.toContain(expired.id);
    // Run again, or by a second instance at the same time: nothing more goes.
    expect(
      await Promise.all([
        deleteAbandonedEmptyDrafts(em(), days, TODAY),
        deleteAbandonedEmptyDrafts(em(), days, TODAY),
      ]),
    ).toEqual([0, 0]);
    // The next day, the one kept on its last day goes too.
    expect(await deleteAbandonedEmptyDrafts(em(), days, daysBefore(TODAY, -1))).toBe(1);
  });

  it('never count as started: "in progress" counts only drafts holding answers', async () => {
    const project = await makeProject(em(), 'Counting test');
    const counted = await makeOpenRound(em(), project, await makeUser(em()));
    const before = round;
    round = counted;
    try {
      await leave({ days: 0 });
      await leave({ days: 0, role: RespondentRole.SERVICE_USER });
      await leave({ days: 0, answered: true });
    } finally {
      round = before;
    }
    const [counts] = await new RoundService(em()).countsOf([counted.roundId]);
    expect(counts!.map((c) => [c.role, c.inProgress])).toEqual([
      ['SERVICE_USER', 0],
      ['PROFESSIONAL', 0],
      ['CONSULTANT', 1],
    ]);
  });

  it('lose the participant nothing: a save with the resume token of a deleted empty draft starts a new one', async () => {
    const gone = await leave({ days: 10 });
    expect(await deleteAbandonedEmptyDrafts(em(), 2, TODAY)).toBeGreaterThanOrEqual(1);
    const survey = await new SurveyService(em()).survey(round.links.CONSULTANT!, gone.resumeToken);
    expect(survey.savedAnswers).toEqual([]);
    const saved = await new SurveyService(em()).saveDraft({
      token: round.links.CONSULTANT!,
      resumeToken: gone.resumeToken,
      answers: [{ item: 'contact', number: 1 }],
      language: 'nb',
      consent: true,
    });
    expect(saved.resumeToken).toBeTruthy();
    expect(saved.resumeToken).not.toBe(gone.resumeToken);
    const resumed = await new SurveyService(em()).survey(round.links.CONSULTANT!, saved.resumeToken);
    expect(resumed.savedAnswers).toEqual([expect.objectContaining({ item: 'contact', number: 1 })]);
  });
});

describe('the expiry job', () => {
  it('runs in the scheduler on the day of its clock', async () => {
    const gone = await leave({ days: 5 });
    const clock = manualClock(`${daysBefore(TODAY, 3)}T12:00:00+01:00`);
    const scheduler = new Scheduler({ orm: db.orm, log: createLogger('silent'), clock });
    scheduler.register(draftExpiryJob(2));
    try {
      // Three days before TODAY the draft was two days old: not yet.
      await scheduler.runDue();
      expect(await em().count(Response, { id: gone.id })).toBe(1);
      clock.set(`${TODAY}T12:00:00+01:00`);
      await scheduler.runDue();
      expect(await em().count(Response, { id: gone.id })).toBe(0);
    } finally {
      await scheduler.stop();
    }
  });
});

describe('throttle counters', () => {
  it('are deleted an hour after their window ends, and not before', async () => {
    const now = Date.now();
    const fork = em();
    fork.create(ThrottleCounter, { key: 'test:ended-long-ago', points: 3, expire: String(now - 3_600_001) });
    fork.create(ThrottleCounter, { key: 'test:ended-just-now', points: 3, expire: String(now - 1000) });
    fork.create(ThrottleCounter, { key: 'test:running', points: 3, expire: String(now + 60_000) });
    await fork.flush();
    const throttle = Throttle.create(db.orm, DEFAULT_THROTTLE);
    expect(await throttle.sweep(now)).toBe(1);
    const keys = (await em().find(ThrottleCounter, { key: { $like: 'test:%' } })).map((c) => c.key).sort();
    expect(keys).toEqual(['test:ended-just-now', 'test:running']);
  });
});
