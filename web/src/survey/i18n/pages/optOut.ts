import type { Locale } from '../../../i18n';
import en from '../optOut.en.json';
import nb from '../optOut.nb.json';
import nn from '../optOut.nn.json';

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const optOutMessages: Record<Locale, typeof nb> = { nb, nn, en };
