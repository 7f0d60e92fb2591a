/**
 * Weather files as NOAA, Open-Meteo, Meteostat and spreadsheets write them load with no options, the
 * target being the daily maximum temperature in °C: the persistence MAE over the test period equals one
 * computed here, independently, from the file's own values converted to °C.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { persistenceForecast } from '../../src/ml/baselines/baselines.ts';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { roleOfTableColumn } from '../../src/ml/data/mapping.ts';
import { actualValues, prepareData } from '../../src/ml/data/prepare.ts';
import { defaultTarget } from '../../src/ml/data/roles.ts';
import { DEFAULT_FRACTION_SPLIT } from '../../src/ml/data/split.ts';
import { FORMATS, makeFormat, SHORT_DAY, type FormatFile } from '../fixtures/formats/make-formats.ts';

const DIR = join(import.meta.dirname, '../fixtures/formats');
const text = (file: FormatFile) => readFileSync(join(DIR, file), 'utf8');

/** The file's daily maximum temperature in °C by ISO date, read without the app's parser. */
function sourceMaxima(file: FormatFile): Map<string, number> {
  const body = text(file).replace(/^latitude,[^\n]*\n[^\n]*\n\n/, '');
  const rows = Papa.parse<Record<string, string>>(body.trim(), { header: true, delimiter: file.includes('day-first') ? ';' : ',' }).data;
  const fromF = (f: number) => ((f - 32) * 5) / 9;
  const out = new Map<string, number>();
  for (const row of rows) {
    if (file === 'open-meteo-hourly.csv') {
      const date = row.time.slice(0, 10);
      const t = Number(row['temperature_2m (°C)']);
      out.set(date, Math.max(out.get(date) ?? -Infinity, t));
    } else if (file === 'spreadsheet-us.csv') {
      const [m, d, y] = row.Date.split('/');
      out.set(`${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`, fromF(Number(row['Max Temp'])));
    } else if (file === 'spreadsheet-day-first.csv') {
      const [d, m, y] = row.Date.split('.');
      out.set(`${y}-${m}-${d}`, Number(row.High));
    } else if (file.startsWith('noaa')) {
      out.set(row.DATE, file === 'noaa-cdo-standard.csv' ? fromF(Number(row.TMAX)) : Number(row.TMAX));
    } else {
      out.set(row.date ?? row.time, Number(row.tmax ?? row['temperature_2m_max (°C)']));
    }
  }
  return out;
}

const previousDay = (iso: string) => new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);

describe('weather files as the public sources write them', () => {
  const files = Object.keys(FORMATS) as FormatFile[];

  it('are the files make-formats.ts makes from the shipped Seattle record', () => {
    for (const file of files) expect(text(file), file).toBe(makeFormat(file));
  });

  it.each(files)('%s: target = daily maximum temperature in °C, persistence MAE equals the source values’', (file) => {
    const parsed = parseWeatherCsv(text(file));
    const columns = Object.keys(parsed.table.columns);
    const target = defaultTarget(columns, (c) => roleOfTableColumn(parsed.mapping, c));
    expect(target).toBe(FORMATS[file].target);
    expect(parsed.table.units[target!]).toBe('°C');

    const data = prepareData(parsed.table, {
      features: { target: target!, inputs: [target!], seasonal: false },
      window: { lookbackDays: 7, horizonDays: 1 },
      split: DEFAULT_FRACTION_SPLIT,
    });
    const forecast = persistenceForecast(data, data.test);
    const actual = actualValues(data, data.test);
    const appMae = forecast.reduce((sum, f, i) => sum + Math.abs(f - actual[i]), 0) / forecast.length;

    const source = sourceMaxima(file);
    const testDates = data.dates.slice(data.test.anchors[0] + 1, data.test.anchors[data.test.count - 1] + 2);
    expect(testDates).toHaveLength(data.test.count);
    const sourceMae = testDates.reduce((sum, d) => sum + Math.abs(source.get(d)! - source.get(previousDay(d))!), 0) / testDates.length;
    expect(appMae).toBeGreaterThan(1);
    expect(Math.abs(appMae - sourceMae)).toBeLessThan(1e-5);
  });

  it('shows each conversion in the mapping (NOAA standard units: °F, in, mph)', () => {
    const { mapping, table } = parseWeatherCsv(text('noaa-cdo-standard.csv'));
    const row = (column: string) => mapping.find((m) => m.column === column)!;
    expect([row('TMAX').fileUnit, row('TMAX').unit, row('PRCP').fileUnit, row('AWND').fileUnit]).toEqual(['°F', '°C', 'in', 'mph']);
    expect(row('TMAX').note).toMatch(/^°F → °C; NOAA standard units/);
    const source = Papa.parse<Record<string, string>>(text('noaa-cdo-standard.csv').trim(), { header: true }).data;
    expect(table.columns.PRCP[0]).toBeCloseTo(Number(source[0].PRCP) * 25.4, 9);
    expect(table.columns.AWND[0]).toBeCloseTo(Number(source[0].AWND) * 0.44704, 9);
    expect(row('TAVG')).toMatchObject({ role: 'ignore', note: 'every cell is empty' });
    expect(row('STATION')).toMatchObject({ role: 'ignore', note: 'text, not numbers' });
  });

  it('a wrong unit chosen in the mapping is caught: °F numbers read as °C are named as looking like °F', () => {
    const { report, table } = parseWeatherCsv(text('noaa-cdo-standard.csv'), { mapping: { TMAX: { unit: '°C' } } });
    expect(table.units.TMAX).toBe('°C');
    expect(report.warnings.find((w) => w.startsWith('Column "TMAX" has a median'))).toMatch(/looks like °F rather than °C\. Choose °F for it in the column mapping/);
  });

  it('aggregates hourly rows to days by role and reports the short day', () => {
    const { table, mapping, report, notes } = parseWeatherCsv(text('open-meteo-hourly.csv'));
    expect(report.warnings.some((w) => w.startsWith('Hourly'))).toBe(false);
    expect(notes).toContain(
      'Hourly data: 26,268 rows → 1,095 days, 2013-01-01 to 2015-12-31 (24 readings a day; 1 day with fewer than 18 left missing). Days are local days at UTC−8.',
    );
    expect(mapping.find((m) => m.column === 'temperature_2m (°C)')!.names).toEqual(['temperature_2m_max', 'temperature_2m_min', 'temperature_2m_mean']);
    expect(mapping.find((m) => m.column === 'precipitation (mm)')!.note).toContain('daily sum');
    expect(table.dates).toHaveLength(1095);
    // The short day is interpolated, not taken from its 12 hours; the day after it is complete.
    const i = table.dates.indexOf(SHORT_DAY);
    expect(report.repairs.find((r) => r.column === 'temperature_2m_max')?.dates).toEqual([SHORT_DAY]);
    expect(table.columns.temperature_2m_max[i]).toBeCloseTo((table.columns.temperature_2m_max[i - 1] + table.columns.temperature_2m_max[i + 1]) / 2, 9);
    // Daily precipitation is the source's day total; daily wind the km/h readings in m/s.
    const seattle = readFileSync(join(import.meta.dirname, '../../datasets/seattle.csv'), 'utf8').split('\n').find((l) => l.startsWith('2014-11-20'))!.split(',');
    const day = table.dates.indexOf('2014-11-20');
    expect(table.columns.precipitation[day]).toBeCloseTo(Number(seattle[1]), 9);
    expect(table.columns.temperature_2m_max[day]).toBeCloseTo(Number(seattle[2]), 9);
    expect(table.columns.wind_speed_10m_mean[day]).toBeCloseTo(Number((Number(seattle[4]) * 3.6).toFixed(1)) / 3.6, 9);
  });
});
