import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * A streaming writer of Stata 14–18 data files (.dta format 118, as Stata documents it in `help dta`): UTF-8, variable
 * and value labels, extended missing values (-7 → .a, -8 → .b, each labelled; empty → .), numbers as doubles, days as
 * %td dates, texts as str# up to 2,045 bytes and strL beyond. The file's map holds the offset of every section, so the
 * number of observations, each str# width and the size of the strL section are known before the first byte: N and the
 * widths from `exportDimensions`, the strL size from `strlBytes` over the rows.
 */

export const DTA_MAX_STR = 2045;
const NAME_MAX = 32;
const LABEL_CHARS = 80;
const VALUE_LABEL_MAX = 32000;
const TYPE_DOUBLE = 65526;
const TYPE_STRL = 32768;
/** Days from Stata's day 0 (1 January 1960) to 1 January 1970. */
const STATA_EPOCH_DAYS = 3653;
const MAX_DOUBLE = 8.988465674311579e307;
const RESERVED = new Set(
  (
    '_all _b byte _coef _cons double float if in int long _n _N _pi _pred _rc _skip strL using with ' +
    'aggregate array boolean break case catch class colvector complex const continue default delegate delete do ' +
    'else eltypedef end enum explicit export external for friend function global goto inline local matrix ' +
    'NULL numeric orientation pointer polymorphism pragma private protected public quad real return ' +
    'rowvector scalar short signed static string struct super switch template this throw transmorphic try ' +
    'typedef typename union unsigned vector version virtual void volatile while'
  ).split(' '),
);

/** Whether a name is a valid Stata variable name of at most 32 characters. */
export function isDtaName(name: string): boolean {
  return (
    name.length <= NAME_MAX &&
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) &&
    !RESERVED.has(name) &&
    !/^str\d+$/.test(name)
  );
}

/** The Stata name of each column: its own where it is valid, otherwise one that is (see `fitNames`). */
export function dtaNames(columns: NativeColumn[]): string[] {
  return fitNames(
    columns.map((c) => c.name),
    isDtaName,
    NAME_MAX,
  );
}

/** Stata's missing values as doubles: `.` and the extended `.a`, `.b`, … */
function missingBits(tag: string | null): bigint {
  return tag === null ? 0x7fe0000000000000n : 0x7fe0000000000000n + (BigInt(tag.charCodeAt(0) - 96) << 40n);
}
const TAGS = ['a', 'b', 'c', 'd', 'e'];

/** A text in `size` bytes, padded with NUL. */
function fixed(text: string | Buffer, size: number): Buffer {
  const b = Buffer.alloc(size);
  (typeof text === 'string' ? utf8Prefix(text, size - 1) : text).copy(b, 0, 0, size);
  return b;
}

function labelText(text: string): Buffer {
  return utf8Prefix([...text].slice(0, LABEL_CHARS).join(''), 320);
}

function uint(value: number | bigint, bytes: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b.subarray(0, bytes);
}

const tag = (name: string, body: Buffer | string) =>
  Buffer.concat([
    Buffer.from(`<${name}>`),
    typeof body === 'string' ? Buffer.from(body) : body,
    Buffer.from(`</${name}>`),
  ]);

interface Layout {
  column: NativeColumn;
  name: string;
  /** 0 for a strL, else the bytes in a row. */
  type: number;
  size: number;
  offset: number;
  /** Numeric code → missing tag. */
  tags: Map<number, string>;
}

export interface DtaOptions {
  observations: number;
  /** The size of the strL section's GSOs, as `strlBytes` counts them. */
  strlBytes: number;
  label: string;
  now?: Date;
}

/** Bytes of the GSO that a strL value needs (none for an empty text). */
export function gsoBytes(value: NativeValue): number {
  if (value === null || value === '') return 0;
  return 3 + 4 + 8 + 1 + 4 + Buffer.byteLength(String(value)) + 1;
}

/** Whether a column is written as a strL. */
export function isStrl(column: NativeColumn): boolean {
  return column.kind === 'string' && column.width > DTA_MAX_STR;
}

/** The size of the strL section's GSOs for these rows (call it over every row before writing). */
export function strlBytes(columns: NativeColumn[], rows: NativeValue[][]): number {
  const strls = columns.flatMap((c, i) => (isStrl(c) ? [i] : []));
  let total = 0;
  for (const row of rows) for (const i of strls) total += gsoBytes(row[i]!);
  return total;
}

/**
 * Writes one .dta file: `head()` (up to the data), `rows()` per page, which returns the data bytes and the GSOs for
 * the strL section (to be kept aside, e.g. in a temporary file, and sent after the data), `strlsStart()`, the GSOs,
 * then `tail()`.
 */
export class DtaWriter {
  private readonly layouts: Layout[];
  private readonly rowSize: number;
  private observation = 0;
  private gsoWritten = 0;
  private readonly valueLabels: Buffer;

  constructor(
    readonly columns: NativeColumn[],
    private readonly options: DtaOptions,
  ) {
    if (columns.length > 32767)
      throw new Error(`A .dta file holds at most 32,767 variables, not ${columns.length}`);
    const names = dtaNames(columns);
    let offset = 0;
    this.layouts = columns.map((column, i) => {
      const type =
        column.kind !== 'string' ? TYPE_DOUBLE : isStrl(column) ? TYPE_STRL : Math.max(column.width, 1);
      const size = column.kind !== 'string' || type === TYPE_STRL ? 8 : type;
      const tags = new Map(column.missingCodes.map((code, t) => [code, TAGS[t]!]));
      const layout = { column, name: names[i]!, type, size, offset, tags };
      offset += size;
      return layout;
    });
    this.rowSize = offset;
    this.valueLabels = tag(
      'value_labels',
      Buffer.concat(
        this.layouts
          .filter((l) => l.column.kind !== 'string' && l.column.valueLabels.length > 0)
          .map((l) => this.labelTable(l)),
      ),
    );
  }

  private labelTable({ name, column, tags }: Layout): Buffer {
    const entries = column.valueLabels
      .flatMap(({ value, label }) => {
        const number = Number(value);
        const t = tags.get(number);
        if (t) return [{ key: 2147483621 + t.charCodeAt(0) - 96, label }];
        return Number.isInteger(number) && Math.abs(number) <= 2147483620 ? [{ key: number, label }] : [];
      })
      .sort((a, b) => a.key - b.key);
    const texts = entries.map((e) =>
      Buffer.concat([utf8Prefix(e.label, VALUE_LABEL_MAX - 1), Buffer.alloc(1)]),
    );
    const offsets: number[] = [];
    let at = 0;
    for (const text of texts) {
      offsets.push(at);
      at += text.length;
    }
    const ints = (values: number[]) => {
      const b = Buffer.alloc(4 * values.length);
      values.forEach((v, i) => b.writeInt32LE(v, 4 * i));
      return b;
    };
    const body = Buffer.concat([
      ints([entries.length, at]),
      ints(offsets),
      ints(entries.map((e) => e.key)),
      ...texts,
    ]);
    return tag('lbl', Buffer.concat([ints([body.length]), fixed(name, 129), Buffer.alloc(3), body]));
  }

  /** Everything before the first observation, with the map of every section's offset. */
  head(): Buffer {
    const now = this.options.now ?? new Date();
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const two = (n: number) => String(n).padStart(2, '0');
    const stamp = `${two(now.getUTCDate())} ${months[now.getUTCMonth()]} ${now.getUTCFullYear()} ${two(now.getUTCHours())}:${two(now.getUTCMinutes())}`;
    const label = labelText(this.options.label);
    const header = Buffer.concat([
      Buffer.from('<stata_dta>'),
      tag(
        'header',
        Buffer.concat([
          tag('release', '118'),
          tag('byteorder', 'LSF'),
          tag('K', uint(this.layouts.length, 2)),
          tag('N', uint(this.options.observations, 8)),
          tag('label', Buffer.concat([uint(label.length, 2), label])),
          tag('timestamp', Buffer.concat([uint(stamp.length, 1), Buffer.from(stamp)])),
        ]),
      ),
    ]);
    const formatOf = ({ column, type }: Layout) =>
      column.kind === 'date'
        ? '%td'
        : column.kind === 'number'
          ? column.decimals > 0
            ? `%10.${column.decimals}f`
            : '%9.0g'
          : `%-${type === TYPE_STRL ? 9 : Math.min(type, 2045)}s`;
    const characteristic = (variable: string, name: string, text: string) => {
      const contents = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]);
      return tag(
        'ch',
        Buffer.concat([
          uint(129 + 129 + contents.length, 4),
          fixed(variable, 129),
          fixed(name, 129),
          contents,
        ]),
      );
    };
    // Stata's notes: `notes` lists _dta[note1], with _dta[note0] holding their count.
    const characteristics = [
      characteristic('_dta', 'note0', '1'),
      characteristic('_dta', 'note1', NATIVE_NOTE),
      ...this.layouts
        .filter((l) => l.name !== l.column.name)
        .map((l) => characteristic(l.name, 'verdi_name', l.column.name)),
    ];
    const sections = [
      tag('variable_types', Buffer.concat(this.layouts.map((l) => uint(l.type, 2)))),
      tag('varnames', Buffer.concat(this.layouts.map((l) => fixed(l.name, 129)))),
      tag('sortlist', Buffer.alloc(2 * (this.layouts.length + 1))),
      tag('formats', Buffer.concat(this.layouts.map((l) => fixed(formatOf(l), 57)))),
      tag(
        'value_label_names',
        Buffer.concat(
          this.layouts.map((l) =>
            fixed(l.column.kind !== 'string' && l.column.valueLabels.length > 0 ? l.name : '', 129),
          ),
        ),
      ),
      tag('variable_labels', Buffer.concat(this.layouts.map((l) => fixed(labelText(l.column.label), 321)))),
      tag('characteristics', Buffer.concat(characteristics)),
    ];
    const mapSize = '<map></map>'.length + 14 * 8;
    const offsets: number[] = [0, header.length];
    let at = header.length + mapSize;
    for (const section of sections) {
      offsets.push(at);
      at += section.length;
    }
    const dataSize = '<data></data>'.length + this.rowSize * this.options.observations;
    const strlsSize = '<strls></strls>'.length + this.options.strlBytes;
    offsets.push(at, at + dataSize, at + dataSize + strlsSize);
    const end = at + dataSize + strlsSize + this.valueLabels.length;
    offsets.push(end, end + '</stata_dta>'.length);
    const map = tag('map', Buffer.concat(offsets.map((o) => uint(o, 8))));
    return Buffer.concat([header, map, ...sections, Buffer.from('<data>')]);
  }

  /** The data bytes of some rows, and the GSOs of their strL values (to be sent after the data). */
  rows(rows: NativeValue[][]): { data: Buffer; gsos: Buffer } {
    const data = Buffer.alloc(this.rowSize * rows.length);
    const gsos: Buffer[] = [];
    rows.forEach((row, r) => {
      if (row.length !== this.layouts.length)
        throw new Error(`A row has ${row.length} values where the file has ${this.layouts.length} variables`);
      this.observation++;
      if (this.observation > this.options.observations)
        throw new Error(
          `The file announced ${this.options.observations} observations and got more: the data changed while it was written; download it again`,
        );
      const base = r * this.rowSize;
      this.layouts.forEach(({ column, name, type, size, offset, tags }, v) => {
        const value = row[v];
        const at = base + offset;
        if (column.kind !== 'string') {
          if (value === null || value === undefined) {
            data.writeBigUInt64LE(missingBits(null), at);
            return;
          }
          if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_DOUBLE)
            throw new Error(`${name}: ${String(value)} is not a number Stata can hold`);
          const t = tags.get(value);
          if (t) data.writeBigUInt64LE(missingBits(t), at);
          else data.writeDoubleLE(column.kind === 'date' ? value + STATA_EPOCH_DAYS : value, at);
          return;
        }
        if (typeof value !== 'string') throw new Error(`${name}: ${String(value)} is not a text`);
        if (value.includes('\0'))
          throw new Error(`${name}: a text holds a NUL character, which .dta cannot keep`);
        const bytes = Buffer.from(value, 'utf8');
        if (type === TYPE_STRL) {
          if (bytes.length === 0) return;
          const gso = Buffer.alloc(20 + bytes.length + 1);
          gso.write('GSO', 0, 'latin1');
          gso.writeUInt32LE(v + 1, 3);
          gso.writeBigUInt64LE(BigInt(this.observation), 7);
          gso.writeUInt8(130, 15);
          gso.writeUInt32LE(bytes.length + 1, 16);
          bytes.copy(gso, 20);
          gsos.push(gso);
          this.gsoWritten += gso.length;
          data.writeUInt16LE(v + 1, at);
          data.writeUIntLE(this.observation, at + 2, 6);
          return;
        }
        if (bytes.length > size)
          throw new Error(
            `${name}: a text of ${bytes.length} bytes is longer than its measured width ${size}`,
          );
        bytes.copy(data, at);
      });
    });
    return { data, gsos: Buffer.concat(gsos) };
  }

  /** The end of the data and the start of the strL section; checks the count of observations. */
  strlsStart(): Buffer {
    if (this.observation !== this.options.observations)
      throw new Error(
        `The file announced ${this.options.observations} observations and got ${this.observation}: the data changed while it was written; download it again`,
      );
    return Buffer.from('</data><strls>');
  }

  /** The end of the strL section, the value labels and the end of the file; checks the strL size. */
  tail(): Buffer {
    if (this.gsoWritten !== this.options.strlBytes)
      throw new Error(
        `The file announced ${this.options.strlBytes} bytes of long texts and got ${this.gsoWritten}: the data changed while it was written; download it again`,
      );
    return Buffer.concat([Buffer.from('</strls>'), this.valueLabels, Buffer.from('</stata_dta>')]);
  }
}

/**
 * The .dta file of the rounds, chunk by chunk. Where a text needs a strL, the rows are read twice: once to measure the
 * strL section (its size is in the map at the start), and once to write; the strL values wait in a temporary file
 * until the data are sent, and the file is removed however the download ends.
 */
export async function* dtaFile(
  em: Em,
  rounds: ExportRound[],
  variables: Variable[],
  title: string,
  filter: ExportFilter = {},
): AsyncGenerator<Buffer> {
  const dimensions = await exportDimensions(em, rounds, filter);
  const columns = nativeColumns(variables, rounds, dimensions);
  const secret = randomBytes(32);
  let strl = 0;
  if (columns.some(isStrl)) {
    for await (const rows of nativeRowPages(em, rounds, variables, columns, secret, filter))
      strl += strlBytes(columns, rows);
  }
  const writer = new DtaWriter(columns, {
    observations: dimensions.responses,
    strlBytes: strl,
    label: title,
  });
  const dir = strl > 0 ? await mkdtemp(join(tmpdir(), 'verdi-dta-')) : null;
  try {
    const spool = dir ? await open(join(dir, 'strls'), 'w', 0o600) : null;
    try {
      yield writer.head();
      for await (const rows of nativeRowPages(em, rounds, variables, columns, secret, filter)) {
        const { data, gsos } = writer.rows(rows);
        if (gsos.length > 0) await spool!.write(gsos);
        yield data;
      }
    } finally {
      await spool?.close();
    }
    yield writer.strlsStart();
    if (dir) {
      for await (const chunk of createReadStream(join(dir, 'strls'))) yield chunk as Buffer;
    }
    yield writer.tail();
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
