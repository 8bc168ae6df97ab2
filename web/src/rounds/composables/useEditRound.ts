import { useMutation } from '@urql/vue';
import type { UpdateRoundInput, RoundDetailFieldsFragment } from '@verdi/schema/generated';
import { UpdateRoundDocument } from '@verdi/schema/generated/documents/rounds';
import { reactive, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { toApiError, type ApiError } from '../../composables/useApiError';
import { fromLocalInput, toLocalInput } from '../model/dates';
import { byField, findPlaceholders, placeholdersOf } from '../model/placeholders';

export const editFields = [
  'label',
  'opensAt',
  'closesAt',
  'informationNb',
  'informationNn',
  'informationEn',
  'easyReadNb',
  'easyReadNn',
  'easyReadEn',
  'consentNb',
  'consentNn',
  'consentEn',
  'dataController',
  'contact',
  'targetResponses',
  'defaultLanguage',
] as const;
export type EditField = (typeof editFields)[number] | 'languages';
/** The form's texts, and the languages the round offers (nb, nn, en, in that order). */
export type EditValues = Record<(typeof editFields)[number], string> & { languages: string[] };

export type EditProblem =
  | { kind: 'required' }
  | { kind: 'date' }
  | { kind: 'closesBeforeOpens' }
  | { kind: 'tooLong'; max: number }
  | { kind: 'target' }
  | { kind: 'placeholders'; texts: string[] }
  | { kind: 'noLanguage' }
  | { kind: 'easyReadLanguage' }
  | { kind: 'missingTexts'; languages: string[]; items: string[]; more: number }
  | { kind: 'server'; message: string };
export type EditProblems = Partial<Record<EditField, EditProblem>>;

/** The API's paths for the form's fields. */
const fieldOfPath: Record<string, EditField> = {
  label: 'label',
  opensAt: 'opensAt',
  closesAt: 'closesAt',
  'information.nb': 'informationNb',
  'information.nn': 'informationNn',
  'information.en': 'informationEn',
  information: 'informationNb',
  'informationEasyRead.nb': 'easyReadNb',
  'informationEasyRead.nn': 'easyReadNn',
  'informationEasyRead.en': 'easyReadEn',
  informationEasyRead: 'easyReadNb',
  'consentText.nb': 'consentNb',
  'consentText.nn': 'consentNn',
  'consentText.en': 'consentEn',
  languages: 'languages',
  defaultLanguage: 'defaultLanguage',
  consentText: 'consentNb',
  contact: 'contact',
  dataController: 'dataController',
  targetResponses: 'targetResponses',
};

export function valuesOf(round: RoundDetailFieldsFragment): EditValues {
  return {
    label: round.label,
    opensAt: toLocalInput(new Date(round.opensAt)),
    closesAt: round.closesAt ? toLocalInput(new Date(round.closesAt)) : '',
    informationNb: round.information.nb,
    informationNn: round.information.nn ?? '',
    informationEn: round.information.en ?? '',
    easyReadNb: round.informationEasyRead?.nb ?? '',
    easyReadNn: round.informationEasyRead?.nn ?? '',
    easyReadEn: round.informationEasyRead?.en ?? '',
    consentNb: round.consentText?.nb ?? '',
    consentNn: round.consentText?.nn ?? '',
    consentEn: round.consentText?.en ?? '',
    languages: [...round.languages],
    defaultLanguage: round.defaultLanguage,
    dataController: round.dataController ?? '',
    contact: round.contact ?? '',
    targetResponses: round.targetResponses != null ? String(round.targetResponses) : '',
  };
}

const LIMITS: Partial<Record<'label' | 'contact' | 'dataController', number>> = {
  label: 200,
  contact: 500,
  dataController: 200,
};

/**
 * Checks the form as the API will. An open round may not be given a [placeholder]; a draft may hold them until it
 * opens, so they are only problems here when `open` is true.
 */
export function checkEdit(values: EditValues, open: boolean): EditProblems {
  const problems: EditProblems = {};
  if (!values.label.trim()) problems.label = { kind: 'required' };
  for (const [field, max] of Object.entries(LIMITS) as ['label' | 'contact' | 'dataController', number][])
    if (values[field].trim().length > max) problems[field] = { kind: 'tooLong', max };
  const opens = fromLocalInput(values.opensAt);
  if (!values.opensAt.trim()) problems.opensAt = { kind: 'required' };
  else if (!opens) problems.opensAt = { kind: 'date' };
  if (values.closesAt.trim()) {
    const closes = fromLocalInput(values.closesAt);
    if (!closes) problems.closesAt = { kind: 'date' };
    else if (opens && Date.parse(closes) <= Date.parse(opens))
      problems.closesAt = { kind: 'closesBeforeOpens' };
  }
  if (!values.informationNb.trim()) problems.informationNb = { kind: 'required' };
  if (!values.consentNb.trim() && (values.consentEn.trim() || values.consentNn.trim()))
    problems.consentNb = { kind: 'required' };
  // The easy-read information, where given, has exactly the information's languages (as the API requires).
  const easy = { Nb: values.easyReadNb, Nn: values.easyReadNn, En: values.easyReadEn };
  if (Object.values(easy).some((text) => text.trim()))
    for (const [language, text] of Object.entries(easy) as ['Nb' | 'Nn' | 'En', string][])
      if (!!text.trim() !== !!values[`information${language}`].trim())
        problems[`easyRead${language}`] = { kind: 'easyReadLanguage' };
  if (values.languages.length === 0) problems.languages = { kind: 'noLanguage' };
  const target = values.targetResponses.trim();
  if (target && (!/^\d+$/.test(target) || Number(target) < 1 || Number(target) > 1_000_000))
    problems.targetResponses = { kind: 'target' };
  if (open) {
    const left = findPlaceholders({
      label: values.label,
      'information.nb': values.informationNb,
      'information.nn': values.informationNn,
      'information.en': values.informationEn,
      'informationEasyRead.nb': values.easyReadNb,
      'informationEasyRead.nn': values.easyReadNn,
      'informationEasyRead.en': values.easyReadEn,
      'consentText.nb': values.consentNb,
      'consentText.nn': values.consentNn,
      'consentText.en': values.consentEn,
      contact: values.contact,
      dataController: values.dataController,
    });
    for (const { field, texts } of byField(left)) {
      const own = fieldOfPath[field];
      if (own && !problems[own]) problems[own] = { kind: 'placeholders', texts };
    }
  }
  return problems;
}

/** A text as the API takes it: the translations given, none of those left empty. */
function localizedInput(nb: string, nn: string, en: string) {
  return { nb: nb.trim(), ...(nn.trim() ? { nn: nn.trim() } : {}), ...(en.trim() ? { en: en.trim() } : {}) };
}

/**
 * Why the round cannot offer its languages (`extensions.missing` of a refusal): which languages, and the first few
 * items (or the round's own texts) missing a text, for the page to word.
 */
export function missingTextsOf(extensions: unknown): EditProblem | null {
  const missing = (
    extensions as { missing?: { item: string | null; path: string; language: string }[] } | undefined
  )?.missing;
  if (!Array.isArray(missing) || missing.length === 0) return null;
  const names = [...new Set(missing.map((m) => m.item ?? m.path))];
  return {
    kind: 'missingTexts',
    languages: [...new Set(missing.map((m) => m.language))],
    items: names.slice(0, 3),
    more: Math.max(0, names.length - 3),
  };
}

export function toUpdateRoundInput(values: EditValues): UpdateRoundInput {
  const consentNb = values.consentNb.trim();
  const target = values.targetResponses.trim();
  const languages = ['nb', 'nn', 'en'].filter((language) => values.languages.includes(language));
  return {
    label: values.label.trim(),
    opensAt: fromLocalInput(values.opensAt),
    closesAt: values.closesAt.trim() ? fromLocalInput(values.closesAt) : null,
    information: localizedInput(values.informationNb, values.informationNn, values.informationEn),
    // All empty removes it.
    informationEasyRead: [values.easyReadNb, values.easyReadNn, values.easyReadEn].some((text) => text.trim())
      ? localizedInput(values.easyReadNb, values.easyReadNn, values.easyReadEn)
      : null,
    consentText: consentNb ? localizedInput(consentNb, values.consentNn, values.consentEn) : null,
    languages,
    // As the API chooses when the default is no longer offered: bokmål where offered, else the first.
    defaultLanguage: languages.includes(values.defaultLanguage)
      ? values.defaultLanguage
      : languages.includes('nb')
        ? 'nb'
        : (languages[0] ?? null),
    contact: values.contact.trim(),
    dataController: values.dataController.trim(),
    targetResponses: target ? Number(target) : null,
  };
}

/** The form that edits a round before or after it opens. */
export function useEditRound(
  roundId: MaybeRefOrGetter<string>,
  round: MaybeRefOrGetter<RoundDetailFieldsFragment | null | undefined>,
) {
  const values = reactive<EditValues>({
    label: '',
    opensAt: '',
    closesAt: '',
    informationNb: '',
    informationNn: '',
    informationEn: '',
    easyReadNb: '',
    easyReadNn: '',
    easyReadEn: '',
    consentNb: '',
    consentNn: '',
    consentEn: '',
    languages: [],
    defaultLanguage: 'nb',
    dataController: '',
    contact: '',
    targetResponses: '',
  });
  const problems = shallowRef<EditProblems>({});
  const formError = shallowRef<ApiError | null>(null);
  const otherMessages = shallowRef<string[]>([]);
  const saved = shallowRef(false);
  const mutation = useMutation(UpdateRoundDocument);

  // The form starts from the round as loaded, and again whenever a save brings the round back.
  watch(
    () => toValue(round),
    (current) => {
      if (current) Object.assign(values, valuesOf(current));
    },
    { immediate: true },
  );

  async function save(): Promise<boolean> {
    if (mutation.fetching.value) return false;
    saved.value = false;
    formError.value = null;
    otherMessages.value = [];
    const current = toValue(round);
    problems.value = checkEdit(values, !!current && !current.draft);
    if (Object.keys(problems.value).length > 0) return false;
    const result = await mutation.executeMutation({
      id: toValue(roundId),
      input: toUpdateRoundInput(values),
    });
    if (result.error) {
      const error = toApiError(result.error);
      const fromServer: EditProblems = {};
      const left = placeholdersOf(result.error.graphQLErrors[0]?.extensions);
      for (const { field, texts } of byField(left)) {
        const own = fieldOfPath[field];
        if (own) fromServer[own] = { kind: 'placeholders', texts };
      }
      const missingTexts = missingTextsOf(result.error.graphQLErrors[0]?.extensions);
      if (missingTexts) fromServer.languages = missingTexts;
      const other: string[] = [];
      for (const [path, message] of Object.entries(error.fields)) {
        const own = fieldOfPath[path];
        if (own && !fromServer[own]) fromServer[own] = { kind: 'server', message };
        else if (!own) other.push(`${path} ${message}`);
      }
      problems.value = fromServer;
      otherMessages.value = other;
      formError.value = error;
      return false;
    }
    saved.value = true;
    return true;
  }

  return { values, problems, formError, otherMessages, saved, saving: mutation.fetching, save };
}
