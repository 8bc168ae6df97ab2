import {
  DEFAULT_SLIDER_STEP,
  DEFAULT_TEXT_MAX_LENGTH,
  ItemType,
  OTHER_CHOICE,
  OTHER_LABEL,
  OTHER_TEXT_MAX_LENGTH,
  RespondentRole,
  SCORED_TYPES,
  type ConstructKind,
  type InstrumentDefinition,
  type Item,
  type LocalizedText,
  type ShowIf,
  ShowIfOperator,
} from '../instruments/definition.types.js';
import { scaleBounds } from '../responses/scoring.js';

/** The code for "Vet ikke / ikke aktuelt" in exported data. */
export const NOT_APPLICABLE_CODE = -7;
/**
 * The code for an item the response was not shown: not asked of its role, not in its round's instrument version, or
 * its show-if did not hold. In text variables it is the text `-8`; a participant's own text "-8" is written `'-8`.
 */
export const NOT_SHOWN_CODE = -8;
/** A skipped item (shown, not answered) is an empty cell. */
export const MISSING_CODE = '';

export const MISSING_LABELS = {
  [NOT_APPLICABLE_CODE]: {
    nb: 'Vet ikke / ikke aktuelt',
    nn: 'Veit ikkje / ikkje aktuelt',
    en: 'Don’t know / not applicable',
  },
  [NOT_SHOWN_CODE]: { nb: 'Ikke vist', nn: 'Ikkje vist', en: 'Not shown' },
} as const;

export interface Variable {
  /** Column name: the item key, or `key__option` for each option of a multiple-choice item. */
  name: string;
  item: string;
  option?: string;
  /** For a multiple-choice option column: the option's own label. */
  optionLabel?: LocalizedText;
  type: ItemType;
  construct: string | null;
  kind: ConstructKind | null;
  reverseScored: boolean;
  roles: RespondentRole[];
  label: LocalizedText;
  labelByRole: Partial<Record<RespondentRole, LocalizedText>>;
  /** Code → label, for scale points, options and yes/no. */
  valueLabels: { code: string; label: LocalizedText }[];
  notApplicable: boolean;
  required: boolean;
  showIf: ShowIf | null;
  /** The lowest and highest value a scored item can take (its scale's ends), where it has them. */
  scaleMin: number | null;
  scaleMax: number | null;
  constructLabel: LocalizedText | null;
  /** Longest text in characters (TEXT). */
  maxLength: number | null;
  /** A variable of the response itself (the wording used, help in answering), not of an item. */
  response?: boolean;
  /** The `<item>__other_text` variable: what was written for "other, specify" (type TEXT). */
  otherText?: boolean;
  /** Decimals a number is written with: 2 for NUMBER, a slider's step's own, else 0. */
  decimals: number;
}

/** The decimals a slider's values need: those of its lowest value and its step (0.25 → 2). */
function sliderDecimals(item: Item): number {
  const decimals = (n: number) => (Number.isInteger(n) ? 0 : (String(n).split('.')[1]?.length ?? 0));
  return Math.min(6, Math.max(decimals(item.step ?? DEFAULT_SLIDER_STEP), decimals(item.min ?? 0)));
}

/** A choice item's prompt with an option's label after it, in each language the prompt has. */
function withOption(prompt: LocalizedText, label: LocalizedText): LocalizedText {
  return {
    nb: `${prompt.nb} – ${label.nb}`,
    en: prompt.en ? `${prompt.en} – ${label.en ?? label.nb}` : null,
    nn: prompt.nn ? `${prompt.nn} – ${label.nn ?? label.nb}` : null,
  };
}

const OTHER_TEXT_LABEL: LocalizedText = { nb: 'Annet, tekst', nn: 'Anna, tekst', en: 'Other, text' };

const SHOW_IF_SIGNS: Record<string, string> = { EQUALS: '=', GREATER_THAN: '>', LESS_THAN: '<' };

/** A show-if rule as a researcher reads it: `hope_1 > 2`, `workplace in (ambulant, housing)`. */
export function showIfText(showIf: ShowIf | null | undefined): string {
  if (!showIf) return '';
  if (showIf.op === 'ONE_OF') return `${showIf.item} in (${showIf.values.join(', ')})`;
  return `${showIf.item} ${SHOW_IF_SIGNS[showIf.op]} ${showIf.values[0] ?? ''}`;
}

/** Columns every data export starts with; no hidden identifier of any kind is among them. */
export const RESPONSE_COLUMNS = ['response', 'round', 'role', 'submitted_on', 'language', 'linkage'] as const;

/**
 * The variables of an export: every item of the rounds' instrument versions in order (a later version's wording
 * wins for an item that several versions have), with a column per option for multiple-choice items.
 */
export function planVariables(definitions: InstrumentDefinition[]): Variable[] {
  const items = new Map<string, { item: Item; definition: InstrumentDefinition }>();
  for (const definition of definitions) {
    for (const item of definition.sections.flatMap((s) => s.items)) items.set(item.key, { item, definition });
  }
  const ordered = [
    ...new Set(definitions.flatMap((d) => d.sections.flatMap((s) => s.items.map((i) => i.key)))),
  ];
  // The order of randomised sections only where a round had one.
  const randomised = definitions.some((d) => d.sections.some((s) => s.randomiseOrder));
  return [
    ...ordered.flatMap((key) => itemVariables(items.get(key)!)),
    ...RESPONSE_VARIABLES,
    ...(randomised ? [ITEM_ORDER_VARIABLE] : []),
  ];
}

function itemVariables({ item, definition }: { item: Item; definition: InstrumentDefinition }): Variable[] {
  const construct = definition.constructs.find((c) => c.key === item.construct) ?? null;
  const scale = definition.scales.find((s) => s.key === item.scale);
  const bounds = scaleBounds(item, definition);
  const base: Variable = {
    name: item.key,
    item: item.key,
    type: item.type,
    construct: construct?.key ?? null,
    kind: construct?.kind ?? null,
    reverseScored: item.reverseScored,
    roles: item.roles,
    label: item.prompt,
    labelByRole: Object.fromEntries((item.promptByRole ?? []).map((p) => [p.role, p.text])),
    valueLabels: [],
    notApplicable: !!scale?.notApplicable && item.type === ItemType.LIKERT,
    required: item.required,
    showIf: item.showIf ?? null,
    scaleMin: bounds?.[0] ?? (item.type === ItemType.NUMBER ? (item.min ?? null) : null),
    scaleMax: bounds?.[1] ?? (item.type === ItemType.NUMBER ? (item.max ?? null) : null),
    constructLabel: construct?.label ?? null,
    maxLength: item.type === ItemType.TEXT ? (item.maxLength ?? DEFAULT_TEXT_MAX_LENGTH) : null,
    decimals: item.type === ItemType.NUMBER ? 2 : item.type === ItemType.SLIDER ? sliderDecimals(item) : 0,
  };
  // "Other, specify": the choice `other` among the options, and what was written as a free-text variable after.
  const other =
    item.otherOption && (item.type === ItemType.SINGLE_CHOICE || item.type === ItemType.MULTI_CHOICE);
  const otherText: Variable[] = other
    ? [
        {
          ...base,
          name: `${item.key}__other_text`,
          type: ItemType.TEXT,
          label: withOption(item.prompt, OTHER_TEXT_LABEL),
          labelByRole: Object.fromEntries(
            (item.promptByRole ?? []).map((p) => [p.role, withOption(p.text, OTHER_TEXT_LABEL)]),
          ),
          maxLength: OTHER_TEXT_MAX_LENGTH,
          otherText: true,
        },
      ]
    : [];
  const options = other
    ? [...(item.options ?? []), { key: OTHER_CHOICE, label: OTHER_LABEL }]
    : (item.options ?? []);
  switch (item.type) {
    case ItemType.LIKERT:
      base.valueLabels = (scale?.points ?? []).map((p) => ({ code: String(p.value), label: p.label }));
      if (scale?.notApplicable)
        base.valueLabels.push({ code: String(NOT_APPLICABLE_CODE), label: scale.notApplicable });
      return [base];
    case ItemType.YES_NO:
      base.valueLabels = [
        { code: '1', label: { nb: 'Ja', nn: 'Ja', en: 'Yes' } },
        { code: '0', label: { nb: 'Nei', nn: 'Nei', en: 'No' } },
      ];
      return [base];
    case ItemType.SINGLE_CHOICE:
      base.valueLabels = options.map((o) => ({ code: o.key, label: o.label }));
      return [base, ...otherText];
    case ItemType.MULTI_CHOICE:
      return [
        ...options.map((o) => ({
          ...base,
          name: `${item.key}__${o.key}`,
          option: o.key,
          optionLabel: o.label,
          label: withOption(item.prompt, o.label),
          valueLabels: [
            { code: '1', label: { nb: 'Valgt', nn: 'Vald', en: 'Chosen' } },
            { code: '0', label: { nb: 'Ikke valgt', nn: 'Ikkje vald', en: 'Not chosen' } },
          ],
        })),
        ...otherText,
      ];
    case ItemType.RANKING: {
      // One variable per option holding its place, 1 for the first; "1st"… as value labels.
      const places = options.map((_, n) => ({ code: String(n + 1), label: placeLabel(n + 1) }));
      return options.map((o) => ({
        ...base,
        name: `${item.key}__${o.key}`,
        option: o.key,
        optionLabel: o.label,
        label: withOption(item.prompt, o.label),
        labelByRole: Object.fromEntries(
          (item.promptByRole ?? []).map((p) => [p.role, withOption(p.text, o.label)]),
        ),
        valueLabels: places,
        scaleMin: 1,
        scaleMax: options.length,
      }));
    }
    default:
      return [base];
  }
}

/** The label of a place in a ranking: "1." in Norwegian, "1st" in English. */
function placeLabel(place: number): LocalizedText {
  const tens = place % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? 'th'
      : place % 10 === 1
        ? 'st'
        : place % 10 === 2
          ? 'nd'
          : place % 10 === 3
            ? 'rd'
            : 'th';
  return { nb: `${place}. plass`, nn: `${place}. plass`, en: `${place}${suffix}` };
}

const YES_NO_LABELS = [
  { code: '1', label: { nb: 'Ja', nn: 'Ja', en: 'Yes' } },
  { code: '0', label: { nb: 'Nei', nn: 'Nei', en: 'No' } },
];

function responseVariable(
  name: string,
  type: ItemType,
  label: LocalizedText,
  extra: Partial<Variable> = {},
): Variable {
  return {
    name,
    item: name,
    type,
    construct: null,
    kind: null,
    reverseScored: false,
    roles: Object.values(RespondentRole),
    label,
    labelByRole: {},
    valueLabels: type === ItemType.YES_NO ? YES_NO_LABELS : [],
    notApplicable: false,
    required: false,
    showIf: null,
    scaleMin: null,
    scaleMax: null,
    constructLabel: null,
    maxLength: null,
    decimals: 0,
    response: true,
    ...extra,
  };
}

/** The order the randomised sections' items were shown in: item keys, section by section, separated by spaces. */
const ITEM_ORDER_VARIABLE = responseVariable(
  'item_order',
  ItemType.TEXT,
  {
    nb: 'Rekkefølgen spørsmålene i tilfeldige deler ble vist i',
    nn: 'Rekkjefølgja spørsmåla i tilfeldige delar vart viste i',
    en: 'Order the items of randomised sections were shown in',
  },
  { maxLength: DEFAULT_TEXT_MAX_LENGTH },
);

const ONLY_WHERE_HELPED: ShowIf = { item: 'assisted', op: ShowIfOperator.EQUALS, values: ['1'] };

/**
 * The response's own variables, after the items in every format: the wording answered in, and whether and how
 * someone helped. Item keys `wording` and `assisted…` are kept for them (definition.rules.ts). Help not stated is a
 * skipped answer (empty); how someone helped is "not shown" (-8) where nobody did or it was not stated.
 */
export const RESPONSE_VARIABLES: readonly Variable[] = [
  responseVariable(
    'wording',
    ItemType.SINGLE_CHOICE,
    { nb: 'Formulering svart i', nn: 'Formulering svart i', en: 'Wording answered in' },
    {
      valueLabels: [
        { code: 'standard', label: { nb: 'Standard', nn: 'Standard', en: 'Standard' } },
        { code: 'easy_read', label: { nb: 'Lettlest', nn: 'Lettlest', en: 'Easy-read' } },
        {
          code: 'mixed',
          label: {
            nb: 'Blandet (byttet underveis)',
            nn: 'Blanda (bytte undervegs)',
            en: 'Mixed (switched while answering)',
          },
        },
      ],
    },
  ),
  responseVariable('assisted', ItemType.YES_NO, {
    nb: 'Fikk hjelp til å svare',
    nn: 'Fekk hjelp til å svare',
    en: 'Was helped to answer',
  }),
  responseVariable(
    'assisted_read_aloud',
    ItemType.YES_NO,
    {
      nb: 'Hjelp: leste spørsmålene høyt',
      nn: 'Hjelp: las spørsmåla høgt',
      en: 'Help: read the questions aloud',
    },
    { showIf: ONLY_WHERE_HELPED },
  ),
  responseVariable(
    'assisted_wrote',
    ItemType.YES_NO,
    { nb: 'Hjelp: skrev svarene', nn: 'Hjelp: skreiv svara', en: 'Help: wrote the answers down' },
    { showIf: ONLY_WHERE_HELPED },
  ),
  responseVariable(
    'assisted_explained',
    ItemType.YES_NO,
    {
      nb: 'Hjelp: forklarte spørsmålene',
      nn: 'Hjelp: forklarte spørsmåla',
      en: 'Help: explained the questions',
    },
    { showIf: ONLY_WHERE_HELPED },
  ),
];

export function isNumeric(variable: Variable): boolean {
  return (
    SCORED_TYPES.has(variable.type) ||
    variable.type === ItemType.MULTI_CHOICE ||
    variable.type === ItemType.RANKING
  );
}

export const ALL_ROLES = Object.values(RespondentRole);
