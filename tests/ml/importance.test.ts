import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData, type PreparedData } from '../../src/ml/data/prepare.ts';
import { linearWeights, permutationImportance } from '../../src/ml/evaluation/importance.ts';
import { DEFAULT_TRAINING } from '../../src/ml/training/config.ts';
import { train } from '../../src/ml/training/train.ts';
import { makeTable, seededNoise } from './helpers.ts';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

/** temp tomorrow = 3 × driver today (+ a little noise); `noise` and temp's own past tell nothing. */
function drivenCity(count: number): PreparedData {
  const n1 = seededNoise(1);
  const n2 = seededNoise(2);
  const n3 = seededNoise(3);
  const driver = Array.from({ length: count }, () => n1());
  const noise = Array.from({ length: count }, () => n2());
  const temp = driver.map((_, i) => (i === 0 ? 0 : 3 * driver[i - 1]) + 0.05 * n3());
  const table = makeTable('2020-01-01', count, { temp: (i) => temp[i], driver: (i) => driver[i], noise: (i) => noise[i] }, { temp: '°C' });
  return prepareData(table, {
    features: { target: 'temp', inputs: ['driver', 'noise'], seasonal: false },
    window: { lookbackDays: 4, horizonDays: 1 },
    split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.2 },
  });
}

describe('input importance', () => {
  it('ranks the one input the target depends on first, in target units, and frees its tensors', async () => {
    const data = drivenCity(700);
    const model = buildModel({ kind: 'linear', units: 1, layers: 1, dropout: 0 }, data, 7);
    await train(model, data, { ...DEFAULT_TRAINING, epochs: 60, learningRate: 0.05, patience: 60 });
    const before = tf.memory().numTensors;
    const importance = permutationImportance(model, data, { repeats: 3, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(importance.map((i) => i.feature)[0]).toBe('driver');
    // Shuffling the driver costs about the whole signal (≈ 3 × E|driver| = 1.5 °C on day 1); the others almost nothing.
    expect(importance[0].increase).toBeGreaterThan(0.5);
    const of = (feature: string) => importance.find((i) => i.feature === feature)!.increase;
    // An unrelated input costs nothing. (temp's past costs a little: temp[t] = 3 × driver[t-1] is collinear with the
    // driver's lags, so weights the short training left along that direction cancel only while both are intact.)
    expect(Math.abs(of('noise'))).toBeLessThan(0.02 * of('driver'));
    expect(of('temp')).toBeLessThan(0.5 * of('driver'));
    // Seeded: the same numbers again.
    expect(permutationImportance(model, data, { repeats: 3, seed: 1 })).toEqual(importance);

    const weights = linearWeights(model, data)!;
    expect(tf.memory().numTensors).toBe(before);
    expect(weights.days).toEqual([-3, -2, -1, 0]);
    expect(weights.features).toEqual(['temp', 'driver', 'noise']);
    expect(weights.values).toHaveLength(1);
    const day1 = weights.values[0];
    expect(day1).toHaveLength(4);
    const biggest = day1.flatMap((row, d) => row.map((w, f) => ({ d, f, w: Math.abs(w) }))).sort((a, b) => b.w - a.w)[0];
    // Day-1 forecast = f(driver on the last input day).
    expect([weights.days[biggest.d], weights.features[biggest.f]]).toEqual([0, 'driver']);
    disposeModel(model);
  }, 60_000);

  it('gives no weights for a model that is not linear', () => {
    const data = drivenCity(200);
    const model = buildModel({ kind: 'mlp', units: 4, layers: 1, dropout: 0 }, data, 1);
    expect(linearWeights(model, data)).toBeNull();
    disposeModel(model);
  });
});
