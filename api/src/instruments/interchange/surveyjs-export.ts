import { canonicalDefinition } from '../definition.canonical.js';
import {
  ItemType,
  OTHER_LABEL,
  RespondentRole,
  ShowIfOperator,
  type Item,
  type LocalizedText,
  type ShowIf,
} from '../definition.types.js';
import { mapText, PLACEHOLDER, readPlaceholders, writePlaceholders } from '../definition.piping.js';
import { uniqueKey, type Json } from './surveyjs-text.js';
import type { InstrumentDocument } from './verdi-json.js';
import { ROLE_CHOICES, ROLE_LABELS, ROLE_QUESTION } from './xlsform.js';

/**
 * Exports an instrument as a SurveyJS form-library survey (JSON, as the SurveyJS Creator saves it). Everything a
 * SurveyJS survey can say is said in SurveyJS's own properties, so the survey runs as Verdi's does: sections are pages,
 * the roles are a first question (`verdi_role`) that the other questions' `visibleIf` look at, show-ifs are
 * `visibleIf` expressions, Likert items are ratings on the scale's points. What SurveyJS has no place for travels in
 * properties whose names start with `verdi` (SurveyJS keeps properties it does not know in the JSON, and a survey
 * can register them with `Serializer.addProperty`): the scales with their "Vet ikke" answer and the constructs on the
 * survey, and on a question its construct, reverse-scoring, scale key, role wordings and the exact show-if and roles.
 * The import reads them back, so Verdi → SurveyJS → Verdi is lossless; where a `visibleIf` was edited in SurveyJS,
 * the edit wins over the `verdi` copy.
 */

export const SURVEYJS_VERDI_FORMAT = 1;
/** SurveyJS's code for Norwegian (its built-in texts, "Neste", "Fullfør", are bokmål); the import reads it as nb. */
export const SURVEYJS_LOCALE = 'no';
export const ROLE_TYPE = 'ROLE';
const ALL_ROLES = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];

/**
 * A Verdi text as a SurveyJS localisable string. SurveyJS keeps the text of its default locale, English, under
 * "default" and never reads an "en" key beside it (survey-core 2.5.43: `{ default: "A", en: "B" }` shows "A" in
 * English), so English goes under "default" and bokmål under SurveyJS's Norwegian "no"; without English, bokmål is
 * the "default", which SurveyJS then shows in every language the text lacks.
 */
export function localizable(text: LocalizedText): Json {
  const en = text.en?.trim() ? text.en : undefined;
  const nn = text.nn?.trim() ? { nn: text.nn } : {};
  return en ? { default: en, no: text.nb, ...nn } : { default: text.nb, ...nn };
}

/** SurveyJS's piping, `{name}`, not part of a `{{…}}`. */
export const SURVEYJS_PIPE = /(?<!\{)\{([^{}]+)\}(?!\})/g;

/** `{{key}}` as SurveyJS shows an answer, `{key}`; SurveyJS has no fallback for an unanswered question. */
export const toSurveyJsText = (text: LocalizedText) =>
  mapText(text, (value) => writePlaceholders(value, (key) => `{${key}}`));

/** SurveyJS's `{name}` of a question `keyOf` knows as `{{key}}`; other braces (variables, `{row.x}`) stay. */
export const fromSurveyJsText = (text: LocalizedText, keyOf: (name: string) => string | undefined) =>
  mapText(text, (value) => readPlaceholders(value, SURVEYJS_PIPE, (name) => keyOf(name.trim())));

/** Whether a text has braces that are not a placeholder: SurveyJS piping Verdi could not take over. */
export const hasOtherBraces = (text: string) => /\{[^}]+\}/.test(text.replace(PLACEHOLDER, ''));

/** Whether SurveyJS's wording of a text would come back different (a fallback, spaces in the braces). */
function pipingLossy(text: LocalizedText, keys: ReadonlySet<string>): boolean {
  const back = fromSurveyJsText(toSurveyJsText(text), (name) => (keys.has(name) ? name : undefined));
  return (['nb', 'en', 'nn'] as const).some((language) => back[language] !== text[language]);
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The show-if in SurveyJS's expression language, as the form library evaluates it on the exported question. */
export function visibleIfOfShowIf(showIf: ShowIf, target: Item | undefined): string {
  const ref = `{${showIf.item}}`;
  const type = target?.type;
  const numeric = type !== ItemType.SINGLE_CHOICE && type !== ItemType.MULTI_CHOICE;
  const value = (v: string) => (numeric ? v : quote(v));
  switch (showIf.op) {
    case ShowIfOperator.EQUALS:
      return type === ItemType.MULTI_CHOICE
        ? `${ref} contains ${value(showIf.values[0]!)}`
        : `${ref} = ${value(showIf.values[0]!)}`;
    case ShowIfOperator.ONE_OF:
      // A number question has no list of answers for anyof to test: `=` joined by `or`.
      return type === ItemType.NUMBER
        ? showIf.values.map((v) => `${ref} = ${v}`).join(' or ')
        : `${ref} anyof [${showIf.values.map(value).join(', ')}]`;
    case ShowIfOperator.GREATER_THAN:
      return `${ref} > ${showIf.values[0]}`;
    case ShowIfOperator.LESS_THAN:
      return `${ref} < ${showIf.values[0]}`;
  }
}

/** An item's roles and show-if as one `visibleIf`; `false` for an item shown to no role, nothing when always shown. */
export function visibleIfOf(
  roles: readonly RespondentRole[],
  showIf: ShowIf | null | undefined,
  target: Item | undefined,
  roleName: string,
): string | undefined {
  const shown = ALL_ROLES.filter((role) => roles.includes(role));
  if (shown.length === 0) return 'false';
  const parts: string[] = [];
  if (shown.length === 1) parts.push(`{${roleName}} = ${quote(ROLE_CHOICES[shown[0]!])}`);
  else if (shown.length < ALL_ROLES.length)
    parts.push(`{${roleName}} anyof [${shown.map((role) => quote(ROLE_CHOICES[role])).join(', ')}]`);
  if (showIf) {
    const condition = visibleIfOfShowIf(showIf, target);
    parts.push(parts.length > 0 && condition.includes(' or ') ? `(${condition})` : condition);
  }
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** The question an item becomes, without its `visibleIf`. */
function question(item: Item, document: InstrumentDocument): Json {
  const scale = item.scale ? document.definition.scales.find((s) => s.key === item.scale) : undefined;
  const keys = new Set(document.definition.sections.flatMap((section) => section.items.map((i) => i.key)));
  const typed: Json = (() => {
    switch (item.type) {
      case ItemType.LIKERT:
        return {
          type: 'rating',
          rateValues: (scale?.points ?? []).map((point) => ({
            value: point.value,
            text: localizable(point.label),
          })),
          verdiScale: item.scale,
        };
      case ItemType.NPS:
        return { type: 'rating', rateMin: 0, rateMax: 10 };
      case ItemType.YES_NO:
        return { type: 'boolean', valueTrue: 1, valueFalse: 0 };
      case ItemType.SINGLE_CHOICE:
      case ItemType.MULTI_CHOICE:
        return {
          type: item.type === ItemType.SINGLE_CHOICE ? 'radiogroup' : 'checkbox',
          choices: (item.options ?? []).map((option) => ({
            value: option.key,
            text: localizable(option.label),
          })),
          // SurveyJS stores its "Other" item as the value "other" with the text in `<name>-Comment`, as Verdi does.
          ...(item.otherOption ? { showOtherItem: true, otherText: localizable(OTHER_LABEL) } : {}),
        };
      case ItemType.RANKING:
        // SurveyJS's ranking stores the choices' values in the order given, as Verdi does.
        return {
          type: 'ranking',
          choices: (item.options ?? []).map((option) => ({
            value: option.key,
            text: localizable(option.label),
          })),
        };
      case ItemType.SLIDER: {
        const labels = [
          ...(item.minLabel ? [{ value: item.min ?? 0, text: localizable(item.minLabel) }] : []),
          ...(item.maxLabel ? [{ value: item.max ?? 0, text: localizable(item.maxLabel) }] : []),
        ];
        return {
          type: 'slider',
          min: item.min ?? 0,
          max: item.max ?? 0,
          ...(item.step != null ? { step: item.step } : {}),
          // SurveyJS's slider shows these labels at their values (and only these), like Verdi's end labels.
          ...(labels.length > 0 ? { customLabels: labels } : {}),
        };
      }
      case ItemType.DATE:
        return {
          type: 'text',
          inputType: 'date',
          ...(item.earliest ? { min: item.earliest } : {}),
          ...(item.latest ? { max: item.latest } : {}),
        };
      case ItemType.NUMBER:
        return {
          type: 'text',
          inputType: 'number',
          ...(item.min != null ? { min: item.min } : {}),
          ...(item.max != null ? { max: item.max } : {}),
        };
      case ItemType.TEXT:
        return { type: 'comment', ...(item.maxLength != null ? { maxLength: item.maxLength } : {}) };
    }
  })();
  const { type, ...rest } = typed;
  return {
    type,
    name: item.key,
    title: localizable(toSurveyJsText(item.prompt)),
    ...(item.help ? { description: localizable(toSurveyJsText(item.help)) } : {}),
    ...(item.required ? { isRequired: true } : {}),
    ...rest,
    ...(item.construct ? { verdiConstruct: item.construct } : {}),
    ...(item.reverseScored ? { verdiReverseScored: true } : {}),
    ...(item.promptByRole?.length ? { verdiPromptByRole: item.promptByRole } : {}),
    ...(item.easyRead ? { verdiEasyRead: item.easyRead } : {}),
    ...(pipingLossy(item.prompt, keys) ? { verdiPrompt: item.prompt } : {}),
    ...(item.help && pipingLossy(item.help, keys) ? { verdiHelp: item.help } : {}),
  };
}

export function exportSurveyJs(document: InstrumentDocument): string {
  const definition = canonicalDefinition(document.definition);
  const items = new Map(definition.sections.flatMap((s) => s.items).map((item) => [item.key, item]));
  const roleName = uniqueKey('verdi_role', (key) => items.has(key));
  const roleQuestion: Json = {
    type: 'radiogroup',
    name: roleName,
    title: localizable(ROLE_QUESTION),
    isRequired: true,
    choices: ALL_ROLES.map((role) => ({ value: ROLE_CHOICES[role], text: localizable(ROLE_LABELS[role]) })),
    verdiType: ROLE_TYPE,
  };
  const pages = definition.sections.map((section, index) => ({
    name: section.key,
    title: localizable(section.title),
    // A randomised section: SurveyJS shuffles its page the same way, per respondent. Not the first page, which also
    // holds the role question every other question depends on: there the flag travels for Verdi only.
    ...(section.randomiseOrder
      ? index === 0
        ? { verdiRandomiseOrder: true }
        : { questionsOrder: 'random' }
      : {}),
    // A Likert grid: SurveyJS shows its own matrix only for questions without roles, wordings or conditions of their
    // own, so the items stay rating questions and the flag travels for Verdi.
    ...(section.grid ? { verdiGrid: true } : {}),
    elements: [
      ...(index === 0 ? [roleQuestion] : []),
      ...section.items.map((item) => {
        const visibleIf = visibleIfOf(
          item.roles,
          item.showIf,
          item.showIf ? items.get(item.showIf.item) : undefined,
          roleName,
        );
        return {
          ...question(item, document),
          ...(visibleIf ? { visibleIf } : {}),
          // The exact roles and show-if, for the import, where SurveyJS's expression says the same in other words.
          verdiRoles: item.roles,
          ...(item.showIf ? { verdiShowIf: item.showIf } : {}),
        };
      }),
    ],
  }));
  const description = document.description?.trim();
  const survey = {
    title: { default: document.name },
    ...(description ? { description: { default: description } } : {}),
    locale: SURVEYJS_LOCALE,
    pages,
    verdi: {
      formatVersion: SURVEYJS_VERDI_FORMAT,
      scales: definition.scales,
      constructs: definition.constructs,
    },
  };
  return JSON.stringify(survey, null, 2) + '\n';
}
