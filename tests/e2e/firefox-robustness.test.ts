/**
 * The robustness cases of robustness.test.ts in Debian's firefox-esr (puppeteer-core over
 * WebDriver BiDi): a bad CSV upload, NaN loss, Stop mid-training, a reload mid-training,
 * corrupted saved state, and 50 consecutive trainings without growing worker memory. Firefox
 * exposes neither `gc()` nor `performance.memory`, so only the worker's tensor count is compared.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchFirefox, watchPageErrors } from '../firefox.ts';
import { Dom, type Query } from './firefox-dom.ts';
import { damageSavedSettings } from './actions.ts';

const url = inject('appUrl');
const work = mkdtempSync(join(tmpdir(), 'forecast-firefox-robust-'));
let browser: Browser;
let page: Page;
let dom: Dom;
let pageErrors: () => Promise<string[]>;

beforeAll(async () => {
  browser = await launchFirefox();
  page = await browser.newPage();
  dom = await Dom.attach(page);
  pageErrors = await watchPageErrors(page);
  await page.goto(`${url}#/data`);
  await dom.waitFor({ text: 'Windows per split' }, 60_000);
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const spin = (name: RegExp): Query => ({ role: 'spinbutton', name });
const startButton: Query = { role: 'button', name: 'Start training', exact: true };
const runRadios: Query = { role: 'radio', name: /· (train|continue) #\d+/ };
const alert = (hasText: string | RegExp): Query => ({ role: 'alert', hasText });

async function until(check: () => Promise<boolean>, timeout = 120_000): Promise<void> {
  await expect.poll(check, { timeout, interval: 100 }).toBe(true);
}

async function setTraining(values: { epochs?: string; learningRate?: string; patience?: string; optimizer?: string }): Promise<void> {
  if (values.optimizer) await dom.select({ role: 'combobox', name: 'Optimizer' }, values.optimizer);
  if (values.epochs) await dom.fill(spin(/^Epochs/), values.epochs);
  if (values.learningRate) await dom.fill(spin(/^Learning rate/), values.learningRate);
  if (values.patience) await dom.fill(spin(/^Early-stopping patience/), values.patience);
}

describe('robustness in Firefox', () => {
  it('a bad CSV upload names line and column, and the loaded dataset stays', async () => {
    const file = join(work, 'station.csv');
    writeFileSync(file, 'date,temp_max,wind\n2020-01-01,3.1,2\n2020-01-02,abc,2\n2020-01-03,4.0,3\n');
    await dom.upload({ css: 'input#file' }, file);
    await dom.waitFor(alert('is not a number'), 30_000);
    expect(await dom.text(alert('is not a number'))).toMatch(/Line 3, column "temp_max": "abc" is not a number/);
    // Seattle is still loaded and prepared.
    expect(await dom.visible({ text: '1,461' })).toBe(true);
    expect(await dom.visible({ text: 'Windows per split' })).toBe(true);
  });

  it('NaN loss stops training with advice, and Start works again', async () => {
    await page.goto(`${url}#/training`);
    await setTraining({ optimizer: 'sgd', learningRate: '10', epochs: '5', patience: '0' });
    await dom.click(startButton);
    await dom.waitFor(alert('Lower the learning rate'), 60_000);
    expect(await dom.text(alert('Lower the learning rate'))).toMatch(/NaN or infinite at epoch 1/);
    await until(() => dom.enabled(startButton));
    expect(await dom.count(runRadios)).toBe(0);
  });

  it('Stop mid-training keeps a usable run; Start cannot be pressed twice', async () => {
    await setTraining({ optimizer: 'adam', learningRate: '0.003', epochs: '200', patience: '0' });
    await dom.click(startButton);
    await until(() => dom.disabled(startButton));
    await dom.waitFor({ text: /Epoch ([2-9]|\d\d+)\/200/ }, 60_000);
    expect(await dom.disabled(startButton)).toBe(true);
    await dom.click({ role: 'button', name: 'Stop', exact: true });
    await dom.waitFor({ text: 'Stopped; the best weights so far are kept.' }, 30_000);
    expect(await dom.visible({ text: 'Stopped by you' })).toBe(true);
    expect(await dom.count(runRadios)).toBe(1);
    await until(() => dom.enabled({ role: 'button', name: 'Next: Evaluation', exact: true }));
  });

  it('a reload mid-training keeps finished runs and settings, and the interrupted run with its epochs and curve', async () => {
    await dom.click(startButton);
    // Wait for two finished epochs, so that there is a curve to keep.
    await dom.waitFor({ text: /Epoch [3-9]\/200|Epoch \d\d+\/200/ }, 60_000);
    await page.reload();
    await dom.waitFor(runRadios, 60_000);
    expect(await dom.count(runRadios)).toBe(1);
    await until(async () => (await dom.value(spin(/^Epochs/))) === '200');
    expect(await dom.value(spin(/^Learning rate/))).toBe('0.003');
    await until(() => dom.enabled(startButton));
    await dom.waitFor(alert(/was interrupted at epoch \d+ of 200/), 30_000);
    await page.goto(`${url}#/experiments`);
    const row: Query = { within: { testId: 'runs-table' }, css: 'tbody tr', hasText: /interrupted at epoch \d+ of 200/ };
    await dom.waitFor(row, 30_000);
    const epochs = Number(/interrupted at epoch (\d+) of 200/.exec(await dom.text(row))![1]);
    expect(epochs).toBeGreaterThanOrEqual(2);
    // Its curve is kept: the row can be ticked to overlay it.
    expect(await dom.enabled({ within: row, role: 'checkbox' })).toBe(true);
    await page.goto(`${url}#/training`);
  });

  it('corrupted saved settings are detected and reset with a message; the runs are kept', async () => {
    await page.goto(`${url}#/training`);
    await until(async () => (await dom.count(runRadios)) > 0);
    const runsBefore = await dom.count(runRadios);
    await page.evaluate(damageSavedSettings);
    await page.reload();
    await dom.waitFor(alert('could not be read'), 30_000);
    await until(async () => (await dom.value(spin(/^Epochs/))) === '30');
    await until(async () => (await dom.count(runRadios)) === runsBefore);
  });

  it('50 consecutive trainings keep worker tensors flat', async () => {
    await page.goto(`${url}#/architecture`);
    await dom.check({ role: 'radio', name: /^Linear/ });
    await page.goto(`${url}#/training`);
    await setTraining({ epochs: '1' });
    const tensors: number[] = [];
    const memory = { testId: 'worker-memory' };
    // The runs of the tests before are kept (a damaged setting no longer resets them).
    const before = await dom.count(runRadios);
    for (let i = 1; i <= 50; i++) {
      await until(() => dom.enabled(startButton));
      await dom.click(startButton);
      await until(async () => (await dom.count(runRadios)) === before + i);
      await until(() => dom.enabled(startButton));
      await until(async () => /Worker memory: \d+ tensors/.test(await dom.text(memory)));
      if (i === 10 || i === 50) {
        // The count is refreshed after each job; wait for the one that follows run i.
        await new Promise((r) => setTimeout(r, 300));
        tensors.push(Number(/(\d[\d,]*) tensors/.exec(await dom.text(memory))![1].replace(/,/g, '')));
      }
    }
    console.log(`Firefox: worker tensors after 10 and 50 trainings: ${tensors.join(', ')}`);
    expect(tensors[1]).toBe(tensors[0]);
    expect(await pageErrors()).toEqual([]);
  });
});
