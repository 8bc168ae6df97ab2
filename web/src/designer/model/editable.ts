import type {
  ConstructKind,
  InstrumentDefinitionFieldsFragment,
  InstrumentDefinitionInput,
  ItemInput,
  ItemType,
  LocalizedTextInput,
  RespondentRole,
  ShowIfOperator,
} from '@verdi/schema/generated';

/**
 * The draft as the designer edits it. Every text field is a string (empty for "not translated"), and every list
 * entry that can move or be deleted carries a `uid` of its own: keys are edited too, so they cannot identify an
 * entry for Vue, for focus, or for mapping the server's problems back to what the user sees.
 */

export const respondentRoles = [
  'SERVICE_USER',
  'PROFESSIONAL',
  'CONSULTANT',
] as const satisfies readonly RespondentRole[];
export const itemTypes = [
  'LIKERT',
  'SINGLE_CHOICE',
  'MULTI_CHOICE',
  'NUMBER',
  'TEXT',
  'YES_NO',
  'NPS',
  'SLIDER',
  'DATE',
  'RANKING',
] as const satisfies readonly ItemType[];
export const constructKinds = ['VALUE', 'CHALLENGE', 'OUTCOME'] as const satisfies readonly ConstructKind[];
export const showIfOperators = [
  'EQUALS',
  'ONE_OF',
  'GREATER_THAN',
  'LESS_THAN',
] as const satisfies readonly ShowIfOperator[];
export const textLanguages = ['nb', 'en', 'nn'] as const;
export type TextLanguage = (typeof textLanguages)[number];

/** Types whose answers are numbers, which can be scored and reverse-scored (the API's SCORED_TYPES). */
export const scoredTypes: ReadonlySet<ItemType> = new Set(['LIKERT', 'NPS', 'NUMBER', 'YES_NO', 'SLIDER']);
/** Types with a lowest and a highest number. */
export const rangedTypes: ReadonlySet<ItemType> = new Set(['NUMBER', 'SLIDER']);
export const choiceTypes: ReadonlySet<ItemType> = new Set(['SINGLE_CHOICE', 'MULTI_CHOICE']);
/** Types answered from the item's options: the choice items and ranking (the API's OPTION_TYPES). */
export const optionTypes: ReadonlySet<ItemType> = new Set([...choiceTypes, 'RANKING']);

export interface EditText {
  nb: string;
  en: string;
  nn: string;
}

export interface EditScalePoint {
  uid: string;
  value: number;
  label: EditText;
}

export interface EditScale {
  uid: string;
  key: string;
  points: EditScalePoint[];
  /** Null when the scale offers no "Vet ikke" answer. */
  notApplicable: EditText | null;
}

export interface EditConstruct {
  uid: string;
  key: string;
  kind: ConstructKind;
  label: EditText;
  description: EditText;
}

export interface EditOption {
  uid: string;
  key: string;
  label: EditText;
}

export interface EditRolePrompt {
  role: RespondentRole;
  text: EditText;
  /** The role's wording in easy-read language; all empty: none. */
  easyRead: EditText;
}

export interface EditShowIf {
  item: string;
  op: ShowIfOperator;
  values: string[];
}

export interface EditItem {
  uid: string;
  key: string;
  type: ItemType;
  construct: string | null;
  roles: RespondentRole[];
  prompt: EditText;
  promptByRole: EditRolePrompt[];
  /** The prompt in easy-read language; all empty: none. */
  easyRead: EditText;
  help: EditText;
  required: boolean;
  reverseScored: boolean;
  scale: string | null;
  options: EditOption[];
  /** Choice items: offer "other, specify". */
  otherOption: boolean;
  min: number | null;
  max: number | null;
  /** Slider: the distance between two values (null: 1). */
  step: number | null;
  minLabel: EditText;
  maxLabel: EditText;
  /** Date: the earliest and latest day, YYYY-MM-DD ('' for none). */
  earliest: string;
  latest: string;
  maxLength: number | null;
  showIf: EditShowIf | null;
}

export interface EditSection {
  uid: string;
  key: string;
  title: EditText;
  items: EditItem[];
  /** Show the items in an order drawn per response. */
  randomiseOrder: boolean;
  /** Show the section's Likert items as one table (a grid). */
  grid: boolean;
}

export interface EditDefinition {
  scales: EditScale[];
  constructs: EditConstruct[];
  sections: EditSection[];
}

let counter = 0;

/** An id for one entry, unique in this page load. */
export function newUid(): string {
  counter += 1;
  return `u${counter}`;
}

export function emptyText(nb = ''): EditText {
  return { nb, en: '', nn: '' };
}

type TextLike = { nb: string; en?: string | null; nn?: string | null } | null | undefined;

export function editText(text: TextLike): EditText {
  return { nb: text?.nb ?? '', en: text?.en ?? '', nn: text?.nn ?? '' };
}

export function fromDefinition(definition: InstrumentDefinitionFieldsFragment): EditDefinition {
  return {
    scales: definition.scales.map((scale) => ({
      uid: newUid(),
      key: scale.key,
      points: scale.points.map((point) => ({
        uid: newUid(),
        value: point.value,
        label: editText(point.label),
      })),
      notApplicable: scale.notApplicable ? editText(scale.notApplicable) : null,
    })),
    constructs: definition.constructs.map((construct) => ({
      uid: newUid(),
      key: construct.key,
      kind: construct.kind,
      label: editText(construct.label),
      description: editText(construct.description),
    })),
    sections: definition.sections.map((section) => ({
      uid: newUid(),
      key: section.key,
      title: editText(section.title),
      randomiseOrder: section.randomiseOrder ?? false,
      grid: section.grid ?? false,
      items: section.items.map((item) => ({
        uid: newUid(),
        key: item.key,
        type: item.type,
        construct: item.construct,
        roles: [...item.roles],
        prompt: editText(item.prompt),
        promptByRole: (item.promptByRole ?? []).map((wording) => ({
          role: wording.role,
          text: editText(wording.text),
          easyRead: editText(wording.easyRead),
        })),
        easyRead: editText(item.easyRead),
        help: editText(item.help),
        required: item.required,
        reverseScored: item.reverseScored,
        scale: item.scale,
        options: (item.options ?? []).map((option) => ({
          uid: newUid(),
          key: option.key,
          label: editText(option.label),
        })),
        otherOption: item.otherOption ?? false,
        min: item.min,
        max: item.max,
        step: item.step ?? null,
        minLabel: editText(item.minLabel),
        maxLabel: editText(item.maxLabel),
        earliest: item.earliest ?? '',
        latest: item.latest ?? '',
        maxLength: item.maxLength,
        showIf: item.showIf
          ? { item: item.showIf.item, op: item.showIf.op, values: [...item.showIf.values] }
          : null,
      })),
    })),
  };
}

/** Trimmed as the API stores texts, so that a saved draft and the editor's copy compare equal. */
function textInput(text: EditText): LocalizedTextInput {
  return { nb: text.nb.trim(), en: text.en.trim() || null, nn: text.nn.trim() || null };
}

function optionalTextInput(text: EditText): LocalizedTextInput | null {
  return [text.nb, text.en, text.nn].some((value) => value.trim()) ? textInput(text) : null;
}

/**
 * The definition to save. Fields that the item's type does not use are left out (a Likert item turned into a
 * text item keeps its scale in the editor, in case the user turns it back, but does not save it).
 */
export function toDefinitionInput(definition: EditDefinition): InstrumentDefinitionInput {
  return {
    scales: definition.scales.map((scale) => ({
      key: scale.key.trim(),
      points: scale.points.map((point) => ({ value: point.value, label: textInput(point.label) })),
      notApplicable: scale.notApplicable ? textInput(scale.notApplicable) : null,
    })),
    constructs: definition.constructs.map((construct) => ({
      key: construct.key.trim(),
      kind: construct.kind,
      label: textInput(construct.label),
      description: optionalTextInput(construct.description),
    })),
    sections: definition.sections.map((section) => ({
      key: section.key.trim(),
      title: textInput(section.title),
      items: section.items.map(itemInput),
      randomiseOrder: section.randomiseOrder || null,
      grid: section.grid || null,
    })),
  };
}

function nonEmpty<T>(list: T[]): T[] | null {
  return list.length > 0 ? list : null;
}

function itemInput(item: EditItem): ItemInput {
  const roles = new Set(item.roles);
  return {
    key: item.key.trim(),
    type: item.type,
    construct: item.construct || null,
    // In the API's order, whatever order the boxes were ticked in.
    roles: respondentRoles.filter((role) => roles.has(role)),
    prompt: textInput(item.prompt),
    // A wording for a role that is no longer shown the item stays in the editor, like a hidden type's fields.
    promptByRole: nonEmpty(
      item.promptByRole
        .filter((wording) => roles.has(wording.role))
        .map((wording) => ({
          role: wording.role,
          text: textInput(wording.text),
          easyRead: optionalTextInput(wording.easyRead),
        })),
    ),
    easyRead: optionalTextInput(item.easyRead),
    help: optionalTextInput(item.help),
    required: item.required,
    reverseScored: scoredTypes.has(item.type) ? item.reverseScored : false,
    scale: item.type === 'LIKERT' ? item.scale || null : null,
    options: optionTypes.has(item.type)
      ? item.options.map((option) => ({ key: option.key.trim(), label: textInput(option.label) }))
      : null,
    otherOption: choiceTypes.has(item.type) && item.otherOption ? true : null,
    min: rangedTypes.has(item.type) ? item.min : null,
    max: rangedTypes.has(item.type) ? item.max : null,
    step: item.type === 'SLIDER' ? item.step : null,
    minLabel: item.type === 'SLIDER' ? optionalTextInput(item.minLabel) : null,
    maxLabel: item.type === 'SLIDER' ? optionalTextInput(item.maxLabel) : null,
    earliest: item.type === 'DATE' ? item.earliest.trim() || null : null,
    latest: item.type === 'DATE' ? item.latest.trim() || null : null,
    maxLength: item.type === 'TEXT' ? item.maxLength : null,
    showIf: item.showIf
      ? { item: item.showIf.item, op: item.showIf.op, values: [...item.showIf.values] }
      : null,
  };
}

/** Where every entry was when a definition was sent or loaded: the key to reading the server's problem paths. */
export interface DefinitionLayout {
  scales: string[];
  constructs: string[];
  sections: { uid: string; items: string[] }[];
}

export function layoutOf(definition: EditDefinition): DefinitionLayout {
  return {
    scales: definition.scales.map((scale) => scale.uid),
    constructs: definition.constructs.map((construct) => construct.uid),
    sections: definition.sections.map((section) => ({
      uid: section.uid,
      items: section.items.map((item) => item.uid),
    })),
  };
}
