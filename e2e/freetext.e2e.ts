import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp, type GraphqlResponse } from './harness';

const app = useApp({ demo: true });

async function gql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await page.request.post(`${app().baseUrl}/graphql`, {
    data: { query, variables },
    headers: { 'content-type': 'application/json' },
  });
  const body = (await response.json()) as GraphqlResponse<T>;
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const HOSTILE = [
  'Linje én\nLinje to',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  '=1+1',
  `Ord${'x'.repeat(600)}`,
];

describe('free text', () => {
  it("a researcher reads a round's free text on the round page, under the question's text, shown safely", async () => {
    await app().context.clearCookies();
    const page = await app().newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await gql(page, 'mutation ($input: SignInInput!) { signIn(input: $input) { expiresAt } }', {
      input: { email: 'forsker@verdi.local', password: 'demo-forsker-2025' },
    });
    const { projects } = await gql<{ projects: { id: string }[] }>(page, '{ projects { id } }');
    let open: { projectId: string; roundId: string } | null = null;
    for (const project of projects) {
      const { rounds } = await gql<{ rounds: { id: string; status: string }[] }>(
        page,
        'query ($p: UUID!) { rounds(projectId: $p) { id status } }',
        { p: project.id },
      );
      const found = rounds.find((w) => w.status === 'OPEN');
      if (found) open = { projectId: project.id, roundId: found.id };
    }
    expect(open).not.toBeNull();
    const { round } = await gql<{ round: { openLinks: { role: string; path: string }[] } }>(
      page,
      'query ($id: UUID!) { round(id: $id) { openLinks { role path } } }',
      { id: open!.roundId },
    );
    const token = round.openLinks
      .find((l) => l.role === 'CONSULTANT')!
      .path.split('/')
      .pop();
    for (const text of HOSTILE)
      await gql(
        page,
        'mutation ($input: SubmitSurveyInput!) { submitSurveyResponse(input: $input) { receiptCode } }',
        {
          input: {
            token,
            clientSubmissionId: randomUUID(),
            consent: true,
            language: 'nb',
            answers: [
              { item: 'contact', number: 1 },
              { item: 'value_text', text },
            ],
          },
        },
      );
    const { freeTextQuestions } = await gql<{
      freeTextQuestions: { item: string; prompt: { nb: string } }[];
    }>(page, 'query ($w: UUID!) { freeTextQuestions(roundId: $w) { item prompt { nb } } }', {
      w: open!.roundId,
    });

    await page.goto(`/projects/${open!.projectId}/rounds/${open!.roundId}`);
    const section = page.getByTestId('round-free-text');
    await section.locator('details').first().waitFor();
    await expect
      .poll(() => section.locator('h3 .free-text__question-text').allTextContents())
      .toEqual(freeTextQuestions.map((q) => q.prompt.nb));
    await section.locator('details summary').first().click();
    const shown = await section.locator('.free-text__text').allTextContents();
    for (const text of HOSTILE) expect(shown).toContain(text);
    await expect.poll(() => section.locator('.free-text__text script, .free-text__text img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBe(0);

    await section.getByRole('link', { name: 'Merk svarene med temaer' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/free-text');
    await page.locator('.free-text__answer').first().waitFor();
    await expect
      .poll(() => page.locator('h2 .free-text__question-text').allTextContents())
      .toEqual(freeTextQuestions.map((q) => q.prompt.nb));
    expect(await page.title()).toContain('Fritekstsvar');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
