import axe from 'axe-core';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreSentence, type Reason, type Role } from '../web/src/report/model/sentences';
import { repoRoot, useApp } from './harness';

/**
 * The report for the council, as the demo manager gets it: opened for a demo project and round, printed by Chromium
 * to an A4 PDF, and read back (pdf.js through `unpdf`, since poppler's pdftotext is not on every machine). The PDF
 * must have the pages its content needs and none empty, the headline numbers the API gives, and nothing of a hidden
 * cell; the screen view must be axe clean. (Researchers' live numbers pass the same rules, so a cell hidden from the
 * manager is mostly hidden from them too: the PDF is checked against the live numbers where they exist, and each
 * hidden row must say so and carry no number.)
 */
const app = useApp({ demo: true });

const manager = { email: 'leder@verdi.local', password: 'demo-leder-2025!' };
const researcher = { email: 'forsker@verdi.local', password: 'demo-forsker-2025' };
const shots = path.join(repoRoot, '.e2e', 'report');

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

/** A context of its own with the session cookie, that lets axe-core in despite the Content-Security-Policy. */
async function contextFor(cookie: string): Promise<BrowserContext> {
  browser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    baseURL: app().baseUrl,
    viewport: { width: 1366, height: 900 },
    locale: 'nb-NO',
    bypassCSP: true,
  });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: app().baseUrl }]);
  return context;
}

interface Cell {
  role: Role | null;
  construct: string;
  label: { nb: string };
  suppressed: Reason | null;
  n: number | null;
  mean: number | null;
  spreadSuppressed: Reason | null;
  ciLow: number | null;
  ciHigh: number | null;
  round: { minGroupSize: number };
}

const SCORES = `query ($p: [UUID!]!, $w: [UUID!]) { constructScores(projectIds: $p, roundIds: $w) {
  role construct label { nb } suppressed n mean spreadSuppressed ciLow ciHigh round { minGroupSize } } }`;
const RATES = `query ($p: UUID!, $w: [UUID!]) { roundResponseRates(projectId: $p, roundIds: $w) {
  suppressed submitted byRole { role suppressed submitted } } }`;

async function printReport(
  page: Page,
  projectId: string,
  roundId: string,
): Promise<{ pdf: Buffer; pages: string[] }> {
  await page.goto(`/projects/${projectId}/report?round=${roundId}&lang=nb`);
  await page.locator('[data-test="score-table"] tbody tr').first().waitFor();
  await page.locator('[data-test="response-table"]').waitFor();
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: false });
  return { pdf, pages: (text as string[]).map((t) => t.replace(/\s+/g, ' ')) };
}

/** Sentences the report would write if a hidden cell's live numbers were shown: none may be in the PDF. */
function leakedSentences(text: string, hiddenForManager: Cell[], live: Cell[]): string[] {
  return hiddenForManager
    .map((h) => live.find((l) => l.construct === h.construct && l.role === h.role))
    .filter((l): l is Cell => !!l && !l.suppressed && l.mean !== null && l.role !== null)
    .map((l) =>
      scoreSentence({ ...l, constructLabel: l.label.nb }, l.round.minGroupSize, 'nb').replace(/\s+/g, ' '),
    )
    .filter((sentence) => text.includes(sentence));
}

describe('the report for the council', () => {
  it(
    'prints the demo manager’s report to A4 with the API’s numbers and no hidden cell',
    { timeout: 180_000 },
    async () => {
      const asManager = await app().signInAs(manager.email, manager.password);
      const asResearcher = await app().signInAs(researcher.email, researcher.password);
      const { projects } = await asManager.gql<{ projects: { id: string; name: string }[] }>(
        '{ projects { id name } }',
      );
      // The demo project and round with the most to say: the most cells shown and at least one hidden.
      let best: { projectId: string; roundId: string; cells: Cell[]; score: number } | null = null;
      for (const project of projects) {
        const { rounds } = await asManager.gql<{ rounds: { id: string }[] }>(
          'query ($p: UUID!) { rounds(projectId: $p) { id } }',
          { p: project.id },
        );
        for (const round of rounds) {
          const { constructScores } = await asManager.gql<{ constructScores: Cell[] }>(SCORES, {
            p: [project.id],
            w: [round.id],
          });
          const shown = constructScores.filter((c) => !c.suppressed).length;
          const hidden = constructScores.filter((c) => c.suppressed && c.suppressed !== 'ROUND_OPEN').length;
          const score = shown + (hidden > 0 ? 100 : 0);
          if (shown > 0 && (!best || score > best.score))
            best = { projectId: project.id, roundId: round.id, cells: constructScores, score };
        }
      }
      expect(best, 'a demo round with results').not.toBeNull();
      const { projectId, roundId, cells } = best!;

      const context = await contextFor(asManager.cookie);
      const page = await context.newPage();
      const { pdf, pages } = await printReport(page, projectId, roundId);
      await mkdir(shots, { recursive: true });
      await writeFile(path.join(shots, 'report.pdf'), pdf);
      await page.screenshot({ path: path.join(shots, 'report-screen.png'), fullPage: true });

      // Pages: what the content needs (a page per section at most, plus overflow), none empty.
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(pages.length).toBeLessThanOrEqual(6);
      for (const [i, text] of pages.entries())
        expect(text.trim().length, `page ${i + 1}`).toBeGreaterThan(40);
      const text = pages.join(' ');

      // The headline numbers: each shown role's sentence, with its mean, interval and n as the API gives them.
      const shown = cells.filter((c) => !c.suppressed && c.role !== null && c.mean !== null);
      expect(shown.length).toBeGreaterThan(0);
      for (const c of shown) {
        const sentence = scoreSentence({ ...c, constructLabel: c.label.nb }, c.round.minGroupSize, 'nb');
        expect(text, sentence).toContain(sentence.replace(/\s+/g, ' '));
      }
      const { roundResponseRates } = await asManager.gql<{
        roundResponseRates: { submitted: number | null; byRole: { submitted: number | null }[] }[];
      }>(RATES, { p: projectId, w: [roundId] });
      const [rates] = roundResponseRates;
      if (rates!.submitted !== null) expect(text).toContain(`telles ${rates!.submitted} innsendte svar`);

      // Hidden cells: said to be hidden, and their live numbers nowhere.
      const hidden = cells.filter((c) => c.suppressed);
      if (hidden.some((c) => c.role !== null)) expect(text).toMatch(/er skjult fordi/);
      const { constructScores: live } = await asResearcher.gql<{ constructScores: Cell[] }>(SCORES, {
        p: [projectId],
        w: [roundId],
      });
      expect(leakedSentences(text, hidden, live)).toEqual([]);

      // No navigation chrome in print.
      expect(text).not.toContain('Last ned PDF');
      expect(text).not.toContain('Logg ut');

      // The screen view: axe clean, a title of its own, no sideways scrolling at 1366 px.
      await page.addScriptTag({ content: axe.source });
      const violations = await page.evaluate(async () => {
        const run = (window as unknown as { axe: typeof axe }).axe.run;
        const result = await run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
      expect(await page.title()).toMatch(/^Rapport – .+ – .+ – Verdi$/);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      // "Last ned PDF" prints the page itself, so its PDF is the one above.
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => void ((window as unknown as { printed: number }).printed += 1);
      });
      await page.getByRole('button', { name: 'Last ned PDF' }).click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      // Every hidden cell's row in the table says hidden, with its reason, and carries no number but k.
      const hiddenRows = await page
        .locator('[data-test="score-table"] tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.textContent ?? '').filter((t) => t.includes('skjult:')));
      expect(hiddenRows.length).toBe(hidden.length);
      for (const row of hiddenRows) expect(row.replace(/færre enn \d+/g, '')).not.toMatch(/\d/);
      await context.close();
    },
  );
});
