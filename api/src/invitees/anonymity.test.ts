import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { createLogger } from '../logger.js';
import { AnonymityMode } from '../rounds/round.entity.js';
import { makeProject, makeUser } from '../test/factories.js';
import { answersOf, CONSULTANT, publishInstrument } from '../test/rounds.js';
import { startTestServer, type TestServer } from '../test/server.js';
import { AnsweredMix, STRICT_INVITATIONS, type InvitationPolicy } from './answered-mix.js';
import { invitedRound, type InvitedRound } from './test/invited-round.js';
import {
  checkOrder,
  checkStructure,
  checkWrites,
  searchColumns,
  snapshot,
  type Finding,
} from './test/links.js';

/**
 * The proof that nothing ties an invitee to a response in an anonymous round (§3.4 and §11 of the invitations plan),
 * and that the search would see a link: with the policy weakened, and in a confidential round, it reports one.
 */

const K = 5;
const SUBMIT =
  'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }';
const SAVE = 'mutation ($input: SaveSurveyDraftInput!) { saveSurveyDraft(input: $input) { resumeToken } }';
const ANSWERS = answersOf({ role: CONSULTANT, hope: 4, clarity: 3 });

interface Outcome {
  findings: Finding[];
  logs: string;
  rounds: InvitedRound[];
}

async function scenario(policy: InvitationPolicy, anonymity = AnonymityMode.ANONYMOUS): Promise<Outcome> {
  const lines: string[] = [];
  const log = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const mix = new AnsweredMix(policy, log);
  const server: TestServer = await startTestServer({ answeredMix: mix, log });
  try {
    const orm = server.db.orm;
    const em = orm.em.fork();
    const project = await makeProject(em, 'Anonymitet');
    const author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
    const instrumentId = await publishInstrument(em, project, author);
    const make = (label: string, count: number) =>
      invitedRound(orm, project, author, instrumentId, { label, count, k: K, anonymity });
    const main = await make('Hoved', 12);
    const forwards = await make('A til E', 5);
    const backwards = await make('E til A', 5);
    const before = await snapshot(orm.em.fork(), [main.roundId]);

    const submit = (token: string, extra: { resumeToken?: string; clientSubmissionId?: string } = {}) =>
      server.graphql<{ submitSurveyResponse: { receiptCode: string } }>(SUBMIT, {
        input: {
          token,
          clientSubmissionId: extra.clientSubmissionId ?? randomUUID(),
          resumeToken: extra.resumeToken,
          answers: ANSWERS,
          language: 'nb',
          consent: false,
        },
      });
    // What the scheduler does every tick on this instance.
    const tick = () => mix.flush(orm.em.fork(), new Date());

    for (const [i, person] of main.people.slice(0, 7).entries()) {
      if (i % 2 === 0) await submit(main.openLink);
      let resumeToken: string | undefined;
      if (i === 1 || i === 3) {
        const saved = await server.graphql<{ saveSurveyDraft: { resumeToken: string } }>(SAVE, {
          input: { token: person.ticket, answers: ANSWERS.slice(0, 2), language: 'nb', consent: false },
        });
        resumeToken = saved.body.data!.saveSurveyDraft.resumeToken;
        await tick();
      }
      const clientSubmissionId = randomUUID();
      // The page makes a draft secret of its own when nothing was saved, so a retry can prove itself.
      if (i === 2) resumeToken = randomUUID();
      const first = await submit(person.ticket, { resumeToken, clientSubmissionId });
      expect(first.body.errors).toBeUndefined();
      if (i === 2) {
        const retry = await submit(person.ticket, { resumeToken, clientSubmissionId });
        expect(retry.body.data!.submitSurveyResponse.receiptCode).toBe(
          first.body.data!.submitSurveyResponse.receiptCode,
        );
      }
      await tick();
      await submit(main.openLink);
    }
    const answerAll = async (round: InvitedRound, order: number[]) => {
      for (const index of order) {
        await submit(round.people[index]!.ticket);
        await tick();
      }
      return { roundId: round.roundId, answeredInOrder: order.map((index) => round.people[index]!.id) };
    };
    const orders = [await answerAll(forwards, [0, 1, 2, 3, 4]), await answerAll(backwards, [4, 3, 2, 1, 0])];

    const check = orm.em.fork();
    const findings = [
      ...(await searchColumns(check, [...main.people, ...forwards.people, ...backwards.people])),
      ...(await checkStructure(check)),
      ...(await checkWrites(check, main.roundId, K, before)),
      ...(await checkOrder(check, orders)),
    ];
    return { findings, logs: lines.join(''), rounds: [main, forwards, backwards] };
  } finally {
    await server.stop();
  }
}

// Each scenario runs a server of its own and searches every table: slow on the embedded database and 2 cores.
describe('an anonymous round with invitations by e-mail', { timeout: 180_000 }, () => {
  it('leaves no link between an invitee and a response: columns, structure, xids, order, dates, logs', async () => {
    const { findings, logs, rounds } = await scenario(STRICT_INVITATIONS);
    expect(findings).toEqual([]);

    // 6. Logs: no ticket, address or invitee id; the flush says how many in which round, nothing more.
    for (const person of rounds.flatMap((round) => round.people)) {
      for (const secret of [person.ticket, person.email, person.id]) expect(logs).not.toContain(secret);
    }
    const flushes = logs
      .split('\n')
      .filter((line) => line.includes('answered invitees marked'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(flushes.map((line) => line.marked)).toEqual([K, K, K]);
    for (const line of flushes) {
      expect(Object.keys(line).sort()).toEqual(['level', 'marked', 'msg', 'round', 'service', 'time']);
    }
  });

  it.each([
    ['marking at submission', { markAt: 'SUBMISSION', mixMinimum: 'ROUND_K' }, ['groups', 'order', 'xids']],
    ['batches of one', { markAt: 'MIX', mixMinimum: 1 }, ['groups', 'order']],
  ] as [string, InvitationPolicy, Finding['check'][]][])(
    'is seen through by the search when weakened: %s',
    async (_name, policy, expected) => {
      const { findings } = await scenario(policy);
      expect([...new Set(findings.map((f) => f.check))].sort()).toEqual(expected);
    },
  );

  it('is told apart from a confidential round, where the search does find the link it makes on purpose', async () => {
    const { findings } = await scenario(STRICT_INVITATIONS, AnonymityMode.CONFIDENTIAL);
    expect(findings.map((f) => f.check)).toContain('xids');
  });
});
