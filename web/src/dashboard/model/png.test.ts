import { describe, expect, it } from 'vitest';
import { withText } from './png';

// A 1 × 1 white PNG, as a canvas would give it.
const onePixel =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

/** CRC-32 as the PNG specification writes it out, bit by bit (independent of the table-driven one in png.ts). */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

function chunks(dataUrl: string): { type: string; data: Uint8Array; crcOk: boolean }[] {
  const bytes = Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer);
  const out = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const body = bytes.subarray(at + 4, at + 8 + length);
    out.push({
      type: latin1(body.subarray(0, 4)),
      data: body.subarray(4),
      crcOk: crc32(body) === view.getUint32(at + 8 + length),
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
          latin1(c.data.subarray(0, keywordEnd)),
          new TextDecoder().decode(c.data.subarray(keywordEnd + 5)),
        ];
      });
    expect(Object.fromEntries(texts)).toEqual({ Title: title, Source: source });
  });
});
