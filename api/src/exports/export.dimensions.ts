import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Response as HttpResponse } from 'express';
import type { Em } from '../db/orm.js';
import { ItemType, RespondentRole } from '../instruments/definition.types.js';
import { ALL_ROLES, NOT_APPLICABLE_CODE, NOT_SHOWN_CODE, isNumeric, type Variable } from './export.plan.js';
import { nativeCellPages, type Cell, type ExportFilter, type ExportRound } from './export.rows.js';

/** What the native files (.sav, .dta) must know before their first byte: how many rows and how wide each text is. */
export interface ExportDimensions {
  /** Submitted responses per round, in the order of the rounds given. */
  responsesPerRound: number[];
  responses: number;
  /** The longest stored text (or single-choice key) of each item, in UTF-8 bytes, as written (a typed code gets a `'`). */
  itemBytes: Map<string, number>;
  /** The longest language code, in bytes. */
  languageBytes: number;
}

/**
 * Counts the rounds' submitted responses and measures the longest text of each item, in one query. The native writers
 * size their string variables with it before they stream, and check every row against it as it goes by.
 */
export async function exportDimensions(
  em: Em,
  rounds: ExportRound[],
  filter: ExportFilter = {},
): Promise<ExportDimensions> {
  type Row = { kind: 'round' | 'language' | 'item'; key: string; value: string | number | null };
  const rows = await em.getConnection().execute<Row[]>(
    `with rs as materialized (
        select id, round_id, language, item_order from responses
         where round_id = any(?::uuid[]) and status = 'SUBMITTED'
           and (?::text[] is null or role::text = any(?::text[]))
           and submitted_on >= coalesce(?::date, '-infinity'::date)
           and submitted_on <= coalesce(?::date, 'infinity'::date))
     select 'round' as kind, round_id::text as key, count(*) as value from rs group by round_id
     union all
     select 'language', '', max(octet_length(language)) from rs
     union all
     select 'item', 'item_order', max(octet_length(array_to_string(item_order, ' '))) from rs
     union all
     select 'item', a.item_key, max(greatest(coalesce(octet_length(a.text) + (a.text in ('-7', '-8'))::int, 0), coalesce(octet_length(a.choices[1]), 0)))
       from answers a join rs on rs.id = a.response_id group by a.item_key`,
    [
      `{${rounds.map((r) => r.id).join(',')}}`,
      ...Array<string | null>(2).fill(filter.roles?.length ? `{${filter.roles.join(',')}}` : null),
      filter.from ?? null,
      filter.to ?? null,
    ],
  );
  const perRound = new Map(rows.filter((r) => r.kind === 'round').map((r) => [r.key, Number(r.value)]));
  const responsesPerRound = rounds.map((r) => perRound.get(r.id) ?? 0);
  return {
    responsesPerRound,
    responses: responsesPerRound.reduce((a, b) => a + b, 0),
    itemBytes: new Map(rows.filter((r) => r.kind === 'item').map((r) => [r.key, Number(r.value ?? 0)])),
    languageBytes: Number(rows.find((r) => r.kind === 'language')?.value ?? 0),
  };
}

/** A value of a native file's cell: a number (null: empty, the system-missing value) or a text. */
export type NativeValue = number | string | null;

export type Measure = 'nominal' | 'ordinal' | 'scale';

/** One column of a native file, independent of the format: the writers turn it into their own dictionaries. */
export interface NativeColumn {
  /** The name in Verdi's other files (CSV, codebook); each writer fits it to its format's rules. */
  name: string;
  label: string;
  /** `date`: a number of days since 1970-01-01. */
  kind: 'number' | 'date' | 'string';
  /** Strings: the width in UTF-8 bytes, at least 1. */
  width: number;
  decimals: number;
  measure: Measure;
  valueLabels: { value: number | string; label: string }[];
  /** Numeric codes that stand for a kind of missing answer (declared missing, `.a`/`.b` in Stata). */
  missingCodes: number[];
  /** String values that stand for a missing answer (declared missing in SPSS). */
  missingStrings: string[];
}

export const ROLE_LABELS_NB: Record<RespondentRole, string> = {
  [RespondentRole.SERVICE_USER]: 'Tjenestebruker',
  [RespondentRole.PROFESSIONAL]: 'Fagperson',
  [RespondentRole.CONSULTANT]: 'Erfaringskonsulent',
};

const NOT_SHOWN_LABEL = 'Ikke vist';

/** What a native file says about its codes, for a reader who has only the file (SPSS documents, a Stata note). */
export const NATIVE_NOTE =
  'Laget av Verdi. Koder: -7 = Vet ikke / ikke aktuelt; -8 = Ikke vist (spørsmålet var ikke for rollen, ' +
  'eller vis-hvis-regelen slo ikke til); tomt = hoppet over. I SPSS er -7 og -8 (og tom tekst) erklært som ' +
  'manglende verdier, i Stata er de .a og .b. Spørsmål på engelsk og per rolle står i kodeboken.';
const NOT_APPLICABLE_LABEL = 'Vet ikke / ikke aktuelt';

function measureOf(variable: Variable): Measure {
  if (variable.type === ItemType.RANKING) return 'ordinal';
  if (variable.option || variable.type === ItemType.YES_NO || variable.type === ItemType.SINGLE_CHOICE)
    return 'nominal';
  if (variable.type === ItemType.LIKERT) return 'ordinal';
  if (variable.type === ItemType.TEXT) return 'nominal';
  return 'scale';
}

/**
 * The columns of a native file: the response columns (round and role as labelled numbers, the day as a date), then a
 * column per variable. Numbers are doubles; texts are as wide as their longest value (at least 2 bytes, for `-8`).
 */
export function nativeColumns(
  variables: Variable[],
  rounds: ExportRound[],
  dimensions: ExportDimensions,
): NativeColumn[] {
  const base = { decimals: 0, missingCodes: [], missingStrings: [], valueLabels: [], width: 8 };
  const columns: NativeColumn[] = [
    { ...base, name: 'response', label: 'Svar nr. (i denne filen)', kind: 'number', measure: 'scale' },
    {
      ...base,
      name: 'round',
      label: 'Runde',
      kind: 'number',
      measure: 'ordinal',
      valueLabels: rounds.map((r, i) => ({ value: i + 1, label: r.label })),
    },
    {
      ...base,
      name: 'role',
      label: 'Rolle',
      kind: 'number',
      measure: 'nominal',
      valueLabels: ALL_ROLES.map((role, i) => ({ value: i + 1, label: ROLE_LABELS_NB[role] })),
    },
    { ...base, name: 'submitted_on', label: 'Levert (dato)', kind: 'date', measure: 'scale' },
    {
      ...base,
      name: 'language',
      label: 'Språk',
      kind: 'string',
      measure: 'nominal',
      width: Math.max(dimensions.languageBytes, 2),
    },
    {
      ...base,
      name: 'linkage',
      label: 'Koblingsnøkkel (pseudonym, gjelder bare denne nedlastingen)',
      kind: 'string',
      measure: 'nominal',
      width: 16,
    },
  ];
  for (const v of variables) {
    if (v.type === ItemType.DATE) {
      columns.push({
        ...base,
        name: v.name,
        label: v.label.nb,
        kind: 'date',
        measure: 'scale',
        valueLabels: [{ value: NOT_SHOWN_CODE, label: NOT_SHOWN_LABEL }],
        // Both codes, so that -8 is .b in Stata as on every other variable (a date has no "Vet ikke").
        missingCodes: [NOT_APPLICABLE_CODE, NOT_SHOWN_CODE],
      });
    } else if (isNumeric(v)) {
      const valueLabels = v.valueLabels
        .filter((l) => /^-?\d+$/.test(l.code))
        .map((l) => ({ value: Number(l.code), label: l.label.nb }));
      if (!valueLabels.some((l) => l.value === NOT_APPLICABLE_CODE))
        valueLabels.push({ value: NOT_APPLICABLE_CODE, label: NOT_APPLICABLE_LABEL });
      valueLabels.push({ value: NOT_SHOWN_CODE, label: NOT_SHOWN_LABEL });
      columns.push({
        ...base,
        name: v.name,
        label: v.label.nb,
        kind: 'number',
        decimals: v.decimals,
        measure: measureOf(v),
        valueLabels,
        missingCodes: [NOT_APPLICABLE_CODE, NOT_SHOWN_CODE],
      });
    } else {
      const labels = v.valueLabels.map((l) => ({ value: l.code, label: l.label.nb }));
      labels.push({ value: String(NOT_SHOWN_CODE), label: NOT_SHOWN_LABEL });
      const width = Math.max(
        dimensions.itemBytes.get(v.item) ?? 0,
        ...labels.map((l) => Buffer.byteLength(String(l.value))),
        1,
      );
      columns.push({
        ...base,
        name: v.name,
        label: v.label.nb,
        kind: 'string',
        width,
        measure: measureOf(v),
        valueLabels: labels,
        missingStrings: ['', String(NOT_SHOWN_CODE)],
      });
    }
  }
  return columns;
}

const EPOCH_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A wide row's cells (`wideRowPages`) as native values: the round as its number, the role as its code, the day as
 * days since 1970-01-01, '' as empty. Cells are read generically, so a number -7 or -8 in a numeric column is that code
 * and a text variable keeps whatever text the row holds.
 */
export function nativeRow(cells: (Cell | null)[], columns: NativeColumn[], round: number): NativeValue[] {
  if (cells.length !== columns.length)
    throw new Error(`A data row has ${cells.length} cells where the file has ${columns.length} columns`);
  return columns.map((column, i) => {
    const cell = cells[i]!;
    if (i === 1) return round;
    if (i === 2) {
      const code = ALL_ROLES.indexOf(cell as RespondentRole);
      if (code < 0) throw new Error(`Unknown role in a data row: ${String(cell)}`);
      return code + 1;
    }
    if (cell === '' || cell === null) return column.kind === 'string' ? '' : null;
    if (column.kind === 'date') {
      // A date item not shown: the text -8 in the wide row, its missing code here.
      if (String(cell) === String(NOT_SHOWN_CODE) && column.missingCodes.includes(NOT_SHOWN_CODE))
        return NOT_SHOWN_CODE;
      const match = EPOCH_DAY.exec(String(cell));
      if (!match) throw new Error(`Not a day: ${String(cell)} in ${column.name}`);
      return Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!) / 86_400_000;
    }
    if (column.kind === 'string') return String(cell);
    const number = typeof cell === 'number' ? cell : Number(cell);
    if (!Number.isFinite(number)) throw new Error(`Not a number: ${String(cell)} in ${column.name}`);
    return number;
  });
}

/**
 * Names that fit a format's rules, in order and without clashes: a name that fits stays; one that does not is cut to
 * leave room for `_` and six hex digits of its SHA-256 (so the same name always becomes the same new name), and a
 * clash that remains gets a counter. `key` says when two names clash (SPSS ignores case).
 */
export function fitNames(
  names: string[],
  fits: (name: string) => boolean,
  limit: number,
  key: (name: string) => string = (n) => n,
): string[] {
  const taken = new Set<string>();
  const fitting = names.map((name) => (fits(name) ? name : null));
  // Names that fit are kept first, so that a renamed one can never take a kept one's name.
  for (const name of fitting) if (name) taken.add(key(name));
  return names.map((name, i) => {
    if (fitting[i]) return name;
    const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]/, 'v');
    const hash = createHash('sha256').update(name).digest('hex');
    for (let n = 0; ; n++) {
      const suffix = `_${hash.slice(0, 6)}${n > 0 ? `_${n}` : ''}`;
      const candidate = `${cleaned.slice(0, limit - suffix.length)}${suffix}`;
      if (!taken.has(key(candidate)) && fits(candidate)) {
        taken.add(key(candidate));
        return candidate;
      }
    }
  });
}

/** The UTF-8 bytes of a text cut to at most `max` bytes without splitting a character. */
export function utf8Prefix(text: string, max: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * The wide rows of the rounds as native values, page by page, numbered on across rounds as in the CSV: each round is
 * read on its own so that its rows carry its number (two rounds may share a label). One `linkageSecret` serves the
 * whole download, so a participant's pseudonym is the same in every round of it.
 */
export async function* nativeRowPages(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  columns: NativeColumn[],
  linkageSecret: Buffer = randomBytes(32),
  filter: ExportFilter = {},
): AsyncGenerator<NativeValue[][]> {
  let before = 0;
  for (const [index, round] of rounds.entries()) {
    let count = 0;
    for await (const page of nativeCellPages(em, [round], variables, { linkageSecret, filter })) {
      count += page.length;
      yield page.map((cells) => {
        const row = nativeRow(cells, columns, index + 1);
        row[0] = (row[0] as number) + before;
        return row;
      });
    }
    before += count;
  }
}

/** Sends a native file's chunks to the client, waiting while its socket is full; gives up when the client has gone. */
export async function streamNative(res: HttpResponse, chunks: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of chunks) {
    if (chunk.length === 0 || res.write(chunk)) continue;
    await Promise.race([once(res, 'drain'), once(res, 'close')]);
    if (res.destroyed) throw new Error('the client closed the connection');
  }
  res.end();
  await once(res, 'finish');
}
