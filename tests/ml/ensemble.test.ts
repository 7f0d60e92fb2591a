import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData, targetToUnits, type DataSpec, type PreparedData } from '../../src/ml/data/prepare.ts';
import { evaluateModel } from '../../src/ml/evaluation/evaluate.ts';
import { exportBundle, importBundle, type ModelMetadata } from '../../src/ml/export/bundle.ts';
import { ensembleSeeds, trainEnsemble } from '../../src/ml/fine-tuning/ensemble.ts';
import type { TrainingConfig } from '../../src/ml/training/train.ts';
import { sineCity } from './helpers.ts';

const spec: DataSpec = {
  features: { target: 'temp', inputs: ['wind'] },
  window: { lookbackDays: 5, horizonDays: 2 },
  split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
};
const architecture: ArchitectureSpec = { kind: 'gru', units: 6, layers: 1, dropout: 0 };
const training: TrainingConfig = { epochs: 3, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 4 };

let data: PreparedData;

beforeAll(async () => {
  await initBackend('wasm');
  data = prepareData(sineCity(400), spec);
});

/** One member's test forecast in °C: its layers (named `seed<N>_…`) applied eagerly to the test windows. */
function memberForecast(model: tf.LayersModel, seed: number): Float32Array {
  const normalized = tf.tidy(() => {
    const x = tf.tensor3d(data.test.x, [data.test.count, data.lookbackDays, data.numFeatures]);
    const layers = model.layers.filter((l) => l.name.startsWith(`seed${seed}_`));
    return (layers.reduce<tf.Tensor>((h, layer) => layer.apply(h) as tf.Tensor, x)).dataSync() as Float32Array;
  });
  return targetToUnits(data, normalized);
}

describe('ensembles: the mean of N seeds as one model', () => {
  it('trains 3 seeds, scores their mean forecast, exports one bundle that reproduces its test vectors, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const result = await trainEnsemble({ data, architecture, training, members: 3 });
    const model = result.model!;
    try {
      expect(result.cancelled).toBe(false);
      expect(result.members.map((m) => m.seed)).toEqual([4, 5, 6]);
      for (const m of result.members) {
        expect(Number.isFinite(m.valMae) && Number.isFinite(m.testMae)).toBe(true);
        expect(m.epochsRun).toBe(3);
      }
      // One input, one output, an average layer over three members with unique layer names.
      expect(model.inputs).toHaveLength(1);
      expect(model.layers.at(-1)!.getClassName()).toBe('Average');
      expect(new Set(model.layers.map((l) => l.name)).size).toBe(model.layers.length);

      // The ensemble's MAE is the MAE of the mean of the members' forecasts.
      const forecasts = result.members.map((m) => memberForecast(model, m.seed));
      const mean = forecasts[0].map((_, i) => forecasts.reduce((s, f) => s + f[i], 0) / forecasts.length);
      const truth = targetToUnits(data, data.test.y);
      const maeOfMean = mean.reduce((s, v, i) => s + Math.abs(v - truth[i]), 0) / mean.length;
      expect(Math.abs(result.evaluation!.model.mae - maeOfMean)).toBeLessThan(1e-5);
      // Each member's own test MAE is the one recorded.
      result.members.forEach((m, k) => {
        const own = forecasts[k].reduce((s, v, i) => s + Math.abs(v - truth[i]), 0) / truth.length;
        expect(Math.abs(own - m.testMae)).toBeLessThan(1e-5);
      });
      expect(Math.abs(result.valMae - evaluateModel(model, data, 'validation').model.mae)).toBeLessThan(1e-9);

      const ensemble = { members: 3, seeds: ensembleSeeds(4, 3), combination: 'mean' as const, valMae: result.valMae, memberMetrics: result.members.map(({ seed, valMae, testMae }) => ({ seed, valMae, testMae })) };
      const files = await exportBundle(model, data, {
        dataset: { name: 'sine city', source: 'synthetic' },
        architecture,
        training,
        trainingSummary: { epochsRun: 3, bestEpoch: 3, msPerEpoch: 1, bestValMae: result.valMae },
        evaluation: result.evaluation!,
        ensemble,
      });
      const metadata = JSON.parse(new TextDecoder().decode(files['metadata.json'])) as ModelMetadata;
      expect(metadata.ensemble).toEqual(ensemble);
      expect(new TextDecoder().decode(files['README.md'])).toMatch(/- Ensemble: the mean forecast of 3 copies of this model trained with seeds 4, 5, 6/);
      const imported = await importBundle(files);
      expect(imported.check.passed).toBe(true);
      expect(imported.check.maxAbsDiff).toBeLessThan(1e-4);
      expect(Math.abs(evaluateModel(imported.model, data).model.mae - result.evaluation!.model.mae)).toBeLessThan(1e-5);
      imported.model.dispose();
    } finally {
      disposeModel(model);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('averages interval models percentile by percentile: the band survives export and import', async () => {
    const before = tf.memory().numTensors;
    const result = await trainEnsemble({ data, architecture, training: { ...training, epochs: 2, intervals: true }, members: 2 });
    const model = result.model!;
    try {
      expect(model.outputs[0].shape).toEqual([null, 3 * data.horizonDays]);
      expect(result.evaluation!.intervals).toBeDefined();
      const files = await exportBundle(model, data, {
        dataset: { name: 'sine city', source: 'synthetic' },
        architecture,
        training: { ...training, intervals: true },
        trainingSummary: { epochsRun: 2, bestEpoch: 2, msPerEpoch: 1 },
        evaluation: result.evaluation!,
      });
      const imported = await importBundle(files);
      expect(imported.check.passed).toBe(true);
      expect(imported.testVectors[0].expectedLower).toHaveLength(data.horizonDays);
      imported.model.dispose();
    } finally {
      disposeModel(model);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses fewer than 2 members with the settings table message, and a stop keeps nothing', async () => {
    await expect(trainEnsemble({ data, architecture, training, members: 1 })).rejects.toThrow(/Members must be a whole number from 2 to 8 \(got 1\)/);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await trainEnsemble(
      { data, architecture, training: { ...training, epochs: 5 }, members: 3 },
      { signal: controller.signal, onEpoch: (_log, member) => member === 1 && controller.abort() },
    );
    expect(result.cancelled).toBe(true);
    expect(result.model).toBeNull();
    expect(result.members).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
