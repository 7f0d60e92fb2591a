/**
 * Experiment tracking, shareable settings and reopening a model, in Debian Chromium on the built
 * app: a settings link reproduces the same run in a fresh browser profile; every training and
 * search trial is listed, sorted, exported as CSV and deleted; a downloaded zip is reopened in a
 * fresh profile, added to the runs and fine-tuned further.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { axeViolations } from './axe.ts';

const appUrl = inject('appUrl');
let browser: Browser;
const work = mkdtempSync(join(tmpdir(), 'forecast-experiments-'));
const pageErrors: string[] = [];

/** A fresh browser profile (its own IndexedDB), as a colleague opening a link would have. */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(appUrl).origin });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page };
}

async function enabled(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  await expect.poll(() => button.isEnabled(), { timeout: 120_000 }).toBe(true);
}

/** Trains with the current settings and waits until it is done. */
async function train(page: Page): Promise<void> {
  await enabled(page, 'Start training');
  await page.getByRole('button', { name: 'Start training', exact: true }).click();
  await enabled(page, 'Next: Evaluation');
  await enabled(page, 'Start training');
}

/** Downloads the experiments CSV and parses it. */
async function experimentsCsv(page: Page): Promise<Record<string, string>[]> {
  await page.goto(`${appUrl}#/experiments`);
  await page.getByTestId('runs-table').waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^weather-experiments-\d{4}-\d\d-\d\d\.csv$/);
  const path = join(work, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

async function tableRunIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="runs-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run') ?? ''));
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('experiments, shared settings and reopened models in Chromium', () => {
  let first: { context: BrowserContext; page: Page };
  let zipPath = '';

  it('a settings link opens the same setup in a fresh profile, and training gives the same result', async () => {
    first = await freshPage();
    const { page } = first;
    await page.goto(`${appUrl}#/training?data=new-york&arch=linear&epochs=3&batch=16&lr=0.01&seed=11&patience=0&colour=red`);
    await page.getByTestId('shared-link').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('shared-link').textContent()).toContain('New York, NY');
    // The query leaves the address bar, so a reload keeps later changes.
    expect(new URL(page.url()).hash).toBe('#/training');
    // The banner and the notice for a bad parameter pass axe, on a phone too.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('heading', { level: 1, name: /Training/ }).waitFor({ timeout: 60_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => page.getByRole('spinbutton', { name: /^Epochs/ }).inputValue()).toBe('3');
    await train(page);

    // "Copy settings link" writes the current setup to the clipboard.
    await page.getByTestId('share').click();
    await expect.poll(() => page.getByTestId('share-status').textContent()).toContain('Link copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('#/training?data=new-york&');
    for (const part of ['arch=linear', 'epochs=3', 'batch=16', 'lr=0.01', 'seed=11', 'patience=0', 'backend=wasm']) expect(link).toContain(part);

    const second = await freshPage();
    await second.page.goto(link);
    await second.page.getByTestId('shared-link').waitFor({ timeout: 60_000 });
    await train(second.page);
    const [a] = await experimentsCsv(page);
    const [b] = await experimentsCsv(second.page);
    await second.context.close();
    expect(b.dataset).toBe('New York, NY');
    for (const key of ['architecture', 'learningRate', 'batchSize', 'epochs', 'seed', 'backend', 'lookbackDays', 'inputs']) expect(b[key]).toBe(a[key]);
    // Same seed and backend: the same weights, hence the same metrics to the last digit.
    expect(Number(b.testMae)).toBe(Number(a.testMae));
    expect(Number(b.valMae)).toBe(Number(a.valMae));
    expect(Number(a.testMae)).toBeGreaterThan(1);
  });

  it('records trainings and search trials, sorts them, exports CSV and deletes', async () => {
    const { page } = first;
    await page.goto(`${appUrl}#/fine-tuning`);
    const search = page.locator('section', { has: page.getByRole('heading', { name: /Hyperparameter search/ }) });
    await search.getByRole('spinbutton', { name: /^Epochs per trial/ }).fill('2');
    await page.getByTestId('search').click();
    await expect.poll(async () => (await page.getByTestId('search-status').textContent()) ?? '', { timeout: 120_000 }).toMatch(/^Finished/);
    expect(await axeViolations(page)).toEqual([]); // with the ranking table

    const rows = await experimentsCsv(page);
    const trials = rows.filter((r) => r.kind === 'search trial');
    expect(rows.filter((r) => r.kind === 'training')).toHaveLength(1);
    expect(trials.length).toBeGreaterThanOrEqual(2);
    for (const t of trials) {
      expect(Number(t.valMae)).toBeGreaterThan(0);
      expect(Number(t.epochsRun)).toBe(2);
      expect(t.seed).toBe('11');
    }
    expect(await tableRunIds(page)).toHaveLength(rows.length);
    expect(await axeViolations(page)).toEqual([]); // with search trials and their empty cells

    // Sort by test MAE: ascending, then descending.
    await page.locator('button[data-sort="testMae"]').click();
    const byMae = [...rows].sort((x, y) => Number(x.testMae) - Number(y.testMae)).map((r) => r.id);
    expect(await tableRunIds(page)).toEqual(byMae);
    await page.locator('button[data-sort="testMae"]').click();
    expect(await tableRunIds(page)).toEqual([...byMae].reverse());

    // The comparison chart overlays the ticked runs.
    await page.locator('thead input[type="checkbox"]').check();
    await expect.poll(() => page.getByTestId('compare-chart').getAttribute('label')).toContain(`${rows.length} runs overlaid`);

    // Delete the worst trial: asked first, then gone, also after a reload.
    const worst = byMae.at(-1)!;
    await page.locator('thead input[type="checkbox"]').uncheck();
    await page.locator(`tr[data-run="${worst}"] input[type="checkbox"]`).check();
    await page.getByTestId('delete').click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => tableRunIds(page)).toHaveLength(rows.length - 1);
    await page.reload();
    await page.getByTestId('runs-table').waitFor({ timeout: 60_000 });
    const after = await tableRunIds(page);
    expect(after).toHaveLength(rows.length - 1);
    expect(after).not.toContain(worst);

    // Keep the trained model's zip for the next test.
    await page.goto(`${appUrl}#/export`);
    await page.getByTestId('card-metrics').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    zipPath = join(work, download.suggestedFilename());
    await download.saveAs(zipPath);
    await first.context.close();
  });

  it('reopens a downloaded zip in a fresh profile, adds it to the runs and fine-tunes it', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${appUrl}#/data`);
    await page.getByRole('radio', { name: /New York/ }).check();
    await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
    // No run yet: evaluation and fine-tuning are closed, but the export step can reopen a zip.
    await page.goto(`${appUrl}#/export`);
    await page.locator('input#bundle').setInputFiles(zipPath);
    await expect.poll(async () => (await page.getByTestId('check').textContent()) ?? '', { timeout: 60_000 }).toMatch(/pass/i);
    const shownMae = /Test MAE (\d+\.\d\d)/.exec((await page.getByTestId('imported-evaluation').textContent()) ?? '')?.[1];
    expect(shownMae).toBeDefined();
    await page.getByTestId('keep').click();
    await page.getByTestId('kept-status').waitFor();

    // It is now the selected run: evaluated on the current data...
    await page.goto(`${appUrl}#/evaluation`);
    await page.getByTestId('metrics-table').waitFor({ timeout: 60_000 });
    const firstCell = (await page.locator('[data-testid="metrics-table"] tbody tr').first().locator('td').first().textContent()) ?? '';
    expect(firstCell).toContain(shownMae!);

    // ...and fine-tuned further.
    await page.goto(`${appUrl}#/fine-tuning`);
    const cont = page.locator('section', { has: page.getByRole('heading', { name: /Continue training/ }) });
    await cont.getByRole('spinbutton', { name: /^Epochs/ }).fill('2');
    await page.getByTestId('continue').click();
    await page.getByTestId('before-after').waitFor({ timeout: 120_000 });

    const rows = await experimentsCsv(page);
    expect(rows.map((r) => r.kind)).toEqual(['reopened zip', 'fine-tuning']);
    expect(rows[1].parentId).toBe(rows[0].id);
    expect(Number(rows[1].epochsRun)).toBe(2);
    expect(Number(rows[0].testMae).toFixed(2)).toBe(shownMae);
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
