import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditAction, AuditEvent } from '../audit/audit-event.entity.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { clientOperation } from '../test/operations.js';
import { openRound, publishInstrument, startAnalyticsWorld, type AnalyticsWorld } from '../test/rounds.js';
import { Invitee } from './invitee.entity.js';
import { parseInviteeList } from './invitee-list.js';
import { ticketFor, ticketHashOf } from './links.js';

let world: AnalyticsWorld;

beforeAll(async () => {
  world = await startAnalyticsWorld('Invitasjoner');
});
afterAll(async () => {
  await world?.server.stop();
});

async function newRound(
  label: string,
  instrumentId = world.instrumentId,
  languages?: string[],
): Promise<string> {
  const em = world.server.db.orm.em.fork();
  // A round being prepared may offer a language it does not have every text in yet.
  return (
    await openRound(em, world.project, world.author, instrumentId, { label, languages, draft: !!languages })
  ).roundId;
}

async function add(roundId: string, text: string, defaultRole = 'CONSULTANT', defaultLanguage?: string) {
  return world.researcher.graphql<{
    addInvitees: { added: number; duplicates: { line: number; email: string }[] };
  }>(clientOperation('AddInvitees'), { roundId, input: { text, defaultRole, defaultLanguage } });
}

async function stored(roundId: string): Promise<Invitee[]> {
  const em = world.server.db.orm.em.fork();
  return em.find(Invitee, { round: roundId }, { orderBy: { emailKey: 'asc' } });
}

const ALL_ROLES = new Set(Object.values(RespondentRole));

describe('the invitee list', () => {
  it('adds a pasted list, one address a line, with the default role and language', async () => {
    const roundId = await newRound('Limt inn');
    const result = await add(roundId, 'a@example.org\n\n  B@Example.org  \nc@example.org\n');
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.addInvitees).toEqual({ added: 3, duplicates: [] });
    const rows = await stored(roundId);
    expect(rows.map((r) => [r.email, r.emailKey, r.role, r.language, r.state, r.answered])).toEqual([
      ['a@example.org', 'a@example.org', 'CONSULTANT', 'nb', 'NEW', false],
      ['B@Example.org', 'b@example.org', 'CONSULTANT', 'nb', 'NEW', false],
      ['c@example.org', 'c@example.org', 'CONSULTANT', 'nb', 'NEW', false],
    ]);
    // The ticket is derived, never stored: its hash is what the row holds.
    for (const row of rows) expect(row.ticketHash).toBe(ticketHashOf(ticketFor(row.id)));
  });

  it('reads a CSV file with a byte order mark, semicolons, a Norwegian header and Norwegian role words', async () => {
    const roundId = await newRound('CSV', undefined, ['nb', 'nn', 'en']);
    const text =
      '\uFEFFE-post;Rolle;Språk\r\nfag@example.org;fagperson;nn\r\nbruker@example.org;Tjenestebruker;en\r\nek@example.org;;\r\n';
    const result = await add(roundId, text, 'CONSULTANT');
    expect(result.body.data!.addInvitees.added).toBe(3);
    const rows = await stored(roundId);
    expect(rows.map((r) => [r.email, r.role, r.language])).toEqual([
      ['bruker@example.org', 'SERVICE_USER', 'en'],
      ['ek@example.org', 'CONSULTANT', 'nb'],
      ['fag@example.org', 'PROFESSIONAL', 'nn'],
    ]);
  });

  it('reads tab-separated columns with enum role names and no header', () => {
    const parsed = parseInviteeList(
      'x@example.org\tPROFESSIONAL\ten\ny@example.org\tconsultant',
      { role: RespondentRole.SERVICE_USER, language: 'nb' },
      ALL_ROLES,
      new Set(),
    );
    expect(parsed.errors).toEqual({});
    expect(parsed.invitees.map((i) => [i.email, i.role, i.language])).toEqual([
      ['x@example.org', 'PROFESSIONAL', 'en'],
      ['y@example.org', 'CONSULTANT', 'nb'],
    ]);
  });

  it('stores nothing when any line is wrong, and names each wrong line', async () => {
    const roundId = await newRound('Feil');
    const text = [
      'email,role,language',
      'ok@example.org,fagperson',
      'not an address,fagperson',
      'ok2@example.org,pilot',
      'ok3@example.org,PROFESSIONAL,de',
    ].join('\n');
    const result = await add(roundId, text);
    const error = result.body.errors![0]!;
    expect(error.extensions!.code).toBe('BAD_USER_INPUT');
    expect(error.extensions!.fields).toEqual({
      'lines.3': 'is not an e-mail address',
      'lines.4': 'names no role Verdi knows ("pilot")',
      'lines.5': 'has a language other than nb, nn or en',
    });
    expect(await stored(roundId)).toHaveLength(0);
    const em = world.server.db.orm.em.fork();
    expect(await em.count(AuditEvent, { action: AuditAction.INVITEES_ADDED, subjectId: roundId })).toBe(0);
  });

  it('lists duplicates back, in the list and in the round, and adds the rest; the audit holds no address', async () => {
    const roundId = await newRound('Dubletter');
    await add(roundId, 'one@example.org\ntwo@example.org');
    const result = await add(
      roundId,
      'three@example.org\nONE@example.org\nthree@example.org\nfour@example.org',
    );
    expect(result.body.data!.addInvitees).toEqual({
      added: 2,
      duplicates: [
        { line: 2, email: 'ONE@example.org' },
        { line: 3, email: 'three@example.org' },
      ],
    });
    expect((await stored(roundId)).map((r) => r.emailKey)).toEqual([
      'four@example.org',
      'one@example.org',
      'three@example.org',
      'two@example.org',
    ]);
    const em = world.server.db.orm.em.fork();
    const events = await em.find(AuditEvent, { action: AuditAction.INVITEES_ADDED, subjectId: roundId });
    expect(events.map((e) => e.details)).toEqual([
      { count: 2, duplicates: 0 },
      { count: 2, duplicates: 2 },
    ]);
    expect(JSON.stringify(events)).not.toContain('@');
  });

  it('refuses a role the instrument asks nothing', async () => {
    const definition = sampleDefinition();
    for (const section of definition.sections) {
      for (const item of section.items) {
        const roles = item.roles.filter((role) => role !== RespondentRole.SERVICE_USER);
        item.roles = roles.length > 0 ? roles : [RespondentRole.PROFESSIONAL];
        item.promptByRole = item.promptByRole?.filter((p) => p.role !== RespondentRole.SERVICE_USER) ?? null;
      }
    }
    const em = world.server.db.orm.em.fork();
    const instrumentId = await publishInstrument(em, world.project, world.author, definition);
    const roundId = await newRound('Uten tjenestebrukere', instrumentId);
    const result = await add(roundId, 'p@example.org;fagperson\nu@example.org;tjenestebruker');
    expect(result.body.errors![0]!.extensions!.fields).toEqual({
      'lines.2': 'asks the role SERVICE_USER, which this round asks nothing',
    });
    expect(await stored(roundId)).toHaveLength(0);
  });

  it('takes at most 5,000 addresses in a round, counting those already there', async () => {
    const roundId = await newRound('Mange');
    const list = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `person${from + i}@example.org`).join('\n');
    expect((await add(roundId, list(0, 4999))).body.data!.addInvitees.added).toBe(4999);
    const over = await add(roundId, list(4999, 2));
    expect(over.body.errors![0]!.extensions!.fields).toEqual({
      text: 'would make 5001 invitees; a round takes at most 5000',
    });
    expect(await stored(roundId)).toHaveLength(4999);
    expect((await add(roundId, list(4999, 1))).body.data!.addInvitees.added).toBe(1);
  });

  it('adds a list sent twice at once once', async () => {
    const roundId = await newRound('Samtidig');
    const text = Array.from({ length: 50 }, (_, i) => `twice${i}@example.org`).join('\n');
    const [a, b] = await Promise.all([add(roundId, text), add(roundId, text)]);
    const added = [a, b].map((r) => r.body.data!.addInvitees.added).sort();
    expect(added).toEqual([0, 50]);
    expect(await stored(roundId)).toHaveLength(50);
  });
});

describe('the round’s invitations', () => {
  it('counts, settings with the placeholder rule, and removal', async () => {
    const roundId = await newRound('Innstillinger');
    await add(roundId, 'r1@example.org\nr2@example.org\nr3@example.org');
    const settings = (input: Record<string, unknown>) =>
      world.researcher.graphql<{ updateInvitationSettings: { settings: Record<string, unknown> } }>(
        clientOperation('UpdateInvitationSettings'),
        { roundId, input },
      );
    const refused = await settings({ message: { nb: 'Hei [navn], svar gjerne.' }, reminderDays: [14, 7] });
    expect(refused.body.errors![0]!.extensions!.fields).toEqual({
      'message.nb': 'still holds [navn]: write the text in its place',
      reminderDays: 'must ascend, each day after the one before',
    });
    const tooMany = await settings({ reminderDays: [1, 2, 3, 4] });
    expect(tooMany.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const saved = await settings({
      message: { nb: 'Vi spør alle ansatte.', en: ' ' },
      replyTo: 'forsker@example.org',
      reminderDays: [5, 12],
      graceDays: 10,
    });
    expect(saved.body.data!.updateInvitationSettings.settings).toEqual({
      message: { nb: 'Vi spør alle ansatte.', nn: null, en: null },
      replyTo: 'forsker@example.org',
      reminderDays: [5, 12],
      graceDays: 10,
    });
    const em = world.server.db.orm.em.fork();
    const audit = await em.find(AuditEvent, { action: AuditAction.ROUND_UPDATED, subjectId: roundId });
    expect(JSON.stringify(audit.map((e) => e.details))).not.toContain('@');

    const rows = await stored(roundId);
    // In an anonymous round, someone mailed a link stays: removing them would show whether they answered.
    await em.nativeUpdate(Invitee, { id: rows[0]!.id }, { state: 'SENT' as never, sentOn: '2026-12-05' });
    const remove = (ids: string[]) =>
      world.researcher.graphql<{ removeInvitees: number }>(clientOperation('RemoveInvitees'), {
        roundId,
        ids,
      });
    expect((await remove([rows[0]!.id, rows[1]!.id])).body.errors![0]!.extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await remove([rows[1]!.id])).body.data!.removeInvitees).toBe(1);

    const read = await world.researcher.graphql<{
      roundInvitations: { counts: Record<string, unknown>; invitees: { answered: boolean | null }[] };
    }>(clientOperation('RoundInvitations'), { roundId });
    expect(read.body.data!.roundInvitations.counts).toEqual({
      invited: 2,
      notSent: 1,
      queued: 0,
      sent: 1,
      bounced: 0,
      failed: 0,
      optedOut: 0,
      answered: 0,
      reminders: 0,
      responseRate: 0,
    });
    expect(read.body.data!.roundInvitations.invitees.map((i) => i.answered)).toEqual([null, null]);
  });
});
