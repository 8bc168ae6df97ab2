import { useMutation, type CombinedError } from '@urql/vue';
import {
  SaveInstrumentDraftDocument,
  UpdateInstrumentDocument,
} from '@verdi/schema/generated/documents/instruments';
import { computed, reactive, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';
import {
  fromDefinition,
  layoutOf,
  toDefinitionInput,
  type DefinitionLayout,
  type EditDefinition,
} from '../model/editable';
import { locateProblems, type DefinitionProblem } from '../model/problems';
import type { InstrumentData } from './useInstrument';

/**
 * `conflict`: someone else saved (or published or discarded) the draft since it was loaded; nothing more can be
 * saved until the user reloads it.
 */
export type SaveState = 'idle' | 'saving' | 'saved' | 'failed' | 'conflict';

/** What the editor's copy was last loaded from or saved as. */
interface Base {
  draftId: string | null;
  revision: number;
  definitionJson: string;
  name: string;
  description: string;
}

/**
 * The designer's working copy of an instrument: its draft definition, name and description, whether they differ
 * from what is saved, saving them (the whole definition, naming the revision it was loaded at), and the problems
 * found at the last save or load, mapped to the entries they are about.
 */
export function useDraftEditor(
  instrumentId: MaybeRefOrGetter<string>,
  instrument: Ref<InstrumentData | null>,
  refetch: () => Promise<void>,
) {
  const definition = ref<EditDefinition | null>(null);
  const meta = reactive({ name: '', description: '' });
  const base = shallowRef<Base | null>(null);
  const problemBase = shallowRef<{ problems: readonly DefinitionProblem[]; layout: DefinitionLayout } | null>(
    null,
  );
  const state = ref<SaveState>('idle');
  const error = shallowRef<ApiError | null>(null);
  /** Problems with the name or description, by field, from the server or found before sending. */
  const metaErrors = shallowRef<Partial<Record<'name' | 'description', string | { kind: 'required' }>>>({});
  const savedAt = ref<Date | null>(null);

  const definitionJson = computed(() =>
    definition.value ? JSON.stringify(toDefinitionInput(definition.value)) : '',
  );
  const definitionDirty = computed(() => !!base.value && definitionJson.value !== base.value.definitionJson);
  const metaDirty = computed(
    () =>
      !!base.value &&
      (meta.name.trim() !== base.value.name || meta.description.trim() !== base.value.description),
  );
  const dirty = computed(() => definitionDirty.value || metaDirty.value);
  const revision = computed(() => base.value?.revision ?? 0);

  const problems = computed(() =>
    definition.value && problemBase.value
      ? locateProblems(problemBase.value.problems, problemBase.value.layout, definition.value)
      : [],
  );

  const update = useMutation(UpdateInstrumentDocument);
  const saveDraft = useMutation(SaveInstrumentDraftDocument);

  function loadMeta(data: InstrumentData): void {
    meta.name = data.name;
    meta.description = data.description ?? '';
  }

  /** Replaces the working copy with the instrument as the server has it. */
  function load(data: InstrumentData): void {
    loadMeta(data);
    const draft = data.draft;
    const editable = draft ? fromDefinition(draft.definition) : null;
    definition.value = editable;
    base.value = {
      draftId: draft?.id ?? null,
      revision: draft?.revision ?? 0,
      definitionJson: editable ? JSON.stringify(toDefinitionInput(editable)) : '',
      name: data.name,
      description: data.description ?? '',
    };
    problemBase.value = draft && editable ? { problems: draft.problems, layout: layoutOf(editable) } : null;
    state.value = 'idle';
    error.value = null;
    metaErrors.value = {};
  }

  // Newer data from the server replaces the working copy only when that loses nothing: unsaved changes stay
  // until the user saves them (and learns of a conflict) or reloads.
  watch(
    instrument,
    (data) => {
      const current = base.value;
      if (!data) return;
      if (!current) return load(data);
      const draftChanged =
        (data.draft?.id ?? null) !== current.draftId ||
        (data.draft !== null && data.draft.revision > current.revision);
      if (draftChanged && !dirty.value && state.value !== 'saving') return load(data);
      if (
        !metaDirty.value &&
        (data.name !== current.name || (data.description ?? '') !== current.description)
      ) {
        loadMeta(data);
        base.value = { ...current, name: data.name, description: data.description ?? '' };
      }
    },
    { immediate: true },
  );

  function fail(combined: CombinedError): false {
    const apiError = toApiError(combined);
    error.value = apiError;
    state.value = apiError.code === 'CONFLICT' ? 'conflict' : 'failed';
    return false;
  }

  /** Saves what changed; true when everything is saved. */
  async function save(): Promise<boolean> {
    const start = base.value;
    if (!start || state.value === 'saving' || state.value === 'conflict') return false;
    if (!dirty.value) {
      state.value = 'saved';
      return true;
    }
    const name = meta.name.trim();
    const description = meta.description.trim();
    if (!name) {
      metaErrors.value = { name: { kind: 'required' } };
      state.value = 'failed';
      error.value = null;
      return false;
    }
    state.value = 'saving';
    error.value = null;
    metaErrors.value = {};
    const id = toValue(instrumentId);

    if (metaDirty.value) {
      const result = await update.executeMutation({ id, input: { name, description } });
      if (result.error) {
        const apiError = toApiError(result.error);
        metaErrors.value = {
          ...(apiError.fields['name'] ? { name: apiError.fields['name'] } : {}),
          ...(apiError.fields['description'] ? { description: apiError.fields['description'] } : {}),
        };
        return fail(result.error);
      }
      base.value = { ...base.value!, name, description };
    }

    if (definition.value && definitionDirty.value) {
      const input = toDefinitionInput(definition.value);
      const json = JSON.stringify(input);
      const layout = layoutOf(definition.value);
      const result = await saveDraft.executeMutation({
        id,
        definition: input,
        baseRevision: base.value!.revision,
      });
      const saved = result.data?.saveInstrumentDraft;
      if (result.error || !saved) return result.error ? fail(result.error) : false;
      base.value = { ...base.value!, draftId: saved.id, revision: saved.revision, definitionJson: json };
      problemBase.value = { problems: saved.problems, layout };
    }

    state.value = 'saved';
    savedAt.value = new Date();
    return true;
  }

  /** Throws the working copy away and loads the instrument as it is on the server now. */
  async function reload(): Promise<void> {
    await refetch();
    if (instrument.value) load(instrument.value);
  }

  return {
    definition,
    meta,
    metaErrors,
    dirty,
    revision,
    problems,
    state,
    error,
    savedAt,
    save,
    reload,
    load,
  };
}

export type DraftEditor = ReturnType<typeof useDraftEditor>;
