import type { Locale } from '../../i18n';
import { useMessages } from '../../i18n/useMessages';
import en from './en.json';
import nb from './nb.json';
import nn from './nn.json';

export type DesignerMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The designer's keys complete and type-check like the app's own.
  export interface DefineLocaleMessage {
    designer: DesignerMessageSchema['designer'];
  }
}

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const designerMessages: Record<Locale, DesignerMessageSchema> = { nb, nn, en };

/**
 * Adds the designer's texts. They arrive with the designer's lazily loaded pages, so the rest of the app (and the
 * participants' survey) never downloads them. Called first in each designer page's setup.
 */
export function useDesignerMessages(): void {
  useMessages(designerMessages);
}
