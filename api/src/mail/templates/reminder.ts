import { renderInvitationLike, type InvitationMailInput } from './invitation.js';
import type { RenderedMail } from './layout.js';

/** A reminder carries the same personal link as the invitation, and thanks those who have answered already. */
export function renderReminder(input: InvitationMailInput): RenderedMail {
  return renderInvitationLike('reminder', input);
}
