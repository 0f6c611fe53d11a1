import type { Page } from 'playwright-core';

/**
 * Signs a sandbox user in as a person would: "Sign in with the browser" in the access window, then
 * the sandbox's sign-in page in the tab it opens. Resolves on the access window's tabs (signed in).
 */
export async function signInWithBrowser(page: Page, user: { username: string; password: string }): Promise<void> {
  const [signInPage] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Sign in with the browser' }).click()]);
  await signInPage.locator('#login').fill(user.username);
  await signInPage.locator('#passwd').fill(user.password);
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tablist', { name: 'Sections' }).waitFor({ timeout: 30_000 });
  await signInPage.close().catch(() => undefined);
}
