import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, countParameters, disposeModel, hasIntervalHead, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { prepareData, type PreparedData } from '../../src/ml/data/prepare.ts';
import { SHIPPED_DATASETS } from '../../src/ml/datasets.ts';
import {
  coverageVerdict,
  evaluateForecast,
  evaluateModel,
  forecastWindows,
  intervalMetrics,
  pinball,
  QUANTILES,
  splitQuantiles,
} from '../../src/ml/evaluation/evaluate.ts';
import { BUNDLE_FILES, BundleError, exportBundle, forecastFromRows, importBundle, withManifest, type BundleFiles, type ModelMetadata, type TestVector } from '../../src/ml/export/bundle.ts';
import { cloneModel, continueTraining } from '../../src/ml/fine-tuning/fine-tuning.ts';
import { evaluateLoss, pinballLoss, train, type TrainingConfig } from '../../src/ml/training/train.ts';
import { sineCity } from './helpers.ts';

/** Imports a bundle edited after export, with its manifest rewritten, so that the checks behind the checksums answer. */
const importEdited = async (files: BundleFiles) => importBundle(await withManifest(files));

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

const sine: PreparedData = prepareData(sineCity(500), {
  features: { target: 'temp', inputs: ['wind'] },
  window: { lookbackDays: 5, horizonDays: 2 },
  split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
});

describe('pinball loss', () => {
  it('pinball(y, q, τ) = τ·(y − q) above the quantile, (1 − τ)·(q − y) below', () => {
    expect(pinball(10, 8, 0.9)).toBeCloseTo(1.8, 12); // 0.9 × 2
    expect(pinball(10, 12, 0.9)).toBeCloseTo(0.2, 12); // 0.1 × 2
    expect(pinball(10, 8, 0.1)).toBeCloseTo(0.2, 12);
    expect(pinball(10, 12, 0.1)).toBeCloseTo(1.8, 12);
    expect(pinball(10, 13, 0.5)).toBeCloseTo(1.5, 12); // half the absolute error
    expect(pinball(10, 10, 0.3)).toBe(0);
  });

  it('the tfjs loss matches hand-computed values, per sample, averaged over the three quantiles', () => {
    // H = 2, quantile-major: [q10 d1, q10 d2, q50 d1, q50 d2, q90 d1, q90 d2]
    const y = [1, 2];
    const pred = [
      [0, 3, 1, 1, 2, 4], // sample 1
      [1, 2, 1, 2, 1, 2], // sample 2: all equal to the targets → 0
    ];
    // sample 1, e = y − q:
    //  q10: e = 1 → 0.1; e = −1 → 0.9
    //  q50: e = 0 → 0;   e = 1 → 0.5
    //  q90: e = −1 → 0.1; e = −2 → 0.2
    const expected1 = (0.1 + 0.9 + 0 + 0.5 + 0.1 + 0.2) / 6;
    const before = tf.memory().numTensors;
    const loss = tf.tidy(() => pinballLoss(tf.tensor2d([[...y, ...y, ...y], [...y, ...y, ...y]]), tf.tensor2d(pred)).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    expect(loss.length).toBe(2);
    expect(loss[0]).toBeCloseTo(expected1, 6);
    expect(loss[1]).toBe(0);
  });

  it('the tfjs loss has the same value as the plain pinball() for random data', () => {
    const H = 3;
    const n = 7;
    const y = Array.from({ length: n * H }, (_, i) => Math.sin(i));
    const q = Array.from({ length: n * 3 * H }, (_, i) => Math.cos(i * 1.7));
    let plain = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 3; k++) for (let d = 0; d < H; d++) plain += pinball(y[i * H + d], q[i * 3 * H + k * H + d], QUANTILES[k]);
    }
    plain /= n * 3 * H;
    const tiled = Array.from({ length: n }, (_, i) => [0, 1, 2].flatMap(() => y.slice(i * H, i * H + H)));
    const got = tf.tidy(() => pinballLoss(tf.tensor2d(tiled), tf.tensor2d(q, [n, 3 * H])).mean().dataSync()[0]);
    expect(got).toBeCloseTo(plain, 5);
  });
});

describe('quantile outputs', () => {
  it('splitQuantiles reads the quantile-major layout and sorts crossed quantiles', () => {
    // 2 windows × H = 2 → 12 raw values
    const raw = [
      1, 10, 2, 20, 3, 30, // window 1: in order
      5, 40, 4, 60, 3, 50, // window 2: day 1 reversed, day 2 crossed
    ];
    const q = splitQuantiles(raw, 2, (v) => v * 2);
    expect(Array.from(q.lower)).toEqual([2, 20, 6, 80]);
    expect(Array.from(q.median)).toEqual([4, 40, 8, 100]);
    expect(Array.from(q.upper)).toEqual([6, 60, 10, 120]);
    expect(() => splitQuantiles([1, 2, 3, 4], 2)).toThrow(RangeError);
  });

  it('intervalMetrics: coverage (edges inside), width and pinball loss per horizon day, by hand', () => {
    // 3 windows, H = 2
    const lower = [0, 0, 0, 0, 0, 0];
    const median = [1, 1, 1, 1, 1, 1];
    const upper = [2, 4, 2, 4, 2, 4];
    const actual = [1, 5, 2, 3, 3, -1]; // day 1: in, on edge, out → 2/3; day 2: out, in, out → 1/3
    const m = intervalMetrics(lower, median, upper, actual, 2);
    expect(m.coveragePerHorizon[0]).toBeCloseTo(2 / 3, 12);
    expect(m.coveragePerHorizon[1]).toBeCloseTo(1 / 3, 12);
    expect(m.coverage).toBeCloseTo(3 / 6, 12);
    expect(m.meanWidthPerHorizon).toEqual([2, 4]);
    expect(m.meanWidth).toBe(3);
    expect(m.nominalCoverage).toBe(0.8);
    let loss = 0;
    actual.forEach((y, i) => (loss += pinball(y, lower[i], 0.1) + pinball(y, median[i], 0.5) + pinball(y, upper[i], 0.9)));
    expect(m.pinballLoss).toBeCloseTo(loss / 18, 12);
    // the first window by hand: y = 1 → 0.1·1 + 0 + 0.1·1 = 0.2
    expect(pinball(1, 0, 0.1) + pinball(1, 1, 0.5) + pinball(1, 2, 0.9)).toBeCloseTo(0.2, 12);
  });

  it('coverageVerdict: 75–85 % is ok', () => {
    expect(coverageVerdict(0.74)).toBe('too-narrow');
    expect(coverageVerdict(0.75)).toBe('ok');
    expect(coverageVerdict(0.85)).toBe('ok');
    expect(coverageVerdict(0.86)).toBe('too-wide');
  });

  it('evaluateForecast adds the band only when given one; predicted stays the median', () => {
    const h = sine.horizonDays;
    const n = sine.test.count * h;
    const predicted = new Float32Array(n).fill(12);
    const point = evaluateForecast(sine, 'test', predicted);
    expect(point.intervals).toBeUndefined();
    const banded = evaluateForecast(sine, 'test', predicted, { lower: new Float32Array(n).fill(-100), upper: new Float32Array(n).fill(100) });
    expect(banded.model).toEqual(point.model);
    expect(banded.intervals!.coverage).toBe(1);
    expect(banded.intervals!.coveragePerHorizon).toEqual([1, 1]);
    expect(banded.intervals!.meanWidth).toBe(200);
  });
});

describe('interval head', () => {
  const shape = { lookbackDays: 5, numFeatures: 3, horizonDays: 2 };
  it.each(['linear', 'mlp', 'cnn', 'lstm', 'gru'] as const)('%s: 3 × horizonDays outputs with intervals, horizonDays without', (kind) => {
    const spec: ArchitectureSpec = { kind, units: 4, layers: 1, dropout: 0 };
    const point = buildModel(spec, shape, 1);
    const banded = buildModel(spec, shape, 1, { intervals: true });
    try {
      expect(point.outputs[0].shape).toEqual([null, 2]);
      expect(banded.outputs[0].shape).toEqual([null, 6]);
      expect(hasIntervalHead(point, 2)).toBe(false);
      expect(hasIntervalHead(banded, 2)).toBe(true);
      expect(() => hasIntervalHead(banded, 4)).toThrow(/6 outputs.*4 \(one per day\) or 12/);
      // only the output layer grows: (inputs + 1 bias) × 2 more horizon-sized blocks
      const outputInputs = point.getLayer('output').countParams() / 2 - 1;
      expect(banded.countParams() - point.countParams()).toBe((outputInputs + 1) * 4);
      expect(countParameters(spec, shape, { intervals: true })).toBe(banded.countParams());
    } finally {
      disposeModel(point);
      disposeModel(banded);
    }
  });

  it('train refuses settings that disagree with the head', async () => {
    const config: TrainingConfig = { epochs: 1, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 1 };
    const point = buildModel({ kind: 'linear', units: 1, layers: 1, dropout: 0 }, sine, 1);
    const banded = buildModel({ kind: 'linear', units: 1, layers: 1, dropout: 0 }, sine, 1, { intervals: true });
    try {
      await expect(train(point, sine, { ...config, intervals: true })).rejects.toThrow(/ask for intervals but this model has one output per horizon day/);
      await expect(train(banded, sine, config)).rejects.toThrow(/forecasts intervals .* set intervals to true/);
    } finally {
      disposeModel(point);
      disposeModel(banded);
    }
  });

  it('trains with pinball loss: validation loss is the pinball loss, validation MAE the median MAE, quantiles ordered; no leaks', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel({ kind: 'mlp', units: 16, layers: 1, dropout: 0 }, sine, 3, { intervals: true });
    const config: TrainingConfig = { epochs: 15, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 3, intervals: true };
    const run = await train(model, sine, config);
    const last = run.history.at(-1)!;
    // recompute the last epoch's validation figures by hand from the raw outputs
    const raw = tf.tidy(() => (model.predict(tf.tensor3d(sine.validation.x, [sine.validation.count, 5, sine.numFeatures])) as tf.Tensor).dataSync());
    const H = 2;
    let loss = 0;
    let mae = 0;
    for (let i = 0; i < sine.validation.count; i++) {
      for (let d = 0; d < H; d++) {
        const y = sine.validation.y[i * H + d];
        for (let k = 0; k < 3; k++) loss += pinball(y, raw[i * 3 * H + k * H + d], QUANTILES[k]);
        mae += Math.abs(y - raw[i * 3 * H + H + d]);
      }
    }
    const n = sine.validation.count * H;
    const best = run.history[run.bestEpoch - 1];
    expect(best.valLoss).toBeCloseTo(loss / (3 * n), 5);
    expect(best.valMae).toBeCloseTo((mae / n) * sine.normalizer.std[0], 4);
    expect(last.valLoss).toBeLessThan(run.history[0].valLoss);

    const { predicted, band } = forecastWindows(model, sine, sine.test);
    expect(band).not.toBeNull();
    for (let i = 0; i < predicted.length; i++) {
      expect(band!.lower[i]).toBeLessThanOrEqual(predicted[i]);
      expect(predicted[i]).toBeLessThanOrEqual(band!.upper[i]);
    }
    const e = evaluateModel(model, sine);
    expect(e.predicted).toEqual(predicted);
    expect(e.intervals!.coveragePerHorizon).toHaveLength(2);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('evaluateLoss: MSE for a point model, pinball for an interval model', () => {
    const point = buildModel({ kind: 'linear', units: 1, layers: 1, dropout: 0 }, sine, 2);
    const banded = buildModel({ kind: 'linear', units: 1, layers: 1, dropout: 0 }, sine, 2, { intervals: true });
    const x = tf.tensor3d(sine.validation.x, [sine.validation.count, 5, sine.numFeatures]);
    const y = tf.tensor2d(sine.validation.y, [sine.validation.count, 2]);
    try {
      const rawPoint = tf.tidy(() => (point.predict(x) as tf.Tensor).dataSync());
      const mse = Array.from(rawPoint).reduce((s, p, i) => s + (p - sine.validation.y[i]) ** 2, 0) / rawPoint.length;
      expect(evaluateLoss(point, x, y, 1).loss).toBeCloseTo(mse, 5);
      const raw = tf.tidy(() => (banded.predict(x) as tf.Tensor).dataSync());
      let loss = 0;
      for (let i = 0; i < sine.validation.count; i++) {
        for (let k = 0; k < 3; k++) for (let d = 0; d < 2; d++) loss += pinball(sine.validation.y[i * 2 + d], raw[i * 6 + k * 2 + d], QUANTILES[k]);
      }
      expect(evaluateLoss(banded, x, y, 1).loss).toBeCloseTo(loss / (sine.validation.count * 6), 5);
    } finally {
      tf.dispose([x, y]);
      disposeModel(point);
      disposeModel(banded);
    }
  });
});

describe('intervals on real data (Seattle 2015)', () => {
  it('a GRU trained for the 10th/50th/90th percentiles covers a sane share of test days, and its median is a usable forecast', async () => {
    const { table } = parseWeatherCsv(readFileSync(resolve(import.meta.dirname, '../../datasets/seattle.csv'), 'utf8'));
    const data = prepareData(table, {
      features: { target: 'temp_max', inputs: ['temp_max', 'temp_min', 'precipitation', 'wind'], seasonal: true },
      window: { lookbackDays: 14, horizonDays: 2 },
      split: SHIPPED_DATASETS.seattle.split,
    });
    const before = tf.memory().numTensors;
    const model = buildModel({ kind: 'gru', units: 16, layers: 1, dropout: 0 }, data, 42, { intervals: true });
    const run = await train(model, data, { epochs: 12, batchSize: 32, learningRate: 0.005, optimizer: 'adam', patience: 4, seed: 42, intervals: true });
    const e = evaluateModel(model, data);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(run.history.length).toBeGreaterThan(1);
    const iv = e.intervals!;
    // A learned 80 % band: far from empty or everything, and the median beats climatology.
    for (const c of iv.coveragePerHorizon) {
      expect(c).toBeGreaterThan(0.6);
      expect(c).toBeLessThan(0.95);
    }
    expect(iv.meanWidth).toBeGreaterThan(2);
    expect(iv.meanWidth).toBeLessThan(15);
    expect(e.model.mae).toBeLessThan(e.baselines.climatology.mae);
    // the pinball loss of the median alone is half its MAE; the band's three-quantile average must be lower than the MAE
    expect(iv.pinballLoss).toBeLessThan(e.model.mae);
    expect(iv.lower.length).toBe(e.predicted.length);
  }, 120_000);
});

describe('interval bundle', () => {
  const architecture: ArchitectureSpec = { kind: 'gru', units: 6, layers: 1, dropout: 0 };
  const training: TrainingConfig = { epochs: 3, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 4, intervals: true };
  const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  async function exported(intervals: boolean): Promise<{ model: tf.LayersModel; files: BundleFiles }> {
    const model = buildModel(architecture, sine, 2, { intervals });
    const config = { ...training, intervals };
    const run = await train(model, sine, config);
    const files = await exportBundle(model, sine, {
      dataset: { name: 'Synthetic sine', source: 'tests/ml/helpers.ts' },
      architecture,
      training: config,
      trainingSummary: { epochsRun: run.history.length, bestEpoch: run.bestEpoch, msPerEpoch: run.msPerEpoch },
      evaluation: evaluateModel(model, sine),
    });
    return { model, files };
  }

  it('metadata, test vectors and model card describe the band; import reproduces median and band; no leaks', async () => {
    const before = tf.memory().numTensors;
    const { model, files } = await exported(true);
    const evaluation = evaluateModel(model, sine);
    const m = decode(files[BUNDLE_FILES.metadata]) as ModelMetadata;
    expect(m.output).toMatchObject({ kind: 'quantiles', quantiles: [0.1, 0.5, 0.9] });
    expect(m.output?.kind === 'quantiles' && m.output.layout).toMatch(/quantile-major/);
    expect(m.outputShape).toEqual([null, 6]);
    expect(m.training.intervals).toBe(true);
    expect(m.metrics.model).toEqual(evaluation.model);
    expect(m.metrics.intervals).toEqual({
      quantiles: [0.1, 0.5, 0.9],
      nominalCoverage: 0.8,
      coverage: evaluation.intervals!.coverage,
      coveragePerHorizon: evaluation.intervals!.coveragePerHorizon,
      meanWidth: evaluation.intervals!.meanWidth,
      meanWidthPerHorizon: evaluation.intervals!.meanWidthPerHorizon,
      pinballLoss: evaluation.intervals!.pinballLoss,
    });
    expect(m.howToPredict.at(-1)).toMatch(/\[1, 6\]: 10th, 50th and 90th percentiles.*80 % prediction interval/);

    const vectors = decode(files[BUNDLE_FILES.testVectors]) as TestVector[];
    expect(vectors).toHaveLength(5);
    for (const v of vectors) {
      expect(v.expectedLower).toHaveLength(2);
      expect(v.expectedUpper).toHaveLength(2);
      v.expected.forEach((median, j) => {
        expect(v.expectedLower![j]).toBeLessThanOrEqual(median);
        expect(median).toBeLessThanOrEqual(v.expectedUpper![j]);
      });
    }
    // the last test vector is the last test window: the same numbers as the windowed evaluation
    const last = vectors.at(-1)!;
    const i = sine.test.count - 1;
    expect(last.expected[1]).toBeCloseTo(evaluation.predicted[i * 2 + 1], 3);
    expect(last.expectedLower![0]).toBeCloseTo(evaluation.intervals!.lower[i * 2], 3);
    expect(last.expectedUpper![1]).toBeCloseTo(evaluation.intervals!.upper[i * 2 + 1], 3);

    const card = new TextDecoder().decode(files[BUNDLE_FILES.readme]);
    expect(card).toContain('## Prediction interval');
    const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
    expect(card).toContain(`| day 1 | ${pct(evaluation.intervals!.coveragePerHorizon[0])} | ${evaluation.intervals!.meanWidthPerHorizon[0].toFixed(2)} |`);
    expect(card).toContain(`| day 2 | ${pct(evaluation.intervals!.coveragePerHorizon[1])} | ${evaluation.intervals!.meanWidthPerHorizon[1].toFixed(2)} |`);

    const imported = await importBundle(files);
    expect(imported.check.passed).toBe(true);
    expect(imported.check.maxAbsDiff).toBe(0);
    const f = forecastFromRows(imported.model, imported.metadata, last.rows);
    expect(f.lower).toEqual(last.expectedLower);
    expect(f.upper).toEqual(last.expectedUpper);
    imported.model.dispose();
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('refuses a bundle whose band does not reproduce, or whose metadata hides the band', async () => {
    const { model, files } = await exported(true);
    disposeModel(model);
    const vectors = decode(files[BUNDLE_FILES.testVectors]) as TestVector[];
    const tampered = vectors.map((v) => ({ ...v, expectedUpper: v.expectedUpper!.map((u) => u + 0.5) }));
    await expect(importEdited({ ...files, [BUNDLE_FILES.testVectors]: encode(tampered) })).rejects.toMatchObject({ code: 'test-vectors-failed' });
    const dropped = vectors.map((v) => ({ ...v, expectedLower: undefined, expectedUpper: undefined }));
    await expect(importEdited({ ...files, [BUNDLE_FILES.testVectors]: encode(dropped) })).rejects.toBeInstanceOf(BundleError);
    const m = decode(files[BUNDLE_FILES.metadata]) as ModelMetadata;
    const { output: _output, ...pointClaim } = m;
    await expect(importEdited({ ...files, [BUNDLE_FILES.metadata]: encode(pointClaim) })).rejects.toMatchObject({ code: 'bad-metadata', message: expect.stringMatching(/gives \[null,6\]/) });
    await expect(importEdited({ ...files, [BUNDLE_FILES.metadata]: encode({ ...m, output: { kind: 'ensemble' } }) })).rejects.toMatchObject({ code: 'bad-metadata' });
  }, 60_000);

  it('a point bundle without the output field (exported before intervals existed) still imports', async () => {
    const { model, files } = await exported(false);
    disposeModel(model);
    const m = decode(files[BUNDLE_FILES.metadata]) as ModelMetadata;
    expect(m.output).toEqual({ kind: 'point' });
    expect(m.metrics.intervals).toBeUndefined();
    expect(new TextDecoder().decode(files[BUNDLE_FILES.readme])).not.toContain('Prediction interval');
    const { output: _output, ...old } = m;
    const imported = await importEdited({ ...files, [BUNDLE_FILES.metadata]: encode(old) });
    expect(imported.check.passed).toBe(true);
    const v = (decode(files[BUNDLE_FILES.testVectors]) as TestVector[])[0];
    expect(forecastFromRows(imported.model, imported.metadata, v.rows).lower).toBeUndefined();
    imported.model.dispose();
  }, 60_000);

  it('continuing training of an interval model (a clone, as the worker does) keeps the pinball loss', async () => {
    const { model } = await exported(true);
    const clone = await cloneModel(model);
    const run = await continueTraining(clone, sine, { ...training, epochs: 2 });
    // the validation loss is the pinball loss of the clone's raw outputs
    expect(run.history[0].valLoss).toBeGreaterThan(0);
    expect(hasIntervalHead(clone, 2)).toBe(true);
    const x = tf.tensor3d(sine.validation.x, [sine.validation.count, 5, sine.numFeatures]);
    const y = tf.tensor2d(sine.validation.y, [sine.validation.count, 2]);
    expect(evaluateLoss(clone, x, y, 1).loss).toBeCloseTo(run.history[run.bestEpoch - 1].valLoss, 6);
    tf.dispose([x, y]);
    disposeModel(clone);
    disposeModel(model);
  }, 60_000);
});
