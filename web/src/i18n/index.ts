import type { Language } from '@verdi/schema/generated';
import { shallowRef } from 'vue';
import { createI18n, type DefineLocaleMessage, type useI18n } from 'vue-i18n';
import en from './en.json';
import type frameNb from './frame.nb.json';
import nb from './nb.json';
import type staffNb from './staff.nb.json';

export const locales = ['nb', 'nn', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'nb';

type MessageSchema = typeof nb;
/** Texts of the staff frame and the pages in it, loaded with the frame: see `frame.ts`. */
export type FrameMessageSchema = typeof frameNb;
/** Texts of the staff pages (account, tokens, admin), loaded with those pages: see `staff.ts`. */
export type StaffMessageSchema = typeof staffNb;
// One type: both have texts under `app`, which an interface could not extend from two types.
type AppMessageSchema = MessageSchema & FrameMessageSchema;

declare module 'vue-i18n' {
  // Lets editors complete `t()` keys from the bokmål messages.
  export interface DefineLocaleMessage extends AppMessageSchema, StaffMessageSchema {}
}

// Typed so that a key missing from the English messages fails the type check. Nynorsk's (`./nn.json`, typed the
// same way) arrive with the survey's nynorsk texts or the staff frame's, so that the first page does not carry them.
const messages: Record<Exclude<Locale, 'nn'>, MessageSchema> = { nb, en };
// vue-i18n expects every message declared above up front; the texts of the staff frame and of lazily loaded
// pages arrive with them and are merged in then (`mergeMessages`, `useMessages`).
const initialMessages = messages as unknown as Record<Locale, DefineLocaleMessage>;

/**
 * Counts the texts merged in after something was translated: vue-i18n translates again when the language changes,
 * not when texts are merged, so what translates outside a page's first render (the document's title) reads this too.
 */
export const mergedTexts = shallowRef(0);

/**
 * A part of the app's texts by language, as its JSON files hold them (compiled to functions by the build). A
 * language left out has none of its own (yet): the survey loads its English texts when they are chosen.
 */
export type Messages = Partial<Record<Locale, object>>;

type MessageTarget = Pick<ReturnType<typeof useI18n>, 'mergeLocaleMessage'>;
const merged = new WeakMap<object, WeakSet<Messages>>();

/**
 * Adds texts to an app's messages, each set once per app; true if any was new. The texts of a feature arrive with
 * its lazily loaded pages, so that the first page, and the participants' survey, never download them.
 */
export function mergeMessages(target: MessageTarget, ...sets: readonly Messages[]): boolean {
  const done = merged.get(target) ?? new WeakSet();
  merged.set(target, done);
  const added = sets.filter((messages) => !done.has(messages));
  for (const messages of added) {
    for (const [locale, texts] of Object.entries(messages)) target.mergeLocaleMessage(locale, texts);
    done.add(messages);
  }
  return added.length > 0;
}

const storageKey = 'verdi.locale';
/** Set in this browser tab once the user picks a language, so signing in does not overrule them. */
const chosenKey = 'verdi.localeChosen';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function localeOf(language: Language): Locale {
  return language.toLowerCase() as Locale;
}

export function languageOf(locale: Locale): Language {
  return locale.toUpperCase() as Language;
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

export function rememberLocaleChosen(chosen: boolean): void {
  try {
    if (chosen) window.sessionStorage.setItem(chosenKey, '1');
    else window.sessionStorage.removeItem(chosenKey);
  } catch {
    // Without storage a sign-in may switch the language back once; no harm done.
  }
}

export function localeChosenThisSession(): boolean {
  try {
    return window.sessionStorage.getItem(chosenKey) === '1';
  } catch {
    return false;
  }
}

export function createAppI18n(locale: Locale = readStoredLocale() ?? defaultLocale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: defaultLocale,
    messages: initialMessages,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;
