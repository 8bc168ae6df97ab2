import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInOnPage, useApp } from './harness';

// The dashboard needs results to show: this file starts the server with the demo data (other files start empty).
const app = useApp({ demo: true });

const manager = { email: 'leder@verdi.local', password: 'demo-leder-2025!' };
const researcher = { email: 'forsker@verdi.local', password: 'demo-forsker-2025' };

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await app().context.clearCookies();
  await page.goto('/sign-in');
  await signInOnPage(page, { email, password });
}

interface Cell {
  round: { projectId: string; projectName: string; roundLabel: string; minGroupSize: number };
  role: string | null;
  construct: string;
  kind: string;
  label: { nb: string };
  suppressed: string | null;
  n: number | null;
  mean: number | null;
}

/** The table's rows as cell texts: construct, project, round, role, n, mean, CI, SD, note. */
async function rowsOf(page: Page, panel: string): Promise<string[][]> {
  return page
    .locator(`${panel} tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
}

/** The table's number as a plain number: nb-NO writes 4,25 and a minus sign U+2212. */
const parseNumber = (text: string) => Number(text.trim().replace(',', '.').replace('\u2212', '-'));

/** Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now; returns the violations. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  // Verdi's Content-Security-Policy forbids inline scripts; evaluating through the debugging protocol is not one.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    return run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

/** The page's size, element count and layout shift so far (summed by an observer installed before loading). */
async function layoutOf(page: Page) {
  return page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    width: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    elements: document.querySelectorAll('*').length,
    cls: (window as unknown as { __cls: number }).__cls,
  }));
}

describe('outcome dashboard', () => {
  it('shows a manager their projects, charts, the API’s numbers and suppressed groups, but no free text', async () => {
    const api = (await app().signInAs(manager.email, manager.password)).gql;
    const { projects } = await api<{ projects: { id: string; name: string; slug: string }[] }>(
      '{ projects { id name slug } }',
    );
    expect(projects.map((p) => p.slug).sort()).toEqual(['erfaringsskolen-oslo', 'kbt-trondheim']);
    const kbt = projects.find((p) => p.slug === 'kbt-trondheim')!;

    const page = await app().newPage();
    await signIn(page, manager.email, manager.password);
    await page.getByRole('link', { name: 'Resultater' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/dashboard' && url.searchParams.getAll('project').length === 2,
    );

    await page.getByRole('link', { name: 'Spørsmål og fordelinger' }).click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'details');

    const offered = await page
      .locator('input[name="project"]')
      .evaluateAll((boxes) => boxes.map((box) => box.parentElement?.textContent?.trim()));
    expect(offered.sort()).toEqual(projects.map((p) => p.name).sort());

    const valuePanel = page.locator('.dashboard-chart--value');
    await valuePanel.locator('tbody tr').first().waitFor({ state: 'attached' });
    await valuePanel.locator('canvas').waitFor();
    await expect.poll(() => page.locator('.dashboard-chart canvas').count()).toBeGreaterThanOrEqual(3);
    expect(await valuePanel.locator('canvas').getAttribute('aria-describedby')).toBeTruthy();

    const { constructScores } = await api<{ constructScores: Cell[] }>(
      `query ($projectIds: [UUID!]!) { constructScores(projectIds: $projectIds) {
         round { projectId projectName roundLabel minGroupSize } role construct kind label { nb } suppressed mean } }`,
      { projectIds: projects.map((p) => p.id) },
    );
    const known = constructScores.find(
      (c) => c.kind === 'VALUE' && c.role === 'SERVICE_USER' && c.suppressed === null && c.mean !== null,
    )!;
    expect(known).toBeDefined();
    const rows = await rowsOf(page, '.dashboard-chart--value');
    const matches = (c: Cell, role: string) => (r: string[]) =>
      r[0] === c.label.nb && r[1] === c.round.projectName && r[2] === c.round.roundLabel && r[3] === role;
    const row = rows.filter(matches(known, 'Tjenestebrukere'));
    expect(row).toHaveLength(1);
    expect(parseNumber(row[0]![5]!).toFixed(2)).toBe(known.mean!.toFixed(2));

    // KBT Trondheim has three peer workers: the API suppresses their group, and the page says so in words, with
    // the round's k, and shows a dash for every hidden number, never 0. Its second round is still open, and managers
    // see its results only once it closes.
    const reasons: Record<string, (k: number) => string> = {
      TOO_FEW: (k) => `For få svar til å vise (under ${k})`,
      SECONDARY: () => 'Skjult så ingen liten gruppe kan regnes ut av tallene som vises',
      ROUND_OPEN: () => 'Vises når runden er stengt',
    };
    const consultants = constructScores.filter(
      (c) => c.round.projectId === kbt.id && c.role === 'CONSULTANT' && c.kind === 'VALUE',
    );
    expect(consultants.some((c) => c.suppressed === 'TOO_FEW')).toBe(true);
    for (const c of consultants) {
      expect(Object.keys(reasons)).toContain(c.suppressed);
      expect(c.mean).toBeNull();
      const hidden = rows.filter(matches(c, 'Erfaringskonsulenter'));
      expect(hidden).toHaveLength(1);
      expect(hidden[0]![8]).toBe(reasons[c.suppressed!]!(c.round.minGroupSize));
      expect(hidden[0]!.slice(4, 8)).toEqual(['–', '–', '–', '–']);
    }
    expect(await valuePanel.locator('.dashboard-chart__description').textContent()).toContain(
      'For få svar til å vise (under ',
    );
    // A manager's numbers are the release made when each round closed, and the page says so under its heading.
    expect(await page.locator('.dashboard__sources').textContent()).toContain(
      'frigitt for ledere etter at runden ble stengt',
    );
    // Medians are never released, and the table has no column for them.
    await expect.poll(() => valuePanel.locator('thead th').allTextContents()).not.toContain('Median');

    // Filters live in the address: a reload keeps the choice.
    await page.getByRole('checkbox', { name: 'Erfaringskonsulenter', exact: true }).check();
    await page.waitForURL((url) => url.searchParams.get('role') === 'CONSULTANT');
    await page.reload();
    await valuePanel.locator('tbody tr').first().waitFor({ state: 'attached' });
    expect(await page.getByRole('checkbox', { name: 'Erfaringskonsulenter', exact: true }).isChecked()).toBe(
      true,
    );
    const filtered = await rowsOf(page, '.dashboard-chart--value');
    expect(filtered.length).toBeGreaterThan(0);
    // A role filter shows that role; all roles together only when asked for.
    expect(filtered.every((r) => r[3] === 'Erfaringskonsulenter')).toBe(true);

    await expect.poll(() => page.getByRole('link', { name: 'Fritekstsvar' }).count()).toBe(0);
    await page.goto('/dashboard/free-text');
    await page.getByRole('heading', { name: 'Ingen tilgang' }).waitFor();
    await expect.poll(() => page.locator('.free-text__answer').count()).toBe(0);
  });

  it('walks a manager through overview, change and items within the layout limits, with the API’s numbers', async () => {
    const api = (await app().signInAs(manager.email, manager.password)).gql;
    const { projects } = await api<{ projects: { id: string }[] }>('{ projects { id } }');
    const page = await app().newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
          if (!entry.hadRecentInput) w.__cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await signIn(page, manager.email, manager.password);
    await page.goto('/dashboard');
    await page.waitForURL((url) => url.searchParams.getAll('project').length === 2);
    await page.locator('.overview__cell').first().waitFor();
    await page.waitForTimeout(500);
    expect(await page.title()).toBe('Oversikt – Verdi');

    const layout = await layoutOf(page);
    expect(layout.height).toBeLessThan(2700);
    expect(layout.width).toBeLessThanOrEqual(layout.client);
    expect(layout.elements).toBeLessThan(1500);
    expect(layout.cls).toBeLessThan(0.1);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Every mean drawn is the API's mean of that project's round, construct and role.
    const { constructScores } = await api<{
      constructScores: (Cell & { round: { roundId: string } })[];
    }>(
      `query ($projectIds: [UUID!]!) { constructScores(projectIds: $projectIds) {
         round { projectId projectName roundId roundLabel minGroupSize } role construct kind label { nb } suppressed n mean } }`,
      { projectIds: projects.map((p) => p.id) },
    );
    const drawn = await page.locator('.overview__cell').evaluateAll((cells) =>
      cells.flatMap((cell) =>
        [...cell.querySelectorAll('.overview__line')].map((line) => ({
          round: (cell as HTMLElement).dataset['round']!,
          construct: (cell as HTMLElement).dataset['construct']!,
          role: (line as HTMLElement).dataset['role']!,
          mean: (line as HTMLElement).dataset['mean'] ?? null,
          hidden: !!line.querySelector('.overview__hidden'),
          text: line.textContent ?? '',
        })),
      ),
    );
    const apiCell = (d: (typeof drawn)[number]) =>
      constructScores.find(
        (c) => c.round.roundId === d.round && c.construct === d.construct && (c.role ?? 'ALL') === d.role,
      );
    const shown = drawn.filter((d) => d.mean !== null && d.round !== 'pooled');
    expect(shown.length).toBeGreaterThan(5);
    for (const d of shown) expect(Number(d.mean)).toBe(apiCell(d)!.mean);
    // The "All projects" column is the shown projects' published numbers pooled: n-weighted means of what the API
    // shows, worked out here from the API's own n and mean, and nothing from a hidden cell.
    const columns = [...new Set(drawn.filter((d) => d.round !== 'pooled').map((d) => d.round))];
    expect(columns).toHaveLength(2);
    const pooled = drawn.filter((d) => d.round === 'pooled' && d.mean !== null);
    expect(pooled.length).toBeGreaterThan(5);
    for (const d of pooled) {
      const parts = columns
        .map((round) =>
          constructScores.find(
            (c) => c.round.roundId === round && c.construct === d.construct && (c.role ?? 'ALL') === d.role,
          ),
        )
        .filter((c) => c && c.mean !== null && c.n !== null);
      const n = parts.reduce((sum, c) => sum + c!.n!, 0);
      const mean = parts.reduce((sum, c) => sum + c!.n! * c!.mean!, 0) / n;
      expect(Number(d.mean)).toBeCloseTo(mean, 10);
    }
    // A hidden cell is marked in place, carries no number, and the API hides it too.
    const hidden = drawn.filter((d) => d.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    for (const d of hidden) {
      expect(apiCell(d)!.suppressed).not.toBeNull();
      expect(d.text).not.toMatch(/\d,\d/);
    }
    // Its reason shows on keyboard focus.
    const marker = page.locator('.overview__hidden').first();
    await marker.focus();
    expect(await marker.locator('.overview__tip').isVisible()).toBe(true);
    expect(await marker.locator('.overview__tip').textContent()).toMatch(/For få svar|Skjult|Vises når/);

    await page.getByRole('link', { name: 'Endring' }).click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'change');
    await page.locator('.change-arrows__row').first().waitFor();
    expect(await page.title()).toBe('Endring – Verdi');
    expect(await page.locator('.dashboard__change-choice').textContent()).toContain('uparet');
    // The default pair has results: at least one arrow is drawn, from and to the API's means of the two rounds.
    await expect.poll(() => page.locator('.change-arrows__shaft').count()).toBeGreaterThan(0);
    const pair = await page
      .locator('.dashboard__change-choice select')
      .evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value));
    const [, fromRound, toRound] = pair;
    const arrows = await page.locator('.change-arrows__line[data-from]').evaluateAll((lines) =>
      lines.map((line) => ({
        construct: (line.closest('.change-arrows__row') as HTMLElement).dataset['construct']!,
        role: (line as HTMLElement).dataset['role']!,
        from: Number((line as HTMLElement).dataset['from']),
        to: Number((line as HTMLElement).dataset['to']),
      })),
    );
    expect(arrows.length).toBeGreaterThan(0);
    const meanOf = (round: string | undefined, construct: string, role: string) =>
      constructScores.find(
        (c) => c.round.roundId === round && c.construct === construct && (c.role ?? 'ALL') === role,
      )?.mean;
    for (const arrow of arrows) {
      expect(arrow.from).toBe(meanOf(fromRound, arrow.construct, arrow.role));
      expect(arrow.to).toBe(meanOf(toRound, arrow.construct, arrow.role));
    }

    await page.getByRole('link', { name: 'Spørsmål og fordelinger' }).click();
    await page.locator('.dashboard-chart--items canvas').waitFor();
    expect(await page.title()).toBe('Spørsmål og fordelinger – Verdi');
    const deeper = await layoutOf(page);
    expect(deeper.width).toBeLessThanOrEqual(deeper.client);
    // The items tab, tables open: every chart a screen or so tall, every table inside its box, and axe clean.
    await page.locator('.dashboard-chart--items select').waitFor();
    await page
      .locator('details.dashboard-table')
      .evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const panels = () =>
      page.locator('.dashboard-chart').evaluateAll((all) =>
        all.map((panel) => ({
          name: panel.className,
          canvas: panel.querySelector('canvas')?.getBoundingClientRect().height ?? 0,
          box: panel.querySelector('.dashboard-table__scroll')?.clientWidth ?? 0,
          table: panel.querySelector('table')?.scrollWidth ?? 0,
        })),
      );
    const measured = await panels();
    expect(measured.filter((p) => p.canvas > 0).length).toBeGreaterThanOrEqual(3);
    for (const panel of measured) {
      expect(panel.canvas, panel.name).toBeLessThan(1200);
      expect(panel.table, panel.name).toBeLessThanOrEqual(panel.box);
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    // The items chart shows one construct at a time, and its table the same rows.
    const items = page.locator('.dashboard-chart--items');
    const sections = await items.locator('select option').count();
    expect(sections).toBeGreaterThan(5);
    const firstRows = await rowsOf(page, '.dashboard-chart--items');
    await items.locator('select').selectOption({ index: 1 });
    const nextRows = await rowsOf(page, '.dashboard-chart--items');
    expect(nextRows.length).toBeGreaterThan(0);
    expect(nextRows[0]![0]).not.toBe(firstRows[0]![0]);
    // Its numbers are the API's: n and every point's share of each group, a dash where the API hides the group.
    const { itemDistributions } = await api<{
      itemDistributions: {
        round: { projectName: string; roundLabel: string };
        role: string;
        prompt: { nb: string };
        suppressed: string | null;
        n: number | null;
        points: { value: number }[];
        counts: { value: number; share: number }[] | null;
      }[];
    }>(
      `query ($projectIds: [UUID!]!) { itemDistributions(projectIds: $projectIds) {
         round { projectName roundLabel } role prompt { nb } suppressed n points { value } counts { value share } } }`,
      { projectIds: projects.map((p) => p.id) },
    );
    const roleNames: Record<string, string> = {
      SERVICE_USER: 'Tjenestebrukere',
      PROFESSIONAL: 'Fagpersoner',
      CONSULTANT: 'Erfaringskonsulenter',
    };
    let checked = 0;
    for (const row of [...firstRows, ...nextRows]) {
      const match = itemDistributions.filter(
        (d) =>
          d.prompt.nb === row[0] &&
          d.round.projectName === row[1] &&
          d.round.roundLabel === row[2] &&
          roleNames[d.role] === row[3],
      );
      expect(match, row.join(' | ')).toHaveLength(1);
      const d = match[0]!;
      const shares = row.slice(5, 5 + d.points.length);
      if (d.suppressed || !d.counts) {
        expect(shares.every((cell) => cell === '–')).toBe(true);
        continue;
      }
      expect(row[4]).toBe(String(d.n));
      const expected = d.points.map(
        (p) => `${Math.round((d.counts!.find((c) => c.value === p.value)?.share ?? 0) * 100)} %`,
      );
      expect(shares.map((cell) => cell.replace(/\s/g, ' '))).toEqual(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
    // A long chart draws its first rows and more on request.
    const value = page.locator('.dashboard-chart--value');
    const before = (await panels()).find((p) => p.name.includes('--value'))!.canvas;
    await value.getByRole('button', { name: /^Vis flere/ }).click();
    await expect
      .poll(async () => (await panels()).find((p) => p.name.includes('--value'))!.canvas)
      .toBeGreaterThan(before);

    // Back and Forward restore the view.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('view') === 'change');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('view'));
    await page.locator('.overview__cell').first().waitFor();

    // And on to the report for the council of the project the change view compares, with the API's numbers.
    // It opens on the round the change view ends with, not on a later round whose numbers are not released yet.
    await page.locator('[data-test="report-link"]').click();
    await page.waitForURL(
      (url) => url.pathname.endsWith('/report') && url.searchParams.get('round') === toRound,
    );
    await page.locator('[data-test="score-table"] tbody tr').first().waitFor();
    expect(await page.title()).toMatch(/^Rapport – .+ – Verdi$/);
    const reportRound = new URL(page.url()).searchParams.get('round');
    const reportShown = constructScores.filter((c) => c.round.roundId === reportRound && c.mean !== null);
    expect(reportShown.length).toBeGreaterThan(0);
    const reportText = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    const oneDecimal = new Intl.NumberFormat('nb-NO', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    for (const c of reportShown) expect(reportText).toContain(oneDecimal.format(c.mean!));
    const reportLayout = await layoutOf(page);
    expect(reportLayout.width).toBeLessThanOrEqual(reportLayout.client);
  });

  it('lists a round’s free-text answers for a researcher', async () => {
    const page = await app().newPage();
    await signIn(page, researcher.email, researcher.password);
    await page.goto('/dashboard');
    // The dashboard first puts the researcher's projects in the address; wait for that before leaving.
    await page.waitForURL((url) => url.searchParams.getAll('project').length > 0);
    // A researcher sees live numbers, and is told that managers see the release.
    expect(await page.locator('.dashboard__sources').textContent()).toContain('Du ser tallene slik de er nå');
    await page.getByRole('link', { name: 'Fritekstsvar' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/free-text' && url.searchParams.has('round'));
    await page.locator('.free-text__answer').first().waitFor();
    await expect.poll(() => page.locator('.free-text__answer').count()).toBeGreaterThan(0);
    expect((await page.locator('.free-text__answer blockquote').first().textContent())?.trim()).not.toBe('');
  });
});
