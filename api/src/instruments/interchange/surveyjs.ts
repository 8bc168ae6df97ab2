import { ValidationError } from '../../common/errors.js';
import { canonicalDefinition } from '../definition.canonical.js';
import { KEY_PATTERN, OPTION_KEY_PATTERN } from '../definition.rules.js';
import {
  ItemType,
  RespondentRole,
  type ChoiceOption,
  type Item,
  type LocalizedText,
  type Scale,
  type ScalePoint,
  type Section,
} from '../definition.types.js';
import { ImportNotes, noteSentence, type ImportResult } from './import-notes.js';
import {
  isObject,
  isScalar,
  joinTexts,
  languageOf,
  scalarText,
  stripHtml,
  textPlan,
  uniqueKey,
  validKey,
  type Json,
  type TextPlan,
} from './surveyjs-text.js';
import { ConditionTranslator, type Answer, type Target } from './surveyjs-conditions.js';
import type { Scalar } from './surveyjs-expression.js';
import {
  DROPPED_PROPERTIES,
  NOTES,
  SPECIAL_CHOICES,
  inputTypeNote,
  leftOutNote,
  otherLanguageNote,
  type NoteKind,
  type StaticNote,
} from './surveyjs-notes.js';

/**
 * Imports a SurveyJS form-library survey (its JSON, as the SurveyJS Creator saves it), following the form library's
 * own semantics: `visibleIf` decides over `visible`, a matrix without rows is one question, texts under "default" are
 * in the survey's `locale` (English when it names none), and conditions mean what SurveyJS's expression engine makes
 * of them. Pages become sections and the questions Verdi has a counterpart for become items; every loss is reported
 * once per kind, with the elements it touched (see surveyjs-notes.ts).
 */

const ALL_ROLES = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];
const MAX_TEXT_LENGTH = 20000;
const DEFAULT_NAME = 'SurveyJS import';

const conditionOf = (...parts: (string | undefined)[]): string | undefined => {
  const given = parts.filter((p): p is string => !!p);
  return given.length <= 1 ? given[0] : given.map((p) => `(${p})`).join(' and ');
};

/** What a question becomes before the fields every item shares are added. */
type Built = Omit<Target, 'item'> & { item: Partial<Item> & Pick<Item, 'type'> };

interface Choice {
  raw: Scalar;
  value: string;
  text: unknown;
  source?: Json;
}

class SurveyJsImport {
  readonly notes = new ImportNotes();
  readonly scales: Scale[] = [];
  readonly sections: Section[] = [];
  private readonly itemKeys = new Set<string>();
  private readonly targets = new Map<string, Target>();
  /** Every element name in the survey, and those handled so far: to tell "comes later" from "was left out". */
  private readonly allNames = new Set<string>();
  private readonly handled = new Set<string>();
  private unnamed = 0;
  /** Whether some "default" text was placed under a language, for the note on how that was decided. */
  defaultUsed = false;

  private readonly conditions = new ConditionTranslator(
    this,
    this.targets,
    this.allNames,
    this.handled,
    this.scales,
  );

  constructor(
    private readonly plan: TextPlan,
    private readonly maxTextLength: number | undefined,
  ) {}

  note(kind: StaticNote, field?: string): void {
    const { severity, message } = NOTES[kind];
    this.notes.add(`surveyjs.${kind}`, severity, message, field);
  }

  noteOf(kind: string, note: NoteKind, field?: string): void {
    this.notes.add(`surveyjs.${kind}`, note.severity, note.message, field);
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

  /**
   * A SurveyJS string, plain or localised, as Verdi's bokmål/English/nynorsk text; HTML tags are stripped. A plain
   * string is the "default" text, which SurveyJS shows in the survey's locale (English when the survey names none).
   */
  text(value: unknown, field: string): LocalizedText | undefined {
    const entries: [string, unknown][] = isObject(value) ? Object.entries(value) : [['default', value]];
    const texts = new Map<string, string>();
    let fallback: string | undefined;
    for (const [code, raw] of entries) {
      const text = scalarText(raw);
      const clean = text === undefined ? '' : stripHtml(text);
      if (!clean) continue;
      if (code === 'default') fallback = clean;
      else if (code.toLowerCase() === 'nb' || !texts.has(languageOf(code)))
        texts.set(languageOf(code), clean);
    }
    if (fallback !== undefined) {
      const { primary, secondary } = this.plan;
      if (!texts.has(primary)) texts.set(primary, fallback);
      else if (secondary && !texts.has(secondary)) texts.set(secondary, fallback);
      if (texts.get(primary) === fallback || (secondary && texts.get(secondary) === fallback))
        this.defaultUsed = true;
      else if (texts.get(primary) !== fallback) this.note('language.default-dropped', field);
    }
    for (const language of texts.keys()) {
      if (language !== 'nb' && language !== 'nn' && language !== 'en')
        this.noteOf(`language.other.${language}`, otherLanguageNote(language), field);
    }
    if (texts.size === 0) return undefined;
    let nb = texts.get('nb');
    const en = texts.get('en');
    const nn = texts.get('nn');
    if (!nb) {
      nb = en ?? nn ?? [...texts.values()][0]!;
      this.note('language.no-bokmal', field);
    }
    return { nb, ...(en ? { en } : {}), ...(nn ? { nn } : {}) };
  }

  /** Imports one page into a section; a page with nothing Verdi can take over is left out. */
  page(page: Json, index: number, fallbackTitle: LocalizedText | undefined): void {
    const name = scalarText(page.name) || `page${index + 1}`;
    const condition = scalarText(page.visibleIf)?.trim() || undefined;
    // SurveyJS runs visibleIf and sets `visible` to its result, so visible: false only hides what has no visibleIf.
    if (page.visible === false && !condition) {
      this.note('page.hidden', name);
      this.leftOut(page.elements ?? page.questions, 'page.hidden');
      return;
    }
    const title = this.text(page.title, name) ?? fallbackTitle ?? { nb: name };
    const key = uniqueKey(validKey(name, KEY_PATTERN, 's'), (k) => this.sections.some((s) => s.key === k));
    const section: Section = { key, title, items: [] };
    this.sections.push(section);
    const elements = page.elements ?? page.questions;
    for (const child of Array.isArray(elements) ? elements : []) this.element(child, section, condition);
    if (section.items.length === 0) {
      this.note('page.empty', name);
      this.sections.splice(this.sections.indexOf(section), 1);
    }
  }

  /** Names the elements of a hidden page or panel in its note, and marks them as handled for the conditions. */
  private leftOut(elements: unknown, kind: StaticNote): void {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isObject(element)) continue;
      const name = scalarText(element.name);
      if (name) {
        this.handled.add(name);
        this.note(kind, name);
      }
      this.leftOut(element.elements ?? element.questions, kind);
    }
  }

  private element(raw: unknown, section: Section, inheritedCondition: string | undefined): void {
    if (!isObject(raw)) return;
    const type = (scalarText(raw.type) ?? '').toLowerCase();
    let name = scalarText(raw.name);
    if (!name) {
      name = `question${++this.unnamed}`;
      this.note('element.unnamed', name);
    }
    try {
      const ownCondition = scalarText(raw.visibleIf)?.trim() || undefined;
      if (raw.visible === false && !ownCondition) {
        this.note('element.hidden', name);
        this.leftOut(raw.elements ?? raw.questions, 'element.hidden');
        return;
      }
      const condition = conditionOf(inheritedCondition, ownCondition);

      if (type === 'panel') {
        this.note('panel.flattened', name);
        this.dropped(raw, name);
        const children = raw.elements ?? raw.questions;
        for (const child of Array.isArray(children) ? children : []) this.element(child, section, condition);
        return;
      }
      if (type === 'matrix') {
        this.matrix(raw, name, section, condition);
        return;
      }
      const built = this.question(raw, type, name);
      if (!built) return;
      this.dropped(raw, name);
      const item: Item = {
        ...built.item,
        key: this.itemKey(name),
        roles: [...ALL_ROLES],
        prompt: this.text(raw.title, name) ?? { nb: name },
        help: this.text(raw.description, name) ?? null,
        required: raw.isRequired === true,
        reverseScored: false,
      };
      this.piped(item.prompt, name);
      item.showIf = this.conditions.showIf(condition, name, item);
      section.items.push(item);
      this.itemKeys.add(item.key);
      this.targets.set(name, { ...built, item });
    } finally {
      this.handled.add(name);
    }
  }

  /** The item key for a question name, reported when it had to change. */
  private itemKey(name: string): string {
    const valid = validKey(name, KEY_PATTERN, 'q');
    const key = uniqueKey(valid, (k) => this.itemKeys.has(k));
    if (key !== valid) this.note('key.taken', name);
    else if (key !== name) this.note('key.renamed', name);
    return key;
  }

  private piped(prompt: LocalizedText, name: string): void {
    if (/\{[^}]+\}/.test(prompt.nb)) this.note('title.piped', name);
  }

  private dropped(raw: Json, name: string): void {
    for (const [property, kind] of Object.entries(DROPPED_PROPERTIES)) {
      const value = raw[property];
      if (
        value === undefined ||
        value === null ||
        value === '' ||
        value === false ||
        (Array.isArray(value) && value.length === 0) ||
        (isObject(value) && Object.keys(value).length === 0)
      )
        continue;
      this.note(kind, name);
    }
    if (raw.readOnly === true) this.note('property.readOnly', name);
  }

  /** The item a question becomes, without the fields every item shares; undefined (and reported) when left out. */
  private question(raw: Json, type: string, name: string): Built | undefined {
    switch (type) {
      case 'rating':
        return this.rating(raw, name);
      case 'radiogroup':
      case 'dropdown':
      case 'checkbox':
      case 'tagbox':
      case 'imagepicker': {
        const multi =
          type === 'checkbox' || type === 'tagbox' || (type === 'imagepicker' && raw.multiSelect === true);
        if (type === 'imagepicker') this.note('imagepicker.images', name);
        for (const [properties, kind] of SPECIAL_CHOICES) {
          if (properties.some((p) => raw[p] === true)) this.note(kind, name);
        }
        const choices = this.choices(raw, name);
        const { options, answers } = this.options(choices, name);
        if (options.length < 2) {
          // Say why there are none, when the choices were to come from elsewhere.
          this.dropped(raw, name);
          this.note('question.too-few-choices', name);
          return undefined;
        }
        return {
          item: { type: multi ? ItemType.MULTI_CHOICE : ItemType.SINGLE_CHOICE, options },
          answers,
          multi,
        };
      }
      case 'boolean': {
        if ([raw.labelTrue, raw.labelFalse].some((l) => this.text(l, name)))
          this.note('boolean.labels', name);
        const yes = isScalar(raw.valueTrue) ? raw.valueTrue : true;
        const no = isScalar(raw.valueFalse) ? raw.valueFalse : false;
        return {
          item: { type: ItemType.YES_NO },
          answers: [
            { raw: yes, stored: '1' },
            { raw: no, stored: '0' },
          ],
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
            this.note('number.bound', name);
            return null;
          };
          return { item: { type: ItemType.NUMBER, min: bound('min'), max: bound('max') } };
        }
        if (inputType !== 'text') this.noteOf(`text.input-type.${inputType}`, inputTypeNote(inputType), name);
        return { item: { type: ItemType.TEXT, maxLength: this.maxLength(raw, name) } };
      }
      case 'comment':
        return { item: { type: ItemType.TEXT, maxLength: this.maxLength(raw, name) } };
      default:
        this.noteOf(`element.type.${type || 'unknown'}`, leftOutNote(type), name);
        return undefined;
    }
  }

  private maxLength(raw: Json, name: string): number | null {
    const own = typeof raw.maxLength === 'number' && raw.maxLength > 0 ? raw.maxLength : undefined;
    const length = own ?? this.maxTextLength;
    if (length === undefined) return null;
    if (length > MAX_TEXT_LENGTH) {
      this.note('text.max-length', name);
      return MAX_TEXT_LENGTH;
    }
    return Math.floor(length);
  }

  /** The choices of a question (or the rows or columns of a matrix); choice-level conditions are reported. */
  private choices(raw: Json, name: string, list: unknown = raw.choices): Choice[] {
    const entries = Array.isArray(list) ? list : [];
    const choices = entries.flatMap((entry): Choice[] => {
      if (isObject(entry)) {
        if (!isScalar(entry.value)) return [];
        return [{ raw: entry.value, value: String(entry.value), text: entry.text, source: entry }];
      }
      if (!isScalar(entry)) return [];
      // SurveyJS reads a string choice "1|Yes" as value 1 with the text Yes.
      const bar = typeof entry === 'string' ? entry.indexOf('|') : -1;
      return typeof entry === 'string' && bar >= 0
        ? [{ raw: entry.slice(0, bar), value: entry.slice(0, bar), text: entry.slice(bar + 1) }]
        : [{ raw: entry, value: String(entry), text: undefined }];
    });
    if (choices.length === 0 && list === raw.choices && typeof raw.choicesMax === 'number') {
      // A drop-down can generate its choices as numbers from choicesMin to choicesMax.
      const min = typeof raw.choicesMin === 'number' ? raw.choicesMin : 0;
      const step = typeof raw.choicesStep === 'number' && raw.choicesStep > 0 ? raw.choicesStep : 1;
      for (let value = min; value <= raw.choicesMax && choices.length < 1000; value += step)
        choices.push({ raw: value, value: String(value), text: undefined });
    }
    for (const choice of choices) {
      if (scalarText(choice.source?.visibleIf)?.trim()) this.note('choice.visibleIf', name);
      if (scalarText(choice.source?.enableIf)?.trim()) this.note('choice.enableIf', name);
    }
    return choices;
  }

  private options(choices: Choice[], name: string): { options: ChoiceOption[]; answers: Answer[] } {
    const options: ChoiceOption[] = [];
    const answers: Answer[] = [];
    for (const [index, choice] of choices.entries()) {
      if (answers.some((a) => a.raw === choice.raw || String(a.raw) === choice.value)) {
        this.note('option.duplicate', name);
        continue;
      }
      const valid = validKey(choice.value, OPTION_KEY_PATTERN, 'option') || `option_${index + 1}`;
      const key = uniqueKey(valid, (k) => options.some((o) => o.key === k));
      if (key !== choice.value) this.note('option.renamed', name);
      answers.push({ raw: choice.raw, stored: key });
      options.push({ key, label: this.text(choice.text ?? choice.value, name) ?? { nb: choice.value } });
    }
    return { options, answers };
  }

  private rating(raw: Json, name: string): Built | undefined {
    const listed = Array.isArray(raw.rateValues) && raw.rateValues.length > 0 && raw.autoGenerate !== true;
    let choices: Choice[];
    if (listed) {
      choices = this.choices(raw, name, raw.rateValues);
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
        const rounded = Math.round(value * 1e6) / 1e6;
        choices.push({ raw: rounded, value: String(rounded), text: undefined });
      }
    }
    if (choices.length < 2) {
      this.note('rating.too-few', name);
      return undefined;
    }
    const ends = [raw.minRateDescription, raw.maxRateDescription].map((d) => this.text(d, name));
    const numbers = choices.map((c) => Number(c.value));
    if (
      numbers.some((n, i) => !Number.isInteger(n) || choices[i]!.value.trim() === '') ||
      new Set(numbers).size !== numbers.length
    ) {
      const { options, answers } = this.options(choices, name);
      this.note('rating.words', name);
      return { item: { type: ItemType.SINGLE_CHOICE, options }, answers };
    }
    const points: ScalePoint[] = choices.map((choice, index) => ({
      value: numbers[index]!,
      label: (choice.text !== undefined ? this.text(choice.text, name) : undefined) ??
        (index === 0 ? ends[0] : index === choices.length - 1 ? ends[1] : undefined) ?? { nb: choice.value },
    }));
    const answers = choices.map((choice, index) => ({ raw: choice.raw, stored: String(numbers[index]) }));
    const sorted = [...points].sort((a, b) => a.value - b.value);
    if (sorted.some((p, i) => p !== points[i])) this.note('scale.order', name);
    if (sorted.length === 11 && sorted.every((p, i) => p.value === i)) {
      if (ends.some(Boolean) || choices.some((c) => c.text !== undefined))
        this.note('rating.nps-labels', name);
      return { item: { type: ItemType.NPS }, answers };
    }
    return { item: { type: ItemType.LIKERT, scale: this.scale(sorted, 'rating') }, answers };
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

  /**
   * A single-choice matrix: one item per row, the columns as a scale (or, when not numeric, as options). A matrix
   * without rows is one question in SurveyJS (its value is the chosen column), so it becomes one item.
   */
  private matrix(raw: Json, name: string, section: Section, condition: string | undefined): void {
    const rows = this.choices(raw, name, raw.rows);
    const columns = this.choices(raw, name, raw.columns);
    if (columns.length < 2) {
      this.note('matrix.too-few-columns', name);
      return;
    }
    this.dropped(raw, name);
    const numbers = columns.map((c) => Number(c.value));
    const numeric =
      numbers.every((n, i) => Number.isInteger(n) && columns[i]!.value.trim() !== '') &&
      new Set(numbers).size === numbers.length;
    let shared: Built;
    if (numeric) {
      const points = columns
        .map((column, index) => ({
          value: numbers[index]!,
          label: this.text(column.text ?? column.value, name) ?? { nb: column.value },
        }))
        .sort((a, b) => a.value - b.value);
      if (points.some((p, i) => p.value !== numbers[i])) this.note('scale.order', name);
      const answers = columns.map((column, index) => ({ raw: column.raw, stored: String(numbers[index]) }));
      shared = { item: { type: ItemType.LIKERT, scale: this.scale(points, 'matrix') }, answers };
    } else {
      const { options, answers } = this.options(columns, name);
      this.note('matrix.word-columns', name);
      shared = { item: { type: ItemType.SINGLE_CHOICE, options }, answers };
    }

    const title = this.text(raw.title, name);
    const description = this.text(raw.description, name);
    if (rows.length === 0) {
      const item: Item = {
        ...shared.item,
        key: this.itemKey(name),
        roles: [...ALL_ROLES],
        prompt: title ?? { nb: name },
        help: description ?? null,
        required: raw.isRequired === true,
        reverseScored: false,
      };
      item.showIf = this.conditions.showIf(condition, name, item);
      section.items.push(item);
      this.itemKeys.add(item.key);
      this.targets.set(name, { ...shared, item });
      return;
    }

    // The rows become the prompts; the matrix title (and description) is kept as help text on every row.
    const help = title && description ? joinTexts(title, description) : (title ?? description ?? null);
    const allRequired = raw.isAllRowRequired === true || raw.eachRowRequired === true;
    if (raw.isRequired === true && !allRequired) this.note('matrix.required-some', name);
    this.note('matrix.rows-as-items', name);
    for (const row of rows) {
      const key = uniqueKey(validKey(`${name}_${row.value}`, KEY_PATTERN, 'q'), (k) => this.itemKeys.has(k));
      const item: Item = {
        ...shared.item,
        key,
        roles: [...ALL_ROLES],
        prompt: this.text(row.text ?? row.value, name) ?? { nb: row.value },
        help,
        required: allRequired || raw.isRequired === true,
        reverseScored: false,
      };
      const rowCondition = scalarText(row.source?.visibleIf)?.trim() || undefined;
      item.showIf = this.conditions.showIf(conditionOf(condition, rowCondition), name, item);
      section.items.push(item);
      this.itemKeys.add(item.key);
      this.targets.set(`${name}.${row.value}`, { ...shared, item });
    }
  }
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
  const plan = textPlan(survey);
  const importer = new SurveyJsImport(plan, maxTextLength);
  const title = importer.text(survey.title, 'survey');
  const description = importer.text(survey.description, 'survey');
  for (const page of pages) importer.collectNames(elementsOf(page));
  const singlePage = !Array.isArray(survey.pages);
  pages.forEach((page, index) => importer.page(page, index, singlePage ? title : undefined));

  if (importer.sections.length === 0) {
    const why = importer.notes
      .list()
      .slice(0, 3)
      .map((note) => noteSentence(note, 'en'))
      .join(' ');
    throw ValidationError.forFields({ content: `has no question Verdi can take over. ${why}` });
  }
  if (!scalarText(survey.locale)?.trim() && importer.defaultUsed) {
    importer.note(plan.primary === 'en' ? 'language.default-english' : 'language.default-bokmal');
  }
  for (const property of [
    'triggers',
    'calculatedValues',
    'completedHtmlOnCondition',
    'navigateToUrlOnCondition',
  ] as const) {
    const value = survey[property];
    if (Array.isArray(value) && value.length > 0) importer.note(`survey.${property}`);
  }

  return {
    name: name?.trim() || title?.nb || DEFAULT_NAME,
    description: description?.nb ?? null,
    definition: canonicalDefinition({ scales: importer.scales, constructs: [], sections: importer.sections }),
    notes: importer.notes.list(),
  };
}
