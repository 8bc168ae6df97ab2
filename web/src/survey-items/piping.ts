import { intlLocaleOf } from '../i18n/intl';
import { formatSurveyNumber, localized, surveyTexts } from './texts';
import {
  otherChoice,
  type Answer,
  type Answers,
  type SurveyItemDefinition,
  type SurveyLanguage,
  type SurveyScale,
} from './types';

/**
 * Piping: `{{item_key}}` or `{{item_key|fallback}}` in a text stands for the participant's answer to that earlier
 * item. The API's `instruments/definition.piping.ts` reads placeholders with the same pattern and refuses to
 * publish any that is malformed or names no earlier page's item.
 */
const placeholder = /\{\{([^{}|]*)(?:\|([^{}]*))?\}\}/g;
/** The longest answer shown inside another text, ellipsis included: a long story would bury the question. */
export const pipedMaxLength = 200;

/** An earlier answer as it is shown in a text, by item key; '' where there is none to show. */
export type PipedAnswers = (key: string) => string;

/** An answer in words on a page in `language`: an option's label, yes or no, a number or a date as written there. */
export function answerText(
  item: SurveyItemDefinition,
  answer: Answer | undefined,
  language: SurveyLanguage,
  scales: readonly SurveyScale[],
): string {
  if (!answer || answer.kind === 'notApplicable') return '';
  const texts = surveyTexts(language);
  let text: string;
  if (answer.kind === 'choices') {
    const labels = answer.value.map((key) =>
      key === otherChoice && item.otherOption
        ? answer.other?.trim() || texts.other
        : localized(item.options?.find((option) => option.key === key)?.label, language) || key,
    );
    text = new Intl.ListFormat(intlLocaleOf(language)).format(labels);
  } else if (answer.kind === 'number') {
    const point = scales
      .find((scale) => scale.key === item.scale)
      ?.points.find((candidate) => candidate.value === answer.value);
    text =
      item.type === 'YES_NO'
        ? answer.value === 1
          ? texts.yes
          : texts.no
        : point && item.type === 'LIKERT'
          ? localized(point.label, language)
          : formatSurveyNumber(answer.value, language);
  } else if (item.type === 'DATE' && /^\d{4}-\d\d-\d\d$/.test(answer.value)) {
    text = new Intl.DateTimeFormat(intlLocaleOf(language), { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${answer.value}T00:00:00Z`),
    );
  } else text = answer.value;
  // One line inside the sentence, cut by characters as a reader counts them (never half an emoji).
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > pipedMaxLength
    ? `${chars
        .slice(0, pipedMaxLength - 1)
        .join('')
        .trimEnd()}…`
    : chars.join('');
}

/** The answers a text may show: those to `items`, the items this participant is shown (hidden ones show nothing). */
export function pipedAnswers(
  items: readonly SurveyItemDefinition[],
  answers: Answers,
  language: SurveyLanguage,
  scales: readonly SurveyScale[],
): PipedAnswers {
  return (key) => {
    const item = items.find((candidate) => candidate.key === key);
    return item ? answerText(item, answers[key], language, scales) : '';
  };
}

/**
 * The text with each placeholder replaced by its answer, else its fallback, else nothing (and the doubled space
 * or the space before a punctuation mark that leaves closed up). Answers are put in as they are, once: one that itself holds `{{…}}` is not read again.
 */
export function pipe(text: string, answers: PipedAnswers | undefined): string {
  if (!answers || !text.includes('{{')) return text;
  let emptied = false;
  const result = text.replace(placeholder, (_, key: string, fallback: string | undefined) => {
    const value = answers(key.trim()) || fallback?.trim() || '';
    emptied ||= value === '';
    return value;
  });
  return emptied
    ? result
        .replace(/[ \t]{2,}/g, ' ')
        .replace(/ ([.,:;!?])/g, '$1')
        .trim()
    : result;
}
