import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportVerdiJson } from '../instruments/interchange/verdi-json.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';

/**
 * Failure drill: the server is killed with SIGKILL in the middle of a submission load and started again. Every
 * submission a client saw acknowledged is stored exactly once, none is half-stored, and clients that retry with the
 * same clientSubmissionId end with exactly one response each.
 */
const ADMIN = { email: 'drill.admin@example.test', password: 'et langt passord for drill' };
const dataDir = mkdtempSync(path.join(tmpdir(), 'verdi-kill-'));
let database: TestDatabase | undefined;
const children: ChildProcess[] = [];

async function start(): Promise<{ url: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'warn',
    VERDI_DEMO: '0',
    VERDI_ADMIN_EMAIL: ADMIN.email,
    VERDI_ADMIN_PASSWORD: ADMIN.password,
    VERDI_DATA_DIR: dataDir,
  };
  if (database) env.DATABASE_URL = database.location;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const match = /Verdi is running at (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { url, child };
}

async function gql<T>(
  url: string,
  query: string,
  variables?: unknown,
  cookie?: string,
): Promise<{ data?: T; errors?: unknown[]; cookie?: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  return { ...body, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    database = await createTestDatabase();
    await database.orm.close(true);
  }
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (database) await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGKILL during a submission load', () => {
  it('loses no acknowledged submission and half-stores none; retries give one response per id', async () => {
    let server = await start();
    const cookie = (
      await gql(
        server.url,
        `mutation { signIn(input: { email: "${ADMIN.email}", password: "${ADMIN.password}" }) { expiresAt } }`,
      )
    ).cookie!;
    const project = await gql<{ createProject: { id: string } }>(
      server.url,
      'mutation { createProject(input: { name: "Drill", organisation: "Test" }) { id } }',
      undefined,
      cookie,
    );
    const projectId = project.data!.createProject.id;
    const imported = await gql<{ importInstrument: { instrument: { id: string } } }>(
      server.url,
      'mutation ($input: ImportInstrumentInput!) { importInstrument(input: $input) { instrument { id } } }',
      {
        input: {
          format: 'VERDI_JSON',
          projectId,
          content: exportVerdiJson({ name: 'Drill', definition: sampleDefinition() }),
        },
      },
      cookie,
    );
    const instrumentId = imported.data!.importInstrument.instrument.id;
    await gql(
      server.url,
      'mutation ($id: UUID!) { publishInstrument(id: $id, revision: 1) { status } }',
      { id: instrumentId },
      cookie,
    );
    const round = await gql<{ createRound: { id: string; openLinks: { role: string; path: string }[] } }>(
      server.url,
      'mutation ($input: CreateRoundInput!) { createRound(input: $input) { id openLinks { role path } } }',
      {
        input: {
          projectId,
          instrumentId,
          label: 'Drill',
          opensAt: new Date(Date.now() - 60_000).toISOString(),
          information: { nb: 'Info' },
        },
      },
      cookie,
    );
    const roundId = round.data!.createRound.id;
    const token = round.data!.createRound.openLinks.find((l) => l.role === 'CONSULTANT')!.path.slice(3);

    const ids = Array.from({ length: 40 }, () => randomUUID());
    const submit = (url: string, clientSubmissionId: string) =>
      gql<{ submitSurveyResponse: { receiptCode: string } }>(
        url,
        'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }',
        {
          input: {
            token,
            clientSubmissionId,
            // The draft's secret, chosen by the client as no draft was saved: a retry must prove itself with it (issue 14).
            resumeToken: `drill-${clientSubmissionId}`,
            answers: [
              { item: 'contact', number: 1 },
              { item: 'hope_1', number: 4 },
              { item: 'hope_2', number: 2 },
            ],
            language: 'nb',
            consent: true,
          },
        },
      );

    const acknowledged = new Map<string, string>();
    const killed = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
    await Promise.allSettled(
      ids.map(async (id) => {
        const result = await submit(server.url, id);
        const receipt = result.data?.submitSurveyResponse.receiptCode;
        if (receipt) acknowledged.set(id, receipt);
        if (acknowledged.size === 10) server.child.kill('SIGKILL');
      }),
    );
    await killed;
    expect(acknowledged.size).toBeGreaterThanOrEqual(10);
    expect(acknowledged.size).toBeLessThan(ids.length);

    server = await start();
    const signIn = await gql(
      server.url,
      `mutation { signIn(input: { email: "${ADMIN.email}", password: "${ADMIN.password}" }) { expiresAt } }`,
    );
    const admin = signIn.cookie!;
    const stored = async () => {
      const result = await gql<{
        responses: { totalCount: number; edges: { node: { answers: unknown[] } }[] };
      }>(
        server.url,
        'query ($w: UUID!) { responses(roundId: $w, first: 100) { totalCount edges { node { answers { item } } } } }',
        { w: roundId },
        admin,
      );
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return result.data.responses;
    };
    const afterCrash = await stored();
    expect(afterCrash.totalCount).toBeGreaterThanOrEqual(acknowledged.size);
    expect(afterCrash.edges.every((e) => e.node.answers.length === 3)).toBe(true);
    for (const [id, receipt] of acknowledged) {
      expect((await submit(server.url, id)).data!.submitSurveyResponse.receiptCode).toBe(receipt);
    }
    expect((await stored()).totalCount).toBe(afterCrash.totalCount);

    for (const id of ids) expect((await submit(server.url, id)).errors).toBeUndefined();
    for (const id of ids) await submit(server.url, id);
    const final = await stored();
    expect(final.totalCount).toBe(ids.length);
    expect(final.edges.every((e) => e.node.answers.length === 3)).toBe(true);
    server.child.kill('SIGTERM');
  }, 180_000);
});
