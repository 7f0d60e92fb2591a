/**
 * A layout for learning, in Debian Chromium on the built app: at 1280×900 and 390×844 the Start
 * button, the live curve and the progress meter share one viewport after Start is pressed; the phone
 * header is at most 100 px tall; Next stays on screen on the long Data and Export pages.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';

const app = { url: inject('appUrl') };
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

async function open(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(`${app.url}#/data`);
  await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
  return page;
}

/** The box of an element in the viewport, as the user sees it without scrolling. */
async function box(page: Page, locator: ReturnType<Page['locator']>): Promise<{ top: number; bottom: number }> {
  const b = (await locator.boundingBox())!;
  expect(b, 'element is rendered').not.toBeNull();
  return { top: b.y, bottom: b.y + b.height };
}

async function expectStartCurveAndProgressInView(page: Page, height: number): Promise<void> {
  await page.goto(`${app.url}#/training`);
  await page.getByRole('spinbutton', { name: /^Epochs/ }).fill('3');
  await page.evaluate(() => window.scrollTo({ top: 0 }));
  const start = page.getByRole('button', { name: 'Start training' });
  await start.click();
  await expect.poll(() => page.getByRole('button', { name: 'Stop' }).isEnabled(), { timeout: 60_000 }).toBe(true);
  // Clicking must not have scrolled the page: what we measure is what the learner sees on arrival.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // The Next bar sticks to the window bottom: what it covers is not on screen.
  const visibleBottom = Math.min(height, (await box(page, page.locator('div.nav'))).top);
  for (const [what, locator] of [
    ['Start', start],
    ['Stop', page.getByRole('button', { name: 'Stop' })],
    ['the curve', page.getByRole('img', { name: /Training and validation mean absolute error per epoch/ })],
    ['the progress', page.getByRole('progressbar', { name: 'Training progress' })],
  ] as const) {
    const b = await box(page, locator);
    expect(b.top, `${what} top`).toBeGreaterThanOrEqual(0);
    expect(b.bottom, `${what} bottom`).toBeLessThanOrEqual(visibleBottom);
  }
  await page.getByRole('button', { name: 'Next: Evaluation' }).waitFor({ timeout: 120_000 });
  await expect.poll(() => page.getByRole('button', { name: 'Next: Evaluation' }).isEnabled(), { timeout: 120_000 }).toBe(true);
}

describe('a layout for learning', () => {
  it('at 1280×900: Start, Stop, the live curve and the progress in one viewport; Next on screen on the long Data page', async () => {
    const page = await open(1280, 900);
    await page.evaluate(() => window.scrollTo({ top: 0 }));
    const next = await box(page, page.getByRole('button', { name: 'Next: Architecture' }));
    expect(next.bottom).toBeLessThanOrEqual(900);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(1800);
    await expectStartCurveAndProgressInView(page, 900);
    await page.context().close();
  });

  it('at 390×844: the header is at most 100 px tall, and Start, the curve and the progress share the screen', async () => {
    const page = await open(390, 844);
    const header = await box(page, page.locator('forecast-app header'));
    expect(header.bottom - header.top).toBeLessThanOrEqual(100);
    await expectStartCurveAndProgressInView(page, 844);
    await page.context().close();
  });
});
