import { isDeepStrictEqual } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../../common/errors.js';
import { slugify } from '../../common/slug.js';
import { canonicalDefinition } from '../definition.canonical.js';
import { readPlaceholders, writePlaceholders } from '../definition.piping.js';
import { KEY_PATTERN, OPTION_KEY_PATTERN } from '../definition.rules.js';
import {
  ConstructKind,
  DEFAULT_SLIDER_STEP,
  ItemType,
  OTHER_CHOICE,
  isIsoDay,
  RespondentRole,
  ShowIfOperator,
  type ChoiceOption,
  type Construct,
  type Item,
  type LocalizedText,
  type RolePrompt,
  type Scale,
  type Section,
  type ShowIf,
} from '../definition.types.js';
import { ImportNotes, NoteSeverity, noteSentence, type ImportResult as NotesResult } from './import-notes.js';
import type { InstrumentDocument } from './verdi-json.js';

/** The columns of a REDCap data dictionary, in REDCap's order. */
export const REDCAP_COLUMNS = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
] as const;

type Column =
  | 'name'
  | 'form'
  | 'section'
  | 'type'
  | 'label'
  | 'choices'
  | 'note'
  | 'validation'
  | 'min'
  | 'max'
  | 'identifier'
  | 'branching'
  | 'required'
  | 'alignment'
  | 'number'
  | 'matrix'
  | 'ranking'
  | 'annotation';

/**
 * How each column's header is spelt across REDCap versions and exports, letters and digits only, lowercased: the
 * data dictionary download ("Text Validation Type OR Show Slider Number"), older versions ("Choices OR
 * Calculations", "Text Validation Type") and the API's metadata export (`text_validation_type_or_show_slider_number`).
 */
const HEADER_SPELLINGS: Record<Column, string[]> = {
  name: ['variablefieldname', 'fieldname', 'variablename', 'variable'],
  form: ['formname', 'instrumentname', 'form'],
  section: ['sectionheader'],
  type: ['fieldtype'],
  label: ['fieldlabel'],
  choices: [
    'choicescalculationsorsliderlabels',
    'choicescalculationsorsliderlabel',
    'choicesorcalculations',
    'selectchoicesorcalculations',
    'selectchoices',
    'choices',
  ],
  note: ['fieldnote'],
  validation: [
    'textvalidationtypeorshowslidernumber',
    'textvalidationtype',
    'textvalidation',
    'validationtype',
    'validation',
  ],
  min: ['textvalidationmin', 'validationmin', 'min'],
  max: ['textvalidationmax', 'validationmax', 'max'],
  identifier: ['identifier', 'identifierfield'],
  branching: ['branchinglogicshowfieldonlyif', 'branchinglogic'],
  required: ['requiredfield', 'required'],
  alignment: ['customalignment'],
  number: ['questionnumbersurveysonly', 'questionnumber'],
  matrix: ['matrixgroupname', 'matrixgroup'],
  ranking: ['matrixranking'],
  annotation: ['fieldannotation', 'annotation'],
};

const normalizeHeader = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The three respondent roles as codes of the `role` field REDCap branches on. Fixed, and documented. */
export const ROLE_CODES: Record<RespondentRole, string> = {
  [RespondentRole.SERVICE_USER]: '1',
  [RespondentRole.PROFESSIONAL]: '2',
  [RespondentRole.CONSULTANT]: '3',
};
const ROLE_LABELS: Record<RespondentRole, string> = {
  [RespondentRole.SERVICE_USER]: 'Tjenestebruker',
  [RespondentRole.PROFESSIONAL]: 'Fagperson',
  [RespondentRole.CONSULTANT]: 'Erfaringskonsulent',
};
const ALL_ROLES = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];

/**
 * The code of the "Vet ikke / ikke aktuelt" choice: 99, or the next of these a scale does not use. Not Verdi's data
 * export code (-7): REDCap documents choice codes as letters, digits and underscores, and a minus sign is not among
 * them, so a code REDCap might refuse is not risked here.
 */
const NOT_APPLICABLE_CODES = [99, 999, 9999, 98];

// ---------------------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------------------

/** REDCap renders labels as HTML: a literal `<` or `&` must not start a tag or an entity. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A choice label cannot hold `|` (it separates choices) nor a line break (older REDCap splits on those too). */
const choiceLabel = (text: string) => html(text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '/'));

/** `@VERDI-NAME=value`, the value as JSON unless it is a plain word, so that no value can end the tag early. */
function verdiTag(name: string, value?: unknown): string {
  if (value === undefined) return `@VERDI-${name}`;
  const text = typeof value === 'string' && /^[A-Za-z0-9_,.-]+$/.test(value) ? value : JSON.stringify(value);
  return `@VERDI-${name}=${text}`;
}

/** The translations beside bokmål (which REDCap's own columns carry), or undefined when there are none. */
function others(text: LocalizedText | null | undefined): Partial<LocalizedText> | undefined {
  if (!text) return undefined;
  const rest: Partial<LocalizedText> = {};
  if (text.en != null) rest.en = text.en;
  if (text.nn != null) rest.nn = text.nn;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** `{{key}}` as REDCap pipes an answer, `[key]`; REDCap has no fallback for an unanswered field. */
const toRedcapPiping = (text: string) => writePlaceholders(text, (key) => `[${key}]`);

/**
 * REDCap's piping `[field]` (or `[field:label]`, the same for a choice) of a field in the dictionary as
 * `{{field}}`. Not `[event][field]` (another event), `[field(code)]`, `[field:value]` or smart variables: those
 * stay as written, and are noted.
 */
const REDCAP_PIPE = /(?<!\])\[([a-z][a-z0-9_]*)(?::label)?\](?!\[)/g;
function fromRedcapPiping(text: string, fields: ReadonlySet<string>): string {
  return readPlaceholders(text, REDCAP_PIPE, (name) => (fields.has(name) ? name : undefined));
}

/**
 * The translations for the tag, and bokmål too where REDCap's column cannot give it back as it was: a fallback
 * `{{key|text}}`, spaces inside the braces, or brackets that would be read as piping.
 */
function withLossyBokmal(
  text: LocalizedText,
  items: ReadonlyMap<string, Item>,
): Partial<LocalizedText> | undefined {
  const lossy = fromRedcapPiping(toRedcapPiping(text.nb), new Set(items.keys())) !== text.nb;
  const rest = others(text);
  return lossy ? { nb: text.nb, ...rest } : rest;
}

function notApplicableCode(scale: Scale | undefined): number {
  const used = new Set(scale?.points.map((p) => p.value));
  return NOT_APPLICABLE_CODES.find((code) => !used.has(code)) ?? Math.max(...used) + 1;
}

function choicesOf(item: Item, scales: Map<string, Scale>): string {
  switch (item.type) {
    case ItemType.LIKERT: {
      const scale = scales.get(item.scale ?? '');
      const points = (scale?.points ?? []).map((p) => `${p.value}, ${choiceLabel(p.label.nb)}`);
      if (scale?.notApplicable)
        points.push(`${notApplicableCode(scale)}, ${choiceLabel(scale.notApplicable.nb)}`);
      return points.join(' | ');
    }
    case ItemType.NPS:
      return Array.from({ length: 11 }, (_, n) => `${n}, ${n}`).join(' | ');
    case ItemType.SLIDER:
      // REDCap's slider labels: left | middle | right; Verdi has no middle one.
      return item.minLabel || item.maxLabel
        ? [choiceLabel(item.minLabel?.nb ?? ''), '', choiceLabel(item.maxLabel?.nb ?? '')].join(' | ')
        : '';
    case ItemType.SINGLE_CHOICE:
    case ItemType.MULTI_CHOICE:
    case ItemType.RANKING:
      return (item.options ?? []).map((o) => `${o.key}, ${choiceLabel(o.label.nb)}`).join(' | ');
    default:
      return '';
  }
}

function fieldTypeOf(item: Item): string {
  switch (item.type) {
    case ItemType.LIKERT:
    case ItemType.NPS:
    case ItemType.SINGLE_CHOICE:
      return 'radio';
    case ItemType.MULTI_CHOICE:
      return 'checkbox';
    case ItemType.RANKING:
      // REDCap has no ranking: its form shows the options as checkboxes; @VERDI-TYPE brings the ranking back.
      return 'checkbox';
    case ItemType.YES_NO:
      return 'yesno';
    case ItemType.NUMBER:
    case ItemType.DATE:
      return 'text';
    case ItemType.TEXT:
      return 'notes';
    case ItemType.SLIDER:
      return 'slider';
  }
}

/** The validation column: `number` for numbers, `date_ymd` for dates, `number` to show a slider's value. */
function validationOf(item: Item): string {
  if (item.type === ItemType.NUMBER || item.type === ItemType.SLIDER) return 'number';
  if (item.type === ItemType.DATE) return 'date_ymd';
  return '';
}

/** The validation minimum and maximum: a number's or slider's bounds, a date's earliest and latest day. */
function boundsColumns(item: Item): [string, string] {
  if (item.type === ItemType.NUMBER || item.type === ItemType.SLIDER)
    return [item.min != null ? String(item.min) : '', item.max != null ? String(item.max) : ''];
  if (item.type === ItemType.DATE) return [item.earliest ?? '', item.latest ?? ''];
  return ['', ''];
}

function conditionOf(showIf: ShowIf, items: Map<string, Item>): string {
  const multi = items.get(showIf.item)?.type === ItemType.MULTI_CHOICE;
  const equals = (value: string) =>
    multi ? `[${showIf.item}(${value})] = '1'` : `[${showIf.item}] = '${value}'`;
  switch (showIf.op) {
    case ShowIfOperator.EQUALS:
      return equals(showIf.values[0] ?? '');
    case ShowIfOperator.ONE_OF:
      return showIf.values.map(equals).join(' or ');
    case ShowIfOperator.GREATER_THAN:
      return `[${showIf.item}] > ${showIf.values[0] ?? ''}`;
    case ShowIfOperator.LESS_THAN:
      return `[${showIf.item}] < ${showIf.values[0] ?? ''}`;
  }
}

/** The item's roles as a condition on the role field, and its show-if, joined with `and`. */
function branchingOf(item: Item, items: Map<string, Item>, roleField: string): string {
  const parts: string[] = [];
  const roles = ALL_ROLES.filter((role) => item.roles.includes(role));
  // No roles at all is a draft problem Verdi reports itself; REDCap gets no condition rather than a broken one.
  if (roles.length > 0 && roles.length < ALL_ROLES.length) {
    parts.push(roles.map((role) => `[${roleField}] = '${ROLE_CODES[role]}'`).join(' or '));
  }
  if (item.showIf) parts.push(conditionOf(item.showIf, items));
  if (parts.length < 2) return parts[0] ?? '';
  return parts.map((part) => (part.includes(' or ') ? `(${part})` : part)).join(' and ');
}

function freeName(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`verdi_${wanted}_${n}`)) return `verdi_${wanted}_${n}`;
}

/**
 * A REDCap data dictionary REDCap accepts: the record id (text) first, then the `role` radio field every role-specific
 * item branches on, then one field per item. What REDCap has no column for travels in the field annotation as
 * `@VERDI-…` tags, which REDCap keeps and ignores, so Verdi → REDCap → Verdi keeps the whole instrument.
 */
export function exportRedcapDictionary(document: InstrumentDocument): string {
  // Canonical first, so that the same instrument gives the same file however its objects were built.
  const definition = canonicalDefinition(document.definition);
  const slug = slugify(document.name, 50).replace(/-/g, '_');
  const form = /^[a-z]/.test(slug) ? slug : `verdi_${slug}`.replace(/_+$/, '');
  const scales = new Map(definition.scales.map((s) => [s.key, s]));
  const allItems = definition.sections.flatMap((s) => s.items);
  const items = new Map(allItems.map((i) => [i.key, i]));
  const taken = new Set(items.keys());
  const recordId = freeName('record_id', taken);
  taken.add(recordId);
  const roleField = freeName('role', taken);
  const empty = (n: number) => Array.from({ length: n }, () => '');

  const header = [
    verdiTag('SYSTEM', 'record_id'),
    document.description?.trim() ? verdiTag('DESCRIPTION', document.description.trim()) : '',
    verdiTag('SCALES', definition.scales),
    verdiTag('CONSTRUCTS', definition.constructs),
    verdiTag(
      'SECTIONS',
      // REDCap has no order drawn per record: the randomised sections' flag travels here only.
      definition.sections.map((s) => ({
        key: s.key,
        title: s.title,
        ...(s.randomiseOrder && { randomiseOrder: true }),
        ...(s.grid && { grid: true }),
      })),
    ),
  ]
    .filter(Boolean)
    .join(' ');
  const rows: string[][] = [
    [recordId, form, '', 'text', 'Record ID', ...empty(12), header],
    [
      roleField,
      form,
      '',
      'radio',
      'Hvilken rolle svarer du i? / Which role do you answer in?',
      ALL_ROLES.map((role) => `${ROLE_CODES[role]}, ${ROLE_LABELS[role]}`).join(' | '),
      ...empty(6),
      'y',
      ...empty(4),
      verdiTag('SYSTEM', 'role'),
    ],
  ];

  for (const section of definition.sections) {
    section.items.forEach((item, index) => {
      const tags = [verdiTag('TYPE', item.type)];
      if (index === 0) tags.push(verdiTag('SECTION', section.key));
      if (item.construct) tags.push(verdiTag('CONSTRUCT', item.construct));
      if (item.reverseScored) tags.push(verdiTag('REVERSE'));
      if (item.scale) tags.push(verdiTag('SCALE', item.scale));
      const scale = scales.get(item.scale ?? '');
      if (item.type === ItemType.LIKERT && scale?.notApplicable)
        tags.push(verdiTag('NA', String(notApplicableCode(scale))));
      if (item.maxLength != null) tags.push(verdiTag('MAXLENGTH', String(item.maxLength)));
      if (item.type === ItemType.SLIDER && item.step != null) tags.push(verdiTag('STEP', String(item.step)));
      // REDCap has no "other, specify": its form shows the options only. The tag brings it back into Verdi.
      if (item.otherOption) tags.push(verdiTag('OTHER'));
      const texts: Record<string, unknown> = {};
      const prompt = withLossyBokmal(item.prompt, items);
      if (prompt) texts.prompt = prompt;
      const help = item.help && withLossyBokmal(item.help, items);
      if (help) texts.help = help;
      if (item.minLabel && (others(item.minLabel) || choiceLabel(item.minLabel.nb) !== item.minLabel.nb))
        texts.minLabel = item.minLabel;
      if (item.maxLabel && (others(item.maxLabel) || choiceLabel(item.maxLabel.nb) !== item.maxLabel.nb))
        texts.maxLabel = item.maxLabel;
      if (item.promptByRole?.length) texts.promptByRole = item.promptByRole;
      if (item.easyRead) texts.easyRead = item.easyRead;
      if (Object.keys(texts).length > 0) tags.push(verdiTag('TEXT', texts));
      const options = Object.fromEntries(
        (item.options ?? [])
          .filter((o) => others(o.label) || choiceLabel(o.label.nb) !== o.label.nb)
          .map((o) => [o.key, o.label]),
      );
      if (Object.keys(options).length > 0) tags.push(verdiTag('OPTIONS', options));
      if (!item.roles.length) tags.push(verdiTag('ROLES', 'NONE'));

      rows.push([
        item.key,
        form,
        index === 0 ? html(section.title.nb) : '',
        fieldTypeOf(item),
        html(toRedcapPiping(item.prompt.nb)),
        choicesOf(item, scales),
        item.help ? html(toRedcapPiping(item.help.nb)) : '',
        validationOf(item),
        ...boundsColumns(item),
        '',
        branchingOf(item, items, roleField),
        item.required ? 'y' : '',
        '',
        '',
        // A grid section is a REDCap matrix: its Likert rows share the choices and one group name.
        section.grid ? section.key : '',
        '',
        tags.join(' '),
      ]);
    });
  }
  return stringify([[...REDCAP_COLUMNS], ...rows], { record_delimiter: '\n' });
}

// ---------------------------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------------------------

/**
 * What the REDCap importer returns: the instrument and its notes; `unmapped` holds the notes as English sentences
 * for callers that still read the old shape.
 */
export type RedcapImportResult = NotesResult & { unmapped: string[] };

/**
 * @deprecated The shape before notes; surveyjs.ts still returns it on this branch. Import `ImportResult` from
 * import-notes.ts instead.
 */
export type ImportResult = InstrumentDocument & { unmapped: string[]; notes?: NotesResult['notes'] };

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A label as plain text: line breaks kept, tags gone (a `<br>` or paragraph end becomes a line break). */
function plainText(text: string): { text: string; hadHtml: boolean } {
  const hadHtml = /<\/?[a-z][^>]*>/i.test(text);
  const stripped = hadHtml
    ? text
        .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
        .replace(/<\/?[a-z][^>]*>/gi, '')
        .replace(/[ \t]+/g, ' ')
        .replace(/ *\n */g, '\n')
    : text;
  return { text: decodeEntities(stripped).replace(/\r\n?/g, '\n').trim(), hadHtml };
}

/** The @VERDI-… tags in an annotation, each value parsed (JSON, or the plain word). */
function verdiTags(annotation: string): Map<string, unknown> {
  const tags = new Map<string, unknown>();
  const pattern = /@VERDI-([A-Z][A-Z-]*)(=?)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(annotation))) {
    const name = match[1]!;
    if (!match[2]) {
      tags.set(name, true);
      continue;
    }
    const start = pattern.lastIndex;
    const first = annotation[start];
    if (first === '{' || first === '[' || first === '"') {
      const end = jsonEnd(annotation, start);
      try {
        tags.set(name, JSON.parse(annotation.slice(start, end)));
      } catch {
        tags.set(name, undefined);
      }
      pattern.lastIndex = end;
    } else {
      const word = /^\S*/.exec(annotation.slice(start))![0];
      tags.set(name, word);
      pattern.lastIndex = start + word.length;
    }
  }
  return tags;
}

/** Where the JSON value starting at `start` ends, honouring strings and their escapes. */
function jsonEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** REDCap's own action tags in an annotation (not Verdi's), upper-cased, each with its argument if any. */
function actionTags(annotation: string): { name: string; argument: string }[] {
  const found: { name: string; argument: string }[] = [];
  const pattern = /(?:^|[\s,;])@([A-Z][A-Z0-9_-]*)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(annotation))) {
    const name = match[1]!;
    if (name.startsWith('VERDI-')) {
      const start = pattern.lastIndex;
      if (annotation[start] === '=' && /[[{"]/.test(annotation[start + 1] ?? ''))
        pattern.lastIndex = jsonEnd(annotation, start + 1);
      continue;
    }
    let argument = '';
    const rest = annotation.slice(pattern.lastIndex);
    const eq = /^\s*=\s*('[^']*'|"[^"]*"|\S+)/.exec(rest);
    if (eq) argument = eq[1]!.replace(/^['"]|['"]$/g, '');
    else if (rest.startsWith('(')) {
      let depth = 0;
      let end = 0;
      for (; end < rest.length; end++) {
        if (rest[end] === '(') depth++;
        else if (rest[end] === ')' && --depth === 0) break;
      }
      argument = rest.slice(1, end);
    }
    found.push({ name, argument });
  }
  return found;
}

// --- Branching logic --------------------------------------------------------------------------------------------

type Operand =
  { kind: 'text'; value: string } | { kind: 'field'; name: string } | { kind: 'other'; text: string };
type Expression =
  | { kind: 'compare'; field: string; code?: string; event?: string; op: string; right: Operand }
  | { kind: 'and'; parts: Expression[] }
  | { kind: 'or'; parts: Expression[] }
  | { kind: 'unsupported'; reason: 'function' | 'syntax' };

/** Parses REDCap branching logic: comparisons of fields with values or fields, `and`/`or`, parentheses. */
function parseLogic(raw: string): Expression {
  // REDCap allows comments in logic: from # outside quotes to the end of the line.
  const logic = raw.replace(
    /('[^']*'|"[^"]*")|#[^\n]*/g,
    (_whole, quoted: string | undefined) => quoted ?? '',
  );
  const tokens: string[] = [];
  const tokenizer =
    /\s*(\[[^\]]*\](?:\[[^\]]*\])?|'[^']*'|"[^"]*"|<>|!=|<=|>=|==|=|<|>|\(|\)|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?|\S)/gy;
  let match: RegExpExecArray | null;
  while ((match = tokenizer.exec(logic)) && match[0].trim()) tokens.push(match[1]!);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const fail = (reason: 'function' | 'syntax'): Expression => {
    throw Object.assign(new Error(reason), { reason });
  };

  function operand(token: string | undefined): Operand {
    if (token === undefined) return fail('syntax') as never;
    if (/^['"]/.test(token)) return { kind: 'text', value: token.slice(1, -1) };
    if (/^-?\d/.test(token)) return { kind: 'text', value: token };
    if (token.startsWith('[')) return { kind: 'field', name: token };
    return { kind: 'other', text: token };
  }
  function primary(): Expression {
    const token = next();
    if (token === '(') {
      const inner = or();
      if (next() !== ')') fail('syntax');
      return inner;
    }
    if (token && /^[A-Za-z_]/.test(token) && peek() === '(') return fail('function');
    if (!token?.startsWith('[')) return fail('syntax');
    const refs = [...token.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!.trim());
    const ref = refs.at(-1)!;
    const event = refs.length > 1 ? refs[0] : undefined;
    const parsed = /^([A-Za-z][A-Za-z0-9_]*)(?:\(([^)]*)\))?(?::[a-z-]+)?$/.exec(ref);
    if (!parsed) return fail('syntax');
    if (parsed[2] !== undefined && (peek() === undefined || peek() === ')' || /^(and|or)$/i.test(peek()!))) {
      // A bare checkbox reference is true when the box is ticked.
      return {
        kind: 'compare',
        field: parsed[1]!,
        code: parsed[2],
        event,
        op: '=',
        right: { kind: 'text', value: '1' },
      };
    }
    const op = next();
    if (!op || !['=', '==', '<>', '!=', '<', '>', '<=', '>='].includes(op)) return fail('syntax');
    const rightToken = next();
    if (rightToken && /^[A-Za-z_]/.test(rightToken) && peek() === '(') return fail('function');
    const right = operand(rightToken);
    if (right.kind === 'field') {
      const name = /\[([A-Za-z][A-Za-z0-9_]*)/.exec(right.name)?.[1];
      return {
        kind: 'compare',
        field: parsed[1]!,
        code: parsed[2],
        event,
        op,
        right: { kind: 'field', name: name ?? '' },
      };
    }
    return {
      kind: 'compare',
      field: parsed[1]!,
      code: parsed[2],
      event,
      op: op === '==' ? '=' : op === '!=' ? '<>' : op,
      right,
    };
  }
  function chain(kind: 'and' | 'or', inner: () => Expression): Expression {
    const parts = [inner()];
    while (
      peek()?.toLowerCase() === kind ||
      (kind === 'and' && peek() === '&&') ||
      (kind === 'or' && peek() === '||')
    ) {
      next();
      parts.push(inner());
    }
    return parts.length === 1 ? parts[0]! : kind === 'and' ? { kind, parts } : { kind, parts };
  }
  const and = () => chain('and', primary);
  const or = (): Expression => chain('or', and);
  try {
    const expression = or();
    if (position < tokens.length) return { kind: 'unsupported', reason: 'syntax' };
    return expression;
  } catch (error) {
    return { kind: 'unsupported', reason: (error as { reason?: 'function' | 'syntax' }).reason ?? 'syntax' };
  }
}

/** What the importer knows about a field it has taken over, to translate conditions on it. */
interface Known {
  item: Item;
  /** REDCap code → Verdi option key (choice items). */
  keys: Map<string, string>;
  /** Whether the item's values are whole numbers (scales, yes/no, NPS, REDCap `integer`). */
  whole: boolean;
}

type Translation =
  { ok: true; showIf: ShowIf; approximate?: 'blank' } | { ok: false; why: BranchingLoss; detail?: string };

type BranchingLoss =
  | 'function'
  | 'syntax'
  | 'and'
  | 'or-fields'
  | 'field-vs-field'
  | 'blank'
  | 'unknown-field'
  | 'left-out-field'
  | 'later-field'
  | 'event'
  | 'not-expressible';

/** One condition or an `or` chain on one field, as Verdi's show-if; anything else says why not. */
function translate(
  expression: Expression,
  known: Map<string, Known>,
  leftOut: Set<string>,
  later: Set<string>,
  scales: Map<string, Scale>,
): Translation {
  if (expression.kind === 'unsupported') return { ok: false, why: expression.reason };
  if (expression.kind === 'and') {
    // "[a] <> '1' and [a] <> '2'" on one choice field is the options left: expressible.
    const parts = expression.parts.map((part) => translate(part, known, leftOut, later, scales));
    const shows = parts.map((p) => (p.ok ? p.showIf : undefined));
    const field = shows[0]?.item;
    const target = field ? known.get(field)?.item : undefined;
    if (
      target?.type === ItemType.SINGLE_CHOICE &&
      shows.every(
        (s) => s && s.item === field && (s.op === ShowIfOperator.EQUALS || s.op === ShowIfOperator.ONE_OF),
      )
    ) {
      const values = shows.reduce<string[]>(
        (left, s) => left.filter((v) => s!.values.includes(v)),
        shows[0]!.values,
      );
      if (values.length > 0)
        return {
          ok: true,
          showIf: {
            item: field!,
            op: values.length === 1 ? ShowIfOperator.EQUALS : ShowIfOperator.ONE_OF,
            values,
          },
          approximate: parts.some((p) => p.ok && p.approximate) ? 'blank' : undefined,
        };
    }
    return { ok: false, why: 'and' };
  }
  if (expression.kind === 'or') {
    const parts = expression.parts.map((part) => translate(part, known, leftOut, later, scales));
    const failed = parts.find((p) => !p.ok);
    if (failed) return failed;
    const shows = parts.map((p) => (p as { showIf: ShowIf }).showIf);
    const field = shows[0]!.item;
    if (shows.some((s) => s.item !== field)) return { ok: false, why: 'or-fields' };
    if (shows.some((s) => s.op !== ShowIfOperator.EQUALS && s.op !== ShowIfOperator.ONE_OF))
      return { ok: false, why: 'not-expressible' };
    const values = [...new Set(shows.flatMap((s) => s.values))];
    return {
      ok: true,
      showIf: {
        item: field,
        op: values.length === 1 ? ShowIfOperator.EQUALS : ShowIfOperator.ONE_OF,
        values,
      },
      approximate: parts.some((p) => p.ok && p.approximate) ? 'blank' : undefined,
    };
  }
  const { field, code, op, right, event } = expression;
  if (event) return { ok: false, why: 'event' };
  const target = known.get(field);
  if (!target) {
    if (leftOut.has(field)) return { ok: false, why: 'left-out-field' };
    if (later.has(field)) return { ok: false, why: 'later-field' };
    return { ok: false, why: 'unknown-field' };
  }
  if (right.kind === 'field') return { ok: false, why: 'field-vs-field' };
  if (right.kind === 'other') return { ok: false, why: 'syntax' };
  const value = right.value;
  const item = target.item;

  if (item.type === ItemType.MULTI_CHOICE) {
    const key = code !== undefined ? target.keys.get(code) : undefined;
    if (code === undefined || key === undefined) return { ok: false, why: 'not-expressible' };
    if ((op === '=' && value === '1') || (op === '<>' && value === '0'))
      return { ok: true, showIf: { item: field, op: ShowIfOperator.EQUALS, values: [key] } };
    return { ok: false, why: 'not-expressible' };
  }
  if (code !== undefined) return { ok: false, why: 'not-expressible' };

  if (item.type === ItemType.SINGLE_CHOICE) {
    const entries = [...target.keys.entries()];
    if (value === '') {
      if (op === '<>')
        return {
          ok: true,
          showIf: { item: field, op: ShowIfOperator.ONE_OF, values: entries.map(([, k]) => k) },
        };
      return { ok: false, why: 'blank' };
    }
    let chosen: string[];
    if (op === '=') chosen = entries.filter(([c]) => c === value).map(([, k]) => k);
    else if (op === '<>') chosen = entries.filter(([c]) => c !== value).map(([, k]) => k);
    else {
      const number = Number(value);
      if (!Number.isFinite(number) || entries.some(([c]) => !Number.isFinite(Number(c))))
        return { ok: false, why: 'not-expressible' };
      const holds = (c: number) =>
        op === '<' ? c < number : op === '>' ? c > number : op === '<=' ? c <= number : c >= number;
      chosen = entries.filter(([c]) => holds(Number(c))).map(([, k]) => k);
    }
    if (op === '=' && chosen.length === 0) {
      // A code the field does not have: keep it as written, so the rules name it.
      return { ok: true, showIf: { item: field, op: ShowIfOperator.EQUALS, values: [value] } };
    }
    if (chosen.length === 0) return { ok: false, why: 'not-expressible' };
    return {
      ok: true,
      showIf: {
        item: field,
        op: chosen.length === 1 ? ShowIfOperator.EQUALS : ShowIfOperator.ONE_OF,
        values: chosen,
      },
      approximate: op === '<>' ? 'blank' : undefined,
    };
  }
  if (item.type === ItemType.TEXT) return { ok: false, why: value === '' ? 'blank' : 'not-expressible' };

  // Numeric: LIKERT, NPS, NUMBER, YES_NO.
  if (value === '') return { ok: false, why: 'blank' };
  const number = Number(value);
  if (!Number.isFinite(number)) return { ok: false, why: 'not-expressible' };
  switch (op) {
    case '=':
      return { ok: true, showIf: { item: field, op: ShowIfOperator.EQUALS, values: [value] } };
    case '>':
      return { ok: true, showIf: { item: field, op: ShowIfOperator.GREATER_THAN, values: [value] } };
    case '<':
      return { ok: true, showIf: { item: field, op: ShowIfOperator.LESS_THAN, values: [value] } };
    case '>=':
    case '<=':
      if (!target.whole || !Number.isInteger(number)) return { ok: false, why: 'not-expressible' };
      return {
        ok: true,
        showIf: {
          item: field,
          op: op === '>=' ? ShowIfOperator.GREATER_THAN : ShowIfOperator.LESS_THAN,
          values: [String(op === '>=' ? number - 1 : number + 1)],
        },
      };
    case '<>': {
      const points = numericPoints(item, scales);
      if (!points) return { ok: false, why: 'not-expressible' };
      const rest = points.filter((p) => p !== number).map(String);
      return {
        ok: true,
        showIf: {
          item: field,
          op: rest.length === 1 ? ShowIfOperator.EQUALS : ShowIfOperator.ONE_OF,
          values: rest,
        },
        approximate: 'blank',
      };
    }
  }
  return { ok: false, why: 'syntax' };
}

function numericPoints(item: Item, scales: Map<string, Scale>): number[] | undefined {
  if (item.type === ItemType.YES_NO) return [0, 1];
  if (item.type === ItemType.NPS) return Array.from({ length: 11 }, (_, n) => n);
  if (item.type === ItemType.LIKERT) return scales.get(item.scale ?? '')?.points.map((p) => p.value);
  return undefined;
}

// --- Notes ------------------------------------------------------------------------------------------------------

const Q = NoteSeverity.CHANGES_QUESTIONNAIRE;
const D = NoteSeverity.LOSES_DETAIL;
const C = NoteSeverity.COSMETIC;
type NoteDef = [NoteSeverity, string, string];

/** Every loss the REDCap importer reports: severity, bokmål, English. One note per kind, listing its fields. */
const NOTES = {
  'redcap.record-id': [
    C,
    'Det første feltet er REDCaps postnøkkel (record id). Verdi identifiserer svar selv, så det ble ikke et spørsmål.',
    'The first field is REDCap’s record identifier. Verdi identifies responses itself, so it did not become a question.',
  ],
  'redcap.field-type.calc': [
    D,
    'Beregnede felt (calc) regnes ut av REDCap og er ikke spørsmål; Verdi regner dem ikke ut, så de ble utelatt.',
    'Calculated fields (calc) are computed by REDCap, not asked; Verdi does not compute them, so they were left out.',
  ],
  'redcap.field-type.descriptive': [
    D,
    'Beskrivende tekst (descriptive) har ikke noe motstykke i Verdi og ble utelatt; teksten vises ikke for deltakerne.',
    'Descriptive text fields have no counterpart in Verdi and were left out; participants will not see that text.',
  ],
  'redcap.field-type.file': [
    Q,
    'Filopplasting og signatur har ikke noe motstykke i Verdi; feltene ble utelatt.',
    'File uploads and signatures have no counterpart in Verdi; the fields were left out.',
  ],
  'redcap.field-type.sql': [
    Q,
    'SQL-felt (dynamiske lister fra databasen) har ikke noe motstykke i Verdi; feltene ble utelatt.',
    'SQL fields (lists from the database) have no counterpart in Verdi; the fields were left out.',
  ],
  'redcap.field-type.unknown': [
    Q,
    'Felttypen er ukjent for Verdi; feltene ble utelatt.',
    'The field type is unknown to Verdi; the fields were left out.',
  ],
  'redcap.action-tag.hidden': [
    D,
    'Skjult i undersøkelsen (@HIDDEN, @HIDDEN-SURVEY): deltakerne ser ikke feltet, så det ble utelatt.',
    'Hidden in the survey (@HIDDEN, @HIDDEN-SURVEY): participants never see the field, so it was left out.',
  ],
  'redcap.action-tag.auto-value': [
    D,
    'Fylles ut av REDCap selv (@NOW, @TODAY, @USERNAME, @LATITUDE …): ikke et spørsmål, så feltet ble utelatt. Verdi lagrer innsendingsdato selv.',
    'Filled in by REDCap itself (@NOW, @TODAY, @USERNAME, @LATITUDE …): not a question, so the field was left out. Verdi records the submission date itself.',
  ],
  'redcap.action-tag.calc': [
    D,
    'Beregnes av REDCap (@CALCTEXT, @CALCDATE): Verdi regner ikke ut verdien, så feltet ble utelatt i stedet for å bli et fritekstspørsmål.',
    'Computed by REDCap (@CALCTEXT, @CALCDATE): Verdi does not compute the value, so the field was left out rather than becoming a free-text question.',
  ],
  'redcap.action-tag.readonly': [
    Q,
    'Skrivebeskyttet i undersøkelsen (@READONLY, @READONLY-SURVEY): deltakerne kan ikke svare på feltet, så det ble utelatt.',
    'Read-only in the survey (@READONLY, @READONLY-SURVEY): participants cannot answer the field, so it was left out.',
  ],
  'redcap.action-tag.default': [
    D,
    'Forhåndsutfylt svar (@DEFAULT, @SETVALUE, @PREFILL): Verdi fyller ikke ut svar på forhånd; spørsmålet starter tomt.',
    'Pre-filled answer (@DEFAULT, @SETVALUE, @PREFILL): Verdi does not pre-fill answers; the question starts empty.',
  ],
  'redcap.action-tag.form-only': [
    C,
    'Gjelder bare REDCaps dataregistreringsskjema (@HIDDEN-FORM, @READONLY-FORM, @HIDDEN-APP, @HIDDEN-PDF …), ikke undersøkelsen; ignorert.',
    'Applies only to REDCap’s data entry form (@HIDDEN-FORM, @READONLY-FORM, @HIDDEN-APP, @HIDDEN-PDF …), not the survey; ignored.',
  ],
  'redcap.action-tag.if': [
    D,
    'Betingede handlingstagger (@IF) evalueres ikke av Verdi; taggene inni ble behandlet som om de alltid gjelder.',
    'Conditional action tags (@IF) are not evaluated by Verdi; the tags inside were treated as always applying.',
  ],
  'redcap.action-tag.other': [
    D,
    'Handlingstagger uten motstykke i Verdi ble ignorert (taggen står i parentes).',
    'Action tags without a counterpart in Verdi were ignored (the tag is given in brackets).',
  ],
  'redcap.branching.and': [
    Q,
    'Visningslogikk med «and» (flere vilkår som alle må gjelde) kan ikke uttrykkes i Verdi; spørsmålet vises alltid.',
    'Branching logic joined with "and" (several conditions that must all hold) cannot be expressed in Verdi; the question is always shown.',
  ],
  'redcap.branching.or-fields': [
    Q,
    'Visningslogikk med «or» over ulike felt kan ikke uttrykkes i Verdi (ett vilkår på ett tidligere spørsmål); spørsmålet vises alltid.',
    'Branching logic joined with "or" over different fields cannot be expressed in Verdi (one condition on one earlier question); the question is always shown.',
  ],
  'redcap.branching.field-vs-field': [
    Q,
    'Visningslogikk som sammenligner to felt med hverandre kan ikke uttrykkes i Verdi; spørsmålet vises alltid.',
    'Branching logic that compares one field with another cannot be expressed in Verdi; the question is always shown.',
  ],
  'redcap.branching.function': [
    Q,
    'Visningslogikk med funksjoner (datediff, sum, if …) kan ikke uttrykkes i Verdi; spørsmålet vises alltid.',
    'Branching logic with functions (datediff, sum, if …) cannot be expressed in Verdi; the question is always shown.',
  ],
  'redcap.branching.blank': [
    Q,
    'Visningslogikk som spør om et felt er tomt eller besvart kan ikke uttrykkes i Verdi for dette feltet; spørsmålet vises alltid.',
    'Branching logic that asks whether a field is empty or answered cannot be expressed in Verdi for that field; the question is always shown.',
  ],
  'redcap.branching.left-out-field': [
    Q,
    'Visningslogikken viser til et felt som ble utelatt; spørsmålet vises alltid.',
    'The branching logic refers to a field that was left out; the question is always shown.',
  ],
  'redcap.branching.later-field': [
    Q,
    'Visningslogikken viser til et felt som kommer senere; Verdi kan bare vise etter tidligere svar, så spørsmålet vises alltid.',
    'The branching logic refers to a field that comes later; Verdi can only depend on earlier answers, so the question is always shown.',
  ],
  'redcap.branching.unknown-field': [
    Q,
    'Visningslogikken viser til et felt som ikke finnes i filen; spørsmålet vises alltid.',
    'The branching logic refers to a field that is not in the file; the question is always shown.',
  ],
  'redcap.branching.event': [
    Q,
    'Visningslogikk som viser til en annen hendelse (longitudinelt prosjekt) kan ikke uttrykkes i Verdi; spørsmålet vises alltid.',
    'Branching logic that refers to another event (longitudinal project) cannot be expressed in Verdi; the question is always shown.',
  ],
  'redcap.branching.not-expressible': [
    Q,
    'Denne sammenligningen kan ikke uttrykkes med Verdis vis-hvis (lik, en av, større enn, mindre enn); spørsmålet vises alltid.',
    'This comparison cannot be expressed with Verdi’s show-if (equals, one of, greater than, less than); the question is always shown.',
  ],
  'redcap.branching.syntax': [
    Q,
    'Visningslogikken kunne ikke leses; spørsmålet vises alltid.',
    'The branching logic could not be read; the question is always shown.',
  ],
  'redcap.branching.not-equal-blank': [
    D,
    '«Ikke lik» ble til «ett av de andre svarene»: REDCap viste spørsmålet også når feltet var ubesvart, Verdi gjør det ikke.',
    '"Not equal" became "one of the other answers": REDCap also showed the question when the field was unanswered, Verdi does not.',
  ],
  'redcap.validation.integer': [
    D,
    'Heltallsvalidering (integer): Verdis tallspørsmål godtar også desimaltall.',
    'Whole-number validation (integer): Verdi’s number questions also accept decimals.',
  ],
  'redcap.validation.decimals': [
    C,
    'Antall desimaler (number_1dp, number_2dp …) holdes ikke; feltet godtar alle tall.',
    'The number of decimals (number_1dp, number_2dp …) is not kept; the field accepts any number.',
  ],
  'redcap.validation.text': [
    D,
    'Validering uten motstykke i Verdi (dato, tid, e-post, telefon, postnummer …): feltet ble fritekst uten kontroll (valideringen står i parentes).',
    'Validation without a counterpart in Verdi (date, time, email, phone, postcode …): the field became free text without checks (the validation is given in brackets).',
  ],
  'redcap.slider': [
    D,
    'Glidebryteren (slider) har en midtetikett; Verdi viser bare etikettene i hver ende, så den ble borte.',
    'The slider has a middle label; Verdi shows the labels at the two ends only, so it was lost.',
  ],
  'redcap.slider-range': [
    D,
    'Glidebryterens område kunne ikke leses; 0–100 ble brukt, som i REDCap.',
    'The slider’s range could not be read; 0–100 was used, as in REDCap.',
  ],
  'redcap.date-bound': [
    D,
    'Datoens tidligste eller seneste dag kunne ikke leses som ÅÅÅÅ-MM-DD og ble borte.',
    'The date’s earliest or latest day could not be read as YYYY-MM-DD and was dropped.',
  ],
  'redcap.other': [
    D,
    '«Annet, spesifiser» (fra @VERDI-OTHER) er ikke et REDCap-felt: skjemaet i REDCap viste bare svaralternativene. Verdi tilbyr det igjen.',
    '"Other, specify" (from @VERDI-OTHER) is not a REDCap field: the form in REDCap showed the options only. Verdi offers it again.',
  ],
  'redcap.truefalse': [
    C,
    'Sant/usant (truefalse) ble et ja/nei-spørsmål (1 = ja/sant, 0 = nei/usant).',
    'True/false fields became yes/no questions (1 = yes/true, 0 = no/false).',
  ],
  'redcap.no-choices': [
    Q,
    'Et valgfelt uten svaralternativer ble et fritekstspørsmål.',
    'A choice field without choices became a free-text question.',
  ],
  'redcap.piping': [
    D,
    'Teksten viser et svar på en måte Verdi ikke kan ta over (en annen hendelse, [felt:value], [felt(kode)], en smart variabel, eller i et svaralternativ eller en seksjonstittel); klammene står som skrevet. Et enkelt [felt] blir {{felt}}.',
    'The text shows an answer in a way Verdi cannot take over (another event, [field:value], [field(code)], a smart variable, or in a choice or section header); the brackets stay as written. A plain [field] becomes {{field}}.',
  ],
  'redcap.identifier': [
    D,
    'Merket som identifiserende opplysning i REDCap; Verdi samler ikke inn identitet, vurder om spørsmålet skal være med.',
    'Marked as an identifier in REDCap; Verdi does not collect identities, consider whether the question belongs.',
  ],
  'redcap.option-key': [
    C,
    'Svarkoder som Verdi ikke tillater som nøkkel (store bokstaver, minustegn, mellomrom …) fikk en ny nøkkel; visningslogikken følger med.',
    'Choice codes Verdi does not allow as keys (capitals, minus signs, spaces …) were given a new key; branching logic follows them.',
  ],
  'redcap.duplicate-choice': [
    Q,
    'Samme svarkode står to ganger; bare den første ble beholdt.',
    'The same choice code appears twice; only the first was kept.',
  ],
  'redcap.field-key': [
    C,
    'Feltnavn som Verdi ikke tillater som nøkkel fikk en ny nøkkel (det nye navnet står i parentes).',
    'Field names Verdi does not allow as keys were given a new key (the new name is given in brackets).',
  ],
  'redcap.html': [
    C,
    'HTML-formatering i tekstene ble fjernet; teksten er beholdt.',
    'HTML formatting in the texts was removed; the text is kept.',
  ],
  'redcap.matrix': [
    C,
    'Matrisegrupper ble vanlige enkeltspørsmål med samme svaralternativer.',
    'Matrix groups became ordinary single questions with the same choices.',
  ],
  'redcap.matrix-ranking': [
    D,
    'Rangering i matrise (hvert alternativ brukes én gang) holdes ikke.',
    'Matrix ranking (each choice used once) is not kept.',
  ],
  'redcap.layout': [
    C,
    'Oppsett (justering, spørsmålsnummer) holdes ikke.',
    'Layout (alignment, question numbers) is not kept.',
  ],
  'redcap.roles-unknown': [
    Q,
    'Rollene i @VERDI-ROLES er ukjente; spørsmålet vises for alle roller.',
    'The roles in @VERDI-ROLES are unknown; the question is shown to every role.',
  ],
} satisfies Record<string, NoteDef>;
type NoteKind = keyof typeof NOTES;

const AUTO_VALUE_TAGS = new Set([
  'NOW',
  'TODAY',
  'NOW-SERVER',
  'TODAY-SERVER',
  'NOW-UTC',
  'TODAY-UTC',
  'USERNAME',
  'LATITUDE',
  'LONGITUDE',
]);
const FORM_ONLY_TAGS = new Set(['HIDDEN-FORM', 'HIDDEN-APP', 'HIDDEN-PDF', 'READONLY-FORM', 'READONLY-APP']);
const DEFAULT_TAGS = new Set(['DEFAULT', 'SETVALUE', 'PREFILL']);
const NUMBER_VALIDATIONS =
  /^(integer|number|number_\d+dp|number_comma_decimal|number_\d+dp_comma_decimal|float|int)$/;

/** A key Verdi accepts for a REDCap choice code: `-9` → `minus_9`, `Yes` → `yes`, each unique within the field. */
function optionKeyFor(code: string, taken: Set<string>): string {
  if (OPTION_KEY_PATTERN.test(code) && code.length <= 64 && !taken.has(code)) return code;
  const base =
    code
      .toLowerCase()
      .replace(/^-/, 'minus_')
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'option';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

function parseChoices(raw: string): { code: string; label: string; html: boolean }[] {
  const parts = raw.includes('|') ? raw.split('|') : raw.split(/\r?\n/);
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const comma = part.indexOf(',');
      const code = comma < 0 ? part : part.slice(0, comma).trim();
      const { text, hadHtml } = plainText(comma < 0 ? part : part.slice(comma + 1));
      return { code, label: text || code, html: hadHtml };
    });
}

const PIPING = /\[(?:[a-z][a-z0-9_]*(?:\([^)]*\))?(?::[a-z-]+)?|[a-z]+(?:-[a-z]+)+(?::[^\]]*)?)\]/;

function asText(value: unknown): LocalizedText | undefined {
  return value && typeof value === 'object' && typeof (value as LocalizedText).nb === 'string'
    ? (value as LocalizedText)
    : undefined;
}

/**
 * Reads a REDCap data dictionary (any of REDCap's header spellings) into a Verdi instrument, following REDCap's
 * documented meaning of each column and action tag, and reports everything it could not keep as notes, once per kind.
 */
export function importRedcapDictionary(content: string, name: string): RedcapImportResult {
  let rows: string[][];
  try {
    rows = parse(content.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
    });
  } catch (error) {
    throw ValidationError.forFields({ content: `is not a CSV file: ${(error as Error).message}` });
  }
  // Some tools write a line of column numbers or letters above REDCap's header; the header is the first row naming a field-name column.
  const headerIndex = rows.findIndex((row) =>
    row.some((h) => HEADER_SPELLINGS.name.includes(normalizeHeader(h))),
  );
  const headerAt = Math.max(headerIndex, 0);
  const headerRow = rows[headerAt] ?? [];
  const normalized = headerRow.map(normalizeHeader);
  const index = {} as Record<Column, number>;
  for (const [column, spellings] of Object.entries(HEADER_SPELLINGS) as [Column, string[]][]) {
    index[column] = spellings.map((s) => normalized.indexOf(s)).find((i) => i >= 0) ?? -1;
  }
  // REDCap reads the dictionary by position, column A being the field name whatever its header says.
  if (index.name < 0 && index.type === 3 && index.label === 4) index.name = 0;
  const missing = (
    [
      ['name', 'Variable / Field Name'],
      ['type', 'Field Type'],
      ['label', 'Field Label'],
    ] as const
  ).filter(([column]) => index[column] < 0);
  if (missing.length > 0) {
    throw ValidationError.forFields({
      content: `is not a REDCap data dictionary: it has no column ${missing.map(([, title]) => `"${title}"`).join(', ')}`,
    });
  }
  const get = (row: string[], column: Column) =>
    index[column] >= 0 ? (row[index[column]] ?? '').trim() : '';
  const dataRows = rows.slice(headerAt + 1).filter((row) => get(row, 'name'));
  if (dataRows.length === 0)
    throw ValidationError.forFields({ content: 'is a REDCap data dictionary without fields' });

  const notes = new ImportNotes();
  const note = (kind: NoteKind, field: string) => {
    const [severity, nb, en] = NOTES[kind];
    notes.add(kind, severity, { nb, en }, field);
  };

  const header = verdiTags(get(dataRows[0]!, 'annotation'));
  const verdiScales = new Map(
    (Array.isArray(header.get('SCALES')) ? (header.get('SCALES') as Scale[]) : []).map((s) => [s.key, s]),
  );
  const verdiConstructs = Array.isArray(header.get('CONSTRUCTS'))
    ? (header.get('CONSTRUCTS') as Construct[])
    : [];
  const verdiSections = new Map(
    (Array.isArray(header.get('SECTIONS'))
      ? (header.get('SECTIONS') as {
          key: string;
          title: LocalizedText;
          randomiseOrder?: boolean;
          grid?: boolean;
        }[])
      : []
    ).map((s) => [s.key, s]),
  );
  const description =
    typeof header.get('DESCRIPTION') === 'string' ? (header.get('DESCRIPTION') as string) : null;

  const allNames = dataRows.map((row) => get(row, 'name'));
  const positions = new Map<string, number>();
  allNames.forEach((fieldName, at) => {
    if (!positions.has(fieldName)) positions.set(fieldName, at);
  });
  const pipeable = new Set(allNames.filter((fieldName) => KEY_PATTERN.test(fieldName)));
  const roleRow = dataRows.find((row) => verdiTags(get(row, 'annotation')).get('SYSTEM') === 'role');
  const roleField = roleRow ? get(roleRow, 'name') : undefined;

  const sections: Section[] = [];
  const scales = new Map<string, Scale>();
  const constructs = new Map<string, Construct>();
  const known = new Map<string, Known>();
  const leftOut = new Set<string>();
  const usedKeys = new Set<string>();
  let currentForm: string | undefined;
  const pendingBranching: { item: Item; logic: string; field: string; position: number }[] = [];
  /** The fields of a REDCap matrix, by the item each became. */
  const matrixFields = new Map<Item, string>();

  dataRows.forEach((row, position) => {
    const field = get(row, 'name');
    const annotation = get(row, 'annotation');
    const verdi = verdiTags(annotation);
    const system = verdi.get('SYSTEM');
    if (system === 'record_id' || system === 'role') return;
    if (position === 0) {
      note('redcap.record-id', field);
      leftOut.add(field);
      return;
    }
    const fieldType = get(row, 'type').toLowerCase();
    const form = get(row, 'form');
    const { text: sectionTitle, hadHtml: sectionHtml } = plainText(get(row, 'section'));
    const sectionKey =
      typeof verdi.get('SECTION') === 'string' ? (verdi.get('SECTION') as string) : undefined;
    const { text: rawLabel, hadHtml: labelHtml } = plainText(get(row, 'label'));
    const { text: rawHelp, hadHtml: helpHtml } = plainText(get(row, 'note'));
    const label = fromRedcapPiping(rawLabel, pipeable);
    const help = fromRedcapPiping(rawHelp, pipeable);
    if (sectionHtml || labelHtml || helpHtml) note('redcap.html', field);
    if (PIPING.test(label) || PIPING.test(help) || PIPING.test(sectionTitle)) note('redcap.piping', field);
    const validation = get(row, 'validation').toLowerCase();
    const tags = actionTags(annotation);
    const tagNames = new Set(tags.map((t) => t.name));

    const leave = (kind: NoteKind) => {
      note(kind, field);
      leftOut.add(field);
    };
    // What REDCap itself fills in or hides is not a question: leave it out, and say why (the first reason that holds).
    if (fieldType === 'calc') return leave('redcap.field-type.calc');
    if (fieldType === 'descriptive') return leave('redcap.field-type.descriptive');
    if (fieldType === 'file' || validation === 'signature') return leave('redcap.field-type.file');
    if (fieldType === 'sql') return leave('redcap.field-type.sql');
    if (tagNames.has('CALCTEXT') || tagNames.has('CALCDATE')) return leave('redcap.action-tag.calc');
    if ([...tagNames].some((t) => AUTO_VALUE_TAGS.has(t))) return leave('redcap.action-tag.auto-value');
    if (tagNames.has('HIDDEN') || tagNames.has('HIDDEN-SURVEY')) return leave('redcap.action-tag.hidden');
    if (tagNames.has('READONLY') || tagNames.has('READONLY-SURVEY'))
      return leave('redcap.action-tag.readonly');
    const handled = new Set([
      'CALCTEXT',
      'CALCDATE',
      'HIDDEN',
      'HIDDEN-SURVEY',
      'READONLY',
      'READONLY-SURVEY',
      'CHARLIMIT',
    ]);
    for (const tag of tags) {
      if (handled.has(tag.name) || AUTO_VALUE_TAGS.has(tag.name)) continue;
      if (DEFAULT_TAGS.has(tag.name)) note('redcap.action-tag.default', field);
      else if (FORM_ONLY_TAGS.has(tag.name)) note('redcap.action-tag.form-only', field);
      else if (tag.name === 'IF') note('redcap.action-tag.if', field);
      else note('redcap.action-tag.other', `${field} (@${tag.name})`);
    }

    let key = field;
    if (!KEY_PATTERN.test(key) || key.length > 64 || usedKeys.has(key)) {
      const base =
        slugify(key, 60)
          .replace(/-/g, '_')
          .replace(/^[^a-z]+/, '') || 'item';
      key = base;
      for (let n = 2; usedKeys.has(key) || !KEY_PATTERN.test(key); n++) key = `${base}_${n}`;
      note('redcap.field-key', `${field} (${key})`);
    }

    const texts = (verdi.get('TEXT') ?? {}) as {
      prompt?: Partial<LocalizedText>;
      help?: Partial<LocalizedText>;
      promptByRole?: RolePrompt[];
      easyRead?: LocalizedText;
      minLabel?: LocalizedText;
      maxLabel?: LocalizedText;
    };
    let roles = [...ALL_ROLES];
    const rolesTag = verdi.get('ROLES');
    if (typeof rolesTag === 'string') {
      const listed = rolesTag === 'NONE' ? [] : rolesTag.split(',').filter(Boolean);
      if (listed.every((r) => (ALL_ROLES as string[]).includes(r))) roles = listed as RespondentRole[];
      else note('redcap.roles-unknown', field);
    }
    const base: Item = {
      key,
      type: ItemType.TEXT,
      roles,
      prompt: { nb: label, ...texts.prompt },
      help: help || texts.help ? { nb: help, ...texts.help } : null,
      required: get(row, 'required').toLowerCase() === 'y',
      reverseScored: verdi.has('REVERSE'),
    };
    if (Array.isArray(texts.promptByRole) && texts.promptByRole.length > 0)
      base.promptByRole = texts.promptByRole;
    if (texts.easyRead && typeof texts.easyRead.nb === 'string') base.easyRead = texts.easyRead;

    const verdiType = verdi.get('TYPE') as ItemType | undefined;
    const choices = parseChoices(get(row, 'choices'));
    if (choices.some((c) => c.html)) note('redcap.html', field);
    if (choices.some((c) => PIPING.test(c.label))) note('redcap.piping', field);
    const keys = new Map<string, string>();
    let whole = false;
    let item: Item;

    const toOptions = (): ChoiceOption[] => {
      const taken = new Set<string>();
      const labels = (verdi.get('OPTIONS') ?? {}) as Record<string, LocalizedText>;
      const options: ChoiceOption[] = [];
      for (const choice of choices) {
        if (keys.has(choice.code)) {
          note('redcap.duplicate-choice', field);
          continue;
        }
        const optionKey = optionKeyFor(choice.code, taken);
        if (optionKey !== choice.code) note('redcap.option-key', field);
        taken.add(optionKey);
        keys.set(choice.code, optionKey);
        const full = asText(labels[optionKey]);
        const label: LocalizedText =
          full && choiceLabel(full.nb) === choiceLabel(choice.label) ? full : { ...full, nb: choice.label };
        options.push({ key: optionKey, label });
      }
      return options;
    };

    if (fieldType === 'radio' || fieldType === 'dropdown') {
      const naCode = typeof verdi.get('NA') === 'string' ? (verdi.get('NA') as string) : undefined;
      const points = choices.filter((c) => c.code !== naCode);
      if (verdiType === ItemType.NPS) {
        item = { ...base, type: ItemType.NPS };
        whole = true;
      } else if (
        verdiType === ItemType.LIKERT &&
        points.length > 0 &&
        points.every((c) => /^-?\d+$/.test(c.code))
      ) {
        item = {
          ...base,
          type: ItemType.LIKERT,
          scale: likertScale(
            verdi,
            field,
            points,
            choices.find((c) => c.code === naCode),
            scales,
            verdiScales,
          ),
        };
        whole = true;
      } else if (choices.length === 0) {
        note('redcap.no-choices', field);
        item = { ...base, type: ItemType.TEXT };
      } else {
        item = { ...base, type: ItemType.SINGLE_CHOICE, options: toOptions() };
      }
    } else if (fieldType === 'checkbox') {
      if (choices.length === 0) {
        note('redcap.no-choices', field);
        item = { ...base, type: ItemType.TEXT };
      } else
        item = {
          ...base,
          type: verdiType === ItemType.RANKING ? ItemType.RANKING : ItemType.MULTI_CHOICE,
          options: toOptions(),
        };
    } else if (fieldType === 'yesno' || fieldType === 'truefalse') {
      if (fieldType === 'truefalse') note('redcap.truefalse', field);
      item = { ...base, type: ItemType.YES_NO };
      whole = true;
    } else if (fieldType === 'slider') {
      let min = Number(get(row, 'min') || 0);
      let max = Number(get(row, 'max') || 100);
      if (!Number.isFinite(min) || !Number.isFinite(max) || min >= max) {
        note('redcap.slider-range', field);
        [min, max] = [0, 100];
      }
      const step = Number(verdi.get('STEP'));
      // Slider labels are "left | middle | right" (or fewer); a code before a comma is not part of them.
      const labels = get(row, 'choices')
        .split('|')
        .map((part) => plainText(part).text);
      const [left, middle, right] =
        labels.length >= 3 ? labels : labels.length === 2 ? [labels[0], '', labels[1]] : [labels[0], '', ''];
      if (middle) note('redcap.slider', field);
      const label = (nb: string | undefined, full: LocalizedText | undefined): LocalizedText | null =>
        nb ? (full && choiceLabel(full.nb) === choiceLabel(nb) ? full : { ...full, nb }) : null;
      item = {
        ...base,
        type: ItemType.SLIDER,
        min,
        max,
        step: verdi.has('STEP') && Number.isFinite(step) && step > 0 ? step : null,
        minLabel: label(left, asText(texts.minLabel)),
        maxLabel: label(right, asText(texts.maxLabel)),
      };
      whole = Number.isInteger(min) && Number.isInteger(item.step ?? DEFAULT_SLIDER_STEP);
    } else if ((fieldType === 'text' || fieldType === 'notes') && /^date_(ymd|dmy|mdy)$/.test(validation)) {
      // REDCap keeps a date as YYYY-MM-DD whatever order its form shows, and writes the bounds so too.
      const bound = (value: string) => {
        if (value === '') return null;
        if (isIsoDay(value)) return value;
        note('redcap.date-bound', field);
        return null;
      };
      item = {
        ...base,
        type: ItemType.DATE,
        earliest: bound(get(row, 'min')),
        latest: bound(get(row, 'max')),
      };
    } else if ((fieldType === 'text' || fieldType === 'notes') && NUMBER_VALIDATIONS.test(validation)) {
      const min = get(row, 'min');
      const max = get(row, 'max');
      const bound = (value: string) =>
        value !== '' && Number.isFinite(Number(value)) ? Number(value) : null;
      if (validation === 'integer' || validation === 'int') {
        note('redcap.validation.integer', field);
        whole = true;
      } else if (/dp/.test(validation)) note('redcap.validation.decimals', field);
      item = { ...base, type: ItemType.NUMBER, min: bound(min), max: bound(max) };
    } else if (fieldType === 'text' || fieldType === 'notes') {
      if (validation) note('redcap.validation.text', `${field} (${validation})`);
      item = { ...base, type: ItemType.TEXT };
      const charLimit = tags.find((t) => t.name === 'CHARLIMIT');
      const maxLength =
        typeof verdi.get('MAXLENGTH') === 'string'
          ? Number(verdi.get('MAXLENGTH'))
          : Number(charLimit?.argument);
      if (Number.isInteger(maxLength) && maxLength > 0) item.maxLength = maxLength;
      else if (charLimit) note('redcap.action-tag.other', `${field} (@CHARLIMIT)`);
    } else {
      return leave('redcap.field-type.unknown');
    }

    if (verdi.has('OTHER') && (item.type === ItemType.SINGLE_CHOICE || item.type === ItemType.MULTI_CHOICE)) {
      item.otherOption = true;
      // Branching logic on "other" (written by Verdi's export) refers to it by its key.
      keys.set(OTHER_CHOICE, OTHER_CHOICE);
      note('redcap.other', field);
    }
    if (get(row, 'matrix')) matrixFields.set(item, field);
    if (get(row, 'ranking').toLowerCase() === 'y') note('redcap.matrix-ranking', field);
    if (get(row, 'alignment') || get(row, 'number')) note('redcap.layout', field);
    if (get(row, 'identifier').toLowerCase() === 'y') note('redcap.identifier', field);

    const constructKey = verdi.get('CONSTRUCT');
    if (typeof constructKey === 'string' && constructKey) {
      item.construct = constructKey;
      if (!constructs.has(constructKey)) {
        const defined = verdiConstructs.find((c) => c.key === constructKey);
        const kind = (verdi.get('KIND') as ConstructKind | undefined) ?? defined?.kind ?? ConstructKind.VALUE;
        constructs.set(constructKey, defined ?? { key: constructKey, kind, label: { nb: constructKey } });
      }
    }

    const startsSection =
      sections.length === 0 ||
      !!sectionTitle ||
      !!sectionKey ||
      (currentForm !== undefined && form !== currentForm);
    if (startsSection) {
      const defined = sectionKey ? verdiSections.get(sectionKey) : undefined;
      const title = sectionTitle || form || name;
      sections.push({
        key: uniqueKey(
          sectionKey ?? (slugify(title, 40).replace(/-/g, '_') || 'section'),
          sections.map((s) => s.key),
        ),
        title: defined && defined.title.nb === title ? defined.title : { ...defined?.title, nb: title },
        items: [],
        ...(defined?.randomiseOrder === true && { randomiseOrder: true }),
      });
    }
    currentForm = form;
    sections.at(-1)!.items.push(item);
    usedKeys.add(key);
    known.set(field, { item, keys, whole });
    const logic = get(row, 'branching');
    if (logic) pendingBranching.push({ item, logic, field, position });
  });

  // Branching logic is translated once every field is known, to tell a later field from one that does not exist.
  for (const { item, logic, field, position } of pendingBranching) {
    const laterFields = new Set(allNames.slice(position + 1));
    const earlier = new Map([...known].filter(([name]) => (positions.get(name) ?? Infinity) < position));
    let expression = parseLogic(logic);
    if (roleField) {
      const split = splitRoles(expression, roleField);
      if (split) {
        item.roles = split.roles;
        if (!split.rest) continue;
        expression = split.rest;
      }
    }
    const result = translate(expression, earlier, leftOut, laterFields, scales);
    if (result.ok) {
      item.showIf = result.showIf;
      if (result.approximate) note('redcap.branching.not-equal-blank', field);
    } else note(`redcap.branching.${result.why}` as NoteKind, field);
  }

  // A section that is one REDCap matrix of Likert rows on one scale is a Verdi grid; other matrix fields become
  // ordinary questions, and say so.
  // REDCap repeats a matrix's choices on each field, so each became a scale of its own: equal ones are one.
  const sameScale = (a?: string | null, b?: string | null) =>
    a === b ||
    (!!a && !!b && isDeepStrictEqual({ ...scales.get(a), key: '' }, { ...scales.get(b), key: '' }));
  for (const section of sections) {
    const first = section.items[0];
    const grid =
      !!first &&
      section.items.every(
        (item) =>
          matrixFields.has(item) && item.type === ItemType.LIKERT && sameScale(item.scale, first.scale),
      );
    if (grid) {
      section.grid = true;
      for (const item of section.items) {
        const own = item.scale;
        item.scale = first.scale;
        if (own && own !== first.scale && !sections.some((s) => s.items.some((i) => i.scale === own)))
          scales.delete(own);
      }
    } else
      for (const item of section.items)
        if (matrixFields.has(item)) note('redcap.matrix', matrixFields.get(item)!);
  }

  const document: InstrumentDocument = {
    name,
    description,
    definition: {
      scales: [...scales.values()],
      constructs: orderedConstructs(constructs, verdiConstructs),
      sections: sections.filter((s) => s.items.length > 0),
    },
  };
  const list = notes.list();
  return { ...document, notes: list, unmapped: list.map((n) => noteSentence(n, 'en')) };
}

/** A construct list in the order the export wrote it, those met only in items after. */
function orderedConstructs(found: Map<string, Construct>, defined: Construct[]): Construct[] {
  const order = defined.map((c) => c.key);
  return [...found.values()].sort((a, b) => {
    const ia = order.indexOf(a.key);
    const ib = order.indexOf(b.key);
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  });
}

/** The scale a Likert field uses: Verdi's own definition when REDCap's choices still match it, else one from the choices. */
function likertScale(
  verdi: Map<string, unknown>,
  field: string,
  points: { code: string; label: string }[],
  na: { code: string; label: string } | undefined,
  scales: Map<string, Scale>,
  defined: Map<string, Scale>,
): string {
  const wanted = typeof verdi.get('SCALE') === 'string' ? (verdi.get('SCALE') as string) : `${field}_scale`;
  const fromChoices: Scale = {
    key: wanted,
    points: points.map((c) => ({ value: Number(c.code), label: { nb: c.label } })),
    notApplicable: na ? { nb: na.label } : null,
  };
  const definition = defined.get(wanted);
  const matches = (scale: Scale) =>
    scale.points.length === points.length &&
    scale.points.every(
      (p, i) =>
        p.value === Number(points[i]!.code) && choiceLabel(p.label.nb) === choiceLabel(points[i]!.label),
    ) &&
    (scale.notApplicable ? !!na && choiceLabel(scale.notApplicable.nb) === choiceLabel(na.label) : !na);
  const candidate = definition && matches(definition) ? definition : fromChoices;
  const existing = scales.get(wanted);
  if (!existing) {
    scales.set(wanted, candidate);
    return wanted;
  }
  if (matches(existing)) return wanted;
  const own = uniqueKey(`${field}_scale`, [...scales.keys()]);
  scales.set(own, { ...fromChoices, key: own });
  return own;
}

/**
 * Separates the conditions on Verdi's role field from the rest: `([role] = '1' or [role] = '3') and [x] = '2'` gives
 * the roles SERVICE_USER and CONSULTANT and the condition `[x] = '2'`. Undefined when the logic names no role.
 */
function splitRoles(
  expression: Expression,
  roleField: string,
): { roles: RespondentRole[]; rest?: Expression } | undefined {
  const rolesOf = (e: Expression): RespondentRole[] | undefined => {
    if (e.kind === 'compare' && e.field === roleField && e.right.kind === 'text' && !e.code) {
      const role = ALL_ROLES.find((r) => ROLE_CODES[r] === (e.right as { value: string }).value);
      if (!role) return undefined;
      if (e.op === '=') return [role];
      if (e.op === '<>') return ALL_ROLES.filter((r) => r !== role);
    }
    if (e.kind === 'or') {
      const parts = e.parts.map(rolesOf);
      return parts.every(Boolean) ? ALL_ROLES.filter((r) => parts.some((p) => p!.includes(r))) : undefined;
    }
    return undefined;
  };
  const whole = rolesOf(expression);
  if (whole) return { roles: whole };
  if (expression.kind === 'and') {
    const index = expression.parts.findIndex((p) => rolesOf(p));
    if (index < 0) return undefined;
    const rest = expression.parts.filter((_, i) => i !== index);
    return {
      roles: rolesOf(expression.parts[index]!)!,
      rest: rest.length === 1 ? rest[0] : { kind: 'and', parts: rest },
    };
  }
  return undefined;
}

function uniqueKey(base: string, taken: string[]): string {
  const start = /^[a-z]/.test(base) ? base : `s_${base}`;
  if (!taken.includes(start)) return start;
  for (let n = 2; ; n++) if (!taken.includes(`${start}_${n}`)) return `${start}_${n}`;
}
