import { ValidationError } from '../../common/errors.js';
import { canonicalDefinition } from '../definition.canonical.js';
import { KEY_PATTERN, OPTION_KEY_PATTERN } from '../definition.rules.js';
import {
  isIsoDay,
  ItemType,
  OTHER_CHOICE,
  RespondentRole,
  ShowIfOperator,
  type ChoiceOption,
  type Construct,
  type Item,
  type LocalizedText,
  type Scale,
  type ScalePoint,
  type Section,
  type ShowIf,
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
import {
  ExpressionError,
  evaluate,
  isTrue,
  parseExpression,
  variablesOf,
  type Expression,
  type Scalar,
} from './surveyjs-expression.js';
import {
  ROLE_TYPE,
  SURVEYJS_VERDI_FORMAT,
  fromSurveyJsText,
  hasOtherBraces,
  toSurveyJsText,
  visibleIfOf,
} from './surveyjs-export.js';
import { scaleAndConstructErrors } from './verdi-json.js';
import { ROLE_CHOICES } from './xlsform.js';
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

/** What a survey exported by Verdi carries beside SurveyJS's own properties (see surveyjs-export.ts). */
interface VerdiExtras {
  scales: Scale[];
  constructs: Construct[];
}

const LANGUAGE_KEYS = new Set(['nb', 'en', 'nn']);

/** A Verdi text as written in a `verdi…` property, or undefined when it is not one. */
function verdiText(value: unknown): LocalizedText | undefined {
  if (!isObject(value) || typeof value.nb !== 'string' || !value.nb.trim()) return undefined;
  if (Object.entries(value).some(([k, v]) => !LANGUAGE_KEYS.has(k) || (v != null && typeof v !== 'string')))
    return undefined;
  return value as unknown as LocalizedText;
}

function sameText(a: LocalizedText | null | undefined, b: LocalizedText): boolean {
  return (
    !!a && (['nb', 'en', 'nn'] as const).every((language) => (a[language] ?? '') === (b[language] ?? ''))
  );
}

function verdiRoles(value: unknown): RespondentRole[] | undefined {
  if (!Array.isArray(value) || value.some((role) => !ALL_ROLES.includes(role as RespondentRole)))
    return undefined;
  return ALL_ROLES.filter((role) => value.includes(role));
}

function verdiShowIf(value: unknown): ShowIf | undefined {
  if (!isObject(value) || typeof value.item !== 'string') return undefined;
  if (!Object.values(ShowIfOperator).includes(value.op as ShowIfOperator)) return undefined;
  if (!Array.isArray(value.values) || value.values.some((v) => typeof v !== 'string')) return undefined;
  return { item: value.item, op: value.op as ShowIfOperator, values: [...(value.values as string[])] };
}

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

  /** The name of the question Verdi's export asks the respondent's role with, once met. */
  private roleName: string | undefined;

  constructor(
    private readonly plan: TextPlan,
    private readonly maxTextLength: number | undefined,
    /** Set when the survey is Verdi's own export: its texts are plain text, its `verdi…` properties are read. */
    readonly verdi: VerdiExtras | null = null,
  ) {
    if (verdi) this.scales.push(...verdi.scales);
  }

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
      // Verdi's own export writes plain text, line breaks and all; SurveyJS shows titles as text unless told otherwise.
      const clean = text === undefined ? '' : this.verdi ? text.trim() : stripHtml(text);
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
  page(page: Json, index: number, fallbackTitle: LocalizedText | undefined, surveyRandom = false): void {
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
    // Questions shown in a random order: the page's own setting, else the survey's ("initial" keeps the order).
    const order = scalarText(page.questionsOrder);
    const random =
      order === 'random' || (order !== 'initial' && surveyRandom) || page.verdiRandomiseOrder === true;
    const section: Section = { key, title, items: [], ...(random ? { randomiseOrder: true } : {}) };
    this.sections.push(section);
    const elements = page.elements ?? page.questions;
    for (const child of Array.isArray(elements) ? elements : []) this.element(child, section, condition);
    // A grid: Verdi's own flag, or a page that is one SurveyJS matrix; either way only where Verdi can show one (every
    // item Likert on one scale).
    const children = Array.isArray(elements) ? elements.filter(isObject) : [];
    const oneMatrix = children.length === 1 && scalarText(children[0]!.type) === 'matrix';
    if (
      (page.verdiGrid === true || oneMatrix) &&
      section.items.length > 0 &&
      section.items.every((item) => item.type === ItemType.LIKERT && item.scale === section.items[0]!.scale)
    )
      section.grid = true;
    if (section.items.length === 0 && !this.verdi) {
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
      if (this.roleName === undefined && isRoleQuestion(raw, name)) {
        // Verdi's export asks the role first; the other questions' visibleIf give the roles they are shown to.
        this.roleName = name;
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
      if (this.verdi) this.verdiFields(item, raw, name);
      const exact = inheritedCondition ? undefined : this.exactCondition(raw, ownCondition, name);
      if (exact) Object.assign(item, exact);
      else this.condition(item, condition, name);
      section.items.push(item);
      this.itemKeys.add(item.key);
      this.targets.set(name, { ...built, item });
    } finally {
      this.handled.add(name);
    }
  }

  /** Construct, reverse-scoring and role wordings, from the `verdi…` properties of Verdi's export. */
  private verdiFields(item: Item, raw: Json, name: string): void {
    const constructs = this.verdi!.constructs;
    if (raw.verdiConstruct !== undefined) {
      if (typeof raw.verdiConstruct === 'string' && constructs.some((c) => c.key === raw.verdiConstruct))
        item.construct = raw.verdiConstruct;
      else this.note('verdi.property-unreadable', name);
    }
    item.reverseScored = raw.verdiReverseScored === true;
    for (const [property, field] of [
      ['verdiPrompt', 'prompt'],
      ['verdiHelp', 'help'],
    ] as const) {
      if (raw[property] === undefined) continue;
      const exact = verdiText(raw[property]);
      if (!exact) this.note('verdi.property-unreadable', name);
      // Only while SurveyJS's text is still the one Verdi wrote for it: an edit made in SurveyJS wins.
      else if (sameText(item[field], toSurveyJsText(exact))) item[field] = exact;
    }
    if (raw.verdiPromptByRole !== undefined) {
      const prompts = Array.isArray(raw.verdiPromptByRole)
        ? raw.verdiPromptByRole.map((entry) =>
            isObject(entry) &&
            verdiRoles([entry.role]) &&
            verdiText(entry.text) &&
            (entry.easyRead === undefined || verdiText(entry.easyRead))
              ? {
                  role: entry.role as RespondentRole,
                  text: verdiText(entry.text)!,
                  ...(entry.easyRead !== undefined ? { easyRead: verdiText(entry.easyRead)! } : {}),
                }
              : undefined,
          )
        : [undefined];
      if (prompts.every((p) => p !== undefined)) item.promptByRole = prompts;
      else this.note('verdi.property-unreadable', name);
    }
    if (raw.verdiEasyRead !== undefined) {
      const easyRead = verdiText(raw.verdiEasyRead);
      if (easyRead) item.easyRead = easyRead;
      else this.note('verdi.property-unreadable', name);
    }
  }

  /**
   * The roles and show-if exactly as Verdi exported them, when the question's `visibleIf` is still the one Verdi wrote
   * for them (SurveyJS's expression can say a show-if in other words, e.g. `{nps} anyof [9, 10]` is also `> 8`).
   * Undefined when the `visibleIf` was edited in SurveyJS: then the edit is read as SurveyJS means it.
   */
  private exactCondition(
    raw: Json,
    own: string | undefined,
    name: string,
  ): { roles: RespondentRole[]; showIf: ShowIf | null } | undefined {
    if (raw.verdiRoles === undefined && raw.verdiShowIf === undefined) return undefined;
    const roles = verdiRoles(raw.verdiRoles);
    const showIf = raw.verdiShowIf === undefined ? null : verdiShowIf(raw.verdiShowIf);
    if (!roles || showIf === undefined) {
      this.note('verdi.property-unreadable', name);
      return undefined;
    }
    const target = showIf
      ? [...this.targets.values()].find((t) => t.item.key === showIf.item)?.item
      : undefined;
    if (showIf && !target) return undefined;
    const expected = visibleIfOf(roles, showIf, target, this.roleName ?? 'verdi_role');
    return (expected ?? '') === (own ?? '') ? { roles, showIf } : undefined;
  }

  /**
   * A `visibleIf` as roles and show-if. Parts joined by `and` that only look at the role question give the roles the
   * item is shown to (evaluated for each role); the rest is the show-if.
   */
  private condition(item: Item, condition: string | undefined, name: string): void {
    if (!condition || this.roleName === undefined) {
      item.showIf = this.conditions.showIf(condition, name, item);
      return;
    }
    let parsed: Expression;
    try {
      parsed = parseExpression(condition);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      item.showIf = this.conditions.showIf(condition, name, item);
      return;
    }
    const role = this.roleName.toLowerCase();
    const rest: Expression[] = [];
    let roles: RespondentRole[] | undefined;
    for (const part of parsed.kind === 'and' ? parsed.parts : [parsed]) {
      const names = variablesOf(part);
      if (names.some((n) => n.toLowerCase() !== role)) {
        rest.push(part);
        continue;
      }
      try {
        const shown = ALL_ROLES.filter((r) =>
          isTrue(evaluate(part, (n) => (n.toLowerCase() === role ? ROLE_CHOICES[r] : undefined))),
        );
        roles = (roles ?? ALL_ROLES).filter((r) => shown.includes(r));
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        rest.push(part);
      }
    }
    if (roles) item.roles = roles;
    item.showIf =
      rest.length === 0
        ? null
        : this.conditions.showIf(rest.length === 1 ? rest[0]! : { kind: 'and', parts: rest }, name, item);
  }

  /** The item key for a question name, reported when it had to change. */
  private itemKey(name: string): string {
    const valid = validKey(name, KEY_PATTERN, 'q');
    const key = uniqueKey(valid, (k) => this.itemKeys.has(k));
    if (key !== valid) this.note('key.taken', name);
    else if (key !== name) this.note('key.renamed', name);
    return key;
  }

  /**
   * SurveyJS's piping of a question's answer, `{name}`, as Verdi's `{{key}}` in every text, once every question
   * has its key; other braces (variables, `{row.x}`, a name that was left out) stay as written, and are noted.
   */
  pipeAnswers(): void {
    const keyOf = (name: string) => this.targets.get(name)?.item.key;
    for (const [name, { item }] of this.targets) {
      item.prompt = fromSurveyJsText(item.prompt, keyOf);
      if (item.help) item.help = fromSurveyJsText(item.help, keyOf);
      if (item.promptByRole)
        item.promptByRole = item.promptByRole.map((p) => ({ ...p, text: fromSurveyJsText(p.text, keyOf) }));
      if (!this.verdi && hasOtherBraces(item.prompt.nb)) this.note('title.piped', name);
    }
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
        const choices = this.choices(raw, name);
        const { options, answers } = this.options(choices, name);
        // SurveyJS stores its "Other" item as "other" with the text beside it: Verdi's "other, specify".
        const other =
          (raw.showOtherItem === true || raw.hasOther === true) &&
          type !== 'imagepicker' &&
          !options.some((o) => o.key === OTHER_CHOICE);
        for (const [properties, kind] of SPECIAL_CHOICES) {
          if (kind === 'choice.other' && other) continue;
          if (properties.some((p) => raw[p] === true)) this.note(kind, name);
        }
        if (options.length < 2) {
          // Say why there are none, when the choices were to come from elsewhere.
          this.dropped(raw, name);
          this.note('question.too-few-choices', name);
          return undefined;
        }
        return {
          item: {
            type: multi ? ItemType.MULTI_CHOICE : ItemType.SINGLE_CHOICE,
            options,
            ...(other ? { otherOption: true } : {}),
          },
          answers: other ? [...answers, { raw: OTHER_CHOICE, stored: OTHER_CHOICE }] : answers,
          multi,
        };
      }
      case 'ranking': {
        // SurveyJS keeps a ranking as the choices' values in order, as Verdi does.
        const { options } = this.options(this.choices(raw, name), name);
        if (raw.selectToRankEnabled === true) this.note('ranking.partial', name);
        if (options.length < 2) {
          this.dropped(raw, name);
          this.note('question.too-few-choices', name);
          return undefined;
        }
        return { item: { type: ItemType.RANKING, options } };
      }
      case 'slider': {
        if (raw.sliderType === 'range') {
          this.note('slider.range', name);
          return undefined;
        }
        const min = this.bound(raw.min, name) ?? 0;
        const max = this.bound(raw.max, name) ?? 100;
        const step = typeof raw.step === 'number' && raw.step > 0 ? raw.step : null;
        const labels = Array.isArray(raw.customLabels) ? raw.customLabels.filter(isObject) : [];
        const labelAt = (value: number) => {
          const label = labels.find((l) => Number(l.value) === value);
          return label ? (this.text(label.text ?? label.value, name) ?? null) : null;
        };
        if (labels.some((l) => Number(l.value) !== min && Number(l.value) !== max))
          this.note('slider.labels', name);
        return {
          item: {
            type: ItemType.SLIDER,
            min,
            max,
            step,
            minLabel: labelAt(min),
            maxLabel: labelAt(max),
          },
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
        if (inputType === 'number') {
          return {
            item: { type: ItemType.NUMBER, min: this.bound(raw.min, name), max: this.bound(raw.max, name) },
          };
        }
        if (inputType === 'range') {
          // The browser's range input: a slider, from 0 to 100 in steps of 1 unless told otherwise.
          const step = Number(raw.step);
          return {
            item: {
              type: ItemType.SLIDER,
              min: this.bound(raw.min, name) ?? 0,
              max: this.bound(raw.max, name) ?? 100,
              step: Number.isFinite(step) && step > 0 ? step : null,
            },
          };
        }
        if (inputType === 'date') {
          const day = (value: unknown) => {
            if (value === undefined || value === null || value === '') return null;
            if (typeof value === 'string' && isIsoDay(value)) return value;
            this.note('date.bound', name);
            return null;
          };
          return { item: { type: ItemType.DATE, earliest: day(raw.min), latest: day(raw.max) } };
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

  /** A number question's or slider's min or max; dropped (and reported) when it is not a number. */
  private bound(value: unknown, name: string): number | null {
    if (value === undefined || value === null || value === '') return null;
    const number = Number(value);
    if (Number.isFinite(number)) return number;
    this.note('number.bound', name);
    return null;
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
    const own = this.verdiScale(raw, name);
    if (own) return own;
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

  /** A rating of Verdi's export on its Verdi scale, "Vet ikke" and all, while its values are still the scale's. */
  private verdiScale(raw: Json, name: string): Built | undefined {
    if (!this.verdi || raw.verdiScale === undefined) return undefined;
    const scale = this.verdi.scales.find((s) => s.key === raw.verdiScale);
    const values: unknown[] = Array.isArray(raw.rateValues)
      ? raw.rateValues.map((v) => (isObject(v) ? v.value : v))
      : [];
    if (
      !scale ||
      raw.autoGenerate === true ||
      values.length !== scale.points.length ||
      values.some((v, i) => !isScalar(v) || Number(v) !== scale.points[i]!.value)
    ) {
      this.note('verdi.scale-changed', name);
      return undefined;
    }
    return {
      item: { type: ItemType.LIKERT, scale: scale.key },
      answers: values.map((v, i) => ({ raw: v as Scalar, stored: String(scale.points[i]!.value) })),
    };
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

/**
 * The role question of Verdi's export: marked so, or (after the SurveyJS Creator dropped the `verdi…` properties it
 * does not know) a `radiogroup` named `verdi_role` whose values are exactly the three roles.
 */
function isRoleQuestion(raw: Json, name: string): boolean {
  if (raw.verdiType === ROLE_TYPE) return true;
  if (raw.type !== 'radiogroup' || !/^verdi_role(_\d+)?$/.test(name) || !Array.isArray(raw.choices))
    return false;
  const values = raw.choices.map((c) => (isObject(c) ? c.value : c));
  const roles = Object.values(ROLE_CHOICES);
  return values.length === roles.length && roles.every((role) => values.includes(role));
}

/** The scales and constructs of Verdi's export, when they are in Verdi's format (its JSON Schema). */
function verdiExtras(block: unknown): VerdiExtras | undefined {
  if (!isObject(block) || block.formatVersion !== SURVEYJS_VERDI_FORMAT) return undefined;
  const scales = block.scales ?? [];
  const constructs = block.constructs ?? [];
  if (scaleAndConstructErrors(scales, constructs).length > 0) return undefined;
  return canonicalDefinition({
    scales: scales as Scale[],
    constructs: constructs as Construct[],
    sections: [],
  });
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
  const extras = verdiExtras(survey.verdi);
  const importer = new SurveyJsImport(plan, maxTextLength, extras ?? null);
  if (survey.verdi !== undefined && !extras) importer.note('verdi.unreadable');
  const title = importer.text(survey.title, 'survey');
  const description = importer.text(survey.description, 'survey');
  for (const page of pages) importer.collectNames(elementsOf(page));
  const singlePage = !Array.isArray(survey.pages);
  const surveyRandom = scalarText(survey.questionsOrder) === 'random';
  pages.forEach((page, index) => importer.page(page, index, singlePage ? title : undefined, surveyRandom));
  importer.pipeAnswers();

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
    definition: canonicalDefinition({
      scales: importer.scales,
      constructs: importer.verdi?.constructs ?? [],
      sections: importer.sections,
    }),
    notes: importer.notes.list(),
  };
}
