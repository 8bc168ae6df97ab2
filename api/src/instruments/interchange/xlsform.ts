import type ExcelJS from 'exceljs';
import { ValidationError } from '../../common/errors.js';
import { canonicalDefinition } from '../definition.canonical.js';
import { mapText, readPlaceholders, writePlaceholders } from '../definition.piping.js';
import { KEY_PATTERN, OPTION_KEY_PATTERN } from '../definition.rules.js';
import {
  ConstructKind,
  isIsoDay,
  ItemType,
  OTHER_CHOICE,
  OTHER_LABEL,
  RespondentRole,
  ShowIfOperator,
  type ChoiceOption,
  type Construct,
  type Item,
  type LanguageCode,
  type LocalizedText,
  type RolePrompt,
  type Scale,
  type Section,
  type ShowIf,
} from '../definition.types.js';
import { ImportNotes, type ImportResult } from './import-notes.js';
import { uniqueKey, validKey } from './surveyjs-text.js';
import type { InstrumentDocument } from './verdi-json.js';
import { XLS_NOTES, type XlsNote } from './xlsform-notes.js';
import { parseXlsExpression, type XlsExpression } from './xlsform-expression.js';

/**
 * XLSForm (the spreadsheet format of ODK, KoboToolbox, Enketo and SurveyCTO; https://xlsform.org) to and from Verdi.
 * The file travels through GraphQL as base64, since the API's import and export carry text.
 *
 * Export writes what ODK and Kobo accept (sheets survey, choices, settings) and keeps what XLSForm has no place for in
 * `verdi_*` columns and a `verdi_constructs` sheet, which XLSForm tools ignore; import reads those back, so
 * Verdi → XLSForm → Verdi is lossless. Roles are a `verdi_role` question at the start and `relevant` conditions on it.
 */

const LANGUAGES: LanguageCode[] = ['nb', 'nn', 'en'];

/** ODK's piping, `${name}`. */
const XLSFORM_PIPE = /\$\{\s*([A-Za-z_][\w.-]*)\s*\}/g;
const toXlsFormText = (text: LocalizedText) =>
  mapText(text, (value) => writePlaceholders(value, (key) => `\${${key}}`));
const fromXlsFormText = (text: LocalizedText, keyOf: (name: string) => string | undefined) =>
  mapText(text, (value) => readPlaceholders(value, XLSFORM_PIPE, keyOf));
/** Whether ODK's wording of a text would come back different (a fallback, spaces in the braces). */
function xlsPipingLossy(text: LocalizedText, items: ReadonlyMap<string, unknown>): boolean {
  const back = fromXlsFormText(toXlsFormText(text), (name) => (items.has(name) ? name : undefined));
  return (['nb', 'en', 'nn'] as const).some((language) => back[language] !== text[language]);
}

export const XLSFORM_LANGUAGE_NAMES: Record<LanguageCode, string> = {
  nb: 'Norsk bokmål (nb)',
  nn: 'Norsk nynorsk (nn)',
  en: 'English (en)',
};
const ALL_ROLES = [RespondentRole.SERVICE_USER, RespondentRole.PROFESSIONAL, RespondentRole.CONSULTANT];
export const ROLE_CHOICES: Record<RespondentRole, string> = {
  SERVICE_USER: 'service_user',
  PROFESSIONAL: 'professional',
  CONSULTANT: 'consultant',
};
export const ROLE_LABELS: Record<RespondentRole, LocalizedText> = {
  SERVICE_USER: { nb: 'Tjenestebruker', nn: 'Tenestebrukar', en: 'Service user' },
  PROFESSIONAL: { nb: 'Fagperson', nn: 'Fagperson', en: 'Professional' },
  CONSULTANT: { nb: 'Erfaringskonsulent', nn: 'Erfaringskonsulent', en: 'Peer worker' },
};
export const ROLE_QUESTION: LocalizedText = {
  nb: 'Hvem svarer du som?',
  nn: 'Kven svarar du som?',
  en: 'Who are you answering as?',
};
const YES_NO_LABELS: [string, LocalizedText][] = [
  ['1', { nb: 'Ja', nn: 'Ja', en: 'Yes' }],
  ['0', { nb: 'Nei', nn: 'Nei', en: 'No' }],
];
/** The "Vet ikke" choice of a scale: not a number, so `${q} < 3` is false for it in ODK, as Verdi's show-if is. */
export const NOT_APPLICABLE_CHOICE = 'na';
const DEFAULT_NAME = 'XLSForm import';
const MAX_FILE_BYTES = 1_500_000;

// ---------------------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------------------

type Row = Record<string, string | number | undefined>;

const yes = (flag: boolean) => (flag ? 'yes' : undefined);
const hasLanguage = (text: LocalizedText | null | undefined, language: LanguageCode) =>
  !!text?.[language]?.trim();

function languagesOf(document: InstrumentDocument): LanguageCode[] {
  const texts: (LocalizedText | null | undefined)[] = [];
  const { scales, constructs, sections } = document.definition;
  scales.forEach((s) => texts.push(s.notApplicable, ...s.points.map((p) => p.label)));
  constructs.forEach((c) => texts.push(c.label, c.description));
  sections.forEach((section) => {
    texts.push(section.title);
    section.items.forEach((item) =>
      texts.push(
        item.prompt,
        item.help,
        ...(item.promptByRole ?? []).map((p) => p.text),
        ...(item.options ?? []).map((o) => o.label),
        item.minLabel,
        item.maxLabel,
      ),
    );
  });
  return LANGUAGES.filter((language) => language === 'nb' || texts.some((t) => hasLanguage(t, language)));
}

function localized(
  row: Row,
  column: string,
  text: LocalizedText | null | undefined,
  languages: LanguageCode[],
) {
  if (!text) return;
  for (const language of languages) {
    const value = text[language]?.trim();
    if (value) row[`${column}::${XLSFORM_LANGUAGE_NAMES[language]}`] = value;
  }
}

const quote = (value: string) => `'${value}'`;

/** The show-if in XLSForm's expression language, as ODK evaluates it on the exported form. */
function relevantOfShowIf(showIf: ShowIf, target: Item | undefined, names: Map<string, string>): string {
  const ref = `\${${names.get(showIf.item) ?? showIf.item}}`;
  const type = target?.type;
  const choice = type === ItemType.SINGLE_CHOICE || type === ItemType.MULTI_CHOICE;
  const selectOne = type === ItemType.LIKERT || type === ItemType.NPS || type === ItemType.YES_NO;
  const equals = (value: string) =>
    choice ? `selected(${ref}, ${quote(value)})` : `${ref} = ${selectOne ? quote(value) : value}`;
  switch (showIf.op) {
    case ShowIfOperator.EQUALS:
    case ShowIfOperator.ONE_OF:
      return showIf.values.map(equals).join(' or ');
    case ShowIfOperator.GREATER_THAN:
      return `${ref} > ${showIf.values[0]}`;
    case ShowIfOperator.LESS_THAN:
      return `${ref} < ${showIf.values[0]}`;
  }
}

function relevantOf(item: Item, items: Map<string, Item>, names: Map<string, string>, roleName: string) {
  const parts: string[] = [];
  const roles = ALL_ROLES.filter((role) => item.roles.includes(role));
  if (roles.length === 0) return 'false()';
  if (roles.length < ALL_ROLES.length)
    parts.push(roles.map((role) => `\${${roleName}} = ${quote(ROLE_CHOICES[role])}`).join(' or '));
  if (item.showIf) parts.push(relevantOfShowIf(item.showIf, items.get(item.showIf.item), names));
  if (parts.length <= 1) return parts[0];
  return parts.map((part) => (part.includes(' or ') ? `(${part})` : part)).join(' and ');
}

function constraintOf(item: Item): string | undefined {
  if (item.type === ItemType.NUMBER) {
    const parts = [
      item.min != null ? `. >= ${item.min}` : undefined,
      item.max != null ? `. <= ${item.max}` : undefined,
    ].filter(Boolean);
    return parts.length > 0 ? parts.join(' and ') : undefined;
  }
  if (item.type === ItemType.TEXT && item.maxLength != null) return `string-length(.) <= ${item.maxLength}`;
  if (item.type === ItemType.DATE) {
    const parts = [
      item.earliest ? `. >= date('${item.earliest}')` : undefined,
      item.latest ? `. <= date('${item.latest}')` : undefined,
    ].filter(Boolean);
    return parts.length > 0 ? parts.join(' and ') : undefined;
  }
  return undefined;
}

const SURVEY_FIXED = ['type', 'name'];
const SURVEY_AFTER = [
  'required',
  'relevant',
  'constraint',
  'appearance',
  'parameters',
  'verdi_type',
  'verdi_construct',
  'verdi_reverse',
];

/** Verdi's instrument as an XLSForm workbook (.xlsx bytes). */
export async function exportXlsForm(document: InstrumentDocument): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const definition = canonicalDefinition(document.definition);
  const languages = languagesOf({ ...document, definition });
  const items = new Map(definition.sections.flatMap((s) => s.items.map((i) => [i.key, i] as const)));
  const names = new Map([...items.keys()].map((key) => [key, key]));
  const roleName = uniqueKey('verdi_role', (key) => items.has(key));

  // List names: scales keep their keys (import reads them back as the scale keys); fixed lists and options after.
  const lists = new Set(definition.scales.map((s) => s.key));
  const listName = (base: string) => {
    const name = uniqueKey(base, (key) => lists.has(key));
    lists.add(name);
    return name;
  };
  const roleList = listName('verdi_role');
  let npsList: string | undefined;
  let yesNoList: string | undefined;

  const survey: Row[] = [];
  const choices: Row[] = [];
  const roleRow: Row = {
    type: `select_one ${roleList}`,
    name: roleName,
    required: 'yes',
    verdi_type: 'ROLE',
  };
  localized(roleRow, 'label', ROLE_QUESTION, languages);
  survey.push(roleRow);
  for (const role of ALL_ROLES) {
    const row: Row = { list_name: roleList, name: ROLE_CHOICES[role] };
    localized(row, 'label', ROLE_LABELS[role], languages);
    choices.push(row);
  }
  for (const scale of definition.scales) {
    for (const point of scale.points) {
      const row: Row = { list_name: scale.key, name: String(point.value), verdi_scale: 'yes' };
      localized(row, 'label', point.label, languages);
      choices.push(row);
    }
    if (scale.notApplicable) {
      const row: Row = { list_name: scale.key, name: NOT_APPLICABLE_CHOICE, verdi_scale: 'yes' };
      localized(row, 'label', scale.notApplicable, languages);
      choices.push(row);
    }
  }
  const roleColumns = new Set<string>();

  for (const section of definition.sections) {
    // A grid section is ODK's and KoboToolbox's table-list: its Likert questions as rows of one table.
    const begin: Row = {
      type: 'begin_group',
      name: section.key,
      appearance: section.grid ? 'table-list' : 'field-list',
    };
    localized(begin, 'label', section.title, languages);
    survey.push(begin);
    for (const item of section.items) {
      const row: Row = {
        name: item.key,
        required: yes(item.required),
        relevant: relevantOf(item, items, names, roleName),
        constraint: constraintOf(item),
        verdi_construct: item.construct ?? undefined,
        verdi_reverse: yes(item.reverseScored),
      };
      localized(row, 'label', toXlsFormText(item.prompt), languages);
      localized(row, 'hint', item.help && toXlsFormText(item.help), languages);
      // ODK has no fallback for `${name}`: Verdi's exact wording goes beside it where it would be lost.
      for (const [column, text] of [
        ['verdi_label', item.prompt],
        ['verdi_hint', item.help],
      ] as const) {
        if (!text || !xlsPipingLossy(text, items)) continue;
        localized(row, column, text, languages);
        roleColumns.add(column);
      }
      for (const prompt of item.promptByRole ?? []) {
        const column = `verdi_label_${ROLE_CHOICES[prompt.role]}`;
        localized(row, column, prompt.text, languages);
        roleColumns.add(column);
        if (prompt.easyRead) {
          localized(row, `verdi_easy_read_${ROLE_CHOICES[prompt.role]}`, prompt.easyRead, languages);
          roleColumns.add(`verdi_easy_read_${ROLE_CHOICES[prompt.role]}`);
        }
      }
      if (item.easyRead) {
        localized(row, 'verdi_easy_read', item.easyRead, languages);
        roleColumns.add('verdi_easy_read');
      }
      switch (item.type) {
        case ItemType.LIKERT:
          row.type = `select_one ${item.scale ?? ''}`.trim();
          // In a table-list group the group lays the question out; on its own page, ODK's likert appearance.
          if (!section.grid) row.appearance = 'likert';
          row.verdi_type = 'LIKERT';
          break;
        case ItemType.NPS:
          if (!npsList) {
            npsList = listName('verdi_nps');
            for (let value = 0; value <= 10; value++)
              choices.push({
                list_name: npsList,
                name: String(value),
                ...Object.fromEntries(
                  languages.map((l) => [`label::${XLSFORM_LANGUAGE_NAMES[l]}`, String(value)]),
                ),
              });
          }
          row.type = `select_one ${npsList}`;
          row.appearance = 'likert';
          row.verdi_type = 'NPS';
          break;
        case ItemType.YES_NO:
          if (!yesNoList) {
            yesNoList = listName('verdi_yes_no');
            for (const [name, label] of YES_NO_LABELS) {
              const choice: Row = { list_name: yesNoList, name };
              localized(choice, 'label', label, languages);
              choices.push(choice);
            }
          }
          row.type = `select_one ${yesNoList}`;
          row.verdi_type = 'YES_NO';
          break;
        case ItemType.SINGLE_CHOICE:
        case ItemType.MULTI_CHOICE: {
          const list = listName(item.key);
          // or_other: ODK adds the choice "other" and a text question for it; Verdi stores "other" with its text.
          row.type = `${item.type === ItemType.SINGLE_CHOICE ? 'select_one' : 'select_multiple'} ${list}${item.otherOption ? ' or_other' : ''}`;
          for (const option of item.options ?? []) {
            const choice: Row = { list_name: list, name: option.key };
            localized(choice, 'label', option.label, languages);
            choices.push(choice);
          }
          if (item.otherOption) {
            // pyxform takes a list's own "other" choice for or_other, with its labels in every language.
            const choice: Row = { list_name: list, name: OTHER_CHOICE };
            localized(choice, 'label', OTHER_LABEL, languages);
            choices.push(choice);
          }
          break;
        }
        case ItemType.RANKING: {
          // XLSForm's rank: every choice of the list put in order, kept as their names space-separated.
          const list = listName(item.key);
          row.type = `rank ${list}`;
          for (const option of item.options ?? []) {
            const choice: Row = { list_name: list, name: option.key };
            localized(choice, 'label', option.label, languages);
            choices.push(choice);
          }
          break;
        }
        case ItemType.NUMBER:
          row.type = 'decimal';
          break;
        case ItemType.TEXT:
          row.type = 'text';
          break;
        case ItemType.SLIDER:
          row.type = 'range';
          row.parameters = [
            `start=${item.min ?? 0}`,
            `end=${item.max ?? 0}`,
            ...(item.step != null ? [`step=${item.step}`] : []),
          ].join(' ');
          // XLSForm's range has no end labels; XLSForm tools ignore these columns.
          localized(row, 'verdi_min_label', item.minLabel, languages);
          localized(row, 'verdi_max_label', item.maxLabel, languages);
          if (item.minLabel) roleColumns.add('verdi_min_label');
          if (item.maxLabel) roleColumns.add('verdi_max_label');
          break;
        case ItemType.DATE:
          row.type = 'date';
          break;
      }
      survey.push(row);
    }
    survey.push({ type: 'end_group', name: section.key });
  }

  const textColumns = (base: string) => languages.map((l) => `${base}::${XLSFORM_LANGUAGE_NAMES[l]}`);
  const workbook = new Excel.Workbook();
  addSheet(
    workbook,
    'survey',
    [
      ...SURVEY_FIXED,
      ...textColumns('label'),
      ...textColumns('hint'),
      ...SURVEY_AFTER,
      ...[...roleColumns].sort().flatMap(textColumns),
    ],
    survey,
  );
  addSheet(workbook, 'choices', ['list_name', 'name', ...textColumns('label'), 'verdi_scale'], choices);
  addSheet(
    workbook,
    'settings',
    ['form_title', 'form_id', 'version', 'default_language', 'verdi_description'],
    [
      {
        form_title: document.name,
        form_id: formId(document.name),
        version: '1',
        default_language: XLSFORM_LANGUAGE_NAMES.nb,
        verdi_description: document.description?.trim() || undefined,
      },
    ],
  );
  const constructs = definition.constructs.map((construct) => {
    const row: Row = { key: construct.key, kind: construct.kind };
    localized(row, 'label', construct.label, languages);
    localized(row, 'description', construct.description, languages);
    return row;
  });
  addSheet(
    workbook,
    'verdi_constructs',
    ['key', 'kind', ...textColumns('label'), ...textColumns('description')],
    constructs,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function formId(name: string): string {
  return `verdi_${validKey(name, KEY_PATTERN, 'form')}`.slice(0, 64);
}

/**
 * Spreadsheet readers decode `_xHHHH_` in a cell as the character HHHH (that is how OOXML writes control characters),
 * so a text that holds those letters gets its `_` written as `_x005F_`, which they decode back to `_`.
 */
function escapeOoxml(value: string | number | undefined): string | number | undefined {
  return typeof value === 'string' ? value.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1') : value;
}

function addSheet(workbook: ExcelJS.Workbook, name: string, columns: string[], rows: Row[]): void {
  const sheet = workbook.addWorksheet(name);
  const used = columns.filter((c, i) => i < 2 || name === 'settings' || rows.some((r) => r[c] !== undefined));
  sheet.addRow(used);
  for (const row of rows) sheet.addRow(used.map((column) => escapeOoxml(row[column]) ?? null));
  sheet.getRow(1).font = { bold: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------------------------

/** A cell's position as a spreadsheet user finds it. */
interface Place {
  sheet: string;
  row: number;
  column?: string;
}

const placeText = ({ sheet, row, column }: Place) =>
  `${sheet} row ${row}${column ? `, column "${column}"` : ''}`;

function fail(place: Place | null, message: string): never {
  const where = place ? `${placeText(place)}: ` : '';
  throw new ValidationError(`The XLSForm cannot be read: ${where}${message}`, {
    content: `${where}${message}`,
  });
}

/** One spreadsheet row: its number and its cells by lower-cased header. */
interface SheetRow {
  number: number;
  cells: Map<string, string>;
}

interface Sheet {
  name: string;
  headers: string[];
  rows: SheetRow[];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value)
      return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return '';
  }
  return String(value as unknown);
}

function readSheet(worksheet: ExcelJS.Worksheet): Sheet {
  const name = worksheet.name.trim().toLowerCase();
  const headerRow = worksheet.getRow(1);
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, column) => {
    const text = cellText(cell.value);
    checkText(text, { sheet: name, row: 1, column: text || `#${column}` }, true);
    headers[column] = text.trim().replace(/\s*::\s*/, '::');
  });
  const rows: SheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = new Map<string, string>();
    row.eachCell((cell, column) => {
      const header = headers[column];
      const text = cellText(cell.value);
      if (!header || text.trim() === '') return;
      checkText(text, { sheet: name, row: number, column: header }, false);
      const key = lowerBase(header);
      if (!cells.has(key)) cells.set(key, text);
    });
    if (cells.size > 0) rows.push({ number, cells });
  });
  return { name, headers: headers.filter(Boolean), rows };
}

/** `label::English (en)` → `label::English (en)` with the part before `::` lower-cased; XLSForm's names ignore case. */
const lowerBase = (header: string) => {
  const at = header.indexOf('::');
  return at < 0 ? header.toLowerCase() : `${header.slice(0, at).toLowerCase()}::${header.slice(at + 2)}`;
};

/** NUL characters never reach the database; names and headers cannot hold a line break. */
function checkText(text: string, place: Place, isName: boolean): void {
  // eslint-disable-next-line no-control-regex
  if (/\u0000/.test(text)) fail(place, 'the cell holds a NUL character, which no text may contain');
  if (isName && /[\r\n]/.test(text)) fail(place, 'a line break inside a name or header is not allowed');
}

/** `English (en)`, `en`, `Norsk bokmål (nb)`, `Norwegian`, `Nynorsk` … as Verdi's language, or null. */
export function languageOfColumn(name: string): LanguageCode | null {
  const code = /\(([A-Za-z-]+)\)\s*$/.exec(name)?.[1]?.toLowerCase().split('-')[0];
  const byCode: Record<string, LanguageCode> = {
    nb: 'nb',
    no: 'nb',
    nob: 'nb',
    nn: 'nn',
    nno: 'nn',
    en: 'en',
    eng: 'en',
  };
  if (code) return byCode[code] ?? null;
  const plain = name.trim().toLowerCase();
  if (byCode[plain]) return byCode[plain];
  if (/nynorsk/.test(plain)) return 'nn';
  if (/bokmål|bokmal|^norsk$|^norwegian$/.test(plain)) return 'nb';
  if (/^english|^engelsk/.test(plain)) return 'en';
  return null;
}

const META_TYPES = new Set([
  'start',
  'end',
  'today',
  'deviceid',
  'phonenumber',
  'username',
  'email',
  'simserial',
  'subscriberid',
  'audit',
  'start-geopoint',
  'background-geopoint',
  'uri:email',
  'uri:username',
  'uri:deviceid',
]);
const UNSUPPORTED_TYPES = new Set([
  'time',
  'datetime',
  'geopoint',
  'geotrace',
  'geoshape',
  'image',
  'audio',
  'video',
  'file',
  'barcode',
  'background-audio',
  'acknowledge',
  'trigger',
  'select_one_from_file',
  'select_multiple_from_file',
  'select_one_external',
  'xml-external',
  'csv-external',
]);
const READ_COLUMNS = new Set([
  'type',
  'name',
  'label',
  'hint',
  'required',
  'relevant',
  'constraint',
  'appearance',
  'parameters',
  'verdi_type',
  'verdi_construct',
  'verdi_reverse',
  'verdi_min_label',
  'verdi_max_label',
  'verdi_label_service_user',
  'verdi_label_professional',
  'verdi_label_consultant',
  'verdi_label',
  'verdi_hint',
  'verdi_easy_read',
  'verdi_easy_read_service_user',
  'verdi_easy_read_professional',
  'verdi_easy_read_consultant',
]);
const COLUMN_NOTES: Record<string, XlsNote> = {
  constraint_message: 'constraintMessage',
  required_message: 'constraintMessage',
  default: 'defaultValue',
  read_only: 'defaultValue',
  trigger: 'defaultValue',
  calculation: 'calculate',
  choice_filter: 'choiceFilter',
  repeat_count: 'repeat',
  image: 'media',
  audio: 'media',
  video: 'media',
  'big-image': 'media',
  'media::image': 'media',
  'media::audio': 'media',
  'media::video': 'media',
};
const TRUE_VALUES = new Set(['yes', 'true', 'true()', '1']);
const FALSE_VALUES = new Set(['', 'no', 'false', 'false()', '0']);

/** What an imported question is, for translating later conditions onto it. */
interface Target {
  item: Item;
  /** The XLSForm choice name → Verdi option key (choice questions). */
  options?: Map<string, string>;
  /** Whether its values are whole numbers (Likert, NPS, yes/no, integer), so `>=` can become `>` one lower. */
  whole: boolean;
}

interface Choice {
  name: string;
  label: LocalizedText;
  place: Place;
  verdiScale: boolean;
}

class XlsFormImport {
  readonly notes = new ImportNotes();
  readonly scales: Scale[] = [];
  readonly sections: Section[] = [];
  readonly constructs: Construct[] = [];
  private readonly targets = new Map<string, Target>();
  private readonly itemKeys = new Set<string>();
  private readonly sectionKeys = new Set<string>();
  private readonly lists = new Map<string, Choice[]>();
  private readonly scaleOfList = new Map<string, string>();
  private roleName: string | null = null;
  /** The sections read from an outermost group with appearance table-list: grids, if their questions allow. */
  private readonly tableListSections = new Set<Section>();
  /** Inside a group with appearance table-list (possibly an outer one). */
  private inTableList = false;
  /** The relevant conditions of the groups a row is in, outermost first. */
  private groupRelevants: string[] = [];
  private defaultLanguage: LanguageCode = 'nb';
  private defaultLanguageKnown = false;
  private defaultLanguageUsed = false;
  name = DEFAULT_NAME;
  description: string | null = null;

  /** ODK's `${name}` of a question as Verdi's `{{key}}`, once every question has its key; others are noted. */
  pipeAnswers(): void {
    const keyOf = (name: string) => this.targets.get(name)?.item.key;
    for (const [name, { item }] of this.targets) {
      item.prompt = fromXlsFormText(item.prompt, keyOf);
      if (item.help) item.help = fromXlsFormText(item.help, keyOf);
      if (
        [item.prompt, item.help].some((text) => text && Object.values(text).some((v) => /\$\{/.test(v ?? '')))
      )
        this.note('labelPiped', name);
    }
  }

  note(kind: XlsNote, field?: string): void {
    const { severity, message } = XLS_NOTES[kind];
    this.notes.add(`xlsform.${kind}`, severity, message, field);
  }

  /** The texts of one row: `label`, `label::<language>`; other languages noted. */
  text(row: SheetRow, base: string, field: string): LocalizedText | null {
    const text: Partial<Record<LanguageCode, string>> = {};
    let plain: string | undefined;
    for (const [header, value] of row.cells) {
      const trimmed = value.trim();
      if (header === base) plain = trimmed;
      else if (header.startsWith(`${base}::`)) {
        const language = languageOfColumn(header.slice(base.length + 2));
        if (!language) this.note('otherLanguage', `${field} (${header.slice(base.length + 2)})`);
        else text[language] ??= trimmed;
      }
    }
    if (plain !== undefined && !text[this.defaultLanguage]) {
      text[this.defaultLanguage] = plain;
      if (!this.defaultLanguageKnown) this.defaultLanguageUsed = true;
    }
    if (!text.nb && !text.en && !text.nn) return null;
    return { nb: text.nb ?? '', ...(text.en ? { en: text.en } : {}), ...(text.nn ? { nn: text.nn } : {}) };
  }

  readSettings(sheet: Sheet | undefined): void {
    const row = sheet?.rows[0];
    if (!row) return;
    const language = row.cells.get('default_language');
    if (language) {
      const known = languageOfColumn(language);
      if (known) {
        this.defaultLanguage = known;
        this.defaultLanguageKnown = true;
      } else this.note('otherLanguage', `default_language (${language})`);
    }
    const title = row.cells.get('form_title')?.trim();
    if (title) this.name = title.slice(0, 200);
    this.description = row.cells.get('verdi_description')?.trim() || null;
    for (const header of row.cells.keys())
      // form_id and version identify the form on an ODK server; Verdi has its own ids and versions.
      if (!['form_title', 'form_id', 'version', 'default_language', 'verdi_description'].includes(header))
        this.note('settings', header);
  }

  readChoices(sheet: Sheet | undefined): void {
    if (!sheet) return;
    if (
      sheet.rows.length > 0 &&
      !sheet.headers.some((h) => ['list_name', 'list name'].includes(h.toLowerCase()))
    )
      fail({ sheet: sheet.name, row: 1 }, 'the choices sheet has no list_name column');
    for (const row of sheet.rows) {
      const list = (row.cells.get('list_name') ?? row.cells.get('list name') ?? '').trim();
      const name = (row.cells.get('name') ?? '').trim();
      const place = { sheet: sheet.name, row: row.number };
      if (!list) fail({ ...place, column: 'list_name' }, 'the choice has no list_name');
      if (!name) fail({ ...place, column: 'name' }, `the choice in list "${list}" has no name`);
      checkText(list, { ...place, column: 'list_name' }, true);
      checkText(name, { ...place, column: 'name' }, true);
      const choices = this.lists.get(list) ?? [];
      const earlier = choices.find((c) => c.name === name);
      if (earlier)
        fail(
          { ...place, column: 'name' },
          `the list "${list}" already has a choice named "${name}" (row ${earlier.place.row})`,
        );
      for (const header of row.cells.keys())
        if (['image', 'audio', 'video', 'big-image'].includes(header.split('::')[0]!))
          this.note('media', `${list}/${name}`);
      choices.push({
        name,
        label: this.text(row, 'label', `${list}/${name}`) ?? { nb: name },
        place,
        verdiScale: TRUE_VALUES.has((row.cells.get('verdi_scale') ?? '').trim().toLowerCase()),
      });
      this.lists.set(list, choices);
    }
    // Lists Verdi wrote as scales come back as scales, also those no item uses.
    for (const [list, choices] of this.lists) if (choices.some((c) => c.verdiScale)) this.scaleFromList(list);
  }

  /** A list of whole numbers (and an optional "na") as a scale; null when its names are not whole numbers. */
  scaleFromList(list: string): string | null {
    const known = this.scaleOfList.get(list);
    if (known) return known;
    const choices = this.lists.get(list) ?? [];
    const points = choices.filter((c) => c.name !== NOT_APPLICABLE_CHOICE);
    if (points.length === 0 || !points.every((c) => /^-?\d+$/.test(c.name))) return null;
    const key = uniqueKey(validKey(list, KEY_PATTERN, 'scale'), (k) => this.scales.some((s) => s.key === k));
    const notApplicable = choices.find((c) => c.name === NOT_APPLICABLE_CHOICE);
    this.scales.push({
      key,
      points: points.map((c) => ({ value: Number(c.name), label: c.label })),
      ...(notApplicable ? { notApplicable: notApplicable.label } : {}),
    });
    this.scaleOfList.set(list, key);
    return key;
  }

  readConstructs(sheet: Sheet | undefined): void {
    for (const row of sheet?.rows ?? []) {
      const key = row.cells.get('key')?.trim();
      const kind = row.cells.get('kind')?.trim().toUpperCase() as ConstructKind | undefined;
      if (!key) continue;
      this.constructs.push({
        key,
        kind: kind && Object.values(ConstructKind).includes(kind) ? kind : ConstructKind.OUTCOME,
        label: this.text(row, 'label', key) ?? { nb: key },
        ...(this.text(row, 'description', key) ? { description: this.text(row, 'description', key) } : {}),
      });
    }
  }

  readSurvey(sheet: Sheet): void {
    const lowered = sheet.headers.map(lowerBase);
    for (const column of ['type', 'name'])
      if (!lowered.includes(column))
        fail({ sheet: sheet.name, row: 1 }, `the survey sheet has no "${column}" column`);
    for (const header of lowered) {
      const base = header.split('::')[0]!;
      if (READ_COLUMNS.has(base)) continue;
      const kind = COLUMN_NOTES[header.startsWith('media::') ? header : base];
      if (!kind && !base.startsWith('verdi_')) this.note('column', header);
    }

    const seen = new Map<string, number>();
    let section: Section | null = null;
    const open: { type: string; row: number; tableList: boolean; relevant?: string }[] = [];
    let ungrouped = 0;
    const sectionFor = (): Section => {
      if (section) return section;
      ungrouped++;
      section = this.addSection(`section_${ungrouped}`, { nb: this.name });
      return section;
    };

    for (const row of sheet.rows) {
      const place = (column?: string): Place => ({ sheet: sheet.name, row: row.number, column });
      const rawType = (row.cells.get('type') ?? '').trim();
      const name = (row.cells.get('name') ?? '').trim();
      checkText(rawType, place('type'), true);
      checkText(name, place('name'), true);
      if (!rawType) {
        if (name) fail(place('type'), `"${name}" has no type`);
        continue;
      }
      const words = rawType.replace(/\s+/g, ' ').split(' ');
      const head = words[0]!.toLowerCase();
      const type =
        ['begin', 'end', 'select'].includes(head) && words[1] ? `${head}_${words[1].toLowerCase()}` : head;
      const rest = ['begin', 'end', 'select'].includes(head) ? words.slice(2) : words.slice(1);

      if (type === 'end_group' || type === 'end_repeat') {
        if (open.length === 0) fail(place('type'), `${type} without a matching begin`);
        open.pop();
        this.inTableList = open.some((group) => group.tableList);
        this.groupRelevants = open.flatMap((group) => (group.relevant ? [group.relevant] : []));
        if (open.length === 0) section = null;
        continue;
      }
      if (!name) fail(place('name'), `the ${type} row has no name`);
      const earlier = seen.get(name);
      if (earlier !== undefined)
        fail(place('name'), `the name "${name}" is already used on row ${earlier}; names must be unique`);
      seen.set(name, row.number);
      for (const [header] of row.cells) {
        const kind = COLUMN_NOTES[header.startsWith('media::') ? header : header.split('::')[0]!];
        if (kind) this.note(kind, name);
      }

      if (type === 'begin_group' || type === 'begin_repeat') {
        if (type === 'begin_repeat') this.note('repeat', name);
        // ODK hides a group's questions when its relevant is false: each question gets it, joined to its own.
        const groupRelevant = row.cells.get('relevant')?.trim();
        if (open.length === 0) {
          const title = this.text(row, 'label', name) ?? { nb: name };
          section = this.addSection(name, title);
        } else this.note('nestedGroup', name);
        // A table-list group is how ODK and KoboToolbox lay out a Likert grid: questions on one shared list.
        const tableList = /\btable-list\b/.test((row.cells.get('appearance') ?? '').toLowerCase());
        if (tableList && open.length === 0 && section) this.tableListSections.add(section);
        open.push({ type, row: row.number, tableList, relevant: groupRelevant || undefined });
        this.inTableList = open.some((group) => group.tableList);
        this.groupRelevants = open.flatMap((group) => (group.relevant ? [group.relevant] : []));
        continue;
      }
      if (META_TYPES.has(type)) {
        this.note('metadata', name);
        continue;
      }
      if (type === 'calculate' || type === 'hidden') {
        this.note('calculate', name);
        continue;
      }
      if (type === 'note') {
        this.note('note', name);
        continue;
      }
      if (UNSUPPORTED_TYPES.has(type)) {
        this.note('unsupportedType', `${name} (${type})`);
        continue;
      }
      const verdiType = (row.cells.get('verdi_type') ?? '').trim().toUpperCase();
      if (type === 'select_one' && verdiType === 'ROLE') {
        this.roleName = name;
        continue;
      }
      const built = this.build(row, type, rest, name, verdiType, place);
      if (!built) continue;
      sectionFor().items.push(built.item);
      this.targets.set(name, built);
    }
    const unclosed = open.at(-1);
    if (unclosed)
      fail(
        { sheet: sheet.name, row: unclosed.row, column: 'type' },
        `${unclosed.type} has no matching ${unclosed.type.replace('begin', 'end')}`,
      );
    if (this.defaultLanguageUsed) this.note('defaultLanguage');
  }

  /**
   * A table-list section becomes a Likert grid where Verdi can show it as one: its questions are all Likert
   * questions on one scale. Otherwise its questions are shown one below the other, as they are imported.
   */
  markGrids(): void {
    for (const section of this.tableListSections) {
      const first = section.items[0];
      if (first && section.items.every((item) => item.type === ItemType.LIKERT && item.scale === first.scale))
        section.grid = true;
    }
  }

  addSection(name: string, title: LocalizedText): Section {
    const key = uniqueKey(validKey(name, KEY_PATTERN, 'section'), (k) => this.sectionKeys.has(k));
    this.sectionKeys.add(key);
    const section = { key, title, items: [] };
    this.sections.push(section);
    return section;
  }

  build(
    row: SheetRow,
    type: string,
    rest: string[],
    name: string,
    verdiType: string,
    place: (column?: string) => Place,
  ): Target | null {
    const key = uniqueKey(validKey(name, KEY_PATTERN, 'item'), (k) => this.itemKeys.has(k));
    if (key !== name) this.note('renamed', name);
    this.itemKeys.add(key);
    const item: Item = {
      key,
      type: ItemType.TEXT,
      roles: [...ALL_ROLES],
      prompt: this.text(row, 'label', name) ?? { nb: '' },
      required: false,
      reverseScored: TRUE_VALUES.has((row.cells.get('verdi_reverse') ?? '').trim().toLowerCase()),
    };
    const construct = row.cells.get('verdi_construct')?.trim();
    if (construct) item.construct = construct;
    const help = this.text(row, 'hint', name);
    if (help) item.help = help;
    // Verdi's exact wording, while ODK's is still the one Verdi wrote for it: an edit made elsewhere wins.
    for (const [column, field] of [
      ['verdi_label', 'prompt'],
      ['verdi_hint', 'help'],
    ] as const) {
      const exact = this.text(row, column, name);
      const now = item[field];
      if (
        exact &&
        now &&
        (['nb', 'en', 'nn'] as const).every((l) => (now[l] ?? '') === (toXlsFormText(exact)[l] ?? ''))
      )
        item[field] = exact;
    }
    const promptByRole: RolePrompt[] = [];
    for (const role of ALL_ROLES) {
      const text = this.text(row, `verdi_label_${ROLE_CHOICES[role]}`, name);
      const easyRead = this.text(row, `verdi_easy_read_${ROLE_CHOICES[role]}`, name);
      if (text) promptByRole.push({ role, text, ...(easyRead ? { easyRead } : {}) });
    }
    if (promptByRole.length > 0) item.promptByRole = promptByRole;
    const easyRead = this.text(row, 'verdi_easy_read', name);
    if (easyRead) item.easyRead = easyRead;
    const appearance = (row.cells.get('appearance') ?? '').trim().toLowerCase();
    let appearanceUsed = appearance === '';
    const target: Target = { item, whole: false };

    if (type === 'select_one' || type === 'select_multiple' || type === 'rank') {
      const list = rest[0];
      if (!list) fail(place('type'), `${type} needs a list name, as in "${type} colours"`);
      const orOther = rest.slice(1).some((w) => w.toLowerCase() === 'or_other');
      const choices = this.lists.get(list);
      if (!choices)
        fail(
          place('type'),
          `${type} ${list} refers to the list "${list}", which the choices sheet does not have`,
        );
      // In a table-list group a select_one on a list of whole numbers is a Likert row; on other lists, a choice.
      const likert =
        type === 'select_one' &&
        (verdiType === 'LIKERT' ||
          /\blikert\b/.test(appearance) ||
          (this.inTableList && verdiType === '' && this.scaleFromList(list) !== null));
      if (type === 'select_one' && verdiType === 'NPS') {
        item.type = ItemType.NPS;
        target.whole = true;
        appearanceUsed = true;
      } else if (type === 'select_one' && verdiType === 'YES_NO') {
        item.type = ItemType.YES_NO;
        target.whole = true;
      } else if (likert && this.scaleFromList(list)) {
        item.type = ItemType.LIKERT;
        item.scale = this.scaleFromList(list);
        target.whole = true;
        appearanceUsed = true;
      } else {
        if (likert) {
          this.note('likertNotNumeric', name);
          appearanceUsed = true;
        }
        item.type =
          type === 'rank'
            ? ItemType.RANKING
            : type === 'select_one'
              ? ItemType.SINGLE_CHOICE
              : ItemType.MULTI_CHOICE;
        const options: ChoiceOption[] = [];
        target.options = new Map();
        for (const choice of choices) {
          // With or_other, a choice named "other" is the one ODK shows for it (pyxform uses its labels).
          if (orOther && choice.name === OTHER_CHOICE) continue;
          const optionKey = uniqueKey(
            validKey(choice.name.toLowerCase(), OPTION_KEY_PATTERN, 'option'),
            (k) => options.some((o) => o.key === k),
          );
          if (optionKey !== choice.name) this.note('renamed', `${list}/${choice.name}`);
          options.push({ key: optionKey, label: choice.label });
          target.options.set(choice.name, optionKey);
        }
        item.options = options;
        // or_other is Verdi's "other, specify": ODK stores the choice "other" and its text beside it.
        if (orOther && options.some((o) => o.key === OTHER_CHOICE)) this.note('orOther', name);
        else if (orOther && type !== 'rank') {
          item.otherOption = true;
          target.options.set(OTHER_CHOICE, OTHER_CHOICE);
        }
      }
      if (orOther && item.type !== ItemType.SINGLE_CHOICE && item.type !== ItemType.MULTI_CHOICE)
        this.note('orOther', name);
    } else if (type === 'integer' || type === 'decimal') {
      item.type = ItemType.NUMBER;
      if (type === 'integer') {
        this.note('integer', name);
        target.whole = true;
      }
    } else if (type === 'range') {
      item.type = ItemType.SLIDER;
      const parameters = row.cells.get('parameters') ?? '';
      const parameter = (p: string) => {
        const found = new RegExp(`\\b${p}\\s*=\\s*(-?[\\d.]+)`).exec(parameters)?.[1];
        return found !== undefined && Number.isFinite(Number(found)) ? Number(found) : undefined;
      };
      // XLSForm's defaults: from 1 to 10 in steps of 1.
      const [start, end, step] = [parameter('start'), parameter('end'), parameter('step')];
      if (start === undefined || end === undefined) this.note('range', name);
      item.min = start ?? 1;
      item.max = end ?? 10;
      if (step !== undefined) item.step = step;
      item.minLabel = this.text(row, 'verdi_min_label', name);
      item.maxLabel = this.text(row, 'verdi_max_label', name);
      target.whole = Number.isInteger(step ?? 1) && Number.isInteger(item.min);
    } else if (type === 'date') {
      item.type = ItemType.DATE;
    } else if (type === 'text' || type === 'string') {
      item.type = ItemType.TEXT;
      if (appearance === 'multiline') appearanceUsed = true;
    } else {
      this.note('unknownType', `${name} (${type})`);
      this.itemKeys.delete(key);
      return null;
    }
    if (!appearanceUsed) this.note('appearance', name);

    const required = (row.cells.get('required') ?? '').trim().toLowerCase();
    if (TRUE_VALUES.has(required)) item.required = true;
    else if (!FALSE_VALUES.has(required)) this.note('requiredExpression', name);

    const constraint = (row.cells.get('constraint') ?? '').trim();
    const applied =
      item.type === ItemType.DATE
        ? this.applyDateConstraint(item, constraint)
        : this.applyConstraint(item, constraint, target.whole);
    if (constraint && !applied) this.note('constraint', name);

    const own = (row.cells.get('relevant') ?? '').trim();
    const conditions = [...this.groupRelevants, ...(own ? [own] : [])];
    const relevant = conditions.length === 1 ? conditions[0]! : conditions.map((c) => `(${c})`).join(' and ');
    if (relevant && !this.applyRelevant(item, relevant)) {
      this.note(own ? 'relevantNotTranslated' : 'groupRelevant', name);
    }
    return target;
  }

  /** `. >= date('2020-01-01') and . <= date('2026-12-31')` as a date's earliest and latest day; false otherwise. */
  applyDateConstraint(item: Item, constraint: string): boolean {
    const found: Partial<Pick<Item, 'earliest' | 'latest'>> = {};
    for (const part of constraint.split(/\s+and\s+/i)) {
      const match = /^\.\s*(>=|<=)\s*date\(\s*(['"])(\d{4}-\d{2}-\d{2})\2\s*\)$/.exec(part.trim());
      if (!match || !isIsoDay(match[3]!)) return false;
      if (match[1] === '>=') found.earliest = match[3]!;
      else found.latest = match[3]!;
    }
    Object.assign(item, found);
    return true;
  }

  /** `. >= 1 and . <= 10` as bounds, `string-length(.) <= 200` as a text's length; false for anything else. */
  applyConstraint(item: Item, constraint: string, whole: boolean): boolean {
    let expression: XlsExpression;
    try {
      expression = parseXlsExpression(constraint);
    } catch {
      return false;
    }
    const parts = expression.kind === 'and' ? expression.parts : [expression];
    const found: Partial<Pick<Item, 'min' | 'max' | 'maxLength'>> = {};
    for (const part of parts) {
      if (part.kind !== 'compare' || part.right.kind !== 'number') return false;
      const n = part.right.value;
      if (item.type === ItemType.NUMBER && part.left.kind === 'self') {
        if (part.op === '>=') found.min = n;
        else if (part.op === '<=') found.max = n;
        else if (part.op === '>' && whole && Number.isInteger(n)) found.min = n + 1;
        else if (part.op === '<' && whole && Number.isInteger(n)) found.max = n - 1;
        else return false;
      } else if (item.type === ItemType.TEXT && part.left.kind === 'length') {
        if (part.op === '<=' && Number.isInteger(n)) found.maxLength = n;
        else if (part.op === '<' && Number.isInteger(n)) found.maxLength = n - 1;
        else return false;
      } else return false;
    }
    Object.assign(item, found);
    return true;
  }

  /** Roles from conditions on the role question, and one show-if; false (nothing set) when it does not map. */
  applyRelevant(item: Item, relevant: string): boolean {
    let expression: XlsExpression;
    try {
      expression = parseXlsExpression(relevant);
    } catch {
      return false;
    }
    if (expression.kind === 'false') {
      item.roles = [];
      return true;
    }
    if (expression.kind === 'true') return true;
    const parts = expression.kind === 'and' ? expression.parts : [expression];
    let roles: RespondentRole[] | null = null;
    let showIf: ShowIf | null = null;
    for (const part of parts) {
      const partRoles = this.rolesOf(part);
      if (partRoles) {
        roles = roles ? roles.filter((r) => partRoles.includes(r)) : partRoles;
        continue;
      }
      const partShowIf = this.showIfOf(part);
      if (!partShowIf || showIf) return false;
      showIf = partShowIf;
    }
    if (roles) item.roles = roles;
    if (showIf) item.showIf = showIf;
    return true;
  }

  private alternatives(expression: XlsExpression): XlsExpression[] {
    return expression.kind === 'or' ? expression.parts : [expression];
  }

  /** `${verdi_role} = 'professional' or selected(${verdi_role}, 'consultant')` as roles. */
  rolesOf(expression: XlsExpression): RespondentRole[] | null {
    if (!this.roleName) return null;
    const roles: RespondentRole[] = [];
    for (const part of this.alternatives(expression)) {
      const equal = equalityOf(part);
      if (!equal || equal.field !== this.roleName) return null;
      const role = ALL_ROLES.find((r) => ROLE_CHOICES[r] === equal.value);
      if (!role) return null;
      roles.push(role);
    }
    return ALL_ROLES.filter((r) => roles.includes(r));
  }

  showIfOf(expression: XlsExpression): ShowIf | null {
    const alternatives = this.alternatives(expression);
    if (alternatives.length === 1 && expression.kind === 'compare' && expression.left.kind === 'field') {
      const target = this.targets.get(expression.left.name);
      const right = expression.right;
      const n = right.kind === 'number' ? right.value : right.kind === 'string' ? Number(right.value) : NaN;
      if (target && !target.options && Number.isFinite(n) && ['>', '<', '>=', '<='].includes(expression.op)) {
        const item = target.item.key;
        if (expression.op === '>') return { item, op: ShowIfOperator.GREATER_THAN, values: [String(n)] };
        if (expression.op === '<') return { item, op: ShowIfOperator.LESS_THAN, values: [String(n)] };
        if (!target.whole || !Number.isInteger(n)) return null;
        return expression.op === '>='
          ? { item, op: ShowIfOperator.GREATER_THAN, values: [String(n - 1)] }
          : { item, op: ShowIfOperator.LESS_THAN, values: [String(n + 1)] };
      }
    }
    let field: string | null = null;
    const values: string[] = [];
    for (const part of alternatives) {
      const equal = equalityOf(part);
      if (!equal || (field !== null && equal.field !== field)) return null;
      field = equal.field;
      const target = this.targets.get(field);
      if (!target) return null;
      if (target.options) {
        // `=` on a multiple choice compares the whole selection in ODK; only selected() means "chose this option".
        if (target.item.type === ItemType.MULTI_CHOICE && !equal.selected) return null;
        const key = target.options.get(equal.value);
        if (!key) return null;
        values.push(key);
      } else {
        const n = Number(equal.value);
        if (equal.value === '' || !Number.isFinite(n)) return null;
        values.push(String(n));
      }
    }
    if (field === null) return null;
    const item = this.targets.get(field)!.item.key;
    const unique = [...new Set(values)];
    return { item, op: unique.length === 1 ? ShowIfOperator.EQUALS : ShowIfOperator.ONE_OF, values: unique };
  }
}

/** `${f} = 'v'`, `${f} = v`, `'v' = ${f}` or `selected(${f}, 'v')`, as field and value. */
function equalityOf(expression: XlsExpression): { field: string; value: string; selected: boolean } | null {
  if (expression.kind === 'selected')
    return { field: expression.field, value: expression.value, selected: true };
  if (expression.kind !== 'compare' || expression.op !== '=') return null;
  const [field, value] =
    expression.left.kind === 'field'
      ? [expression.left, expression.right]
      : [expression.right, expression.left];
  if (field.kind !== 'field') return null;
  if (value.kind === 'string') return { field: field.name, value: value.value, selected: false };
  if (value.kind === 'number') return { field: field.name, value: String(value.value), selected: false };
  return null;
}

/** Reads an XLSForm (.xlsx, base64) into an instrument; refuses a file it cannot read, naming the sheet, row and column. */
export async function importXlsForm(content: string, name?: string): Promise<ImportResult> {
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact))
    fail(null, 'the file must be sent as base64 (the API carries an .xlsx file as base64 text)');
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > MAX_FILE_BYTES) fail(null, `the file is larger than ${MAX_FILE_BYTES / 1_000_000} MB`);
  // Every .xlsx is a zip archive; an old .xls (or a CSV) is not, and exceljs cannot read it.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    fail(null, 'the file is not an .xlsx workbook (save it as Excel .xlsx; .xls and CSV are not read)');
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    fail(null, `the file is not a readable .xlsx workbook (${(error as Error).message})`);
  }
  const sheets = new Map(workbook.worksheets.map((w) => [w.name.trim().toLowerCase(), w]));
  const survey = sheets.get('survey');
  if (!survey)
    fail(
      null,
      `the workbook has no "survey" sheet (it has ${workbook.worksheets.map((w) => `"${w.name}"`).join(', ') || 'none'})`,
    );
  const read = (sheet: string) => {
    const worksheet = sheets.get(sheet);
    return worksheet ? readSheet(worksheet) : undefined;
  };
  const form = new XlsFormImport();
  form.readSettings(read('settings'));
  form.readChoices(read('choices'));
  form.readConstructs(read('verdi_constructs'));
  form.readSurvey(readSheet(survey));
  form.pipeAnswers();
  form.markGrids();
  if (form.sections.every((section) => section.items.length === 0))
    fail(null, 'the survey sheet has no question Verdi can take over');
  return {
    name: name ?? form.name,
    description: form.description,
    definition: canonicalDefinition({
      scales: form.scales,
      constructs: form.constructs,
      sections: form.sections,
    }),
    notes: form.notes.list(),
  };
}
