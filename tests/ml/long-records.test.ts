import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { defaultInputs, isFlagColumn } from '../../src/ml/data/inputs.ts';
import { DataSpecError, prepareData, type DataSpec } from '../../src/ml/data/prepare.ts';
import { defaultTarget, roleOf } from '../../src/ml/data/roles.ts';
import { trainStartRow } from '../../src/ml/data/split.ts';
import { DEFAULT_WINDOW } from '../../src/ml/data/windows.ts';
import { datasetInfo, isDatasetId, LONG_RECORD_SPLIT, LONG_RECORDS } from '../../src/ml/datasets.ts';

const root = join(import.meta.dirname, '../..');
const toledo = parseWeatherCsv(readFileSync(join(root, 'datasets', LONG_RECORDS.USW00094830.file), 'utf8'));
const spec = (trainYears?: number): DataSpec => ({
  features: { target: 'tmaxi', inputs: ['tmini', 'tmaxi'], seasonal: true },
  window: DEFAULT_WINDOW,
  split: trainYears === undefined ? LONG_RECORD_SPLIT : { ...LONG_RECORD_SPLIT, trainYears },
});

describe('the 50-year records', () => {
  it('ships six stations, named only where verified', () => {
    const records = Object.values(LONG_RECORDS);
    expect(records).toHaveLength(6);
    expect(records.filter((r) => r.station !== null).map((r) => r.id).sort()).toEqual(['USW00014740', 'USW00023050', 'USW00024130', 'USW00094830']);
    expect(LONG_RECORDS.USW00013880.label).toBe('USW00013880 (name not verified)');
    expect(datasetInfo('USW00094830').label).toBe('Toledo Express Airport, OH (USW00094830)');
    expect(isDatasetId('USW00094830') && isDatasetId('seattle') && !isDatasetId('USW00000000')).toBe(true);
    for (const r of records) expect(readFileSync(join(root, 'datasets', r.file), 'utf8').startsWith('date,tmini,tmaxi,interpolated\n'), r.id).toBe(true);
  });

  it('reads tmaxi / tmini as daily max / min temperature in °C, forecasts tmaxi, and leaves the interpolated flag out of the inputs', () => {
    const { table } = toledo;
    expect(table.dates).toHaveLength(18262);
    expect([table.dates[0], table.dates.at(-1)]).toEqual(['1960-01-02', '2009-12-31']);
    expect(roleOf('tmaxi')).toBe('temp_max');
    expect(roleOf('tmini')).toBe('temp_min');
    expect(table.units).toMatchObject({ tmaxi: '°C', tmini: '°C' });
    const columns = Object.keys(table.columns);
    expect(defaultTarget(columns)).toBe('tmaxi');
    expect(isFlagColumn('interpolated')).toBe(true);
    expect(isFlagColumn('tmaxi')).toBe(false);
    expect(defaultInputs(columns)).toEqual(['tmini', 'tmaxi']);
    expect(table.columns.interpolated.reduce((a, b) => a + b, 0)).toBe(3);
    // The flag's rare 1s are not outliers, and no warning calls them "extreme".
    expect(toledo.report.columns.interpolated.outliers.count).toBe(0);
    expect(toledo.report.warnings.filter((w) => w.includes('"interpolated"'))).toEqual([]);
  });

  it('tests on 2008–2009 and learns from the chosen number of years before it, validation last', () => {
    const four = prepareData(toledo.table, spec(4));
    expect(four.periods.train.start).toBe('2004-01-15');
    expect(four.periods.validation.end).toBe('2007-12-31');
    expect([four.periods.test.start, four.periods.test.end, four.periods.test.windows]).toEqual(['2008-01-01', '2009-12-31', 731]);
    expect(four.validation.count).toBe(Math.round((four.train.count + four.validation.count) * 0.1));
    const all = prepareData(toledo.table, spec());
    expect(prepareData(toledo.table, spec(48)).train.count).toBe(all.train.count);
    expect(all.periods.train.start).toBe('1960-01-16');
    expect(all.test.count).toBe(four.test.count);
    const one = prepareData(toledo.table, spec(1));
    expect(one.periods.train.start).toBe('2007-01-15');
    expect(one.train.count + one.validation.count).toBe(365 - 14);
  });

  it('fits the normalization on the chosen years only', () => {
    const four = prepareData(toledo.table, spec(4));
    const from = trainStartRow(toledo.table.dates, four.testStartRow, 4);
    expect(toledo.table.dates[from]).toBe('2004-01-01');
    const lastTrainRow = four.train.anchors[four.train.count - 1] + 1;
    const values = toledo.table.columns.tmaxi.slice(from, lastTrainRow + 1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(four.normalizer.mean[0]).toBeCloseTo(mean, 6);
    expect(prepareData(toledo.table, spec()).normalizer.mean[0]).not.toBeCloseTo(mean, 2);
  });

  it('refuses a number of years outside the table with the same words as everywhere', () => {
    expect(() => prepareData(toledo.table, spec(0))).toThrow(DataSpecError);
    expect(() => prepareData(toledo.table, spec(49))).toThrow('Training years must be a whole number from 1 to 48 (got 49).');
  });
});
