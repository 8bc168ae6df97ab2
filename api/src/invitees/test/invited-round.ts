import type { User } from '../../accounts/user.entity.js';
import type { Orm } from '../../db/orm.js';
import type { Project } from '../../projects/project.entity.js';
import { AnonymityMode } from '../../rounds/round.entity.js';
import { RoundService } from '../../rounds/round.service.js';
import { actorOf } from '../../test/rounds.js';
import { Invitee } from '../invitee.entity.js';
import { InviteeService } from '../invitee.service.js';
import { ticketFor } from '../links.js';

export interface InvitedPerson {
  id: string;
  email: string;
  ticket: string;
}

export interface InvitedRound {
  roundId: string;
  /** The consultants' open link of the round. */
  openLink: string;
  /** In the order of the list. */
  people: InvitedPerson[];
}

/**
 * An open round with `count` consultants invited by e-mail and their mail sent (set directly: sending is its own
 * step), made through the services as researchers make it. Addresses are example.org.
 */
export async function invitedRound(
  orm: Orm,
  project: Project,
  author: User,
  instrumentId: string,
  options: { label: string; count: number; anonymity?: AnonymityMode; k?: number; closesAt?: Date },
): Promise<InvitedRound> {
  const em = orm.em.fork();
  const rounds = new RoundService(em);
  const round = await rounds.create(actorOf(author), {
    projectId: project.id,
    instrumentId,
    label: options.label,
    opensAt: new Date(Date.now() - 3_600_000),
    closesAt: options.closesAt,
    information: { nb: 'Informasjon' },
    anonymity: options.anonymity ?? AnonymityMode.ANONYMOUS,
    minGroupSize: options.k,
    consentRequired: false,
  });
  const openLink = (await rounds.openLinks(round.id)).find((l) => l.role === 'CONSULTANT')!.linkToken!;
  const tag = round.id.slice(0, 8);
  const emails = Array.from({ length: options.count }, (_, i) => `person${i + 1}.${tag}@example.org`);
  await new InviteeService(orm.em.fork()).add(actorOf(author), round.id, {
    text: emails.join('\n'),
    defaultRole: 'CONSULTANT' as never,
  });
  await orm.em
    .fork()
    .nativeUpdate(Invitee, { round: round.id }, { state: 'SENT' as never, sentOn: '2026-12-01' });
  const rows = await orm.em.fork().find(Invitee, { round: round.id });
  const byEmail = new Map(rows.map((row) => [row.email, row]));
  return {
    roundId: round.id,
    openLink,
    people: emails.map((email) => {
      const id = byEmail.get(email)!.id;
      return { id, email, ticket: ticketFor(id) };
    }),
  };
}
