import { createSecretKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Response } from '../responses/response.entity.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { keyLinkageHash, unkeyedLinkageHash } from './linkage.js';
import { pseudonymKey } from './pseudonym-key.js';
import {
  downloadRows,
  everyLinkageCode,
  makeLinkedRounds,
  searchCodeSpace,
  submitWithCode,
  type LinkedRounds,
} from './test/linked-rounds.js';

/**
 * Invariant 10, tried the way an attacker would (issue step 9): a participant's linkage code (mother's initial, birth
 * day, birthplace initial, older siblings) comes from under a million values, so anything derived from it without a
 * secret is reversed by trying them all.
 */

let server: TestServer;
let linked: LinkedRounds;
const CODES = ['K07B2', 'Å31Ø0', 'M15T4'];
// A pass over the code space takes one to a few seconds, more on a busy machine.
const SEARCH_TIME = 120_000;

beforeAll(async () => {
  server = await startTestServer();
  linked = await makeLinkedRounds(server.db.orm);
  for (const code of CODES) {
    await submitWithCode(server.db.orm, linked.baseline.links.CONSULTANT!, code);
    await submitWithCode(server.db.orm, linked.followUp.links.CONSULTANT!, code);
  }
});
afterAll(async () => {
  await server?.stop();
});

describe('linkage pseudonyms against a search of every code', () => {
  it('covers the whole code space the survey can make', () => {
    let count = 0;
    for (const _ of everyLinkageCode()) count++;
    expect(count).toBe(29 * 31 * 29 * 31);
  });

  it(
    'the old unkeyed scheme is reversed: its stored hash and its export column give the code back',
    () => {
      const projectId = linked.project.id;
      const oldStored = unkeyedLinkageHash(projectId, 'K07B2');
      const oldExported = oldStored.slice(0, 16);
      const found = searchCodeSpace([oldStored, oldExported], (code) => [
        unkeyedLinkageHash(projectId, code),
      ]);
      // The mother's initial K, born on the 7th, in a place starting with B, with two older siblings.
      expect(found.map((f) => f.code)).toEqual(['K07B2', 'K07B2']);
    },
    SEARCH_TIME,
  );

  it(
    'what the database stores and what an export carries give the same search nothing',
    async () => {
      const projectId = linked.project.id;
      const stored = (await server.db.orm.em.fork().find(Response, { linkageHash: { $ne: null } })).map(
        (r) => r.linkageHash!,
      );
      expect(stored).toHaveLength(CODES.length * 2);
      const exported = new Set<string>();
      for (const file of ['data-wide.csv', 'data-long.csv'] as const) {
        const pseudonyms = new Set((await downloadRows(server.url, linked, file)).map((r) => r.linkage!));
        // Each participant's two rounds share one pseudonym in the file, so the export is worth attacking.
        expect(pseudonyms.size).toBe(CODES.length);
        for (const pseudonym of pseudonyms) exported.add(pseudonym);
      }

      const key = createSecretKey(pseudonymKey());
      const found = searchCodeSpace([...stored, ...exported], (code) => {
        const unkeyed = unkeyedLinkageHash(projectId, code);
        return [unkeyed, keyLinkageHash(key, unkeyed)];
      });
      // Without the key: nothing, in the database or in either file.
      expect(found.filter((f) => f.derivation === 0)).toEqual([]);
      // Nothing reaches an export's pseudonyms even with the key: each download has a secret of its own.
      expect(found.filter((f) => exported.has(f.value))).toEqual([]);
      // The search itself is sound: with the key, which neither a dump nor an export holds, it finds every code
      // (each participant's two rounds store one hash).
      expect(found.map((f) => f.code).sort()).toEqual([...CODES].sort());
    },
    SEARCH_TIME,
  );
});
