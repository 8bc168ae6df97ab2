import { createHmac } from 'node:crypto';
import { hashSecret } from '../accounts/secrets.js';
import { pseudonymKey } from '../privacy/pseudonym-key.js';

/**
 * An invitee's personal link and opt-out token, derived from the invitee's id with a key of their own (itself derived
 * from the pseudonym key), so that no secret is kept at rest and every mail to one person carries the same link. A
 * new pseudonym key makes every earlier link stop working. `.` is not a base64url character, so the prefixes can
 * never collide with an open link's token or a code.
 */

export const TICKET_PREFIX = 'inv.';
export const OPT_OUT_PREFIX = 'out.';

function subkey(key: Buffer): Buffer {
  return createHmac('sha256', key).update('verdi invitee links').digest();
}

function derive(purpose: string, inviteeId: string, key: Buffer): string {
  return createHmac('sha256', subkey(key)).update(`${purpose}:${inviteeId}`).digest('base64url');
}

/** The invitee's personal survey ticket (`inv.…`), which the mail links to as `<public url>/i/<ticket>`. */
export function ticketFor(inviteeId: string, key: Buffer = pseudonymKey()): string {
  return TICKET_PREFIX + derive('ticket', inviteeId, key);
}

/** The invitee's opt-out token (`out.…`), for `/u/<token>` and `POST /mail/opt-out/<token>`. */
export function optOutTokenFor(inviteeId: string, key: Buffer = pseudonymKey()): string {
  return OPT_OUT_PREFIX + derive('opt-out', inviteeId, key);
}

/** The paths a mail links to; prefix them with the server's public address. */
export function inviteeLinksFor(
  inviteeId: string,
  key: Buffer = pseudonymKey(),
): { survey: string; optOutPage: string; optOutPost: string } {
  const optOut = optOutTokenFor(inviteeId, key);
  return {
    survey: `/i/${ticketFor(inviteeId, key)}`,
    optOutPage: `/u/${optOut}`,
    optOutPost: `/mail/opt-out/${optOut}`,
  };
}

/** What `invitees.ticket_hash` holds for a ticket. */
export function ticketHashOf(ticket: string): string {
  return hashSecret(`invitee:${ticket.trim()}`);
}

/** What `invitees.opt_out_hash` holds for an opt-out token. */
export function optOutHashOf(token: string): string {
  return hashSecret(`opt-out:${token.trim()}`);
}

export function looksLikeTicket(token: string): boolean {
  return token.trim().startsWith(TICKET_PREFIX);
}
