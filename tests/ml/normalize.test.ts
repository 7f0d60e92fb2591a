import { describe, expect, it } from 'vitest';
import { seasonalEncoding } from '../../src/ml/data/features.ts';
import { denormalize, fitNormalizer, normalizeMatrix } from '../../src/ml/data/normalize.ts';
import { prepareData, type DataSpec } from '../../src/ml/data/prepare.ts';
import { makeTable, seededNoise } from './helpers.ts';

/**
 * 30 days from 2020-01-01, lookback 3, horizon 2, test from row 24 (2020-01-25):
 * training anchors are rows 2..18, so the training rows are 0..20 (last anchor + H);
 * rows 21..23 belong to validation, 24..29 to the test period.
 */
const spec: DataSpec = {
  features: { target: 't', inputs: ['b'] },
  window: { lookbackDays: 3, horizonDays: 2 },
  split: { kind: 'test-from-date', testStart: '2020-01-25', validationFraction: 0.1 },
};
const LAST_TRAIN_ROW = 20;

/** t = row, b = 2·row + 5 on the training rows; `after(row)` replaces both from row 21 on. */
function table(after: (row: number) => number) {
  return makeTable('2020-01-01', 30, {
    t: (i) => (i <= LAST_TRAIN_ROW ? i : after(i)),
    b: (i) => (i <= LAST_TRAIN_ROW ? 2 * i + 5 : after(i) * 3),
  });
}

// Over rows 0..20: mean(0..20) = 10, population std = sqrt((21² - 1) / 12) = sqrt(440/12).
const STD_T = Math.sqrt(440 / 12); // 6.0553…
const MEAN_B = 25; // 2·10 + 5
const STD_B = 2 * STD_T;

describe('normalization fitted on the training split only', () => {
  it('mean/std equal the hand-computed statistics of rows 0..(last train anchor + H)', () => {
    const data = prepareData(table((i) => i + 1000), spec);
    expect(data.train.anchors[data.train.count - 1] + 2).toBe(LAST_TRAIN_ROW);
    expect(data.normalizer.features).toEqual(['t', 'b', 'doy_sin', 'doy_cos']);
    const [mt, mb, ms, mc] = data.normalizer.mean;
    const [st, sb, ss, sc] = data.normalizer.std;
    expect(mt).toBeCloseTo(10, 9);
    expect(st).toBeCloseTo(STD_T, 9);
    expect(mb).toBeCloseTo(MEAN_B, 9);
    expect(sb).toBeCloseTo(STD_B, 9);
    // seasonal features are not fitted
    expect([ms, mc, ss, sc]).toEqual([0, 0, 1, 1]);
  });

  it('does not change when validation- and test-period values change wildly', () => {
    const a = prepareData(table((i) => i + 1000), spec).normalizer;
    const b = prepareData(table((i) => -50 * i * i), spec).normalizer;
    const c = prepareData(table(() => 0), spec).normalizer;
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('normalizes the test windows with the training statistics (test values stay far out)', () => {
    const data = prepareData(table((i) => i + 1000), spec);
    // first test window: anchor 23, target rows 24, 25 → raw 1024, 1025
    expect(data.test.anchors[0]).toBe(23);
    expect(data.test.y[0]).toBeCloseTo((1024 - 10) / STD_T, 4);
    expect(data.test.y[1]).toBeCloseTo((1025 - 10) / STD_T, 4);
  });

  it('reuses given statistics instead of fitting (transfer learning)', () => {
    const given = { features: ['t', 'b', 'doy_sin', 'doy_cos'], mean: [1, 2, 0, 0], std: [2, 4, 1, 1] };
    const data = prepareData(table((i) => i), spec, { normalizer: given });
    expect(data.normalizer).toBe(given);
    // train window 0: anchor 2, inputs rows 0..2 → t = (0-1)/2, (1-1)/2, (2-1)/2
    expect([data.train.x[0], data.train.x[4], data.train.x[8]]).toEqual([-0.5, 0, 0.5]);
    expect(() => prepareData(table((i) => i), { ...spec, features: { target: 't', inputs: [] } }, { normalizer: given })).toThrow(
      /expects the features t, b, doy_sin, doy_cos but this data gives t, doy_sin, doy_cos/,
    );
  });
});

describe('constant inputs', () => {
  const withC = (c: (row: number) => number) =>
    prepareData(makeTable('2020-01-01', 30, { t: (i) => i, c }), { ...spec, features: { target: 't', inputs: ['c'] } });

  it('a column constant on the training rows raises an error naming it', () => {
    expect(() => withC(() => 7)).toThrow('Input "c" is constant over the training period (every value is 7)');
    // varying only after the training rows (row 21 on) does not help
    expect(() => withC((i) => (i > LAST_TRAIN_ROW ? i : 7))).toThrow(/Input "c" is constant/);
  });

  it('the last training row (last anchor + H) counts', () => {
    const data = withC((i) => (i === LAST_TRAIN_ROW ? 28 : 7));
    // 20 × 7 and one 28 over 21 rows: mean 8, variance (20·1 + 400)/21 = 20
    expect(data.normalizer.mean[1]).toBeCloseTo(8, 9);
    expect(data.normalizer.std[1]).toBeCloseTo(Math.sqrt(20), 9);
  });
});

describe('seasonal features and inverse', () => {
  it('doy_sin/doy_cos reach the windows unnormalized', () => {
    const data = prepareData(table((i) => i + 1000), spec);
    for (const set of [data.train, data.test]) {
      for (let k = 0; k < set.count; k++) {
        for (let i = 0; i < 3; i++) {
          const [s, c] = seasonalEncoding(data.dates[set.anchors[k] - 2 + i]);
          expect(set.x[(k * 3 + i) * 4 + 2]).toBe(Math.fround(s));
          expect(set.x[(k * 3 + i) * 4 + 3]).toBe(Math.fround(c));
        }
      }
    }
  });

  it('fitNormalizer uses population std on the given row range; denormalize inverts normalizeMatrix', () => {
    // rows: [1, 10, 0.5], [2, 30, -0.5], [3, 20, 0.25], [100, -7, 1] (row 3 outside the fit range)
    const values = Float32Array.from([1, 10, 0.5, 2, 30, -0.5, 3, 20, 0.25, 100, -7, 1]);
    const norm = fitNormalizer(values, ['x', 'y', 'doy_sin'], [0, 3]);
    expect(norm.mean[0]).toBeCloseTo(2, 12);
    expect(norm.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(norm.mean[1]).toBeCloseTo(20, 12);
    expect(norm.std[1]).toBeCloseTo(Math.sqrt(200 / 3), 12);
    expect([norm.mean[2], norm.std[2]]).toEqual([0, 1]);
    const normalized = normalizeMatrix(values, norm);
    expect(normalized[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3), 5);
    expect(normalized[9]).toBeCloseTo(98 / Math.sqrt(2 / 3), 3);
    expect(normalized[2]).toBe(0.5);
    for (let j = 0; j < 3; j++) {
      const column = normalized.filter((_, i) => i % 3 === j);
      const back = denormalize(column, norm, j);
      back.forEach((v, r) => expect(v).toBeCloseTo(values[r * 3 + j], 4));
    }
  });

  it('denormalize inverts normalization on random data', () => {
    const noise = seededNoise(3);
    const values = Float32Array.from({ length: 200 * 2 }, (_, i) => (i % 2 === 0 ? 15 + 10 * noise() : 1000 * noise()));
    const norm = fitNormalizer(values, ['a', 'b'], [0, 150]);
    const normalized = normalizeMatrix(values, norm);
    for (let j = 0; j < 2; j++) {
      const back = denormalize(normalized.filter((_, i) => i % 2 === j), norm, j);
      back.forEach((v, r) => expect(Math.abs(v - values[r * 2 + j])).toBeLessThan(1e-3 * Math.max(1, Math.abs(values[r * 2 + j]))));
    }
  });
});
