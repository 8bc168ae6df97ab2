import { randomUUID } from 'node:crypto';
import { ProjectRole } from '../../accounts/project-role.js';
import type { User } from '../../accounts/user.entity.js';
import type { Em } from '../../db/orm.js';
import type { Project } from '../../projects/project.entity.js';
import { AnonymityMode, Round } from '../../rounds/round.entity.js';
import { RoundService } from '../../rounds/round.service.js';
import { ManualClock } from '../../scheduler/clock.js';
import { makeProject, makeSession, makeUser } from '../../test/factories.js';
import { actorOf, answersOf, CONSULTANT, publishInstrument } from '../../test/rounds.js';
import { startTestServer, type GraphQLClient, type TestServer } from '../../test/server.js';
import type { ReceivedMail, TestSmtpServer } from '../../test/smtp.js';
import type { AnsweredMix } from '../answered-mix.js';
import { Invitee } from '../invitee.entity.js';
import { InviteeService } from '../invitee.service.js';
import { norwegianHour } from '../invitation-mail.js';
import { optOutTokenFor, ticketFor } from '../links.js';

export const PUBLIC_URL = 'https://verdi.example.org';
export const FROM = 'Verdi <verdi@example.org>';
const DAY = 86_400_000;

/** `hour`:00 in Norway on the day of `moment`, as a UTC moment (whichever offset Norway has that day). */
export function norwegianTime(moment: Date, hour: number): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(moment);
  for (const offset of [1, 2]) {
    const candidate = new Date(`${day}T${String(hour - offset).padStart(2, '0')}:00:00Z`);
    if (norwegianHour(candidate) === hour) return candidate;
  }
  throw new Error(`no ${hour}:00 in Norway on ${day}`);
}

/** Today 10:00 in Norway: near the real time, so that the survey (which checks the real time) is open too. */
export function morning(): Date {
  return norwegianTime(new Date(), 10);
}

export function daysAfter(start: Date, days: number, hour = 10): Date {
  return norwegianTime(new Date(start.getTime() + days * DAY), hour);
}

export interface MailWorld {
  server: TestServer;
  clock: ManualClock;
  project: Project;
  researcher: User;
  instrumentId: string;
  /** The researcher's GraphQL client. */
  staff: GraphQLClient;
}

export async function mailWorld(options: {
  smtp?: TestSmtpServer;
  smtpUrl?: string;
  answeredMix?: AnsweredMix;
  start?: Date;
}): Promise<MailWorld> {
  const clock = new ManualClock(options.start ?? morning());
  const smtpUrl = options.smtpUrl ?? options.smtp?.url;
  const server = await startTestServer({
    clock,
    ...(smtpUrl ? { mail: { smtpUrl, from: FROM }, publicUrl: PUBLIC_URL } : {}),
    answeredMix: options.answeredMix,
  });
  const em = server.db.orm.em.fork();
  const project = await makeProject(em, 'Invitasjoner');
  const researcher = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
  const instrumentId = await publishInstrument(em, project, researcher);
  const staff = server.client({ session: await makeSession(em, researcher) });
  return { server, clock, project, researcher, instrumentId, staff };
}

export interface MailPerson {
  id: string;
  email: string;
  ticket: string;
  optOut: string;
}

export interface MailRound {
  roundId: string;
  people: MailPerson[];
}

/** A round with invitees (NEW, not mailed), made through the services; the addresses are example.org. */
export async function mailRound(
  world: MailWorld,
  options: {
    label: string;
    count?: number;
    emails?: string[];
    anonymity?: AnonymityMode;
    k?: number;
    opensAt?: Date;
    closesAt?: Date;
    draft?: boolean;
    languages?: string[];
  },
): Promise<MailRound> {
  const orm = world.server.db.orm;
  const now = world.clock.now();
  const round = await new RoundService(orm.em.fork()).create(actorOf(world.researcher), {
    projectId: world.project.id,
    instrumentId: world.instrumentId,
    label: options.label,
    opensAt: options.opensAt ?? new Date(Math.min(now.getTime(), Date.now()) - 3_600_000),
    closesAt: options.closesAt ?? new Date(Math.max(now.getTime(), Date.now()) + 60 * DAY),
    information: { nb: 'Informasjon' },
    anonymity: options.anonymity ?? AnonymityMode.CONFIDENTIAL,
    minGroupSize: options.k,
    consentRequired: false,
    // Invitees are mailed in languages the round offers; these tests are not about whether every text is
    // translated, so a round offering more is made in preparation and opened below without that check.
    draft: options.draft || !!options.languages,
    languages: options.languages ? [...new Set(options.languages)] : undefined,
  });
  const tag = round.id.slice(0, 6);
  const emails =
    options.emails ??
    Array.from({ length: options.count ?? 5 }, (_, i) => `person${i + 1}.${tag}@example.org`);
  const lines = emails.map((email, i) =>
    options.languages?.[i] ? `${email},CONSULTANT,${options.languages[i]}` : email,
  );
  await addInvitees(orm.em.fork(), world, round.id, lines);
  if (options.languages && !options.draft)
    await orm.em.fork().nativeUpdate(Round, { id: round.id }, { draft: false });
  return { roundId: round.id, people: await peopleOf(orm.em.fork(), round.id, emails) };
}

export async function addInvitees(em: Em, world: MailWorld, roundId: string, lines: string[]): Promise<void> {
  await new InviteeService(em).add(actorOf(world.researcher), roundId, {
    text: lines.join('\n'),
    defaultRole: CONSULTANT,
  });
}

export async function peopleOf(em: Em, roundId: string, emails: string[]): Promise<MailPerson[]> {
  const rows = await em.find(Invitee, { round: roundId });
  const byEmail = new Map(rows.map((row) => [row.email, row]));
  return emails.map((email) => {
    const id = byEmail.get(email)!.id;
    return { id, email, ticket: ticketFor(id), optOut: optOutTokenFor(id) };
  });
}

export const SEND = `mutation ($id: UUID!) { sendInvitations(roundId: $id) {
  counts { invited notSent queued sent bounced failed optedOut answered reminders responseRate }
  invitationsSentOn mailError } }`;
export const REMIND = `mutation ($id: UUID!) { sendRemindersNow(roundId: $id) {
  counts { sent answered reminders optedOut } } }`;
export const OPT_OUT = 'mutation ($token: String!) { optOutOfReminders(token: $token) }';
const SUBMIT =
  'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }';

/** A participant answers through their personal link, as the survey page does. */
export async function answer(world: MailWorld, ticket: string): Promise<void> {
  const result = await world.server.client().graphql(SUBMIT, {
    input: {
      token: ticket,
      clientSubmissionId: randomUUID(),
      answers: answersOf({ role: CONSULTANT, hope: 4, clarity: 3 }),
      language: 'nb',
      consent: false,
    },
  });
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors));
}

/** How many mails each address got (by the envelope's RCPT TO). */
export function envelopesPerAddress(mails: readonly ReceivedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of mails) {
    for (const rcpt of mail.rcpt) counts.set(rcpt.toLowerCase(), (counts.get(rcpt.toLowerCase()) ?? 0) + 1);
  }
  return counts;
}

export async function statesOf(em: Em, roundId: string): Promise<Record<string, string>> {
  const rows = await em.find(Invitee, { round: roundId });
  return Object.fromEntries(rows.map((row) => [row.email, row.state]));
}
