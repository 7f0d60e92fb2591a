import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { isErrorCode } from '../../src/ml/data/quality.ts';

const dataset = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../datasets/${name}`, import.meta.url)), 'utf8');

/** The Seattle file with the precipitation of one day replaced. */
function seattleWithPrecipitation(date: string, value: string): string {
  return dataset('seattle.csv')
    .split('\n')
    .map((line) => (line.startsWith(`${date},`) ? line.replace(/^([^,]+),[^,]*/, `$1,${value}`) : line))
    .join('\n');
}

describe('outliers judged per distribution', () => {
  it("Seattle's precipitation: ordinary rainy days in a wet city are no outliers", () => {
    const { report } = parseWeatherCsv(dataset('seattle.csv'));
    expect(report.columns.precipitation.outlierRule).toBe('log-non-zero');
    expect(report.columns.precipitation.outliers).toEqual({ count: 0, examples: [] });
    expect(report.columns.temp_max.outlierRule).toBe('median-mad');
    expect(report.columns.temp_max.outliers.count).toBe(0);
    expect(report.warnings.filter((w) => /extreme values/.test(w))).toEqual([]);
  });

  it("New York's precipitation (68 % dry days, a 119 mm storm) has no outliers either", () => {
    const { report } = parseWeatherCsv(dataset('new-york.csv'));
    expect(report.columns.precipitation.outliers.count).toBe(0);
  });

  it('a 999 mm day in Seattle is still flagged, as an error code, and named in a warning', () => {
    const { report } = parseWeatherCsv(seattleWithPrecipitation('2013-06-15', '999'));
    expect(report.columns.precipitation.outliers).toEqual({ count: 1, examples: [{ date: '2013-06-15', value: 999 }] });
    expect(report.warnings.some((w) => w.startsWith('Column "precipitation" has extreme values') && w.includes('999 on 2013-06-15'))).toBe(true);
  });

  it('a -9999 day in Seattle is still flagged, and does not hide ordinary days', () => {
    const { report } = parseWeatherCsv(seattleWithPrecipitation('2014-11-02', '-9999'));
    expect(report.columns.precipitation.outliers).toEqual({ count: 1, examples: [{ date: '2014-11-02', value: -9999 }] });
    expect(report.columns.precipitation.outlierRule).toBe('log-non-zero');
  });

  it('physically impossible values are flagged: negative rain, 3,000 mm in a day', () => {
    const negative = parseWeatherCsv(seattleWithPrecipitation('2014-11-02', '-3')).report;
    expect(negative.columns.precipitation.outliers.examples).toEqual([{ date: '2014-11-02', value: -3 }]);
    const flood = parseWeatherCsv(seattleWithPrecipitation('2014-11-02', '3000')).report;
    expect(flood.columns.precipitation.outliers.examples).toEqual([{ date: '2014-11-02', value: 3000 }]);
  });

  it('a misplaced decimal point in a skewed column (559 mm for 55.9) is far past the tail', () => {
    const { report } = parseWeatherCsv(seattleWithPrecipitation('2014-11-02', '559'));
    expect(report.columns.precipitation.outliers.examples).toEqual([{ date: '2014-11-02', value: 559 }]);
  });

  it('knows error codes from real values', () => {
    for (const v of [999, -999, 9999, -9999, 999999, 999.9]) expect(isErrorCode(v), String(v)).toBe(true);
    for (const v of [0, 9, 99, 99.9, 55.9, 998, 1000, -99]) expect(isErrorCode(v), String(v)).toBe(false);
  });
});
