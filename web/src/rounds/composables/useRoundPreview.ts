import { useQuery } from '@urql/vue';
import type { RespondentRole } from '@verdi/schema/generated';
import { RoundPreviewDocument } from '@verdi/schema/generated/documents/rounds';
import { computed, ref, toValue, type MaybeRefOrGetter } from 'vue';
import { useApiError } from '../../composables/useApiError';
import { visibleSections } from '../../survey-items/visibility';
import type { Answer } from '../../survey-items/types';

export type PreviewPhase = 'information' | 'questions' | 'declined' | 'end';

/**
 * A round as a participant of one role gets it, walked through page by page as they would, with answers kept only
 * in this page's memory so that show-if conditions work. Nothing is saved or sent.
 */
export function useRoundPreview(roundId: MaybeRefOrGetter<string>, role: MaybeRefOrGetter<RespondentRole>) {
  const query = useQuery({
    query: RoundPreviewDocument,
    variables: computed(() => ({ id: toValue(roundId), role: toValue(role) })),
  });
  const survey = computed(() => query.data.value?.roundPreview ?? null);
  const round = computed(() => query.data.value?.round ?? null);
  const answers = ref<Record<string, Answer | undefined>>({});
  const phase = ref<PreviewPhase>('information');
  const pageIndex = ref(0);
  const pages = computed(() =>
    survey.value ? visibleSections(survey.value.sections, survey.value.role, answers.value) : [],
  );
  const page = computed(() => pages.value[Math.min(pageIndex.value, pages.value.length - 1)] ?? null);

  function begin(): void {
    phase.value = 'questions';
    pageIndex.value = 0;
  }
  function next(): void {
    if (pageIndex.value + 1 < pages.value.length) pageIndex.value++;
    else phase.value = 'end';
  }
  function back(): void {
    if (pageIndex.value > 0) pageIndex.value--;
    else phase.value = 'information';
  }
  function restart(): void {
    answers.value = {};
    pageIndex.value = 0;
    phase.value = 'information';
  }

  return {
    survey,
    round,
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
    answers,
    phase,
    pages,
    page,
    pageIndex,
    isLastPage: computed(() => pageIndex.value >= pages.value.length - 1),
    begin,
    decline: () => (phase.value = 'declined'),
    next,
    back,
    restart,
  };
}
