import type { Locale } from '../../../i18n';
import en from '../accessibility.en.json';
import nb from '../accessibility.nb.json';
import nn from '../accessibility.nn.json';

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const accessibilityMessages: Record<Locale, typeof nb> = { nb, nn, en };
