/**
 * Two tabs of one browser, as a learner opens them: runs trained alternately in both are all kept
 * (one stored record per run), each tab shows the other's new runs within 2 s without a reload, and
 * a settings link pasted into an open tab is applied without losing the runs; and a browser that
 * refuses IndexedDB still trains, from memory, saying that nothing will survive a reload.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';

const appUrl = inject('appUrl');
let browser: Browser;
let context: BrowserContext;
let a: Page;
let b: Page;
const pageErrors: string[] = [];

const runs = (page: Page) => page.locator('label.run');

async function open(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${appUrl}#/training`);
  await page.getByRole('button', { name: 'Start training' }).waitFor({ timeout: 60_000 });
  return page;
}

async function trainIn(page: Page): Promise<void> {
  const start = page.getByRole('button', { name: 'Start training' });
  await page.getByRole('spinbutton', { name: /^Epochs/ }).fill('2');
  await expect.poll(() => start.isEnabled(), { timeout: 60_000 }).toBe(true);
  const before = await runs(page).count();
  await start.click();
  await expect.poll(() => runs(page).count(), { timeout: 120_000 }).toBe(before + 1);
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  a = await open();
  b = await open();
});

afterAll(async () => {
  await browser?.close();
});

describe('two tabs', () => {
  it('keep every run trained alternately in both, and show the other tab’s runs within 2 s', async () => {
    for (const [page, other, expected] of [[a, b, 1], [b, a, 2], [a, b, 3]] as const) {
      await trainIn(page);
      await expect.poll(() => runs(other).count(), { timeout: 2_000, interval: 100 }).toBe(expected);
    }
    await Promise.all([a.reload(), b.reload()]);
    for (const page of [a, b]) await expect.poll(() => runs(page).count(), { timeout: 60_000 }).toBe(3);
  });

  it('apply a settings link pasted into an open tab, with the banner, keeping the runs', async () => {
    await a.evaluate(() => {
      location.hash = '#/training?epochs=7&lr=0.01';
    });
    await expect.poll(() => a.getByRole('spinbutton', { name: /^Epochs/ }).inputValue(), { timeout: 30_000 }).toBe('7');
    expect(await a.getByRole('spinbutton', { name: /^Learning rate/ }).inputValue()).toBe('0.01');
    await a.getByTestId('shared-link').waitFor();
    expect(new URL(a.url()).hash).toBe('#/training');
    expect(await runs(a).count()).toBe(3);
    expect(pageErrors).toEqual([]);
  });

  it('without IndexedDB the app runs from memory, says so, and completes a training', async () => {
    const blocked = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // As in a browser that refuses site data: every IndexedDB open fails.
    await blocked.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', {
        get() {
          throw new DOMException('The user denied permission to access the database.', 'SecurityError');
        },
      });
    });
    const page = await blocked.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${appUrl}#/training`);
    await page.getByRole('alert').filter({ hasText: /Saved sessions are unavailable in this browser .*runs from memory, and nothing will survive a reload/ }).waitFor({ timeout: 60_000 });
    await trainIn(page);
    expect(await runs(page).count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await blocked.close();
  });
});
