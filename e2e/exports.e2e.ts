import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addMember,
  allRoles,
  createProject,
  createRound,
  data,
  publishInstrument,
  signInOnPage,
  useApp,
  type GraphqlResponse,
} from './harness';

const app = useApp();

const projectName = 'Eksporttest i Eksempelby';
const researcher = { email: 'forsker.eksport@example.test', password: 'eksempel passord for eksport' };
const manager = { email: 'leder.eksport@example.test', password: 'eksempel passord for lederen' };

const text = (nb: string, en: string) => ({ nb, en });

/** A two-question instrument in Verdi's own format (schema/instrument.schema.json). */
const instrumentFile = {
  format: 'verdi-instrument',
  formatVersion: 1,
  name: 'Eksportskjema (test)',
  scales: [
    {
      key: 'agree5',
      points: [
        { value: 1, label: text('Helt uenig', 'Strongly disagree') },
        { value: 2, label: text('Litt uenig', 'Disagree') },
        { value: 3, label: text('Verken enig eller uenig', 'Neither agree nor disagree') },
        { value: 4, label: text('Litt enig', 'Agree') },
        { value: 5, label: text('Helt enig', 'Strongly agree') },
      ],
      notApplicable: text('Vet ikke / ikke aktuelt', "Don't know / not applicable"),
    },
  ],
  constructs: [{ key: 'value', kind: 'VALUE', label: text('Verdi', 'Value') }],
  sections: [
    {
      key: 'main',
      title: text('Om rollen', 'About the role'),
      items: [
        {
          key: 'v_trust',
          type: 'LIKERT',
          construct: 'value',
          roles: allRoles,
          prompt: text('Erfaringskonsulenten skaper tillit.', 'The peer worker builds trust.'),
          required: true,
          reverseScored: false,
          scale: 'agree5',
        },
        {
          key: 'comment',
          type: 'TEXT',
          roles: allRoles,
          prompt: text('Vil du si noe mer?', 'Anything else?'),
          required: false,
          reverseScored: false,
        },
      ],
    },
  ],
};

/** What the three participants answer, and what the wide CSV should hold for them. */
const submissions = [
  {
    answers: [
      { item: 'v_trust', number: 4 },
      { item: 'comment', text: 'Svar nummer en' },
    ],
    trust: '4',
  },
  { answers: [{ item: 'v_trust', number: 2 }], trust: '2' },
  {
    answers: [
      { item: 'v_trust', notApplicable: true },
      { item: 'comment', text: 'Svar nummer tre' },
    ],
    trust: '-7',
  },
];

/**
 * The admin makes the project, a researcher and a manager; the researcher imports and publishes the instrument,
 * opens a round, and three participants submit through its open link.
 */
async function setUp(): Promise<{ projectId: string }> {
  const projectId = await createProject(app(), { name: projectName, organisation: 'Eksempelby kommune' });
  for (const [person, role, name] of [
    [researcher, 'RESEARCHER', 'Eksempel Forsker'],
    [manager, 'MANAGER', 'Eksempel Leder'],
  ] as const) {
    await addMember(app(), projectId, { name, email: person.email, password: person.password }, role);
  }

  const { graphql } = await app().signInAs(researcher.email, researcher.password);
  const instrumentId = await publishInstrument(graphql, projectId, instrumentFile);
  const round = await createRound(graphql, {
    projectId,
    instrumentId,
    label: 'Oppstart 2026',
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    information: { nb: 'Det er frivillig å svare.', en: 'Taking part is voluntary.' },
    consentRequired: true,
  });
  const link = round.openLinks.find((l) => l.role === 'SERVICE_USER')?.path;
  const token = link?.split('/').pop();
  if (!token) throw new Error(`no open link for service users: ${JSON.stringify(round.openLinks)}`);

  for (const { answers } of submissions) {
    const participant = await fetch(`${app().baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }',
        variables: {
          input: { token, clientSubmissionId: randomUUID(), answers, consent: true, language: 'nb' },
        },
      }),
    });
    data((await participant.json()) as GraphqlResponse<unknown>);
  }
  return { projectId };
}

async function signIn(page: Page, person: { email: string; password: string }): Promise<void> {
  await signInOnPage(page, person);
}

/** Splits CSV text into rows of cells; enough for the quoted, comma-separated files the API writes. */
function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const char = content[i];
    if (quoted) {
      if (char === '"' && content[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (char !== '\r') cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

let setup: ReturnType<typeof setUp> | undefined;
const theProject = () => (setup ??= setUp());

describe('research data export', () => {
  it('a researcher downloads the wide CSV of a round and the R script that reads it', async () => {
    const { projectId } = await theProject();
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/projects');
    await signIn(page, researcher);

    await page.goto(`/projects/${projectId}/rounds`);
    await page.getByRole('link', { name: 'Eksporter data' }).click();
    await page.waitForURL((url) => url.pathname === `/projects/${projectId}/export`);
    await page.getByRole('heading', { level: 1, name: `Eksporter data fra ${projectName}` }).waitFor();
    expect(await page.title()).toBe(`Eksporter data fra ${projectName} – Verdi`);
    await expect(page.getByText('-7 betyr «Vet ikke / ikke aktuelt»').isVisible()).resolves.toBe(true);

    const round = page.getByRole('checkbox', { name: /Oppstart 2026/ });
    await round.uncheck();
    await round.check();
    expect(await page.getByRole('checkbox', { name: /Data, bred CSV/ }).isChecked()).toBe(true);
    await expect(page.getByTestId('export-curl').textContent()).resolves.toBe(
      `curl -H "Authorization: Bearer $VERDI_TOKEN" -OJ "${app().baseUrl}/exports/${projectId}/data-wide.csv"`,
    );

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Last ned Last ned Data, bred CSV' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/^verdi_[a-z0-9-]+_[0-9a-f]{8}_data-wide\.csv$/);
    const csvPath = await csvDownload.path();
    const rows = parseCsv(await readFile(csvPath, 'utf8'));
    const [header, ...dataRows] = rows;
    expect(header).toEqual(expect.arrayContaining(['response', 'round', 'role', 'v_trust', 'comment']));
    expect(dataRows).toHaveLength(3);
    const column = (name: string) => header!.indexOf(name);
    expect(dataRows.map((row) => row[column('v_trust')]).sort()).toEqual(
      submissions.map((s) => s.trust).sort(),
    );
    expect(dataRows.map((row) => row[column('comment')]).sort()).toEqual([
      '',
      'Svar nummer en',
      'Svar nummer tre',
    ]);
    expect(new Set(dataRows.map((row) => row[column('round')]))).toEqual(new Set(['Oppstart 2026']));
    await page.getByText(/mottatt, 4 linjer \(med overskriftsraden\)/).waitFor();
    await page.getByText(`Lagret som ${csvDownload.suggestedFilename()}`).waitFor();

    const [rDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Last ned Last ned R-skript' }).click(),
    ]);
    expect(rDownload.suggestedFilename()).toMatch(/_read-data\.R$/);
    const script = await readFile(await rDownload.path(), 'utf8');
    expect(script).toContain(csvDownload.suggestedFilename());

    // Without a round there is nothing to download.
    const downloadAll = page.getByRole('button', { name: /Last ned alle valgte/ });
    await page.getByRole('button', { name: 'Velg ingen' }).click();
    await page.getByText('Velg minst én runde.').waitFor();
    expect(await downloadAll.isDisabled()).toBe(true);
    await round.check();
    expect(await downloadAll.isEnabled()).toBe(true);
  });

  it('a manager of the project is told the export is not for them, and the API agrees', async () => {
    const { projectId } = await theProject();
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto(`/projects/${projectId}/export`);
    await signIn(page, manager);

    await page.getByRole('heading', { level: 1, name: /Ingen tilgang/ }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /Last ned/ }).count()).toBe(0);

    const { cookie } = await app().signInAs(manager.email, manager.password);
    const refused = await fetch(`${app().baseUrl}/exports/${projectId}/data-wide.csv`, {
      headers: { cookie },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      code: 'FORBIDDEN',
      message: 'Only researchers of the project can export its data',
    });
  });
});
