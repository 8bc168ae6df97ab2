import type { Em } from '../db/orm.js';
import {
  NATIVE_NOTE,
  exportDimensions,
  fitNames,
  nativeColumns,
  nativeRowPages,
  utf8Prefix,
  type NativeColumn,
  type NativeValue,
} from './export.dimensions.js';
import type { Variable } from './export.plan.js';
import type { ExportFilter, ExportRound } from './export.rows.js';

/**
 * A streaming writer of SPSS system files (.sav), after the format as PSPP documents it ("System File Format") and
 * as ReadStat writes it: UTF-8 throughout (character code 65001 and the encoding record), long names, very long strings,
 * variable and value labels (long string value labels too), discrete missing values (long string missing values too),
 * measurement levels and display widths, and an exact case count. Data are bytecode-compressed: texts are padded
 * with spaces to their variable's width, and compression stores eight spaces, an empty number and a small whole number
 * in one byte each, so a file with one 3,000-byte text variable is not 3 kB a row.
 */

/** SPSS's limit for a string variable. Longer texts are cut to it (at a character boundary). */
export const SAV_MAX_STRING = 32767;
const VARIABLE_LABEL_MAX = 255;
const VALUE_LABEL_MAX = 120;
const NAME_MAX = 64;
const SYSMIS = -Number.MAX_VALUE;
const RESERVED = new Set(['all', 'and', 'by', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'not', 'or', 'to', 'with']);

const FORMAT_A = 1;
const FORMAT_F = 5;
const FORMAT_DATE = 20;
/** Days from SPSS's day 0 (14 October 1582) to 1 January 1970. */
const SPSS_EPOCH_DAYS = 141428;

/** Whether a name is a valid SPSS variable name of at most 64 bytes. */
export function isSavName(name: string): boolean {
  return (
    name.length <= NAME_MAX &&
    /^[A-Za-z@][A-Za-z0-9_.@#$]*$/.test(name) &&
    !name.endsWith('.') &&
    !RESERVED.has(name.toLowerCase())
  );
}

/** The SPSS name of each column: its own where it is valid, otherwise one that is (see `fitNames`). */
export function savNames(columns: NativeColumn[]): string[] {
  return fitNames(
    columns.map((c) => c.name),
    isSavName,
    NAME_MAX,
    (n) => n.toLowerCase(),
  );
}

interface Segment {
  /** The width given in its variable record: 0 for a number, else 1…255. */
  type: number;
  /** 8-byte units it takes in a case. */
  units: number;
  shortName: string;
}

interface Layout {
  column: NativeColumn;
  name: string;
  label: string;
  width: number;
  segments: Segment[];
  /** Index (1-based, in 8-byte units) of the column's first unit in a case. */
  index: number;
}

class Bytes {
  private parts: Buffer[] = [];
  int32(...values: number[]): this {
    const b = Buffer.alloc(4 * values.length);
    values.forEach((v, i) => b.writeInt32LE(v, 4 * i));
    this.parts.push(b);
    return this;
  }
  int64(value: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(value));
    this.parts.push(b);
    return this;
  }
  double(value: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.parts.push(b);
    return this;
  }
  byte(value: number): this {
    this.parts.push(Buffer.from([value]));
    return this;
  }
  bytes(value: Buffer | string): this {
    this.parts.push(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
    return this;
  }
  /** A text in exactly `size` bytes, padded with spaces. */
  padded(value: Buffer | string, size: number): this {
    const b = Buffer.alloc(size, 0x20);
    (typeof value === 'string' ? Buffer.from(value, 'utf8') : value).copy(b, 0, 0, size);
    this.parts.push(b);
    return this;
  }
  get length(): number {
    return this.parts.reduce((n, p) => n + p.length, 0);
  }
  buffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function segmentsOf(width: number): number[] {
  if (width <= 255) return [width];
  const count = Math.ceil(width / 252);
  return Array.from({ length: count }, (_, i) => (i < count - 1 ? 255 : width - (count - 1) * 252));
}

const format = (type: number, width: number, decimals: number) =>
  (type << 16) | (Math.min(width, 255) << 8) | decimals;

function extension(out: Bytes, subtype: number, size: number, body: Buffer): void {
  if (body.length === 0) return;
  out.int32(7, subtype, size, body.length / size).bytes(body);
}

/** A text as document lines of at most 80 bytes, broken between words. */
function documentLines(text: string): Buffer[] {
  const lines: Buffer[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (Buffer.byteLength(next) <= 80) line = next;
    else {
      if (line) lines.push(Buffer.from(line));
      line = utf8Prefix(word, 80).toString('utf8');
    }
  }
  if (line) lines.push(Buffer.from(line));
  return lines;
}

export interface SavOptions {
  /** The text of the file's documents (DISPLAY DOCUMENTS); Verdi's note on codes by default. */
  note?: string;
  /** The number of cases, or null for "unknown" (-1). */
  cases: number | null;
  label: string;
  now?: Date;
}

/**
 * Writes one .sav file: `dictionary()` first, then `rows()` for each page of rows, then `end()`; each returns the
 * bytes to send. Throws, naming the column, on a value that the dictionary cannot hold.
 */
export class SavWriter {
  private readonly layouts: Layout[];
  private readonly caseUnits: number;
  private written = 0;

  constructor(
    readonly columns: NativeColumn[],
    private readonly options: SavOptions,
  ) {
    const names = savNames(columns);
    let short = 0;
    let index = 1;
    this.layouts = columns.map((column, i) => {
      const width = column.kind === 'string' ? Math.min(Math.max(column.width, 1), SAV_MAX_STRING) : 0;
      const segments = (column.kind === 'string' ? segmentsOf(width) : [0]).map((type) => ({
        type,
        units: type === 0 ? 1 : Math.ceil(type / 8),
        shortName: `V${++short}`,
      }));
      const renamed = names[i] !== column.name ? ` [${column.name}]` : '';
      const cut = column.kind === 'string' && column.width > SAV_MAX_STRING ? ' [kuttet ved 32767 byte]' : '';
      const layout: Layout = {
        column,
        name: names[i]!,
        label: `${column.label}${renamed}${cut}`,
        width,
        segments,
        index,
      };
      index += segments.reduce((n, s) => n + (s.type === 255 ? 32 : s.units), 0);
      return layout;
    });
    this.caseUnits = index - 1;
  }

  /** Everything before the data: header, variable records, labels, extension records. */
  dictionary(): Buffer {
    const now = this.options.now ?? new Date();
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const two = (n: number) => String(n).padStart(2, '0');
    const out = new Bytes()
      .bytes('$FL2')
      .padded('@(#) SPSS DATA FILE - Verdi', 60)
      .int32(2, this.caseUnits, 1, 0, this.options.cases ?? -1)
      .double(100)
      .bytes(`${two(now.getUTCDate())} ${months[now.getUTCMonth()]} ${two(now.getUTCFullYear() % 100)}`)
      .bytes(`${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`)
      .padded(utf8Prefix(this.options.label, 64), 64)
      .bytes(Buffer.alloc(3));

    for (const layout of this.layouts) this.variableRecords(out, layout);
    for (const layout of this.layouts) this.valueLabelRecords(out, layout);
    const lines = documentLines(this.options.note ?? NATIVE_NOTE);
    out.int32(6, lines.length);
    for (const line of lines) out.padded(line, 80);

    extension(out, 3, 4, new Bytes().int32(20, 0, 0, -1, 1, 1, 2, 65001).buffer());
    extension(
      out,
      4,
      8,
      Buffer.from([
        ...new Bytes().double(SYSMIS).double(Number.MAX_VALUE).buffer(),
        ...Buffer.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xef, 0xff]),
      ]),
    );
    extension(out, 20, 1, Buffer.from('UTF-8'));
    const display = new Bytes();
    for (const { column, segments } of this.layouts) {
      const measure = { nominal: 1, ordinal: 2, scale: 3 }[column.measure];
      const width =
        column.kind === 'string' ? Math.min(Math.max(column.width, 8), 40) : column.kind === 'date' ? 11 : 8;
      for (const _ of segments) display.int32(measure, width, column.kind === 'string' ? 0 : 1);
    }
    extension(out, 11, 4, display.buffer());
    extension(
      out,
      13,
      1,
      Buffer.from(this.layouts.map((l) => `${l.segments[0]!.shortName}=${l.name}`).join('\t'), 'utf8'),
    );
    extension(
      out,
      14,
      1,
      Buffer.from(
        this.layouts
          .filter((l) => l.segments.length > 1)
          .map((l) => `${l.segments[0]!.shortName}=${String(l.width).padStart(5, '0')}\0\t`)
          .join(''),
        'utf8',
      ),
    );
    const longLabels = new Bytes();
    const longMissing = new Bytes();
    for (const layout of this.layouts) {
      if (layout.column.kind !== 'string' || layout.width <= 8) continue;
      const name = Buffer.from(layout.name, 'utf8');
      const labels = this.stringLabels(layout);
      if (labels.length > 0) {
        longLabels.int32(name.length).bytes(name).int32(layout.width, labels.length);
        for (const { value, label } of labels) {
          longLabels.int32(layout.width).padded(value, layout.width).int32(label.length).bytes(label);
        }
      }
      const missing = layout.column.missingStrings;
      if (missing.length > 0) {
        longMissing.int32(name.length).bytes(name).byte(missing.length).int32(8);
        for (const value of missing) longMissing.padded(utf8Prefix(value, 8), 8);
      }
    }
    extension(out, 21, 1, longLabels.buffer());
    extension(out, 22, 1, longMissing.buffer());
    extension(
      out,
      16,
      8,
      new Bytes()
        .int64(1)
        .int64(this.options.cases ?? -1)
        .buffer(),
    );
    out.int32(999, 0);
    return out.buffer();
  }

  private variableRecords(out: Bytes, layout: Layout): void {
    const { column } = layout;
    layout.segments.forEach((segment, s) => {
      const first = s === 0;
      const label = first ? utf8Prefix(layout.label, VARIABLE_LABEL_MAX) : Buffer.alloc(0);
      let missing: Buffer[] = [];
      if (first && column.kind !== 'string') {
        missing = column.missingCodes.slice(0, 3).map((code) => new Bytes().double(code).buffer());
      } else if (first && layout.width <= 8) {
        missing = column.missingStrings
          .slice(0, 3)
          .map((v) => new Bytes().padded(utf8Prefix(v, 8), 8).buffer());
      }
      const printFormat =
        column.kind === 'string'
          ? format(FORMAT_A, segment.type, 0)
          : column.kind === 'date'
            ? format(FORMAT_DATE, 11, 0)
            : format(FORMAT_F, 8, column.decimals);
      out
        .int32(2, segment.type, label.length > 0 ? 1 : 0, missing.length, printFormat, printFormat)
        .padded(segment.shortName, 8);
      if (label.length > 0)
        out
          .int32(label.length)
          .bytes(Buffer.concat([label, Buffer.alloc((4 - (label.length % 4)) % 4, 0x20)]));
      for (const m of missing) out.bytes(m);
      const units = segment.type === 255 ? 32 : segment.units;
      for (let u = 1; u < units; u++) out.int32(2, -1, 0, 0, 0, 0).padded('', 8);
    });
  }

  private stringLabels(layout: Layout): { value: Buffer; label: Buffer }[] {
    return layout.column.valueLabels
      .map(({ value, label }) => ({
        value: Buffer.from(String(value), 'utf8'),
        label: utf8Prefix(label, VALUE_LABEL_MAX),
      }))
      .filter(({ value }) => value.length <= layout.width);
  }

  private valueLabelRecords(out: Bytes, layout: Layout): void {
    const { column } = layout;
    if (column.valueLabels.length === 0) return;
    if (column.kind === 'string' && layout.width > 8) return;
    const labels =
      column.kind === 'string'
        ? this.stringLabels(layout).map(({ value, label }) => ({
            value: new Bytes().padded(value, 8).buffer(),
            label,
          }))
        : column.valueLabels.map(({ value, label }) => ({
            value: new Bytes().double(Number(value)).buffer(),
            label: utf8Prefix(label, VALUE_LABEL_MAX),
          }));
    if (labels.length === 0) return;
    out.int32(3, labels.length);
    for (const { value, label } of labels) {
      const size = Math.ceil((label.length + 1) / 8) * 8 - 1;
      out.bytes(value).byte(label.length).padded(label, size);
    }
    out.int32(4, 1, layout.index);
  }

  /**
   * The compressed bytes of some rows. Compression works in blocks of eight codes followed by the data they announce;
   * the block still open at the end of a page is kept (`open`) and finished with the next page.
   */
  rows(rows: NativeValue[][]): Buffer {
    const out = Buffer.allocUnsafe(this.open.length + rows.length * (this.caseUnits * 9 + 8) + 8);
    this.open.copy(out, 0);
    this.block = 0;
    this.at = this.open.length;
    for (const row of rows) this.row(out, row);
    this.open = Buffer.from(out.subarray(this.block, this.at));
    return out.subarray(0, this.block);
  }

  /** The open block: eight code bytes (unused ones 0, which readers skip), then the data announced so far. */
  private open = Buffer.alloc(8);
  private codes = 0;
  private block = 0;
  private at = 0;

  private code(out: Buffer, code: number): void {
    out[this.block + this.codes] = code;
    if (++this.codes === 8) {
      this.block = this.at;
      out.fill(0, this.at, this.at + 8);
      this.at += 8;
      this.codes = 0;
    }
  }

  private row(out: Buffer, row: NativeValue[]): void {
    if (row.length !== this.layouts.length)
      throw new Error(`A row has ${row.length} values where the file has ${this.layouts.length} variables`);
    this.layouts.forEach(({ column, name, width, segments }, i) => {
      const value = row[i];
      if (column.kind !== 'string') {
        if (value === null || value === undefined) return this.code(out, 255);
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw new Error(`${name}: ${String(value)} is not a number`);
        // A date's missing code (-8) is written as itself, as its declared missing value is.
        const number =
          column.kind === 'date' && !column.missingCodes.includes(value)
            ? (value + SPSS_EPOCH_DAYS) * 86400
            : value;
        if (Number.isInteger(number) && number >= -99 && number <= 151 && !Object.is(number, -0))
          return this.code(out, number + 100);
        // The data go after the open block's codes, so they are written before the code that may close the block.
        out.writeDoubleLE(number, this.at);
        this.at += 8;
        return this.code(out, 253);
      }
      if (typeof value !== 'string') throw new Error(`${name}: ${String(value)} is not a text`);
      if (value.includes('\0'))
        throw new Error(`${name}: a text holds a NUL character, which .sav cannot keep`);
      const bytes = utf8Prefix(value, width);
      if (bytes.length < Buffer.byteLength(value) && column.width <= SAV_MAX_STRING)
        throw new Error(
          `${name}: a text of ${Buffer.byteLength(value)} bytes is longer than its measured width ${width}`,
        );
      let offset = 0;
      for (const segment of segments) {
        const units = segment.type === 255 ? 32 : segment.units;
        const end = Math.min(offset + segment.type, bytes.length);
        for (let u = 0; u < units; u++) {
          const from = offset + u * 8;
          const real = Math.max(0, Math.min(8, end - from));
          if (real === 0) {
            this.code(out, 254);
            continue;
          }
          bytes.copy(out, this.at, from, from + real);
          out.fill(0x20, this.at + real, this.at + 8);
          this.at += 8;
          this.code(out, 253);
        }
        offset += segment.type;
      }
    });
    this.written++;
  }

  /** The last block, padded; checks that the case count given at the start holds. */
  end(): Buffer {
    if (this.options.cases !== null && this.written !== this.options.cases)
      throw new Error(
        `The file announced ${this.options.cases} cases and got ${this.written}: the data changed while it was written; download it again`,
      );
    const last = this.codes === 0 ? Buffer.alloc(0) : this.open;
    this.open = Buffer.alloc(8);
    return last;
  }
}

/** The .sav file of the rounds, chunk by chunk: the dictionary, then a chunk per page of rows. */
export async function* savFile(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  title: string,
  filter: ExportFilter = {},
): AsyncGenerator<Buffer> {
  const dimensions = await exportDimensions(em, rounds, filter);
  const columns = nativeColumns(variables, rounds, dimensions);
  const writer = new SavWriter(columns, { cases: dimensions.responses, label: title });
  yield writer.dictionary();
  for await (const rows of nativeRowPages(em, rounds, variables, columns, undefined, filter))
    yield writer.rows(rows);
  yield writer.end();
}
