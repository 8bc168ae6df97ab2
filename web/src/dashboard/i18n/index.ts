import type { Locale } from '../../i18n';
import { staffMessages } from '../../i18n/staff';
import { useMessages } from '../../i18n/useMessages';
import en from './en.json';
import nb from './nb.json';
import nn from './nn.json';

export type DashboardMessageSchema = typeof nb;

declare module 'vue-i18n' {
  // The dashboard pages' keys complete and type-check like the app's own.
  // An interface, not a type: only interfaces merge with vue-i18n's declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends DashboardMessageSchema {}
}

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const dashboardMessages: Record<Locale, DashboardMessageSchema> = { nb, nn, en };

/**
 * Adds the dashboard pages' texts, with the staff texts their shared form parts use. Called first in each
 * dashboard page's setup.
 */
export function useDashboardMessages(): void {
  useMessages(staffMessages, dashboardMessages);
}
