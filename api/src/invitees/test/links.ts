import { createHmac } from 'node:crypto';
import { hashSecret } from '../../accounts/secrets.js';
import type { Em } from '../../db/orm.js';
import { pseudonymKey } from '../../privacy/pseudonym-key.js';
import { optOutHashOf, optOutTokenFor, ticketFor, ticketHashOf } from '../links.js';

/**
 * An attacker's search for a link between invitees and responses, with a dump of the database and the pseudonym key
 * (§3.4 of the invitations plan). Each check returns findings; none means no link was found. The tests prove the
 * search works by weakening the policy (and by a confidential round, which links on purpose) and seeing it report.
 */

export interface Finding {
  check:
    'columns' | 'structure' | 'xids' | 'groups' | 'unanswered' | 'order' | 'dates' | 'sequences' | 'audit';
  detail: string;
}

export interface Person {
  id: string;
  email: string;
}

/** Tables whose rows a submission writes: the response and everything stored with it. */
const RESPONSE_TABLES = ['responses', 'answers', 'construct_scores', 'response_consents', 'consent_texts'];
const PREFIXES = ['', 'draft:', 'submission:', 'receipt:', 'code:', 'invitee:', 'opt-out:'];
const CLIENTS = ['127.0.0.1', '::ffff:127.0.0.1', '::1', 'unknown:'];

/** Every string that would name an invitee, derived the way the code derives them (and an attacker with the key can). */
export function needlesOf(people: readonly Person[], key: Buffer = pseudonymKey()): string[] {
  const throttleSecret = createHmac('sha256', key).update('verdi throttle keys').digest();
  const throttleKey = (raw: string) => createHmac('sha256', throttleSecret).update(raw).digest('base64url');
  return people.flatMap((person) => {
    const ticket = ticketFor(person.id, key);
    const optOut = optOutTokenFor(person.id, key);
    return [
      person.id,
      person.email,
      person.email.toLowerCase(),
      ticket,
      optOut,
      ticketHashOf(ticket),
      optOutHashOf(optOut),
      ...PREFIXES.flatMap((prefix) => [hashSecret(prefix + ticket), hashSecret(prefix + optOut)]),
      throttleKey(`draft:${ticket}`),
      ...CLIENTS.map((client) => throttleKey(`${ticket}\u0000${client}`)),
    ];
  });
}

/** 1. Every column of every table but the invitees' own, searched for every needle. */
export async function searchColumns(em: Em, people: readonly Person[]): Promise<Finding[]> {
  const needles = needlesOf(people);
  const columns = await em.execute<{ table_name: string; column_name: string }[]>(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.table_name not in ('invitees', 'invitation_summaries')`,
  );
  const findings: Finding[] = [];
  const literal = `{${needles.map((n) => `"${n.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  // The whole row as text first, one query a table; only a table with a hit is searched column by column.
  const hit = new Set<string>();
  for (const table of new Set(columns.map((c) => c.table_name))) {
    const [row] = await em.execute<{ hits: number }[]>(
      `select count(*)::int as hits from "${table}" t
        where exists (select 1 from unnest(?::text[]) n where strpos(t::text, n) > 0)`,
      [literal],
    );
    if (row!.hits > 0) hit.add(table);
  }
  for (const { table_name: table, column_name: column } of columns.filter((c) => hit.has(c.table_name))) {
    const [row] = await em.execute<{ hits: number }[]>(
      `select count(*)::int as hits from "${table}" t
        where exists (select 1 from unnest(?::text[]) n where strpos(t."${column}"::text, n) > 0)`,
      [literal],
    );
    if (row!.hits > 0) findings.push({ check: 'columns', detail: `${table}.${column} holds a needle` });
  }
  return findings;
}

/** 2. No foreign key to `invitees`, and no column elsewhere named after invitees. */
export async function checkStructure(em: Em): Promise<Finding[]> {
  const keys = await em.execute<{ conname: string }[]>(
    `select conname from pg_constraint where contype = 'f' and confrelid = 'invitees'::regclass`,
  );
  const named = await em.execute<{ table_name: string; column_name: string }[]>(
    `select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_name like '%invitee%'
        and table_name not in ('invitees', 'invitation_summaries')`,
  );
  // The round's setting of how long addresses are kept is named after invitees but says nothing about one.
  const allowed = new Set(['rounds.invitee_grace_days']);
  return [
    ...keys.map((k) => ({
      check: 'structure' as const,
      detail: `foreign key ${k.conname} refers to invitees`,
    })),
    ...named
      .filter((c) => !allowed.has(`${c.table_name}.${c.column_name}`))
      .map((c) => ({
        check: 'structure' as const,
        detail: `${c.table_name}.${c.column_name} is named after invitees`,
      })),
  ];
}

export interface InviteeRowState {
  id: string;
  xmin: string;
  xmax: string;
  ctid: string;
  answered: boolean;
  created_at: string;
  sent_on: string | null;
  claimed_at: string | null;
  last_reminded_on: string | null;
}

export async function inviteeRows(em: Em, roundIds: readonly string[]): Promise<InviteeRowState[]> {
  return em.execute<InviteeRowState[]>(
    `select id, xmin::text as xmin, xmax::text as xmax, ctid::text as ctid, answered,
            created_at::text as created_at, sent_on::text as sent_on, claimed_at::text as claimed_at,
            last_reminded_on::text as last_reminded_on
       from invitees where round_id = any(?::uuid[])`,
    [`{${roundIds.join(',')}}`],
  );
}

/** What must not change when people answer: for the dates and sequences checks. */
export interface Snapshot {
  rows: Map<string, InviteeRowState>;
  sequences: string;
  audit: number;
}

export async function snapshot(em: Em, roundIds: readonly string[]): Promise<Snapshot> {
  const sequences = await em.execute<{ sequencename: string; last_value: string | null }[]>(
    'select sequencename, last_value::text from pg_sequences order by sequencename',
  );
  const [audit] = await em.execute<{ n: number }[]>('select count(*)::int as n from audit_events');
  return {
    rows: new Map((await inviteeRows(em, roundIds)).map((row) => [row.id, row])),
    sequences: JSON.stringify(sequences),
    audit: audit!.n,
  };
}

/**
 * 3. Transaction ids: no answered invitee's row was written (xmin) or locked (xmax) by a transaction that wrote a
 * response; answered invitees were marked in groups of at least k (or the round's last ones); unanswered rows are
 * untouched since `before`. 5. Dates, sequences and audit unchanged.
 */
export async function checkWrites(em: Em, roundId: string, k: number, before: Snapshot): Promise<Finding[]> {
  const findings: Finding[] = [];
  const responseXids = new Set<string>();
  for (const table of RESPONSE_TABLES) {
    for (const row of await em.execute<{ x: string }[]>(`select distinct xmin::text as x from "${table}"`)) {
      responseXids.add(row.x);
    }
  }
  const rows = await inviteeRows(em, [roundId]);
  const answered = rows.filter((row) => row.answered);
  for (const row of answered) {
    if (responseXids.has(row.xmin))
      findings.push({ check: 'xids', detail: `invitee written with a response` });
    if (row.xmax !== '0' && responseXids.has(row.xmax)) {
      findings.push({ check: 'xids', detail: `invitee locked by a response's transaction` });
    }
  }
  const groups = new Map<string, number>();
  for (const row of answered) groups.set(row.xmin, (groups.get(row.xmin) ?? 0) + 1);
  const unmarked = rows.length - answered.length;
  for (const [xid, size] of groups) {
    if (size < k && unmarked > 0)
      findings.push({ check: 'groups', detail: `${size} marked together in ${xid}` });
  }
  for (const row of rows) {
    const was = before.rows.get(row.id);
    if (!was) continue;
    if (!row.answered && (row.xmin !== was.xmin || row.xmax !== was.xmax)) {
      findings.push({ check: 'unanswered', detail: 'an invitee who did not answer was written or locked' });
    }
    for (const column of ['created_at', 'sent_on', 'claimed_at', 'last_reminded_on'] as const) {
      if (row[column] !== was[column]) findings.push({ check: 'dates', detail: `${column} changed` });
    }
  }
  const after = await snapshot(em, [roundId]);
  if (after.sequences !== before.sequences) findings.push({ check: 'sequences', detail: 'a sequence moved' });
  if (after.audit !== before.audit) findings.push({ check: 'audit', detail: 'answering left audit events' });
  return findings;
}

/**
 * 4. Physical order: rounds in which the same number of invitees answered in different orders. If in every one the
 * marked rows lie in the table in the order they answered, the order of writing follows the order of answering.
 */
export async function checkOrder(
  em: Em,
  rounds: { roundId: string; answeredInOrder: string[] }[],
): Promise<Finding[]> {
  let followsEverywhere = rounds.length >= 2;
  for (const { roundId, answeredInOrder } of rounds) {
    const rows = (await inviteeRows(em, [roundId])).filter((row) => answeredInOrder.includes(row.id));
    const position = (ctid: string) => {
      const [page, item] = ctid.slice(1, -1).split(',').map(Number);
      return page! * 100_000 + item!;
    };
    const physical = rows.sort((a, b) => position(a.ctid) - position(b.ctid)).map((row) => row.id);
    if (JSON.stringify(physical) !== JSON.stringify(answeredInOrder)) followsEverywhere = false;
  }
  return followsEverywhere
    ? [{ check: 'order', detail: 'marked rows lie in the order the invitees answered, in every round' }]
    : [];
}
