import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { createApp, type App } from '../app.js';
import { addDays, dayOf } from '../common/dates.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { createLogger } from '../logger.js';
import type { Project } from '../projects/project.entity.js';
import { manualClock } from '../scheduler/clock.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { answersOf, CONSULTANT, openRound, publishInstrument } from '../test/rounds.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { deleteInviteeAddresses } from './address-deletion.js';
import { invitedRound, type InvitedRound } from './test/invited-round.js';

/**
 * Invitees' addresses go when a round has been closed for its grace period (docs/privacy-and-access.md, "Deleting the
 * addresses"), under the scheduler's manual clock: kept the day before, deleted on the day, with the counts kept in a
 * summary, the round's responses unlinked from their resume and submission hashes, the audit holding counts only, and
 * no address left in any column.
 */

/** The installation's grace period in this file: not the default 30, to show the configured value is the one used. */
const GRACE = 21;
const TODAY = dayOf(new Date());
/** A moment on a given Norwegian day (10:00 UTC is 11:00 or 12:00 in Oslo). */
const on = (day: string): Date => new Date(`${day}T10:00:00Z`);
const clock = manualClock(on(TODAY));

let server: TestServer;
let project: Project;
let author: User;
let instrumentId: string;
let researcher: GraphQLClient;
const orm = (): Orm => server.db.orm;
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  (await orm().em.fork().getConnection().execute(text, params)) as T[];

const SURVEY = `query ($token: String!) { survey(token: $token) { round { invitation { linked addressesDeletedBy } } } }`;
const SAVE = 'mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken } }';
const SUBMIT =
  'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }';
const INVITATIONS = `query ($id: UUID!) {
  roundInvitations(roundId: $id) {
    addressesDeletedOn invitees { email }
    counts { invited notSent queued sent bounced failed optedOut answered reminders }
  }
}`;
const REOPEN = 'mutation ($id: UUID!) { reopenRound(id: $id) { id } }';
const ADD = `mutation ($id: UUID!, $text: String!) {
  addInvitees(roundId: $id, input: { text: $text, defaultRole: CONSULTANT }) { added }
}`;

const EXPECTED_TOTALS = {
  invited: 6,
  sent: 3,
  bounced: 1,
  failed: 1,
  optedOut: 1,
  answered: 2,
  reminders: 3,
};

/**
 * An invited round with activity (a draft saved through a ticket, a ticket and an open link submitted), its
 * invitees in every state (counts as in EXPECTED_TOTALS), then closed at `closedAt` (or by its closing time).
 */
async function closedRound(
  label: string,
  {
    closedAt,
    graceDays = null,
    byClosingTime = false,
  }: { closedAt: Date; graceDays?: number | null; byClosingTime?: boolean },
): Promise<InvitedRound> {
  const round = await invitedRound(orm(), project, author, instrumentId, {
    label,
    count: 6,
    k: 3,
    closesAt: new Date(Date.now() + 5 * 86_400_000),
  });
  const [p1, p2, p3, p4, p5, p6] = round.people;
  const saved = await server.graphql<{ saveSurveyDraft: { resumeToken: string } }>(SAVE, {
    input: { token: p1!.ticket, answers: [{ item: 'contact', number: 1 }], language: 'nb', consent: false },
  });
  expect(saved.body.errors).toBeUndefined();
  for (const token of [p2!.ticket, round.openLink]) {
    const submitted = await server.graphql(SUBMIT, {
      input: {
        token,
        clientSubmissionId: randomUUID(),
        answers: answersOf({ role: CONSULTANT, hope: 4, clarity: 3 }),
        language: 'nb',
        consent: false,
      },
    });
    expect(submitted.body.errors).toBeUndefined();
  }
  const set = (person: { id: string }, values: string) =>
    sql(`update invitees set ${values} where id = ?`, [person.id]);
  await set(p1!, `answered = true, reminders_sent = 1`);
  await set(p2!, `answered = true`);
  await set(p3!, `state = 'BOUNCED', sent_on = null, last_error = '550 5.1.1 ${p3!.email}: no such user'`);
  await set(p4!, `state = 'FAILED', sent_on = null`);
  await set(p5!, `opted_out = true, reminders_sent = 2`);
  await set(p6!, `state = 'NEW', sent_on = null`);
  await sql(
    byClosingTime
      ? `update rounds set closes_at = ?, invitee_grace_days = ? where id = ?`
      : `update rounds set closed_at = ?, invitee_grace_days = ? where id = ?`,
    [closedAt, graceDays, round.roundId],
  );
  return round;
}

const inviteesOf = async (roundId: string) =>
  Number(
    (await sql<{ n: string }>(`select count(*) as n from invitees where round_id = ?`, [roundId]))[0]!.n,
  );

async function summaryOf(roundId: string) {
  const [row] = await sql<Record<string, unknown>>(
    `select invited, sent, bounced, failed, opted_out as "optedOut", answered, reminders,
            addresses_deleted_on::text as "deletedOn"
       from invitation_summaries where round_id = ?`,
    [roundId],
  );
  return row;
}

/** Every (table, column) of the public schema whose text holds any of the needles, case-insensitively. */
async function columnsHolding(needles: string[]): Promise<string[]> {
  // LIKE's own wildcards in a needle only widen the search, which is the safe side for "found nowhere".
  const patterns = `{${needles.map((n) => `"%${n}%"`).join(',')}}`;
  const columns = await sql<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns where table_schema = 'public'`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const [hit] = await sql<{ n: string }>(
      `select count(*) as n from "${table}" where "${column}"::text ilike any(?::text[])`,
      [patterns],
    );
    if (Number(hit!.n) > 0) found.push(`${table}.${column}`);
  }
  return found.sort();
}

const runJob = async () => {
  // Kicked, so that each call runs the job whatever its interval: the job's own conditions are what is tested.
  void server.app.scheduler.kick('invitees.delete-addresses');
  const runs = await server.app.scheduler.runDue();
  expect(runs.find((r) => r.name === 'invitees.delete-addresses')).toEqual({
    name: 'invitees.delete-addresses',
    outcome: 'DONE',
  });
};

beforeAll(async () => {
  server = await startTestServer({ clock, inviteeGraceDays: GRACE });
  const em = orm().em.fork();
  project = await makeProject(em, 'Adresser slettes');
  author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  instrumentId = await publishInstrument(em, project, author);
  researcher = server.client({ session: await makeSession(em, author) });
});
afterAll(async () => {
  await server?.stop();
});

describe('invitees.delete-addresses', () => {
  let main: InvitedRound;
  let own: InvitedRound;
  const closedOn = addDays(TODAY, 1);

  beforeAll(async () => {
    main = await closedRound('Hovedrunde', { closedAt: on(closedOn) });
    own = await closedRound('Egen frist', { closedAt: on(closedOn), graceDays: 3, byClosingTime: true });
  });

  it('tells invitees the configured deletion day', async () => {
    const fresh = await invitedRound(orm(), project, author, instrumentId, {
      label: 'Åpen',
      count: 1,
      closesAt: on(addDays(TODAY, 10)),
    });
    const opened = await server.graphql<{ survey: { round: { invitation: unknown } } }>(SURVEY, {
      token: fresh.people[0]!.ticket,
    });
    expect(opened.body.data!.survey.round.invitation).toEqual({
      linked: false,
      addressesDeletedBy: addDays(TODAY, 10 + GRACE),
    });
  });

  it('keeps the addresses until the grace period is over: the round’s own, else the configured one', async () => {
    clock.set(on(addDays(closedOn, 2)));
    await runJob();
    expect([await inviteesOf(main.roundId), await inviteesOf(own.roundId)]).toEqual([6, 6]);

    clock.set(on(addDays(closedOn, 3)));
    await runJob();
    expect([await inviteesOf(main.roundId), await inviteesOf(own.roundId)]).toEqual([6, 0]);

    clock.set(on(addDays(closedOn, GRACE - 1)));
    await runJob();
    expect(await inviteesOf(main.roundId)).toBe(6);
    expect(await summaryOf(main.roundId)).toBeUndefined();
    // The search finds addresses where they are, so an empty search later means something.
    expect(await columnsHolding([main.people[0]!.email])).toEqual(['invitees.email', 'invitees.email_key']);

    clock.set(on(addDays(closedOn, GRACE)));
    await runJob();
    expect(await inviteesOf(main.roundId)).toBe(0);
  });

  it('keeps the counts in a summary, and the round shows them with the day', async () => {
    for (const round of [main, own]) {
      expect(await summaryOf(round.roundId)).toEqual({
        ...EXPECTED_TOTALS,
        deletedOn: round === own ? addDays(closedOn, 3) : addDays(closedOn, GRACE),
      });
    }
    const read = await researcher.graphql<{ roundInvitations: Record<string, unknown> }>(INVITATIONS, {
      id: main.roundId,
    });
    expect(read.body.data!.roundInvitations).toEqual({
      addressesDeletedOn: addDays(closedOn, GRACE),
      invitees: [],
      counts: { ...EXPECTED_TOTALS, notSent: 0, queued: 0 },
    });
  });

  it('clears the round’s resume and submission hashes', async () => {
    const rows = await sql<{ resume_hash: string | null; submission_key: string | null }>(
      `select resume_hash, submission_key from responses where round_id = ?`,
      [main.roundId],
    );
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.resume_hash === null && r.submission_key === null)).toBe(true);
  });

  it('vacuums the invitees table afterwards', async () => {
    // A server reports statistics a moment after the fact; PGlite at once.
    await expect
      .poll(
        async () =>
          Number(
            (
              await sql<{ n: string }>(
                `select vacuum_count as n from pg_stat_user_tables where relname = 'invitees'`,
              )
            )[0]!.n,
          ),
        { timeout: 5000, interval: 200 },
      )
      .toBeGreaterThan(0);
  });

  it('audits counts only, at the clock’s time, once per round', async () => {
    const events = await sql<{ details: Record<string, unknown>; actor_id: string | null; at: string }>(
      `select details, actor_id, to_json(at) #>> '{}' as at from audit_events
        where action = 'INVITEE_ADDRESSES_DELETED' and subject_id = ?`,
      [main.roundId],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toEqual({ ...EXPECTED_TOTALS, responsesUnlinked: 3 });
    expect(events[0]!.actor_id).toBeNull();
    expect(new Date(events[0]!.at)).toEqual(on(addDays(closedOn, GRACE)));
  });

  it('leaves no address in any column of any table', async () => {
    const people = [...main.people, ...own.people];
    expect(await columnsHolding(people.flatMap((person) => [person.email, person.id]))).toEqual([]);
  });

  it('does nothing more on later runs, and a reopened round keeps its summary and takes no addresses', async () => {
    clock.set(on(addDays(closedOn, GRACE + 1)));
    await runJob();
    expect(await deleteInviteeAddresses(orm().em.fork(), clock.now(), GRACE)).toEqual([]);

    const reopened = await researcher.graphql(REOPEN, { id: main.roundId });
    expect(reopened.body.errors).toBeUndefined();
    const added = await researcher.graphql(ADD, { id: main.roundId, text: 'ny.person@example.org' });
    expect(added.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await inviteesOf(main.roundId)).toBe(0);
    expect(await summaryOf(main.roundId)).toMatchObject(EXPECTED_TOTALS);
    const audits = await sql(
      `select 1 from audit_events where action = 'INVITEE_ADDRESSES_DELETED' and subject_id = any(?::text[])`,
      [`{${main.roundId},${own.roundId}}`],
    );
    expect(audits).toHaveLength(2);
  });

  it('counts days in Norway: closed after midnight there, the grace runs from that Norwegian day', async () => {
    // 23:30 UTC is 00:30 (winter) or 01:30 (summer) in Oslo: already the next day there.
    const closedAt = new Date(`${closedOn}T23:30:00Z`);
    const late = await closedRound('Sent lukket', { closedAt, graceDays: 1 });
    expect(dayOf(closedAt)).toBe(addDays(closedOn, 1));
    // One day after the UTC day of closing, but not yet after the Norwegian one.
    clock.set(on(addDays(closedOn, 1)));
    await runJob();
    expect(await inviteesOf(late.roundId)).toBe(6);
    // 23:30 UTC again: the next Norwegian day, while UTC still says the day before.
    clock.set(new Date(`${addDays(closedOn, 1)}T23:30:00Z`));
    expect(dayOf(clock.now())).toBe(addDays(closedOn, 2));
    await runJob();
    expect(await inviteesOf(late.roundId)).toBe(0);
  });

  it('leaves rounds that never had invitees without a summary', async () => {
    const bare = await openRound(orm().em.fork(), project, author, instrumentId, { label: 'Uten e-post' });
    await sql(`update rounds set closed_at = ? where id = ?`, [on(TODAY), bare.roundId]);
    clock.set(on(addDays(TODAY, GRACE + 40)));
    await runJob();
    expect(await summaryOf(bare.roundId)).toBeUndefined();
    expect(
      await sql(`select 1 from audit_events where action = 'INVITEE_ADDRESSES_DELETED' and subject_id = ?`, [
        bare.roundId,
      ]),
    ).toHaveLength(0);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('two apps on one PostgreSQL server', () => {
  let other: { app: App; orm: Orm } | undefined;

  afterAll(async () => {
    await other?.app.stop();
    await other?.orm.close(true);
  });

  it('delete a round’s addresses once when both run the job, or its work, at the same moment', async () => {
    const log = createLogger('silent');
    const secondOrm = await openDatabase({ databaseUrl: server.db.location }, log);
    other = {
      orm: secondOrm,
      app: await createApp({
        orm: secondOrm,
        log,
        clock,
        inviteeGraceDays: GRACE,
        scheduler: { autoStart: false },
      }),
    };
    const deletions = async (roundId: string) =>
      (
        await sql(
          `select 1 from audit_events where action = 'INVITEE_ADDRESSES_DELETED' and subject_id = ?`,
          [roundId],
        )
      ).length;

    // The work itself, twice at once on two connection pools, with no job lock in the way.
    const direct = await closedRound('To samtidig', { closedAt: on(TODAY), graceDays: 0 });
    clock.set(on(addDays(TODAY, 1)));
    const results = await Promise.all([
      deleteInviteeAddresses(orm().em.fork(), clock.now(), GRACE),
      deleteInviteeAddresses(secondOrm.em.fork(), clock.now(), GRACE),
    ]);
    expect(results.flat().filter((d) => d.roundId === direct.roundId)).toHaveLength(1);
    expect(await deletions(direct.roundId)).toBe(1);
    expect(await summaryOf(direct.roundId)).toMatchObject(EXPECTED_TOTALS);

    // The two apps' schedulers, both asked to run the job now.
    const viaJobs = await closedRound('To instanser', { closedAt: on(TODAY), graceDays: 0 });
    const apps = [server.app, other.app];
    for (const app of apps) void app.scheduler.kick('invitees.delete-addresses');
    const runs = await Promise.all(apps.map((app) => app.scheduler.runDue()));
    expect(runs.map((r) => r.find((run) => run.name === 'invitees.delete-addresses')?.outcome)).toContain(
      'DONE',
    );
    expect(await inviteesOf(viaJobs.roundId)).toBe(0);
    expect(await deletions(viaJobs.roundId)).toBe(1);
    expect(await summaryOf(viaJobs.roundId)).toMatchObject(EXPECTED_TOTALS);
  });
});
