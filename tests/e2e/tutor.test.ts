/**
 * The tutor in Chromium, on real runs: a broken run is diagnosed from its evidence (an MLP at
 * learning rate 5 diverges, its chart switches to a log axis), and the hyperparameter search works
 * around the selected run even after steps 2–3 changed, keeps its ranking over a reload, and trains
 * its winner fully as a run with lineage; three guided experiments are done as a learner would and
 * each states its outcome in one sentence with the numbers.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { continueAt } from './actions.ts';

const appUrl = inject('appUrl');
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
});

async function goto(step: string): Promise<void> {
  await page.goto(`${appUrl}#/${step}`);
}

async function train(epochs: number, learningRate?: number): Promise<void> {
  await goto('training');
  await page.getByRole('spinbutton', { name: /^Epochs/ }).fill(String(epochs));
  if (learningRate !== undefined) await page.getByRole('spinbutton', { name: /^Learning rate/ }).fill(String(learningRate));
  const start = page.getByRole('button', { name: 'Start training' });
  await expect.poll(() => start.isEnabled(), { timeout: 60_000 }).toBe(true);
  await start.click();
  await expect.poll(async () => (await page.getByTestId('diagnosis').count()) > 0 && (await start.isEnabled()), { timeout: 180_000 }).toBe(true);
}

describe('the tutor', () => {
  it('diagnoses an MLP at learning rate 5 as diverged, with the one change to make, on a log axis', async () => {
    await goto('data');
    await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
    await goto('architecture');
    await page.getByRole('radio', { name: /MLP/ }).check();
    await train(20, 5);
    const diagnosis = ((await page.getByTestId('diagnosis').first().textContent()) ?? '').replace(/\s+/g, ' ');
    expect(diagnosis).toMatch(/Diverged\. Validation MAE is [\d,.]+ °C at its best/);
    expect(diagnosis).toContain('Lower the learning rate from 5 to 0.5 or less');
    expect(await page.getByTestId('log-scale').isChecked()).toBe(true);
    // Evaluation gives the same advice, not a generic hint.
    await goto('evaluation');
    await expect.poll(async () => (await page.getByTestId('verdict').textContent()) ?? '', { timeout: 30_000 }).toContain('Lower the learning rate from 5 to 0.5 or less');
  });

  it('calls a 60-epoch MLP without early stopping overfitting (never "train longer"), and raises no alarm for the default GRU', async () => {
    await goto('training');
    await page.getByRole('spinbutton', { name: /^Early-stopping patience/ }).fill('0');
    await train(60, 0.003);
    const overfit = ((await page.getByTestId('diagnosis').first().textContent()) ?? '').replace(/\s+/g, ' ');
    expect(overfit).toMatch(/Overfitting\. Validation MAE rose from \d\.\d\d °C to \d\.\d\d °C over epochs \d+–60/);
    expect(overfit).toContain('Turn early stopping on (patience 5)');
    expect(overfit).not.toMatch(/more epochs|train longer/i);
    await goto('architecture');
    await page.getByRole('radio', { name: /GRU/ }).check();
    await goto('training');
    await page.getByRole('spinbutton', { name: /^Early-stopping patience/ }).fill('5');
    await train(30, 0.003);
    const diagnosis = page.getByTestId('diagnosis').first();
    expect(await diagnosis.locator('li.problem, li.warning').count()).toBe(0);
    expect(((await diagnosis.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('Beats both baselines.');
  });

  it('searches around the selected run, keeps the ranking over a reload, and trains the winner fully', async () => {
    await train(2, 0.003);
    // Steps 2–3 move on to another model; the search still varies the selected GRU.
    await goto('architecture');
    await page.getByRole('radio', { name: /Linear/ }).check();
    await goto('fine-tuning');
    await expect.poll(async () => (await page.getByTestId('search-base').textContent())?.replace(/\s+/g, ' ') ?? '').toMatch(/the settings of GRU · train #4 \(GRU, 1 × 32 units/);
    const search = page.locator('section', { has: page.getByRole('heading', { name: /Hyperparameter search/ }) });
    await search.getByRole('spinbutton', { name: /^Epochs per trial/ }).fill('1');
    await page.getByTestId('search').click();
    await expect.poll(async () => (await page.getByTestId('search-status').textContent()) ?? '', { timeout: 180_000 }).toMatch(/Finished: 6 trials/);
    await goto('experiments');
    await expect.poll(() => page.getByTestId('runs-table').locator('tbody tr', { hasText: 'GRU · search rank' }).count()).toBe(6);

    await page.reload();
    await goto('fine-tuning');
    await expect.poll(() => page.getByTestId('ranking').locator('tbody tr').count(), { timeout: 60_000 }).toBe(6);
    const button = page.getByTestId('train-winner');
    await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
    const winner = /\((lr [^,]+(?: · [^,]+)*), 2 epochs\)/.exec((await button.textContent()) ?? '')?.[1];
    expect(winner).toBeDefined();
    await button.click();
    await goto('training');
    await expect.poll(async () => (await page.locator('label.run', { hasText: 'search winner' }).count()) > 0, { timeout: 180_000 }).toBe(true);
    await goto('experiments');
    const row = page.getByTestId('runs-table').locator('tbody tr', { hasText: `(search winner: ${winner})` });
    await row.waitFor({ timeout: 60_000 });
    expect(pageErrors).toEqual([]);
  });

  it('completes three guided experiments and states each outcome with its numbers', async () => {
    const outcome = async (step: string, id: string) => {
      await goto(step);
      const item = page.locator(`[data-experiment="${id}"] [data-testid="outcome"]`);
      await item.waitFor({ timeout: 60_000 });
      return ((await item.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    };
    // Will an MLP beat the linear model? Same data and training settings, two families.
    await goto('architecture');
    await page.getByRole('radio', { name: /Linear/ }).check();
    await train(3, 0.003);
    await goto('architecture');
    await page.getByRole('radio', { name: /MLP/ }).check();
    await train(3, 0.003);
    expect(await outcome('architecture', 'mlp-vs-linear')).toMatch(/^MLP \(dense network\): validation MAE \d\.\d\d °C; linear: \d\.\d\d °C — the (MLP|linear model) wins by \d\.\d\d °C/);
    // Change only the seed.
    await goto('training');
    await page.getByRole('spinbutton', { name: /^Random seed/ }).fill('43');
    await train(3);
    expect(await outcome('training', 'seeds')).toMatch(/^2 seeds: validation MAE \d\.\d\d °C to \d\.\d\d °C \(median \d\.\d\d °C\)/);
    // Continue at ×0.1.
    await goto('fine-tuning');
    await continueAt(page, 0.1, 1);
    expect(await outcome('fine-tuning', 'continue-0.1')).toMatch(/^Validation MAE \d\.\d\d °C → \d\.\d\d °C: (it still improved, by \d\.\d\d °C|no gain)/);
    // The Start page counts them and names the best run so far.
    await goto('intro');
    const guided = ((await page.getByTestId('guided').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(Number(/Try this: (\d+) of 8 experiments done/.exec(guided)?.[1])).toBeGreaterThanOrEqual(4);
    expect(guided).toMatch(/Best run so far \(by validation MAE\): .+, \d\.\d\d °C\./);
    expect(pageErrors).toEqual([]);
  });
});
