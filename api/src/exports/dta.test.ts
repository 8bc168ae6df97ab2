import { describe, expect, it } from 'vitest';
import { skipWithout } from '../test/research-tools.js';
import { DtaWriter, dtaNames, isDtaName, strlBytes } from './dta.js';
import type { NativeColumn, NativeValue } from './export.dimensions.js';
import { SPECIAL, edgeColumns, edgeRows, longText } from './test/native-fixture.js';
import { readWithHaven } from './test/native-readers.js';

function dta(columns: NativeColumn[], rows: NativeValue[][], pageSize = 2): Buffer {
  const writer = new DtaWriter(columns, {
    observations: rows.length,
    strlBytes: strlBytes(columns, rows),
    label: 'Verdi – prøve 😀',
    now: new Date('2026-12-03T20:00:00Z'),
  });
  const data = [writer.head()];
  const gsos: Buffer[] = [];
  for (let i = 0; i < rows.length; i += pageSize) {
    const page = writer.rows(rows.slice(i, i + pageSize));
    data.push(page.data);
    gsos.push(page.gsos);
  }
  return Buffer.concat([...data, writer.strlsStart(), ...gsos, writer.tail()]);
}

const isoDay = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/** The offsets in a .dta file's map, and where each section's tag really is. */
function mapAndTags(bytes: Buffer): { map: number[]; found: number[] } {
  const start = bytes.indexOf('<map>') + 5;
  const map = Array.from({ length: 14 }, (_, i) => Number(bytes.readBigUInt64LE(start + 8 * i)));
  const tags = [
    '<stata_dta>',
    '<map>',
    '<variable_types>',
    '<varnames>',
    '<sortlist>',
    '<formats>',
    '<value_label_names>',
    '<variable_labels>',
    '<characteristics>',
    '<data>',
    '<strls>',
    '<value_labels>',
    '</stata_dta>',
  ];
  const found = tags.map((tag) => bytes.lastIndexOf(tag));
  found.push(bytes.length);
  return { map, found };
}

describe('Stata .dta writer', () => {
  it('names: keeps valid ones, renames the rest to 32 characters deterministically and without clashes', () => {
    const columns = edgeColumns();
    const names = dtaNames(columns);
    expect(names.slice(0, 8)).toEqual(columns.slice(0, 8).map((c) => c.name));
    expect(names.slice(8, 11).every((n) => n.length === 32 && /_[0-9a-f]{6}$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(names[11]).not.toBe('with');
    expect(names.every(isDtaName)).toBe(true);
    expect(dtaNames(columns)).toEqual(names);
  });

  it('writes a map whose every offset points at its section, with strLs and without', () => {
    for (const rows of [edgeRows(), [], edgeRows().slice(2, 3)]) {
      const { map, found } = mapAndTags(dta(edgeColumns(), rows));
      expect(map).toEqual(found);
    }
  });

  it.skipIf(skipWithout('R', 'haven'))(
    'is read by haven value by value: labels, value labels, .a/.b, dates, str# and strL texts',
    () => {
      const columns = edgeColumns();
      const rows = edgeRows();
      const file = readWithHaven(dta(columns, rows), 'dta');
      expect(file.variables.map((v) => v.name)).toEqual(dtaNames(columns));
      expect(file.rows).toHaveLength(rows.length);
      rows.forEach((row, r) => {
        columns.forEach((column, c) => {
          const read = file.rows[r]![c];
          const value = row[c];
          const what = `${column.name} row ${r}`;
          if (column.kind === 'date')
            expect(read, what).toBe(value === null ? null : isoDay(value as number));
          else if (value === -7 && column.missingCodes.includes(-7)) expect(read, what).toEqual({ tag: 'a' });
          else if (value === -8 && column.missingCodes.includes(-8)) expect(read, what).toEqual({ tag: 'b' });
          else expect(read, what).toBe(value);
        });
      });
      const likert = file.variables[2]!;
      expect(likert.label).toBe([...SPECIAL].slice(0, 80).join(''));
      expect(likert.labels).toEqual({
        '0': 'Helt uenig',
        '4': 'Helt enig',
        '.a': 'Vet ikke / ikke aktuelt',
        '.b': 'Ikke vist',
      });
      expect(likert.naByDefault).toBe(2);
      expect(file.variables[1]!.format).toBe('%td');
      expect(file.variables[3]!.format).toBe('%10.2f');
      expect(file.variables[7]!.format).toBe('%-9s');
    },
  );

  it.skipIf(skipWithout('R', 'haven'))('holds zero rows and one row', () => {
    for (const rows of [[], edgeRows().slice(0, 1)]) {
      expect(readWithHaven(dta(edgeColumns(), rows), 'dta').rows).toHaveLength(rows.length);
    }
  });

  it('writes the same bytes whatever the page size', () => {
    const whole = dta(edgeColumns(), edgeRows(), 100);
    for (const size of [1, 3]) expect(dta(edgeColumns(), edgeRows(), size).equals(whole)).toBe(true);
  });

  it('keeps the full name of a renamed variable as its characteristic verdi_name', () => {
    const bytes = dta(edgeColumns(), []);
    expect(bytes.includes(Buffer.from(`note1${'\0'.repeat(124)}Laget av Verdi. Koder: -7 = Vet ikke`))).toBe(
      true,
    );
    const columns = edgeColumns();
    for (const i of [8, 9, 10, 11]) {
      expect(
        bytes.includes(
          Buffer.concat([Buffer.from('verdi_name'), Buffer.alloc(119), Buffer.from(`${columns[i]!.name}\0`)]),
        ),
      ).toBe(true);
    }
  });

  it('refuses what it cannot hold and a count that does not match, naming the variable', () => {
    const columns = edgeColumns();
    const row = edgeRows()[0]!;
    const make = (observations: number, strl = strlBytes(columns, [row])) => {
      const writer = new DtaWriter(columns, { observations, strlBytes: strl, label: '' });
      writer.head();
      return writer;
    };
    expect(() => make(1).rows([row.map((v, i) => (i === 6 ? longText(301) : v))])).toThrow(
      /text_300: a text of 301 bytes/,
    );
    expect(() => make(1).rows([row.map((v, i) => (i === 7 ? 'a\0b' : v))])).toThrow(
      /text_3000: a text holds a NUL/,
    );
    expect(() => make(1).rows([row.map((v, i) => (i === 3 ? 1e308 : v))])).toThrow(
      /amount: 1e\+308 is not a number/,
    );
    expect(() => make(0).rows([row])).toThrow(/announced 0 observations and got more/);
    expect(() => make(2).strlsStart()).toThrow(/announced 2 observations and got 0/);
    const short = make(1, 10);
    short.rows([row]);
    short.strlsStart();
    expect(() => short.tail()).toThrow(/announced 10 bytes of long texts/);
  });
});
