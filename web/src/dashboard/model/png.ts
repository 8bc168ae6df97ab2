import { position, scaleRange, type Overview } from './overview';

/** Colours of the roles, the same in the page and in the PNG; the shapes tell them apart without colour. */
export const roleColours: Record<string, string> = {
  SERVICE_USER: '#1f5f99',
  PROFESSIONAL: '#8a4b08',
  CONSULTANT: '#2e7d32',
  ALL: '#444444',
};

const font = '14px system-ui, sans-serif';
const titleFont = 'bold 18px system-ui, sans-serif';

/** Words in lines that fit `width` pixels in the context's current font. */
function lines(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    const last = out.length - 1;
    if (last >= 0 && context.measureText(`${out[last]} ${word}`).width <= width) out[last] += ` ${word}`;
    else out.push(word);
  }
  return out;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An iTXt chunk (UTF-8 text, so that æ, ø and å survive) with its keyword. */
function textChunk(keyword: string, text: string): Uint8Array {
  const encoder = new TextEncoder();
  const data = new Uint8Array([...encoder.encode(keyword), 0, 0, 0, 0, 0, ...encoder.encode(text)]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(encoder.encode('iTXt'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/**
 * A PNG data URL with text chunks before its end: the title, source and day also travel as text, for search, screen
 * readers of image viewers and archives.
 */
export function withText(dataUrl: string, texts: Record<string, string>): string {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const end = bytes.length - 12; // the IEND chunk: length, type, no data, CRC
  const chunks = Object.entries(texts).map(([keyword, text]) => textChunk(keyword, text));
  const out = new Uint8Array(bytes.length + chunks.reduce((sum, c) => sum + c.length, 0));
  out.set(bytes.subarray(0, end));
  let at = end;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  out.set(bytes.subarray(end), at);
  let text = '';
  for (let i = 0; i < out.length; i += 0x8000) text += String.fromCharCode(...out.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(text)}`;
}

/**
 * A picture to hand on: white background (a transparent PNG turns black in some viewers), the title above, the
 * source and the day it was made below (wrapped to the picture's width), so the picture says what it is once it
 * leaves the page. The same texts are written into the file as PNG text chunks.
 */
export function framePng(
  draw: (context: CanvasRenderingContext2D, width: number) => number,
  width: number,
  title: string,
  source: string,
): string {
  const probe = document.createElement('canvas');
  probe.width = width;
  probe.height = 4000;
  const body = probe.getContext('2d');
  if (!body) return '';
  const bodyHeight = draw(body, width - 32);
  body.font = font;
  const sourceLines = lines(body, source, width - 32);
  body.font = titleFont;
  const titleLines = lines(body, title, width - 32);
  const top = titleLines.length * 24 + 24;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = top + bodyHeight + sourceLines.length * 20 + 32;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#111111';
  context.font = titleFont;
  titleLines.forEach((line, i) => context.fillText(line, 16, 30 + i * 24));
  context.drawImage(probe, 0, 0, width, bodyHeight, 16, top, width, bodyHeight);
  context.font = font;
  context.fillStyle = '#444444';
  sourceLines.forEach((line, i) => context.fillText(line, 16, top + bodyHeight + 24 + i * 20));
  return withText(canvas.toDataURL('image/png'), { Title: title, Source: source });
}

/** Draws an image (a chart's own PNG) as a frame's body. */
export function drawImage(image: HTMLImageElement) {
  return (context: CanvasRenderingContext2D, width: number): number => {
    const height = Math.round((image.height / image.width) * width);
    context.drawImage(image, 0, 0, width, height);
    return height;
  };
}

/** Draws the overview grid: one band per construct and project, a dot and whisker per role. */
export function drawOverview(overview: Overview) {
  return (context: CanvasRenderingContext2D, width: number): number => {
    const labelWidth = Math.min(260, width * 0.3);
    const columns = Math.max(overview.columns.length, 1);
    const columnWidth = (width - labelWidth) / columns;
    const line = 12;
    const band = overview.roles.length * line + 12;
    context.font = font;
    context.fillStyle = '#111111';
    overview.columns.forEach((column, i) =>
      context.fillText(
        `${column.projectName}: ${column.roundLabel}`,
        labelWidth + i * columnWidth,
        16,
        columnWidth - 8,
      ),
    );
    let y = 28;
    for (let tick = scaleRange[0]; tick <= scaleRange[1]; tick++)
      overview.columns.forEach((_, i) => {
        const x = labelWidth + i * columnWidth + (position(tick) / 100) * (columnWidth - 16);
        context.fillStyle = '#666666';
        context.fillText(String(tick), x - 3, y + 10);
      });
    y += 18;
    for (const row of overview.rows) {
      context.fillStyle = '#111111';
      context.fillText(row.label, 0, y + band / 2, labelWidth - 8);
      row.cells.forEach((marks, i) => {
        const left = labelWidth + i * columnWidth;
        const span = columnWidth - 16;
        context.strokeStyle = '#e0e0e0';
        context.strokeRect(left, y, span, band - 4);
        marks.forEach((mark, j) => {
          const my = y + 8 + j * line;
          context.fillStyle = roleColours[mark.role] ?? '#000';
          context.strokeStyle = roleColours[mark.role] ?? '#000';
          if (mark.mean === null) {
            if (mark.asked) context.fillText('×', left + 2, my + 4);
            return;
          }
          if (mark.ciLow !== null && mark.ciHigh !== null) {
            context.beginPath();
            context.moveTo(left + (position(mark.ciLow) / 100) * span, my);
            context.lineTo(left + (position(mark.ciHigh) / 100) * span, my);
            context.stroke();
          }
          context.beginPath();
          context.arc(left + (position(mark.mean) / 100) * span, my, 4, 0, Math.PI * 2);
          context.fill();
        });
      });
      y += band;
    }
    y += 8;
    let x = 0;
    for (const role of overview.roles) {
      const name = overview.rows[0]?.cells[0]?.find((m) => m.role === role)?.roleName ?? role;
      context.fillStyle = roleColours[role] ?? '#000';
      context.beginPath();
      context.arc(x + 5, y, 4, 0, Math.PI * 2);
      context.fill();
      context.fillStyle = '#111111';
      context.fillText(name, x + 14, y + 5);
      x += context.measureText(name).width + 40;
    }
    return y + 16;
  };
}
