import { useMutation, useQuery } from '@urql/vue';
import type { AnonymityMode, CreateRoundInput, RoundSummaryFieldsFragment } from '@verdi/schema/generated';
import {
  CreateRoundDocument,
  RoundInstrumentChoicesDocument,
} from '@verdi/schema/generated/documents/rounds';
import { computed, reactive, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';
import { fromLocalInput, toLocalInput } from '../model/dates';

export const roundFormFields = [
  'instrumentId',
  'version',
  'label',
  'opensAt',
  'closesAt',
  'anonymity',
  'minGroupSize',
  'minGroupSizeText',
  'informationNb',
  'informationEn',
  'consentRequired',
  'linkage',
] as const;
export type RoundFormField = (typeof roundFormFields)[number];

export type RoundFieldProblem =
  | { kind: 'required' }
  | { kind: 'instrument' }
  | { kind: 'date' }
  | { kind: 'closesBeforeOpens' }
  | { kind: 'k' }
  | { kind: 'tooLong'; max: number }
  | { kind: 'server'; message: string };

export interface RoundFormValues {
  instrumentId: string;
  version: string;
  label: string;
  opensAt: string;
  closesAt: string;
  anonymity: AnonymityMode;
  minGroupSize: string;
  minGroupSizeText: string;
  informationNb: string;
  informationEn: string;
  consentRequired: boolean;
  linkage: boolean;
}

/** The API's names for the form's fields, where they differ. */
const serverFields: Record<string, RoundFormField> = {
  'information.nb': 'informationNb',
  'information.en': 'informationEn',
  information: 'informationNb',
};

function isField(field: string): field is RoundFormField {
  return (roundFormFields as readonly string[]).includes(field);
}

/** A whole number from 3 to 100, as the API's thresholds must be. */
function threshold(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return number >= 3 && number <= 100 ? number : null;
}

/** Checks a filled-in form as the API will; an empty result means it can be sent. */
export function checkRoundForm(values: RoundFormValues): Partial<Record<RoundFormField, RoundFieldProblem>> {
  const problems: Partial<Record<RoundFormField, RoundFieldProblem>> = {};
  if (!values.instrumentId) problems.instrumentId = { kind: 'instrument' };
  const label = values.label.trim();
  if (!label) problems.label = { kind: 'required' };
  else if (label.length > 200) problems.label = { kind: 'tooLong', max: 200 };
  const opens = fromLocalInput(values.opensAt);
  if (!values.opensAt.trim()) problems.opensAt = { kind: 'required' };
  else if (!opens) problems.opensAt = { kind: 'date' };
  if (values.closesAt.trim()) {
    const closes = fromLocalInput(values.closesAt);
    if (!closes) problems.closesAt = { kind: 'date' };
    else if (opens && Date.parse(closes) <= Date.parse(opens))
      problems.closesAt = { kind: 'closesBeforeOpens' };
  }
  if (threshold(values.minGroupSize) === null) problems.minGroupSize = { kind: 'k' };
  if (threshold(values.minGroupSizeText) === null) problems.minGroupSizeText = { kind: 'k' };
  if (!values.informationNb.trim()) problems.informationNb = { kind: 'required' };
  return problems;
}

export function toCreateRoundInput(projectId: string, values: RoundFormValues): CreateRoundInput {
  const closesAt = values.closesAt.trim() ? fromLocalInput(values.closesAt) : null;
  const informationEn = values.informationEn.trim();
  return {
    projectId,
    instrumentId: values.instrumentId,
    ...(values.version ? { version: Number(values.version) } : {}),
    label: values.label.trim(),
    opensAt: fromLocalInput(values.opensAt) ?? '',
    closesAt,
    anonymity: values.anonymity,
    minGroupSize: threshold(values.minGroupSize),
    minGroupSizeText: threshold(values.minGroupSizeText),
    information: { nb: values.informationNb.trim(), ...(informationEn ? { en: informationEn } : {}) },
    consentRequired: values.consentRequired,
    linkage: values.linkage,
    // A new round is prepared first: its texts are checked, it is seen as a participant sees it, then opened.
    draft: true,
  };
}

/**
 * The form for a new round: the project's published instruments to choose from, defaults that protect
 * participants (anonymous, k = 5, consent asked), and an information text to start from.
 */
export function useCreateRound(
  projectId: MaybeRefOrGetter<string>,
  defaults: { informationNb: string; informationEn: string },
  now: () => Date = () => new Date(),
) {
  const instrumentsQuery = useQuery({
    query: RoundInstrumentChoicesDocument,
    variables: computed(() => ({ projectId: toValue(projectId) })),
  });
  const instruments = computed(() =>
    (instrumentsQuery.data.value?.instruments ?? []).filter((instrument) => instrument.versions.length > 0),
  );

  function emptyValues(): RoundFormValues {
    const start = now();
    start.setSeconds(0, 0);
    return {
      instrumentId: '',
      version: '',
      label: '',
      opensAt: toLocalInput(start),
      closesAt: '',
      anonymity: 'ANONYMOUS',
      minGroupSize: '5',
      minGroupSizeText: '10',
      informationNb: defaults.informationNb,
      informationEn: defaults.informationEn,
      consentRequired: true,
      linkage: false,
    };
  }

  const values = reactive<RoundFormValues>(emptyValues());
  const fieldErrors = shallowRef<Partial<Record<RoundFormField, RoundFieldProblem>>>({});
  const formError = shallowRef<ApiError | null>(null);
  const otherMessages = shallowRef<string[]>([]);
  const created = shallowRef<RoundSummaryFieldsFragment | null>(null);
  const mutation = useMutation(CreateRoundDocument);

  const versions = computed(
    () => instruments.value.find((instrument) => instrument.id === values.instrumentId)?.versions ?? [],
  );

  // A new instrument starts at its latest published version (the API lists them newest first).
  watch(
    () => values.instrumentId,
    () => {
      values.version = versions.value[0] ? String(versions.value[0].number) : '';
    },
  );

  async function submit(): Promise<RoundSummaryFieldsFragment | null> {
    if (mutation.fetching.value) return null;
    created.value = null;
    formError.value = null;
    otherMessages.value = [];
    fieldErrors.value = checkRoundForm(values);
    if (Object.keys(fieldErrors.value).length > 0) return null;

    const result = await mutation.executeMutation({ input: toCreateRoundInput(toValue(projectId), values) });
    if (result.error || !result.data) {
      if (!result.error) return null;
      const error = toApiError(result.error);
      const byField: Partial<Record<RoundFormField, RoundFieldProblem>> = {};
      const other: string[] = [];
      for (const [path, message] of Object.entries(error.fields)) {
        const field = serverFields[path] ?? path;
        if (isField(field)) byField[field] = { kind: 'server', message };
        else other.push(`${path} ${message}`);
      }
      fieldErrors.value = byField;
      otherMessages.value = other;
      formError.value = error;
      return null;
    }
    created.value = result.data.createRound;
    Object.assign(values, emptyValues());
    return created.value;
  }

  return {
    values,
    instruments,
    instrumentsLoading: computed(() => instrumentsQuery.fetching.value && !instrumentsQuery.data.value),
    versions,
    fieldErrors,
    formError,
    otherMessages,
    created,
    submitting: mutation.fetching,
    submit,
  };
}
