import { computed } from 'vue';
import { pageOf, problemsOn, report, type MoveResult, type SurveyPage } from '../model/pages';
import type { SurveyFlowContext } from './surveyState';

/**
 * Moving between the pages (which to show and what is wrong: `../model/pages.ts`), with the draft saved on each move
 * (`save`).
 */
export function createPageNavigation(flow: SurveyFlowContext, save: () => Promise<void>) {
  const page = computed<SurveyPage | null>(() => flow.pages.value[flow.pageIndex.value] ?? null);
  const isLastPage = computed(() => flow.pageIndex.value >= flow.pages.value.length - 1);

  /** Back to the questions, on the page of the first problem shown, to fix it. */
  function showFirstProblem(): MoveResult {
    const result = report(flow.pages.value, flow.itemProblems.value);
    flow.phase.value = 'questions';
    flow.pageIndex.value = pageOf(flow.pages.value, result.firstProblem);
    flow.persist();
    return result;
  }

  function goTo(index: number): void {
    flow.pageIndex.value = Math.max(0, Math.min(index, flow.pages.value.length - 1));
    flow.persist();
    void save();
  }

  /** To the next page (or the linkage step after the last), unless an answer on this page is out of range. */
  function next(): MoveResult {
    if (flow.phase.value !== 'questions' || !page.value) return { ok: false };
    const found = problemsOn(flow.pages.value, flow.answers.value, false, page.value.items);
    // Unanswered required items are asked for on submitting: a participant may want to look ahead first.
    const result = report(flow.pages.value, found);
    if (!result.ok) {
      flow.itemProblems.value = { ...flow.itemProblems.value, ...found };
      return result;
    }
    if (isLastPage.value) {
      if (flow.survey.value?.round.linkage) {
        flow.phase.value = 'linkage';
        void save();
        return { ok: true };
      }
      return { ok: false };
    }
    goTo(flow.pageIndex.value + 1);
    return { ok: true };
  }

  function back(): void {
    if (flow.phase.value === 'linkage') {
      flow.phase.value = 'questions';
      goTo(flow.pages.value.length - 1);
      return;
    }
    if (flow.phase.value !== 'questions') return;
    if (flow.pageIndex.value === 0) {
      flow.phase.value = 'information';
      void save();
      return;
    }
    goTo(flow.pageIndex.value - 1);
  }

  return { page, isLastPage, showFirstProblem, next, back };
}
