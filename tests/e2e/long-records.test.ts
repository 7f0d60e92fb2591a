/**
 * The 50-year records in the built app (Chromium), as a learner clicks them: the station files are
 * not fetched before one is chosen, and a failed download keeps the loaded data; a station loads with tmaxi as the target and the interpolated
 * flag off; the years of training data set the split; and the learning curve (one epoch per run,
 * a test-sized configuration) plots four points for linear and for GRU, each recorded as a run.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { axeViolations } from './axe.ts';

const appUrl = inject('appUrl');
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const stationRequests: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Requests from the worker too: the station files are fetched there.
  context.on('request', (r) => {
    if (/USW\d{8}[^/]*\.csv/.test(r.url())) stationRequests.push(r.url());
  });
});

afterAll(async () => {
  await browser?.close();
});

/** The windows-per-split table's cells of one split, e.g. ['Training', '2007-01-15', '2007-11-24', '316']. */
async function splitRow(name: string): Promise<string[]> {
  return page.getByRole('region', { name: 'Windows per split' }).getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell').allTextContents();
}

describe('50-year records', () => {
  it('loads a station only when it is chosen (a failed download says so and keeps the data), forecasting tmaxi without the interpolated flag', async () => {
    await page.goto(`${appUrl}#/data`);
    await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
    expect(stationRequests).toEqual([]);
    // A download that fails says so and keeps the data already loaded.
    await page.context().route(/USW00024130-[\w-]+\.csv$/, (route) => route.abort());
    await page.getByTestId('station').selectOption('USW00024130');
    await expect.poll(async () => (await page.getByRole('alert').allTextContents()).join(' '), { timeout: 60_000 }).toMatch(/could not be loaded/);
    expect((await page.getByRole('alert').allTextContents()).join(' ')).toContain('The previous data (Seattle, WA) is still in use.');
    expect(await page.getByLabel('Target (the column to forecast)').inputValue()).toBe('temp_max');
    await page.context().unrouteAll();
    await page.getByTestId('station').selectOption('USW00094830');
    await expect.poll(() => page.getByLabel('Target (the column to forecast)').inputValue(), { timeout: 60_000 }).toBe('tmaxi');
    expect(stationRequests).toHaveLength(2);
    expect(stationRequests[1]).toMatch(/USW00094830-[\w-]+\.csv$/);
    const inputs = page.getByRole('group', { name: 'Inputs' });
    expect(await inputs.getByRole('checkbox', { name: 'interpolated' }).isChecked()).toBe(false);
    expect(await inputs.getByRole('checkbox', { name: 'tmini' }).isChecked()).toBe(true);
    await expect.poll(() => splitRow('Test'), { timeout: 30_000 }).toEqual(['2008-01-01', '2009-12-31', '731']);
    expect((await splitRow('Training'))[0]).toBe('1960-01-16');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('learns from the chosen number of years', async () => {
    await page.getByRole('spinbutton', { name: /^Years of training data/ }).fill('1');
    await page.getByRole('spinbutton', { name: /^Years of training data/ }).press('Tab');
    await expect.poll(async () => (await splitRow('Training'))[0], { timeout: 30_000 }).toBe('2007-01-15');
    expect(await page.getByTestId('train-years-period').textContent()).toMatch(/learns from 2007 \(the last 10 % validate\)/);
    expect(page.url()).not.toContain('years=');
  });

  it('plots the learning curve: four points for linear and for GRU, with a reading computed from them', async () => {
    // A quick first run opens step 5: linear, one epoch, on the one year chosen above.
    await page.goto(`${appUrl}#/architecture`);
    await page.getByRole('radio', { name: /Linear/ }).check();
    await page.goto(`${appUrl}#/training`);
    await page.getByRole('spinbutton', { name: /^Epochs/ }).fill('1');
    const start = page.getByRole('button', { name: 'Start training' });
    await expect.poll(() => start.isEnabled(), { timeout: 60_000 }).toBe(true);
    await start.click();
    await expect.poll(async () => (await page.getByTestId('diagnosis').count()) > 0 && (await start.isEnabled()), { timeout: 120_000 }).toBe(true);

    const tensors = async () => {
      await expect.poll(async () => /Worker memory: [\d,]+ tensors/.test((await page.getByTestId('worker-memory').textContent()) ?? ''), { timeout: 30_000 }).toBe(true);
      return Number(/([\d,]+) tensors/.exec((await page.getByTestId('worker-memory').textContent())!)![1].replace(/,/g, ''));
    };
    const tensorsBefore = await tensors();

    await page.goto(`${appUrl}#/fine-tuning`);
    await page.getByRole('spinbutton', { name: /^Epochs per run/ }).fill('1');
    await page.getByRole('spinbutton', { name: /^Epochs per run/ }).press('Tab');
    const t0 = Date.now();
    await page.getByTestId('learning-curve').click();
    await expect.poll(() => page.getByTestId('learning-curve-status').textContent(), { timeout: 60_000 }).toMatch(/Training \d of 8/);
    await expect.poll(() => page.getByTestId('learning-curve-status').textContent(), { timeout: 240_000 }).toMatch(/^8 trainings in [\d.]+ s/);
    const seconds = (Date.now() - t0) / 1000;
    process.stdout.write(`learning curve, 8 trainings of 1 epoch, Chromium: ${seconds.toFixed(1)} s\n`);

    // The plotted series, as the chart's text alternative lists them.
    const summary = (await page.getByTestId('learning-curve-chart').getAttribute('summary')) ?? '';
    for (const model of ['Linear', 'GRU']) {
      const series = new RegExp(`${model}: 1 years (\\d+\\.\\d\\d), 4 years (\\d+\\.\\d\\d), 16 years (\\d+\\.\\d\\d), 48 years (\\d+\\.\\d\\d)`).exec(summary);
      expect(series, `${model} in "${summary}"`).not.toBeNull();
      for (const mae of series!.slice(1)) expect(Number(mae)).toBeGreaterThan(1);
    }
    const linear = /Linear: 1 years (\d+\.\d\d), 4 years [\d.]+, 16 years [\d.]+, 48 years (\d+\.\d\d)/.exec(summary)!;
    const gain = (100 * (Number(linear[1]) - Number(linear[2]))) / Number(linear[1]);
    const reading = ((await page.getByTestId('learning-curve-reading').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(reading).toMatch(/More data (helped|hurt) the linear model by [\d.]+ % \(test MAE [\d.]+ → [\d.]+ °C from 1 to 48 years\) and (helped|hurt) the GRU by [\d.]+ %/);
    const shown = Number(/the linear model by ([\d.]+) %/.exec(reading)![1]);
    expect(Math.abs(shown - Math.abs(gain))).toBeLessThan(0.6); // the page rounds the MAEs it plots to 2 decimals
    expect(reading).toMatch(/persistence \([\d.]+ °C\)/);
    expect(await axeViolations(page)).toEqual([]);

    // The eight models and their optimizers are gone from the worker.
    await page.goto(`${appUrl}#/training`);
    await page.waitForTimeout(500); // the count is read from the worker just after the job commits
    expect(await tensors()).toBe(tensorsBefore);
    await page.goto(`${appUrl}#/fine-tuning`);

    // After a reload the curve is rebuilt from its records.
    await page.reload();
    await page.goto(`${appUrl}#/fine-tuning`);
    await expect.poll(() => page.getByTestId('learning-curve-chart').getAttribute('summary'), { timeout: 60_000 }).toBe(summary);

    // Each point is a run on the Experiments page; none keeps a model.
    await page.goto(`${appUrl}#/experiments`);
    await expect.poll(() => page.getByRole('row', { name: /learning curve: \d+ years? of training data/ }).count(), { timeout: 30_000 }).toBe(8);
    expect(pageErrors).toEqual([]);
  });
});
