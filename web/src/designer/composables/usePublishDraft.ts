import { useMutation } from '@urql/vue';
import type { DraftChangesFieldsFragment } from '@verdi/schema/generated';
import {
  DiscardInstrumentDraftDocument,
  PublishInstrumentDocument,
  StartInstrumentDraftDocument,
} from '@verdi/schema/generated/documents/instruments';
import { ref, shallowRef, toValue, type MaybeRefOrGetter, type Ref } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';
import type { DefinitionProblem } from '../model/problems';
import type { DraftEditor } from './useDraftEditor';
import type { InstrumentData } from './useInstrument';

/** What the publish dialog shows: the draft as saved, what it changes, and what stops it from being published. */
export interface PublishReview {
  number: number;
  revision: number;
  changes: DraftChangesFieldsFragment | null;
  problems: readonly DefinitionProblem[];
}

function problemsOf(error: ApiError, raw: unknown): DefinitionProblem[] | null {
  if (error.code !== 'BAD_USER_INPUT' || !Array.isArray(raw)) return null;
  return raw.filter(
    (entry): entry is DefinitionProblem =>
      typeof entry === 'object' && entry !== null && typeof (entry as DefinitionProblem).message === 'string',
  );
}

/** Starting a draft from the latest version, publishing it, and throwing it away. */
export function usePublishDraft(
  instrumentId: MaybeRefOrGetter<string>,
  instrument: Ref<InstrumentData | null>,
  editor: Pick<DraftEditor, 'dirty' | 'save' | 'load'>,
  refetch: () => Promise<void>,
) {
  const review = shallowRef<PublishReview | null>(null);
  const preparing = ref(false);
  const publishing = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const published = shallowRef<{ number: number } | null>(null);

  const start = useMutation(StartInstrumentDraftDocument);
  const publishMutation = useMutation(PublishInstrumentDocument);
  const discardMutation = useMutation(DiscardInstrumentDraftDocument);

  async function reloadInto(): Promise<void> {
    await refetch();
    if (instrument.value) editor.load(instrument.value);
  }

  /** Saves what is unsaved and fetches what publishing would change; false when that could not be done. */
  async function prepare(): Promise<boolean> {
    error.value = null;
    published.value = null;
    preparing.value = true;
    try {
      if (editor.dirty.value && !(await editor.save())) return false;
      await refetch();
      const draft = instrument.value?.draft;
      if (!draft) return false;
      review.value = {
        number: draft.number,
        revision: draft.revision,
        changes: instrument.value?.draftChanges ?? null,
        problems: draft.problems,
      };
      return true;
    } finally {
      preparing.value = false;
    }
  }

  /** Publishes the revision that was reviewed. */
  async function publish(): Promise<boolean> {
    const reviewed = review.value;
    if (!reviewed || publishing.value || reviewed.problems.length > 0) return false;
    publishing.value = true;
    error.value = null;
    try {
      const result = await publishMutation.executeMutation({
        id: toValue(instrumentId),
        revision: reviewed.revision,
      });
      if (result.error) {
        const apiError = toApiError(result.error);
        const problems = problemsOf(apiError, result.error.graphQLErrors[0]?.extensions['problems']);
        if (problems) review.value = { ...reviewed, problems };
        error.value = apiError;
        return false;
      }
      // The page shows the new version in its history before it says it is published.
      await reloadInto();
      published.value = { number: result.data?.publishInstrument.number ?? reviewed.number };
      review.value = null;
      return true;
    } finally {
      publishing.value = false;
    }
  }

  function cancel(): void {
    review.value = null;
    error.value = null;
  }

  /** Starts the next version's draft as a copy of the latest published one. */
  async function startDraft(): Promise<boolean> {
    error.value = null;
    published.value = null;
    const result = await start.executeMutation({ id: toValue(instrumentId) });
    if (result.error) {
      error.value = toApiError(result.error);
      return false;
    }
    await reloadInto();
    return true;
  }

  async function discard(): Promise<boolean> {
    error.value = null;
    const result = await discardMutation.executeMutation({ id: toValue(instrumentId) });
    if (result.error) {
      error.value = toApiError(result.error);
      return false;
    }
    await reloadInto();
    return true;
  }

  return { review, preparing, publishing, error, published, prepare, publish, cancel, startDraft, discard };
}
