import type { Locale, StaffMessageSchema } from './index';
import { useMessages } from './useMessages';
import en from './staff.en.json';
import nb from './staff.nb.json';
import nn from './staff.nn.json';

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const staffMessages: Record<Locale, StaffMessageSchema> = { nb, nn, en };

/**
 * The staff pages' texts (account, tokens, admin, and the form parts other staff pages share). These pages are
 * loaded on demand, and their texts with them, so that the first page (and the participants' survey) does not
 * download them.
 */
export function useStaffMessages(): void {
  useMessages(staffMessages);
}
