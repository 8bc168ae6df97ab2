import type { NativeColumn, NativeValue } from '../export.dimensions.js';

/** Every special character a label or a text may hold (no NUL: PostgreSQL text cannot hold one). */
export const SPECIAL = `Sa "hei" og 'hallo'; a,b = c + d @ e – ø æ å Ø Æ Å ✓ 😀 \\ / <tag> & % $ # ! ? \t tab\nline\r\nwin =1+1 -2 +3`;

const base = {
  decimals: 0,
  missingCodes: [] as number[],
  missingStrings: [] as string[],
  valueLabels: [] as NativeColumn['valueLabels'],
  width: 8,
  measure: 'nominal' as const,
};

/** Columns that exercise every path of the writers: short and (very) long strings, labels, missing codes, names. */
export function edgeColumns(): NativeColumn[] {
  return [
    { ...base, name: 'id', label: 'Nummer', kind: 'number', measure: 'scale' },
    { ...base, name: 'day', label: 'Dag', kind: 'date', measure: 'scale' },
    {
      ...base,
      name: 'likert',
      label: SPECIAL,
      kind: 'number',
      measure: 'ordinal',
      valueLabels: [
        { value: 0, label: 'Helt uenig' },
        { value: 4, label: 'Helt enig' },
        { value: -7, label: 'Vet ikke / ikke aktuelt' },
        { value: -8, label: 'Ikke vist' },
      ],
      missingCodes: [-7, -8],
    },
    { ...base, name: 'amount', label: 'Beløp', kind: 'number', measure: 'scale', decimals: 2 },
    {
      ...base,
      name: 'choice',
      label: 'Valg',
      kind: 'string',
      width: 8,
      valueLabels: [
        { value: 'a', label: 'Alternativ A' },
        { value: 'long_key', label: SPECIAL },
        { value: '-8', label: 'Ikke vist' },
      ],
      missingStrings: ['', '-8'],
    },
    {
      ...base,
      name: 'choice_long',
      label: 'Valg med lange nøkler',
      kind: 'string',
      width: 20,
      valueLabels: [
        { value: 'a_rather_long_key', label: 'Langt' },
        { value: '-8', label: 'Ikke vist' },
      ],
      missingStrings: ['', '-8'],
    },
    { ...base, name: 'text_300', label: 'Tekst', kind: 'string', width: 300, missingStrings: ['', '-8'] },
    {
      ...base,
      name: 'text_3000',
      label: 'Lang tekst',
      kind: 'string',
      width: 3000,
      missingStrings: ['', '-8'],
    },
    { ...base, name: `n${'x'.repeat(63)}`, label: '64 tegn', kind: 'number', measure: 'scale' },
    { ...base, name: `n${'y'.repeat(69)}`, label: '70 tegn', kind: 'number', measure: 'scale' },
    { ...base, name: `n${'y'.repeat(68)}`, label: '69 tegn', kind: 'number', measure: 'scale' },
    { ...base, name: 'with', label: 'Reservert', kind: 'number', measure: 'scale' },
  ];
}

/** A text of exactly `bytes` UTF-8 bytes with emoji and line breaks that straddle every 252/255-byte boundary. */
export function longText(bytes: number): string {
  const pieces = ['ab', '😀', 'æ', '\n', '\r\n', '"', "'", 'x'];
  let text = '';
  for (let i = 0; Buffer.byteLength(text) < bytes - 4; i++) text += pieces[i % pieces.length];
  while (Buffer.byteLength(text) < bytes) text += 'z';
  return text;
}

export function edgeRows(): NativeValue[][] {
  return [
    [1, 20000, 0, 2.5, 'a', 'a_rather_long_key', SPECIAL, longText(3000), 1, 2, 3, 4],
    [2, -4000, 4, -0.125, 'long_key', '-8', longText(300), longText(2999), -1, 1e300, 0.1, 0],
    [3, null, -7, null, '', '', '', '', null, null, null, null],
    [4, 0, -8, 1234567.891, '-8', 'x', '=1+1', '-8', 151, 152, -99, -100],
  ];
}
