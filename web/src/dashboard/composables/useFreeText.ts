import { useMutation, useQuery } from '@urql/vue';
import type { FreeTextAnswersQuery } from '@verdi/schema/generated';
import { DashboardRoundsDocument } from '@verdi/schema/generated/documents/dashboard';
import { FreeTextAnswersDocument, SetTextTagsDocument } from '@verdi/schema/generated/documents/freetext';
import { computed, ref, toValue, type MaybeRefOrGetter } from 'vue';
import { useI18n } from 'vue-i18n';
import { useApiError } from '../../composables/useApiError';
import { groupFreeText } from '../../freetext/model/groups';

export type FreeTextAnswer = FreeTextAnswersQuery['freeTextAnswers'][number];

export function useProjectRoundList(projectId: MaybeRefOrGetter<string | null>) {
  const query = useQuery({
    query: DashboardRoundsDocument,
    variables: computed(() => ({ projectId: toValue(projectId) ?? '' })),
    pause: computed(() => !toValue(projectId)),
  });
  return { rounds: computed(() => query.data.value?.rounds ?? []), error: useApiError(query.error) };
}

/**
 * A round's free-text answers under the question that asked them, in the reader's language, then per role. Used by
 * the dashboard's free-text page and the round page; the API gives them to the project's researchers only.
 */
export function useFreeText(roundId: MaybeRefOrGetter<string | null>) {
  const { locale } = useI18n();
  const query = useQuery({
    query: FreeTextAnswersDocument,
    variables: computed(() => ({ roundId: toValue(roundId) ?? '' })),
    pause: computed(() => !toValue(roundId)),
  });
  const groups = computed(() =>
    groupFreeText(
      query.data.value?.freeTextQuestions ?? [],
      query.data.value?.freeTextAnswers ?? [],
      locale.value,
    ),
  );
  return {
    groups,
    loading: computed(() => query.fetching.value && !query.data.value),
    error: useApiError(query.error),
  };
}

/** Splits what a researcher typed into distinct, trimmed themes. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag.length > 0),
    ),
  ];
}

/** Edits one answer's themes; the saved list is what the server answered with. */
export function useTagEditor(answer: () => FreeTextAnswer) {
  const mutation = useMutation(SetTextTagsDocument);
  const text = ref(answer().tags.join(', '));
  const saved = ref<string[]>(answer().tags);
  const status = ref<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const error = useApiError(mutation.error);

  async function save(): Promise<void> {
    status.value = 'saving';
    const result = await mutation.executeMutation({
      input: { responseId: answer().responseId, item: answer().item, tags: parseTags(text.value) },
    });
    if (result.error || !result.data) {
      status.value = 'error';
      return;
    }
    saved.value = result.data.setTextTags;
    text.value = saved.value.join(', ');
    status.value = 'saved';
  }

  return { text, saved, status, error, save };
}
