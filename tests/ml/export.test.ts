import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData, type DataSpec, type PreparedData } from '../../src/ml/data/prepare.ts';
import { evaluateModel, predictWindows, type Evaluation } from '../../src/ml/evaluation/evaluate.ts';
import {
  BUNDLE_FILES,
  BundleError,
  exportBundle,
  forecastFromRows,
  importBundle,
  withManifest,
  type BundleFiles,
  type ModelMetadata,
  type TestVector,
} from '../../src/ml/export/bundle.ts';
import {
  continueTraining,
  FINE_TUNE_LEARNING_RATE_FACTOR,
  freezeLayers,
  hyperparameterSearch,
  rankTrials,
  searchTrials,
  transferToCity,
  type SearchSpec,
} from '../../src/ml/fine-tuning/fine-tuning.ts';
import { evaluateLoss, train, type TrainingConfig, type TrainingResult } from '../../src/ml/training/train.ts';
import { maxAbsDiff, sineCity } from './helpers.ts';

const spec: DataSpec = {
  features: { target: 'temp', inputs: ['wind'] },
  window: { lookbackDays: 5, horizonDays: 2 },
  split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
};
const architecture: ArchitectureSpec = { kind: 'gru', units: 6, layers: 1, dropout: 0 };
const training: TrainingConfig = { epochs: 3, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 4 };

let data: PreparedData;
let model: tf.LayersModel;
let run: TrainingResult;
let evaluation: Evaluation;
let files: BundleFiles;

const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const testX = (d: PreparedData) => tf.tensor3d(d.test.x, [d.test.count, d.lookbackDays, d.numFeatures]);
const predictTest = (m: tf.LayersModel) => tf.tidy(() => (m.predict(testX(data)) as tf.Tensor).dataSync() as Float32Array);

/** The error importing a bundle edited after export, with its manifest rewritten so that the checks behind the checksums answer. */
async function bundleErrorOf(bundle: BundleFiles): Promise<BundleError> {
  const error = await importBundle(await withManifest(bundle)).then(
    (imported) => {
      imported.model.dispose();
      return undefined;
    },
    (e: unknown) => e,
  );
  if (error instanceof BundleError) return error;
  throw new Error(`expected a BundleError, got ${String(error)}`);
}

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  // more than a year, so that climatology (and so every metric in metadata.json) is defined
  data = prepareData(sineCity(500), spec);
  model = buildModel(architecture, data, 2);
  run = await train(model, data, training);
  evaluation = evaluateModel(model, data);
  files = await exportBundle(model, data, {
    dataset: { name: 'Synthetic sine', source: 'tests/ml/helpers.ts' },
    architecture,
    training,
    trainingSummary: { epochsRun: run.history.length, bestEpoch: run.bestEpoch, msPerEpoch: run.msPerEpoch },
    evaluation,
  });
});

afterAll(() => disposeModel(model));

describe('export bundle', () => {
  it('holds the nine files', () => {
    expect(Object.keys(files).sort()).toEqual(['README.md', 'manifest.json', 'metadata.json', 'metadata.schema.json', 'model.json', 'model.onnx', 'test-vectors.json', 'test-vectors.schema.json', 'weights.bin']);
    // GRU(6) on 4 features + Dense(2): 3·(4·6 + 6·6 + 6) + 6·2 + 2 = 212 float32 weights
    expect(files[BUNDLE_FILES.weights].byteLength).toBe(212 * 4);
  });

  it('README.md is a model card generated from the run: data, periods, inputs, window, metrics per horizon vs baselines, use and limits', () => {
    const card = new TextDecoder().decode(files['README.md']);
    const m = decode(files['metadata.json']) as ModelMetadata;
    const p = data.periods;
    expect(card).toContain('# Model card: temp forecast, Synthetic sine');
    expect(card).toContain('for the next 2 day(s) from the previous 5 days');
    expect(card).toContain('- Source: tests/ml/helpers.ts');
    expect(card).toContain(`Training: ${p.train.start} to ${p.train.end} (${p.train.windows} windows)`);
    expect(card).toContain(`test: ${p.test.start} to ${p.test.end} (${p.test.windows})`);
    expect(card).toContain(`Inputs, in order: ${data.featureNames[0]}`);
    expect(card).toContain(`seed ${training.seed}`);
    const fmt = (v: number) => v.toFixed(2);
    expect(card).toContain(`| this model | ${fmt(evaluation.model.mae)} | ${fmt(evaluation.model.rmse)} |`);
    expect(card).toContain(`| persistence (last observed day) | ${fmt(evaluation.baselines.persistence.mae)} |`);
    for (const [j, mae] of evaluation.model.maePerHorizon.entries()) {
      expect(card).toContain(`| day ${j + 1} | ${fmt(mae)} | ${fmt(evaluation.baselines.persistence.maePerHorizon[j])} | ${fmt(evaluation.baselines.climatology.maePerHorizon[j])} |`);
    }
    expect(card).toContain('## Intended use and limitations');
    expect(card).not.toContain('## Prediction interval'); // a point model has no band
    expect(m.metrics.model.mae).toBeCloseTo(evaluation.model.mae, 6);
  });

  it('importBundle reproduces the predictions exactly and passes its test vectors', async () => {
    const imported = await importBundle(files);
    try {
      expect(imported.check).toEqual({ count: 5, maxAbsDiff: 0, passed: true, tolerance: 1e-3 });
      expect(maxAbsDiff(predictTest(imported.model), predictTest(model))).toBe(0);
    } finally {
      imported.model.dispose();
    }
  });

  it('model.json + weights.bin load with the stock tf.loadLayersModel', async () => {
    const modelJson = decode(files['model.json']) as tf.io.ModelJSON;
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [
      manifest.flatMap((g) => g.weights),
      files['weights.bin'].slice().buffer,
    ]);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    try {
      expect(loaded.inputs[0].shape).toEqual([null, 5, 4]);
      expect(loaded.outputs[0].shape).toEqual([null, 2]);
      expect(maxAbsDiff(predictTest(loaded), predictTest(model))).toBe(0);
    } finally {
      loaded.dispose();
    }
  });

  it('metadata.json describes features, normalization, window, target and the evaluation', () => {
    const m = decode(files['metadata.json']) as ModelMetadata;
    expect(m.format).toBe('weather-forecast-bundle');
    expect(m.features.map((f) => f.name)).toEqual(['temp', 'wind', 'doy_sin', 'doy_cos']);
    expect(m.features.map((f) => f.source)).toEqual(['column', 'column', 'date', 'date']);
    expect(m.features.map((f) => f.units)).toEqual(['°C', 'm/s', '', '']);
    expect(m.features.map((f) => f.mean)).toEqual(data.normalizer.mean);
    expect(m.features.map((f) => f.std)).toEqual(data.normalizer.std);
    expect(m.target).toEqual({ name: 'temp', units: '°C', mean: data.normalizer.mean[0], std: data.normalizer.std[0] });
    expect(m.window).toEqual({ lookbackDays: 5, horizonDays: 2 });
    expect(m.inputShape).toEqual([null, 5, 4]);
    expect(m.outputShape).toEqual([null, 2]);
    expect(m.metrics.split).toBe('test');
    expect(Number.isFinite(evaluation.baselines.climatology.mae)).toBe(true);
    expect(m.metrics.model).toEqual(evaluation.model);
    expect(m.metrics.baselines).toEqual(evaluation.baselines);
    expect(m.metrics.skillPercent).toEqual(evaluation.skill);
    expect(m.architecture).toEqual(architecture);
    expect(m.training).toMatchObject({ ...training, epochsRun: 3, bestEpoch: run.bestEpoch, backend: 'wasm' });
    expect(m.parameters).toBe(212);
    expect(m.seed).toBe(4);
    expect(m.dataset.period).toEqual({ start: '2020-01-01', end: data.dates[499] });
    expect(m.dataset.splits).toEqual(data.periods);
  });

  it('forecastFromRows on the test-vector rows gives the expected forecast, which matches the windowed pipeline', () => {
    const m = decode(files['metadata.json']) as ModelMetadata;
    const vectors = decode(files['test-vectors.json']) as TestVector[];
    expect(vectors).toHaveLength(5);
    const predicted = predictWindows(model, data, data.test);
    // vectors are spread evenly over the test windows: 0, ¼, ½, ¾, last
    const n = data.test.count;
    const windows = [0, 1, 2, 3, 4].map((k) => Math.floor((k * (n - 1)) / 4));
    vectors.forEach((v, k) => {
      const w = windows[k];
      const anchor = data.test.anchors[w];
      expect(v.rows.map((r) => r.date)).toEqual(data.dates.slice(anchor - 4, anchor + 1));
      expect(v.rows[4].values).toEqual({ temp: data.table.columns.temp[anchor], wind: data.table.columns.wind[anchor] });
      expect(v.forecastDates).toEqual([data.dates[anchor + 1], data.dates[anchor + 2]]);
      const forecast = forecastFromRows(model, m, v.rows);
      expect(forecast.values).toEqual(v.expected);
      expect(forecast.dates).toEqual(v.forecastDates);
      // same model input as the training windows (float64 vs float32 normalization)
      expect(maxAbsDiff(v.modelInput.flat(), data.test.x.subarray(w * 20, (w + 1) * 20))).toBeLessThan(1e-5);
      expect(maxAbsDiff(v.expected, predicted.subarray(w * 2, w * 2 + 2))).toBeLessThan(1e-4);
    });
  });

  it('importBundle: missing weights.bin → missing-file', async () => {
    const { [BUNDLE_FILES.weights]: _weights, ...rest } = files;
    const e = await bundleErrorOf(rest);
    expect(e.code).toBe('missing-file');
    expect(e.message).toContain('weights file "weights.bin"');
  });

  it('importBundle: missing metadata.json → missing-file', async () => {
    const { [BUNDLE_FILES.metadata]: _metadata, ...rest } = files;
    const e = await bundleErrorOf(rest);
    expect(e.code).toBe('missing-file');
    expect(e.message).toContain('no metadata.json');
  });

  it('importBundle: metadata with a wrong lookback → bad-metadata', async () => {
    const m = decode(files['metadata.json']);
    m.window.lookbackDays = 7;
    const e = await bundleErrorOf({ ...files, [BUNDLE_FILES.metadata]: encode(m) });
    expect(e.code).toBe('bad-metadata');
    expect(e.message).toContain('does not match 7 days × 4 features');
  });

  it('importBundle: metadata whose shape claims disagree with the model → bad-metadata', async () => {
    const m = decode(files['metadata.json']);
    m.window.lookbackDays = 7;
    m.inputShape = [null, 7, 4];
    const e = await bundleErrorOf({ ...files, [BUNDLE_FILES.metadata]: encode(m) });
    expect(e.code).toBe('bad-metadata');
    expect(e.message).toContain('The files come from different exports');
  });

  it('importBundle: broken JSON → bad-json', async () => {
    const e = await bundleErrorOf({ ...files, [BUNDLE_FILES.testVectors]: new TextEncoder().encode('[{"rows": ') });
    expect(e.code).toBe('bad-json');
  });

  it('importBundle: tampered weights → test-vectors-failed', async () => {
    const bytes = files[BUNDLE_FILES.weights].slice();
    const floats = new Float32Array(bytes.buffer);
    for (let i = 0; i < floats.length; i += 5) floats[i] = -floats[i] + 0.25;
    const e = await bundleErrorOf({ ...files, [BUNDLE_FILES.weights]: bytes });
    expect(e.code).toBe('test-vectors-failed');
    expect(e.message).toMatch(/largest difference [0-9.e+-]+ °C, allowed 0.001/);
  });

  it('importBundle: features reordered in metadata → error', async () => {
    const m = decode(files['metadata.json']);
    m.features = [m.features[1], m.features[0], m.features[2], m.features[3]];
    const e = await bundleErrorOf({ ...files, [BUNDLE_FILES.metadata]: encode(m) });
    expect(e.code).toBe('test-vectors-failed');
  });

  it('export + import + dispose leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const again = await exportBundle(model, data, {
      dataset: { name: 'x', source: 'y' },
      architecture,
      training,
      trainingSummary: { epochsRun: 3, bestEpoch: 3, msPerEpoch: 1 },
      evaluation,
      testVectorCount: 2,
    });
    expect(decode(again['test-vectors.json'])).toHaveLength(2);
    const imported = await importBundle(again);
    imported.model.dispose();
    await bundleErrorOf({ ...again, [BUNDLE_FILES.weights]: new Uint8Array(again[BUNDLE_FILES.weights].byteLength) });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fine-tuning', () => {
  const learningRateOf = (m: tf.LayersModel) => (m.optimizer as tf.Optimizer).getConfig().learningRate as number;
  const valLoss = (m: tf.LayersModel, d: PreparedData) =>
    tf.tidy(() =>
      evaluateLoss(
        m,
        tf.tensor3d(d.validation.x, [d.validation.count, d.lookbackDays, d.numFeatures]),
        tf.tensor2d(d.validation.y, [d.validation.count, d.horizonDays]),
        d.normalizer.std[0],
      ),
    ).loss;

  it('continueTraining starts from the current weights at learningRate × 0.1', async () => {
    const m = buildModel({ kind: 'mlp', units: 16, layers: 1, dropout: 0 }, data, 3);
    try {
      await train(m, data, { ...training, epochs: 6 });
      expect(learningRateOf(m)).toBe(0.01);
      const trained = valLoss(m, data);
      const fresh = buildModel({ kind: 'mlp', units: 16, layers: 1, dropout: 0 }, data, 3);
      const untrained = valLoss(fresh, data);
      fresh.dispose();
      expect(FINE_TUNE_LEARNING_RATE_FACTOR).toBe(0.1);
      const more = await continueTraining(m, data, { ...training, epochs: 3 });
      expect(learningRateOf(m)).toBeCloseTo(0.001, 12);
      // it continues: the first fine-tuning epoch is near the trained loss, far from an untrained model's
      expect(untrained).toBeGreaterThan(5 * trained);
      expect(more.history[0].valLoss).toBeLessThan(1.25 * trained);
      expect(valLoss(m, data)).toBeLessThanOrEqual(more.history[0].valLoss);
      await continueTraining(m, data, { ...training, epochs: 1 }, { learningRateFactor: 0.5 });
      expect(learningRateOf(m)).toBeCloseTo(0.005, 12);
    } finally {
      disposeModel(m);
    }
  });

  it('freezeLayers: unknown name lists the layers; frozen weights stay put while the rest trains', async () => {
    const m = buildModel({ kind: 'mlp', units: 8, layers: 2, dropout: 0 }, data, 3);
    try {
      expect(() => freezeLayers(m, ['dense_1', 'gru_1'])).toThrow('The model has no layer "gru_1". Its layers are: flatten, dense_1, dense_2, output.');
      const snapshot = (name: string) => m.getLayer(name).getWeights().map((w) => Array.from(w.dataSync()));
      const dense1 = snapshot('dense_1');
      const output = snapshot('output');
      freezeLayers(m, ['dense_1']);
      await train(m, data, { ...training, epochs: 2 });
      expect(snapshot('dense_1')).toEqual(dense1);
      expect(snapshot('output')).not.toEqual(output);
      expect(snapshot('dense_2')).toHaveLength(2);
    } finally {
      disposeModel(m);
    }
  });

  describe('searchTrials', () => {
    const base = { architecture: { kind: 'mlp', units: 8, layers: 1, dropout: 0 } as ArchitectureSpec, training };

    it('grid: one trial per combination, in nested order, applying each value', () => {
      const trials = searchTrials({ ...base, mode: 'grid', space: { learningRate: [0.1, 0.01, 0.001], units: [4, 16], dropout: [] } });
      expect(trials).toHaveLength(3 * 2);
      expect(trials.map((t) => t.params)).toEqual([
        { learningRate: 0.1, units: 4 },
        { learningRate: 0.1, units: 16 },
        { learningRate: 0.01, units: 4 },
        { learningRate: 0.01, units: 16 },
        { learningRate: 0.001, units: 4 },
        { learningRate: 0.001, units: 16 },
      ]);
      expect(trials[3].architecture).toEqual({ kind: 'mlp', units: 16, layers: 1, dropout: 0 });
      expect(trials[3].training).toEqual({ ...training, learningRate: 0.01 });
      expect(searchTrials({ ...base, mode: 'grid', space: { learningRate: [1, 2], batchSize: [8, 16, 32], layers: [1, 2], dropout: [0, 0.2, 0.4] } })).toHaveLength(2 * 3 * 2 * 3);
      expect(searchTrials({ ...base, mode: 'grid', space: {} })).toEqual([{ params: {}, ...base }]);
    });

    it('random: a seeded sample without repeats', () => {
      const space = { learningRate: [0.1, 0.01, 0.001], units: [4, 16], layers: [1, 2] };
      const a = searchTrials({ ...base, mode: 'random', trials: 5, space });
      expect(a).toHaveLength(5);
      expect(new Set(a.map((t) => JSON.stringify(t.params))).size).toBe(5);
      expect(searchTrials({ ...base, mode: 'random', trials: 5, space })).toEqual(a);
      const all = searchTrials({ ...base, mode: 'random', space });
      expect(all).toHaveLength(12);
      expect(all.slice(0, 5)).toEqual(a);
      const other = searchTrials({ ...base, training: { ...training, seed: 99 }, mode: 'random', space });
      expect(other.map((t) => JSON.stringify(t.params))).not.toEqual(all.map((t) => JSON.stringify(t.params)));
    });
  });

  it('hyperparameterSearch ranks by validation MAE and keeps a diverged trial last', async () => {
    const searchSpec: SearchSpec = {
      data,
      architecture: { kind: 'linear', units: 1, layers: 1, dropout: 0 },
      training: { ...training, optimizer: 'sgd', epochs: 3 },
      space: { learningRate: [10, 0.001, 0.05] },
      mode: 'grid',
    };
    const seen: number[] = [];
    const before = tf.memory().numTensors;
    const results = await hyperparameterSearch(searchSpec, { onTrial: (ranking, i, total) => seen.push(ranking.length * 10 + i + total * 100) });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual([310, 321, 332]);
    expect(results.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(results[2].params).toEqual({ learningRate: 10 });
    expect(results[2].valMae).toBeNaN();
    expect(results[2].error).toMatch(/Training diverged/);
    expect(results[0].valMae).toBeLessThanOrEqual(results[1].valMae);
    // the ranking's numbers are those of a plain training run with the same settings
    for (const r of results.slice(0, 2)) {
      const m = buildModel(r.architecture, data, r.training.seed);
      const again = await train(m, data, r.training);
      expect(r.valMae).toBe(again.bestValMae);
      expect(r.testMae).toBe(evaluateModel(m, data).model.mae);
      expect(r.epochsRun).toBe(3);
      disposeModel(m);
    }
  });

  it('a trial gives the same result whichever share of the search ran it (a pool of workers splits the trials)', async () => {
    const searchSpec: SearchSpec = {
      data,
      architecture: { kind: 'mlp', units: 4, layers: 1, dropout: 0.2 },
      training: { ...training, epochs: 2 },
      space: { learningRate: [0.01, 0.003], units: [4, 8] },
      mode: 'grid',
    };
    const whole = await hyperparameterSearch(searchSpec);
    // Another worker runs trials 3 and 1, in that order, after other work; a third runs 2 then 0.
    const shares = [...(await hyperparameterSearch(searchSpec, { only: [3, 1] })), ...(await hyperparameterSearch(searchSpec, { only: [2, 0] }))];
    const byTrial = (rs: readonly { trial?: number; valMae: number; testMae: number }[]) => [...rs].sort((a, b) => a.trial! - b.trial!).map((r) => [r.trial, r.valMae, r.testMae]);
    expect(byTrial(shares)).toEqual(byTrial(whole));
    expect(rankTrials(shares).map((r) => r.trial)).toEqual(whole.map((r) => r.trial));
  });

  it('transferToCity: zero-shot, fine-tuned and scratch on the same target windows', async () => {
    const source = prepareData(sineCity(300, { mean: 12, amplitude: 8, seed: 1 }), { ...spec, window: { lookbackDays: 7, horizonDays: 1 } });
    const targetTable = sineCity(300, { start: '2021-03-01', mean: 18, amplitude: 6, seed: 2 });
    const arch: ArchitectureSpec = { kind: 'mlp', units: 8, layers: 1, dropout: 0 };
    const sourceModel = buildModel(arch, source, 1);
    try {
      await train(sourceModel, source, { ...training, epochs: 3 });
      const sourceWeights = sourceModel.getWeights().map((w) => Array.from(w.dataSync()));
      const before = tf.memory().numTensors;
      const targetSpec = { ...spec, window: { lookbackDays: 7, horizonDays: 1 } };
      const result = await transferToCity({
        sourceModel,
        sourceData: source,
        targetTable,
        targetSpec,
        architecture: arch,
        targetFraction: 0.25,
        training: { ...training, epochs: 2 },
        freeze: ['dense_1'],
      });
      expect(tf.memory().numTensors).toBe(before);
      // target: 300 rows, test from row 240; pre-test anchors 6..238 (233), 23 validation, 210 training;
      // round(210 × 0.25) = 53 most recent training windows
      expect(result.targetTrainWindows).toBe(53);
      for (const e of [result.zeroShot, result.fineTuned, result.scratch]) {
        expect(e.split).toBe('test');
        expect(e.model.count).toBe(60); // anchors 239..298
      }
      expect(result.fineTuneRun.history).toHaveLength(2);
      expect(result.scratchRun.history).toHaveLength(2);
      // the source model is untouched, and zero-shot is it on the target city with the source's scale
      expect(sourceModel.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(sourceWeights);
      const target = prepareData(targetTable, targetSpec, { normalizer: source.normalizer });
      expect(result.zeroShot.model).toEqual(evaluateModel(sourceModel, target).model);
      expect(result.fineTuned.model.mae).not.toBe(result.zeroShot.model.mae);
      // a tiny share still trains on at least 8 windows
      const tiny = await transferToCity({
        sourceModel,
        sourceData: source,
        targetTable,
        targetSpec,
        architecture: arch,
        targetFraction: 0.01,
        training: { ...training, epochs: 1 },
      });
      expect(tiny.targetTrainWindows).toBe(8);
      await expect(
        transferToCity({ sourceModel, sourceData: source, targetTable, targetSpec, architecture: arch, targetFraction: 0, training }),
      ).rejects.toThrow('The share of target data must be in (0, 1], got 0.');
    } finally {
      disposeModel(sourceModel);
    }
  });
});
