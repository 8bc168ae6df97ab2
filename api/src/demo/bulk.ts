import { randomUUID } from 'node:crypto';
import type { Em } from '../db/orm.js';
import type { InstrumentDefinition, RespondentRole } from '../instruments/definition.types.js';
import { Answer } from '../responses/answer.entity.js';
import { checkAnswers, type AnswerValue } from '../responses/answer.rules.js';
import { ConstructScore } from '../responses/construct-score.entity.js';
import { Response, ResponseStatus } from '../responses/response.entity.js';
import { scoreConstructs } from '../responses/scoring.js';

export interface SyntheticSubmission {
  answers: AnswerValue[];
  submittedOn: string;
  linkageHash?: string | null;
}

const CHUNK = 2000;

async function insertInChunks<T extends object>(
  em: Em,
  entity: new () => T,
  rows: Record<string, unknown>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await em.insertMany(entity, rows.slice(start, start + CHUNK) as never[]);
  }
}

/**
 * Stores submitted responses the way a submission would — every answer checked against its item, construct scores
 * computed by the same code — but with multi-row INSERTs, so that demo and benchmark data load in seconds.
 */
export async function insertSubmissions(
  em: Em,
  roundId: string,
  definition: InstrumentDefinition,
  role: RespondentRole,
  submissions: SyntheticSubmission[],
): Promise<number> {
  const responses: Record<string, unknown>[] = [];
  const answers: Record<string, unknown>[] = [];
  const scores: Record<string, unknown>[] = [];
  for (const submission of submissions) {
    const checked = checkAnswers(definition, role, submission.answers, { complete: true });
    const problems = Object.values(checked.errors);
    if (problems.length > 0)
      throw new Error(`Synthetic answers break the instrument's rules: ${problems.join('; ')}`);
    const id = randomUUID();
    responses.push({
      id,
      round: roundId,
      role,
      status: ResponseStatus.SUBMITTED,
      language: 'nb',
      consentGiven: true,
      linkageHash: submission.linkageHash ?? null,
      startedOn: submission.submittedOn,
      updatedOn: submission.submittedOn,
      submittedOn: submission.submittedOn,
      submissionKey: `synthetic:${id}`,
    });
    for (const answer of checked.answers) answers.push({ response: id, ...answer });
    for (const score of scoreConstructs(definition, role, checked.answers))
      scores.push({ response: id, ...score });
  }
  await insertInChunks(em, Response, responses);
  await insertInChunks(em, Answer, answers);
  await insertInChunks(em, ConstructScore, scores);
  return answers.length;
}
