import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './harness';

// The dashboard's downloads need results: one server with the demo data and one manager's sign-in for the file.
const app = useApp({ demo: true });
const manager = { email: 'leder@verdi.local', password: 'demo-leder-2025!' };

let page: Page;

beforeAll(async () => {
  // One page for the file, opened once (the harness's newPage registers a per-test hook, so it belongs in a test).
  page = await app().context.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'E-post' }).fill(manager.email);
  await page.getByLabel('Passord').fill(manager.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
});

/** Clicks a download button and returns the file's name and bytes. */
async function download(button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

/** The PNG's text chunks (iTXt, UTF-8), by keyword. */
function pngTexts(bytes: Buffer): Record<string, string> {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const texts: Record<string, string> = {};
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'iTXt') {
      const keywordEnd = data.indexOf(0);
      // keyword \0, compression flag and method, language tag \0, translated keyword \0, text
      const languageEnd = data.indexOf(0, keywordEnd + 3);
      const translatedEnd = data.indexOf(0, languageEnd + 1);
      texts[data.subarray(0, keywordEnd).toString('latin1')] = data
        .subarray(translatedEnd + 1)
        .toString('utf8');
    }
    at += 12 + length;
  }
  return texts;
}

interface Decoded {
  width: number;
  height: number;
  /** RGBA of the four corners: top left, top right, bottom left, bottom right. */
  corners: number[][];
  /** Rows holding a pixel that is not white, in the title band and in the source band. */
  inkTop: number;
  inkBottom: number;
}

/** Decodes the PNG the way a viewer would: an <img> drawn on a canvas, in the page. */
async function decode(bytes: Buffer): Promise<Decoded> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    const pixel = (x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
    const inked = (y: number) => {
      for (let x = 0; x < width; x++) {
        const [r, g, b] = pixel(x, y);
        if (r! < 200 || g! < 200 || b! < 200) return true;
      }
      return false;
    };
    // The frame's title band (above the chart, which starts at y = 48) and its source band (below the chart, the
    // last 52 pixels for a line of source): ink there is the title and the source line, not the chart.
    let inkTop = 0;
    let inkBottom = 0;
    for (let y = 0; y < 45; y++) if (inked(y)) inkTop++;
    for (let y = height - 45; y < height; y++) if (inked(y)) inkBottom++;
    return {
      width,
      height,
      corners: [pixel(0, 0), pixel(width - 1, 0), pixel(0, height - 1), pixel(width - 1, height - 1)],
      inkTop,
      inkBottom,
    };
  }, bytes.toString('base64'));
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

async function csvOf(button: Locator): Promise<string[][]> {
  const { name, bytes } = await download(button);
  expect(name).toMatch(/\.csv$/);
  // A byte order mark first, so that spreadsheet programs read æ, ø and å.
  expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
  return parseCsv(bytes.subarray(3).toString('utf8'));
}

/** The table's rows as the page renders them (the table need not be open to be read). */
async function tableRows(panel: Locator): Promise<string[][]> {
  return panel
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
}

/** A number as nb-NO writes it (4,25; U+2212 minus; "27 %"), or null for the hidden mark. */
function shownNumber(text: string): number | null {
  const plain = text.replace(/\s*%$/, '').replace(',', '.').replace('\u2212', '-').trim();
  return plain === '–' || plain === '' ? null : Number(plain);
}

/** The day as the page writes it, e.g. 4. desember 2026. */
const today = () =>
  page.evaluate(() =>
    new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date()),
  );

async function checkPng(button: Locator, title: string, rounds: string[] = []): Promise<void> {
  const { name, bytes } = await download(button);
  expect(name).toMatch(/\.png$/);
  const decoded = await decode(bytes);
  expect(decoded.width).toBe(1200);
  expect(decoded.height).toBeGreaterThan(200);
  // A white, opaque background: a transparent corner turns black in some viewers.
  for (const corner of decoded.corners) expect(corner).toEqual([255, 255, 255, 255]);
  // Ink where the title is drawn and where the source line is drawn.
  expect(decoded.inkTop).toBeGreaterThan(8);
  expect(decoded.inkBottom).toBeGreaterThan(8);
  const texts = pngTexts(bytes);
  expect(texts['Title']).toBe(title);
  expect(texts['Source']).toMatch(/^Kilde: Verdi, /);
  expect(texts['Source']).toContain(`Laget ${await today()}`);
  // The source names every round the picture's rows come from.
  for (const round of rounds) expect(texts['Source']).toContain(round);
}

describe('chart downloads', () => {
  it('gives the overview as a framed PNG and a CSV with the table’s numbers', async () => {
    await page.goto('/dashboard');
    await page.waitForURL((url) => url.searchParams.getAll('project').length === 2);
    const panel = page.locator('.overview');
    await panel.locator('.overview__cell').first().waitFor();

    await checkPng(
      panel.getByRole('button', { name: 'Last ned PNG' }),
      (await panel.locator('h2').textContent())!,
    );

    const [header, ...records] = await csvOf(panel.getByRole('button', { name: 'Last ned CSV' }));
    const shown = await tableRows(panel);
    expect(header).toHaveLength(9);
    expect(records.length).toBeGreaterThan(10);
    expect(records).toHaveLength(shown.length);
    records.forEach((record, i) => {
      const cells = shown[i]!;
      // construct, kind, round, role, n, mean, ci low, ci high, note — the table writes the interval as one cell.
      expect(record[0]).toBe(cells[0]);
      expect(record[2]).toBe(cells[2]);
      expect(record[3]).toBe(cells[3]);
      expect(record[4] === '' ? null : Number(record[4])).toBe(shownNumber(cells[4]!));
      expect(record[5] === '' ? null : Number(Number(record[5]).toFixed(2))).toBe(shownNumber(cells[5]!));
      const ci = cells[6] === '–' ? null : cells[6]!.split('–').map((end) => shownNumber(end));
      const csvCi =
        record[6] === '' ? null : [record[6], record[7]].map((end) => Number(Number(end).toFixed(2)));
      expect(csvCi).toEqual(ci);
    });
    // The hidden groups are in both, without a number.
    expect(records.some((r) => r[4] === '' && r[5] === '')).toBe(true);
  });

  it('gives an item chart as a framed PNG and a CSV with the table’s numbers', async () => {
    await page.goto('/dashboard?view=details');
    await page.waitForURL((url) => url.searchParams.getAll('project').length === 2);
    const panel = page.locator('.dashboard-chart--items');
    await panel.locator('canvas').waitFor();
    const title = (await panel.locator('caption').textContent())!.trim();
    expect(title).toMatch(/^Svarfordeling per spørsmål: /);

    const rounds = [...new Set((await tableRows(panel)).map((cells) => `${cells[1]}, ${cells[2]}`))];
    expect(rounds.length).toBeGreaterThan(1);
    await checkPng(panel.getByRole('button', { name: 'Last ned bilde (PNG)' }), title, rounds);

    const [header, ...records] = await csvOf(panel.getByRole('button', { name: 'Last ned tabell (CSV)' }));
    const columns = (await panel.locator('thead th').allTextContents()).map((c) => c.trim());
    expect(header).toEqual(columns);
    const shown = await tableRows(panel);
    expect(records.length).toBeGreaterThan(0);
    expect(records).toHaveLength(shown.length);
    const points = columns.map((c, i) => (/^\d+ /.test(c) ? i : -1)).filter((i) => i >= 0);
    expect(points.length).toBeGreaterThanOrEqual(4);
    let compared = 0;
    records.forEach((record, i) => {
      const cells = shown[i]!;
      expect(record[1]).toBe(cells[1]);
      expect(record[2]).toBe(cells[2]);
      expect(record[4] === '' ? null : Number(record[4])).toBe(shownNumber(cells[4]!));
      for (const p of points) {
        // The CSV has the share (0–1), the table the rounded percent.
        expect(record[p] === '' ? null : Math.round(Number(record[p]) * 100)).toBe(shownNumber(cells[p]!));
        if (record[p] !== '') compared++;
      }
      const notApplicable = points.at(-1)! + 1;
      expect(record[notApplicable] === '' ? null : Number(record[notApplicable])).toBe(
        shownNumber(cells[notApplicable]!),
      );
    });
    expect(compared).toBeGreaterThan(points.length);
  });
});
