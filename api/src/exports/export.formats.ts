import { ItemType, type Construct, type LocalizedText } from '../instruments/definition.types.js';
import { DEFAULT_MIN_SHARE } from '../analytics/release.service.js';
import {
  ALL_ROLES,
  MISSING_CODE,
  MISSING_LABELS,
  NOT_APPLICABLE_CODE,
  NOT_SHOWN_CODE,
  RESPONSE_COLUMNS,
  isNumeric,
  showIfText,
  type Variable,
} from './export.plan.js';
import type { ExportRound } from './export.rows.js';
import { csvLine, neutralise } from './export.sql.js';

/** What a skipped item (shown, not answered) is in the data files. */
export const SKIPPED = 'empty cell';

/** How a construct's score is made, as scoring.ts makes it when a response is submitted. */
export const SCORING_RULE =
  'Mean of the construct’s items the respondent answered; a reverse-scored item counts as (scale minimum + scale maximum − answer); ' +
  `"Vet ikke" (${NOT_APPLICABLE_CODE}) and items not shown are left out. A response that answered none of the items has no score. ` +
  `Verdi’s dashboards use a score only when at least ${DEFAULT_MIN_SHARE * 100} % of the items shown were answered (the _answered and _shown columns let you apply your own rule).`;

export const CODEBOOK_COLUMNS = [
  'variable',
  'item',
  'option',
  'type',
  'construct',
  'construct_label_nb',
  'construct_label_en',
  'construct_label_nn',
  'kind',
  'reverse_scored',
  'scoring',
  'scale_min',
  'scale_max',
  'required',
  'show_if',
  'roles',
  'question_nb',
  'question_en',
  'question_nn',
  ...ALL_ROLES.flatMap((role) => [
    `question_${role.toLowerCase()}_nb`,
    `question_${role.toLowerCase()}_en`,
    `question_${role.toLowerCase()}_nn`,
  ]),
  'value_labels_nb',
  'value_labels_en',
  'value_labels_nn',
  'not_applicable_code',
  'not_shown_code',
  'skipped',
] as const;

function variableScoring(v: Variable): string {
  if (v.type === ItemType.RANKING && v.option)
    return `place of option ${v.option} in the ranking of ${v.item}: 1 = first, ${v.scaleMax ?? 'n'} = last; not scored`;
  if (!v.construct || !isNumeric(v) || v.option) return '';
  if (!v.reverseScored) return `counts as answered in ${v.construct}`;
  return v.scaleMin !== null && v.scaleMax !== null
    ? `reverse-scored in ${v.construct}: ${v.scaleMin + v.scaleMax} − answer`
    : `reverse-scored in ${v.construct}`;
}

/** One row per variable; codes are numbers, every text is the researcher's own. */
export function codebookRows(variables: Variable[]): (string | number)[][] {
  return variables.map((v) => [
    v.name,
    v.item,
    v.option ?? '',
    v.type,
    v.construct ?? '',
    v.constructLabel?.nb ?? '',
    v.constructLabel?.en ?? '',
    v.constructLabel?.nn ?? '',
    v.kind ?? '',
    v.reverseScored ? 'yes' : 'no',
    variableScoring(v),
    v.scaleMin ?? '',
    v.scaleMax ?? '',
    v.required ? 'yes' : 'no',
    showIfText(v.showIf),
    v.roles.join(' '),
    v.label.nb,
    v.label.en ?? '',
    v.label.nn ?? '',
    ...ALL_ROLES.flatMap((role) =>
      v.roles.includes(role)
        ? [
            v.labelByRole[role]?.nb ?? v.label.nb,
            v.labelByRole[role]?.en ?? v.label.en ?? '',
            v.labelByRole[role]?.nn ?? v.label.nn ?? '',
          ]
        : ['', '', ''],
    ),
    valueLabelText(v, 'nb'),
    valueLabelText(v, 'en'),
    valueLabelText(v, 'nn'),
    v.notApplicable ? NOT_APPLICABLE_CODE : '',
    NOT_SHOWN_CODE,
    SKIPPED,
  ]);
}

/** The value labels in a language; a label without that translation is given in bokmål. */
function valueLabelText(v: Variable, language: 'nb' | 'nn' | 'en'): string {
  return [...v.valueLabels, { code: String(NOT_SHOWN_CODE), label: MISSING_LABELS[NOT_SHOWN_CODE] }]
    .map((l) => `${l.code}=${(language === 'nb' ? null : l.label[language]) ?? l.label.nb}`)
    .join('; ');
}

/** A CSV line of a codebook-like row: texts made safe for spreadsheets as in the data files, numbers as they are. */
export function codebookLine(cells: readonly (string | number)[]): string {
  return csvLine(cells.map((cell) => (typeof cell === 'string' ? neutralise(cell) : cell)));
}

export interface RoundMeta extends ExportRound {
  opensAt: Date;
  closesAt: Date | null;
  instrumentVersion: number;
}

export const ROUND_COLUMNS = [
  'order',
  'round',
  'opens_at',
  'closes_at',
  'instrument_version',
  'linkage',
] as const;

export function roundRows(rounds: RoundMeta[]): (string | number)[][] {
  return rounds.map((r, index) => [
    index + 1,
    r.label,
    r.opensAt.toISOString(),
    r.closesAt?.toISOString() ?? '',
    r.instrumentVersion,
    r.linkage ? 'yes' : 'no',
  ]);
}

export function roundJson(r: RoundMeta, index: number): Record<string, unknown> {
  return {
    order: index + 1,
    label: r.label,
    opensAt: r.opensAt.toISOString(),
    closesAt: r.closesAt?.toISOString() ?? null,
    instrumentVersion: r.instrumentVersion,
    linkage: r.linkage,
  };
}

export const CONSTRUCT_COLUMNS = [
  'construct',
  'kind',
  'label_nb',
  'label_en',
  'label_nn',
  'items',
  'reverse_scored_items',
  'score_columns',
  'scoring',
] as const;

export function constructRows(constructs: Construct[], variables: Variable[]): (string | number)[][] {
  return constructs.map((c) => {
    const items = variables.filter((v) => v.construct === c.key && isNumeric(v) && !v.option);
    return [
      c.key,
      c.kind,
      c.label.nb,
      c.label.en ?? '',
      c.label.nn ?? '',
      items.map((v) => v.item).join(' '),
      items
        .filter((v) => v.reverseScored)
        .map((v) => v.item)
        .join(' '),
      `${c.key}_score ${c.key}_answered ${c.key}_shown`,
      SCORING_RULE,
    ];
  });
}

export function constructJson(constructs: Construct[]): Record<string, unknown>[] {
  return constructs.map((c) => ({
    key: c.key,
    kind: c.kind,
    label: c.label,
    scoreColumns: [`${c.key}_score`, `${c.key}_answered`, `${c.key}_shown`],
  }));
}

export function codebookJson(variables: Variable[], meta: Record<string, unknown>): string {
  return (
    JSON.stringify(
      {
        ...meta,
        notApplicableCode: NOT_APPLICABLE_CODE,
        notShownCode: NOT_SHOWN_CODE,
        skipped: SKIPPED,
        missingCode: MISSING_CODE,
        missingCodes: [
          { code: NOT_APPLICABLE_CODE, label: MISSING_LABELS[NOT_APPLICABLE_CODE] },
          { code: NOT_SHOWN_CODE, label: MISSING_LABELS[NOT_SHOWN_CODE] },
          {
            code: null,
            label: {
              nb: 'Hoppet over (tom celle)',
              nn: 'Hoppa over (tom celle)',
              en: 'Skipped (empty cell)',
            },
          },
        ],
        formulaProtection:
          "A text beginning with =, +, -, @, a tab, a carriage return or ' is written with a ' in front in the CSV and XLSX files, so that no spreadsheet runs it as a formula; read-data.R takes it off again.",
        scoring: SCORING_RULE,
        responseColumns: RESPONSE_COLUMNS,
        variables: variables.map((v) => ({
          name: v.name,
          item: v.item,
          option: v.option ?? null,
          type: v.type,
          construct: v.construct,
          constructLabel: v.constructLabel,
          kind: v.kind,
          reverseScored: v.reverseScored,
          scoring: variableScoring(v) || null,
          scaleMin: v.scaleMin,
          scaleMax: v.scaleMax,
          required: v.required,
          showIf: v.showIf ? { ...v.showIf, text: showIfText(v.showIf) } : null,
          roles: v.roles,
          label: v.label,
          labelByRole: v.labelByRole,
          valueLabels: v.valueLabels,
          notApplicable: v.notApplicable,
          notApplicableCode: v.notApplicable ? NOT_APPLICABLE_CODE : null,
          notShownCode: NOT_SHOWN_CODE,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const rString = (text: string) =>
  `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')}"`;

const rVector = (texts: readonly string[]) => `c(${texts.map(rString).join(', ')})`;

const ROLE_LABELS: Record<string, LocalizedText> = {
  SERVICE_USER: { nb: 'Tjenestebruker', nn: 'Tenestebrukar', en: 'Service user' },
  PROFESSIONAL: { nb: 'Fagperson', nn: 'Fagperson', en: 'Professional' },
  CONSULTANT: { nb: 'Erfaringskonsulent', nn: 'Erfaringskonsulent', en: 'Peer worker' },
};

/** The R pattern of `FORMULA_START` after the `'` Verdi put in front. */
const R_PROTECTED = `"^'[=+@'\\t\\r-]"`;

/**
 * An R script that reads the wide CSV with the right types and codes: "Vet ikke" (-7) and "not shown" (-8) become NA
 * with logical flags `<item>_na` and `<item>_not_shown` (TRUE/FALSE, never NA), round is an ordered factor in round
 * order, role a factor, linkage text, and each labelled variable gets a factor `<name>_f`. Needs base R only.
 */
export function rScript(variables: Variable[], csvName: string, title: string, rounds: string[]): string {
  const classes: [string, string][] = [
    ['response', 'integer'],
    ['round', 'character'],
    ['role', 'character'],
    ['submitted_on', 'character'],
    ['language', 'character'],
    ['linkage', 'character'],
    ...variables.map((v): [string, string] => [v.name, isNumeric(v) ? 'numeric' : 'character']),
  ];
  const lines = [
    `# ${title.replace(/[\r\n]+/g, ' ')}`,
    '# Made by Verdi. Reads the wide CSV next to this script; needs base R only.',
    `# Codes: ${NOT_APPLICABLE_CODE} = "Vet ikke / ikke aktuelt" (NA here, TRUE in <item>_na),`,
    `#        ${NOT_SHOWN_CODE} = not shown to this respondent (NA here, TRUE in <item>_not_shown),`,
    '#        an empty cell = skipped (NA here, FALSE in both flags).',
    `data <- read.csv(${rString(csvName)}, na.strings = ${rString(MISSING_CODE)}, encoding = "UTF-8", check.names = FALSE,`,
    `  stringsAsFactors = FALSE, colClasses = c(${classes.map(([n, c]) => `${rString(n)} = ${rString(c)}`).join(', ')}))`,
    '',
    "# A text beginning with = + - @ tab, carriage return or ' was written with a ' in front, so that no spreadsheet",
    '# runs it as a formula. Taken off here, after the codes, so that a typed "-8" stays text.',
    `verdi_unprotect <- function(x) { i <- !is.na(x) & grepl(${R_PROTECTED}, x); x[i] <- substring(x[i], 2); x }`,
    'data[["round"]] <- factor(verdi_unprotect(data[["round"]]), levels = ' +
      rVector(rounds) +
      ', ordered = TRUE)',
    `data[["role"]] <- factor(data[["role"]], levels = ${rVector(ALL_ROLES)})`,
    `attr(data[["role"]], "labels") <- ${rVector(ALL_ROLES.map((r) => ROLE_LABELS[r]!.nb))}`,
    'data[["submitted_on"]] <- as.Date(data[["submitted_on"]])',
    '',
  ];
  const flagged = new Set<string>();
  for (const v of variables) {
    const name = rString(v.name);
    const column = `data[[${name}]]`;
    const textual = !isNumeric(v);
    const code = (c: number) => (textual ? rString(String(c)) : String(c));
    if (!flagged.has(v.item)) {
      // A multiple-choice item's option columns are all -8 together: one flag per item, from its first column.
      flagged.add(v.item);
      lines.push(
        `data[[${rString(`${v.item}_not_shown`)}]] <- !is.na(${column}) & ${column} == ${code(NOT_SHOWN_CODE)}`,
      );
      if (v.notApplicable) {
        lines.push(
          `data[[${rString(`${v.item}_na`)}]] <- !is.na(${column}) & ${column} == ${code(NOT_APPLICABLE_CODE)}`,
        );
      }
    }
    const codes = v.notApplicable ? [NOT_SHOWN_CODE, NOT_APPLICABLE_CODE] : [NOT_SHOWN_CODE];
    lines.push(`${column}[${column} %in% c(${codes.map(code).join(', ')})] <- NA`);
    if (v.type === ItemType.DATE) lines.push(`${column} <- as.Date(${column})`);
    else if (textual) lines.push(`${column} <- verdi_unprotect(${column})`);
    lines.push(`attr(${column}, "label") <- ${rString(v.label.nb)}`);
    const labels = v.valueLabels.filter((l) => l.code !== String(NOT_APPLICABLE_CODE));
    if (labels.length > 0 && (!v.option || v.type === ItemType.RANKING)) {
      const numeric = labels.every((l) => /^-?\d+$/.test(l.code));
      const levels = labels.map((l) => (numeric ? l.code : rString(l.code))).join(', ');
      lines.push(
        `data[[${rString(`${v.name}_f`)}]] <- factor(${column}, levels = c(${levels}), labels = c(${labels.map((l) => rString(l.label.nb)).join(', ')})${v.type === ItemType.LIKERT || v.type === ItemType.RANKING ? ', ordered = TRUE' : ''})`,
      );
    }
  }
  lines.push('rm(verdi_unprotect)', '', 'str(data)', '');
  return lines.join('\n');
}

const spssString = (text: string) => `'${text.replace(/'/g, "''")}'`;
const spssName = (name: string) => name.slice(0, 64);
/** How a text reads in the file PSPP reads: made safe for spreadsheets, with `%` and line breaks written out. */
const asInSpssFile = (text: string) =>
  neutralise(text).replaceAll('%', '%25').replaceAll('\n', '%0A').replaceAll('\r', '%0D');

function spssLevel(v: Variable): 'SCALE' | 'ORDINAL' | 'NOMINAL' {
  switch (v.type) {
    case ItemType.NUMBER:
    case ItemType.SLIDER:
    case ItemType.DATE:
      return 'SCALE';
    case ItemType.LIKERT:
    case ItemType.NPS:
      return 'ORDINAL';
    default:
      return 'NOMINAL';
  }
}

function spssFormat(v: Variable): string {
  if (v.type === ItemType.NUMBER) return 'F10.2';
  if (v.type === ItemType.SLIDER) return `F${8 + v.decimals}.${v.decimals}`;
  // Read as text, then turned into a date (spssSyntax): a date not shown is the text -8.
  if (v.type === ItemType.DATE) return 'A10';
  if (isNumeric(v)) return 'F4.0';
  // Bytes, not characters: up to 4 per character in UTF-8, and a written-out `%` takes 3; one more for the `'`.
  if (v.type === ItemType.TEXT) return `A${Math.min(32767, 4 * (v.maxLength ?? 2000) + 1)}`;
  return 'A64';
}

/**
 * SPSS syntax that reads the wide CSV written for it (data-spss.csv: line breaks and `%` in texts written as `%0A`,
 * `%0D`, `%25`, since GET DATA cannot read a line break inside a quoted field) and restores the texts; turns round into
 * a number in round order and each single-choice item into numbers 1, 2, 3… in option order, both with value labels;
 * declares -7 and -8 missing; sets variable labels and measurement levels; and saves a .sav beside the data.
 *
 * Free-text variables get no missing values: a .sav with missing values on a string longer than 8 bytes cannot be
 * read by haven (ReadStat) 2.5, and single-choice items, where blanks matter in frequencies, are numbers here.
 */
export function spssSyntax(
  variables: Variable[],
  csvName: string,
  title: string,
  rounds: string[],
  savName: string,
): string {
  const roundWidth = Math.min(32767, Math.max(8, ...rounds.map((r) => Buffer.byteLength(asInSpssFile(r)))));
  const single = (v: Variable) => v.type === ItemType.SINGLE_CHOICE;
  // A single-choice item is read as text under a name of its own, then recoded into its own name; so is a date.
  const readAs = new Map(variables.filter(single).map((v, i) => [v, `verdi_choice_${i + 1}`]));
  const dates = variables.filter((v) => v.type === ItemType.DATE);
  const dateAs = new Map(dates.map((v, i) => [v, `verdi_date_${i + 1}`]));
  const columns: [string, string][] = [
    ['response', 'F8.0'],
    ['round_text', `A${roundWidth}`],
    ['role', 'A12'],
    ['submitted_on', 'SDATE10'],
    ['language', 'A5'],
    ['linkage', 'A16'],
    ...variables.map((v): [string, string] => [
      readAs.get(v) ?? dateAs.get(v) ?? spssName(v.name),
      spssFormat(v),
    ]),
  ];
  // No line starts with a variable's name: PSPP takes a line beginning with "comment" (or another command's name)
  // for a new command. Each line starts with the format of the name before it.
  const formats = columns.map(
    ([, format], i) => `${format}${i + 1 < columns.length ? ` ${columns[i + 1]![0]}` : '.'}`,
  );
  const texts = variables.filter((v) => v.type === ItemType.TEXT);
  const numbers = variables.filter((v) => isNumeric(v) || single(v) || v.type === ItemType.DATE);
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
  const lines = [
    `* ${oneLine(title).replace(/\.$/, '')}.`,
    `* Made by Verdi. Reads ${csvName} next to this syntax file and saves ${savName} beside it.`,
    `* Codes: ${NOT_APPLICABLE_CODE} = Vet ikke / ikke aktuelt, ${NOT_SHOWN_CODE} = not shown (in free text: the text '${NOT_SHOWN_CODE}'), blank = skipped.`,
    '* Single-choice items are numbered 1, 2, 3... in the order of their options (see the value labels).',
    "* A text beginning with = + - @ tab, carriage return or ' carries a ' in front, as in the CSV and XLSX files.",
    'GET DATA /TYPE=TXT',
    `  /FILE=${spssString(csvName)}`,
    "  /ENCODING='UTF8'",
    '  /DELIMITERS=","',
    `  /QUALIFIER='"'`,
    '  /ARRANGEMENT=DELIMITED',
    '  /FIRSTCASE=2',
    `  /VARIABLES= ${columns[0]![0]}`,
    ...formats.map((f) => `    ${f}`),
    ...(texts.length > 0
      ? [
          'DO REPEAT v =' + texts.map((v) => ` ${spssName(v.name)}`).join('') + '.',
          "  COMPUTE v = REPLACE(v, '%0A', X'0A').",
          "  COMPUTE v = REPLACE(v, '%0D', X'0D').",
          "  COMPUTE v = REPLACE(v, '%25', '%').",
          'END REPEAT.',
        ]
      : []),
    // Numbered in the order the rounds opened, matched as written in the file (no line break can reach the syntax).
    'RECODE round_text',
    ...rounds.map((r, i) => `  (${spssString(asInSpssFile(r))}=${i + 1})`),
    '  INTO round.',
  ];
  for (const [v, text] of readAs) {
    lines.push(
      `RECODE ${text}`,
      ...v.valueLabels.map((l, i) => `  (${spssString(neutralise(l.code))}=${i + 1})`),
      `  (${spssString(String(NOT_SHOWN_CODE))}=${NOT_SHOWN_CODE})`,
      `  INTO ${spssName(v.name)}.`,
    );
  }
  for (const [v, text] of dateAs) {
    // A blank (skipped) stays system-missing; PSPP refuses to read -8 as a day, so it is set apart.
    lines.push(
      `DO IF (${text} = ${spssString(String(NOT_SHOWN_CODE))}).`,
      `  COMPUTE ${spssName(v.name)} = ${NOT_SHOWN_CODE}.`,
      `ELSE IF (${text} <> '').`,
      `  COMPUTE ${spssName(v.name)} = NUMBER(${text}, SDATE10).`,
      'END IF.',
    );
  }
  if (dates.length > 0) lines.push(`FORMATS${dates.map((v) => ` ${spssName(v.name)}`).join('')} (DATE11).`);
  lines.push(
    `FORMATS round${[...readAs.keys()].map((v) => ` ${spssName(v.name)}`).join('')} (F4.0).`,
    `MATCH FILES /FILE=* /KEEP=${columns
      .map(([name]) => (name === 'round_text' ? 'round' : name))
      .map((name) => [...readAs, ...dateAs].find(([, t]) => t === name)?.[0].name ?? name)
      .join(' ')}.`,
    "VARIABLE LABELS response 'Response number in this export'",
    "  /round 'Round'",
    "  /role 'Respondent role'",
    "  /submitted_on 'Submitted on'",
    "  /language 'Language answered in'",
    "  /linkage 'Linkage pseudonym (pairs rounds within this export)'",
    ...variables.map((v) => `  /${spssName(v.name)} ${spssString(oneLine(v.label.nb).slice(0, 250))}`),
    '.',
    `VALUE LABELS round ${rounds.map((r, i) => `${i + 1} ${spssString(oneLine(r).slice(0, 120))}`).join(' ')}`,
    `  /role ${ALL_ROLES.map((r) => `${spssString(r)} ${spssString(ROLE_LABELS[r]!.nb)}`).join(' ')}`,
  );
  const notShownLabel = spssString(MISSING_LABELS[NOT_SHOWN_CODE].nb);
  for (const v of variables) {
    const labels = single(v)
      ? v.valueLabels.map((l, i) => `${i + 1} ${spssString(oneLine(l.label.nb).slice(0, 120))}`)
      : v.valueLabels.map((l) => `${l.code} ${spssString(oneLine(l.label.nb).slice(0, 120))}`);
    labels.push(
      `${numbers.includes(v) ? NOT_SHOWN_CODE : spssString(String(NOT_SHOWN_CODE))} ${notShownLabel}`,
    );
    lines.push(`  /${spssName(v.name)} ${labels.join(' ')}`);
  }
  lines.push('.');
  const withNa = numbers.filter((v) => v.notApplicable);
  const withoutNa = numbers.filter((v) => !v.notApplicable);
  if (withNa.length > 0) {
    lines.push(
      `MISSING VALUES ${withNa.map((v) => spssName(v.name)).join(' ')} (${NOT_APPLICABLE_CODE}, ${NOT_SHOWN_CODE}).`,
    );
  }
  if (withoutNa.length > 0) {
    lines.push(`MISSING VALUES ${withoutNa.map((v) => spssName(v.name)).join(' ')} (${NOT_SHOWN_CODE}).`);
  }
  const byLevel = new Map<string, string[]>([
    ['SCALE', []],
    ['ORDINAL', ['round']],
    ['NOMINAL', ['response', 'role', 'language', 'linkage']],
  ]);
  for (const v of variables) byLevel.get(spssLevel(v))!.push(spssName(v.name));
  lines.push(
    `VARIABLE LEVEL ${[...byLevel]
      .filter(([, names]) => names.length > 0)
      .map(([level, names]) => `${names.join(' ')} (${level})`)
      .join(' /')}.`,
  );
  lines.push(`SAVE OUTFILE=${spssString(savName)}.`, 'EXECUTE.', '');
  return lines.join('\n');
}
