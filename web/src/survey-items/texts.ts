import { intlLocaleOf } from '../i18n/intl';
import type { SurveyLanguage, SurveyText } from './types';

/**
 * The few words the renderers add around an instrument's own texts. They follow the participant's language,
 * not the language of the page around them (a researcher previews English while working in bokmål), so they
 * are plain functions rather than the app's vue-i18n messages.
 */
export interface SurveyTexts {
  required: string;
  yes: string;
  no: string;
  npsLow: string;
  npsHigh: string;
  chooseAll: string;
  number: (range: { min?: string; max?: string }) => string;
  textMax: (max: string) => string;
  other: string;
  otherSpecify: string;
}

const nb: SurveyTexts = {
  required: 'Må besvares',
  yes: 'Ja',
  no: 'Nei',
  npsLow: 'Svært lite sannsynlig',
  npsHigh: 'Svært sannsynlig',
  chooseAll: 'Velg alle som passer.',
  number: ({ min, max }) =>
    min !== undefined && max !== undefined
      ? `Skriv et tall fra ${min} til ${max}.`
      : min !== undefined
        ? `Skriv et tall, minst ${min}.`
        : max !== undefined
          ? `Skriv et tall, høyst ${max}.`
          : 'Skriv et tall.',
  textMax: (max) => `Inntil ${max} tegn.`,
  other: 'Annet',
  otherSpecify: 'Skriv hva',
};

const nn: SurveyTexts = {
  required: 'Må svarast på',
  yes: 'Ja',
  no: 'Nei',
  npsLow: 'Svært lite sannsynleg',
  npsHigh: 'Svært sannsynleg',
  chooseAll: 'Vel alle som passar.',
  number: ({ min, max }) =>
    min !== undefined && max !== undefined
      ? `Skriv eit tal frå ${min} til ${max}.`
      : min !== undefined
        ? `Skriv eit tal, minst ${min}.`
        : max !== undefined
          ? `Skriv eit tal, høgst ${max}.`
          : 'Skriv eit tal.',
  textMax: (max) => `Inntil ${max} teikn.`,
  other: 'Anna',
  otherSpecify: 'Skriv kva',
};

const en: SurveyTexts = {
  required: 'Required',
  yes: 'Yes',
  no: 'No',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  chooseAll: 'Choose all that apply.',
  number: ({ min, max }) =>
    min !== undefined && max !== undefined
      ? `Enter a number from ${min} to ${max}.`
      : min !== undefined
        ? `Enter a number of at least ${min}.`
        : max !== undefined
          ? `Enter a number of at most ${max}.`
          : 'Enter a number.',
  textMax: (max) => `Up to ${max} characters.`,
  other: 'Other',
  otherSpecify: 'Please specify',
};

const texts: Record<SurveyLanguage, SurveyTexts> = { nb, nn, en };

export function surveyTexts(language: SurveyLanguage): SurveyTexts {
  return texts[language];
}

export function formatSurveyNumber(value: number, language: SurveyLanguage): string {
  return new Intl.NumberFormat(intlLocaleOf(language), { maximumFractionDigits: 10 }).format(value);
}

/** The text in `language`, else in bokmål: every text has bokmål, translations are optional. */
export function localized(text: SurveyText | null | undefined, language: SurveyLanguage): string {
  if (!text) return '';
  const translated = language === 'nb' ? text.nb : text[language];
  return translated?.trim() ? translated : text.nb;
}

/**
 * The language `localized(text, language)` is in: the one asked for where it is translated, else bokmål. Screen
 * readers pick their voice from `lang`, so a bokmål text shown on an English page is marked as bokmål (WCAG 3.1.2).
 */
export function localizedLanguage(
  text: SurveyText | null | undefined,
  language: SurveyLanguage,
): SurveyLanguage {
  if (!text || language === 'nb') return 'nb';
  return text[language]?.trim() ? language : 'nb';
}

/** Whether a text has anything to show (optional texts such as help may be left empty). */
export function hasText(text: SurveyText | null | undefined): boolean {
  return !!text && [text.nb, text.en, text.nn].some((value) => !!value?.trim());
}
