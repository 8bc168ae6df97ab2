import { stringify } from 'csv-stringify/sync';

/**
 * SQL fragments that let PostgreSQL write export cells itself, byte for byte as the JavaScript code wrote them before:
 * numbers as `String(number)` does and CSV fields as csv-stringify does. Every fragment only builds SQL text from
 * SQL expressions given by this module's callers, never from data; data goes in as query parameters.
 */

/** A CSV record of the cells as csv-stringify writes it, with the line break. */
export function csvLine(cells: readonly (string | number)[]): string {
  return stringify([cells], { record_delimiter: '\n' });
}

/** One CSV field as csv-stringify writes it. */
export function csvField(cell: string | number): string {
  return stringify([[cell]], { record_delimiter: '\n', eof: false });
}

/**
 * A CSV field from a non-null text expression: quoted, with quotes doubled, when it holds a quote, a comma or a
 * newline. That is csv-stringify's rule with `record_delimiter: '\n'`, which leaves a lone carriage return unquoted.
 */
export function csvQuoteSql(text: string): string {
  return `case when ${text} ~ '[",\\n]' then '"' || replace(${text}, '"', '""') || '"' else ${text} end`;
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

/** How a data row's cells are written: as CSV fields, or as JSON values for the XLSX writer. */
export interface CellSql {
  /** The cell of a text expression; null is an empty cell. */
  text(expression: string): string;
  /** The cell of a non-null float8 expression. */
  number(expression: string): string;
  /** A constant cell: a whole number, or the empty cell. */
  constant(cell: number | ''): string;
}

// Only for constants of this module: a `?` in the text would be taken for a parameter.
const sqlLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

export const CSV_CELLS: CellSql = {
  text: (expression) => csvQuoteSql(`coalesce(${expression}, '')`),
  number: jsNumberSql,
  constant: (cell) => sqlLiteral(csvField(cell)),
};

export const JSON_CELLS: CellSql = {
  text: (expression) => `coalesce(to_json(${expression})::text, 'null')`,
  number: (expression) => `to_json(${expression})::text`,
  constant: (cell) => sqlLiteral(JSON.stringify(cell)),
};
