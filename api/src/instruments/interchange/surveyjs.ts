import { ValidationError } from '../../common/errors.js';
import { slugify } from '../../common/slug.js';
import { canonicalDefinition } from '../definition.canonical.js';
import { KEY_PATTERN, OPTION_KEY_PATTERN, problemsOf } from '../definition.rules.js';
import {
  ItemType,
  RespondentRole,
  ShowIfOperator,
  type ChoiceOption,
  type Item,
  type LocalizedText,
  type Scale,
  type ScalePoint,
  type Section,
  type ShowIf,
} from '../definition.types.js';
import type { ImportResult } from './redcap.js';

/**
 * Imports a SurveyJS form-library survey (its JSON, as the SurveyJS Creator saves it). Pages become sections and the
 * questions Verdi has a counterpart for become items; everything else is left out and named in `unmapped`.
 */

type Json = Record<string, unknown>;
type Scalar = string | number | boolean;

const ALL_ROLES = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];
const MAX_KEY_LENGTH = 64;
const MAX_TEXT_LENGTH = 20000;
const DEFAULT_NAME = 'SurveyJS import';

/** Element types with no counterpart in Verdi, and why, for the sentence that reports them. */
const LEFT_OUT: Record<string, string> = {
  html: 'it shows fixed HTML content, which Verdi has no element for',
  image: 'it shows an image, which Verdi has no element for',
  expression: 'it shows a computed value, which Verdi has no element for',
  file: 'Verdi does not take file uploads',
  signaturepad: 'Verdi does not take signatures',
  paneldynamic: 'Verdi has no repeating groups of questions',
  matrixdropdown: 'Verdi has no matrix of drop-downs',
  matrixdynamic: 'Verdi has no matrix with rows added by the respondent',
  multipletext: 'Verdi has no question with several text boxes',
  ranking: 'Verdi has no ranking question',
  imagepicker: 'Verdi has no choice among images',
};

/** Question properties that change what is asked or stored and that Verdi has no counterpart for. */
const DROPPED_PROPERTIES = [
  'requiredIf',
  'enableIf',
  'defaultValue',
  'defaultValueExpression',
  'setValueIf',
  'setValueExpression',
  'resetValueIf',
  'validators',
  'choicesByUrl',
  'choicesVisibleIf',
  'choicesEnableIf',
  'minSelectedChoices',
  'maxSelectedChoices',
  'rowsVisibleIf',
  'columnsVisibleIf',
  'correctAnswer',
];

/** Extra choices SurveyJS can add to a choice question; old and new property names. */
const SPECIAL_CHOICES: [string[], string][] = [
  [['showOtherItem', 'hasOther'], 'the "Other" choice with its text box'],
  [['showNoneItem', 'hasNone'], 'the "None" choice'],
  [['showRefuseItem'], 'the "Refuse to answer" choice'],
  [['showDontKnowItem'], 'the "Don\'t know" choice'],
  [['showSelectAllItem', 'hasSelectAll'], 'the "Select all" choice'],
  [['showCommentArea', 'hasComment'], 'the comment box'],
];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const scalarText = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

function stripHtml(text: string): string {
  return text
    .replace(/<(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, entity: string) => ENTITIES[entity] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `text` as a key matching `pattern`: kept when it already does, otherwise lower-cased with other characters as _. */
function validKey(text: string, pattern: RegExp, prefix: string): string {
  if (text.length <= MAX_KEY_LENGTH && pattern.test(text)) return text;
  const slug = slugify(text, MAX_KEY_LENGTH - prefix.length - 1).replace(/-/g, '_');
  if (pattern.test(slug)) return slug;
  return slug ? `${prefix}_${slug}` : prefix;
}

function uniqueKey(base: string, taken: (key: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const key = `${base.slice(0, MAX_KEY_LENGTH - suffix.length)}${suffix}`;
    if (!taken(key)) return key;
  }
}

function joinTexts(first: LocalizedText, second: LocalizedText): LocalizedText {
  const join = (a: string | null | undefined, b: string | null | undefined) =>
    a && b ? `${a} ${b}` : undefined;
  const en = join(first.en, second.en);
  const nn = join(first.nn, second.nn);
  return { nb: `${first.nb} ${second.nb}`, ...(en ? { en } : {}), ...(nn ? { nn } : {}) };
}

const quoted = (values: string[]) => values.map((v) => `"${v}"`).join(', ');

// ---------------------------------------------------------------------------------------------------------------
// visibleIf expressions

type Token =
  | { kind: 'variable'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'word'; text: string }
  | { kind: 'symbol'; text: string };

type Condition =
  | { kind: 'compare'; name: string; operator: string; written: string; value?: Scalar | Scalar[] }
  | { kind: 'and' | 'or'; parts: Condition[] };

/** Thrown while reading an expression; its message is the reason, worded to follow "cannot be expressed in Verdi: ". */
class ExpressionError extends Error {}

const SYMBOLS = ['==', '!=', '<>', '>=', '<=', '&&', '||', '=', '>', '<', '!', '(', ')', '[', ']', ','];
const OPERATORS: Record<string, string> = {
  '=': 'equal',
  '==': 'equal',
  equal: 'equal',
  '!=': 'notequal',
  '<>': 'notequal',
  notequal: 'notequal',
  '>': 'greater',
  greater: 'greater',
  '<': 'less',
  less: 'less',
  '>=': 'greaterorequal',
  greaterorequal: 'greaterorequal',
  '<=': 'lessorequal',
  lessorequal: 'lessorequal',
  contains: 'contains',
  contain: 'contains',
  notcontains: 'notcontains',
  notcontain: 'notcontains',
  anyof: 'anyof',
  allof: 'allof',
  noneof: 'noneof',
};
const UNARY_OPERATORS = new Set(['empty', 'notempty']);

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const rest = expression.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const variable = /^\{([^}]*)\}/.exec(rest);
    const string = /^'([^']*)'|^"([^"]*)"/.exec(rest);
    const previous = tokens.at(-1);
    const signAllowed = !previous || previous.kind === 'symbol' || previous.kind === 'word';
    const number = (signAllowed ? /^-?\d+(\.\d+)?/ : /^\d+(\.\d+)?/).exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const symbol = SYMBOLS.find((s) => rest.startsWith(s));
    if (variable) tokens.push({ kind: 'variable', text: variable[1]!.trim() });
    else if (string) tokens.push({ kind: 'string', text: string[1] ?? string[2] ?? '' });
    else if (number) tokens.push({ kind: 'number', value: Number(number[0]) });
    else if (word) tokens.push({ kind: 'word', text: word[0] });
    else if (symbol) tokens.push({ kind: 'symbol', text: symbol });
    else throw new ExpressionError(`it uses "${rest[0]}", which Verdi does not understand`);
    at += (variable ?? string ?? number ?? word)?.[0].length ?? symbol!.length;
  }
  return tokens;
}

/** Reads a SurveyJS boolean expression into comparisons joined by and/or; anything else is an ExpressionError. */
function parseCondition(expression: string): Condition {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (token: Token | undefined, ...words: string[]) =>
    token?.kind === 'word' && words.includes(token.text.toLowerCase());
  const isSymbol = (token: Token | undefined, ...symbols: string[]) =>
    token?.kind === 'symbol' && symbols.includes(token.text);

  const joined = (kind: 'and' | 'or', word: string, symbol: string, next: () => Condition): Condition => {
    const parts = [next()];
    while (isWord(peek(), word) || isSymbol(peek(), symbol)) {
      at++;
      parts.push(next());
    }
    return parts.length === 1 ? parts[0]! : { kind, parts };
  };
  const parseOr = (): Condition => joined('or', 'or', '||', parseAnd);
  const parseAnd = (): Condition => joined('and', 'and', '&&', parsePrimary);

  const parseScalar = (): Scalar => {
    const token = tokens[at++];
    if (token?.kind === 'string') return token.text;
    if (token?.kind === 'number') return token.value;
    if (isWord(token, 'true')) return true;
    if (isWord(token, 'false')) return false;
    if (token?.kind === 'variable') throw new ExpressionError('it compares two answers with each other');
    throw new ExpressionError('it has a form Verdi does not understand');
  };
  const parseValue = (): Scalar | Scalar[] => {
    if (!isSymbol(peek(), '[')) return parseScalar();
    at++;
    const values: Scalar[] = [];
    while (!isSymbol(peek(), ']')) {
      values.push(parseScalar());
      if (isSymbol(peek(), ',')) at++;
      else if (!isSymbol(peek(), ']')) throw new ExpressionError('it has a form Verdi does not understand');
    }
    at++;
    return values;
  };

  const parsePrimary = (): Condition => {
    const token = tokens[at++];
    if (isSymbol(token, '(')) {
      const inner = parseOr();
      if (!isSymbol(tokens[at++], ')')) throw new ExpressionError('its brackets do not match');
      return inner;
    }
    if (isSymbol(token, '!') || isWord(token, 'not')) throw new ExpressionError('it uses negation');
    if (token?.kind === 'word' && isSymbol(peek(), '('))
      throw new ExpressionError(`it calls the function ${token.text}()`);
    if (token?.kind !== 'variable') throw new ExpressionError('it has a form Verdi does not understand');
    const next = tokens[at++];
    const written = next?.kind === 'word' || next?.kind === 'symbol' ? next.text : '';
    if (UNARY_OPERATORS.has(written.toLowerCase())) {
      return { kind: 'compare', name: token.text, operator: written.toLowerCase(), written };
    }
    const operator = OPERATORS[written.toLowerCase()];
    if (!operator) throw new ExpressionError('it has a form Verdi does not understand');
    return { kind: 'compare', name: token.text, operator, written, value: parseValue() };
  };

  const condition = parseOr();
  if (at < tokens.length) throw new ExpressionError('it has a form Verdi does not understand');
  return condition;
}

// ---------------------------------------------------------------------------------------------------------------
// The import

/** What a SurveyJS question became, for the visibleIf conditions that refer to it. */
interface Target {
  item: Item;
  /** SurveyJS choice value → option key (choice items). */
  optionKeys?: Map<string, string>;
  /** SurveyJS values meaning yes and no (boolean questions). */
  yes?: string;
  no?: string;
}

/** One SurveyJS element being imported: its name, and whether any of its texts lacked bokmål. */
interface ElementContext {
  name: string;
  /** Where the bokmål text came from when there was none: "default" or a language code. */
  bokmalFrom?: string;
}

/** What a question becomes before the fields every item shares are added. */
type Built = Omit<Target, 'item'> & { item: Partial<Item> & Pick<Item, 'type'> };

interface Choice {
  value: string;
  text: unknown;
}

type Locale = 'nb' | 'en' | 'nn' | 'other';

class SurveyJsImport {
  readonly unmapped: string[] = [];
  readonly scales: Scale[] = [];
  readonly sections: Section[] = [];
  private readonly itemKeys = new Set<string>();
  private readonly targets = new Map<string, Target>();
  /** Every element name in the survey, and those handled so far: to tell "comes later" from "was left out". */
  private readonly allNames = new Set<string>();
  private readonly handled = new Set<string>();
  private unnamed = 0;

  constructor(
    private readonly locale: Locale,
    private readonly maxTextLength: number | undefined,
  ) {}

  report(name: string, sentence: string): void {
    this.unmapped.push(`${name}: ${sentence}`);
  }

  collectNames(elements: unknown[]): void {
    for (const element of elements) {
      if (!isObject(element)) continue;
      const name = scalarText(element.name);
      if (name) this.allNames.add(name);
      const children = element.elements ?? element.questions;
      if (Array.isArray(children)) this.collectNames(children);
    }
  }

  /** A SurveyJS string, plain or localised, as Verdi's bokmål/English/nynorsk text; HTML tags are stripped. */
  text(value: unknown, element: ElementContext): LocalizedText | undefined {
    const entries: [string, unknown][] = isObject(value) ? Object.entries(value) : [['default', value]];
    const texts = new Map<string, string>();
    for (const [language, raw] of entries) {
      const text = scalarText(raw);
      const clean = text === undefined ? '' : stripHtml(text);
      if (clean) texts.set(language.toLowerCase(), clean);
    }
    const fallback = texts.get('default');
    let nb = texts.get('nb') ?? texts.get('no') ?? (this.locale === 'nb' ? fallback : undefined);
    const en = texts.get('en') ?? (this.locale === 'en' ? fallback : undefined);
    const nn = texts.get('nn') ?? (this.locale === 'nn' ? fallback : undefined);
    if (!nb) {
      const [from, text] =
        [...texts.entries()].sort(([a], [b]) => Number(b === 'default') - Number(a === 'default'))[0] ?? [];
      if (!from || !text) return undefined;
      nb = text;
      element.bokmalFrom ??= from;
    }
    return { nb, ...(en ? { en } : {}), ...(nn ? { nn } : {}) };
  }

  /** Imports one page into a section; a page with nothing Verdi can take over is left out. */
  page(page: Json, index: number, fallbackTitle: LocalizedText | undefined): void {
    const name = scalarText(page.name) || `page${index + 1}`;
    const element: ElementContext = { name };
    const title = this.text(page.title, element) ?? fallbackTitle ?? { nb: name };
    const key = uniqueKey(validKey(name, KEY_PATTERN, 's'), (k) => this.sections.some((s) => s.key === k));
    if (page.visible === false) {
      this.report(name, 'the page is hidden (visible: false); it was left out with its questions');
      return;
    }
    const section: Section = { key, title, items: [] };
    this.sections.push(section);
    this.fallbackNote(element);
    const elements = page.elements ?? page.questions;
    for (const child of Array.isArray(elements) ? elements : []) {
      this.element(child, section, scalarText(page.visibleIf)?.trim() || undefined);
    }
    if (section.items.length === 0) {
      this.report(name, 'the page has no questions Verdi can take over; it was left out');
      this.sections.splice(this.sections.indexOf(section), 1);
    }
  }

  private fallbackNote(element: ElementContext): void {
    if (!element.bokmalFrom) return;
    const source = element.bokmalFrom === 'default' ? 'default' : `"${element.bokmalFrom}"`;
    this.report(
      element.name,
      `has no bokmål text; the ${source} text is used as bokmål and should be translated`,
    );
  }

  private element(raw: unknown, section: Section, inheritedCondition: string | undefined): void {
    if (!isObject(raw)) return;
    const type = (scalarText(raw.type) ?? '').toLowerCase();
    let name = scalarText(raw.name);
    if (!name) {
      name = `question${++this.unnamed}`;
      this.report(name, `an element of type "${type || 'unknown'}" has no name; it is called ${name} here`);
    }
    const element: ElementContext = { name };
    try {
      if (raw.visible === false) {
        this.report(name, 'the element is hidden (visible: false); it was left out');
        return;
      }
      const ownCondition = scalarText(raw.visibleIf)?.trim() || undefined;
      const condition =
        inheritedCondition && ownCondition
          ? `(${inheritedCondition}) and (${ownCondition})`
          : (inheritedCondition ?? ownCondition);

      if (type === 'panel') {
        const title = this.text(raw.title, element);
        this.report(
          name,
          `the panel grouping${title ? ` and its title "${title.nb}" are` : ' is'} dropped; its questions are imported into section ${section.key}`,
        );
        const children = raw.elements ?? raw.questions;
        for (const child of Array.isArray(children) ? children : []) this.element(child, section, condition);
        return;
      }
      if (type === 'matrix') {
        this.matrix(raw, element, section, condition);
        return;
      }
      const built = this.question(raw, type, element);
      if (!built) return;
      this.dropped(raw, element);
      const item: Item = {
        ...built.item,
        key: this.itemKey(name),
        roles: [...ALL_ROLES],
        prompt: this.text(raw.title, element) ?? { nb: name },
        help: this.text(raw.description, element) ?? null,
        required: raw.isRequired === true,
        reverseScored: false,
      };
      this.piped(item.prompt, element);
      item.showIf = this.showIf(condition, element, [item]);
      section.items.push(item);
      this.itemKeys.add(item.key);
      this.targets.set(name, { ...built, item });
    } finally {
      this.fallbackNote(element);
      this.handled.add(name);
    }
  }

  /** The item key for a question name, reported when it had to change. */
  private itemKey(name: string): string {
    const valid = validKey(name, KEY_PATTERN, 'q');
    const key = uniqueKey(valid, (k) => this.itemKeys.has(k));
    if (key !== valid)
      this.report(name, `the key "${valid}" is taken by an earlier item; the item's key is "${key}"`);
    else if (key !== name) this.report(name, `the name is not a valid Verdi key; the item's key is "${key}"`);
    return key;
  }

  private piped(prompt: LocalizedText, element: ElementContext): void {
    const references = prompt.nb.match(/\{[^}]+\}/g);
    if (references) {
      this.report(
        element.name,
        `the title shows earlier answers (${references.join(', ')}), which Verdi shows as written`,
      );
    }
  }

  private dropped(raw: Json, element: ElementContext): void {
    for (const property of DROPPED_PROPERTIES) {
      const value = raw[property];
      if (
        value === undefined ||
        value === null ||
        value === '' ||
        (Array.isArray(value) && value.length === 0)
      )
        continue;
      this.report(element.name, `"${property}" has no counterpart in Verdi; it was dropped`);
    }
  }

  /** The item a question becomes, without the fields every item shares; undefined (and reported) when left out. */
  private question(raw: Json, type: string, element: ElementContext): Built | undefined {
    const { name } = element;
    switch (type) {
      case 'rating':
        return this.rating(raw, element);
      case 'radiogroup':
      case 'dropdown':
      case 'checkbox':
      case 'tagbox': {
        const multi = type === 'checkbox' || type === 'tagbox';
        for (const [properties, what] of SPECIAL_CHOICES) {
          if (properties.some((p) => raw[p] === true))
            this.report(name, `${what} has no counterpart in Verdi; it was left out`);
        }
        const choices = this.choices(raw);
        const { options, optionKeys } = this.options(choices, element);
        if (options.length < 2) {
          this.report(
            name,
            `the question has ${options.length === 0 ? 'no' : 'only one'} choice Verdi can take over; it was left out`,
          );
          return undefined;
        }
        return {
          item: { type: multi ? ItemType.MULTI_CHOICE : ItemType.SINGLE_CHOICE, options },
          optionKeys,
        };
      }
      case 'boolean': {
        const labels = [raw.labelTrue, raw.labelFalse].map((l) => this.text(l, element)?.nb).filter(Boolean);
        if (labels.length > 0) {
          this.report(
            name,
            `the labels ${quoted(labels as string[])} are dropped; Verdi shows its own yes and no`,
          );
        }
        return {
          item: { type: ItemType.YES_NO },
          yes: scalarText(raw.valueTrue) ?? 'true',
          no: scalarText(raw.valueFalse) ?? 'false',
        };
      }
      case 'text': {
        const inputType = (scalarText(raw.inputType) ?? 'text').toLowerCase();
        if (inputType === 'number' || inputType === 'range') {
          const bound = (property: 'min' | 'max') => {
            const value = raw[property];
            if (value === undefined || value === null || value === '') return null;
            const number = Number(value);
            if (Number.isFinite(number)) return number;
            this.report(
              name,
              `the ${property === 'min' ? 'lowest' : 'highest'} number "${String(value)}" is not a number; it was dropped`,
            );
            return null;
          };
          return { item: { type: ItemType.NUMBER, min: bound('min'), max: bound('max') } };
        }
        if (inputType !== 'text') {
          this.report(
            name,
            `input type "${inputType}" has no counterpart in Verdi; the question is imported as free text`,
          );
        }
        return { item: { type: ItemType.TEXT, maxLength: this.maxLength(raw, element) } };
      }
      case 'comment':
        return { item: { type: ItemType.TEXT, maxLength: this.maxLength(raw, element) } };
      default: {
        const why = LEFT_OUT[type];
        this.report(
          name,
          why
            ? `the ${type} element has no counterpart in Verdi (${why}); it was left out`
            : `element type "${type || 'unknown'}" has no counterpart in Verdi; it was left out`,
        );
        return undefined;
      }
    }
  }

  private maxLength(raw: Json, element: ElementContext): number | null {
    const own = typeof raw.maxLength === 'number' && raw.maxLength > 0 ? raw.maxLength : undefined;
    const length = own ?? this.maxTextLength;
    if (length === undefined) return null;
    if (length > MAX_TEXT_LENGTH) {
      this.report(
        element.name,
        `the maximum length ${length} is above Verdi's ${MAX_TEXT_LENGTH}; it is set to ${MAX_TEXT_LENGTH}`,
      );
      return MAX_TEXT_LENGTH;
    }
    return Math.floor(length);
  }

  private choices(raw: Json): Choice[] {
    const list = Array.isArray(raw.choices) ? raw.choices : [];
    const choices = list.flatMap((entry): Choice[] => {
      if (isObject(entry)) {
        const value = scalarText(entry.value);
        return value === undefined ? [] : [{ value, text: entry.text }];
      }
      const text = scalarText(entry);
      if (text === undefined) return [];
      // SurveyJS reads a string choice "1|Yes" as value 1 with the text Yes.
      const bar = typeof entry === 'string' ? text.indexOf('|') : -1;
      return bar >= 0
        ? [{ value: text.slice(0, bar), text: text.slice(bar + 1) }]
        : [{ value: text, text: undefined }];
    });
    if (choices.length === 0 && typeof raw.choicesMax === 'number') {
      // A drop-down can generate its choices as numbers from choicesMin to choicesMax.
      const min = typeof raw.choicesMin === 'number' ? raw.choicesMin : 0;
      const step = typeof raw.choicesStep === 'number' && raw.choicesStep > 0 ? raw.choicesStep : 1;
      for (let value = min; value <= raw.choicesMax; value += step)
        choices.push({ value: String(value), text: undefined });
    }
    return choices;
  }

  private options(
    choices: Choice[],
    element: ElementContext,
  ): { options: ChoiceOption[]; optionKeys: Map<string, string> } {
    const options: ChoiceOption[] = [];
    const optionKeys = new Map<string, string>();
    for (const [index, choice] of choices.entries()) {
      if (optionKeys.has(choice.value)) {
        this.report(element.name, `choice value "${choice.value}" is listed twice; the second was left out`);
        continue;
      }
      const valid = validKey(choice.value, OPTION_KEY_PATTERN, 'option') || `option_${index + 1}`;
      const key = uniqueKey(valid, (k) => options.some((o) => o.key === k));
      if (key !== choice.value)
        this.report(element.name, `choice value "${choice.value}" is stored as option key "${key}"`);
      optionKeys.set(choice.value, key);
      options.push({ key, label: this.text(choice.text ?? choice.value, element) ?? { nb: choice.value } });
    }
    return { options, optionKeys };
  }

  private rating(raw: Json, element: ElementContext): Built | undefined {
    const { name } = element;
    const listed = Array.isArray(raw.rateValues) && raw.rateValues.length > 0 && raw.autoGenerate !== true;
    let choices: Choice[];
    if (listed) {
      choices = this.choices({ choices: raw.rateValues });
    } else {
      const number = (value: unknown, fallback: number) =>
        typeof value === 'number' && Number.isFinite(value) ? value : fallback;
      const min = number(raw.rateMin, 1);
      const step = number(raw.rateStep, 1) > 0 ? number(raw.rateStep, 1) : 1;
      const count =
        typeof raw.rateCount === 'number' && raw.rateCount > 1 ? Math.floor(raw.rateCount) : undefined;
      const max = count !== undefined ? min + (count - 1) * step : number(raw.rateMax, 5);
      choices = [];
      for (let value = min; value <= max + 1e-9 && choices.length < 100; value += step) {
        choices.push({ value: String(Math.round(value * 1e6) / 1e6), text: undefined });
      }
    }
    if (choices.length < 2) {
      this.report(name, 'the rating has fewer than two rate values; it was left out');
      return undefined;
    }
    const ends = [raw.minRateDescription, raw.maxRateDescription].map((d) => this.text(d, element));
    const numbers = choices.map((c) => Number(c.value));
    if (numbers.some((n, i) => !Number.isInteger(n) || choices[i]!.value.trim() === '')) {
      const { options, optionKeys } = this.options(choices, element);
      this.report(
        name,
        'the rate values are not whole numbers, so the rating is imported as a single-choice question',
      );
      return { item: { type: ItemType.SINGLE_CHOICE, options }, optionKeys };
    }
    const points: ScalePoint[] = choices.map((choice, index) => ({
      value: numbers[index]!,
      label: (choice.text !== undefined ? this.text(choice.text, element) : undefined) ??
        (index === 0 ? ends[0] : index === choices.length - 1 ? ends[1] : undefined) ?? { nb: choice.value },
    }));
    const sorted = [...points].sort((a, b) => a.value - b.value);
    if (sorted.some((p, i) => p !== points[i])) {
      this.report(name, 'the rate values are not in rising order; Verdi lists them from lowest to highest');
    }
    if (sorted.length === 11 && sorted.every((p, i) => p.value === i)) {
      if (ends.some(Boolean) || choices.some((c) => c.text !== undefined)) {
        this.report(
          name,
          'the rating from 0 to 10 is imported as an NPS item, which has no labels; its labels are dropped',
        );
      }
      return { item: { type: ItemType.NPS } };
    }
    return { item: { type: ItemType.LIKERT, scale: this.scale(sorted, 'rating') } };
  }

  /** The key of a scale with these points: an earlier one with identical points, or a new one. */
  private scale(points: ScalePoint[], prefix: string): string {
    const signature = JSON.stringify(points);
    const same = this.scales.find((s) => JSON.stringify(s.points) === signature);
    if (same) return same.key;
    const number = (value: number) => (value < 0 ? `m${-value}` : String(value));
    const base = `${prefix}_${number(points[0]!.value)}_${number(points.at(-1)!.value)}`;
    const key = uniqueKey(base, (k) => this.scales.some((s) => s.key === k));
    this.scales.push({ key, points, notApplicable: null });
    return key;
  }

  /** A single-choice matrix: one item per row, the columns as a scale (or, when not numeric, as options). */
  private matrix(raw: Json, element: ElementContext, section: Section, condition: string | undefined): void {
    const { name } = element;
    const rows = this.choices({ choices: raw.rows });
    const columns = this.choices({ choices: raw.columns });
    if (rows.length === 0 || columns.length < 2) {
      this.report(
        name,
        `the matrix has ${rows.length === 0 ? 'no rows' : 'fewer than two columns'}; it was left out`,
      );
      return;
    }
    this.dropped(raw, element);
    const numbers = columns.map((c) => Number(c.value));
    const numeric =
      numbers.every((n, i) => Number.isInteger(n) && columns[i]!.value.trim() !== '') &&
      new Set(numbers).size === numbers.length;
    let shared: Built;
    if (numeric) {
      const points = columns
        .map((column, index) => ({
          value: numbers[index]!,
          label: this.text(column.text ?? column.value, element) ?? { nb: column.value },
        }))
        .sort((a, b) => a.value - b.value);
      if (points.some((p, i) => p.value !== numbers[i])) {
        this.report(
          name,
          'the column values are not in rising order; Verdi lists them from lowest to highest',
        );
      }
      shared = { item: { type: ItemType.LIKERT, scale: this.scale(points, 'matrix') } };
    } else {
      const { options, optionKeys } = this.options(columns, element);
      this.report(
        name,
        'the column values are not all whole numbers, so each row is imported as a single-choice item with the columns as options',
      );
      shared = { item: { type: ItemType.SINGLE_CHOICE, options }, optionKeys };
    }

    // The rows become the prompts; the matrix title (and description) is kept as help text on every row.
    const title = this.text(raw.title, element);
    const description = this.text(raw.description, element);
    const help = title && description ? joinTexts(title, description) : (title ?? description ?? null);
    const allRequired = raw.isAllRowRequired === true || raw.eachRowRequired === true;
    if (raw.isRequired === true && !allRequired) {
      this.report(
        name,
        'SurveyJS asks for at least one row of a required matrix, which Verdi cannot express; every row is required',
      );
    }
    const items: Item[] = [];
    for (const row of rows) {
      const base = `${name}_${row.value}`;
      const key = uniqueKey(
        validKey(base, KEY_PATTERN, 'q'),
        (k) => this.itemKeys.has(k) || items.some((i) => i.key === k),
      );
      items.push({
        ...shared.item,
        key,
        roles: [...ALL_ROLES],
        prompt: this.text(row.text ?? row.value, element) ?? { nb: row.value },
        help,
        required: allRequired || raw.isRequired === true,
        reverseScored: false,
      });
    }
    this.report(
      name,
      `each row of the matrix is imported as an item of its own (${items.map((i) => i.key).join(', ')})${title ? ', with the matrix title as help text' : ''}`,
    );
    const showIf = this.showIf(condition, element, items);
    for (const [index, item] of items.entries()) {
      item.showIf = showIf;
      section.items.push(item);
      this.itemKeys.add(item.key);
      this.targets.set(`${name}.${rows[index]!.value}`, { ...shared, item });
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Conditions

  /** A visibleIf expression as a show-if condition; reported and left out when Verdi cannot express it. */
  private showIf(expression: string | undefined, element: ElementContext, items: Item[]): ShowIf | null {
    if (!expression) return null;
    try {
      return this.conditionOf(parseCondition(expression), items[0]!);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const shown = items.length === 1 ? 'the item is always shown' : 'its items are always shown';
      this.report(
        element.name,
        `visibleIf "${expression}" cannot be expressed in Verdi: ${error.message}; ${shown}`,
      );
      return null;
    }
  }

  private conditionOf(condition: Condition, item: Item): ShowIf {
    if (condition.kind === 'compare') return this.checked(this.comparison(condition), item);
    if (condition.kind === 'and') throw new ExpressionError('it joins several conditions with "and"');
    // "or" between "equals" on one question is what Verdi's ONE_OF means.
    const parts = condition.parts.map((part) => {
      if (part.kind !== 'compare') throw new ExpressionError('it nests "and" inside "or"');
      return part;
    });
    if (new Set(parts.map((p) => p.name.toLowerCase())).size > 1) {
      throw new ExpressionError('it joins conditions on several questions with "or"');
    }
    const showIfs = parts.map((part) => this.comparison(part));
    if (showIfs.some((s) => s.op !== ShowIfOperator.EQUALS && s.op !== ShowIfOperator.ONE_OF)) {
      throw new ExpressionError('it joins comparisons other than "equals" with "or"');
    }
    const values = [...new Set(showIfs.flatMap((s) => s.values))];
    return this.checked({ item: showIfs[0]!.item, op: ShowIfOperator.ONE_OF, values }, item);
  }

  private comparison(compare: Extract<Condition, { kind: 'compare' }>): ShowIf {
    const target = this.target(compare.name);
    const { value } = compare;
    const scalar = (): Scalar => {
      if (Array.isArray(value)) throw new ExpressionError(`it compares ${compare.name} with a list`);
      return value!;
    };
    const multi = target.item.type === ItemType.MULTI_CHOICE;
    switch (compare.operator) {
      case 'equal':
        if (multi) {
          throw new ExpressionError(
            `"${compare.written}" compares the whole selection of the multiple-choice question ${compare.name}`,
          );
        }
        return { item: target.item.key, op: ShowIfOperator.EQUALS, values: [this.answer(target, scalar())] };
      case 'contains':
        if (!multi)
          throw new ExpressionError(
            `"contains" is only understood on a multiple-choice question, which ${compare.name} is not`,
          );
        return { item: target.item.key, op: ShowIfOperator.EQUALS, values: [this.answer(target, scalar())] };
      case 'anyof': {
        const values = (Array.isArray(value) ? value : [value!]).map((v) => this.answer(target, v));
        return { item: target.item.key, op: ShowIfOperator.ONE_OF, values: [...new Set(values)] };
      }
      case 'greater':
        return {
          item: target.item.key,
          op: ShowIfOperator.GREATER_THAN,
          values: [this.answer(target, scalar())],
        };
      case 'less':
        return {
          item: target.item.key,
          op: ShowIfOperator.LESS_THAN,
          values: [this.answer(target, scalar())],
        };
      default:
        throw new ExpressionError(`the operator "${compare.written}" has no counterpart in Verdi`);
    }
  }

  /** The item a question name in an expression refers to: only earlier questions that were taken over. */
  private target(name: string): Target {
    const lower = name.toLowerCase();
    const found =
      this.targets.get(name) ?? [...this.targets.entries()].find(([n]) => n.toLowerCase() === lower)?.[1];
    if (found) return found;
    const [question] = name.split('.');
    const known = [...this.allNames].find(
      (n) => n === question || n.toLowerCase() === question!.toLowerCase(),
    );
    if (!known) throw new ExpressionError(`it refers to ${name}, which the survey does not have`);
    if (known === name && [...this.targets.keys()].some((n) => n.startsWith(`${known}.`))) {
      throw new ExpressionError(`it refers to the whole matrix ${name}; Verdi compares one row at a time`);
    }
    if (this.handled.has(known)) throw new ExpressionError(`it refers to ${name}, which was not taken over`);
    throw new ExpressionError(`it refers to ${name}, which does not come before it`);
  }

  /** A SurveyJS answer value as Verdi stores it: an option key, 1/0 for yes/no, or a number. */
  private answer(target: Target, value: Scalar): string {
    const text = String(value);
    if (target.optionKeys) {
      const lower = text.toLowerCase();
      const key =
        target.optionKeys.get(text) ??
        [...target.optionKeys.entries()].find(([v]) => v.toLowerCase() === lower)?.[1];
      return key ?? validKey(text, OPTION_KEY_PATTERN, 'option');
    }
    if (target.item.type === ItemType.YES_NO) {
      if (text === target.yes || value === true) return '1';
      if (text === target.no || value === false) return '0';
      throw new ExpressionError(`${target.item.key} is a yes/no question, which cannot be "${text}"`);
    }
    if (target.item.type === ItemType.TEXT)
      throw new ExpressionError(`${target.item.key} is a text question, whose answers cannot be compared`);
    const number = typeof value === 'number' ? value : Number(text);
    if (text.trim() === '' || !Number.isFinite(number))
      throw new ExpressionError(`it compares ${target.item.key} with "${text}", which is not a number`);
    return String(number);
  }

  /** Leaves the final word to the definition rules: a condition they would object to is not taken over. */
  private checked(showIf: ShowIf, item: Item): ShowIf {
    const target = [...this.targets.values()].find((t) => t.item.key === showIf.item)!.item;
    const probe: Item = { ...item, type: ItemType.TEXT, scale: null, options: null, construct: null, showIf };
    const problems = problemsOf({
      scales: this.scales,
      constructs: [],
      sections: [{ key: 'probe', title: { nb: 'probe' }, items: [target, probe] }],
    }).filter((p) => p.item === probe.key && p.path.includes('.showIf'));
    if (problems.length > 0) {
      throw new ExpressionError(problems.map((p) => p.message.replace(`Item ${probe.key}: `, '')).join('; '));
    }
    return showIf;
  }
}

function localeOf(value: unknown): Locale {
  const language = (scalarText(value) ?? '').toLowerCase().split(/[-_]/)[0];
  if (!language || language === 'nb' || language === 'no') return 'nb';
  if (language === 'en' || language === 'nn') return language;
  return 'other';
}

export function importSurveyJs(content: string, name?: string): ImportResult {
  let survey: unknown;
  try {
    survey = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw ValidationError.forFields({ content: `is not JSON: ${(error as Error).message}` });
  }
  if (!isObject(survey)) {
    throw ValidationError.forFields({ content: 'is not a SurveyJS survey: it is not a JSON object' });
  }
  const pages: Json[] = Array.isArray(survey.pages)
    ? survey.pages.filter(isObject)
    : Array.isArray(survey.elements) || Array.isArray(survey.questions)
      ? [{ name: 'page1', elements: survey.elements ?? survey.questions }]
      : [];
  if (pages.length === 0) {
    throw ValidationError.forFields({ content: 'is not a SurveyJS survey: it has no pages and no elements' });
  }
  const elementsOf = (page: Json) => {
    const elements = page.elements ?? page.questions;
    return Array.isArray(elements) ? elements : [];
  };
  if (pages.every((page) => elementsOf(page).length === 0)) {
    throw ValidationError.forFields({
      content: 'is not a SurveyJS survey with questions: its pages have no elements',
    });
  }

  const maxTextLength =
    typeof survey.maxTextLength === 'number' && survey.maxTextLength > 0 ? survey.maxTextLength : undefined;
  const importer = new SurveyJsImport(localeOf(survey.locale), maxTextLength);
  const surveyElement: ElementContext = { name: 'survey' };
  const title = importer.text(survey.title, surveyElement);
  const description = importer.text(survey.description, surveyElement);
  for (const page of pages) importer.collectNames(elementsOf(page));
  const singlePage = !Array.isArray(survey.pages);
  pages.forEach((page, index) => importer.page(page, index, singlePage ? title : undefined));

  for (const property of [
    'triggers',
    'calculatedValues',
    'completedHtmlOnCondition',
    'navigateToUrlOnCondition',
  ]) {
    const value = survey[property];
    if (Array.isArray(value) && value.length > 0) {
      importer.report('survey', `its ${property} have no counterpart in Verdi; they were left out`);
    }
  }

  return {
    name: name?.trim() || title?.nb || DEFAULT_NAME,
    description: description?.nb ?? null,
    definition: canonicalDefinition({ scales: importer.scales, constructs: [], sections: importer.sections }),
    unmapped: importer.unmapped,
  };
}
