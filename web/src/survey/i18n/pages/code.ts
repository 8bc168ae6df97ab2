import type { Locale } from '../../../i18n';
import en from '../code.en.json';
import nb from '../code.nb.json';
import nn from '../code.nn.json';

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const codeMessages: Record<Locale, typeof nb> = { nb, nn, en };
