import type { SurveyAnswerInput, SurveyQuery } from '@verdi/schema/generated';
import {
  defaultTextMaxLength,
  otherChoice,
  otherTextMaxLength,
  type Answer,
  type Answers,
} from '../../survey-items/types';

export type SurveyData = SurveyQuery['survey'];
export type SurveyItemData = SurveyData['sections'][number]['items'][number];

/** What is wrong with one answer, found on this device or said by the server. */
export type ItemProblem =
  | { kind: 'required' }
  | { kind: 'min'; min: number }
  | { kind: 'max'; max: number }
  | { kind: 'tooLong'; max: number }
  /** Not a day that exists, or outside the item's earliest and latest day (which its hint names). */
  | { kind: 'date' }
  /** "Other" chosen with nothing written (a text too long is `tooLong`). */
  | { kind: 'otherText' }
  /** The server refused the answer for a reason the page cannot say better than "not accepted". */
  | { kind: 'invalid' };

export function toAnswerInput(item: string, answer: Answer): SurveyAnswerInput {
  switch (answer.kind) {
    case 'number':
      return { item, number: answer.value };
    case 'text':
      return { item, text: answer.value };
    case 'choices':
      // The "other, specify" text goes with "other" only; the server refuses it alone.
      return answer.value.includes(otherChoice) && answer.other !== undefined
        ? { item, choices: [...answer.value], text: answer.other }
        : { item, choices: [...answer.value] };
    case 'notApplicable':
      return { item, notApplicable: true };
  }
}

export function fromSavedAnswer(saved: SurveyData['savedAnswers'][number]): Answer | undefined {
  if (saved.notApplicable) return { kind: 'notApplicable' };
  if (saved.choices) {
    if (saved.choices.length === 0) return undefined;
    return saved.text != null
      ? { kind: 'choices', value: saved.choices, other: saved.text }
      : { kind: 'choices', value: saved.choices };
  }
  if (saved.text !== null && saved.text !== undefined) return { kind: 'text', value: saved.text };
  if (saved.number !== null && saved.number !== undefined) return { kind: 'number', value: saved.number };
  return undefined;
}

/** Whether an answer counts as given; the server trims text, so blank text is no answer. */
export function isAnswered(answer: Answer | undefined): answer is Answer {
  if (!answer) return false;
  if (answer.kind === 'text') return answer.value.trim() !== '';
  if (answer.kind === 'choices') return answer.value.length > 0;
  return true;
}

/**
 * The server's checks of one answer, made before sending (api/src/responses/answer.rules.ts): numbers within the
 * item's bounds, text within its length, and with `complete` (submitting) an answer to every required item.
 */
export function checkAnswer(
  item: Pick<SurveyItemData, 'type' | 'required' | 'min' | 'max' | 'maxLength'> &
    Partial<Pick<SurveyItemData, 'earliest' | 'latest' | 'otherOption'>>,
  answer: Answer | undefined,
  complete: boolean,
): ItemProblem | null {
  if (!isAnswered(answer)) return complete && item.required ? { kind: 'required' } : null;
  if ((item.type === 'NUMBER' || item.type === 'SLIDER') && answer.kind === 'number') {
    if (item.min !== null && item.min !== undefined && answer.value < item.min)
      return { kind: 'min', min: item.min };
    if (item.max !== null && item.max !== undefined && answer.value > item.max)
      return { kind: 'max', max: item.max };
  }
  if (item.type === 'DATE' && answer.kind === 'text') {
    const day = answer.value.trim();
    // The browser's date field gives a day that exists or nothing; its bounds it only marks.
    if ((item.earliest && day < item.earliest) || (item.latest && day > item.latest)) return { kind: 'date' };
  }
  if (item.otherOption && answer.kind === 'choices' && answer.value.includes(otherChoice)) {
    const other = answer.other?.trim() ?? '';
    if (other === '') return { kind: 'otherText' };
    if ([...other].length > otherTextMaxLength) return { kind: 'tooLong', max: otherTextMaxLength };
  }
  if (item.type === 'TEXT' && answer.kind === 'text') {
    const max = item.maxLength ?? defaultTextMaxLength;
    if (answer.value.trim().length > max) return { kind: 'tooLong', max };
  }
  return null;
}

/**
 * Reads the server's sentence about an item ("Item q3 must be at most 10") into a problem the page can say in the
 * participant's language. The server's English sentence itself is never shown to participants.
 */
export function problemFromServer(message: string): ItemProblem {
  if (/needs an answer/.test(message)) return { kind: 'required' };
  // Sliders, dates and "other" texts are checked here before they are sent (checkAnswer); a refusal of one is
  // "not accepted".
  const tooLong = /must be at most (-?[\d.]+) characters/.exec(message);
  if (tooLong) return { kind: 'tooLong', max: Number(tooLong[1]) };
  const min = /must be at least (-?[\d.]+)/.exec(message);
  if (min) return { kind: 'min', min: Number(min[1]) };
  const max = /must be at most (-?[\d.]+)/.exec(message);
  if (max) return { kind: 'max', max: Number(max[1]) };
  return { kind: 'invalid' };
}

export function sameAnswer(a: Answer | undefined, b: Answer | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Answers as saved on this device: only well-formed values, so a tampered or old entry cannot break the page. */
export function readAnswers(value: unknown): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  if (typeof value !== 'object' || value === null) return answers;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { kind, value: v } = raw as { kind?: unknown; value?: unknown };
    if (kind === 'number' && typeof v === 'number' && Number.isFinite(v)) answers[key] = { kind, value: v };
    else if (kind === 'text' && typeof v === 'string') answers[key] = { kind, value: v };
    else if (kind === 'choices' && Array.isArray(v) && v.every((c) => typeof c === 'string')) {
      const other = (raw as { other?: unknown }).other;
      answers[key] =
        typeof other === 'string' ? { kind, value: v as string[], other } : { kind, value: v as string[] };
    } else if (kind === 'notApplicable') answers[key] = { kind };
  }
  return answers;
}

export type { Answer, Answers };
