import { stringify } from 'csv-stringify/sync';

/**
 * SQL fragments that let PostgreSQL write export cells itself, byte for byte as the JavaScript code wrote them before:
 * numbers as `String(number)` does and CSV fields as csv-stringify does. Every fragment only builds SQL text from
 * SQL expressions given by this module's callers, never from data; data goes in as query parameters.
 */

/** A CSV record of the cells as csv-stringify writes it, with the line break. */
export function csvLine(cells: readonly (string | number)[]): string {
  return stringify([cells], { record_delimiter: '\n', quoted_match: '\r' });
}

/** One CSV field as csv-stringify writes it. */
export function csvField(cell: string | number): string {
  return stringify([[cell]], { record_delimiter: '\n', eof: false, quoted_match: '\r' });
}

/**
 * A CSV field from a non-null text expression: quoted, with quotes doubled, when it holds a quote, a comma, a line
 * feed or a carriage return (which R and Excel also take for the end of a record). That is csv-stringify's rule with
 * `record_delimiter: '\n'` and `quoted_match: '\r'`.
 */
export function csvQuoteSql(text: string): string {
  return `case when ${text} ~ '[",\\n\\r]' then '"' || replace(${text}, '"', '""') || '"' else ${text} end`;
}

/**
 * A non-null float8 expression as JavaScript's `String(number)` writes it. PostgreSQL writes the same shortest digits
 * but switches to an exponent at other magnitudes (1e+15 and 1e-05, where JavaScript writes 1000000000000000 and
 * 0.00001), pads the exponent to two digits (1e-07, where JavaScript writes 1e-7) and keeps the sign of -0.
 */
export function jsNumberSql(number: string): string {
  const exponential = `(select case
      when x.e >= 21 or x.e <= -7 then x.m || 'e' || case when x.e > 0 then '+' else '-' end || abs(x.e)::text
      when x.e >= 0 then x.s || case when length(x.d) <= x.e + 1 then x.d || repeat('0', x.e + 1 - length(x.d))
                                     else left(x.d, x.e + 1) || '.' || substr(x.d, x.e + 2) end
      else x.s || '0.' || repeat('0', -x.e - 1) || x.d end
    from (select split_part(t, 'e', 1) as m, split_part(t, 'e', 2)::int as e,
                 case when t like '-%' then '-' else '' end as s,
                 replace(ltrim(split_part(t, 'e', 1), '-'), '.', '') as d
            from (select (${number})::text as t) as y) as x)`;
  return `case when ${number} = 0 then '0' when strpos((${number})::text, 'e') = 0 then (${number})::text else ${exponential} end`;
}

/**
 * Text that a spreadsheet would take for a formula (OWASP's CSV injection rule): a cell beginning with `=`, `+`, `-`,
 * `@`, a tab or a carriage return. Verdi also counts a leading `'`, so that the prefix it adds can always be taken
 * off again: a text beginning with one of these characters gets a `'` in front, every other text stays as it is.
 */
export const FORMULA_START = /^[=+\-@\t\r']/;

/** A text cell made safe for a spreadsheet; see `FORMULA_START`. Numbers are never passed through this. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The same rule in SQL, for a non-null text expression. */
export function neutraliseSql(text: string): string {
  return `case when ${text} ~ '^[=+@''\\t\\r-]' then '''' || ${text} else ${text} end`;
}

/** A CSV field of a participant's or researcher's text: made safe for spreadsheets, then quoted where needed. */
export function csvText(text: string): string {
  return csvField(neutralise(text));
}

/**
 * Line breaks and `%` in a CSV field's text written as `%0A`, `%0D` and `%25`, for readers that cannot take a line
 * break inside a quoted field (PSPP's GET DATA): the syntax file restores them with REPLACE, `%0A` and `%0D` first.
 */
export function percentLinesSql(text: string): string {
  return `replace(replace(replace(${text}, '%', '%25'), E'\\n', '%0A'), E'\\r', '%0D')`;
}

/** How a data row's cells are written: as CSV fields, or as JSON values for the XLSX writer. */
export interface CellSql {
  /** The cell of a text expression; null is an empty cell. */
  text(expression: string): string;
  /** The cell of a non-null float8 expression. */
  number(expression: string): string;
  /** A constant cell: a whole number, or the empty cell. */
  constant(cell: number | ''): string;
  /** A missing-value code in a text variable: the code's digits as text where the format has types. */
  textCode(code: number): string;
}

// Only for constants of this module: a `?` in the text would be taken for a parameter.
const sqlLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const CSV_CELLS: CellSql = {
  text: (expression) => csvQuoteSql(neutraliseSql(`coalesce(${expression}, '')`)),
  number: jsNumberSql,
  constant: (cell) => sqlLiteral(csvField(cell)),
  textCode: (code) => sqlLiteral(csvField(code)),
};

/** The wide CSV as PSPP reads it: the same cells, with line breaks in text written as `%0A` (see percentLinesSql). */
export const SPSS_CELLS: CellSql = {
  ...CSV_CELLS,
  text: (expression) => csvQuoteSql(percentLinesSql(neutraliseSql(`coalesce(${expression}, '')`))),
};

/**
 * JSON values for the native SPSS and Stata writers: texts as typed (SPSS and Stata run no formulas), except that a
 * text equal to a missing-value code gets the `'` prefix, so that a typed "-8" stays apart from the code.
 */
export const NATIVE_JSON_CELLS: CellSql = {
  text: (expression) =>
    `coalesce(to_json(nullif(case when coalesce(${expression}, '') in ('-7', '-8') then '''' || ${expression} else coalesce(${expression}, '') end, ''))::text, 'null')`,
  number: (expression) => `to_json(${expression})::text`,
  constant: (cell) => sqlLiteral(cell === '' ? 'null' : JSON.stringify(cell)),
  textCode: (code) => sqlLiteral(JSON.stringify(String(code))),
};

/** JSON values for the XLSX writer: an empty text is null, so that its cell stays empty. */
export const JSON_CELLS: CellSql = {
  text: (expression) =>
    `coalesce(to_json(nullif(${neutraliseSql(`coalesce(${expression}, '')`)}, ''))::text, 'null')`,
  number: (expression) => `to_json(${expression})::text`,
  constant: (cell) => sqlLiteral(cell === '' ? 'null' : JSON.stringify(cell)),
  textCode: (code) => sqlLiteral(JSON.stringify(String(code))),
};
