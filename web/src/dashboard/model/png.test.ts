import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { withText } from './png';

// A 1 × 1 white PNG, as a canvas would give it.
const onePixel =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

function chunks(dataUrl: string): { type: string; data: Buffer; crcOk: boolean }[] {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const out = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const body = bytes.subarray(at + 4, at + 8 + length);
    out.push({
      type: body.subarray(0, 4).toString('latin1'),
      data: body.subarray(4),
      crcOk: crc32(body) === bytes.readUInt32BE(at + 8 + length),
    });
    at += 12 + length;
  }
  return out;
}

describe('withText', () => {
  it('writes the title and source as UTF-8 text chunks with valid checksums, before the end chunk', () => {
    const title = 'Svarfordeling per spørsmål: Håp og rollemodeller';
    const source = 'Kilde: Verdi, Erfaringsskolen i Oslo: 12 måneder. Laget 4. desember 2026.';
    const found = chunks(withText(onePixel, { Title: title, Source: source }));
    expect(found.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'iTXt', 'iTXt', 'IEND']);
    expect(found.every((c) => c.crcOk)).toBe(true);
    const texts = found
      .filter((c) => c.type === 'iTXt')
      .map((c) => {
        const keywordEnd = c.data.indexOf(0);
        // keyword \0, no compression (0, 0), no language tag \0, no translated keyword \0, then the text
        expect([...c.data.subarray(keywordEnd, keywordEnd + 5)]).toEqual([0, 0, 0, 0, 0]);
        return [
          c.data.subarray(0, keywordEnd).toString('latin1'),
          c.data.subarray(keywordEnd + 5).toString('utf8'),
        ];
      });
    expect(Object.fromEntries(texts)).toEqual({ Title: title, Source: source });
  });
});
