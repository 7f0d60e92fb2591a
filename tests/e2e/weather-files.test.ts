/**
 * Weather files as the sources write them, uploaded in the browser: each loads with the same column
 * mapping as in Node, the target being the daily maximum temperature in °C; a changed mapping survives
 * a reload and is in the bundle's metadata.json; a model trained on °F data forecasts in °C, as its
 * mapping states; numeric dates whose order the data does not tell ask for it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { unzipSync, strFromU8 } from 'fflate';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { FORMATS, type FormatFile } from '../fixtures/formats/make-formats.ts';
import { makeHourlyCsv } from '../../bench/parse.ts';

const url = inject('appUrl');
const FORMATS_DIR = join(import.meta.dirname, '../fixtures/formats');
const work = mkdtempSync(join(tmpdir(), 'forecast-files-'));
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${url}#/data`);
  await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  await expect.poll(check, { timeout, interval: 100 }).toBe(true);
}

const mappingTable = () => page.getByRole('region', { name: 'Column mapping' });

/** Each row of the mapping table as the page shows it: column, role, unit in the file, what the model sees. */
async function shownMapping(): Promise<string[][]> {
  return mappingTable()
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => {
        const cells = [...row.children] as HTMLElement[];
        const value = (cell: HTMLElement) => cell.querySelector('select')?.selectedOptions[0]?.textContent?.trim() ?? cell.textContent!.replace(/\s+/g, ' ').trim();
        return cells.slice(0, 4).map(value);
      }),
    );
}

async function upload(file: string, expectColumn: string): Promise<void> {
  await page.locator('input#file').setInputFiles(file);
  await until(async () => (await page.getByText(`Using your file ${file.split('/').pop()}`).count()) > 0 && (await mappingTable().getByText(expectColumn, { exact: true }).count()) > 0);
  await page.getByText('Windows per split').waitFor();
}

describe('weather files in the browser', () => {
  it.each(Object.keys(FORMATS) as FormatFile[])('%s loads with the mapping the core detects, the target in °C', async (file) => {
    const path = join(FORMATS_DIR, file);
    const parsed = parseWeatherCsv(readFileSync(path, 'utf8'));
    await upload(path, parsed.mapping[0].column);
    const rows = await shownMapping();
    expect(rows.map((r) => r[0])).toEqual(parsed.mapping.map((m) => m.column));
    for (const [i, m] of parsed.mapping.entries()) {
      if (m.role === 'ignore') continue;
      expect(rows[i][2], `${m.column}'s unit`).toBe(m.fileUnit || 'unknown');
      expect(rows[i][3]).toContain(`${m.names.join(', ')}${m.unit ? ` in ${m.unit}` : ''}`);
    }
    expect(await page.locator('select#target').inputValue()).toBe(FORMATS[file].target);
    expect(await page.locator('select#target').locator('option:checked').textContent()).toBe(`${FORMATS[file].target} (°C)`);
  });

  it('asks for the date order when the data does not tell, and loads the file in the order chosen', async () => {
    const file = join(work, 'two-days.csv');
    writeFileSync(file, 'Date,High\n1/1/2012,5\n1/2/2012,6\n');
    await page.locator('input#file').setInputFiles(file);
    await page.getByRole('alert').filter({ hasText: 'could be month/day/year or day/month/year' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /Month first/ }).click();
    await until(async () => (await page.getByText('Using your file two-days.csv').count()) > 0);
    expect(await page.getByText('Dates read as month/day/year, as chosen.').count()).toBe(1);
  });

  it('a large file shows how much of it the worker has read, then loads', async () => {
    // ≈ 25 MB of hourly rows: the worker reports about every MiB.
    const text = makeHourlyCsv();
    const cut = text.lastIndexOf('\n', 25 * 1024 * 1024) + 1;
    const path = join(work, 'big-hourly.csv');
    writeFileSync(path, text.slice(0, cut));
    const seen: string[] = [];
    const meter = page.locator('progress-meter[label="Reading big-hourly.csv"]');
    await page.locator('input#file').setInputFiles(path);
    await until(async () => {
      const detail = (await meter.count()) > 0 ? await meter.getAttribute('detail').catch(() => null) : null;
      if (detail && !seen.includes(detail)) seen.push(detail);
      return (await page.getByText('Using your file big-hourly.csv').count()) > 0;
    }, 120_000);
    expect(seen.length, 'progress shown while reading').toBeGreaterThan(0);
    for (const d of seen) expect(d).toMatch(/^\d+ of 25 MB read$/);
    const read = seen.map((d) => Number(/^(\d+)/.exec(d)![1]));
    expect([...read].sort((a, b) => a - b)).toEqual(read);
    await page.getByText('Windows per split').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('a changed mapping survives a reload and is in metadata.json; a model trained on °F data forecasts in °C', async () => {
    const path = join(FORMATS_DIR, 'noaa-cdo-standard.csv');
    await upload(path, 'STATION');
    await mappingTable().getByLabel('Role of AWND').selectOption('ignore');
    await until(async () => (await mappingTable().getByText('ignored, as you chose').count()) === 1);
    expect(await page.getByRole('checkbox', { name: 'AWND' }).count()).toBe(0);

    await page.reload();
    await mappingTable().getByText('ignored, as you chose').waitFor({ timeout: 60_000 });
    expect(await mappingTable().getByRole('button', { name: 'Reset' }).count()).toBe(1);

    await page.goto(`${url}#/architecture`);
    await page.getByRole('radio', { name: /Linear/ }).check();
    await page.goto(`${url}#/training`);
    await page.getByRole('spinbutton', { name: /^Epochs/ }).fill('3');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText(/Training finished/).first().waitFor({ timeout: 120_000 });
    await page.goto(`${url}#/export`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const zip = join(work, download.suggestedFilename());
    await download.saveAs(zip);

    const files = unzipSync(new Uint8Array(readFileSync(zip)));
    const metadata = JSON.parse(strFromU8(files['metadata.json']));
    const column = (name: string) => metadata.dataset.columns.find((c: { column: string }) => c.column === name);
    expect(column('AWND')).toMatchObject({ role: 'ignore', changed: true });
    expect(column('TMAX')).toMatchObject({ role: 'temp_max', fileUnit: '°F', unit: '°C', changed: false });
    expect(metadata.target).toMatchObject({ name: 'TMAX', units: '°C' });
    expect(metadata.features.map((f: { name: string }) => f.name)).not.toContain('AWND');
    expect(strFromU8(files['README.md'])).toMatch(/TMAX: °F → °C/);

    // The test vectors' rows are the file's °F values in °C, and the forecast is in °C too.
    const source = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').trim(), { header: true }).data;
    const fahrenheit = new Map(source.map((r) => [r.DATE, Number(r.TMAX)]));
    const vectors = JSON.parse(strFromU8(files['test-vectors.json']));
    for (const v of vectors.vectors ?? vectors) {
      const last = v.rows[v.rows.length - 1];
      expect(last.values.TMAX).toBeCloseTo(((fahrenheit.get(last.date)! - 32) * 5) / 9, 6);
      expect(Math.abs(v.expected[0] - last.values.TMAX)).toBeLessThan(12);
    }
    expect(pageErrors).toEqual([]);
  });
});
