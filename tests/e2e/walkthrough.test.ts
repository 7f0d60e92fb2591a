/**
 * The whole walkthrough in Debian Chromium, as a user clicks it: data → architecture → a short
 * training → evaluation → fine-tuning → export. The downloaded zip is then loaded in Node and must
 * reproduce the test MAE the page showed; the page must survive a reload with its runs, support
 * browser back, and make no request outside its own origin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { ZIP_FILES, zipMaeInNode } from './actions.ts';

const app = { url: inject('appUrl') };
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'forecast-e2e-'));
const requests: string[] = [];
const pageErrors: string[] = [];
const cspConsole: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  // Record every Content-Security-Policy violation the page (or its worker) reports.
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/.test(m.text())) cspConsole.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Text of the first data cell of the first body row of a table, e.g. "2.31 °C". */
async function firstCell(testId: string): Promise<string> {
  return (await page.locator(`[data-testid="${testId}"] tbody tr`).first().locator('td').first().textContent())!.trim();
}

function celsius(text: string): number {
  const m = /(-?\d+\.\d+)\s*°C/.exec(text);
  if (!m) throw new Error(`no °C value in "${text}"`);
  return Number(m[1]);
}

async function next(label: string): Promise<void> {
  const button = page.getByRole('button', { name: label });
  await expect.poll(() => button.isEnabled(), { timeout: 120_000 }).toBe(true);
  await button.click();
}

describe('the walkthrough in Chromium', () => {
  let shownMae = 0;
  let zipPath = '';

  it('goes from the first screen to a downloaded model using only the page', async () => {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Start with the data' }).click();
    expect(new URL(page.url()).hash).toBe('#/data');

    // Step 1: Seattle is loaded by default; its quality report and split appear.
    await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText('1,461').first().isVisible()).toBe(true);
    await next('Next: Architecture');

    // Step 2: the default GRU with its layer table.
    await page.getByRole('radio', { name: /GRU/ }).check();
    await expect.poll(() => page.getByText('gru_1').first().isVisible(), { timeout: 30_000 }).toBe(true);
    await next('Next: Training');

    // Step 3: a short training in the worker.
    await expect.poll(() => page.getByTestId('backend').textContent()).toContain('wasm');
    const epochs = page.getByRole('spinbutton', { name: /^Epochs/ });
    await epochs.fill('4');
    await page.getByRole('button', { name: 'Start training' }).click();
    await next('Next: Evaluation');

    // Step 4: the test MAE beside the baselines.
    await page.getByTestId('metrics-table').waitFor();
    const trainedMae = celsius(await firstCell('metrics-table'));
    expect(trainedMae).toBeGreaterThan(1);
    expect(trainedMae).toBeLessThan(6);
    await expect.poll(async () => (await page.getByTestId('verdict').textContent()) ?? '').toMatch(/mean absolute error is \d+\.\d\d °C/);
    await next('Next: Fine-tuning');

    // Step 5: continue training at a lower learning rate; before/after appears.
    const cont = page.locator('section', { has: page.getByRole('heading', { name: /Continue training/ }) });
    await cont.getByRole('spinbutton', { name: /^Epochs/ }).fill('2');
    await page.getByTestId('continue').click();
    await page.getByTestId('before-after').waitFor({ timeout: 120_000 });
    expect(celsius((await page.getByTestId('before-after').locator('tbody tr', { hasText: 'Test MAE' }).locator('td').first().textContent())!)).toBeCloseTo(trainedMae, 2);
    // The page says whether the continuation gained on validation, and which run Export will ship.
    await expect.poll(async () => (await page.getByTestId('continue-outcome').textContent()) ?? '').toMatch(/validation MAE \d\.\d\d °C → \d\.\d\d °C/i);
    await next('Next: Export');

    // Step 6: the model card shows the selected run's MAE (the continuation if it gained); download the zip.
    await page.getByTestId('card-metrics').waitFor();
    shownMae = celsius(await firstCell('card-metrics'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    zipPath = join(work, download.suggestedFilename());
    await download.saveAs(zipPath);
    expect(download.suggestedFilename()).toMatch(/^weather-model-seattle-wa-gru-temp_max\.zip$/);

    // "Use it": load the zip we just downloaded; its test vectors pass and it forecasts.
    await page.locator('input#bundle').setInputFiles(zipPath);
    await expect.poll(async () => (await page.getByTestId('check').textContent()) ?? '', { timeout: 60_000 }).toMatch(/pass/i);
    await page.getByTestId('forecast').waitFor();
    expect(await page.getByTestId('forecast').textContent()).toMatch(/2016-01-01/);
    // The model.onnx the page's worker wrote runs in onnxruntime-web and reproduces the test vectors.
    await page.getByTestId('onnx-run').click();
    await expect.poll(async () => (await page.getByTestId('onnx-check').textContent()) ?? '', { timeout: 120_000 }).toMatch(/: passed/);
    expect(pageErrors).toEqual([]);
  });

  it('the downloaded model reproduces, in Node, the test MAE the page showed', async () => {
    const { files, passed, mae, metadataMae } = await zipMaeInNode(zipPath);
    expect(files).toEqual(ZIP_FILES);
    expect(passed).toBe(true);
    expect(Math.abs(mae - shownMae)).toBeLessThanOrEqual(0.005 + 1e-9); // the page shows 2 decimals
    expect(mae).toBeCloseTo(metadataMae, 4);
  });

  it('keeps runs and settings over a reload, and browser back returns to the previous step', async () => {
    await page.goBack();
    expect(new URL(page.url()).hash).toBe('#/fine-tuning');
    await page.goto(`${app.url}#/evaluation`);
    await page.reload();
    await page.getByTestId('metrics-table').waitFor({ timeout: 60_000 });
    // The selected run after the reload is the one whose MAE the export card showed.
    expect(celsius(await firstCell('metrics-table'))).toBeCloseTo(shownMae, 2);
    await page.goto(`${app.url}#/training`);
    await expect.poll(() => page.getByRole('spinbutton', { name: /^Epochs/ }).inputValue()).toBe('4');
  });

  it('runs under a strict Content-Security-Policy without violations', async () => {
    const response = await page.request.get(app.url);
    const header = response.headers()['content-security-policy'];
    expect(header).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(header).not.toMatch(/[^-]'unsafe-eval'/);
    expect(header).not.toContain('unsafe-inline');
    expect(await response.text()).toContain('http-equiv="Content-Security-Policy"');
    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    expect(violations).toEqual([]);
    expect(cspConsole).toEqual([]);
  });

  it('made no request outside its own origin', () => {
    const origin = new URL(app.url).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(3);
  });
});
