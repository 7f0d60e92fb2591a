import { describe, expect, it } from 'vitest';
import { featureOrder, seasonalEncoding } from '../../src/ml/data/features.ts';
import { DataSpecError, prepareData, type DataSpec } from '../../src/ml/data/prepare.ts';
import { splitAnchors, type SplitSpec } from '../../src/ml/data/split.ts';
import { dayOfYear } from '../../src/ml/data/table.ts';
import { anchorRange, makeWindows, type WindowSpec } from '../../src/ml/data/windows.ts';
import { makeTable } from './helpers.ts';

/** 30 days from 2020-01-01: t = row index, b = 100 + row² (so every cell says which row it came from). */
const table = makeTable('2020-01-01', 30, { t: (i) => i, b: (i) => 100 + i * i });
const window: WindowSpec = { lookbackDays: 3, horizonDays: 2 };
/** 2020-01-25 is row 24. */
const byDate: SplitSpec = { kind: 'test-from-date', testStart: '2020-01-25', validationFraction: 0.1 };
/** round(30 × 0.7) = 21: the test period starts at row 21. */
const byFraction: SplitSpec = { kind: 'fraction', testFraction: 0.3, validationFraction: 0.1 };
const spec = (overrides: Partial<DataSpec> = {}): DataSpec => ({
  features: { target: 't', inputs: ['b'] },
  window,
  split: byDate,
  ...overrides,
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('makeWindows', () => {
  // Raw (unnormalized) features [t, b], so the expected cells are the row numbers themselves.
  const features = new Float32Array(table.dates.flatMap((_, i) => [i, 100 + i * i]));
  const target = Float32Array.from(table.columns.t);

  it('takes inputs from rows anchor-L+1..anchor and targets from anchor+1..anchor+H', () => {
    const set = makeWindows(features, 2, target, Int32Array.from([2, 10, 27]), window);
    expect(set.count).toBe(3);
    expect(set.x.length).toBe(3 * 3 * 2);
    expect(set.y.length).toBe(3 * 2);
    expect(Array.from(set.x.subarray(0, 6))).toEqual([0, 100, 1, 101, 2, 104]);
    expect(Array.from(set.x.subarray(6, 12))).toEqual([8, 164, 9, 181, 10, 200]);
    expect(Array.from(set.x.subarray(12, 18))).toEqual([25, 725, 26, 776, 27, 829]);
    expect(Array.from(set.y)).toEqual([3, 4, 11, 12, 28, 29]);
    expect(Array.from(set.anchors)).toEqual([2, 10, 27]);
  });

  it('refuses anchors whose window leaves the table', () => {
    expect(() => makeWindows(features, 2, target, Int32Array.from([1]), window)).toThrow(RangeError);
    expect(() => makeWindows(features, 2, target, Int32Array.from([28]), window)).toThrow(/rows 26…30, outside 0…29/);
  });

  it('anchorRange covers exactly the rows that can anchor a full window', () => {
    expect(anchorRange(30, window)).toEqual({ first: 2, last: 27 });
    expect(anchorRange(30, { lookbackDays: 1, horizonDays: 1 })).toEqual({ first: 0, last: 28 });
  });
});

describe('splitAnchors', () => {
  it('test-from-date: assigns by target days, drops the straddling window, purges H-1 before validation', () => {
    const s = splitAnchors(table.dates, window, byDate);
    expect(s.testStartRow).toBe(24);
    // Pre-test anchors 2..21 (targets up to row 23); anchor 22 (targets rows 23, 24) straddles.
    // Validation: last round(20 × 0.1) = 2 of them; anchor 19 purged (H - 1 = 1).
    expect(Array.from(s.train)).toEqual(range(2, 18));
    expect(Array.from(s.validation)).toEqual([20, 21]);
    expect(Array.from(s.test)).toEqual(range(23, 27));
  });

  it('fraction: the test period starts at round(rows × (1 - testFraction))', () => {
    const s = splitAnchors(table.dates, window, byFraction);
    expect(s.testStartRow).toBe(21);
    // Pre-test anchors 2..18 (17 windows), round(1.7) = 2 validation windows, anchor 16 purged, anchor 19 straddles.
    expect(Array.from(s.train)).toEqual(range(2, 15));
    expect(Array.from(s.validation)).toEqual([17, 18]);
    expect(Array.from(s.test)).toEqual(range(20, 27));
  });

  it('horizon 1: nothing straddles and nothing is purged', () => {
    const s = splitAnchors(table.dates, { lookbackDays: 3, horizonDays: 1 }, byDate);
    expect(Array.from(s.train)).toEqual(range(2, 20));
    expect(Array.from(s.validation)).toEqual([21, 22]);
    expect(Array.from(s.test)).toEqual(range(23, 28));
  });

  it('no target day of a training window is a validation or test target day, none of validation is a test day', () => {
    for (const split of [byDate, byFraction]) {
      const s = splitAnchors(table.dates, { lookbackDays: 3, horizonDays: 4 }, split);
      const targetDays = (a: Int32Array) => new Set(Array.from(a).flatMap((t) => range(t + 1, t + 4)));
      const [train, val, test] = [targetDays(s.train), targetDays(s.validation), targetDays(s.test)];
      for (const d of train) expect(val.has(d) || test.has(d)).toBe(false);
      for (const d of val) expect(test.has(d) || d >= s.testStartRow).toBe(false);
      for (const d of test) expect(d).toBeGreaterThanOrEqual(s.testStartRow);
    }
  });
});

describe('prepareData windows', () => {
  const data = prepareData(table, spec());
  const { mean, std } = data.normalizer;
  const raw = (v: number, j: number) => v * std[j] + mean[j];

  it('has shapes [count, L, F] and [count, H] per split', () => {
    expect(data.featureNames).toEqual(['t', 'b', 'doy_sin', 'doy_cos']);
    expect(data.numFeatures).toBe(4);
    const counts = { train: 17, validation: 2, test: 5 };
    for (const name of ['train', 'validation', 'test'] as const) {
      expect(data[name].count).toBe(counts[name]);
      expect(data[name].x.length).toBe(counts[name] * 3 * 4);
      expect(data[name].y.length).toBe(counts[name] * 2);
    }
    expect(Array.from(data.test.anchors)).toEqual(range(23, 27));
  });

  it('window inputs are rows anchor-2..anchor and targets rows anchor+1..anchor+2 (denormalized)', () => {
    for (const set of [data.train, data.validation, data.test]) {
      for (let k = 0; k < set.count; k++) {
        const a = set.anchors[k];
        const inputT = [0, 1, 2].map((i) => raw(set.x[(k * 3 + i) * 4], 0));
        const inputB = [0, 1, 2].map((i) => raw(set.x[(k * 3 + i) * 4 + 1], 1));
        const targets = [0, 1].map((j) => raw(set.y[k * 2 + j], 0));
        inputT.forEach((v, i) => expect(v).toBeCloseTo(a - 2 + i, 3));
        inputB.forEach((v, i) => expect(v).toBeCloseTo(100 + (a - 2 + i) ** 2, 2));
        targets.forEach((v, j) => expect(v).toBeCloseTo(a + 1 + j, 3));
        // The latest input day is strictly before the first target day.
        expect(Math.max(...inputT)).toBeLessThan(Math.min(...targets) - 0.5);
      }
    }
  });

  it('reports the periods covered by each split', () => {
    expect(data.periods.train).toEqual({ start: '2020-01-04', end: '2020-01-21', windows: 17 });
    expect(data.periods.validation).toEqual({ start: '2020-01-22', end: '2020-01-24', windows: 2 });
    expect(data.periods.test).toEqual({ start: '2020-01-25', end: '2020-01-30', windows: 5 });
    expect(data.testStartRow).toBe(24);
  });

  it('uses the fraction split as well', () => {
    const d = prepareData(table, spec({ split: byFraction }));
    expect(Array.from(d.train.anchors)).toEqual(range(2, 15));
    expect(Array.from(d.validation.anchors)).toEqual([17, 18]);
    expect(Array.from(d.test.anchors)).toEqual(range(20, 27));
  });
});

describe('prepareData errors', () => {
  const specError = (fn: () => unknown): DataSpecError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof DataSpecError) return error;
      throw error;
    }
    throw new Error('expected a DataSpecError');
  };

  it('too few rows for a single window', () => {
    const e = specError(() => prepareData(makeTable('2020-01-01', 4, { t: (i) => i, b: (i) => i * i }), spec()));
    expect(e.message).toMatch(/has 4 rows/);
    expect(e.message).toMatch(/need at least 5 rows/);
    expect(e.hint).toMatch(/shorter lookback/);
  });

  it('too few windows for training', () => {
    const e = specError(() => prepareData(makeTable('2020-01-01', 12, { t: (i) => i, b: (i) => i * i }), spec({ split: byFraction })));
    expect(e.message).toMatch(/The training split has 3 windows \(at least 8 needed\) with 12 rows/);
  });

  it.each([0, 91, 2.5])('lookback %s is out of range', (lookbackDays) => {
    const e = specError(() => prepareData(table, spec({ window: { lookbackDays, horizonDays: 1 } })));
    expect(e.message).toContain(`Lookback ${lookbackDays} is not allowed.`);
    expect(e.hint).toBe('Use a whole number of days from 1 to 90.');
  });

  it.each([0, 8])('horizon %s is out of range', (horizonDays) => {
    const e = specError(() => prepareData(table, spec({ window: { lookbackDays: 3, horizonDays } })));
    expect(e.message).toContain(`Horizon ${horizonDays} is not allowed.`);
    expect(e.hint).toBe('Use a whole number of days from 1 to 7.');
  });

  it('unknown target lists the columns', () => {
    const e = specError(() => prepareData(table, spec({ features: { target: 'temp_max', inputs: [] } })));
    expect(e.message).toContain('Target "temp_max" is not a column of the data.');
    expect(e.hint).toBe('Choose one of: t, b.');
  });
});

describe('features', () => {
  it('featureOrder puts the target first, keeps input order, drops duplicates, seasonal last', () => {
    expect(featureOrder({ target: 't', inputs: ['a', 't', 'b'] })).toEqual(['t', 'a', 'b', 'doy_sin', 'doy_cos']);
    expect(featureOrder({ target: 'b', inputs: ['t', 'a'], seasonal: false })).toEqual(['b', 't', 'a']);
    expect(featureOrder({ target: 't', inputs: [] })).toEqual(['t', 'doy_sin', 'doy_cos']);
  });

  it('seasonalEncoding: 2015-01-01 is day 1, 2015-07-02 is day 183', () => {
    expect(dayOfYear('2015-01-01')).toBe(1);
    expect(dayOfYear('2015-07-02')).toBe(183); // 31+28+31+30+31+30 + 2
    expect(dayOfYear('2016-12-31')).toBe(366);
    // angle = 2π·1/365.25 = 0.0172024 rad
    const [s1, c1] = seasonalEncoding('2015-01-01');
    expect(s1).toBeCloseTo(0.0172016, 6);
    expect(c1).toBeCloseTo(0.999852, 6);
    // angle = 2π·183/365.25 = π + 0.0064509 rad: just past half a turn
    const [s2, c2] = seasonalEncoding('2015-07-02');
    expect(s2).toBeCloseTo(-0.0064509, 6);
    expect(c2).toBeCloseTo(-0.999979, 6);
  });

  it('31 December and 1 January are neighbours', () => {
    const [s0, c0] = seasonalEncoding('2014-12-31');
    const [s1, c1] = seasonalEncoding('2015-01-01');
    expect(Math.hypot(s1 - s0, c1 - c0)).toBeLessThan(0.03);
  });
});
