import { randomBytes, randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { createScratchDatabase } from '../test/scratch-database.js';
import { migrationsList } from './migrations/index.js';
import { ormOptions, type Orm } from './orm.js';

/**
 * The rename of "wave" to "round" in the database (Migration20261204230000_rounds_not_waves), on a real database with
 * data in it: a PostgreSQL server when DATABASE_URL is set, else the embedded one. Data written by today's code is
 * taken down to the old names and up again, and data as the old version stored it is brought up.
 */

const RENAME = 'Migration20261204230000_rounds_not_waves';
const BEFORE = migrationsList[migrationsList.findIndex((m) => m.name === RENAME) - 1]!.name;

let orm: Orm;
let drop: () => Promise<void>;
let round: OpenRound;

beforeAll(async () => {
  const serverUrl = process.env.DATABASE_URL;
  const open = (target: Parameters<typeof ormOptions>[0]) =>
    MikroORM.init<AbstractSqlDriver>(ormOptions(target));
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, `verdi_test_${randomBytes(6).toString('hex')}`);
    orm = await open({ databaseUrl: scratch.url });
    drop = async () => {
      await orm.close(true);
      await scratch.drop();
    };
  } else {
    orm = await open({ dataDir: 'memory://' });
    drop = () => orm.close(true);
  }
  await orm.migrator.up();
  const em = orm.em.fork();
  const project = await makeProject(em);
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  round = await makeOpenRound(em, project, researcher, { label: 'Oppstart' });
});
afterAll(async () => {
  await drop?.();
});

const query = async <Row>(sql: string, params: unknown[] = []) =>
  (await orm.em.fork().getConnection().execute(sql, params)) as Row[];

/** A release row with the given round-change cells, as any version would have stored it. */
async function insertRelease(table: 'releases', roundColumn: string, version: number, pairs: unknown) {
  const id = randomUUID();
  await query(
    `insert into "${table}" ("id", "${roundColumn}", "version", "released_at", "k", "rules_version", "fingerprint",
       "checked_fingerprint", "held", "scores", "items", "reliability", "pairs")
     values (?, ?, ?, now(), 5, 1, 'f', 'f', null, '[]', '[]', '[]', ?::jsonb)`,
    [id, round.roundId, version, JSON.stringify(pairs)],
  );
  return id;
}

const pairsOf = async (id: string) =>
  (await query<{ pairs: unknown }>(`select "pairs" from "releases" where "id" = ?`, [id]))[0]!.pairs;

const tables = async () =>
  (
    await query<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_name in ('waves', 'rounds') order by 1`,
    )
  ).map((row) => row.name);

const roundActions = async () =>
  (
    await query<{ label: string }>(
      `select enumlabel as label from pg_enum e join pg_type t on t.oid = e.enumtypid
        where t.typname = 'audit_action' and (enumlabel like 'WAVE%' or enumlabel like 'ROUND%')
        order by e.enumsortorder`,
    )
  ).map((row) => row.label);

describe('the rename of waves to rounds', () => {
  it('takes data down to the old names and back up unchanged, keeping the order of every cell', async () => {
    const cells = [
      { key: 'p|a|mestring|*', fromRoundId: round.roundId, n: 7 },
      { key: 'p|b|mestring|CONSULTANT', fromRoundId: round.roundId, n: null },
      { key: 'p|c|mestring|USER', n: 3 },
    ];
    const release = await insertRelease('releases', 'round_id', 1, cells);
    const created = await query<{ action: string; subject_type: string; subject_id: string }>(
      `select "action", "subject_type", "subject_id" from "audit_events" where "subject_id" = ? order by "at"`,
      [round.roundId],
    );
    expect(created.map((event) => [event.action, event.subject_type])).toContainEqual([
      'ROUND_CREATED',
      'Round',
    ]);
    const responses = await query<{ n: string }>(
      `select count(*) as n from "responses" where "round_id" = ?`,
      [round.roundId],
    );

    await orm.migrator.down({ to: BEFORE });
    expect(await tables()).toEqual(['waves']);
    expect(await roundActions()).toEqual([
      'WAVE_CREATED',
      'WAVE_CLOSED',
      'WAVE_REOPENED',
      'WAVE_UPDATED',
      'WAVE_OPENED',
      'WAVE_COPIED',
    ]);
    expect(await pairsOf(release)).toEqual([
      { key: 'p|a|mestring|*', fromWaveId: round.roundId, n: 7 },
      { key: 'p|b|mestring|CONSULTANT', fromWaveId: round.roundId, n: null },
      { key: 'p|c|mestring|USER', n: 3 },
    ]);
    const old = await query<{ action: string; subject_type: string }>(
      `select "action", "subject_type" from "audit_events" where "subject_id" = ? order by "at"`,
      [round.roundId],
    );
    expect(old.map((event) => [event.action, event.subject_type])).toContainEqual(['WAVE_CREATED', 'Wave']);

    await orm.migrator.up();
    expect(await tables()).toEqual(['rounds']);
    expect(await pairsOf(release)).toEqual(cells);
    expect(
      await query(
        `select "action", "subject_type", "subject_id" from "audit_events" where "subject_id" = ? order by "at"`,
        [round.roundId],
      ),
    ).toEqual(created);
    expect(
      await query(`select count(*) as n from "responses" where "round_id" = ?`, [round.roundId]),
    ).toEqual(responses);
    expect((await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false })).trim()).toBe('');
  });

  it('brings releases and audit events stored under the old names up to the new ones', async () => {
    await orm.migrator.down({ to: BEFORE });
    const twoCells = await insertRelease('releases', 'wave_id', 2, [
      { key: 'x', fromWaveId: 'earlier' },
      { key: 'y', fromWaveId: 'later', note: 'fromWaveId in a value stays' },
    ]);
    const noCells = await insertRelease('releases', 'wave_id', 3, []);
    const eventId = randomUUID();
    await query(
      `insert into "audit_events" ("id", "at", "action", "subject_type", "subject_id", "details")
       values (?, now(), 'WAVE_CLOSED', 'Wave', ?, '{"waveId": "as recorded"}')`,
      [eventId, round.roundId],
    );

    await orm.migrator.up();
    expect(await pairsOf(twoCells)).toEqual([
      { key: 'x', fromRoundId: 'earlier' },
      { key: 'y', fromRoundId: 'later', note: 'fromWaveId in a value stays' },
    ]);
    expect(await pairsOf(noCells)).toEqual([]);
    expect(
      await query(`select "action", "subject_type", "details" from "audit_events" where "id" = ?`, [eventId]),
    ).toEqual([{ action: 'ROUND_CLOSED', subject_type: 'Round', details: { waveId: 'as recorded' } }]);
    expect(await roundActions()).toEqual([
      'ROUND_CREATED',
      'ROUND_CLOSED',
      'ROUND_REOPENED',
      'ROUND_UPDATED',
      'ROUND_OPENED',
      'ROUND_COPIED',
    ]);
  });
});
