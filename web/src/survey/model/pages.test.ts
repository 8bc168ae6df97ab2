import { describe, expect, it } from 'vitest';
import { visibleSections } from '../../survey-items/visibility';
import { surveyData } from '../test/surveyApi';
import type { Answer } from './answers';
import { answerInputs, clampPage, firstPageToAnswer, pageOf, problemsOn, report } from './pages';

const survey = surveyData();
type Answers = Record<string, Answer | undefined>;
const pagesFor = (answers: Answers) => visibleSections(survey.sections, survey.role, answers);

describe('the pages model', () => {
  it('sends the answers on shown items that pass the checks, trimmed, minus those it is told to skip', () => {
    const answers: Answers = {
      q1: { kind: 'number', value: 4 },
      q2: { kind: 'number', value: 11 },
      q3: { kind: 'number', value: 0 },
      q4: { kind: 'text', value: '  Lite tid  ' },
      // Hidden: q3 is not yes.
      q5: { kind: 'choices', value: ['a'] },
    };
    const pages = pagesFor(answers);

    expect(answerInputs(pages, answers, false).map((input) => input.item)).toEqual(['q1', 'q3', 'q4']);
    expect(answerInputs(pages, answers, false).find((input) => input.item === 'q4')).toMatchObject({
      text: 'Lite tid',
    });
    expect(answerInputs(pages, answers, false, (key) => key === 'q1').map((input) => input.item)).toEqual([
      'q3',
      'q4',
    ]);
  });

  it('finds problems in page order, required ones only when complete, and the page of the first', () => {
    const answers: Answers = { q2: { kind: 'number', value: 11 } };
    const pages = pagesFor(answers);

    expect(Object.keys(problemsOn(pages, answers, false))).toEqual(['q2']);
    const all = problemsOn(pages, answers, true);
    expect(report(pages, all)).toEqual({ ok: false, firstProblem: 'q1', problemCount: 3 });
    expect(pageOf(pages, 'q4')).toBe(1);
    expect(pageOf(pages, undefined)).toBe(0);
    expect(Object.keys(problemsOn(pages, answers, true, pages[1]!.items))).toEqual(['q4']);
    expect(report(pages, {})).toEqual({ ok: true, firstProblem: undefined, problemCount: 0 });
  });

  it('starts where the answers stop, and keeps a page index within the pages', () => {
    const pages = pagesFor({});
    expect(firstPageToAnswer(pages, {})).toBe(0);
    const firstDone: Answers = {
      q1: { kind: 'number', value: 3 },
      q2: { kind: 'number', value: 2 },
      q3: { kind: 'number', value: 0 },
    };
    expect(firstPageToAnswer(pagesFor(firstDone), firstDone)).toBe(1);
    expect(clampPage(pages, 5)).toBe(1);
    expect(clampPage([], 5)).toBe(0);
  });
});
