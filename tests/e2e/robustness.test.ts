/**
 * The key robustness cases in Chromium: a bad CSV upload, NaN loss, Stop mid-training, a reload
 * mid-training, corrupted saved state, and 50 consecutive trainings without growing memory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { damageSavedSettings } from './actions.ts';

const url = inject('appUrl');
const work = mkdtempSync(join(tmpdir(), 'forecast-robust-'));
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${url}#/data`);
  await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const spin = (name: RegExp) => page.getByRole('spinbutton', { name });
const startButton = () => page.getByRole('button', { name: 'Start training' });
const runRadios = () => page.getByRole('radio', { name: /· (train|continue) #\d+/ });

async function until(check: () => Promise<boolean>, timeout = 120_000): Promise<void> {
  await expect.poll(check, { timeout, interval: 100 }).toBe(true);
}

async function setTraining(values: { epochs?: string; learningRate?: string; patience?: string; optimizer?: string }): Promise<void> {
  if (values.optimizer) await page.getByLabel('Optimizer').selectOption(values.optimizer);
  if (values.epochs) await spin(/^Epochs/).fill(values.epochs);
  if (values.learningRate) await spin(/^Learning rate/).fill(values.learningRate);
  if (values.patience) await spin(/^Early-stopping patience/).fill(values.patience);
}

describe('robustness in Chromium', () => {
  it('a bad CSV upload names line and column, and the loaded dataset stays', async () => {
    const file = join(work, 'station.csv');
    writeFileSync(file, 'date,temp_max,wind\n2020-01-01,3.1,2\n2020-01-02,abc,2\n2020-01-03,4.0,3\n');
    await page.locator('input#file').setInputFiles(file);
    const alert = page.getByRole('alert').filter({ hasText: 'is not a number' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/Line 3, column "temp_max": "abc" is not a number/);
    // Seattle is still loaded and prepared.
    expect(await page.getByText('1,461').first().isVisible()).toBe(true);
    expect(await page.getByText('Windows per split').isVisible()).toBe(true);
  });

  it('NaN loss stops training with advice, and Start works again', async () => {
    await page.goto(`${url}#/training`);
    await setTraining({ optimizer: 'sgd', learningRate: '10', epochs: '5', patience: '0' });
    await startButton().click();
    const alert = page.getByRole('alert').filter({ hasText: 'Lower the learning rate' });
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/NaN or infinite at epoch 1/);
    await until(() => startButton().isEnabled());
    expect(await runRadios().count()).toBe(0);
  });

  it('Stop mid-training keeps a usable run; Start cannot be pressed twice', async () => {
    await setTraining({ optimizer: 'adam', learningRate: '0.003', epochs: '200', patience: '0' });
    await startButton().click();
    await until(() => startButton().isDisabled());
    await page.getByText(/Epoch ([2-9]|\d\d+)\/200/).first().waitFor({ timeout: 60_000 });
    expect(await startButton().isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByText('Stopped; the best weights so far are kept.').waitFor({ timeout: 30_000 });
    expect(await page.getByText('Stopped by you').isVisible()).toBe(true);
    expect(await runRadios().count()).toBe(1);
    await until(() => page.getByRole('button', { name: 'Next: Evaluation' }).isEnabled());
  });

  it('a reload mid-training keeps finished runs and settings, and the interrupted run with its epochs and curve', async () => {
    await startButton().click();
    // Wait for two finished epochs, so that there is a curve to keep.
    await page.getByText(/Epoch [3-9]\/200|Epoch \d\d+\/200/).first().waitFor({ timeout: 60_000 });
    await page.reload();
    await runRadios().first().waitFor({ timeout: 60_000 });
    expect(await runRadios().count()).toBe(1);
    await until(async () => (await spin(/^Epochs/).inputValue()) === '200');
    expect(await spin(/^Learning rate/).inputValue()).toBe('0.003');
    await until(() => startButton().isEnabled());
    await page.getByRole('alert').filter({ hasText: /was interrupted at epoch \d+ of 200/ }).waitFor({ timeout: 30_000 });
    await page.goto(`${url}#/experiments`);
    const row = page.getByTestId('runs-table').locator('tbody tr', { hasText: /interrupted at epoch \d+ of 200/ });
    await row.waitFor({ timeout: 30_000 });
    const epochs = Number(/interrupted at epoch (\d+) of 200/.exec((await row.textContent()) ?? '')![1]);
    expect(epochs).toBeGreaterThanOrEqual(2);
    // Its curve is kept: the row can be ticked to overlay it.
    expect(await row.getByRole('checkbox').isEnabled()).toBe(true);
    await page.goto(`${url}#/training`);
  });

  it('corrupted saved settings are detected and reset with a message; the runs are kept', async () => {
    await page.goto(`${url}#/training`);
    await until(async () => (await runRadios().count()) > 0);
    const runsBefore = await runRadios().count();
    await page.evaluate(damageSavedSettings);
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: 'could not be read' });
    await alert.waitFor({ timeout: 30_000 });
    await until(async () => (await spin(/^Epochs/).inputValue()) === '30');
    await until(async () => (await runRadios().count()) === runsBefore);
  });

  it('50 consecutive trainings keep worker tensors flat and the page heap bounded', async () => {
    await page.goto(`${url}#/architecture`);
    await page.getByRole('radio', { name: /^Linear/ }).check();
    await page.goto(`${url}#/training`);
    await setTraining({ epochs: '1' });
    const tensors: number[] = [];
    const heap: number[] = [];
    // The runs of the tests before are kept (a damaged setting no longer resets them).
    const before = await runRadios().count();
    for (let i = 1; i <= 50; i++) {
      await until(() => startButton().isEnabled());
      await startButton().click();
      await until(async () => (await runRadios().count()) === before + i);
      await until(() => startButton().isEnabled());
      await until(async () => /Worker memory: \d+ tensors/.test((await page.getByTestId('worker-memory').textContent()) ?? ''));
      if (i === 10 || i === 50) {
        // The count is refreshed after each job; wait for the one that follows run i.
        await page.waitForTimeout(300);
        tensors.push(Number(/(\d[\d,]*) tensors/.exec((await page.getByTestId('worker-memory').textContent())!)![1].replace(/,/g, '')));
        heap.push(await page.evaluate(() => {
          (window as unknown as { gc: () => void }).gc();
          return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
        }));
      }
    }
    console.log(`worker tensors after 10 and 50 trainings: ${tensors.join(', ')}; page heap: ${heap.map((h) => (h / 1e6).toFixed(1)).join(' MB, ')} MB`);
    expect(tensors[1]).toBe(tensors[0]);
    expect(heap[1]).toBeLessThan(heap[0] * 1.5 + 5e6);
    expect(pageErrors).toEqual([]);
  });
});
