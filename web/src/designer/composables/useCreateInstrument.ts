import type { DefinitionProblem } from '../model/problems';
import { useMutation } from '@urql/vue';
import type { ImportNoteSeverity, InstrumentFormat } from '@verdi/schema/generated';
import {
  CreateInstrumentDocument,
  ImportInstrumentDocument,
} from '@verdi/schema/generated/documents/instruments';
import { computed, reactive, shallowRef } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';

/** The project select's value for an instrument every project may use. */
export const sharedScope = 'shared';

export type CreateField = 'name' | 'description' | 'projectId';
export type FieldProblem = { kind: 'required' } | { kind: 'server'; message: string };

function serverProblems(error: ApiError, fields: readonly string[]): Partial<Record<string, FieldProblem>> {
  const problems: Partial<Record<string, FieldProblem>> = {};
  for (const [field, message] of Object.entries(error.fields)) {
    if (fields.includes(field)) problems[field] = { kind: 'server', message };
  }
  return problems;
}

/** The form that makes a new instrument, which starts as a draft with the default agreement scale. */
export function useCreateInstrument() {
  // No scope until the user's projects are known: a quick submit must not make a shared instrument by default.
  const values = reactive({ name: '', description: '', scope: '' });
  const fieldErrors = shallowRef<Partial<Record<CreateField, FieldProblem>>>({});
  const formError = shallowRef<ApiError | null>(null);
  const mutation = useMutation(CreateInstrumentDocument);
  const submitting = computed(() => mutation.fetching.value);

  /** Creates the instrument; its id, or null when it was not created. */
  async function submit(): Promise<string | null> {
    if (submitting.value) return null;
    formError.value = null;
    const name = values.name.trim();
    fieldErrors.value = {
      ...(name ? {} : { name: { kind: 'required' } }),
      ...(values.scope ? {} : { projectId: { kind: 'required' } }),
    };
    if (Object.keys(fieldErrors.value).length > 0) return null;
    const description = values.description.trim();
    const result = await mutation.executeMutation({
      input: {
        name,
        ...(description ? { description } : {}),
        ...(values.scope !== sharedScope ? { projectId: values.scope } : {}),
      },
    });
    if (result.error || !result.data) {
      if (result.error) {
        formError.value = toApiError(result.error);
        fieldErrors.value = serverProblems(formError.value, ['name', 'description', 'projectId']);
      }
      return null;
    }
    return result.data.createInstrument.id;
  }

  return { values, fieldErrors, formError, submitting, submit };
}

export type ImportField = 'file' | 'content' | 'name' | 'projectId' | 'format';

/**
 * Guesses the format from the file: XLSForms are .xlsx workbooks, REDCap dictionaries are CSV, SurveyJS surveys have
 * pages or elements.
 */
export function guessFormat(fileName: string, content: string): InstrumentFormat {
  if (/\.xlsx$/i.test(fileName)) return 'XLSFORM_XLSX';
  if (/\.csv$/i.test(fileName)) return 'REDCAP_CSV';
  try {
    const parsed: unknown = JSON.parse(content);
    if (parsed && typeof parsed === 'object' && ('pages' in parsed || 'elements' in parsed))
      return 'SURVEYJS_JSON';
  } catch {
    return /^\s*[{[]/.test(content) ? 'VERDI_JSON' : 'REDCAP_CSV';
  }
  return 'VERDI_JSON';
}

/** The bytes as base64, in slices so that a large file does not overflow the argument list. */
export function base64Of(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/** One kind of loss in an import, with the fields it touched, as the server ranks them. */
export interface ImportNoteView {
  kind: string;
  severity: ImportNoteSeverity;
  message: { nb: string; en?: string | null };
  fields: readonly string[];
}

export interface ImportOutcome {
  instrument: { id: string; name: string };
  notes: readonly ImportNoteView[];
  problems: readonly DefinitionProblem[];
}

/** The severities in the order they are shown: what changes the questionnaire first. */
export const noteSeverities: readonly ImportNoteSeverity[] = [
  'CHANGES_QUESTIONNAIRE',
  'LOSES_DETAIL',
  'COSMETIC',
];

/** The notes grouped by severity, most severe first, each group in the server's order; empty groups left out. */
export function groupNotes(
  notes: readonly ImportNoteView[],
): { severity: ImportNoteSeverity; notes: ImportNoteView[] }[] {
  return noteSeverities
    .map((severity) => ({ severity, notes: notes.filter((note) => note.severity === severity) }))
    .filter((group) => group.notes.length > 0);
}

/** Makes a new instrument from a file; what did not map, and what must be fixed, is kept to show the user. */
export function useImportInstrument() {
  const values = reactive<{ format: InstrumentFormat; name: string; scope: string }>({
    format: 'VERDI_JSON',
    name: '',
    scope: '',
  });
  const file = shallowRef<{ name: string; content: string } | null>(null);
  const fieldErrors = shallowRef<Partial<Record<ImportField, FieldProblem>>>({});
  const formError = shallowRef<ApiError | null>(null);
  const outcome = shallowRef<ImportOutcome | null>(null);
  const mutation = useMutation(ImportInstrumentDocument);
  const submitting = computed(() => mutation.fetching.value);

  async function chooseFile(chosen: File | null): Promise<void> {
    if (!chosen) {
      file.value = null;
      return;
    }
    // A workbook is binary: it travels as base64, as the API expects for XLSFORM_XLSX.
    const content = /\.xlsx$/i.test(chosen.name) ? base64Of(await chosen.arrayBuffer()) : await chosen.text();
    file.value = { name: chosen.name, content };
    values.format = guessFormat(chosen.name, content);
    fieldErrors.value = {};
  }

  async function submit(): Promise<ImportOutcome | null> {
    if (submitting.value) return null;
    formError.value = null;
    outcome.value = null;
    fieldErrors.value = {
      ...(file.value ? {} : { file: { kind: 'required' } }),
      ...(values.scope ? {} : { projectId: { kind: 'required' } }),
    };
    if (!file.value || Object.keys(fieldErrors.value).length > 0) return null;
    const name = values.name.trim();
    const result = await mutation.executeMutation({
      input: {
        format: values.format,
        content: file.value.content,
        ...(name ? { name } : {}),
        ...(values.scope !== sharedScope ? { projectId: values.scope } : {}),
      },
    });
    if (result.error || !result.data) {
      if (result.error) {
        formError.value = toApiError(result.error);
        const problems = serverProblems(formError.value, ['content', 'name', 'projectId', 'format']);
        // The file's content has no field of its own: its problems belong to the file input.
        const { content, ...rest } = problems;
        fieldErrors.value = { ...rest, ...(content ? { file: content } : {}) };
      }
      return null;
    }
    const imported = result.data.importInstrument;
    outcome.value = {
      instrument: { id: imported.instrument.id, name: imported.instrument.name },
      notes: imported.notes,
      problems: imported.problems,
    };
    return outcome.value;
  }

  return { values, file, fieldErrors, formError, outcome, submitting, chooseFile, submit };
}
