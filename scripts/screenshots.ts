/**
 * `npm run screenshots`: builds the app, walks the steps in Debian Chromium (a short GRU training
 * with prediction intervals, a continuation, a small search, a transfer, an export and a reload of
 * the zip), and writes a full-page screenshot of every step at 1280 px and 390 px to docs/screenshots/.
 * `npm run screenshots -- --viewport DIR` also writes what each viewport shows first (no scrolling)
 * to DIR, as a learner sees the page on arrival.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.ts';
import { buildAndServe, ROOT } from '../tests/e2e/app-server.ts';

const OUT = join(ROOT, 'docs/screenshots');
const viewportFlag = process.argv.indexOf('--viewport');
const VIEWPORT_OUT = viewportFlag >= 0 ? process.argv[viewportFlag + 1] : undefined;
const STEPS = ['intro', 'data', 'architecture', 'training', 'evaluation', 'fine-tuning', 'export', 'experiments'] as const;

async function enabled(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name });
  for (let i = 0; i < 600 && !(await button.isEnabled()); i++) await page.waitForTimeout(200);
}

async function prepare(page: Page, work: string): Promise<void> {
  await page.goto(`${page.url().split('#')[0]}#/data`);
  await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
  await page.goto(`${page.url().split('#')[0]}#/training`);
  await page.getByRole('spinbutton', { name: /^Epochs/ }).fill('12');
  // With prediction intervals, so that Evaluation and the model card show the 80 % band.
  await page.getByRole('checkbox', { name: /Prediction intervals/ }).check();
  await page.getByRole('button', { name: 'Start training' }).click();
  await enabled(page, 'Next: Evaluation');
  await page.goto(`${page.url().split('#')[0]}#/fine-tuning`);
  const cont = page.locator('section', { has: page.getByRole('heading', { name: /Continue training/ }) });
  await cont.getByRole('spinbutton', { name: /^Epochs/ }).fill('3');
  await page.getByTestId('continue').click();
  await page.getByTestId('before-after').waitFor({ timeout: 120_000 });
  const search = page.locator('section', { has: page.getByRole('heading', { name: /Hyperparameter search/ }) });
  await search.getByRole('spinbutton', { name: /^Epochs per trial/ }).fill('3');
  await page.getByTestId('search').click();
  await enabled(page, 'Continue training');
  const transfer = page.locator('section', { has: page.getByRole('heading', { name: /Transfer/ }) });
  await transfer.getByRole('spinbutton', { name: /^Epochs/ }).fill('4');
  await page.getByTestId('transfer').click();
  await page.getByTestId('transfer-reading').waitFor({ timeout: 180_000 });
  await page.goto(`${page.url().split('#')[0]}#/export`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  const zip = join(work, download.suggestedFilename());
  await download.saveAs(zip);
  await page.locator('input#bundle').setInputFiles(zip);
  await page.getByTestId('forecast').waitFor({ timeout: 60_000 });
}

const app = await buildAndServe();
const work = mkdtempSync(join(tmpdir(), 'forecast-shots-'));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  mkdirSync(OUT, { recursive: true });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(app.url);
  await prepare(page, work);
  for (const [width, height] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    for (const step of STEPS) {
      await page.goto(`${app.url}#/${step}`);
      await page.waitForTimeout(step === 'intro' ? 500 : 1500);
      const file = join(OUT, `${step}-${width}.png`);
      // A window as tall as the page, so that what sticks to the window (the Next bar, the live
      // training card) rests where the page ends instead of floating mid-page in the picture.
      const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width, height: Math.max(height, pageHeight) });
      await page.waitForTimeout(300);
      await page.screenshot({ path: file, fullPage: true });
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      console.log(`wrote ${file}`);
      if (VIEWPORT_OUT) {
        mkdirSync(VIEWPORT_OUT, { recursive: true });
        await page.screenshot({ path: join(VIEWPORT_OUT, `${step}-${width}x${height}.png`) });
      }
    }
  }
} finally {
  await browser.close();
  await app.close();
  rmSync(work, { recursive: true, force: true });
}
