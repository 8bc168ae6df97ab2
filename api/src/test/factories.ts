import { randomUUID } from 'node:crypto';
import type { Em, Orm } from '../db/orm.js';
import { Membership, ProjectRole } from '../accounts/membership.entity.js';
import { hashPassword } from '../accounts/password.js';
import { hashSecret, newSecret } from '../accounts/secrets.js';
import { Session } from '../accounts/session.entity.js';
import { User } from '../accounts/user.entity.js';
import { Project } from '../projects/project.entity.js';
import type { Viewer } from '../auth/viewer.js';
import type { SignedIn } from '../accounts/auth.service.js';
import type { SignInOutcome } from '../two-factor/two-factor.service.js';
import { RespondentRole, type InstrumentDefinition } from '../instruments/definition.types.js';
import { InstrumentService } from '../instruments/instrument.service.js';
import { sampleDefinition } from '../instruments/test/sample-definition.js';
import { SurveyService } from '../responses/survey.service.js';
import { RoundService } from '../rounds/round.service.js';
import { Round } from '../rounds/round.entity.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function makeProject(em: Em, name = `Prosjekt ${randomUUID().slice(0, 8)}`): Promise<Project> {
  const project = em.create(Project, {
    name,
    slug: `p-${randomUUID().slice(0, 12)}`,
    organisation: 'Testkommune',
  });
  await em.flush();
  return project;
}

/** A staff account with the shared test password and the given project roles. */
export async function makeUser(
  em: Em,
  options: { isAdmin?: boolean; active?: boolean; roles?: [Project, ProjectRole][]; email?: string } = {},
): Promise<User & { email: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = randomUUID();
  const user = em.create(User, {
    id,
    email: options.email ?? `user-${id.slice(0, 8)}@example.test`,
    name: `Testbruker ${id.slice(0, 4)}`,
    passwordHash: await passwordHash,
    isAdmin: options.isAdmin ?? false,
    active: options.active ?? true,
  });
  for (const [project, role] of options.roles ?? []) em.create(Membership, { user, project, role });
  await em.flush();
  return user as User & { email: string };
}

/** A session straight in the database, as signing in would make it, without spending argon2 time. */
export async function makeSession(
  em: Em,
  user: User,
  expiresAt = new Date(Date.now() + 3_600_000),
): Promise<string> {
  const token = newSecret();
  em.create(Session, { tokenHash: hashSecret(token), user, expiresAt });
  await em.flush();
  return token;
}

/** The session a sign-in opened; fails the test when the sign-in waits for a second factor instead. */
export function opened(outcome: SignInOutcome): SignedIn {
  if (outcome.secondFactorRequired)
    throw new Error('The sign-in asked for a second factor; no session was opened');
  return outcome;
}

/** An admin user as the actor of what a factory makes through the services. */
export function adminActor(user: User): Viewer {
  return { userId: user.id, isAdmin: true, roles: new Map(), via: 'session', credentialId: 'test' };
}

export interface OpenRound {
  instrumentId: string;
  roundId: string;
  /** Open link token per respondent role. */
  links: Record<string, string>;
}

/**
 * A published instrument (the sample one unless given) and an open round of it in the project, made through the
 * services the way a researcher would, with open links for every role asked.
 */
export async function makeOpenRound(
  em: Em,
  project: Project,
  author: User,
  options: {
    definition?: InstrumentDefinition;
    label?: string;
    /** Languages to offer whether or not the instrument is complete in them (a test's shortcut past the rule). */
    languages?: ('nb' | 'nn' | 'en')[];
  } = {},
): Promise<OpenRound> {
  const actor = adminActor(author);
  const instruments = new InstrumentService(em);
  const instrument = await instruments.create(
    actor,
    { name: 'Skjema', projectId: project.id },
    options.definition ?? sampleDefinition(),
  );
  await instruments.publish(actor, instrument.id, 1);
  const rounds = new RoundService(em);
  const round = await rounds.create(actor, {
    projectId: project.id,
    instrumentId: instrument.id,
    label: options.label ?? 'Runde',
    opensAt: new Date(Date.now() - 60_000),
    // In every language, so that the round offers each one its instrument is complete in.
    information: {
      nb: 'Informasjon om undersøkelsen',
      nn: 'Informasjon om undersøkinga',
      en: 'About the survey',
    },
    draft: !!options.languages,
    languages: options.languages,
  });
  if (options.languages) await em.nativeUpdate(Round, { id: round.id }, { draft: false });
  const links = Object.fromEntries(
    (await rounds.openLinks(round.id)).map((link) => [link.role, link.linkToken!]),
  );
  return { instrumentId: instrument.id, roundId: round.id, links };
}

/**
 * Activity in a round made with `makeOpenRound` on the sample instrument: two submitted consultants (one through a
 * code), one saved draft, and three codes made — counts of 2 submitted, 1 in progress, 3 codes, 1 used.
 */
export async function makeRoundActivity(orm: Orm, round: OpenRound, author: User): Promise<void> {
  const answers = [
    { item: 'contact', number: 1 },
    { item: 'hope_1', number: 4 },
  ];
  const actor = adminActor(author);
  const { codes } = await new RoundService(orm.em.fork()).createCodes(actor, {
    roundId: round.roundId,
    role: RespondentRole.CONSULTANT,
    count: 3,
  });
  for (const token of [round.links.CONSULTANT!, codes[0]!]) {
    await new SurveyService(orm.em.fork()).submit({
      token,
      clientSubmissionId: randomUUID(),
      answers,
      language: 'nb',
      consent: true,
    });
  }
  await new SurveyService(orm.em.fork()).saveDraft({
    token: round.links.CONSULTANT!,
    answers,
    language: 'nb',
    consent: true,
  });
}
