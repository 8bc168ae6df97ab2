import { randomBytes } from 'node:crypto';
import type { Em } from '../db/orm.js';
import {
  ItemType,
  type InstrumentDefinition,
  type Item,
  type RespondentRole,
} from '../instruments/definition.types.js';
import { NOT_APPLICABLE_CODE, NOT_SHOWN_CODE, type Variable } from './export.plan.js';
import {
  CSV_CELLS,
  JSON_CELLS,
  NATIVE_JSON_CELLS,
  SPSS_CELLS,
  csvField,
  csvQuoteSql,
  csvText,
  jsNumberSql,
  neutralise,
  neutraliseSql,
  type CellSql,
} from './export.sql.js';

export interface ExportRound {
  id: string;
  label: string;
  linkage: boolean;
  /**
   * The instrument version the round asked: which items it had, for which roles and on which show-if. Without it,
   * each variable's own roles and show-if are used.
   */
  definition?: InstrumentDefinition;
}

/** Which of the rounds' submitted responses an export holds; every field left out means all. */
export interface ExportFilter {
  roles?: RespondentRole[] | null;
  /** First and last day of submission, YYYY-MM-DD, both included. */
  from?: string | null;
  to?: string | null;
}

export type Cell = string | number;

/**
 * Responses per query. PostgreSQL writes the rows itself and hands over one text per response (about 1.7 kB in the
 * long file, 150 bytes in the wide one), so a page is what the export holds in memory at a time.
 */
export const PAGE = 2000;

const NA = NOT_APPLICABLE_CODE;
const NOT_SHOWN = NOT_SHOWN_CODE;

/**
 * The download's own pseudonyms: the first 16 hex digits of SHA-256(download secret ‖ stored linkage hash). One
 * participant has one pseudonym in every round of a download, so rounds pair inside it; without the secret, which is
 * made for the download and then forgotten, neither the stored hash nor another download's pseudonym can be matched.
 */
const DOWNLOAD_PSEUDONYM = `left(encode(sha256((select key from secret) || convert_to(r.linkage_hash, 'UTF8')), 'hex'), 16)`;

/** The `secret` CTE. Parameter: the download's secret in hex. */
const SECRET_CTE = `secret as (select decode(?, 'hex') as key)`;

/**
 * The `page` CTE: the next page of a round's submitted responses in a fixed order (round, then id), each with the
 * cells every data row starts with, already written. Responses are numbered 1, 2, 3… in that order, the same in every
 * format; the linkage column is the download's pseudonym, only present where the round pairs rounds.
 * Parameters: the number before the page, the round's label as a written cell, the round, the roles, the first and
 * the last day (or null), the last id before the page. Without a page size, the page is all the rest of the round.
 */
function pageCte(round: ExportRound, cells: CellSql, pageSize: number | null): string {
  const linkage = round.linkage
    ? `case when r.linkage_hash <> '' then ${DOWNLOAD_PSEUDONYM} else '' end`
    : `''::text`;
  const prefix = [
    `(row_number() over (order by r.id) + ?::bigint)::text`,
    `?::text`,
    cells.text('r.role::text'),
    cells.text('r.submitted_on::text'),
    cells.text('r.language'),
    cells.text(linkage),
  ].join(` || ',' || `);
  return `page as materialized (
    select r.id, r.role::text as role, ${prefix} as prefix, lower(r.wording::text) as wording,
           ${yesNo('r.assisted')} as assisted, ${yesNo('r.assisted_read_aloud')} as assisted_read_aloud,
           ${yesNo('r.assisted_wrote')} as assisted_wrote, ${yesNo('r.assisted_explained')} as assisted_explained,
           array_to_string(r.item_order, ' ') as item_order
      from (select id, role, submitted_on, language, linkage_hash, wording, assisted, assisted_read_aloud,
                   assisted_wrote, assisted_explained, item_order from responses
             where round_id = ?::uuid and status = 'SUBMITTED'
               and role::text = any(?::text[])
               and submitted_on >= coalesce(?::date, '-infinity'::date)
               and submitted_on <= coalesce(?::date, 'infinity'::date)
               and id > ?::uuid order by id${pageSize === null ? '' : ` limit ${pageSize}`}) as r)`;
}

const yesNo = (column: string) => `(case when ${column} then 1 when not ${column} then 0 end)::float8`;

/**
 * The response's own variables (`RESPONSE_VARIABLES`) as rows shaped like answers, so that every layout writes them
 * as it writes answers: the wording as a choice, help in answering as yes (1) or no (0), no row where not stated.
 */
const RESPONSE_ANSWERS = `select r.item_key, r.number, r.text, r.choices, false as not_applicable
      from (values ('wording', null::float8, array[p.wording], null::text), ('assisted', p.assisted, null::text[], null),
                   ('assisted_read_aloud', p.assisted_read_aloud, null, null),
                   ('assisted_wrote', p.assisted_wrote, null, null),
                   ('assisted_explained', p.assisted_explained, null, null),
                   ('item_order', null, null, p.item_order)) as r(item_key, number, choices, text)
     where r.number is not null or r.choices is not null or r.text is not null`;

/** The answers of the response `p`, with its own variables as answers too (see above). */
const ANSWERS_OF_P = `(select item_key, number, text, choices, not_applicable from answers where response_id = p.id
    union all ${RESPONSE_ANSWERS})`;

/**
 * The answers of the response `p`, each number already written as a cell (`num`). The subquery is a fence
 * (`offset 0`): PostgreSQL reads a response's answers with one primary key scan and joins them to the variables in
 * memory, whatever its statistics say, instead of probing the index once per variable; and writes each number once.
 */
const answersOfP = (cells: CellSql) => `(
    select item_key, number, text, choices, not_applicable, case when number is not null then ${cells.number('number')} end as num
      from ${ANSWERS_OF_P} as u offset 0) as a`;

/**
 * Whether response `p` was shown variable `v`: its round asked the item, of the response's role, and the item's
 * show-if holds on the response's stored answers. Answers to hidden items are never stored (answer.rules.ts), so a
 * condition on an item that was itself hidden finds no answer and fails, as `isShown` decides.
 */
const SHOWN_SQL = `(not v.never and p.role = any(v.roles) and (v.cond_item is null or exists (
    select 1 from ${ANSWERS_OF_P} c
     where c.item_key = v.cond_item and not c.not_applicable
       and case when c.choices is not null then v.cond_op in ('EQUALS', 'ONE_OF') and c.choices && v.cond_values
                when c.number is null then false
                when v.cond_op = 'GREATER_THAN' then c.number > v.cond_values[1]::float8
                when v.cond_op = 'LESS_THAN' then c.number < v.cond_values[1]::float8
                else c.number = any(v.cond_values::float8[]) end)))`;

/** The wide layout's cells of response `p` after its response cells, each with the comma before it. */
function wideCellsSql(cells: CellSql): string {
  const answered = `case
      when a.not_applicable then ${cells.constant(NA)}
      when v.ranked then case when a.choices is null or not v.option = any(a.choices) then ${cells.constant('')}
                              else ${cells.number('array_position(a.choices, v.option)::float8')} end
      when v.option is not null then case when a.choices is null then ${cells.constant('')}
                                          when v.option = any(a.choices) then ${cells.constant(1)}
                                          else ${cells.constant(0)} end
      when v.single then ${cells.text(`coalesce(a.choices[1], '')`)}
      when a.num is not null then a.num
      else ${cells.text(`coalesce(a.text, '')`)} end`;
  const cell = `case
      when a.item_key is not null then ${answered}
      when not ${SHOWN_SQL} then case when v.textual then ${cells.textCode(NOT_SHOWN)} else ${cells.constant(NOT_SHOWN)} end
      else ${cells.constant('')} end`;
  return `coalesce((select string_agg(',' || ${cell}, '' order by v.pos)
      from vars v left join ${answersOfP(cells)} on a.item_key = v.item), '')`;
}

const VARS_CTE = `vars as materialized (
    select * from json_to_recordset(?::json) as v(pos int, item text, option text, ranked boolean, single boolean, textual boolean,
      never boolean, roles text[], cond_item text, cond_op text, cond_values text[]))`;

/** The variables as the wide layout's SQL reads them, with each item's roles and show-if as the round asked it. */
function wideVariables(variables: Variable[], round: ExportRound): string {
  const asked = round.definition
    ? new Map(round.definition.sections.flatMap((s) => s.items).map((item) => [item.key, item]))
    : null;
  return JSON.stringify(
    variables.map((v, pos) => {
      const item: Pick<Item, 'roles' | 'showIf'> | undefined = asked && !v.response ? asked.get(v.item) : v;
      return {
        pos,
        item: v.item,
        option: v.option || null,
        ranked: v.type === ItemType.RANKING && !!v.option,
        single: v.type === ItemType.SINGLE_CHOICE,
        textual: v.type === ItemType.SINGLE_CHOICE || v.type === ItemType.TEXT || v.type === ItemType.DATE,
        never: !item,
        roles: item?.roles ?? [],
        cond_item: item?.showIf?.item ?? null,
        cond_op: item?.showIf?.op ?? null,
        cond_values: item?.showIf?.values ?? null,
      };
    }),
  );
}

/** The long layout's lines of response `p`, one per answer, items in the instrument's order. */
function longLinesSql(): string {
  const value = `case
      when a.not_applicable then ${CSV_CELLS.constant(NA)}
      when a.choices is not null then ${csvQuoteSql(neutraliseSql(`array_to_string(a.choices, ';', '')`))}
      when a.num is not null then a.num
      else ${CSV_CELLS.text('a.text')} end`;
  const choiceLabels = `coalesce((select string_agg(coalesce(i.choice_labels ->> c, c, ''), '; ' order by o)
      from unnest(a.choices) with ordinality as u(c, o)), '')`;
  const label = `case
      when a.not_applicable then i.na_label
      when a.choices is not null then ${csvQuoteSql(neutraliseSql(choiceLabels))}
      else coalesce(i.value_labels ->> coalesce(a.num, 'null'), '') end`;
  const line = [
    'p.prefix',
    'i.head',
    value,
    label,
    `case when a.not_applicable then '1' else '0' end || E'\\n'`,
  ].join(` || ',' || `);
  return `(select string_agg(${line}, '' order by i.pos) from ${answersOfP(CSV_CELLS)} join items i on i.item = a.item_key)`;
}

const ITEMS_CTE = `items as materialized (select * from json_to_recordset(?::json)
    as i(pos int, item text, head text, na_label text, choice_labels jsonb, value_labels jsonb))`;

/**
 * What the long layout needs per item, written in advance. An item's labels are those of its last variable (for a
 * multiple-choice item, of its last option), and a choice's label is the option's own label before any value label.
 */
function longItems(variables: Variable[]): string {
  // The long file has a line per answer, its value the choices; an "other" text is in the wide files only.
  const items = [...new Map(variables.filter((v) => !v.otherText).map((v) => [v.item, v])).values()];
  return JSON.stringify(
    items.map((variable, pos) => {
      const valueLabels = new Map<string, string>();
      for (const { code, label } of variable.valueLabels) {
        if (!valueLabels.has(code)) valueLabels.set(code, label.nb);
      }
      const choiceLabels = new Map(valueLabels);
      for (const v of variables) {
        if (v.item === variable.item && v.option) choiceLabels.set(v.option, v.optionLabel!.nb);
      }
      return {
        pos,
        item: variable.item,
        head: [variable.item, variable.construct ?? '', variable.kind ?? ''].map(csvField).join(','),
        na_label: csvText(valueLabels.get(String(NA)) ?? ''),
        choice_labels: Object.fromEntries(choiceLabels),
        value_labels: Object.fromEntries([...valueLabels].map(([code, label]) => [code, csvText(label)])),
      };
    }),
  );
}

/**
 * The error of a failed page, fit for the log: drivers attach the statement (the embedded one with its parameters
 * written in) and its parameters, and the download's secret is among them.
 */
export function withoutSecret(error: unknown, secret: string): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const fields = error as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.includes(secret))
      fields[name] = value.replaceAll(secret, '<secret>');
    if (Array.isArray(value) && value.includes(secret)) {
      fields[name] = value.map((v: unknown) => (v === secret ? '<secret>' : v));
    }
  }
  return error;
}

export type Layout = 'wide-csv' | 'long-csv' | 'wide-json' | 'wide-native' | 'wide-spss' | 'scores-csv';

const CONSTRUCTS_CTE = `constructs as materialized (select * from json_to_recordset(?::json) as k(pos int, key text))`;

/**
 * The scores file's cells of response `p`: per construct its stored score (scoring.ts), the items answered and the
 * items shown; three empty cells where the response has no score for it (it answered none of its items).
 */
const SCORE_CELLS_SQL = `coalesce((select string_agg(case when s.response_id is null then ',,,'
      else ',' || ${jsNumberSql('s.score')} || ',' || s.answered_items::text || ',' || s.shown_items::text end, '' order by k.pos)
    from constructs k left join construct_scores s on s.response_id = p.id and s.construct_key = k.key), '')`;

export interface PageOptions {
  /** Responses per query. */
  pageSize?: number;
  /**
   * The download's secret for its linkage pseudonyms, 32 random bytes made afresh for each call by default: one call
   * is one download. Never stored and never logged. Tests give one to compare two calls.
   */
  linkageSecret?: Buffer;
  filter?: ExportFilter;
}

/** `%`, line feeds and carriage returns written as PSPP's syntax file restores them (see percentLinesSql). */
const percentLines = (text: string) =>
  text.replaceAll('%', '%25').replaceAll('\n', '%0A').replaceAll('\r', '%0D');

const ALL_ROLE_NAMES = ['SERVICE_USER', 'PROFESSIONAL', 'CONSULTANT'];

/**
 * The statement that writes a layout's rows, one text per response, for one round at a time: `sql` with `?` for its
 * parameters, which `params` gives for a round, the number of responses before it and the last id already read.
 */
export interface LayoutQuery {
  sql(round: ExportRound, pageSize: number | null, withId: boolean): string;
  params(round: ExportRound, number: number, after: string): unknown[];
  /** The download's secret in hex, to keep out of logged errors. */
  secret: string;
}

/** The id before every response's, where a round's first page starts. */
export const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export function layoutQuery(
  variables: Variable[],
  layout: Layout,
  { linkageSecret = randomBytes(32), filter = {} }: PageOptions,
  constructKeys: string[] = [],
): LayoutQuery {
  if (linkageSecret.length < 32) throw new Error('A download needs a secret of at least 32 bytes');
  const secret = linkageSecret.toString('hex');
  const cells =
    layout === 'wide-json'
      ? JSON_CELLS
      : layout === 'wide-native'
        ? NATIVE_JSON_CELLS
        : layout === 'wide-spss'
          ? SPSS_CELLS
          : CSV_CELLS;
  const [table, text] =
    layout === 'long-csv'
      ? [ITEMS_CTE, longLinesSql()]
      : layout === 'scores-csv'
        ? [CONSTRUCTS_CTE, `p.prefix || ${SCORE_CELLS_SQL} || E'\\n'`]
        : layout === 'wide-json' || layout === 'wide-native'
          ? [VARS_CTE, `'[' || p.prefix || ${wideCellsSql(cells)} || ']'`]
          : [VARS_CTE, `p.prefix || ${wideCellsSql(cells)} || E'\\n'`];
  const roles = `{${(filter.roles?.length ? filter.roles : ALL_ROLE_NAMES).join(',')}}`;
  // The same for every round except in the wide layouts, where each round asked its own version's items.
  const fixedRows =
    layout === 'long-csv'
      ? longItems(variables)
      : layout === 'scores-csv'
        ? JSON.stringify(constructKeys.map((key, pos) => ({ pos, key })))
        : null;
  const label = (round: ExportRound) =>
    layout === 'wide-json'
      ? JSON.stringify(neutralise(round.label))
      : layout === 'wide-native'
        ? JSON.stringify(round.label)
        : layout === 'wide-spss'
          ? csvField(percentLines(neutralise(round.label)))
          : csvText(round.label);
  return {
    secret,
    sql: (round, pageSize, withId) =>
      `with ${SECRET_CTE}, ${pageCte(round, cells, pageSize)}, ${table} select ${withId ? 'p.id, ' : ''}${text} as text from page p order by p.id`,
    params: (round, number, after) => [
      secret,
      number,
      label(round),
      round.id,
      roles,
      filter.from ?? null,
      filter.to ?? null,
      after,
      fixedRows ?? wideVariables(variables, round),
    ],
  };
}

/**
 * The data rows of the rounds, page by page: per response, its text in the layout (the wide layout has one row per
 * response and a column per variable, the long layout a row per answer), in the order and numbering of `pageCte`.
 */
async function* pagesOf(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  layout: Layout,
  options: PageOptions,
  constructKeys: string[] = [],
): AsyncGenerator<string[]> {
  const { pageSize = PAGE } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`No page size: ${pageSize}`);
  const statement = layoutQuery(variables, layout, options, constructKeys);
  const connection = em.getConnection();
  type Row = { id: string; text: string | null };
  const query = (round: ExportRound, number: number, after: string) => {
    const page = connection
      .execute<Row[]>(statement.sql(round, pageSize, true), statement.params(round, number, after))
      .catch((error: unknown) => {
        throw withoutSecret(error, statement.secret);
      });
    // Awaited later; until then a failure must not count as unhandled.
    page.catch(() => undefined);
    return page;
  };
  let number = 0;
  for (const round of rounds) {
    // While the client takes one page, PostgreSQL writes the next: at most two pages are held at a time.
    let next: Promise<Row[]> | null = query(round, number, FIRST_ID);
    while (next) {
      const page: Row[] = await next;
      number += page.length;
      next = page.length === pageSize ? query(round, number, page.at(-1)!.id) : null;
      if (page.length > 0) yield page.map((row) => row.text ?? '');
    }
  }
}

/** The rows of a CSV data file, as text, page by page; one call is one download. */
export async function* csvPages(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  layout: 'wide' | 'long' | 'spss',
  options: PageOptions = {},
): AsyncGenerator<string> {
  const name: Layout = layout === 'spss' ? 'wide-spss' : `${layout}-csv`;
  for await (const page of pagesOf(em, rounds, variables, name, options)) yield page.join('');
}

/**
 * The wide layout's rows as cells, page by page, for the XLSX writer: numbers as numbers, text as text, an empty cell
 * as null; one call is one download.
 */
export async function* wideRowPages(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  options: PageOptions = {},
): AsyncGenerator<(Cell | null)[][]> {
  for await (const page of pagesOf(em, rounds, variables, 'wide-json', options)) {
    yield page.map((row) => JSON.parse(row) as (Cell | null)[]);
  }
}

/**
 * The wide layout's rows as cells for the native SPSS and Stata writers: as `wideRowPages`, but texts as typed, with
 * no spreadsheet-formula prefix (only a text equal to a missing-value code gets one).
 */
export async function* nativeCellPages(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  options: PageOptions = {},
): AsyncGenerator<(Cell | null)[][]> {
  for await (const page of pagesOf(em, rounds, variables, 'wide-native', options)) {
    yield page.map((row) => JSON.parse(row) as (Cell | null)[]);
  }
}

/** The constructs of the scores file, in order: each gives three columns. */
export function scoreColumns(constructKeys: string[]): string[] {
  return constructKeys.flatMap((key) => [`${key}_score`, `${key}_answered`, `${key}_shown`]);
}

/** The rows of the construct-scores file, as CSV text, page by page, numbered like the data files. */
export async function* scorePages(
  em: Em,
  rounds: ExportRound[],
  constructKeys: string[],
  options: PageOptions = {},
): AsyncGenerator<string> {
  for await (const page of pagesOf(em, rounds, [], 'scores-csv', options, constructKeys)) yield page.join('');
}

export const LONG_COLUMNS = [
  'response',
  'round',
  'role',
  'submitted_on',
  'language',
  'linkage',
  'item',
  'construct',
  'kind',
  'value',
  'label',
  'not_applicable',
] as const;
