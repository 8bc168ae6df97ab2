import {
  ALL_ROLES,
  MISSING_CODE,
  NOT_APPLICABLE_CODE,
  RESPONSE_COLUMNS,
  isNumeric,
  type Variable,
} from './export.plan.js';

export const CODEBOOK_COLUMNS = [
  'variable',
  'item',
  'option',
  'type',
  'construct',
  'kind',
  'reverse_scored',
  'roles',
  'question_nb',
  'question_en',
  ...ALL_ROLES.flatMap((role) => [`question_${role.toLowerCase()}_nb`, `question_${role.toLowerCase()}_en`]),
  'value_labels_nb',
  'value_labels_en',
  'not_applicable_code',
  'missing_code',
] as const;

export function codebookRows(variables: Variable[]): string[][] {
  return variables.map((v) => [
    v.name,
    v.item,
    v.option ?? '',
    v.type,
    v.construct ?? '',
    v.kind ?? '',
    v.reverseScored ? 'yes' : 'no',
    v.roles.join(' '),
    v.label.nb,
    v.label.en ?? '',
    ...ALL_ROLES.flatMap((role) =>
      v.roles.includes(role)
        ? [v.labelByRole[role]?.nb ?? v.label.nb, v.labelByRole[role]?.en ?? v.label.en ?? '']
        : ['', ''],
    ),
    v.valueLabels.map((l) => `${l.code}=${l.label.nb}`).join('; '),
    v.valueLabels.map((l) => `${l.code}=${l.label.en ?? l.label.nb}`).join('; '),
    v.notApplicable ? String(NOT_APPLICABLE_CODE) : '',
    MISSING_CODE,
  ]);
}

export function codebookJson(variables: Variable[], meta: Record<string, unknown>): string {
  return (
    JSON.stringify(
      {
        ...meta,
        notApplicableCode: NOT_APPLICABLE_CODE,
        missingCode: MISSING_CODE,
        responseColumns: RESPONSE_COLUMNS,
        variables: variables.map((v) => ({
          name: v.name,
          item: v.item,
          option: v.option ?? null,
          type: v.type,
          construct: v.construct,
          kind: v.kind,
          reverseScored: v.reverseScored,
          roles: v.roles,
          label: v.label,
          labelByRole: v.labelByRole,
          valueLabels: v.valueLabels,
          notApplicable: v.notApplicable,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const rString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** An R script that reads the wide CSV with the right types, missing codes, variable and value labels. */
export function rScript(variables: Variable[], csvName: string, title: string): string {
  const lines = [
    `# ${title}`,
    '# Made by Verdi. Reads the wide CSV next to this script; needs base R only.',
    `data <- read.csv(${rString(csvName)}, na.strings = ${rString(MISSING_CODE)}, stringsAsFactors = FALSE, encoding = "UTF-8", check.names = FALSE)`,
    '',
    `# ${NOT_APPLICABLE_CODE} is "Vet ikke / ikke aktuelt": kept in <name>_na, and NA in the variable itself.`,
  ];
  for (const v of variables) {
    const name = rString(v.name);
    if (v.notApplicable) {
      lines.push(`data[[${rString(`${v.name}_na`)}]] <- data[[${name}]] == ${NOT_APPLICABLE_CODE}`);
      lines.push(`data[[${name}]][data[[${name}]] == ${NOT_APPLICABLE_CODE}] <- NA`);
    }
    lines.push(`attr(data[[${name}]], "label") <- ${rString(v.label.nb)}`);
    const labels = v.valueLabels.filter((l) => l.code !== String(NOT_APPLICABLE_CODE));
    if (labels.length > 0 && !v.option) {
      const numeric = labels.every((l) => /^-?\d+$/.test(l.code));
      const levels = labels.map((l) => (numeric ? l.code : rString(l.code))).join(', ');
      lines.push(
        `data[[${rString(`${v.name}_f`)}]] <- factor(data[[${name}]], levels = c(${levels}), labels = c(${labels.map((l) => rString(l.label.nb)).join(', ')}))`,
      );
    }
  }
  lines.push('', 'str(data)', '');
  return lines.join('\n');
}

const spssString = (text: string) => `'${text.replace(/'/g, "''")}'`;
const spssName = (name: string) => name.slice(0, 64);

/** SPSS syntax that reads the wide CSV and applies variable labels, value labels and missing values. */
export function spssSyntax(variables: Variable[], csvName: string, title: string): string {
  const formats = [
    'response F8.0',
    'round A200',
    'role A20',
    'submitted_on A10',
    'language A5',
    'linkage A16',
    ...variables.map(
      (v) => `${spssName(v.name)} ${isNumeric(v) ? 'F8.2' : v.type === 'TEXT' ? 'A4000' : 'A64'}`,
    ),
  ];
  const lines = [
    `* ${title}.`,
    '* Made by Verdi. Reads the wide CSV next to this syntax file.',
    'GET DATA /TYPE=TXT',
    `  /FILE=${spssString(csvName)}`,
    "  /ENCODING='UTF8'",
    '  /DELIMITERS=","',
    `  /QUALIFIER='"'`,
    '  /ARRANGEMENT=DELIMITED',
    '  /FIRSTCASE=2',
    '  /VARIABLES=',
    ...formats.map((f) => `    ${f}`),
    '.',
    'VARIABLE LABELS',
    ...variables.map((v) => `  ${spssName(v.name)} ${spssString(v.label.nb.slice(0, 250))}`),
    '.',
  ];
  const labelled = variables.filter((v) => v.valueLabels.length > 0 && isNumeric(v));
  if (labelled.length > 0) {
    lines.push('VALUE LABELS');
    labelled.forEach((v, index) => {
      lines.push(
        `  ${index > 0 ? '/' : ''}${spssName(v.name)} ${v.valueLabels.map((l) => `${l.code} ${spssString(l.label.nb)}`).join(' ')}`,
      );
    });
    lines.push('.');
  }
  const withNa = variables.filter((v) => v.notApplicable);
  if (withNa.length > 0) {
    lines.push(`MISSING VALUES ${withNa.map((v) => spssName(v.name)).join(' ')} (${NOT_APPLICABLE_CODE}).`);
  }
  lines.push('EXECUTE.', '');
  return lines.join('\n');
}
