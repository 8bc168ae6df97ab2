import { describe, expect, it } from 'vitest';
import { skipWithout } from '../test/research-tools.js';
import { SavWriter, isSavName, savNames } from './sav.js';
import type { NativeColumn, NativeValue } from './export.dimensions.js';
import { SPECIAL, edgeColumns, edgeRows, longText } from './test/native-fixture.js';
import { readWithHaven, readWithPspp } from './test/native-readers.js';

function sav(columns: NativeColumn[], rows: NativeValue[][], pageSize = 2): Buffer {
  const writer = new SavWriter(columns, {
    cases: rows.length,
    label: 'Verdi – prøve 😀',
    now: new Date('2026-12-03T20:00:00Z'),
  });
  const parts = [writer.dictionary()];
  for (let i = 0; i < rows.length; i += pageSize) parts.push(writer.rows(rows.slice(i, i + pageSize)));
  parts.push(writer.end());
  return Buffer.concat(parts);
}

/** The SPSS day number of a day given as days since 1970, as haven prints it. */
const isoDay = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

describe('SPSS .sav writer', () => {
  it('names: keeps valid ones, renames the rest deterministically and without clashes', () => {
    const columns = edgeColumns();
    const names = savNames(columns);
    expect(names.slice(0, 9)).toEqual(columns.slice(0, 9).map((c) => c.name));
    expect(names[8]).toHaveLength(64);
    expect(names[9]).toMatch(/^nyyyy+_[0-9a-f]{6}$/);
    expect(names[9]).toHaveLength(64);
    expect(names[10]).not.toBe(names[9]);
    expect(names[11]).not.toBe('with');
    expect(names.every(isSavName)).toBe(true);
    expect(savNames(columns)).toEqual(names);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });

  it.skipIf(skipWithout('R', 'haven'))(
    'is read by haven value by value: labels, value labels, missing values, dates, long texts',
    () => {
      const columns = edgeColumns();
      const rows = edgeRows();
      const file = readWithHaven(sav(columns, rows), 'sav');
      const names = savNames(columns);
      expect(file.variables.map((v) => v.name)).toEqual(names);
      expect(file.rows).toHaveLength(rows.length);
      rows.forEach((row, r) => {
        columns.forEach((column, c) => {
          const read = file.rows[r]![c];
          const value = row[c];
          if (column.kind === 'date')
            expect(read, `${column.name} row ${r}`).toBe(value === null ? null : isoDay(value as number));
          else expect(read, `${column.name} row ${r}`).toBe(value);
        });
      });
      const likert = file.variables[2]!;
      expect(likert.label).toBe(SPECIAL);
      expect(likert.labels).toEqual({
        '0': 'Helt uenig',
        '4': 'Helt enig',
        '-7': 'Vet ikke / ikke aktuelt',
        '-8': 'Ikke vist',
      });
      expect(likert.naValues).toEqual([-7, -8]);
      expect(likert.naByDefault).toBe(2);
      expect(likert.format).toBe('F8.0');
      expect(file.variables[3]!.format).toBe('F8.2');
      expect(file.variables[1]!.format).toBe('DATE11');
      const choice = file.variables[4]!;
      expect(choice.labels).toEqual({ a: 'Alternativ A', long_key: SPECIAL, '-8': 'Ikke vist' });
      expect(choice.naValues).toEqual(['', '-8']);
      expect(choice.naByDefault).toBe(2);
      expect(file.variables[5]!.labels).toEqual({ a_rather_long_key: 'Langt', '-8': 'Ikke vist' });
      expect(file.variables[5]!.naValues).toEqual(['', '-8']);
      expect(file.variables[5]!.naByDefault).toBe(2);
      expect(file.variables[7]!.naByDefault).toBe(2);
      expect(file.variables[9]!.label).toBe(`70 tegn [${columns[9]!.name}]`);
    },
  );

  it.skipIf(skipWithout('PSPP'))(
    'is read by PSPP without a warning, with the same data and dictionary',
    () => {
      const columns = edgeColumns();
      const rows = edgeRows();
      const file = readWithPspp(sav(columns, rows), ['text_300', 'text_3000', 'choice']);
      expect(file.problems).toEqual([]);
      const names = savNames(columns);
      expect(file.rows[0]).toEqual([...names, 'verdi_len_1', 'verdi_len_2', 'verdi_len_3']);
      const noCr = (value: unknown) => String(value).replace(/\r/g, '');
      expect(file.rows).toHaveLength(rows.length + 1);
      const cells = file.rows.slice(1);
      rows.forEach((row, r) => {
        expect(cells[r]![6]).toBe(noCr(row[6]));
        expect(cells[r]![7]).toBe(noCr(row[7]));
        expect(cells[r]![4]).toBe(row[4]);
        expect(cells[r]!.slice(-3).map(Number)).toEqual(
          [6, 7, 4].map((c) => Buffer.byteLength(String(row[c]))),
        );
        expect(cells[r]![2]).toBe(row[2] === null ? '' : String(row[2]));
      });
      expect(file.dictionary).toContain('Helt uenig');
      expect(file.dictionary).toMatch(/likert[\s\S]*Ordinal/);
      expect(file.dictionary).toMatch(/-7[\s\S]*-8/);
      expect(file.dictionary).toContain('Alternativ A');
      expect(file.dictionary).toMatch(
        /Documents[\s\S]*Laget av Verdi\. Koder: -7 = Vet ikke \/ ikke aktuelt; -8 = Ikke vist/,
      );
    },
  );

  it.skipIf(skipWithout('R', 'haven', 'PSPP'))('holds zero rows and one row', () => {
    const columns = edgeColumns();
    for (const rows of [[], edgeRows().slice(0, 1)]) {
      const bytes = sav(columns, rows);
      expect(readWithHaven(bytes, 'sav').rows).toHaveLength(rows.length);
      const pspp = readWithPspp(bytes);
      expect(pspp.problems).toEqual([]);
      expect(pspp.rows).toHaveLength(rows.length + 1);
    }
  });

  it.skipIf(skipWithout('R', 'haven'))(
    'keeps numbers and texts that do not compress across block boundaries',
    () => {
      const columns: NativeColumn[] = Array.from({ length: 11 }, (_, i) => ({
        ...edgeColumns()[i % 2 ? 0 : 6]!,
        name: `v${i}`,
      }));
      const rows = Array.from({ length: 5 }, (_, r) =>
        columns.map((c, i) =>
          c.kind === 'string' ? `tekst ${r}.${i} ${'x'.repeat(r * 7)} – 😀` : r + i / 7,
        ),
      );
      expect(readWithHaven(sav(columns, rows, 2), 'sav').rows).toEqual(rows);
    },
  );

  it('writes the same bytes whatever the page size', () => {
    const whole = sav(edgeColumns(), edgeRows(), 100);
    for (const size of [1, 3]) expect(sav(edgeColumns(), edgeRows(), size).equals(whole)).toBe(true);
  });

  it('refuses what it cannot hold, naming the variable', () => {
    const columns = edgeColumns();
    const row = edgeRows()[0]!;
    const writer = new SavWriter(columns, { cases: 1, label: '' });
    writer.dictionary();
    expect(() => writer.rows([row.map((v, i) => (i === 6 ? longText(301) : v))])).toThrow(
      /text_300: a text of 301 bytes/,
    );
    expect(() => writer.rows([row.map((v, i) => (i === 6 ? 'a\0b' : v))])).toThrow(
      /text_300: a text holds a NUL/,
    );
    expect(() => writer.rows([row.map((v, i) => (i === 2 ? 'x' : v))])).toThrow(/likert: x is not a number/);
    expect(() => writer.end()).toThrow(/announced 1 cases and got 0/);
  });
});
