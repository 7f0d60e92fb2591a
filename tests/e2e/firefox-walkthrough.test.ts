/**
 * The walkthrough of walkthrough.test.ts in Debian's firefox-esr (puppeteer-core over WebDriver
 * BiDi): data → architecture → a short training → evaluation → fine-tuning → export; the
 * downloaded zip loads back into "use it" with its test vectors passing and reproduces the page's
 * test MAE in Node; runs and settings survive a reload; no CSP violation; no foreign request.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchFirefox, watchPageErrors } from '../firefox.ts';
import { Dom, type Query } from './firefox-dom.ts';
import { ZIP_FILES, zipMaeInNode } from './actions.ts';

const url = inject('appUrl');
const work = mkdtempSync(join(tmpdir(), 'forecast-firefox-e2e-'));
const downloads = join(work, 'downloads');
let browser: Browser;
let page: Page;
let dom: Dom;
const requests: string[] = [];
let pageErrors: () => Promise<string[]>;

beforeAll(async () => {
  // Downloads land in our folder without a dialog: the profile's download preferences, and
  // WebDriver BiDi's browser.setDownloadBehavior through a fresh browser context.
  browser = await launchFirefox({ 'browser.download.dir': downloads });
  // Firefox ESR 140.12 (Debian, December 2026) answers "unknown command" to setDownloadBehavior: then the profile's
  // preferences alone place the download.
  const context = await browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } }).catch(() => browser.createBrowserContext());
  page = await context.newPage();
  // Record every Content-Security-Policy violation the page reports.
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  dom = await Dom.attach(page);
  page.on('request', (r) => requests.push(r.url()));
  pageErrors = await watchPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const button = (name: string): Query => ({ role: 'button', name, exact: true });
const epochsField = (within?: Query): Query => ({ role: 'spinbutton', name: /^Epochs/, within });

/** Text of the first data cell of the first body row of a table, e.g. "2.31 °C". */
async function firstCell(testId: string): Promise<string> {
  return dom.text({ within: { within: { testId }, css: 'tbody tr' }, css: 'td' });
}

function celsius(text: string): number {
  const m = /(-?\d+\.\d+)\s*°C/.exec(text);
  if (!m) throw new Error(`no °C value in "${text}"`);
  return Number(m[1]);
}

async function next(label: string): Promise<void> {
  await expect.poll(() => dom.enabled(button(label)), { timeout: 120_000 }).toBe(true);
  await dom.click(button(label));
}

/** The one finished file in the downloads folder (Firefox writes a .part file first). */
async function downloaded(timeout = 30_000): Promise<string> {
  let name = '';
  await expect
    .poll(
      () => {
        const files = existsSync(downloads) ? readdirSync(downloads).filter((f) => !f.endsWith('.part')) : [];
        name = files.length === 1 && statSync(join(downloads, files[0])).size > 0 && !existsSync(join(downloads, `${files[0]}.part`)) ? files[0] : '';
        return name;
      },
      { timeout },
    )
    .not.toBe('');
  return join(downloads, name);
}

describe('the walkthrough in Firefox', () => {
  let shownMae = 0;
  let zipPath = '';

  it('goes from the first screen to a downloaded model using only the page', async () => {
    await page.goto(url);
    await dom.click(button('Start with the data'));
    await expect.poll(() => new URL(page.url()).hash).toBe('#/data');

    // Step 1: Seattle is loaded by default; its quality report and split appear.
    await dom.waitFor({ text: 'Windows per split' }, 60_000);
    await expect.poll(() => dom.visible({ text: '1,461' })).toBe(true);
    await next('Next: Architecture');

    // Step 2: the default GRU with its layer table.
    await dom.check({ role: 'radio', name: /GRU/ });
    await expect.poll(() => dom.visible({ text: 'gru_1' }), { timeout: 30_000 }).toBe(true);
    await next('Next: Training');

    // Step 3: a short training in the worker, on the wasm backend.
    await expect.poll(() => dom.text({ testId: 'backend' }), { timeout: 60_000 }).toContain('wasm');
    await dom.fill(epochsField(), '4');
    await dom.click(button('Start training'));
    await next('Next: Evaluation');

    // Step 4: the test MAE beside the baselines.
    await dom.waitFor({ testId: 'metrics-table' });
    const trainedMae = celsius(await firstCell('metrics-table'));
    expect(trainedMae).toBeGreaterThan(1);
    expect(trainedMae).toBeLessThan(6);
    await expect.poll(() => dom.text({ testId: 'verdict' })).toMatch(/mean absolute error is \d+\.\d\d °C/);
    await next('Next: Fine-tuning');

    // Step 5: continue training at a lower learning rate; before/after appears.
    const cont: Query = { css: 'section', has: { role: 'heading', name: /Continue training/ } };
    await dom.fill(epochsField(cont), '2');
    await dom.click({ testId: 'continue' });
    await dom.waitFor({ testId: 'before-after' }, 120_000);
    const testRow = await dom.text({ within: { within: { testId: 'before-after' }, css: 'tbody tr', hasText: 'Test MAE' }, css: 'td' });
    expect(celsius(testRow)).toBeCloseTo(trainedMae, 2);
    await expect.poll(() => dom.text({ testId: 'continue-outcome' })).toMatch(/validation MAE \d\.\d\d °C → \d\.\d\d °C/i);
    await next('Next: Export');

    // Step 6: the model card shows the selected run's MAE; the zip is downloaded by Firefox itself
    // (the page's <a download> on a blob: URL) into the folder set above.
    await dom.waitFor({ testId: 'card-metrics' });
    shownMae = celsius(await firstCell('card-metrics'));
    await dom.click({ testId: 'download' });
    zipPath = await downloaded();
    expect(zipPath.split('/').at(-1)).toMatch(/^weather-model-seattle-wa-gru-temp_max\.zip$/);

    // "Use it": load the zip we just downloaded; its test vectors pass and it forecasts.
    await dom.upload({ css: 'input#bundle' }, zipPath);
    await expect.poll(() => dom.text({ testId: 'check' }), { timeout: 60_000 }).toMatch(/pass/i);
    await dom.waitFor({ testId: 'forecast' });
    expect(await dom.text({ testId: 'forecast' })).toMatch(/2016-01-01/);
    expect(await pageErrors()).toEqual([]);
  });

  it('the zip Firefox downloaded reproduces, in Node, the test MAE the page showed', async () => {
    const { files, passed, mae, metadataMae } = await zipMaeInNode(zipPath);
    expect(files).toEqual(ZIP_FILES);
    expect(passed).toBe(true);
    expect(Math.abs(mae - shownMae)).toBeLessThanOrEqual(0.005 + 1e-9); // the page shows 2 decimals
    expect(mae).toBeCloseTo(metadataMae, 4);
  });

  it('keeps runs and settings over a reload, and browser back returns to the previous step', async () => {
    await page.goBack();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/fine-tuning');
    await page.goto(`${url}#/evaluation`);
    await page.reload();
    await dom.waitFor({ testId: 'metrics-table' }, 60_000);
    // The selected run after the reload is the one whose MAE the export card showed.
    expect(celsius(await firstCell('metrics-table'))).toBeCloseTo(shownMae, 2);
    await page.goto(`${url}#/training`);
    await expect.poll(() => dom.value(epochsField())).toBe('4');
  });

  it('runs under the Content-Security-Policy without violations', async () => {
    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    expect(violations).toEqual([]);
  });

  it('made no request outside its own origin', () => {
    const origin = new URL(url).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(3);
  });
});
