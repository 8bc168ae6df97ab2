import { createSecretKey, timingSafeEqual } from 'node:crypto';
import type { Em } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { keyLinkageHash } from './linkage.js';
import { keyFingerprint, PSEUDONYM_KEY_FILE, PSEUDONYM_KEY_VARIABLE } from './pseudonym-key.js';

/** Hashes re-keyed per statement: a page of ids and hashes is about 100 bytes a row. */
const REKEY_PAGE = 5000;

export interface PseudonymCheck {
  /** True on the first start with a key: the fingerprint was stored now. */
  fingerprintStored: boolean;
  /** Linkage hashes from before keying that were keyed now (0 on every later start). */
  rekeyed: number;
}

/**
 * Makes sure the database's linkage hashes are keyed with `key`, at start, before anything else uses them: refuses a
 * key other than the one the database was used with (its hashes would silently stop pairing), and re-keys hashes from
 * before keying exactly once. One transaction holding the state row's lock, so instances starting together take turns
 * and the second sees what the first did.
 */
export async function securePseudonyms(em: Em, key: Buffer, log?: Logger): Promise<PseudonymCheck> {
  const fingerprint = keyFingerprint(key);
  return em.transactional(async (tx) => {
    const [state] = await tx.execute<{ fingerprint: string | null; linkage_keyed: boolean }[]>(
      'select fingerprint, linkage_keyed from pseudonym_key_state where id = 1 for update',
    );
    if (!state) {
      throw new Error(
        'The table pseudonym_key_state has lost its row, so Verdi cannot tell which pseudonym key this database ' +
          'was used with, or whether its linkage hashes are keyed. Restore it from a backup.',
      );
    }
    if (state.fingerprint !== null && !sameText(state.fingerprint, fingerprint)) {
      throw new Error(
        `The pseudonym key (${PSEUDONYM_KEY_VARIABLE}, or ${PSEUDONYM_KEY_FILE} in the data directory) is not the ` +
          `one this database was used with (key fingerprint ${fingerprint.slice(0, 8)}…, the database expects ` +
          `${state.fingerprint.slice(0, 8)}…). Linkage codes hashed under another key would never pair with the ` +
          'ones already stored, so Verdi does not start. Start it with the original key (restore it from your ' +
          'backup). Only if that key is lost for good, and you accept that rounds from now on cannot be paired with ' +
          'earlier ones, clear the record with `update pseudonym_key_state set fingerprint = null` and start again.',
      );
    }
    let rekeyed = 0;
    if (!state.linkage_keyed) {
      // Submissions from an instance still running the old version must not slip in between two pages unkeyed.
      await tx.execute('lock table responses in share row exclusive mode');
      const secret = createSecretKey(key);
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const page = await tx.execute<{ id: string; linkage_hash: string }[]>(
          `select id, linkage_hash from responses where linkage_hash is not null and id > ? order by id limit ${REKEY_PAGE}`,
          [after],
        );
        if (page.length === 0) break;
        // Keyed here rather than in SQL, so that the key never travels to the database (or its statement log).
        const rows = page.map((r) => ({ id: r.id, hash: keyLinkageHash(secret, r.linkage_hash) }));
        await tx.execute(
          `update responses set linkage_hash = v.hash
             from json_to_recordset(?::json) as v(id uuid, hash text) where responses.id = v.id`,
          [JSON.stringify(rows)],
        );
        rekeyed += page.length;
        after = page.at(-1)!.id;
      }
      log?.info({ rekeyed }, 'linkage hashes keyed with the pseudonym key');
    }
    await tx.execute('update pseudonym_key_state set fingerprint = ?, linkage_keyed = true where id = 1', [
      fingerprint,
    ]);
    return { fingerprintStored: state.fingerprint === null, rekeyed };
  });
}

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
