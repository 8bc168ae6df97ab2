import {
  DEFAULT_SLIDER_STEP,
  DEFAULT_TEXT_MAX_LENGTH,
  ItemType,
  OTHER_CHOICE,
  OTHER_TEXT_MAX_LENGTH,
  isIsoDay,
  onSliderStep,
  ShowIfOperator,
  type InstrumentDefinition,
  type Item,
  type RespondentRole,
  type Scale,
} from '../instruments/definition.types.js';

/** An answer as the participant's page sends it: exactly one of the value fields, or notApplicable. */
export interface AnswerValue {
  item: string;
  number?: number | null;
  text?: string | null;
  choices?: string[] | null;
  notApplicable?: boolean | null;
}

export interface StoredAnswer {
  itemKey: string;
  number: number | null;
  text: string | null;
  choices: string[] | null;
  notApplicable: boolean;
}

export interface AnswerCheck {
  /** The answers to store: valid, for the role, and on items the show-if rules leave visible. */
  answers: StoredAnswer[];
  /** Item key → what is wrong, in a sentence for the participant's page. */
  errors: Record<string, string>;
}

/** The items a role is asked, in order. */
export function itemsFor(definition: InstrumentDefinition, role: RespondentRole): Item[] {
  return definition.sections.flatMap((section) => section.items).filter((item) => item.roles.includes(role));
}

/**
 * Whether an item is shown, given the answers so far. An item whose condition's item is unanswered, answered "Vet
 * ikke", or itself hidden, is hidden. The web's survey page applies the same rule (`isShown` in web/src/survey-items/visibility.ts).
 */
export function isShown(item: Item, answers: ReadonlyMap<string, StoredAnswer>): boolean {
  const condition = item.showIf;
  if (!condition) return true;
  const answer = answers.get(condition.item);
  if (!answer || answer.notApplicable) return false;
  if (answer.choices) {
    const chosen = answer.choices;
    switch (condition.op) {
      case ShowIfOperator.EQUALS:
      case ShowIfOperator.ONE_OF:
        return condition.values.some((value) => chosen.includes(value));
      default:
        return false;
    }
  }
  if (answer.number === null) return false;
  const numbers = condition.values.map(Number);
  switch (condition.op) {
    case ShowIfOperator.EQUALS:
    case ShowIfOperator.ONE_OF:
      return numbers.includes(answer.number);
    case ShowIfOperator.GREATER_THAN:
      return answer.number > numbers[0]!;
    case ShowIfOperator.LESS_THAN:
      return answer.number < numbers[0]!;
  }
}

function checkOne(item: Item, value: AnswerValue, scales: Map<string, Scale>): StoredAnswer | string | null {
  const stored: StoredAnswer = {
    itemKey: item.key,
    number: null,
    text: null,
    choices: null,
    notApplicable: false,
  };
  const given = [
    value.number != null,
    // An "other, specify" text comes with the choices it belongs to.
    value.text != null && !(item.otherOption && value.choices != null),
    value.choices != null,
    value.notApplicable === true,
  ].filter(Boolean);
  if (given.length > 1) return 'give one kind of answer only';
  if (value.notApplicable) {
    const scale = item.type === ItemType.LIKERT ? scales.get(item.scale ?? '') : undefined;
    if (!scale?.notApplicable) return 'has no "Vet ikke" answer';
    return { ...stored, notApplicable: true };
  }
  const number = value.number;
  switch (item.type) {
    case ItemType.LIKERT:
    case ItemType.NPS:
    case ItemType.YES_NO: {
      if (number == null) return value.text != null || value.choices != null ? 'needs a number' : null;
      const allowed =
        item.type === ItemType.LIKERT
          ? (scales.get(item.scale ?? '')?.points.map((p) => p.value) ?? [])
          : item.type === ItemType.NPS
            ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
            : [0, 1];
      if (!allowed.includes(number)) return `must be one of ${allowed.join(', ')}`;
      return { ...stored, number };
    }
    case ItemType.NUMBER: {
      if (number == null) return value.text != null || value.choices != null ? 'needs a number' : null;
      if (!Number.isFinite(number)) return 'must be a number';
      if (item.min != null && number < item.min) return `must be at least ${item.min}`;
      if (item.max != null && number > item.max) return `must be at most ${item.max}`;
      return { ...stored, number };
    }
    case ItemType.SLIDER: {
      if (number == null) return value.text != null || value.choices != null ? 'needs a number' : null;
      if (!Number.isFinite(number)) return 'must be a number';
      const min = item.min ?? 0;
      const max = item.max ?? 0;
      const step = item.step ?? DEFAULT_SLIDER_STEP;
      if (number < min || number > max) return `must be from ${min} to ${max}`;
      if (!onSliderStep(number, min, step)) return `must be ${min} plus a whole number of steps of ${step}`;
      return { ...stored, number };
    }
    case ItemType.DATE: {
      if (value.number != null || value.choices != null) return 'needs a date';
      const text = value.text?.trim() ?? '';
      if (text === '') return null;
      if (!isIsoDay(text)) return 'must be a date that exists, written YYYY-MM-DD';
      if (item.earliest && text < item.earliest) return `must be ${item.earliest} or later`;
      if (item.latest && text > item.latest) return `must be ${item.latest} or earlier`;
      return { ...stored, text };
    }
    case ItemType.TEXT: {
      if (value.number != null || value.choices != null) return 'needs a text';
      const text = value.text?.trim() ?? '';
      if (text === '') return null;
      const max = item.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      if (text.length > max) return `must be at most ${max} characters`;
      return { ...stored, text };
    }
    case ItemType.RANKING: {
      if (value.number != null || value.text != null) return 'needs the options put in order';
      const ranked = value.choices ?? [];
      if (ranked.length === 0) return null;
      const keys = (item.options ?? []).map((o) => o.key);
      const unknown = ranked.filter((choice) => !keys.includes(choice));
      if (unknown.length > 0) return `has no option ${unknown.map((c) => `"${c}"`).join(', ')}`;
      if (new Set(ranked).size !== ranked.length) return 'ranks an option twice';
      const missing = keys.filter((key) => !ranked.includes(key));
      if (missing.length > 0)
        return `must rank every option; ${missing.map((c) => `"${c}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not ranked`;
      return { ...stored, choices: [...ranked] };
    }
    case ItemType.SINGLE_CHOICE:
    case ItemType.MULTI_CHOICE: {
      if (value.number != null || (value.text != null && !item.otherOption))
        return 'needs options chosen from the list';
      const choices = value.choices ?? [];
      const otherText = item.otherOption ? checkOtherText(choices, value.text) : null;
      if (otherText !== null && typeof otherText === 'object') return otherText.error;
      if (choices.length === 0) return null;
      const keys = new Set((item.options ?? []).map((o) => o.key));
      if (item.otherOption) keys.add(OTHER_CHOICE);
      const unknown = choices.filter((choice) => !keys.has(choice));
      if (unknown.length > 0) return `has no option ${unknown.map((c) => `"${c}"`).join(', ')}`;
      if (new Set(choices).size !== choices.length) return 'lists an option twice';
      if (item.type === ItemType.SINGLE_CHOICE && choices.length > 1) return 'takes one option only';
      return { ...stored, choices: [...choices], text: otherText };
    }
  }
}

/**
 * The "other, specify" text of a choice answer: needed when "other" is chosen, refused without it; one line, no NUL,
 * at most OTHER_TEXT_MAX_LENGTH characters. Null when "other" is not chosen.
 */
function checkOtherText(
  choices: string[],
  text: string | null | undefined,
): string | null | { error: string } {
  const chosen = choices.includes(OTHER_CHOICE);
  const trimmed = text?.trim() ?? '';
  if (!chosen) return trimmed === '' ? null : { error: 'has an "other" text, but "other" is not chosen' };
  if (trimmed === '') return { error: 'needs a text saying what "other" is' };
  if (/[\r\n\u2028\u2029]/.test(trimmed)) return { error: 'takes its "other" text on one line' };
  if (trimmed.includes('\0')) return { error: 'has a NUL character in its "other" text' };
  if ([...trimmed].length > OTHER_TEXT_MAX_LENGTH)
    return { error: `takes at most ${OTHER_TEXT_MAX_LENGTH} characters of "other" text` };
  return trimmed;
}

/**
 * Checks every answer against its item (invariant 3). With `complete`, visible required items must be answered.
 * Answers to items that the show-if rules hide are dropped, not refused: the participant may have answered before
 * changing an earlier answer.
 */
export function checkAnswers(
  definition: InstrumentDefinition,
  role: RespondentRole,
  values: AnswerValue[],
  options: { complete: boolean },
): AnswerCheck {
  const errors: Record<string, string> = {};
  const scales = new Map(definition.scales.map((scale) => [scale.key, scale]));
  const allItems = new Map(definition.sections.flatMap((s) => s.items).map((item) => [item.key, item]));
  const byKey = new Map<string, AnswerValue>();
  for (const value of values) {
    const item = allItems.get(value.item);
    if (!item) errors[value.item] = `Item ${value.item} is not in this questionnaire`;
    else if (!item.roles.includes(role)) errors[value.item] = `Item ${value.item} is not asked of this role`;
    else if (byKey.has(value.item)) errors[value.item] = `Item ${value.item} is answered twice`;
    else byKey.set(value.item, value);
  }

  const accepted = new Map<string, StoredAnswer>();
  for (const item of itemsFor(definition, role)) {
    if (!isShown(item, accepted)) continue;
    const value = byKey.get(item.key);
    const checked = value ? checkOne(item, value, scales) : null;
    if (typeof checked === 'string') errors[item.key] = `Item ${item.key} ${checked}`;
    else if (checked) accepted.set(item.key, checked);
    else if (options.complete && item.required) errors[item.key] = `Item ${item.key} needs an answer`;
  }
  return { answers: [...accepted.values()], errors };
}

/**
 * The order a page showed the items of the randomised sections in (`Section.randomiseOrder`): every item of each such
 * section that the role is asked, each once, section by section. Returns the order to store, null where nothing was
 * drawn (no section is randomised, or the page sent none), or what is wrong with it.
 */
export function checkItemOrder(
  definition: InstrumentDefinition,
  role: RespondentRole,
  order: readonly string[] | null | undefined,
): { order: string[] | null } | { error: string } {
  const groups = definition.sections
    .filter((section) => section.randomiseOrder)
    .map((section) => section.items.filter((item) => item.roles.includes(role)).map((item) => item.key))
    .filter((keys) => keys.length > 0);
  if (!order || order.length === 0) return { order: null };
  if (groups.length === 0) return { error: 'is given, but no section of this questionnaire is randomised' };
  let at = 0;
  for (const keys of groups) {
    const part = order.slice(at, at + keys.length);
    if (
      part.length !== keys.length ||
      new Set(part).size !== keys.length ||
      part.some((k) => !keys.includes(k))
    )
      return {
        error: `must list each item of the randomised sections once, section by section (${keys.join(', ')})`,
      };
    at += keys.length;
  }
  if (at !== order.length) return { error: 'lists items that are not in a randomised section' };
  return { order: [...order] };
}
