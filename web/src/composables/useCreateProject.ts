import { useMutation } from '@urql/vue';
import type { CreateProjectInput, ProjectFieldsFragment } from '@verdi/schema/generated';
import { CreateProjectDocument } from '@verdi/schema/generated/documents/projects';
import { computed, reactive, ref } from 'vue';
import { toApiError, type ApiError } from './useApiError';

export const projectFormFields = ['name', 'organisation', 'slug', 'description'] as const;
export type ProjectFormField = (typeof projectFormFields)[number];

export type FieldError = { kind: 'required' } | { kind: 'server'; message: string };

const requiredFields = ['name', 'organisation'] as const satisfies readonly ProjectFormField[];

function isProjectFormField(field: string): field is ProjectFormField {
  return (projectFormFields as readonly string[]).includes(field);
}

function emptyValues(): Record<ProjectFormField, string> {
  return { name: '', organisation: '', slug: '', description: '' };
}

export function useCreateProject() {
  const values = reactive(emptyValues());
  const fieldErrors = ref<Partial<Record<ProjectFormField, FieldError>>>({});
  const formError = ref<ApiError | null>(null);
  /** Server messages about inputs that have no field in this form. */
  const otherMessages = ref<string[]>([]);
  const created = ref<ProjectFieldsFragment | null>(null);
  const mutation = useMutation(CreateProjectDocument);
  const submitting = computed(() => mutation.fetching.value);

  function toInput(): CreateProjectInput {
    const slug = values.slug.trim();
    const description = values.description.trim();
    return {
      name: values.name.trim(),
      organisation: values.organisation.trim(),
      // Left out rather than sent empty, so the server derives the slug from the name.
      ...(slug ? { slug } : {}),
      ...(description ? { description } : {}),
    };
  }

  function reset(): void {
    Object.assign(values, emptyValues());
    fieldErrors.value = {};
    formError.value = null;
    otherMessages.value = [];
  }

  async function submit(): Promise<boolean> {
    if (submitting.value) return false;
    created.value = null;
    formError.value = null;
    otherMessages.value = [];

    const input = toInput();
    const missing: Partial<Record<ProjectFormField, FieldError>> = {};
    for (const field of requiredFields) {
      if (!input[field]) missing[field] = { kind: 'required' };
    }
    fieldErrors.value = missing;
    if (Object.keys(missing).length > 0) return false;

    const result = await mutation.executeMutation({ input });
    if (result.error) {
      const error = toApiError(result.error);
      const serverErrors: Partial<Record<ProjectFormField, FieldError>> = {};
      const other: string[] = [];
      for (const [field, message] of Object.entries(error.fields)) {
        if (isProjectFormField(field)) serverErrors[field] = { kind: 'server', message };
        else other.push(message);
      }
      fieldErrors.value = serverErrors;
      otherMessages.value = other;
      formError.value = error;
      return false;
    }
    if (!result.data) return false;

    reset();
    created.value = result.data.createProject;
    return true;
  }

  return { values, fieldErrors, formError, otherMessages, created, submitting, submit, reset };
}
