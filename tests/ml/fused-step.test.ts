import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { prepareData, type PreparedData } from '../../src/ml/data/prepare.ts';
import { matKernels, setPreferSimd } from '../../src/ml/kernels/gemm.ts';
import { fusedBatchStep, setFusedTraining } from '../../src/ml/training/fused-step.ts';
import { DEFAULT_TRAINING, train, type TrainingConfig, type TrainingResult } from '../../src/ml/training/train.ts';

/** Seattle at the walkthrough's settings: the data every learner trains on first. */
let seattle: PreparedData;
beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  seattle = prepareData(parseWeatherCsv(readFileSync('datasets/seattle.csv', 'utf8')).table, {
    features: { target: 'temp_max', inputs: ['temp_max', 'temp_min', 'precipitation', 'wind'], seasonal: true },
    window: { lookbackDays: 14, horizonDays: 1 },
    split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.15 },
  });
});
afterAll(() => {
  setFusedTraining(true);
  setPreferSimd(true);
});

async function run(spec: ArchitectureSpec, config: TrainingConfig, fused: boolean): Promise<{ result: TrainingResult; weights: Float32Array[] }> {
  setFusedTraining(fused);
  const model = buildModel(spec, seattle, 7);
  try {
    const result = await train(model, seattle, config);
    return { result, weights: model.getWeights().map((w) => w.dataSync() as Float32Array) };
  } finally {
    disposeModel(model);
    setFusedTraining(true);
  }
}

describe('the fused training step (linear, MLP, CNN, GRU, LSTM; MSE, Adam; no tfjs op per batch)', () => {
  const config: TrainingConfig = { ...DEFAULT_TRAINING, epochs: 4, patience: 0 };

  const specs: (ArchitectureSpec & { simd?: false })[] = [
    { kind: 'gru', units: 16, layers: 1, dropout: 0 },
    // The JavaScript kernels (no wasm SIMD): the forward state stays in a heap that grows by copying.
    { kind: 'gru', units: 12, layers: 1, dropout: 0, simd: false },
    { kind: 'lstm', units: 16, layers: 1, dropout: 0 },
    { kind: 'linear', units: 32, layers: 1, dropout: 0 },
    { kind: 'mlp', units: 24, layers: 2, dropout: 0 },
    { kind: 'cnn', units: 8, layers: 1, dropout: 0 },
  ];
  for (const spec of specs) {
    it(`trains a ${spec.kind} model (${spec.layers} × ${spec.units}${spec.simd === false ? ', JavaScript kernels' : ''}) as trainOnBatch does: the same losses, MAEs and weights after 4 epochs`, async () => {
      setPreferSimd(spec.simd !== false);
      const stock = await run(spec, config, false);
      const before = tf.memory().numTensors;
      const fused = await run(spec, config, true);
      expect(tf.memory().numTensors).toBe(before);
      expect(fused.result.history).toHaveLength(4);
      for (let e = 0; e < 4; e++) {
        const a = fused.result.history[e];
        const b = stock.result.history[e];
        expect(Math.abs(a.trainLoss - b.trainLoss) / b.trainLoss).toBeLessThan(1e-3);
        expect(Math.abs(a.valMae - b.valMae)).toBeLessThan(1e-3);
        expect(Math.abs(a.trainMae - b.trainMae)).toBeLessThan(1e-3);
      }
      expect(fused.result.bestEpoch).toBe(stock.result.bestEpoch);
      for (let i = 0; i < stock.weights.length; i++) {
        let worst = 0;
        for (let j = 0; j < stock.weights[i].length; j++) worst = Math.max(worst, Math.abs(stock.weights[i][j] - fused.weights[i][j]));
        // Float64 vs float32 accumulation: 1e-6 per step, amplified over 124 Adam steps (most by the CNN's ReLUs).
        expect(worst).toBeLessThan(1e-2);
      }
    });
  }

  it('keeps the heap contents when the heap grows (the forward state waits there for the backward pass), on both kernels', () => {
    for (const simd of [true, false]) {
      setPreferSimd(simd);
      const k = matKernels();
      const before = k.heap(1024);
      const n = before.length;
      before[7] = 42;
      before[n - 1] = -3;
      const after = k.heap(4 * n + 100);
      expect([after[7], after[n - 1]]).toEqual([42, -3]);
    }
    setPreferSimd(true);
  });

  it('is used only where it computes the same thing: flatten or one fused recurrent layer, dense layers, Adam, no intervals', () => {
    const cases: [string, ArchitectureSpec, Partial<TrainingConfig>, { fusedRecurrent?: boolean; intervals?: boolean }, boolean][] = [
      ['default GRU', { kind: 'gru', units: 32, layers: 1, dropout: 0 }, {}, {}, true],
      ['two GRU layers', { kind: 'gru', units: 32, layers: 2, dropout: 0 }, {}, {}, false],
      ['GRU with dropout', { kind: 'gru', units: 32, layers: 1, dropout: 0.2 }, {}, {}, false],
      ['stock GRU', { kind: 'gru', units: 32, layers: 1, dropout: 0 }, {}, { fusedRecurrent: false }, false],
      ['SGD', { kind: 'gru', units: 32, layers: 1, dropout: 0 }, { optimizer: 'sgd' }, {}, false],
      ['intervals', { kind: 'gru', units: 32, layers: 1, dropout: 0 }, { intervals: true }, { intervals: true }, false],
      ['MLP', { kind: 'mlp', units: 32, layers: 1, dropout: 0 }, {}, {}, true],
      ['linear', { kind: 'linear', units: 32, layers: 1, dropout: 0 }, {}, {}, true],
      ['MLP with dropout', { kind: 'mlp', units: 32, layers: 2, dropout: 0.1 }, {}, {}, false],
      ['CNN', { kind: 'cnn', units: 32, layers: 1, dropout: 0 }, {}, {}, true],
      ['two CNN layers', { kind: 'cnn', units: 32, layers: 2, dropout: 0 }, {}, {}, false],
    ];
    for (const [name, spec, training, options, expected] of cases) {
      const model = buildModel(spec, seattle, 1, options);
      try {
        expect(fusedBatchStep(model, seattle.train, seattle, { ...DEFAULT_TRAINING, ...training }) !== null, name).toBe(expected);
      } finally {
        disposeModel(model);
      }
    }
  });
});
