import type { SurveyAnswerInput } from '@verdi/schema/generated';
import type { VisibleSection } from '../../survey-items/visibility';
import {
  checkAnswer,
  isAnswered,
  toAnswerInput,
  type Answer,
  type ItemProblem,
  type SurveyData,
} from './answers';

/**
 * The pages a participant sees and the checks on their answers, as plain functions of the pages and the answers:
 * where to go, what is wrong, and what to send. The survey flow (`../composables/surveyFlow.ts` and its parts) holds
 * the state.
 */
export type SurveyPage = VisibleSection<SurveyData['sections'][number]>;
type Answers = Record<string, Answer | undefined>;

export interface MoveResult {
  ok: boolean;
  /** The first item to fix, in page order, when not ok. */
  firstProblem?: string;
  problemCount?: number;
}

/** The items the participant sees, in page order. */
export function itemsOf(pages: readonly SurveyPage[]) {
  return pages.flatMap((p) => p.items);
}

/**
 * The answers to send: those on visible items, minus any that fail the checks the server would make, and minus
 * those `skip` names (a draft leaves out answers the server refused before).
 */
export function answerInputs(
  pages: readonly SurveyPage[],
  answers: Answers,
  complete: boolean,
  skip?: (key: string, answer: Answer) => boolean,
): SurveyAnswerInput[] {
  const inputs: SurveyAnswerInput[] = [];
  for (const item of itemsOf(pages)) {
    const answer = answers[item.key];
    if (!isAnswered(answer)) continue;
    if (checkAnswer(item, answer, complete)) continue;
    if (skip?.(item.key, answer)) continue;
    inputs.push(
      toAnswerInput(item.key, answer.kind === 'text' ? { kind: 'text', value: answer.value.trim() } : answer),
    );
  }
  return inputs;
}

/** The problems with the answers to `items` (all shown items if not given); `complete` asks for required ones too. */
export function problemsOn(
  pages: readonly SurveyPage[],
  answers: Answers,
  complete: boolean,
  items: readonly { key: string }[] = itemsOf(pages),
): Record<string, ItemProblem> {
  const found: Record<string, ItemProblem> = {};
  for (const item of itemsOf(pages)) {
    if (!items.some((candidate) => candidate.key === item.key)) continue;
    const problem = checkAnswer(item, answers[item.key], complete);
    if (problem) found[item.key] = problem;
  }
  return found;
}

/** Whether there is a problem on a shown item, and which comes first in page order. */
export function report(pages: readonly SurveyPage[], found: Record<string, ItemProblem>): MoveResult {
  const keys = itemsOf(pages)
    .map((item) => item.key)
    .filter((key) => key in found);
  return { ok: keys.length === 0, firstProblem: keys[0], problemCount: keys.length };
}

/** The page that shows the item, or the first. */
export function pageOf(pages: readonly SurveyPage[], key: string | undefined): number {
  return Math.max(
    pages.findIndex((p) => p.items.some((item) => item.key === key)),
    0,
  );
}

/** The first page with an unanswered question, or the last: where someone continuing on a new device starts. */
export function firstPageToAnswer(pages: readonly SurveyPage[], answers: Answers): number {
  const index = pages.findIndex((p) => p.items.some((item) => !isAnswered(answers[item.key])));
  return index === -1 ? Math.max(pages.length - 1, 0) : index;
}

/** A page kept from before, or the last page if there are fewer now. */
export function clampPage(pages: readonly SurveyPage[], index: number): number {
  return Math.min(index, Math.max(pages.length - 1, 0));
}
