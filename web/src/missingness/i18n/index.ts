import type { Locale } from '../../i18n';
import { staffMessages } from '../../i18n/staff';
import { useMessages } from '../../i18n/useMessages';
import en from './en.json';
import nb from './nb.json';
import nn from './nn.json';

export type MissingnessMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MissingnessMessageSchema {}
}

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const missingnessMessages: Record<Locale, MissingnessMessageSchema> = { nb, nn, en };

/** Adds the missingness page's texts, with the staff texts. Called first in the page's setup. */
export function useMissingnessMessages(): void {
  useMessages(staffMessages, missingnessMessages);
}
