import type { Operation } from '@urql/vue';
import type { InviteeState, RespondentRole, RoundInvitationsFieldsFragment } from '@verdi/schema/generated';
import { dataResult, errorResult, operationName, type MockReply, type Responder } from '../../test/urql';

type Invitations = RoundInvitationsFieldsFragment;
type Invitee = Invitations['invitees'][number];

/** One invited address as the API lists it; example.org only. */
export function invitee(
  email: string,
  state: InviteeState = 'SENT',
  fields: Partial<Invitee> = {},
): Invitee & { __typename: 'Invitee' } {
  return {
    __typename: 'Invitee',
    id: `id-${email}`,
    email,
    role: 'PROFESSIONAL' as RespondentRole,
    language: 'nb',
    state,
    sentOn: state === 'SENT' ? '2026-03-02' : null,
    remindersSent: 0,
    optedOut: false,
    answered: null,
    lastError: null,
    ...fields,
  };
}

/** A round's invitations as the API gives them: an anonymous round with five addresses, three of them mailed. */
export function invitations(
  fields: Partial<Invitations> = {},
): Invitations & { __typename: 'RoundInvitations' } {
  return {
    __typename: 'RoundInvitations',
    roundId: 'w1',
    anonymity: 'ANONYMOUS',
    counts: {
      __typename: 'InvitationCounts',
      invited: 5,
      notSent: 2,
      queued: 0,
      sent: 3,
      bounced: 0,
      failed: 0,
      optedOut: 1,
      answered: 0,
      reminders: 2,
      responseRate: 0,
    } as Invitations['counts'],
    invitees: [
      invitee('a@example.org', 'SENT', { remindersSent: 1 }),
      invitee('b@example.org', 'SENT', { optedOut: true, remindersSent: 1 }),
      invitee('c@example.org', 'SENT'),
      invitee('d@example.org', 'NEW'),
      invitee('e@example.org', 'NEW', { role: 'SERVICE_USER', language: 'en' }),
    ],
    settings: {
      __typename: 'InvitationSettings',
      message: null,
      replyTo: null,
      reminderDays: [7, 14],
      graceDays: 30,
    } as Invitations['settings'],
    invitationsSentOn: '2026-03-02',
    mailError: null,
    addressesDeletedOn: null,
    ...fields,
  };
}

export interface InvitationsApiState {
  invitations: ReturnType<typeof invitations>;
  mail: { configured: boolean; from: string | null };
}

type Handlers = Partial<Record<string, (operation: Operation) => MockReply>>;

/** The researchers' side of the invitations API: the list, the mail setup, and replies that follow the state. */
export function invitationsApi(state: InvitationsApiState, handlers: Handlers = {}): Responder {
  return (operation) => {
    const name = operationName(operation) ?? '';
    const handler = handlers[name];
    if (handler) return handler(operation);
    switch (name) {
      case 'RoundInvitations':
        return dataResult(operation, { roundInvitations: state.invitations });
      case 'MailSetup':
        return dataResult(operation, { mailSetup: { __typename: 'MailSetup', ...state.mail } });
      case 'RemoveInvitees': {
        const ids = (operation.variables as { ids: string[] }).ids;
        const before = state.invitations.invitees.length;
        state.invitations = {
          ...state.invitations,
          invitees: state.invitations.invitees.filter((i) => !ids.includes(i.id)),
        };
        return dataResult(operation, { removeInvitees: before - state.invitations.invitees.length });
      }
      default:
        throw new Error(`The invitations API does not know the operation ${name}`);
    }
  };
}

/** A refusal as the API words it, with its `extensions`. */
export function refusal(operation: Operation, code: string, extensions: Record<string, unknown> = {}) {
  return errorResult(operation, [{ message: `refused: ${code}`, extensions: { ...extensions, code } }]);
}
