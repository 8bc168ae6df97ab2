import type { Locale } from '../../../i18n';
import en from '../accessibility.en.json';
import nb from '../accessibility.nb.json';

// Typed so that a key missing from the English messages fails the type check.
export const accessibilityMessages: Record<Locale, typeof nb> = { nb, en };
