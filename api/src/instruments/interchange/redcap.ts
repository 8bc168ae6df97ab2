import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../../common/errors.js';
import { slugify } from '../../common/slug.js';
import { OPTION_KEY_PATTERN } from '../definition.rules.js';
import {
  ConstructKind,
  ItemType,
  RespondentRole,
  ShowIfOperator,
  type ChoiceOption,
  type Construct,
  type InstrumentDefinition,
  type Item,
  type Scale,
  type Section,
  type ShowIf,
} from '../definition.types.js';
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

const ALL_ROLES = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];

/**
 * What REDCap has no column for travels in the field annotation as @VERDI-… tags, which REDCap keeps and ignores, so
 * an instrument exported to REDCap and imported back keeps its constructs, roles, scales and reverse-scoring.
 */
function annotationFor(item: Item, definition: InstrumentDefinition): string {
  const tags = [`@VERDI-TYPE=${item.type}`];
  if (item.construct) {
    const kind = definition.constructs.find((c) => c.key === item.construct)?.kind;
    tags.push(`@VERDI-CONSTRUCT=${item.construct}`);
    if (kind) tags.push(`@VERDI-KIND=${kind}`);
  }
  if (item.roles.length !== ALL_ROLES.length) tags.push(`@VERDI-ROLES=${item.roles.join(',')}`);
  if (item.reverseScored) tags.push('@VERDI-REVERSE');
  if (item.scale) tags.push(`@VERDI-SCALE=${item.scale}`);
  return tags.join(' ');
}

function choicesOf(item: Item, scales: Map<string, Scale>): string {
  switch (item.type) {
    case ItemType.LIKERT: {
      const scale = scales.get(item.scale ?? '');
      return (scale?.points ?? []).map((p) => `${p.value}, ${p.label.nb}`).join(' | ');
    }
    case ItemType.NPS:
      return Array.from({ length: 11 }, (_, n) => `${n}, ${n}`).join(' | ');
    case ItemType.SINGLE_CHOICE:
    case ItemType.MULTI_CHOICE:
      return (item.options ?? []).map((o) => `${o.key}, ${o.label.nb}`).join(' | ');
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
    case ItemType.YES_NO:
      return 'yesno';
    case ItemType.NUMBER:
      return 'text';
    case ItemType.TEXT:
      return 'notes';
  }
}

function branchingOf(showIf: ShowIf | null | undefined, items: Map<string, Item>): string {
  if (!showIf) return '';
  const target = items.get(showIf.item);
  const multi = target?.type === ItemType.MULTI_CHOICE;
  const term = (value: string, op = '=') =>
    multi
      ? `[${showIf.item}(${value})] = '1'`
      : op === '='
        ? `[${showIf.item}] = '${value}'`
        : `[${showIf.item}] ${op} ${value}`;
  switch (showIf.op) {
    case ShowIfOperator.EQUALS:
      return term(showIf.values[0] ?? '');
    case ShowIfOperator.ONE_OF:
      return showIf.values.map((v) => term(v)).join(' or ');
    case ShowIfOperator.GREATER_THAN:
      return term(showIf.values[0] ?? '', '>');
    case ShowIfOperator.LESS_THAN:
      return term(showIf.values[0] ?? '', '<');
  }
}

export function exportRedcapDictionary(document: InstrumentDocument): string {
  const { definition } = document;
  const form = slugify(document.name, 50).replace(/-/g, '_') || 'verdi';
  const scales = new Map(definition.scales.map((s) => [s.key, s]));
  const items = new Map(definition.sections.flatMap((s) => s.items).map((i) => [i.key, i]));
  const rows = definition.sections.flatMap((section) =>
    section.items.map((item, index) => [
      item.key,
      form,
      index === 0 ? section.title.nb : '',
      fieldTypeOf(item),
      item.prompt.nb,
      choicesOf(item, scales),
      item.help?.nb ?? '',
      item.type === ItemType.NUMBER
        ? Number.isInteger(item.min ?? 0) && Number.isInteger(item.max ?? 0)
          ? 'integer'
          : 'number'
        : '',
      item.type === ItemType.NUMBER && item.min != null ? String(item.min) : '',
      item.type === ItemType.NUMBER && item.max != null ? String(item.max) : '',
      '',
      branchingOf(item.showIf, items),
      item.required ? 'y' : '',
      '',
      '',
      '',
      '',
      annotationFor(item, definition),
    ]),
  );
  return stringify([[...REDCAP_COLUMNS], ...rows], { record_delimiter: '\n' });
}

export interface ImportResult extends InstrumentDocument {
  /** What the file had that Verdi could not take over, one sentence each, naming the field. */
  unmapped: string[];
}

const stripHtml = (text: string) =>
  text
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function tag(annotation: string, name: string): string | undefined {
  return (
    new RegExp(`@VERDI-${name}(?:=(\\S+))?`).exec(annotation)?.[1] ??
    (annotation.includes(`@VERDI-${name}`) ? '' : undefined)
  );
}

function parseChoices(raw: string): { code: string; label: string }[] {
  return raw
    .split('|')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const comma = part.indexOf(',');
      return comma < 0
        ? { code: part, label: part }
        : { code: part.slice(0, comma).trim(), label: stripHtml(part.slice(comma + 1)) };
    });
}

/** REDCap branching logic that Verdi can express: one field compared with =, >, <, or a chain of = joined by "or". */
function parseBranching(logic: string): ShowIf | undefined {
  const text = logic.trim();
  const comparison = /^\[([a-z][a-z0-9_]*)(?:\(([^)]+)\))?\]\s*(=|>|<)\s*'?([^'\s]+)'?$/i;
  const single = comparison.exec(text);
  if (single) {
    const [, field, code, op, value] = single as unknown as [
      string,
      string,
      string | undefined,
      string,
      string,
    ];
    if (code)
      return value === '1' && op === '='
        ? { item: field, op: ShowIfOperator.EQUALS, values: [code] }
        : undefined;
    const ops: Record<string, ShowIfOperator> = {
      '=': ShowIfOperator.EQUALS,
      '>': ShowIfOperator.GREATER_THAN,
      '<': ShowIfOperator.LESS_THAN,
    };
    return { item: field, op: ops[op]!, values: [value] };
  }
  const pieces = text.split(/\s+or\s+/i);
  if (pieces.length < 2) return undefined;
  const parts = pieces.map((part) => parseBranching(part));
  if (parts.every((p) => p && p.op === ShowIfOperator.EQUALS && p.item === parts[0]!.item)) {
    return { item: parts[0]!.item, op: ShowIfOperator.ONE_OF, values: parts.map((p) => p!.values[0]!) };
  }
  return undefined;
}

export function importRedcapDictionary(content: string, name: string): ImportResult {
  let rows: string[][];
  try {
    rows = parse(content.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw ValidationError.forFields({ content: `is not a CSV file: ${(error as Error).message}` });
  }
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const column = (title: string) => header.indexOf(title.toLowerCase());
  const required = ['Variable / Field Name', 'Field Type', 'Field Label'];
  const missing = required.filter((title) => column(title) < 0);
  if (missing.length > 0) {
    throw ValidationError.forFields({
      content: `is not a REDCap data dictionary: it has no column ${missing.map((m) => `"${m}"`).join(', ')}`,
    });
  }
  const get = (row: string[], title: (typeof REDCAP_COLUMNS)[number]) =>
    column(title) >= 0 ? (row[column(title)] ?? '').trim() : '';

  const unmapped: string[] = [];
  const sections: Section[] = [];
  const scales = new Map<string, Scale>();
  const constructs = new Map<string, Construct>();
  let currentForm = '';

  for (const row of rows.slice(1)) {
    const key = get(row, 'Variable / Field Name');
    const fieldType = get(row, 'Field Type').toLowerCase();
    const form = get(row, 'Form Name');
    const sectionHeader = stripHtml(get(row, 'Section Header'));
    if (!key) continue;
    if (sections.length === 0 || sectionHeader || form !== currentForm) {
      const title = sectionHeader || form || name;
      sections.push({
        key: uniqueKey(
          slugify(title, 40).replace(/-/g, '_') || 'section',
          sections.map((s) => s.key),
        ),
        title: { nb: title },
        items: [],
      });
      currentForm = form;
    }
    const annotation = get(row, 'Field Annotation');
    const verdiType = tag(annotation, 'TYPE') as ItemType | undefined;
    const label = stripHtml(get(row, 'Field Label'));
    const choices = parseChoices(get(row, 'Choices, Calculations, OR Slider Labels'));
    const validation = get(row, 'Text Validation Type OR Show Slider Number').toLowerCase();
    const base: Item = {
      key,
      type: ItemType.TEXT,
      roles: (tag(annotation, 'ROLES')?.split(',').filter(Boolean) as RespondentRole[] | undefined) ?? [
        ...ALL_ROLES,
      ],
      prompt: { nb: label },
      help: get(row, 'Field Note') ? { nb: stripHtml(get(row, 'Field Note')) } : null,
      required: get(row, 'Required Field?').toLowerCase() === 'y',
      reverseScored: tag(annotation, 'REVERSE') !== undefined,
    };

    let item: Item | undefined;
    if (fieldType === 'radio' || fieldType === 'dropdown') {
      if (verdiType === ItemType.NPS) item = { ...base, type: ItemType.NPS };
      else if (verdiType === ItemType.LIKERT && choices.every((c) => /^-?\d+$/.test(c.code))) {
        const scaleKey = tag(annotation, 'SCALE') || `${key}_scale`;
        if (!scales.has(scaleKey)) {
          scales.set(scaleKey, {
            key: scaleKey,
            points: choices.map((c) => ({ value: Number(c.code), label: { nb: c.label } })),
            notApplicable: null,
          });
        }
        item = { ...base, type: ItemType.LIKERT, scale: scaleKey };
      } else {
        item = { ...base, type: ItemType.SINGLE_CHOICE, options: choicesToOptions(key, choices, unmapped) };
      }
    } else if (fieldType === 'checkbox') {
      item = { ...base, type: ItemType.MULTI_CHOICE, options: choicesToOptions(key, choices, unmapped) };
    } else if (fieldType === 'yesno' || fieldType === 'truefalse') {
      item = { ...base, type: ItemType.YES_NO };
    } else if (
      fieldType === 'text' &&
      ['integer', 'number', 'number_1dp', 'number_2dp'].includes(validation)
    ) {
      const min = get(row, 'Text Validation Min');
      const max = get(row, 'Text Validation Max');
      item = { ...base, type: ItemType.NUMBER, min: min ? Number(min) : null, max: max ? Number(max) : null };
    } else if (fieldType === 'text' || fieldType === 'notes') {
      if (validation)
        unmapped.push(`${key}: the "${validation}" validation has no counterpart; imported as free text`);
      item = { ...base, type: ItemType.TEXT };
    } else if (fieldType === 'slider') {
      item = { ...base, type: ItemType.NUMBER, min: 0, max: 100 };
      unmapped.push(`${key}: the slider is imported as a number from 0 to 100; its labels are dropped`);
    } else {
      unmapped.push(`${key}: field type "${fieldType}" has no counterpart in Verdi; the field was left out`);
    }
    if (!item) continue;

    const construct = tag(annotation, 'CONSTRUCT');
    if (construct) {
      item.construct = construct;
      const kind = (tag(annotation, 'KIND') as ConstructKind | undefined) ?? ConstructKind.VALUE;
      const known = constructs.get(construct);
      // A second kind for the same construct is kept as a second entry, so that the rules report the mix.
      if (!known || known.kind !== kind) {
        const entry = { key: construct, kind, label: { nb: construct } };
        if (known) unmapped.push(`${key}: construct ${construct} is given as both ${known.kind} and ${kind}`);
        constructs.set(known ? `${construct}\u0000${kind}` : construct, entry);
      }
    }
    const logic = get(row, 'Branching Logic (Show field only if...)');
    if (logic) {
      const showIf = parseBranching(logic);
      if (showIf) item.showIf = showIf;
      else
        unmapped.push(
          `${key}: branching logic "${logic}" is more than one comparison; the item is always shown`,
        );
    }
    if (get(row, 'Matrix Group Name'))
      unmapped.push(`${key}: matrix group "${get(row, 'Matrix Group Name')}" is imported as separate items`);
    if (get(row, 'Identifier?').toLowerCase() === 'y')
      unmapped.push(
        `${key}: marked as an identifier in REDCap; Verdi does not collect identifiers, review it`,
      );
    sections.at(-1)!.items.push(item);
  }
  const empty = sections.filter((s) => s.items.length === 0);
  return {
    name,
    description: null,
    definition: {
      scales: [...scales.values()],
      constructs: [...constructs.values()],
      sections: sections.filter((s) => !empty.includes(s)),
    },
    unmapped,
  };
}

function choicesToOptions(
  key: string,
  choices: { code: string; label: string }[],
  unmapped: string[],
): ChoiceOption[] {
  return choices.map((choice) => {
    const optionKey = OPTION_KEY_PATTERN.test(choice.code)
      ? choice.code
      : choice.code.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    if (optionKey !== choice.code)
      unmapped.push(`${key}: choice code "${choice.code}" is stored as option key "${optionKey}"`);
    return { key: optionKey, label: { nb: choice.label } };
  });
}

function uniqueKey(base: string, taken: string[]): string {
  const start = /^[a-z]/.test(base) ? base : `s_${base}`;
  if (!taken.includes(start)) return start;
  for (let n = 2; ; n++) if (!taken.includes(`${start}_${n}`)) return `${start}_${n}`;
}
