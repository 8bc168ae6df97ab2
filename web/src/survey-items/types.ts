import type { ItemType, RespondentRole, ShowIfOperator } from '@verdi/schema/generated';

/**
 * What the participant-facing renderers need of an instrument. Structural, so that a published version from the
 * API, a draft being edited and (later) the participant's survey can all be rendered without converting.
 */

/** The languages a questionnaire can be answered in. */
export const surveyLanguages = ['nb', 'nn', 'en'] as const;
export type SurveyLanguage = (typeof surveyLanguages)[number];

/** A text in bokmål (required), English and nynorsk; a blank translation counts as missing. */
export interface SurveyText {
  nb: string;
  en?: string | null;
  nn?: string | null;
}

export interface SurveyScalePoint {
  value: number;
  label: SurveyText;
}

export interface SurveyScale {
  key: string;
  points: readonly SurveyScalePoint[];
  /** The "Vet ikke / ikke aktuelt" answer; null or absent when the scale does not offer it. */
  notApplicable?: SurveyText | null;
}

export interface SurveyOption {
  key: string;
  label: SurveyText;
}

export interface SurveyShowIf {
  item: string;
  op: ShowIfOperator;
  values: readonly string[];
}

export interface SurveyItemDefinition {
  key: string;
  type: ItemType;
  roles: readonly RespondentRole[];
  prompt: SurveyText;
  promptByRole?: readonly { role: RespondentRole; text: SurveyText; easyRead?: SurveyText | null }[] | null;
  /** The prompt in easy-read language; a role with its own wording has only that wording's easy-read text. */
  easyRead?: SurveyText | null;
  help?: SurveyText | null;
  required: boolean;
  scale?: string | null;
  options?: readonly SurveyOption[] | null;
  /** Choice items: "other, specify" after the options, stored as the choice `other` with its text. */
  otherOption?: boolean | null;
  min?: number | null;
  max?: number | null;
  /** Slider: the distance between two values (1 when absent), and the labels of its ends. */
  step?: number | null;
  minLabel?: SurveyText | null;
  maxLabel?: SurveyText | null;
  /** Date: the earliest and latest day accepted, YYYY-MM-DD. */
  earliest?: string | null;
  latest?: string | null;
  maxLength?: number | null;
  showIf?: SurveyShowIf | null;
}

export interface SurveySection {
  key: string;
  title: SurveyText;
  items: readonly SurveyItemDefinition[];
  /** Show the items as one Likert grid (they are Likert items on one scale). */
  grid?: boolean | null;
}

/**
 * One item's answer: a number (Likert point, number, yes = 1 / no = 0, NPS), a text, the chosen option keys
 * (single choice: one key), or "Vet ikke / ikke aktuelt".
 */
export type Answer =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  /** `other`: what the participant wrote for "other, specify" (kept while "other" is chosen). */
  | { kind: 'choices'; value: readonly string[]; other?: string }
  | { kind: 'notApplicable' };

/** Answers so far, by item key. */
export type Answers = Readonly<Record<string, Answer | undefined>>;

/** The choice "other, specify" is stored as, and the longest text it takes (the API's OTHER_CHOICE, OTHER_TEXT_MAX_LENGTH). */
export const otherChoice = 'other';
export const otherTextMaxLength = 500;

/** The longest text answer when an item sets none (the API's default). */
export const defaultTextMaxLength = 2000;
