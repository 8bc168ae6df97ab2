import type { Locale } from '../../i18n';
import { staffMessages } from '../../i18n/staff';
import { useMessages } from '../../i18n/useMessages';
import en from './en.json';
import nb from './nb.json';
import nn from './nn.json';

export type RoundsMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The rounds pages' keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends RoundsMessageSchema {}
}

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const roundsMessages: Record<Locale, RoundsMessageSchema> = { nb, nn, en };

/**
 * Adds the rounds pages' texts, with the staff texts their shared form parts use. Called first in each
 * rounds page's setup.
 */
export function useRoundsMessages(): void {
  useMessages(staffMessages, roundsMessages);
}
