import type { Locale } from '../../../i18n';
import en from '../withdraw.en.json';
import nb from '../withdraw.nb.json';
import nn from '../withdraw.nn.json';

// Typed so that a key missing from the nynorsk or English messages fails the type check.
export const withdrawMessages: Record<Locale, typeof nb> = { nb, nn, en };
