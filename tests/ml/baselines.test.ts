import { describe, expect, it } from 'vitest';
import { BASELINES, climatologyForecast, climatologyValue, fitClimatology, persistenceForecast } from '../../src/ml/baselines/baselines.ts';
import { prepareData, type DataSpec } from '../../src/ml/data/prepare.ts';
import { dayOfYear } from '../../src/ml/data/table.ts';
import { evaluateForecast, forecastMetrics, skillPercent } from '../../src/ml/evaluation/evaluate.ts';
import { makeTable } from './helpers.ts';

/**
 * 2013-01-01 … 2015-01-20 (365 + 365 + 20 = 750 rows, two non-leap training years).
 * v = day of year in 2013, day of year + 100 in 2014, day of year + 1000 in the 2015 test period.
 */
function table(testOffset = 1000) {
  return makeTable('2013-01-01', 750, {
    v: (_, d) => dayOfYear(d) + (d.startsWith('2013') ? 0 : d.startsWith('2014') ? 100 : testOffset),
  });
}
const spec: DataSpec = {
  features: { target: 'v', inputs: [], seasonal: false },
  window: { lookbackDays: 3, horizonDays: 3 },
  split: { kind: 'test-from-date', testStart: '2015-01-01', validationFraction: 0.1 },
};
const data = prepareData(table(), spec);

describe('persistence', () => {
  it('repeats the last observed value for every horizon day', () => {
    expect(data.testStartRow).toBe(730);
    // test windows: anchors 729 (2014-12-31) … 746 (2015-01-17)
    expect(data.test.count).toBe(18);
    expect(data.test.anchors[0]).toBe(729);
    const f = persistenceForecast(data, data.test);
    expect(f.length).toBe(18 * 3);
    expect(Array.from(f.subarray(0, 3))).toEqual([465, 465, 465]); // 31 Dec 2014: 365 + 100
    for (let k = 1; k < 18; k++) expect(Array.from(f.subarray(k * 3, k * 3 + 3))).toEqual([1000 + k, 1000 + k, 1000 + k]);
  });
});

describe('climatology', () => {
  // Climatology pools 2013 (doy) and 2014 (doy + 100) training days within ±7 calendar days.
  // 1 January gathers 1–8 Jan 2013 (1…8), 25–31 Dec 2013 (359…365), 1–8 Jan 2014 (101…108)
  // and 25–31 Dec 2014 (459…465): 30 days, (36 + 2534 + 836 + 3234) / 30.
  const JAN_1 = 6640 / 30; // 221.33
  // 2 January: 1–9 Jan 2013 (45), 26–31 Dec 2013 (2175), 1–9 Jan 2014 (945), 26–31 Dec 2014 (2775): 30 days.
  const JAN_2 = (45 + 2175 + 945 + 2775) / 30;
  // 7 January: 31 Dec 2013 (365) and 31 Dec 2014 (465) join 1–14 Jan of both years (105 + 1505): 30 days.
  const JAN_7 = (105 + 365 + 1505 + 465) / 30;

  it('fitClimatology: plain ±7-day mean mid-year, across new year by calendar days', () => {
    const clim = fitClimatology(data.dates, data.targetSeries, data.testStartRow);
    expect(climatologyValue(clim, '2015-04-10')).toBeCloseTo(150, 10); // doy 100: 93…107 and 193…207
    expect(climatologyValue(clim, '2015-01-08')).toBeCloseTo(58, 10); // 1…15 January, no December
    expect(climatologyValue(clim, '2015-01-01')).toBeCloseTo(JAN_1, 10);
    expect(climatologyValue(clim, '2015-01-02')).toBeCloseTo(JAN_2, 10);
    expect(climatologyValue(clim, '2015-01-07')).toBeCloseTo(JAN_7, 10);
    // 31 December: 24–31 Dec and 1–7 Jan; 2013's December has no January after it in training
    // for 2014 (2015 is test): 24–31 Dec 2013 (2892) + 1–7 Jan 2014 (728) + 24–31 Dec 2014 (3692) + 1–7 Jan 2013 (28): 30 days.
    expect(climatologyValue(clim, '2015-12-31')).toBeCloseTo((2892 + 728 + 3692 + 28) / 30, 10);
    // The year does not matter, only the calendar day.
    expect(climatologyValue(clim, '2016-01-01')).toBe(climatologyValue(clim, '2015-01-01'));
  });

  it('forecasts each target day from its calendar day, using only rows before the test period', () => {
    const f = climatologyForecast(data, data.test);
    // window 0 targets 1, 2, 3 January 2015; window 6 targets 7, 8, 9 January; window 17 targets 18, 19, 20 January
    expect(f[0]).toBeCloseTo(JAN_1, 4);
    expect(f[1]).toBeCloseTo(JAN_2, 4);
    expect(f[18]).toBeCloseTo(JAN_7, 4);
    expect(f[19]).toBeCloseTo(58, 4);
    expect(f[20]).toBeCloseTo(59, 4);
    expect(Array.from(f.subarray(51, 54))).toEqual([68, 69, 70]);
    // The test period's own values (≥ 1001) never enter: changing them changes nothing.
    const other = prepareData(table(-5000), spec);
    expect(climatologyForecast(other, other.test)).toEqual(f);
  });

  it('falls back to the training mean for calendar days no training day is near (less than a year of data)', () => {
    // 2020-01-01 … 2020-03-31: v = 0…90
    const short = makeTable('2020-01-01', 91, { v: (i) => i });
    const clim = fitClimatology(short.dates, short.columns.v, 91);
    expect(climatologyValue(clim, '2021-04-06')).toBeCloseTo(89.5, 10); // 30 and 31 March are within 7 days
    expect(climatologyValue(clim, '2021-04-07')).toBeCloseTo(90, 10); // 31 March only
    expect(climatologyValue(clim, '2021-04-08')).toBeCloseTo(45, 10); // nothing near: mean of 0…90
    expect(climatologyValue(clim, '2021-07-19')).toBeCloseTo(45, 10);
    expect(climatologyValue(clim, '2020-12-25')).toBeCloseTo(0, 10); // 1 January only
    expect(climatologyValue(clim, '2020-12-31')).toBeCloseTo(3, 10); // 1–7 January
  });

  it('is registered beside persistence', () => {
    expect(Object.keys(BASELINES)).toEqual(['persistence', 'climatology']);
    expect(BASELINES.persistence.forecast).toBe(persistenceForecast);
    expect(BASELINES.climatology.forecast).toBe(climatologyForecast);
  });
});

describe('forecastMetrics and skill', () => {
  it('MAE, RMSE and per-horizon errors on hand numbers', () => {
    // two windows, H = 2; errors: window 0 → -1, 0; window 1 → -2, +4
    const m = forecastMetrics([1, 2, 3, 4], [2, 2, 5, 0], 2);
    expect(m.count).toBe(2);
    expect(m.mae).toBeCloseTo(7 / 4, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(21 / 4), 12);
    expect(m.maePerHorizon[0]).toBeCloseTo(1.5, 12);
    expect(m.maePerHorizon[1]).toBeCloseTo(2, 12);
    expect(m.rmsePerHorizon[0]).toBeCloseTo(Math.sqrt(5 / 2), 12);
    expect(m.rmsePerHorizon[1]).toBeCloseTo(Math.sqrt(8), 12);
    expect(() => forecastMetrics([1, 2, 3], [1, 2], 1)).toThrow(RangeError);
  });

  it('a perfect forecast scores 0', () => {
    const m = forecastMetrics([3, 1, 4], [3, 1, 4], 1);
    expect([m.mae, m.rmse, m.count]).toEqual([0, 0, 3]);
  });

  it('skillPercent: 100·(1 − model/baseline)', () => {
    expect(skillPercent(1.5, 2)).toBeCloseTo(25, 12);
    expect(skillPercent(3, 2)).toBeCloseTo(-50, 12);
    expect(skillPercent(0, 2)).toBe(100);
  });

  it('evaluateForecast scores the baselines on the same windows', () => {
    const predicted = new Float32Array(data.test.count * 3).fill(1010);
    const e = evaluateForecast(data, 'test', predicted);
    // actual of window k, day j = 1000 + k + j + 1 (2015 doy + 1000)
    expect(e.actual[0]).toBe(1001);
    expect(e.actual[53]).toBe(1020);
    expect(e.dates[0]).toBe('2015-01-01');
    expect(e.dates[17]).toBe('2015-01-18');
    // persistence, window k ≥ 1: forecast 1000 + k, actuals 1000 + k + 1…3 → |errors| 1, 2, 3; window 0: 465 vs 1001…1003
    const persistenceMae = ((536 + 537 + 538) + 17 * 6) / 54;
    expect(e.baselines.persistence.mae).toBeCloseTo(persistenceMae, 4);
    expect(e.baselines.persistence.maePerHorizon[0]).toBeCloseTo((536 + 17) / 18, 4);
    // constant 1010 vs actuals 1001…1020: sum over windows of |1010 − (1001 + k + j)|
    let sum = 0;
    for (let k = 0; k < 18; k++) for (let j = 0; j < 3; j++) sum += Math.abs(1010 - (1001 + k + j));
    expect(e.model.mae).toBeCloseTo(sum / 54, 4);
    expect(e.skill.persistence).toBeCloseTo(100 * (1 - sum / 54 / persistenceMae), 3);
  });
});
