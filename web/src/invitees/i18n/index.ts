import type { Locale } from '../../i18n';
import { staffMessages } from '../../i18n/staff';
import { useMessages } from '../../i18n/useMessages';
import en from './en.json';
import nb from './nb.json';
import nn from './nn.json';

export type InvitationsMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The invitations section's keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends InvitationsMessageSchema {}
}

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const invitationsMessages: Record<Locale, InvitationsMessageSchema> = { nb, nn, en };

/**
 * Adds the invitations section's texts, with the staff texts its shared form parts use. Called first in the
 * panel's setup (the round page's section).
 */
export function useInvitationsMessages(): void {
  useMessages(staffMessages, invitationsMessages);
}
