import { TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

const app = useApp();

/** The code an authenticator app with this key shows `offsetSteps` steps from now. */
function codeFor(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret, issuer: 'Verdi' }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

async function givePassword(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('textbox', { name: 'E-post' }).fill(app().admin.email);
  await page.getByLabel('Passord').fill(app().admin.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
}

describe('two-factor sign-in', () => {
  it('is set up on the account page, then asked for after the password; a recovery code works instead', async () => {
    await app().context.clearCookies();
    const page = await app().newPage();
    await page.goto('/account');
    await givePassword(page);
    await page.waitForURL((url) => url.pathname === '/account');

    const section = page.getByRole('region', { name: 'Totrinnsinnlogging' });
    await section.getByLabel('Passordet ditt').fill(app().admin.password);
    await section.getByRole('button', { name: 'Slå på totrinnsinnlogging' }).click();
    await section.getByRole('heading', { name: 'Legg Verdi til i autentiseringsappen' }).waitFor();
    expect(await section.getByRole('img', { name: /QR-kode/ }).getAttribute('src')).toMatch(
      /^data:image\/svg\+xml;base64,/,
    );
    // Typed into the app by hand, as someone whose phone cannot scan would.
    const secret = (await section.getByTestId('two-factor-secret').innerText()).replace(/\s/g, '');
    await section.getByLabel('Sekssifret kode fra appen').fill(codeFor(secret));
    await section.getByRole('button', { name: 'Bekreft og slå på' }).click();
    await page.getByRole('heading', { name: 'Gjenopprettingskodene dine' }).waitFor();
    const recoveryCodes = await page.getByTestId('recovery-codes').locator('li').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole('button', { name: 'Jeg har tatt vare på kodene' }).click();
    await section.getByText('10 ubrukte gjenopprettingskoder').waitFor();

    await signOut(page);
    await givePassword(page);
    const code = page.getByRole('textbox', { name: 'Kode', exact: true });
    await code.waitFor();
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    // The next step's code: the one shown now was used to confirm the setup, and a code works once.
    await code.fill(codeFor(secret, 1));
    await page.getByRole('button', { name: 'Bekreft', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Prosjekter' }).waitFor();

    await signOut(page);
    await givePassword(page);
    await page.getByRole('button', { name: 'Bruk en gjenopprettingskode i stedet' }).click();
    await page.getByRole('textbox', { name: 'Gjenopprettingskode' }).fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Bekreft', exact: true }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await page.goto('/account');
    await page.getByRole('region', { name: 'Totrinnsinnlogging' }).getByText('9 ubrukte').waitFor();
  });
});
