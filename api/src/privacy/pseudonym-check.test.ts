import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/sql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { insertSubmissions } from '../demo/bulk.js';
import { migrationsList } from '../db/migrations/index.js';
import { ormOptions, type Em, type Orm } from '../db/orm.js';
import { createScratchDatabase } from '../test/scratch-database.js';
import { RespondentRole } from '../instruments/definition.types.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import type { Project } from '../projects/project.entity.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeOpenRound, makeProject, makeUser, type OpenRound } from '../test/factories.js';
import { Round } from '../rounds/round.entity.js';
import { keyedLinkageHash, unkeyedLinkageHash } from './linkage.js';
import { securePseudonyms } from './pseudonym-check.js';
import { keyFingerprint, pseudonymKey } from './pseudonym-key.js';
import { submitWithCode } from './test/linked-rounds.js';

/**
 * The key check and the one-time re-keying of linkage hashes from before keying (issue step 9), on a real database:
 * a PostgreSQL server when DATABASE_URL is set, else the embedded one.
 */

const KEYING = 'Migration20261203082626_pseudonym_key';
const BEFORE_KEYING = migrationsList[migrationsList.findIndex((m) => m.name === KEYING) - 1]!.name;

interface OldDatabase {
  orm: Orm;
  /** The database's URL on a PostgreSQL server; undefined for the embedded one. */
  url: string | undefined;
  /** Another connection pool on the same database, as a second instance would have (server only). */
  secondInstance(): Promise<Orm>;
  drop(): Promise<void>;
}

/**
 * A database as the version before keying left it: migrated up to the migration before keying. `oldResponses` fills it
 * through today's entities on the whole schema and then migrates back down to here, so that later migrations (new
 * columns of rounds, say) need no old copy of the entities.
 */
async function databaseBeforeKeying(): Promise<OldDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const open = async (target: Parameters<typeof ormOptions>[0]) =>
    MikroORM.init<AbstractSqlDriver>(ormOptions(target));
  if (!serverUrl) {
    const orm = await open({ dataDir: 'memory://' });
    await orm.migrator.up({ to: BEFORE_KEYING });
    return { orm, url: undefined, secondInstance: async () => orm, drop: () => orm.close(true) };
  }
  const scratch = await createScratchDatabase(serverUrl, `verdi_test_${randomBytes(6).toString('hex')}`);
  const orm = await open({ databaseUrl: scratch.url });
  await orm.migrator.up({ to: BEFORE_KEYING });
  const others: Orm[] = [];
  return {
    orm,
    url: scratch.url,
    async secondInstance() {
      const other = await open({ databaseUrl: scratch.url });
      others.push(other);
      return other;
    },
    async drop() {
      for (const other of others) await other.close(true);
      await orm.close(true);
      await scratch.drop();
    },
  };
}

/**
 * A transaction of its own that keeps `responses` from being written until released, and can tell when the given
 * number of other sessions wait for a lock.
 */
async function holdResponses(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  await client.query('lock table responses in share mode');
  return {
    async untilWaiting(sessions: number) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        // Inside a transaction PostgreSQL shows the activity it saw first, unless told to look again.
        await client.query('select pg_stat_clear_snapshot()');
        const { rows } = await client.query<{ n: string }>(
          `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (Number(rows[0]!.n) >= sessions) return;
        if (Date.now() > deadline)
          throw new Error(`${rows[0]!.n} of ${sessions} sessions came to wait for a lock`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async release() {
      await client.query('commit');
      await client.end();
    },
  };
}

interface OldData {
  project: Project;
  baseline: OpenRound;
  followUp: OpenRound;
}

/** Responses as the version before keying stored them: the unkeyed SHA-256 of project and code. */
async function oldResponses(
  orm: Orm,
  codes: { baseline: (string | null)[]; followUp: string[] },
): Promise<OldData> {
  await orm.migrator.up();
  const em = orm.em.fork();
  const project = await makeProject(em);
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  const baseline = await makeOpenRound(em, project, researcher, { label: 'Baseline' });
  const followUp = await makeOpenRound(em, project, researcher, { label: '12 måneder' });
  await em.nativeUpdate(Round, { id: { $in: [baseline.roundId, followUp.roundId] } }, { linkage: true });
  const submissions = (list: (string | null)[]) =>
    list.map((code) => ({
      answers: [
        { item: 'contact', number: 1 },
        { item: 'hope_1', number: 3 },
      ],
      submittedOn: '2025-03-01',
      linkageHash: code ? unkeyedLinkageHash(project.id, code) : null,
    }));
  for (const [round, list] of [
    [baseline, codes.baseline],
    [followUp, codes.followUp],
  ] as const) {
    await insertSubmissions(
      em,
      round.roundId,
      sampleDefinition(),
      RespondentRole.CONSULTANT,
      submissions(list),
    );
  }
  await orm.migrator.down({ to: BEFORE_KEYING });
  return { project, baseline, followUp };
}

async function hashes(orm: Orm, roundId?: string): Promise<string[]> {
  const rows = await orm.em
    .getConnection()
    .execute<{ linkage_hash: string }[]>(
      `select linkage_hash from responses where linkage_hash is not null ${roundId ? 'and round_id = ?' : ''} order by id`,
      roundId ? [roundId] : [],
    );
  return rows.map((r) => r.linkage_hash);
}

async function state(orm: Orm): Promise<{ fingerprint: string | null; linkage_keyed: boolean }> {
  const [row] = await orm.em
    .getConnection()
    .execute<{ fingerprint: string | null; linkage_keyed: boolean }[]>(
      'select fingerprint, linkage_keyed from pseudonym_key_state',
    );
  return row!;
}

/** Pairs between the two rounds, as the paired analysis and an export find them: equal hashes. */
async function pairs(orm: Orm, data: OldData): Promise<number> {
  // Before the rename of waves to rounds (a later migration) the column was `wave_id`.
  const [{ column }] = await orm.em.getConnection().execute<[{ column: string }]>(
    `select column_name as column from information_schema.columns
      where table_schema = current_schema() and table_name = 'responses' and column_name in ('round_id', 'wave_id')`,
  );
  const [row] = await orm.em.getConnection().execute<{ n: string }[]>(
    `select count(*) as n from responses b join responses f on f.linkage_hash = b.linkage_hash
      where b.${column} = ? and f.${column} = ?`,
    [data.baseline.roundId, data.followUp.roundId],
  );
  return Number(row!.n);
}

describe('the key check', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('marks a new database as keyed at once, stores the first key fingerprint and re-keys nothing', async () => {
    expect(await state(db.orm)).toEqual({ fingerprint: null, linkage_keyed: true });
    const em = db.orm.em.fork();
    const project = await makeProject(em);
    const round = await makeOpenRound(em, project, await makeUser(em));
    await em.nativeUpdate(Round, { id: round.roundId }, { linkage: true });
    await submitWithCode(db.orm, round.links.CONSULTANT!, 'K07B2');
    const before = await hashes(db.orm);
    expect(before).toEqual([keyedLinkageHash(pseudonymKey(), project.id, 'K07B2')]);

    expect(await securePseudonyms(db.orm.em.fork(), pseudonymKey())).toEqual({
      fingerprintStored: true,
      rekeyed: 0,
    });
    expect(await state(db.orm)).toEqual({ fingerprint: keyFingerprint(pseudonymKey()), linkage_keyed: true });
    expect(await hashes(db.orm)).toEqual(before);
    expect(await securePseudonyms(db.orm.em.fork(), pseudonymKey())).toEqual({
      fingerprintStored: false,
      rekeyed: 0,
    });
  });

  it('refuses a key other than the one the database was used with, and changes nothing', async () => {
    await securePseudonyms(db.orm.em.fork(), pseudonymKey());
    const before = await hashes(db.orm);
    await expect(securePseudonyms(db.orm.em.fork(), randomBytes(32))).rejects.toThrow(
      /is not the one this database was used with.*would never pair.*original key/,
    );
    expect(await state(db.orm)).toEqual({ fingerprint: keyFingerprint(pseudonymKey()), linkage_keyed: true });
    expect(await hashes(db.orm)).toEqual(before);
  });
});

describe('re-keying a database from before keying', () => {
  it('keys the old hashes once, so responses from before and after the upgrade still pair', async () => {
    const old = await databaseBeforeKeying();
    try {
      const data = await oldResponses(old.orm, {
        baseline: ['A01B0', 'C02D1', 'E03F2', 'G04H3', null],
        followUp: ['A01B0'],
      });
      expect(await pairs(old.orm, data)).toBe(1);
      await old.orm.migrator.up();
      expect(await state(old.orm)).toEqual({ fingerprint: null, linkage_keyed: false });

      const key = pseudonymKey();
      expect(await securePseudonyms(old.orm.em.fork(), key)).toEqual({ fingerprintStored: true, rekeyed: 5 });
      expect(await hashes(old.orm, data.baseline.roundId)).toEqual(
        expect.arrayContaining(
          ['A01B0', 'C02D1', 'E03F2', 'G04H3'].map((code) => keyedLinkageHash(key, data.project.id, code)),
        ),
      );
      expect(await state(old.orm)).toEqual({ fingerprint: keyFingerprint(key), linkage_keyed: true });

      // After the upgrade, participants of the baseline answer the follow-up through the survey as usual.
      for (const code of ['c02d1', 'E 03 F 2', 'Z09Z9']) {
        await submitWithCode(old.orm, data.followUp.links.CONSULTANT!, code);
      }
      expect(await pairs(old.orm, data)).toBe(3);

      // Every later start: nothing is keyed twice.
      const after = await hashes(old.orm);
      expect(await securePseudonyms(old.orm.em.fork(), key)).toEqual({
        fingerprintStored: false,
        rekeyed: 0,
      });
      expect(await hashes(old.orm)).toEqual(after);
      expect(await pairs(old.orm, data)).toBe(3);
    } finally {
      await old.drop();
    }
  });

  it('keys once when two instances start at the same time', async () => {
    const old = await databaseBeforeKeying();
    try {
      const codes = Array.from({ length: 40 }, (_, i) => `B${String((i % 31) + 1).padStart(2, '0')}K${i}`);
      const data = await oldResponses(old.orm, { baseline: codes, followUp: codes.slice(0, 10) });
      await old.orm.migrator.up();
      const second = await old.secondInstance();

      const key = pseudonymKey();
      // On a server, hold both at the worst moment: both have begun and neither has re-keyed a row yet.
      const gate = old.url ? await holdResponses(old.url) : null;
      const starting = Promise.all([
        securePseudonyms(old.orm.em.fork() as Em, key),
        securePseudonyms(second.em.fork() as Em, key),
      ]);
      if (gate) {
        await gate.untilWaiting(2);
        await gate.release();
      }
      const results = await starting;
      expect(results.map((r) => r.rekeyed).sort((a, b) => a - b)).toEqual([0, 50]);
      expect(results.filter((r) => r.fingerprintStored)).toHaveLength(1);
      const expected = codes.map((code) => keyedLinkageHash(key, data.project.id, code));
      expect((await hashes(old.orm, data.baseline.roundId)).sort()).toEqual(expected.sort());
      expect(await pairs(old.orm, data)).toBe(10);
    } finally {
      await old.drop();
    }
  });
});
