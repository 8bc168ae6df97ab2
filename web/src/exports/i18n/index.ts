import type { Locale } from '../../i18n';
import { useMessages } from '../../i18n/useMessages';
import en from './en.json';
import nb from './nb.json';
import nn from './nn.json';

export type ExportsMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The export page's keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends ExportsMessageSchema {}
}

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const exportsMessages: Record<Locale, ExportsMessageSchema> = { nb, nn, en };

/** Adds the export page's texts. Called first in its setup. */
export function useExportsMessages(): void {
  useMessages(exportsMessages);
}
