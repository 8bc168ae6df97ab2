import type { Locale } from '../../../i18n';
import en from '../withdraw.en.json';
import nb from '../withdraw.nb.json';

// Typed so that a key missing from the English messages fails the type check.
export const withdrawMessages: Record<Locale, typeof nb> = { nb, en };
