/** What several end-to-end files do the same way, as a learner clicks it. */
import type { Page } from 'playwright-core';

/** On the Fine-tuning page: continue the selected run at `factor` for `epochs`, and wait for the outcome. */
export async function continueAt(page: Page, factor: number, epochs: number): Promise<void> {
  const cont = page.locator('section', { has: page.getByRole('heading', { name: /Continue training/ }) });
  await cont.getByRole('combobox', { name: 'Learning-rate factor' }).selectOption(String(factor));
  await cont.getByRole('spinbutton', { name: /^Epochs/ }).fill(String(epochs));
  await page.getByTestId('continue').click();
  await page.getByTestId('continue-outcome').waitFor({ timeout: 120_000 });
}
