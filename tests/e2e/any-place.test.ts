/**
 * Any place on Earth, in Chromium, against a fake Open-Meteo: the page's requests to the two Open-Meteo
 * origins are answered by tests/fixtures/open-meteo/responses.ts (never the real network). Nothing is
 * requested before the user searches; the CSP allows exactly those two origins; a downloaded place with
 * pressure and humidity trains like any dataset and its inputs can be toggled to compare; offline, a
 * search says so and the loaded data stays; a second download comes from the cache.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { answer } from '../fixtures/open-meteo/responses.ts';

const url = inject('appUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;
const openMeteo: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route(/^https:\/\/(geocoding-api|archive-api)\.open-meteo\.com\//, async (route) => {
    openMeteo.push(route.request().url());
    const { status, body } = answer(new URL(route.request().url()));
    await route.fulfill({ status, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(body) });
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${url}#/data`);
  await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
});

async function until(check: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  await expect.poll(check, { timeout, interval: 100 }).toBe(true);
}

async function trainLinear(): Promise<void> {
  await page.goto(`${url}#/training`);
  await page.getByRole('spinbutton', { name: /^Epochs/ }).fill('3');
  const before = await page.getByRole('radio', { name: /· train #\d+/ }).count();
  await page.getByRole('button', { name: 'Start training' }).click();
  await until(async () => (await page.getByRole('radio', { name: /· train #\d+/ }).count()) === before + 1, 120_000);
}

describe('any place on Earth, against a fake Open-Meteo', () => {
  it('asks nothing of Open-Meteo until the user searches; the CSP allows exactly its two origins', async () => {
    expect(openMeteo).toEqual([]);
    const header = (await page.request.get(url)).headers()['content-security-policy'];
    expect(/connect-src ([^;]*)/.exec(header)![1]).toBe("'self' https://geocoding-api.open-meteo.com https://archive-api.open-meteo.com");
    await page.getByText('Any place on Earth').click();
    expect(await page.getByText('Nothing is sent until you search').isVisible()).toBe(true);
    expect(openMeteo).toEqual([]);
  });

  it('offline, a search says so and Seattle stays loaded', async () => {
    await context.setOffline(true);
    await page.getByLabel('Place name').fill('Seattle');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').filter({ hasText: 'offline' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'offline' }).textContent()).toContain('the data already loaded stays');
    expect(await page.getByText('Seattle, WA · NOAA Climate Data Online').isVisible()).toBe(true);
    await context.setOffline(false);
  });

  it('finds a place, downloads its history with pressure and humidity, and maps it like an uploaded file', async () => {
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('radio', { name: /Seattle, Washington, United States/ }).waitFor();
    expect(openMeteo.at(-1)).toBe('https://geocoding-api.open-meteo.com/v1/search?name=Seattle&count=10&language=en&format=json');
    await page.getByLabel('From year').fill('2012');
    await page.getByLabel('From year').dispatchEvent('change');
    await page.getByLabel('To year').fill('2015');
    await page.getByLabel('To year').dispatchEvent('change');
    await page.getByRole('button', { name: 'Download 4 years and use them' }).click();
    await page.getByText('Loaded Seattle, Washington, United States, 2012–2015.').waitFor({ timeout: 60_000 });
    await page.getByText('Windows per split').waitFor();
    expect(openMeteo.at(-1)).toMatch(/^https:\/\/archive-api\.open-meteo\.com\/v1\/archive\?latitude=47\.6062&longitude=-122\.3321&start_date=2012-01-01&end_date=2015-12-31&daily=temperature_2m_max%2C.*pressure_msl_mean%2Crelative_humidity_2m_mean&timezone=auto$/);
    const mapping = page.getByRole('region', { name: 'Column mapping' });
    expect(await mapping.getByLabel('Role of pressure_msl_mean (hPa)').inputValue()).toBe('pressure');
    expect(await mapping.getByLabel('Role of relative_humidity_2m_mean (%)').inputValue()).toBe('humidity');
    expect(await page.locator('select#target').inputValue()).toBe('temperature_2m_max');
    expect(await page.getByText(/Weather data by Open-Meteo\.com \(CC BY 4\.0\)/).first().isVisible()).toBe(true);
  });

  it('trains like any dataset, with and without pressure and humidity', async () => {
    await page.goto(`${url}#/architecture`);
    await page.getByRole('radio', { name: /Linear/ }).check();
    await trainLinear();
    expect(await page.getByRole('radio', { name: /Seattle, Washington, United States \(Open-Meteo ERA5, 2012–2015\)/ }).count()).toBe(1);
    await page.goto(`${url}#/data`);
    const inputs = page.getByRole('group', { name: 'Inputs' });
    await inputs.getByRole('checkbox', { name: 'pressure_msl_mean' }).uncheck();
    await inputs.getByRole('checkbox', { name: 'relative_humidity_2m_mean' }).uncheck();
    await page.getByText(/^\s*6 features per day \(temperature_2m_max, temperature_2m_min, precipitation_sum, wind_speed_10m_max, doy_sin, doy_cos\)/).waitFor({ timeout: 30_000 });
    await trainLinear();
    await page.goto(`${url}#/experiments`);
    const rows = page.getByTestId('runs-table').locator('tbody tr', { hasText: 'Open-Meteo ERA5' });
    await until(async () => (await rows.count()) === 2);
    const texts = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' '));
    expect(texts.filter((t) => t.includes('temperature_2m_max from 6 columns'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('temperature_2m_max from 4 columns'))).toHaveLength(1);
  });

  it('a second download of the same place and years comes from the cache', async () => {
    await page.goto(`${url}#/data`);
    const archiveRequests = openMeteo.filter((u) => u.includes('/v1/archive')).length;
    // The panel stays open once used.
    expect(await page.getByLabel('Place name').inputValue()).toBe('Seattle');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('radio', { name: /Seattle, Washington, United States/ }).waitFor();
    await page.getByLabel('From year').fill('2012');
    await page.getByLabel('From year').dispatchEvent('change');
    await page.getByLabel('To year').fill('2015');
    await page.getByLabel('To year').dispatchEvent('change');
    await page.getByRole('button', { name: 'Download 4 years and use them' }).click();
    await page.getByText('Loaded Seattle, Washington, United States, 2012–2015 from this browser’s cache.').waitFor({ timeout: 60_000 });
    expect(openMeteo.filter((u) => u.includes('/v1/archive'))).toHaveLength(archiveRequests);
    expect(pageErrors).toEqual([]);
  });
});
