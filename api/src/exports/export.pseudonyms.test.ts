import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadRows,
  makeLinkedRounds,
  submitWithCode,
  type ExportRow,
  type LinkedRounds,
} from '../privacy/test/linked-rounds.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { Response } from '../responses/response.entity.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { planVariables } from './export.plan.js';
import { csvPages } from './export.rows.js';

/**
 * Invariant 10 for exports (issue step 9): the linkage column is the download's own pseudonym. Rounds pair inside one
 * file; nothing pairs one file's pseudonyms with another's or with what the database stores.
 */

let server: TestServer;
let linked: LinkedRounds;
let stored: string[];

beforeAll(async () => {
  server = await startTestServer();
  linked = await makeLinkedRounds(server.db.orm);
  const baseline = linked.baseline.links.CONSULTANT!;
  const followUp = linked.followUp.links.CONSULTANT!;
  for (const code of ['A01B0', 'C02D1', 'E03F2', 'G04H3', 'I05J4', null]) {
    await submitWithCode(server.db.orm, baseline, code);
  }
  // Three come back; one is new; one gives no code.
  for (const code of ['A01B0', 'C02D1', 'E03F2', 'K06L5', null]) {
    await submitWithCode(server.db.orm, followUp, code);
  }
  stored = (await server.db.orm.em.fork().find(Response, { linkageHash: { $ne: null } })).map(
    (r) => r.linkageHash!,
  );
});
afterAll(async () => {
  await server?.stop();
});

/** Pseudonym per response number in one round. */
function pseudonymsIn(rows: ExportRow[], round: string): Map<string, string> {
  const byResponse = new Map<string, string>();
  for (const row of rows.filter((r) => r.round === round)) {
    const earlier = byResponse.get(row.response!);
    // In the long file a response has a row per answer, all with the same pseudonym.
    if (earlier !== undefined) expect(row.linkage).toBe(earlier);
    byResponse.set(row.response!, row.linkage!);
  }
  return byResponse;
}

/** The pairs a researcher finds in one file: baseline response number → follow-up response number. */
function pairsIn(rows: ExportRow[]): Map<string, string> {
  const baseline = pseudonymsIn(rows, 'Baseline');
  const followUp = new Map([...pseudonymsIn(rows, '12 måneder')].map(([response, p]) => [p, response]));
  const pairs = new Map<string, string>();
  for (const [response, pseudonym] of baseline) {
    if (pseudonym !== '' && followUp.has(pseudonym)) pairs.set(response, followUp.get(pseudonym)!);
  }
  return pairs;
}

const pseudonymsOf = (rows: ExportRow[]) => new Set(rows.map((r) => r.linkage!).filter((p) => p !== ''));

describe('linkage pseudonyms in exports', () => {
  it('pair rounds inside one download: one pseudonym per participant, 16 hex digits, none without a code', async () => {
    for (const file of ['data-wide.csv', 'data-long.csv'] as const) {
      const rows = await downloadRows(server.url, linked, file);
      expect(rows.every((r) => /^([0-9a-f]{16})?$/.test(r.linkage!))).toBe(true);
      expect(pairsIn(rows).size).toBe(3);
      expect(pseudonymsOf(rows).size).toBe(6);
      expect([...pseudonymsIn(rows, 'Baseline').values()].filter((p) => p === '')).toHaveLength(1);
    }
  });

  it('differ between two downloads of the same data, while the same responses pair in both', async () => {
    const first = await downloadRows(server.url, linked, 'data-wide.csv');
    const second = await downloadRows(server.url, linked, 'data-wide.csv');
    const [a, b] = [pseudonymsOf(first), pseudonymsOf(second)];
    expect(a.size).toBe(6);
    expect([...a].filter((p) => b.has(p))).toEqual([]);
    expect(pairsIn(second)).toEqual(pairsIn(first));
  });

  it('give no way back to what the database stores', async () => {
    const rows = await downloadRows(server.url, linked, 'data-long.csv');
    const exported = pseudonymsOf(rows);
    expect(stored).toHaveLength(9);
    for (const hash of stored) {
      expect(exported.has(hash.slice(0, 16))).toBe(false);
      expect(rows.some((r) => Object.values(r).some((cell) => cell.includes(hash.slice(0, 16))))).toBe(false);
    }
  });

  it('pair the same way in the XLSX workbook as in the CSV files', async () => {
    const response = await fetch(`${server.url}/exports/${linked.project.id}/data.xlsx`, {
      headers: { cookie: `verdi_session=${linked.researcherSession}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet: string[][] = [];
    workbook.getWorksheet('data')!.eachRow((row) => {
      sheet.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    const [header, ...data] = sheet;
    const rows = data.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ''])));
    expect(pairsIn(rows).size).toBe(3);
    const csv = pseudonymsOf(await downloadRows(server.url, linked, 'data-wide.csv'));
    expect([...pseudonymsOf(rows)].filter((p) => csv.has(p))).toEqual([]);
  });

  it("keep the download's secret out of the error a failed query gives to the log", async () => {
    const linkageSecret = randomBytes(32);
    const pages = csvPages(
      server.db.orm.em.fork(),
      [{ id: 'not-a-round', label: 'Baseline', linkage: true }],
      planVariables([sampleDefinition()]),
      'wide',
      { linkageSecret },
    );
    const error = await pages.next().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify({ ...error, message: error!.message })).not.toContain(
      linkageSecret.toString('hex'),
    );
  });
});
