import { createI18n } from 'vue-i18n';
import en from './en.json';
import nb from './nb.json';

export const locales = ['nb', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'nb';

type MessageSchema = typeof nb;

declare module 'vue-i18n' {
  // Lets editors complete `t()` keys from the bokmål messages.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}

// Typed so that a key missing from the English messages fails the type check.
const messages: Record<Locale, MessageSchema> = { nb, en };

const storageKey = 'verdi.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function readStoredLocale(): Locale | null {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return isLocale(stored) ? stored : null;
  } catch {
    // Storage can be disabled (private mode, strict settings); the default language still works.
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // Remembering the choice is a convenience; failing to is not an error worth showing.
  }
}

export function createAppI18n(locale: Locale = readStoredLocale() ?? defaultLocale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: defaultLocale,
    messages,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;
