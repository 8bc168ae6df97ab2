import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { scoreConstructs } from '@verdi/api/dist/responses/scoring.js';
import { checkAnswers } from '@verdi/api/dist/responses/answer.rules.js';
import {
  ConstructKind,
  defaultAgreementScale,
  ItemType,
  RespondentRole,
  type InstrumentDefinition,
} from '@verdi/api/dist/instruments/definition.types.js';
import { InstrumentFormat } from '@verdi/api/dist/instruments/instrument.inputs.js';
import { InstrumentService } from '@verdi/api/dist/instruments/instrument.service.js';
import { exportVerdiJson } from '@verdi/api/dist/instruments/interchange/verdi-json.js';
import { ProjectService } from '@verdi/api/dist/projects/project.service.js';
import { RoundService } from '@verdi/api/dist/rounds/round.service.js';
import { firstAdmin } from '@verdi/api/dist/demo/generator.js';
import type { BenchContext } from '../context.ts';
import { closedLoop, cpuTimeOf, type LoadResult } from '../harness.ts';
import { SMALL_YOUNG_GENERATION, startServer } from '../server.ts';

const ITEMS = 30;
/** The API's PostgreSQL pool (MikroORM's default); the baseline gets the same number of connections. */
const POOL = 10;

/** Thirty agreement items for service users, half on a VALUE construct and half on a CHALLENGE one. */
function thirtyItems(): InstrumentDefinition {
  return {
    scales: [defaultAgreementScale()],
    constructs: [
      { key: 'value', kind: ConstructKind.VALUE, label: { nb: 'Verdi' } },
      { key: 'challenge', kind: ConstructKind.CHALLENGE, label: { nb: 'Utfordringer' } },
    ],
    sections: [
      {
        key: 'main',
        title: { nb: 'Spørsmål' },
        items: Array.from({ length: ITEMS }, (_, i) => ({
          key: `q${String(i + 1).padStart(2, '0')}`,
          type: ItemType.LIKERT,
          construct: i < ITEMS / 2 ? 'value' : 'challenge',
          roles: [RespondentRole.SERVICE_USER],
          prompt: { nb: `Påstand ${i + 1}` },
          required: true,
          reverseScored: false,
          scale: 'agree5',
        })),
      },
    ],
  };
}

/**
 * Submissions over HTTP: `submitSurveyResponse` with 30 answers from concurrent clients, against the same rows (a
 * response, its 30 answers and 2 construct scores) written by one plain `pg` transaction per response.
 */
export async function submissions(ctx: BenchContext): Promise<void> {
  const em = ctx.orm.em.fork();
  const actor = await firstAdmin(em);
  const definition = thirtyItems();
  const project = await new ProjectService(em).create({
    name: 'Innsending (benchmark)',
    organisation: 'Benchmark',
  });
  const instruments = new InstrumentService(em);
  const imported = await instruments.import(actor, {
    format: InstrumentFormat.VERDI_JSON,
    content: exportVerdiJson({ name: 'Tretti påstander', definition }),
    projectId: project.id,
  });
  const draft = await instruments.draft(imported.instrument.id);
  await instruments.publish(actor, imported.instrument.id, draft!.revision);
  const rounds = new RoundService(em);
  const round = await rounds.create(actor, {
    projectId: project.id,
    instrumentId: imported.instrument.id,
    label: 'Innsending',
    opensAt: new Date(Date.now() - 3_600_000),
    closesAt: new Date(Date.now() + 7 * 86_400_000),
    information: { nb: 'Benchmark' },
  });
  const link = (await rounds.openLinks(round.id)).find((l) => l.role === RespondentRole.SERVICE_USER)!;
  const answersFor = (sequence: number) =>
    definition.sections[0]!.items.map((item, i) => ({ item: item.key, number: 1 + ((sequence + i) % 5) }));

  const mutation =
    'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode submittedOn } }';
  // Node's own HTTP client on kept-alive connections: `fetch` cost the load generator half as much CPU per request as
  // the server spent answering it, CPU the server and PostgreSQL then lacked on a 2-core machine.
  const agent = new http.Agent({ keepAlive: true, maxSockets: ctx.scale.clients });
  const submit = async (url: string, sequence: number) => {
    const payload = JSON.stringify({
      query: mutation,
      variables: {
        input: {
          token: link.linkToken,
          clientSubmissionId: randomUUID(),
          answers: answersFor(sequence),
          language: 'nb',
          consent: true,
        },
      },
    });
    const text = await new Promise<string>((resolve, reject) => {
      const request = http.request(
        `${url}/graphql`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve(body));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
    const body = JSON.parse(text) as { data?: { submitSurveyResponse?: unknown }; errors?: unknown[] };
    if (!body.data?.submitSurveyResponse) throw new Error(`not acknowledged: ${JSON.stringify(body.errors)}`);
  };

  // One API process, as `npm start` runs it; `--profile=<dir>` writes its CPU profile there (node --cpu-prof).
  const profileDir = process.argv.find((arg) => arg.startsWith('--profile='))?.slice('--profile='.length);
  const oneProcess = async (nodeOptions: string) => {
    const server = await startServer(ctx.databaseUrl, nodeOptions ? { NODE_OPTIONS: nodeOptions } : {});
    try {
      const cpuBefore = cpuTimeOf(server.child.pid!);
      const clientBefore = process.cpuUsage();
      let sent = 0;
      const result = await closedLoop({
        clients: ctx.scale.clients,
        seconds: ctx.scale.loadSeconds,
        warmupSeconds: ctx.scale.warmupSeconds,
        operation: async (_worker, sequence) => {
          sent++;
          await submit(server.url, sequence);
        },
      });
      const cpuAfter = cpuTimeOf(server.child.pid!);
      const client = process.cpuUsage(clientBefore);
      ctx.log(
        `  load generator CPU ${((client.user + client.system) / 1000 / sent).toFixed(2)} ms per submission`,
      );
      const cpu = {
        user: (cpuAfter.user - cpuBefore.user) / sent,
        system: (cpuAfter.system - cpuBefore.system) / sent,
      };
      return { result, cpu };
    } finally {
      await server.stop();
    }
  };
  const { result: api, cpu: cpuPerSubmission } = await oneProcess(
    profileDir ? `--cpu-prof --cpu-prof-dir=${path.resolve(profileDir)}` : '',
  );
  // The same with the small young generation that keeps an export under 150 MiB (the export section): its price.
  const small = await oneProcess(SMALL_YOUNG_GENERATION);

  // More API processes on the same database, the clients spread over them: what one machine gains by a second.
  const scaled: { processes: number; result: LoadResult }[] = [];
  for (const processes of ctx.scale.name === 'full' ? [2, 4] : [2]) {
    const servers = await Promise.all(Array.from({ length: processes }, () => startServer(ctx.databaseUrl)));
    try {
      scaled.push({
        processes,
        result: await closedLoop({
          clients: ctx.scale.clients,
          seconds: ctx.scale.loadSeconds,
          warmupSeconds: ctx.scale.warmupSeconds,
          operation: (worker, sequence) => submit(servers[worker % processes]!.url, sequence),
        }),
      });
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }

  agent.destroy();

  // The baseline: what the database alone needs for the same rows, one transaction per response.
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: POOL });
  const day = new Date().toISOString().slice(0, 10);
  let baseline: LoadResult;
  try {
    baseline = await closedLoop({
      clients: ctx.scale.clients,
      seconds: ctx.scale.loadSeconds,
      warmupSeconds: ctx.scale.warmupSeconds,
      operation: async (_worker, sequence) => {
        const checked = checkAnswers(definition, RespondentRole.SERVICE_USER, answersFor(sequence), {
          complete: true,
        });
        const scores = scoreConstructs(definition, RespondentRole.SERVICE_USER, checked.answers);
        const id = randomUUID();
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query(
            `insert into responses (id, round_id, role, status, language, consent_given, started_on, updated_on,
                submitted_on, submission_key, receipt_hash)
             values ($1, $2, 'SERVICE_USER', 'SUBMITTED', 'nb', true, $3, $3, $3, $4, $5)`,
            [id, round.id, day, sha256(`submission:${id}`), sha256(`receipt:${id}`)],
          );
          await client.query(
            `insert into answers (response_id, item_key, number) values ${checked.answers
              .map((_, i) => `($1, $${2 * i + 2}, $${2 * i + 3})`)
              .join(', ')}`,
            [id, ...checked.answers.flatMap((a) => [a.itemKey, a.number])],
          );
          await client.query(
            `insert into construct_scores (response_id, construct_key, kind, score, answered_items, shown_items)
             values ${scores.map((_, i) => `($1, $${5 * i + 2}, $${5 * i + 3}, $${5 * i + 4}, $${5 * i + 5}, $${5 * i + 6})`).join(', ')}`,
            [id, ...scores.flatMap((s) => [s.constructKey, s.kind, s.score, s.answeredItems, s.shownItems])],
          );
          await client.query('commit');
        } catch (error) {
          await client.query('rollback');
          throw error;
        } finally {
          client.release();
        }
      },
    });
  } finally {
    await pool.end();
  }

  const section = 'Submissions';
  const note = `${ctx.scale.clients} clients, ${ITEMS} answers each`;
  const plain = 'plain pg transaction per response';
  if (api.failed > 0 || baseline.failed > 0) {
    ctx.log(`  failures: API ${api.failed}, baseline ${baseline.failed}`);
  }
  ctx.figures.push(
    {
      section,
      name: 'responses per second',
      note,
      value: api.perSecond,
      unit: '/s',
      baseline: { name: plain, value: baseline.perSecond },
      better: 'higher',
    },
    ...(['p50', 'p95', 'p99'] as const).map((p) => ({
      section,
      name: `latency ${p}`,
      value: api[p],
      unit: 'ms',
      baseline: { name: plain, value: baseline[p] },
      better: 'lower' as const,
    })),
    ...scaled.map(({ processes, result }) => ({
      section,
      name: `responses per second, ${processes} API processes`,
      value: result.perSecond,
      unit: '/s',
      baseline: { name: plain, value: baseline.perSecond },
      better: 'higher' as const,
    })),
    {
      section,
      name: 'server CPU per submission (one process)',
      note: `${cpuPerSubmission.user.toFixed(2)} ms in Node, ${cpuPerSubmission.system.toFixed(2)} ms in the kernel`,
      value: cpuPerSubmission.user + cpuPerSubmission.system,
      unit: 'ms',
      baseline: null,
      better: 'lower',
    },
    {
      section,
      name: `responses per second, one process with ${SMALL_YOUNG_GENERATION}`,
      note: `server CPU ${(small.cpu.user + small.cpu.system).toFixed(2)} ms per submission`,
      value: small.result.perSecond,
      unit: '/s',
      baseline: { name: plain, value: baseline.perSecond },
      better: 'higher',
    },
    {
      section,
      name: 'failed submissions',
      value: api.failed + small.result.failed + scaled.reduce((sum, s) => sum + s.result.failed, 0),
      unit: '',
      baseline: null,
      better: 'lower',
    },
  );
  ctx.log(
    `  API ${api.perSecond.toFixed(0)}/s p50 ${api.p50.toFixed(1)} ms p99 ${api.p99.toFixed(1)} ms; ` +
      `pg ${baseline.perSecond.toFixed(0)}/s p50 ${baseline.p50.toFixed(1)} ms p99 ${baseline.p99.toFixed(1)} ms; ` +
      `server CPU ${cpuPerSubmission.user.toFixed(2)} + ${cpuPerSubmission.system.toFixed(2)} ms (user + kernel) per submission; ` +
      scaled
        .map(({ processes, result }) => `${processes} processes ${result.perSecond.toFixed(0)}/s`)
        .join(', '),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
