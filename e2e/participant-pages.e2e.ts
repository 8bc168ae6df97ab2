import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addMember,
  allRoles,
  createProject,
  createRound,
  data,
  publishInstrument,
  repoRoot,
  useApp,
} from './harness';

/**
 * Every participant page state, in bokmål and English, on a 320 px screen, at 400 % zoom and with 200 % text:
 * no sideways scrolling, no axe violation, each text marked with the language it is in, and a focus indicator of
 * at least 3:1 against what lies around it on every element a keyboard reaches (here and on the staff pages).
 */

const app = useApp();

type Language = 'nb' | 'en';

const shotsDir = path.join(repoRoot, '.e2e', 'participant-pages');
const researcherLogin = { email: 'forsker.sider@example.test', password: 'eksempel passord for sidene' };

const both = (nb: string, en: string) => ({ nb, en });

/**
 * Half translated, as instruments often are: the first page has English, the second has none. The second page has
 * a long compound word, as bokmål has, to be wrapped rather than pushed out sideways.
 */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Sidetest',
  scales: [
    {
      key: 'agree5',
      points: [
        { value: 1, label: both('Helt uenig', 'Strongly disagree') },
        { value: 2, label: both('Litt uenig', 'Disagree') },
        { value: 3, label: both('Verken enig eller uenig', 'Neither agree nor disagree') },
        { value: 4, label: both('Litt enig', 'Agree') },
        { value: 5, label: both('Helt enig', 'Strongly agree') },
      ],
      notApplicable: both('Vet ikke / ikke aktuelt', "Don't know / not applicable"),
    },
  ],
  constructs: [{ key: 'value', kind: 'VALUE', label: both('Verdi', 'Value') }],
  sections: [
    {
      key: 'role',
      title: both('Om rollen', 'About the role'),
      items: [
        {
          key: 'trust',
          type: 'LIKERT',
          construct: 'value',
          roles: allRoles,
          prompt: both('Erfaringskonsulenten skaper tillit.', 'The peer worker builds trust.'),
          required: true,
          reverseScored: false,
          scale: 'agree5',
        },
        {
          key: 'place',
          type: 'SINGLE_CHOICE',
          roles: allRoles,
          prompt: both('Hvor møter du erfaringskonsulenten?', 'Where do you meet the peer worker?'),
          required: false,
          reverseScored: false,
          options: [
            { key: 'team', label: both('I et ambulant team', 'In a mobile team') },
            { key: 'housing', label: both('I bofellesskapet', 'In shared housing') },
          ],
        },
        {
          key: 'hours',
          type: 'NUMBER',
          roles: allRoles,
          prompt: both('Hvor mange timer i uka?', 'How many hours a week?'),
          required: false,
          reverseScored: false,
          min: 0,
          max: 40,
        },
      ],
    },
    {
      key: 'daily',
      title: both('Arbeidshverdagen', 'The working day'),
      items: [
        {
          key: 'services',
          type: 'LIKERT',
          construct: 'value',
          roles: allRoles,
          prompt: both(
            'Kommunehelsetjenesteutviklingsprogrammet har gjort hverdagen bedre.',
            'The municipal health service development programme has made the working day better.',
          ),
          help: both('Tenk på det siste halvåret.', 'Think of the last six months.'),
          required: false,
          reverseScored: false,
          scale: 'agree5',
        },
        {
          key: 'comment',
          type: 'TEXT',
          roles: allRoles,
          prompt: both('Vil du si noe mer?', 'Anything else?'),
          required: false,
          reverseScored: false,
        },
      ],
    },
  ],
};

const informationNb =
  'Vi vil vite hva erfaringskonsulentene betyr for tjenesten.\n\nDet er frivillig å svare. ' +
  'Har du spørsmål, kontakt prosjektleder på postmottak@eksempelby.example.';

const informationEn =
  'We want to know what peer workers mean to the service.\n\nTaking part is voluntary. ' +
  'If you have questions, contact the project manager at postmottak@eksempelby.example.';

interface World {
  openLink: string;
  closedLink: string;
  scheduledLink: string;
  projectId: string;
  roundId: string;
  instrumentId: string;
}

async function setUp(): Promise<World> {
  const projectId = await createProject(app(), {
    name: 'Erfaringsskolen i Eksempelby',
    organisation: 'Helse- og velferdsetaten, Eksempelby kommune',
  });
  await addMember(app(), projectId, { name: 'Eksempel Forsker', ...researcherLogin }, 'RESEARCHER');
  const researcher = (await app().signInAs(researcherLogin.email, researcherLogin.password)).graphql;
  const instrumentId = await publishInstrument(researcher, projectId, instrumentFile);
  const round = (label: string, opensAt: Date, extra: Record<string, unknown> = {}) =>
    createRound(researcher, {
      projectId,
      instrumentId,
      label,
      opensAt: opensAt.toISOString(),
      // A round can offer English only with every text in English (a text falling back to bokmål, and marked so,
      // is left to rounds made before rounds chose their languages: see SurveyView.test.ts).
      information: { nb: informationNb, en: informationEn },
      ...extra,
    });
  const link = (created: { openLinks: { role: string; path: string }[] }) =>
    created.openLinks.find((l) => l.role === 'CONSULTANT')!.path;

  const open = await round('Intern pilot 7b', new Date(Date.now() - 60_000), {
    consentRequired: true,
    linkage: true,
    closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  const closed = await round('Lukket runde', new Date(Date.now() - 60_000));
  data(await researcher('mutation ($id: UUID!) { closeRound(id: $id) { id } }', { id: closed.id }));
  const scheduled = await round('Senere runde', new Date(Date.now() + 10 * 86_400_000));
  return {
    openLink: link(open),
    closedLink: link(closed),
    scheduledLink: link(scheduled),
    projectId,
    roundId: open.id,
    instrumentId,
  };
}

let world: Promise<World> | undefined;
const theWorld = () => (world ??= setUp());

let browser: Browser | undefined;
const profiles: string[] = [];
afterAll(async () => {
  await browser?.close();
  for (const profile of profiles) await rm(profile, { recursive: true, force: true });
});

interface Mode {
  name: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  /** The browser's default text size in px (16 is 100 %). */
  textSize?: number;
  /** Also run axe, check the focus indicator and take screenshots (the same pages, once is enough). */
  full?: boolean;
}

const modes: Mode[] = [
  { name: '320px', viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, full: true },
  // 400 % zoom of a 1280 × 720 window: 320 × 180 CSS px, four device pixels each.
  { name: 'zoom400', viewport: { width: 320, height: 180 }, deviceScaleFactor: 4 },
  // The text-size setting (Chromium: Settings › Appearance › Font size), not zoom: only text grows.
  { name: 'text200', viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, textSize: 32 },
];

const chromiumOptions = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
  ],
};

async function newContext(mode: Mode): Promise<BrowserContext> {
  const options = {
    baseURL: app().baseUrl,
    viewport: mode.viewport,
    deviceScaleFactor: mode.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
    locale: 'nb-NO',
    // Verdi's Content-Security-Policy allows only its own scripts; axe-core is injected as an inline script.
    bypassCSP: true,
  };
  if (mode.textSize) {
    // The participant's own browser setting, in a profile of its own, where Chromium keeps it.
    const profile = await mkdtemp(path.join(tmpdir(), 'verdi-e2e-text-'));
    profiles.push(profile);
    await mkdir(path.join(profile, 'Default'));
    const webprefs = {
      default_font_size: mode.textSize,
      default_fixed_font_size: Math.round(mode.textSize * 0.8125),
    };
    await writeFile(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ webkit: { webprefs } }));
    return chromium.launchPersistentContext(profile, { ...chromiumOptions, ...options });
  }
  browser ??= await chromium.launch(chromiumOptions);
  return browser.newContext(options);
}

async function newPage(context: BrowserContext): Promise<Page> {
  return context.newPage();
}

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    return run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
  });
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

/** How far the page reaches beyond the screen, and which elements stick out (for the message). */
async function sideways(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const outside = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .filter((element) => element.checkVisibility())
      .slice(0, 4)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`);
    return {
      scrollWidth: root.scrollWidth,
      clientWidth: width,
      outside,
      // Hiding the overflow would pass the check and cut the page off instead.
      hidden: [root, document.body].map((element) => getComputedStyle(element).overflowX),
      textSize: getComputedStyle(root).fontSize,
    };
  });
}

/**
 * Tabs through the page from the top and measures, for each element reached, its focus outline against the colour
 * of what is drawn under the ring on each side (backgrounds composited as the browser paints them).
 */
async function focusProblems(page: Page, limit = 60): Promise<string[]> {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  const problems: string[] = [];
  const seen = new Set<string>();
  for (let step = 0; step < limit; step++) {
    await page.keyboard.press('Tab');
    const measured = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const name =
        `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}` +
        `${element.className && typeof element.className === 'string' ? `.${element.className.split(' ')[0]}` : ''}` +
        ` "${(element.textContent ?? element.getAttribute('aria-label') ?? '').trim().slice(0, 30)}"`;
      const key = `${name}@${Math.round(element.getBoundingClientRect().top + window.scrollY)}`;
      const style = getComputedStyle(element);
      const parse = (colour: string): [number, number, number, number] => {
        const parts = colour.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
        return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts.length > 3 ? (parts[3] ?? 1) : 1];
      };
      const luminance = ([r, g, b]: number[]) => {
        const channel = (value: number) => {
          const c = value / 255;
          return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [luminance(a), luminance(b)];
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
      };
      const width = parseFloat(style.outlineWidth);
      if (style.outlineStyle === 'none' || !(width >= 2))
        return { key, name, problem: `no focus outline (${style.outlineStyle} ${style.outlineWidth})` };
      const ring = parse(style.outlineColor);
      const box = element.getBoundingClientRect();
      const out = parseFloat(style.outlineOffset) + width / 2;
      const points: [number, number][] = [
        [box.left - out, box.top + box.height / 2],
        [box.right + out, box.top + box.height / 2],
        [box.left + box.width / 2, box.top - out],
        [box.left + box.width / 2, box.bottom + out],
      ];
      const ratios: { ratio: number; where: string }[] = [];
      for (const [x, y] of points) {
        if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
        const stack = document
          .elementsFromPoint(x, y)
          .filter((other) => other !== element && !element.contains(other))
          .reverse();
        // Nothing painted there (the page is changing under the measurement): no reading.
        if (stack.length === 0) continue;
        let colour = [255, 255, 255];
        for (const layer of stack) {
          const [r, g, b, a] = parse(getComputedStyle(layer).backgroundColor);
          if (a > 0) colour = [r, g, b].map((value, i) => a * value + (1 - a) * colour[i]!);
        }
        const top = stack.at(-1);
        const where = `(${Math.round(x)}, ${Math.round(y)}) over ${top?.tagName.toLowerCase()}.${top?.classList[0] ?? ''} rgb(${colour.map(Math.round).join(', ')})`;
        ratios.push({ ratio: ratio(ring, colour), where });
      }
      const lowest = ratios.sort((a, b) => a.ratio - b.ratio)[0];
      if (!lowest || lowest.ratio >= 3) return { key, name, problem: null };
      return {
        key,
        name,
        problem: `focus ring ${style.outlineColor} at ${lowest.ratio.toFixed(2)}:1 ${lowest.where}`,
      };
    });
    if (!measured) continue;
    if (seen.has(measured.key)) break;
    seen.add(measured.key);
    if (measured.problem) problems.push(`${measured.name}: ${measured.problem}`);
  }
  expect(seen.size, 'the keyboard reached nothing').toBeGreaterThan(2);
  return problems;
}

class Checker {
  readonly problems: string[] = [];
  readonly checked: string[] = [];

  constructor(
    private readonly mode: Mode,
    private readonly language: Language,
  ) {}

  async check(page: Page, state: string): Promise<void> {
    const label = `${this.mode.name} ${this.language} ${state}`;
    this.checked.push(label);
    await page.locator('main h1').first().waitFor();
    // Fonts and layout settle before measuring.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    const measured = await sideways(page);
    if (measured.scrollWidth > measured.clientWidth)
      this.problems.push(
        `${label}: scrolls sideways (${measured.scrollWidth} > ${measured.clientWidth}; ${measured.outside.join(', ')})`,
      );
    if (measured.hidden.some((value) => value !== 'visible'))
      this.problems.push(`${label}: overflow hidden on the page (${measured.hidden.join(', ')})`);
    const textSize = `${this.mode.textSize ?? 16}px`;
    if (measured.textSize !== textSize)
      this.problems.push(`${label}: text size ${measured.textSize}, not ${textSize}`);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== this.language) this.problems.push(`${label}: <html lang="${lang}">`);
    await mkdir(shotsDir, { recursive: true });
    await page.screenshot({
      path: path.join(shotsDir, `${this.mode.name}-${this.language}-${state}.png`),
      fullPage: true,
    });
    if (!this.mode.full) return;
    for (const violation of await axeViolations(page)) this.problems.push(`${label}: axe ${violation}`);
    for (const problem of await focusProblems(page)) this.problems.push(`${label}: ${problem}`);
  }
}

/** The languages of the texts found on the page, by their text. */
async function languagesOf(page: Page, texts: string[]): Promise<Record<string, string | null>> {
  return page.evaluate((wanted) => {
    const found: Record<string, string | null> = {};
    for (const text of wanted) {
      // The innermost element holding just this text.
      const element = [...document.querySelectorAll('main *')]
        .filter((candidate) => candidate.textContent?.trim() === text)
        .pop();
      found[text] = element ? (element.closest('[lang]')?.getAttribute('lang') ?? null) : 'missing';
    }
    return found;
  }, texts);
}

const words = {
  nb: {
    yes: 'Ja, jeg samtykker og vil delta',
    no: 'Nei, jeg vil ikke delta',
    agree: 'Helt enig',
    skip: 'Hopp over og send inn',
  },
  en: {
    yes: 'Yes, I consent and want to take part',
    no: 'No, I do not want to take part',
    agree: 'Strongly agree',
    skip: 'Skip and submit',
  },
};

async function everyState(mode: Mode, language: Language): Promise<Checker> {
  const { openLink, closedLink, scheduledLink } = await theWorld();
  const checker = new Checker(mode, language);
  const context = await newContext(mode);
  const page = await newPage(context);
  const w = words[language];

  // The language is chosen once, on the first page, as a participant would; it is kept in this browser.
  await page.goto('/tilgjengelighet');
  if (language === 'en') await page.locator('.language-switch button[lang="en"]').click();
  await checker.check(page, 'accessibility-statement');

  await page.goto('/s/no-such-link-0000');
  await checker.check(page, 'bad-link');
  await page.goto(closedLink);
  await checker.check(page, 'closed-round');
  await page.goto(scheduledLink);
  await checker.check(page, 'not-yet-open');

  await page.goto('/kode');
  await checker.check(page, 'code-entry');
  await page.locator('main button[type="submit"]').click();
  await page.locator('[aria-invalid="true"]').waitFor();
  await checker.check(page, 'code-entry-error');

  await page.goto(openLink);
  await checker.check(page, 'intro');
  if (language === 'en') {
    // Names are entered once, in Norwegian, and are marked as bokmål on the English page.
    expect(
      await languagesOf(page, [
        'Erfaringsskolen i Eksempelby',
        'Helse- og velferdsetaten, Eksempelby kommune',
      ]),
    ).toEqual({ 'Erfaringsskolen i Eksempelby': 'nb', 'Helse- og velferdsetaten, Eksempelby kommune': 'nb' });
    expect(await page.locator('.survey-information').getAttribute('lang')).toBe('en');
    expect(await page.locator('main p', { hasText: 'The survey is run by' }).getAttribute('lang')).toBeNull();
  }
  // The round's internal name is not shown to participants.
  expect(await page.locator('main').textContent()).not.toContain('Intern pilot 7b');

  await page.getByRole('button', { name: w.no }).click();
  await checker.check(page, 'declined');
  await page.locator('main button').first().click();

  await page.getByRole('button', { name: w.yes }).click();
  await page.locator('fieldset').first().waitFor();
  await checker.check(page, 'questions-1');
  if (language === 'en') {
    expect(
      await languagesOf(page, [
        'About the role',
        'The peer worker builds trust.',
        'In a mobile team',
        'In shared housing',
      ]),
    ).toEqual({
      'About the role': 'en',
      'The peer worker builds trust.': 'en',
      'In a mobile team': 'en',
      'In shared housing': 'en',
    });
  }

  // An answer out of bounds: the problem is shown next to the question.
  await page.locator('[data-item="hours"] input').fill('99');
  await page.locator('main button[type="submit"]').click();
  await page.locator('.survey-question__error').waitFor();
  await checker.check(page, 'questions-1-problem');

  await page.locator('[data-item="hours"] input').fill('20');
  await page.locator('[data-item="trust"]').getByText(w.agree, { exact: true }).click();
  await page.locator('.save-status--saved').waitFor();
  await page.locator('details.survey-later summary').click();
  const resumeLink = await page.locator('#resume-link').inputValue();
  await checker.check(page, 'questions-1-continue-later');

  await page.locator('main button[type="submit"]').click();
  await page.locator('[data-item="services"]').waitFor();
  await checker.check(page, 'questions-2');
  if (language === 'en') {
    expect(
      await languagesOf(page, [
        'The working day',
        'The municipal health service development programme has made the working day better.',
        'Think of the last six months.',
        'Anything else?',
        'Strongly agree',
      ]),
    ).toEqual({
      'The working day': 'en',
      'The municipal health service development programme has made the working day better.': 'en',
      'Think of the last six months.': 'en',
      'Anything else?': 'en',
      'Strongly agree': 'en',
    });
  }

  await page.locator('main button[type="submit"]').click();
  await page.locator('.linkage-step').waitFor();
  await checker.check(page, 'linkage');

  // The "continue later" link, opened on another device: the answers so far come back with it.
  const otherDevice = await newContext(mode);
  const resumed = await newPage(otherDevice);
  await resumed.goto(language === 'en' ? '/tilgjengelighet' : resumeLink);
  if (language === 'en') {
    await resumed.locator('.language-switch button[lang="en"]').click();
    await resumed.goto(resumeLink);
  }
  await resumed.locator('main h1').waitFor();
  await checker.check(resumed, 'resume');
  await otherDevice.close();

  await page.getByRole('button', { name: w.skip }).click();
  await page.getByTestId('receipt-code').waitFor();
  await checker.check(page, 'receipt');
  const receipt = (await page.getByTestId('receipt-code').textContent())!.trim();

  await page.goto('/trekk');
  await checker.check(page, 'withdraw');
  await page.locator('#receipt-code').fill(receipt);
  await page.locator('main button[type="submit"]').click();
  await page.locator('.survey-confirm').waitFor();
  await checker.check(page, 'withdraw-confirm');
  await page.locator('.survey-confirm .button--danger').click();
  await page.locator('#withdraw-done-heading').waitFor();
  await checker.check(page, 'withdrawn');

  await context.close();
  return checker;
}

// The six runs share one browser but each has its own contexts and devices; run side by side they take a third of the time.
describe.concurrent('participant pages', () => {
  for (const mode of modes) {
    for (const language of ['nb', 'en'] as const) {
      it(`${mode.name}, ${language}: every state fits the screen${mode.full ? ', passes axe and shows focus' : ''}`, async () => {
        const checker = await everyState(mode, language);
        expect(checker.checked).toHaveLength(18);
        expect(checker.problems).toEqual([]);
      }, 240_000);
    }
  }
});

describe('the staff pages share the focus indicator', () => {
  it('shows a focus ring of at least 3:1 on every element the keyboard reaches', async () => {
    const { projectId, roundId, instrumentId } = await theWorld();
    const mode: Mode = { name: 'desktop', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
    const context = await newContext(mode);
    const page = await newPage(context);
    const problems: string[] = [];
    await page.goto('/sign-in');
    await page.locator('main h1').waitFor();
    problems.push(...(await focusProblems(page)).map((problem) => `sign-in: ${problem}`));
    await page.locator('input[type="email"]').fill(researcherLogin.email);
    await page.locator('input[type="password"]').fill(researcherLogin.password);
    await page.locator('main button[type="submit"]').click();
    await page.locator('.app-header').waitFor();
    const pages = [
      '/projects',
      `/projects/${projectId}/rounds`,
      `/projects/${projectId}/rounds/${roundId}`,
      '/instruments',
      `/instruments/${instrumentId}`,
      `/projects/${projectId}/export`,
      '/account',
    ];
    for (const address of pages) {
      await page.goto(address);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      problems.push(...(await focusProblems(page, 120)).map((problem) => `${address}: ${problem}`));
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
