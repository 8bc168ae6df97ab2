import { randomUUID } from 'node:crypto';
import { ProjectRole } from '../accounts/project-role.js';
import type { User } from '../accounts/user.entity.js';
import type { Viewer } from '../auth/viewer.js';
import type { Em, Orm } from '../db/orm.js';
import { RespondentRole, type InstrumentDefinition } from '../instruments/definition.types.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import type { Project } from '../projects/project.entity.js';
import type { AnswerValue } from '../responses/answer.rules.js';
import { SurveyService } from '../responses/survey.service.js';
import { RoundService } from '../rounds/round.service.js';
import { makeProject, makeSession, makeUser } from './factories.js';
import { startTestServer, type GraphQLClient, type TestServer } from './server.js';

/**
 * Rounds and answers for analytics tests, made the way researchers and participants make them (through the
 * services: open a round, submit through its links, close it, withdraw with a receipt), on the sample instrument:
 * the hope score is the answer to hope_1 (hope_2 is "Vet ikke"), role_clarity is role_1 (professionals and consultants).
 */

export const { SERVICE_USER, PROFESSIONAL, CONSULTANT } = RespondentRole;

export function actorOf(user: User): Viewer {
  return { userId: user.id, isAdmin: true, roles: new Map(), via: 'session', credentialId: 'test' };
}

export interface TestRound {
  roundId: string;
  links: Record<string, string>;
}

/** A published sample instrument for a project, once. */
export async function publishInstrument(
  em: Em,
  project: Project,
  author: User,
  definition: InstrumentDefinition = sampleDefinition(),
): Promise<string> {
  const instruments = new InstrumentService(em);
  const instrument = await instruments.create(
    actorOf(author),
    { name: 'Skjema', projectId: project.id },
    definition,
  );
  await instruments.publish(actorOf(author), instrument.id, 1);
  return instrument.id;
}

export async function openRound(
  em: Em,
  project: Project,
  author: User,
  instrumentId: string,
  options: {
    label: string;
    k?: number;
    linkage?: boolean;
    resultsAfterClose?: boolean;
    opensAt?: Date;
    /** Left out: the languages the round's texts are complete in. Offering others takes `draft`. */
    languages?: string[];
    draft?: boolean;
  },
): Promise<TestRound> {
  const rounds = new RoundService(em);
  const round = await rounds.create(actorOf(author), {
    projectId: project.id,
    instrumentId,
    label: options.label,
    opensAt: options.opensAt ?? new Date(Date.now() - 3_600_000),
    information: { nb: 'Informasjon' },
    minGroupSize: options.k,
    linkage: options.linkage ?? true,
    resultsAfterClose: options.resultsAfterClose,
    languages: options.languages,
    draft: options.draft,
  });
  const links = Object.fromEntries((await rounds.openLinks(round.id)).map((l) => [l.role, l.linkToken!]));
  return { roundId: round.id, links };
}

export interface Respondent {
  role: RespondentRole;
  /** hope_1, which is the hope score when hope_2 is "Vet ikke"; null: "Vet ikke" on hope_1 too, so no hope score. */
  hope: number | null;
  /** hope_2 (reverse-scored); "Vet ikke" unless given. */
  hope2?: number;
  /** role_1 (professionals and consultants), the role_clarity score. */
  clarity?: number;
  linkage?: string;
}

export function answersOf(r: Respondent): AnswerValue[] {
  const answers: AnswerValue[] = [
    { item: 'contact', number: 1 },
    r.hope === null ? { item: 'hope_1', notApplicable: true } : { item: 'hope_1', number: r.hope },
    r.hope2 === undefined ? { item: 'hope_2', notApplicable: true } : { item: 'hope_2', number: r.hope2 },
  ];
  if (r.clarity !== undefined && r.role !== SERVICE_USER) answers.push({ item: 'role_1', number: r.clarity });
  return answers;
}

/** Submits each respondent through the round's open link; returns their receipt codes, in order. */
export async function submit(orm: Orm, round: TestRound, respondents: Respondent[]): Promise<string[]> {
  const receipts: string[] = [];
  for (const r of respondents) {
    const receipt = await new SurveyService(orm.em.fork()).submit({
      token: round.links[r.role]!,
      clientSubmissionId: randomUUID(),
      answers: answersOf(r),
      language: 'nb',
      consent: true,
      linkageCode: r.linkage,
    });
    receipts.push(receipt.receiptCode);
  }
  return receipts;
}

export async function closeRound(orm: Orm, author: User, round: TestRound): Promise<void> {
  await new RoundService(orm.em.fork()).close(actorOf(author), round.roundId);
}

export async function reopenRound(orm: Orm, author: User, round: TestRound): Promise<void> {
  await new RoundService(orm.em.fork()).reopen(actorOf(author), round.roundId, null);
}

export async function withdraw(orm: Orm, receipts: string[]): Promise<void> {
  for (const receipt of receipts) await new SurveyService(orm.em.fork()).withdraw(receipt);
}

/** `count` respondents of a role with the given hope scores, cycling through them. */
export function people(
  role: RespondentRole,
  count: number,
  hopes: number[],
  extra: Partial<Respondent> = {},
): Respondent[] {
  return Array.from({ length: count }, (_, i) => ({
    role,
    hope: hopes[i % hopes.length]!,
    clarity: 3,
    ...extra,
  }));
}

export interface AnalyticsWorld {
  server: TestServer;
  project: Project;
  /** A researcher of the project, who publishes the instrument and runs the rounds. */
  author: User;
  instrumentId: string;
  researcher: GraphQLClient;
  manager: GraphQLClient;
}

/** A test server with one project, its researcher and manager signed in, and the sample instrument published. */
export async function startAnalyticsWorld(name: string): Promise<AnalyticsWorld> {
  const server = await startTestServer();
  const em = server.db.orm.em.fork();
  const project = await makeProject(em, name);
  const author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  const researcher = server.client({ session: await makeSession(em, author) });
  const manager = server.client({
    session: await makeSession(em, await makeUser(em, { roles: [[project, ProjectRole.MANAGER]] })),
  });
  return {
    server,
    project,
    author,
    instrumentId: await publishInstrument(em, project, author),
    researcher,
    manager,
  };
}
