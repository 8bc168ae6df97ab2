import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { dayOf } from '../common/dates.js';
import type { Em } from '../db/orm.js';
import { RespondentRole } from '../instruments/definition.types.js';
import type { Project } from '../projects/project.entity.js';
import { InviteeService } from '../invitees/invitee.service.js';
import { SurveyService } from '../responses/survey.service.js';
import { RoundService } from '../rounds/round.service.js';
import { makeProject, makeSession, makeUser } from '../test/factories.js';
import { actorOf, openRound, publishInstrument, type TestRound } from '../test/rounds.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../test/server.js';
import { RetentionAction } from './retention-action.js';
import { addDays } from './retention.dates.js';
import { RetentionRun } from './retention.entity.js';
import { runRetention } from './retention.run.js';
import { receiptFields, RetentionService } from './retention.service.js';
import { dueRetentionWarnings } from './retention.warnings.js';

/**
 * Retention, with explicit `now` values standing in for the scheduler's clock: warnings claimed once, DELETE and
 * ANONYMISE checked in the database, the receipt, a run cut short and resumed, and the RETENTION_DONE guards.
 */

let server: TestServer;
const em = (): Em => server.db.orm.em.fork();
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  (await server.db.orm.em.getConnection().execute(text, params)) as T[];

const T0 = new Date();
const TODAY = dayOf(T0);
const OPENED = new Date(T0.getTime() - 10 * 86_400_000);
const FIRST_DAY = dayOf(OPENED);
/** A moment on a given Norwegian day (10:00 UTC is 11:00 or 12:00 in Oslo). */
const on = (day: string): Date => new Date(`${day}T10:00:00Z`);
const NEEDLE = 'Fritekst-nål';

interface World {
  project: Project;
  author: User;
  rounds: TestRound[];
  researcher: GraphQLClient;
  researcherSession: string;
  receipts: string[];
  /** Written into every free-text answer of this world only, to search the database for. */
  needle: string;
  /** The e-mail addresses invited to the first round (the second's were deleted before, leaving a summary). */
  emails: string[];
}

let respondentNo = 0;
/** Submits a consultant with numbers, a free-text answer naming them, and a linkage code; returns the receipt. */
async function submitConsultant(round: TestRound, needle: string): Promise<string> {
  const n = ++respondentNo;
  const receipt = await new SurveyService(em()).submit({
    token: round.links[RespondentRole.CONSULTANT]!,
    clientSubmissionId: randomUUID(),
    answers: [
      { item: 'contact', number: 1 },
      { item: 'hope_1', number: 1 + (n % 5) },
      { item: 'hope_2', number: 2 },
      { item: 'role_1', number: 4 },
      { item: 'workplace', choices: ['housing'] },
      { item: 'value_text', text: `${needle} ${n}: Kari Nordmann på Tøyen` },
    ],
    language: 'nb',
    consent: true,
    linkageCode: `k ${n} m 7`,
  });
  return receipt.receiptCode;
}

/** A project with two rounds of activity: submissions with free text, a draft, a withdrawal, codes, tags. */
async function makeWorld(name: string): Promise<World> {
  const e = em();
  const needle = `${NEEDLE}-${randomUUID().slice(0, 8)}`;
  const project = await makeProject(e, name);
  const author = await makeUser(e, { roles: [[project, ProjectRole.RESEARCHER]] });
  const researcherSession = await makeSession(e, author);
  const instrumentId = await publishInstrument(e, project, author);
  const rounds: TestRound[] = [];
  const receipts: string[] = [];
  for (const [i, label] of ['Baseline', '12 måneder'].entries()) {
    const round = await openRound(e, project, author, instrumentId, {
      label,
      linkage: true,
      opensAt: new Date(OPENED.getTime() + i * 1000),
    });
    rounds.push(round);
    for (let i = 0; i < 3; i++) receipts.push(await submitConsultant(round, needle));
    await new SurveyService(em()).saveDraft({
      token: round.links[RespondentRole.CONSULTANT]!,
      answers: [{ item: 'contact', number: 1 }],
      language: 'nb',
      consent: true,
    });
    await new RoundService(em()).createCodes(actorOf(author), {
      roundId: round.roundId,
      role: RespondentRole.CONSULTANT,
      count: 2,
      // A staff label, recorded in the CODES_CREATED audit event, which retention keeps.
      batch: 'Avdeling Tøyen',
    });
  }
  await new SurveyService(em()).withdraw(receipts[0]!);
  const tag = randomUUID().slice(0, 8);
  const emails = [1, 2, 3].map((i) => `deltaker${i}.${tag}@example.org`);
  await new InviteeService(em()).add(actorOf(author), rounds[0]!.roundId, {
    text: emails.join('\n'),
    defaultRole: RespondentRole.CONSULTANT,
  });
  await sql(`update invitees set state = 'SENT', sent_on = ?, last_error = ? where round_id = ?`, [
    FIRST_DAY,
    `250 accepted for ${emails[0]}`,
    rounds[0]!.roundId,
  ]);
  await sql(
    `insert into invitation_summaries (round_id, invited, sent, bounced, failed, opted_out, answered, reminders,
                                       addresses_deleted_on)
     values (?, 4, 4, 0, 0, 1, 2, 3, ?)`,
    [rounds[1]!.roundId, FIRST_DAY],
  );
  const [textAnswer] = await sql<{ response_id: string }>(
    `select a.response_id from answers a join responses r on r.id = a.response_id
      where r.round_id = ? and a.text is not null limit 1`,
    [rounds[0]!.roundId],
  );
  await sql(`insert into text_tags (response_id, item_key, tag) values (?, 'value_text', 'håp')`, [
    textAnswer!.response_id,
  ]);
  return {
    project,
    author,
    rounds,
    researcher: server.client({ session: researcherSession }),
    researcherSession,
    receipts,
    needle,
    emails,
  };
}

async function setRetention(w: World, action: RetentionAction, endsOn: string): Promise<void> {
  await new RetentionService(em()).set(actorOf(w.author), w.project.id, {
    endsOn,
    action,
    reference: 'REK 2025/12345',
  });
}

/** Row counts of everything a round's responses hold, for the rounds given. */
async function countsOf(roundIds: string[]) {
  const [row] = await sql<Record<string, string>>(
    `select
       (select count(*) from responses where round_id = any(?::uuid[])) as responses,
       (select count(*) from responses where round_id = any(?::uuid[]) and status = 'SUBMITTED') as submitted,
       (select count(*) from answers a join responses r on r.id = a.response_id where r.round_id = any(?::uuid[])) as answers,
       (select count(*) from answers a join responses r on r.id = a.response_id
         where r.round_id = any(?::uuid[]) and a.number is not null) as numbers,
       (select count(*) from answers a join responses r on r.id = a.response_id
         where r.round_id = any(?::uuid[]) and a.text is not null) as texts,
       (select count(*) from construct_scores s join responses r on r.id = s.response_id where r.round_id = any(?::uuid[])) as scores,
       (select count(*) from text_tags t join responses r on r.id = t.response_id where r.round_id = any(?::uuid[])) as tags,
       (select count(*) from response_consents c join responses r on r.id = c.response_id where r.round_id = any(?::uuid[])) as consents,
       (select count(*) from invitations where round_id = any(?::uuid[])) as invitations,
       (select count(*) from responses where round_id = any(?::uuid[]) and linkage_hash is not null) as linked,
       (select count(*) from invitees where round_id = any(?::uuid[])) as invitees,
       (select count(*) from invitation_summaries where round_id = any(?::uuid[])) as summaries`,
    Array(12).fill(`{${roundIds.join(',')}}`),
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

/** Every (table, column) of the public schema whose text holds the needle. */
async function columnsHolding(needle: string): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns where table_schema = 'public'`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const [hit] = await sql<{ n: string }>(
      `select count(*) as n from "${table}" where "${column}"::text like ?`,
      [`%${needle}%`],
    );
    if (Number(hit!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function download(w: World, file = 'data-wide.csv') {
  return fetch(`${server.url}/exports/${w.project.id}/${file}`, {
    headers: { cookie: `verdi_session=${w.researcherSession}` },
  });
}

const CREATE_CODES =
  'mutation ($id: UUID!) { createInvitationCodes(input: { roundId: $id, role: CONSULTANT, count: 1 }) { codes } }';
const REOPEN = 'mutation ($id: UUID!) { reopenRound(id: $id) { id } }';
const UPDATE = 'mutation ($id: UUID!) { updateRound(id: $id, input: { label: "Ny" }) { id } }';
const SET =
  'mutation ($p: UUID!, $input: SetProjectRetentionInput!) { setProjectRetention(projectId: $p, input: $input) { id } }';

async function writeCodes(w: World): Promise<string[]> {
  const round = w.rounds[0]!.roundId;
  const results = [
    await w.researcher.graphql(CREATE_CODES, { id: round }),
    await w.researcher.graphql(REOPEN, { id: round }),
    await w.researcher.graphql(UPDATE, { id: round }),
    await w.researcher.graphql(SET, {
      p: w.project.id,
      input: { endsOn: '2099-01-01', action: 'DELETE', reference: 'REK 2025/1' },
    }),
  ];
  return results.map((r) => String(r.body.errors?.[0]?.extensions?.code ?? 'ok'));
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('setProjectRetention', () => {
  it('refuses an end date today or earlier, a bad date and a blank reference, with the field named', async () => {
    const w = await makeWorld('Erfaringsskolen i Oslo');
    const attempt = (input: Record<string, unknown>) =>
      w.researcher.graphql(SET, {
        p: w.project.id,
        input: { endsOn: addDays(TODAY, 30), action: 'DELETE', reference: 'REK 2025/12345', ...input },
      });
    for (const [input, field] of [
      [{ endsOn: TODAY }, 'endsOn'],
      [{ endsOn: addDays(TODAY, -1) }, 'endsOn'],
      [{ endsOn: '2027-02-30' }, 'endsOn'],
      [{ endsOn: '31.12.2027' }, 'endsOn'],
      [{ reference: '   ' }, 'reference'],
    ] as const) {
      const result = await attempt(input);
      expect(result.body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(Object.keys(result.body.errors![0]!.extensions!.fields as object).join()).toContain(field);
    }
    expect(
      await sql(`select 1 from projects where id = ? and retention_ends_on is not null`, [w.project.id]),
    ).toHaveLength(0);

    const ok = await attempt({ endsOn: addDays(TODAY, 1) });
    expect(ok.body.errors).toBeUndefined();
    const read = await w.researcher.graphql<{ project: { retention: Record<string, unknown> } }>(
      'query ($id: UUID!) { project(id: $id) { retention { endsOn action reference daysLeft state warningsSent } } }',
      { id: w.project.id },
    );
    expect(read.body.data!.project.retention).toEqual({
      endsOn: addDays(TODAY, 1),
      action: 'DELETE',
      reference: 'REK 2025/12345',
      daysLeft: 1,
      state: 'SCHEDULED',
      warningsSent: [],
    });
    const [audit] = await sql<{ details: { before: unknown; after: unknown } }>(
      `select details from audit_events where action = 'RETENTION_SET' and project_id = ?`,
      [w.project.id],
    );
    expect(audit!.details).toEqual({
      before: { endsOn: null, action: null, reference: null },
      after: { endsOn: addDays(TODAY, 1), action: 'DELETE', reference: 'REK 2025/12345' },
    });
  });
});

describe('dueRetentionWarnings', () => {
  it('claims the 30, 7 and 1 day warnings once each, even with two callers at once, for researchers only', async () => {
    const e = em();
    const project = await makeProject(e, 'KBT Trondheim');
    const researchers = [
      await makeUser(e, { roles: [[project, ProjectRole.RESEARCHER]], email: 'ingrid.forsker@example.org' }),
      await makeUser(e, { roles: [[project, ProjectRole.RESEARCHER]], email: 'ola.forsker@example.org' }),
    ];
    await makeUser(e, { roles: [[project, ProjectRole.MANAGER]], email: 'leder@example.org' });
    await makeUser(e, {
      roles: [[project, ProjectRole.RESEARCHER]],
      email: 'sluttet@example.org',
      active: false,
    });
    const endsOn = addDays(TODAY, 45);
    await new RetentionService(em()).set(actorOf(researchers[0]!), project.id, {
      endsOn,
      action: RetentionAction.ANONYMISE,
      reference: 'REK 2024/777',
    });
    const mine = (due: Awaited<ReturnType<typeof dueRetentionWarnings>>) =>
      due.filter((warning) => warning.projectId === project.id);
    const twoAtOnce = async (day: string) => {
      const [a, b] = await Promise.all([
        dueRetentionWarnings(em(), on(day)),
        dueRetentionWarnings(em(), on(day)),
      ]);
      return [...mine(a), ...mine(b)];
    };

    expect(await twoAtOnce(addDays(endsOn, -31))).toEqual([]);
    const sent: number[] = [];
    for (const days of [30, 7, 1]) {
      const due = await twoAtOnce(addDays(endsOn, -days));
      expect(due, `${days} days before`).toHaveLength(1);
      expect(due[0]).toMatchObject({
        projectName: 'KBT Trondheim',
        organisation: 'Testkommune',
        reference: 'REK 2024/777',
        action: 'ANONYMISE',
        endsOn,
        daysBefore: days,
        daysLeft: days,
      });
      expect(due[0]!.recipients.map((r) => r.email).sort()).toEqual([
        'ingrid.forsker@example.org',
        'ola.forsker@example.org',
      ]);
      expect(due[0]!.recipients[0]!.language).toBe('nb');
      sent.push(days);
      expect(await twoAtOnce(addDays(endsOn, -days))).toEqual([]);
      // The next day brings nothing new until the next warning is due.
      expect(mine(await dueRetentionWarnings(em(), on(addDays(endsOn, -days + 1))))).toEqual([]);
    }
    expect(mine(await dueRetentionWarnings(em(), on(endsOn)))).toEqual([]);
    const rows = await sql<{ days_before: number; recipients: number; mailed: boolean }>(
      `select days_before, recipients, mailed from retention_warnings where project_id = ? order by days_before desc`,
      [project.id],
    );
    expect(rows).toEqual(sent.map((d) => ({ days_before: d, recipients: 2, mailed: false })));
    const audits = await sql<{ details: { recipients: number } }>(
      `select details from audit_events where action = 'RETENTION_WARNED' and project_id = ?`,
      [project.id],
    );
    expect(audits).toHaveLength(3);
    expect(JSON.stringify(audits)).not.toContain('@example.org');
    const schedule = await new RetentionService(em()).schedule(on(addDays(endsOn, -1)));
    expect(schedule.find((s) => s.projectId === project.id)).toMatchObject({
      warningsSent: [30, 7, 1],
      state: 'WARNED',
      daysLeft: 1,
    });
  });

  it('sends only the nearest warning when several are due at once, and moving the date arms them again', async () => {
    const e = em();
    const project = await makeProject(e, 'Lillestrøm kurs');
    const author = await makeUser(e, { roles: [[project, ProjectRole.RESEARCHER]] });
    const endsOn = addDays(TODAY, 20);
    await new RetentionService(em()).set(actorOf(author), project.id, {
      endsOn,
      action: RetentionAction.DELETE,
      reference: 'REK 2023/5',
    });
    const late = (await dueRetentionWarnings(em(), on(addDays(endsOn, -5)))).filter(
      (w) => w.projectId === project.id,
    );
    expect(late.map((w) => [w.daysBefore, w.daysLeft])).toEqual([[7, 5]]);
    const claimed = await sql<{ days_before: number }>(
      `select days_before from retention_warnings where project_id = ? order by days_before`,
      [project.id],
    );
    expect(claimed.map((r) => r.days_before)).toEqual([7, 30]);

    const later = addDays(TODAY, 60);
    await new RetentionService(em()).set(actorOf(author), project.id, {
      endsOn: later,
      action: RetentionAction.DELETE,
      reference: 'REK 2023/5',
    });
    const again = (await dueRetentionWarnings(em(), on(addDays(later, -30)))).filter(
      (w) => w.projectId === project.id,
    );
    expect(again.map((w) => w.daysBefore)).toEqual([30]);
  });
});

describe('runRetention: DELETE', () => {
  let w: World;
  let control: World;
  let before: Record<string, number>;
  let controlBefore: Record<string, number>;
  let linkageHashes: string[];
  const endsOn = addDays(TODAY, 40);

  beforeAll(async () => {
    w = await makeWorld('Bergen medarbeidere');
    control = await makeWorld('Kontrollprosjekt');
    await setRetention(w, RetentionAction.DELETE, endsOn);
    before = await countsOf(w.rounds.map((r) => r.roundId));
    controlBefore = await countsOf(control.rounds.map((r) => r.roundId));
    linkageHashes = (
      await sql<{ linkage_hash: string }>(
        `select linkage_hash from responses where round_id = any(?::uuid[]) and linkage_hash is not null`,
        [`{${w.rounds.map((r) => r.roundId).join(',')}}`],
      )
    ).map((r) => r.linkage_hash);
  });

  it('does nothing the day before the end date', async () => {
    const results = await runRetention(em(), on(addDays(endsOn, -1)));
    expect(results.filter((r) => r.projectId === w.project.id)).toEqual([]);
    expect(await countsOf(w.rounds.map((r) => r.roundId))).toEqual(before);
  });

  it('deletes every response, answer, score, tag, consent record, link and code; keeps the rounds and project', async () => {
    expect(before).toMatchObject({
      responses: 8,
      submitted: 5,
      texts: 5,
      tags: 1,
      invitations: 10,
      invitees: 3,
      summaries: 1,
    });
    const results = (await runRetention(em(), on(endsOn))).filter((r) => r.projectId === w.project.id);
    expect(results).toMatchObject([{ finished: true, roundsDoneNow: 2, action: 'DELETE' }]);
    expect(await countsOf(w.rounds.map((r) => r.roundId))).toEqual({
      responses: 0,
      submitted: 0,
      answers: 0,
      numbers: 0,
      texts: 0,
      scores: 0,
      tags: 0,
      consents: 0,
      invitations: 0,
      linked: 0,
      invitees: 0,
      summaries: 0,
    });
    expect(await countsOf(control.rounds.map((r) => r.roundId))).toEqual(controlBefore);
    const rounds = await sql<{ closed_at: Date | null }>(
      `select closed_at from rounds where project_id = ?`,
      [w.project.id],
    );
    expect(rounds).toHaveLength(2);
    expect(rounds.every((r) => r.closed_at !== null)).toBe(true);
    expect(await sql(`select 1 from instruments where project_id = ?`, [w.project.id])).toHaveLength(1);
    expect(await columnsHolding(w.needle)).toEqual([]);
    // The control project's free text remains, so the search does find what is there.
    expect(await columnsHolding(control.needle)).toEqual(['answers.text']);
    for (const hash of linkageHashes) expect(await columnsHolding(hash)).toEqual([]);
    // No invitee's address survives, anywhere; the control project's are still there.
    for (const email of w.emails) expect(await columnsHolding(email), email).toEqual([]);
    expect((await columnsHolding(control.emails[0]!)).sort()).toEqual([
      'invitees.email',
      'invitees.email_key',
      'invitees.last_error',
    ]);
  });

  it('writes a receipt with counts per kind, a digest that checks, and one RETENTION_EXECUTED', async () => {
    const receipt = (await new RetentionService(em()).receipt(w.project.id, 'en'))!;
    expect(receipt).toMatchObject({
      projectName: 'Bergen medarbeidere',
      organisation: 'Testkommune',
      reference: 'REK 2025/12345',
      action: 'DELETE',
      endsOn,
      exportsBefore: 0,
      digestValid: true,
    });
    expect(receipt.rounds.map((r) => r.label)).toEqual(['Baseline', '12 måneder']);
    const counts = Object.fromEntries(receipt.counts.map((c) => [c.kind, c.count]));
    expect(counts).toMatchObject({
      rounds: 2,
      roundsClosed: 2,
      responsesDeleted: before.responses,
      answersDeleted: before.answers,
      textAnswersDeleted: before.texts,
      constructScoresDeleted: before.scores,
      textTagsDeleted: before.tags,
      consentRecordsDeleted: before.consents,
      invitationsDeleted: before.invitations,
      inviteesDeleted: 3,
      invitationSummariesDeleted: 1,
    });
    const run = await em().findOneOrFail(RetentionRun, { project: w.project.id });
    expect(receipt.digest).toBe(
      createHash('sha256')
        .update(JSON.stringify(receiptFields(run)))
        .digest('hex'),
    );
    expect(receipt.text).toContain('REK 2025/12345');
    expect(receipt.text).toContain(`- responses deleted: ${before.responses}`);
    expect(receipt.text).toContain(receipt.digest);
    expect((await new RetentionService(em()).receipt(w.project.id, 'nb'))!.text).toContain('Sletting');
    const audits = await em().find(AuditEvent, {
      action: AuditAction.RETENTION_EXECUTED,
      projectId: w.project.id,
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ runId: receipt.runId, digest: receipt.digest });
    expect(audits[0]!.at.toISOString()).toBe(on(endsOn).toISOString());

    const graphql = await w.researcher.graphql<{ project: { retention: Record<string, unknown> } }>(
      'query ($id: UUID!) { project(id: $id) { retention { state doneAt } } }',
      { id: w.project.id },
    );
    expect(graphql.body.data!.project.retention).toEqual({
      state: 'DONE',
      doneAt: on(endsOn).toISOString(),
    });
  });

  it('is idempotent: a later run touches nothing and the receipt stays the same', async () => {
    const first = (await new RetentionService(em()).receipt(w.project.id))!;
    expect(
      (await runRetention(em(), on(addDays(endsOn, 3)))).filter((r) => r.projectId === w.project.id),
    ).toEqual([]);
    const second = (await new RetentionService(em()).receipt(w.project.id))!;
    expect(second.digest).toBe(first.digest);
    expect(second.finishedAt).toEqual(first.finishedAt);
  });

  it('answers RETENTION_DONE to writes and to exports of the deleted data', async () => {
    expect(await writeCodes(w)).toEqual([
      'RETENTION_DONE',
      'RETENTION_DONE',
      'RETENTION_DONE',
      'RETENTION_DONE',
    ]);
    const response = await download(w);
    expect(response.status).toBe(410);
    expect(((await response.json()) as { code: string }).code).toBe('RETENTION_DONE');
    // The control project is not affected.
    expect(await writeCodes(control)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });
});

describe('runRetention: ANONYMISE', () => {
  let w: World;
  let before: Record<string, number>;
  const endsOn = addDays(TODAY, 50);

  beforeAll(async () => {
    w = await makeWorld('Erfaringsskolen anonymiseres');
    await setRetention(w, RetentionAction.ANONYMISE, endsOn);
    expect((await download(w)).status).toBe(200);
    before = await countsOf(w.rounds.map((r) => r.roundId));
  });

  it('drops free text, drafts, withdrawals, linkage keys, hashes, codes and exact dates; keeps the numbers', async () => {
    const results = (await runRetention(em(), on(endsOn))).filter((r) => r.projectId === w.project.id);
    expect(results).toMatchObject([{ finished: true, roundsDoneNow: 2 }]);
    const after = await countsOf(w.rounds.map((r) => r.roundId));
    expect(after).toEqual({
      responses: before.submitted,
      submitted: before.submitted,
      // The two drafts' answers go; each submitted response keeps its numbers and its workplace choice.
      answers: before.numbers! - 2 + before.submitted!,
      numbers: before.numbers! - 2,
      texts: 0,
      scores: before.scores,
      tags: 0,
      consents: before.submitted,
      invitations: 0,
      linked: 0,
      // The addresses go; the counts of the round whose addresses went before stay.
      invitees: 0,
      summaries: 1,
    });
    const rows = await sql<Record<string, unknown>>(
      `select started_on::text, updated_on::text, submitted_on::text, submitted_at, linkage_hash, submission_key,
              resume_hash, receipt_hash, invitation_id, withdrawn_on
         from responses where round_id = any(?::uuid[])`,
      [`{${w.rounds.map((r) => r.roundId).join(',')}}`],
    );
    for (const row of rows) {
      expect(row).toEqual({
        started_on: FIRST_DAY,
        updated_on: FIRST_DAY,
        submitted_on: FIRST_DAY,
        submitted_at: null,
        linkage_hash: null,
        submission_key: null,
        resume_hash: null,
        receipt_hash: null,
        invitation_id: null,
        withdrawn_on: null,
      });
    }
    expect(await columnsHolding(w.needle)).toEqual([]);
    for (const email of w.emails) expect(await columnsHolding(email), email).toEqual([]);
    const receipt = (await new RetentionService(em()).receipt(w.project.id, 'en'))!;
    const counts = Object.fromEntries(receipt.counts.map((c) => [c.kind, c.count]));
    expect(counts).toMatchObject({
      rounds: 2,
      textAnswersDeleted: before.texts,
      textTagsDeleted: 1,
      draftsDeleted: 2,
      withdrawnDeleted: 1,
      responsesAnonymised: before.submitted,
      linkageKeysRemoved: before.linked,
      invitationsDeleted: before.invitations,
      inviteesDeleted: 3,
    });
    expect(counts.invitationSummariesDeleted).toBeUndefined();
    expect(receipt.exportsBefore).toBe(1);
    expect(receipt.digestValid).toBe(true);
    expect(receipt.text).toContain('1 export(s) were downloaded before the run');
  });

  it('still exports the anonymised numbers, with no free text', async () => {
    for (const file of ['data-wide.csv', 'data-long.csv', 'data.sav', 'codebook.csv']) {
      const response = await download(w, file);
      expect(response.status, file).toBe(200);
      const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
      expect(body, file).not.toContain(w.needle);
      if (file === 'data-wide.csv') {
        expect(body.trim().split('\n')).toHaveLength(1 + before.submitted!);
        expect(body).toContain(FIRST_DAY);
        // The days people answered on are gone: the export has the round's first day only.
        expect(body).not.toContain(TODAY);
      }
    }
  });

  it('answers RETENTION_DONE to writes', async () => {
    expect(await writeCodes(w)).toEqual([
      'RETENTION_DONE',
      'RETENTION_DONE',
      'RETENTION_DONE',
      'RETENTION_DONE',
    ]);
  });
});

describe('runRetention cut short', () => {
  it('resumes after a crash after the first round without counting a round twice', async () => {
    const w = await makeWorld('Avbrutt kjøring');
    const endsOn = addDays(TODAY, 70);
    await setRetention(w, RetentionAction.ANONYMISE, endsOn);
    const before = await countsOf(w.rounds.map((r) => r.roundId));
    const crash = new Error('the process died here');
    const first = (
      await runRetention(em(), on(endsOn), {
        afterRound: () => {
          throw crash;
        },
      })
    ).filter((r) => r.projectId === w.project.id);
    expect(first).toMatchObject([{ finished: false, roundsDoneNow: 1, error: crash }]);
    const halfway = await em().findOneOrFail(RetentionRun, { project: w.project.id });
    expect(halfway.roundsDone).toEqual([w.rounds[0]!.roundId]);
    expect(halfway.finishedAt).toBeNull();
    expect(await new RetentionService(em()).receipt(w.project.id)).toBeNull();
    const schedule = await new RetentionService(em()).schedule(on(endsOn));
    expect(schedule.find((s) => s.projectId === w.project.id)).toMatchObject({
      state: 'RUNNING',
      roundsDone: 1,
    });
    // Under way already: writes are refused before it finishes.
    expect((await writeCodes(w))[0]).toBe('RETENTION_DONE');

    const second = (await runRetention(em(), on(addDays(endsOn, 1)))).filter(
      (r) => r.projectId === w.project.id,
    );
    const receipt = (await new RetentionService(em()).receipt(w.project.id))!;
    const counts = Object.fromEntries(receipt.counts.map((c) => [c.kind, c.count]));
    expect(counts).toMatchObject({
      rounds: 2,
      responsesAnonymised: before.submitted,
      draftsDeleted: 2,
      withdrawnDeleted: 1,
      linkageKeysRemoved: before.linked,
      invitationsDeleted: before.invitations,
      inviteesDeleted: before.invitees,
    });
    expect(second).toMatchObject([{ finished: true, roundsDoneNow: 1 }]);
    expect(receipt.digestValid).toBe(true);
    expect(receipt.startedAt.toISOString()).toBe(on(endsOn).toISOString());
    expect(receipt.finishedAt.toISOString()).toBe(on(addDays(endsOn, 1)).toISOString());
  });
});
