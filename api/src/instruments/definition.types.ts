import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/**
 * The instrument definition: what a draft holds and a published version freezes. One class serves as the GraphQL
 * output type, the input type and the shape of Verdi's JSON interchange format, so the three cannot drift apart.
 */

export enum ItemType {
  LIKERT = 'LIKERT',
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTI_CHOICE = 'MULTI_CHOICE',
  NUMBER = 'NUMBER',
  TEXT = 'TEXT',
  YES_NO = 'YES_NO',
  NPS = 'NPS',
  SLIDER = 'SLIDER',
  DATE = 'DATE',
  RANKING = 'RANKING',
}
registerEnumType(ItemType, {
  name: 'ItemType',
  description: 'How an item is answered',
  valuesConfig: {
    LIKERT: { description: 'A point on the item’s scale' },
    SINGLE_CHOICE: { description: 'One of the item’s options' },
    MULTI_CHOICE: { description: 'Any number of the item’s options' },
    NUMBER: { description: 'A number within the item’s bounds' },
    TEXT: { description: 'Free text up to the item’s maximum length' },
    YES_NO: { description: 'Yes (1) or no (0)' },
    NPS: { description: 'Net promoter style 0–10' },
    SLIDER: { description: 'A number on a slider from the item’s min to max in steps of `step`' },
    DATE: { description: 'A calendar day (YYYY-MM-DD), between `earliest` and `latest` where set' },
    RANKING: {
      description:
        'Every one of the item’s options (2–10) put in order, first to last; stored as the keys in that order',
    },
  },
});

export enum ConstructKind {
  VALUE = 'VALUE',
  CHALLENGE = 'CHALLENGE',
  OUTCOME = 'OUTCOME',
}
registerEnumType(ConstructKind, {
  name: 'ConstructKind',
  description: 'What a construct measures; scores of different kinds are never averaged together',
  valuesConfig: {
    VALUE: { description: 'The value the role brings (higher = more value)' },
    CHALLENGE: { description: 'A problem in the way of the role (higher = bigger problem)' },
    OUTCOME: { description: 'A programme outcome' },
  },
});

export enum RespondentRole {
  SERVICE_USER = 'SERVICE_USER',
  PROFESSIONAL = 'PROFESSIONAL',
  CONSULTANT = 'CONSULTANT',
}
registerEnumType(RespondentRole, {
  name: 'RespondentRole',
  description: 'Who answers',
  valuesConfig: {
    SERVICE_USER: { description: 'Service user (tjenestebruker)' },
    PROFESSIONAL: { description: 'Professional (fagperson, ansatt)' },
    CONSULTANT: { description: 'Erfaringskonsulent: a peer worker hired for their lived experience' },
  },
});

export enum ShowIfOperator {
  EQUALS = 'EQUALS',
  ONE_OF = 'ONE_OF',
  GREATER_THAN = 'GREATER_THAN',
  LESS_THAN = 'LESS_THAN',
}
registerEnumType(ShowIfOperator, { name: 'ShowIfOperator', description: 'How a show-if condition compares' });

export type LanguageCode = 'nb' | 'en' | 'nn';

@ObjectType('LocalizedText', { description: 'A text in bokmål (required), English and nynorsk' })
@InputType('LocalizedTextInput')
export class LocalizedText {
  @Field({ description: 'Bokmål' })
  nb!: string;

  @Field(() => String, { nullable: true, description: 'English' })
  en?: string | null;

  @Field(() => String, { nullable: true, description: 'Nynorsk' })
  nn?: string | null;
}

@ObjectType('ScalePoint', { description: 'One point of a scale' })
@InputType('ScalePointInput')
export class ScalePoint {
  @Field(() => Int, { description: 'The value stored and scored' })
  value!: number;

  @Field(() => LocalizedText)
  label!: LocalizedText;
}

@ObjectType('Scale', { description: 'Ordered answer points with labels, shared by the items that use it' })
@InputType('ScaleInput')
export class Scale {
  @Field({ description: 'Key that items refer to, e.g. "agree5"' })
  key!: string;

  @Field(() => [ScalePoint], { description: 'From lowest to highest value' })
  points!: ScalePoint[];

  @Field(() => LocalizedText, {
    nullable: true,
    description: 'Label of the "Vet ikke / ikke aktuelt" answer; stored but never scored. Null: not offered.',
  })
  notApplicable?: LocalizedText | null;
}

@ObjectType('Construct', { description: 'What a group of items measures' })
@InputType('ConstructInput')
export class Construct {
  @Field()
  key!: string;

  @Field(() => ConstructKind)
  kind!: ConstructKind;

  @Field(() => LocalizedText)
  label!: LocalizedText;

  @Field(() => LocalizedText, { nullable: true })
  description?: LocalizedText | null;
}

@ObjectType('ChoiceOption', { description: 'One option of a choice item' })
@InputType('ChoiceOptionInput')
export class ChoiceOption {
  @Field({ description: 'Stable key stored in answers and exports' })
  key!: string;

  @Field(() => LocalizedText)
  label!: LocalizedText;
}

@ObjectType('RolePrompt', { description: 'The prompt as one respondent role sees it' })
@InputType('RolePromptInput')
export class RolePrompt {
  @Field(() => RespondentRole)
  role!: RespondentRole;

  @Field(() => LocalizedText)
  text!: LocalizedText;

  @Field(() => LocalizedText, {
    nullable: true,
    description:
      'This wording in easy-read language, in the same languages as the wording; a role with its own wording is offered only this easy-read text, so easy-read never changes what a role is asked',
  })
  easyRead?: LocalizedText | null;
}

@ObjectType('ShowIf', {
  description: 'Show the item only when an earlier item’s answer meets this condition',
})
@InputType('ShowIfInput')
export class ShowIf {
  @Field({ description: 'Key of an earlier item' })
  item!: string;

  @Field(() => ShowIfOperator)
  op!: ShowIfOperator;

  @Field(() => [String], {
    description:
      'Option keys for choice items, numbers (as text) for numeric items; one value except for ONE_OF',
  })
  values!: string[];
}

@ObjectType('Item', { description: 'One question' })
@InputType('ItemInput')
export class Item {
  @Field({ description: 'Stable key, used in answers, exports and show-if conditions' })
  key!: string;

  @Field(() => ItemType)
  type!: ItemType;

  @Field(() => String, { nullable: true, description: 'Key of the construct the item measures' })
  construct?: string | null;

  @Field(() => [RespondentRole], { description: 'The roles the item is shown to' })
  roles!: RespondentRole[];

  @Field(() => LocalizedText)
  prompt!: LocalizedText;

  @Field(() => [RolePrompt], {
    nullable: true,
    description: 'Wordings for particular roles, in place of the prompt: one item, three wordings',
  })
  promptByRole?: RolePrompt[] | null;

  @Field(() => LocalizedText, {
    nullable: true,
    description:
      'The prompt in easy-read language ("lettlest"), in the same languages as the prompt; participants may switch to it, and the wording used is recorded with the response',
  })
  easyRead?: LocalizedText | null;

  @Field(() => LocalizedText, { nullable: true })
  help?: LocalizedText | null;

  @Field({ description: 'An answer is needed to submit (when the item is shown)' })
  required!: boolean;

  @Field({ description: 'Scored high-to-low: the value is mirrored on its scale before scores are computed' })
  reverseScored!: boolean;

  @Field(() => String, { nullable: true, description: 'Key of the scale (LIKERT)' })
  scale?: string | null;

  @Field(() => [ChoiceOption], { nullable: true, description: 'Options (SINGLE_CHOICE, MULTI_CHOICE)' })
  options?: ChoiceOption[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'SINGLE_CHOICE, MULTI_CHOICE: offer "other, specify" after the options, stored as the choice `other` with its text',
  })
  otherOption?: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Lowest number accepted (NUMBER, SLIDER)' })
  min?: number | null;

  @Field(() => Float, { nullable: true, description: 'Highest number accepted (NUMBER, SLIDER)' })
  max?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'SLIDER: the distance between two values; it divides max − min. 1 when left out',
  })
  step?: number | null;

  @Field(() => LocalizedText, { nullable: true, description: 'SLIDER: the label of the lowest end' })
  minLabel?: LocalizedText | null;

  @Field(() => LocalizedText, { nullable: true, description: 'SLIDER: the label of the highest end' })
  maxLabel?: LocalizedText | null;

  @Field(() => String, { nullable: true, description: 'DATE: the earliest day accepted, YYYY-MM-DD' })
  earliest?: string | null;

  @Field(() => String, { nullable: true, description: 'DATE: the latest day accepted, YYYY-MM-DD' })
  latest?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Longest answer in characters (TEXT); 2000 when left out',
  })
  maxLength?: number | null;

  @Field(() => ShowIf, { nullable: true })
  showIf?: ShowIf | null;
}

@ObjectType('Section', { description: 'One page of the questionnaire' })
@InputType('SectionInput')
export class Section {
  @Field()
  key!: string;

  @Field(() => LocalizedText)
  title!: LocalizedText;

  @Field(() => [Item])
  items!: Item[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Show the section's items in an order drawn for each response, recorded on the response (itemOrder)",
  })
  randomiseOrder?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Show the section as a Likert grid: one table with the scale points as columns and one row per item (one question per row on narrow screens). Only for sections whose items are all LIKERT on one scale; answers, scores and exports are those of ordinary Likert items',
  })
  grid?: boolean | null;
}

@ObjectType('InstrumentDefinition', { description: 'Everything an instrument asks, and how' })
@InputType('InstrumentDefinitionInput')
export class InstrumentDefinition {
  @Field(() => [Scale])
  scales!: Scale[];

  @Field(() => [Construct])
  constructs!: Construct[];

  @Field(() => [Section])
  sections!: Section[];
}

export const SCORED_TYPES: ReadonlySet<ItemType> = new Set([
  ItemType.LIKERT,
  ItemType.NPS,
  ItemType.NUMBER,
  ItemType.YES_NO,
  ItemType.SLIDER,
]);
export const CHOICE_TYPES: ReadonlySet<ItemType> = new Set([ItemType.SINGLE_CHOICE, ItemType.MULTI_CHOICE]);
/** The types whose answers are options of the item: the choice items and ranking. */
export const OPTION_TYPES: ReadonlySet<ItemType> = new Set([...CHOICE_TYPES, ItemType.RANKING]);
/** The most options a ranking item may have: more cannot be put in order with care. */
export const RANKING_MAX_OPTIONS = 10;
export const DEFAULT_TEXT_MAX_LENGTH = 2000;
/** The choice stored for "other, specify"; an item offering it may not have an option of that key. */
export const OTHER_CHOICE = 'other';
/** The longest "other, specify" text, in characters. */
export const OTHER_TEXT_MAX_LENGTH = 500;
/** A slider's step when the item sets none. */
export const DEFAULT_SLIDER_STEP = 1;
export const OTHER_LABEL: LocalizedText = { nb: 'Annet', nn: 'Anna', en: 'Other' };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Whether a text is a calendar day that exists, written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDay(text: string): boolean {
  const match = ISO_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1000 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** Whether `value` is one of a slider's values: from min to max in whole steps (to a millionth of a step). */
export function onSliderStep(value: number, min: number, step: number): boolean {
  const steps = (value - min) / step;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/** The default 5-point agreement scale, with "Vet ikke / ikke aktuelt". */
export function defaultAgreementScale(key = 'agree5'): Scale {
  const labels: [string, string][] = [
    ['Helt uenig', 'Strongly disagree'],
    ['Litt uenig', 'Somewhat disagree'],
    ['Verken enig eller uenig', 'Neither agree nor disagree'],
    ['Litt enig', 'Somewhat agree'],
    ['Helt enig', 'Strongly agree'],
  ];
  return {
    key,
    points: labels.map(([nb, en], index) => ({ value: index + 1, label: { nb, en } })),
    notApplicable: { nb: 'Vet ikke / ikke aktuelt', en: 'Don’t know / not applicable' },
  };
}
