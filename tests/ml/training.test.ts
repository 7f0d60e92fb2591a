import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData, type PreparedData } from '../../src/ml/data/prepare.ts';
import { evaluateModel } from '../../src/ml/evaluation/evaluate.ts';
import {
  DEFAULT_TRAINING,
  evaluateLoss,
  train,
  TrainingDivergedError,
  validateTrainingConfig,
  type BatchLog,
  type EpochLog,
  type TrainingConfig,
} from '../../src/ml/training/train.ts';
import { makeTable, seededNoise, sineCity } from './helpers.ts';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

const split = { kind: 'fraction', testFraction: 0.2, validationFraction: 0.15 } as const;
/**
 * 200 days of sine, test from row round(200 × 0.8) = 160: pre-test anchors 6..158 (153),
 * round(153 × 0.15) = 23 for validation, 130 for training → 9 batches of 16 per epoch.
 */
const sine: PreparedData = prepareData(sineCity(200), {
  features: { target: 'temp', inputs: ['wind'] },
  window: { lookbackDays: 7, horizonDays: 1 },
  split,
});
/** Pure noise: nothing to learn, so a big network overfits and the validation loss climbs. */
const noise: PreparedData = (() => {
  const r = seededNoise(11);
  const values = Array.from({ length: 200 }, () => r());
  const other = Array.from({ length: 200 }, () => r());
  return prepareData(makeTable('2020-01-01', 200, { temp: (i) => values[i], wind: (i) => other[i] }), {
    features: { target: 'temp', inputs: ['wind'], seasonal: false },
    window: { lookbackDays: 7, horizonDays: 1 },
    split,
  });
})();

const config: TrainingConfig = { epochs: 4, batchSize: 16, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 5 };
const gru: ArchitectureSpec = { kind: 'gru', units: 4, layers: 1, dropout: 0 };
const mlp: ArchitectureSpec = { kind: 'mlp', units: 16, layers: 1, dropout: 0 };

/** Model predictions on the validation windows, normalized. */
function predictValidation(model: tf.LayersModel, data: PreparedData): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor3d(data.validation.x, [data.validation.count, data.lookbackDays, data.numFeatures]);
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
}

describe('cancelling', () => {
  it('stops right after the batch during which the signal was aborted and keeps the best weights', async () => {
    expect(sine.train.count).toBe(130);
    expect(sine.validation.count).toBe(23);
    const model = buildModel(mlp, sine);
    const controller = new AbortController();
    const batches: BatchLog[] = [];
    let epoch1Predictions: Float32Array | undefined;
    try {
      const result = await train(model, sine, { ...config, epochs: 10 }, {
        signal: controller.signal,
        onBatch: (log) => {
          batches.push(log);
          if (log.epoch === 2 && log.batch === 3) controller.abort();
        },
        onEpoch: (log) => {
          if (log.epoch === 1) epoch1Predictions = predictValidation(model, sine);
        },
      });
      expect(batches[0].batchesPerEpoch).toBe(9);
      expect(batches).toHaveLength(9 + 4);
      expect(batches[batches.length - 1]).toMatchObject({ epoch: 2, batch: 3 });
      expect(result.cancelled).toBe(true);
      expect(result.stoppedEarly).toBe(false);
      // the partial second epoch is not scored; the model holds epoch 1's weights
      expect(result.history.map((h) => h.epoch)).toEqual([1]);
      expect(result.bestEpoch).toBe(1);
      expect(predictValidation(model, sine)).toEqual(epoch1Predictions);
    } finally {
      disposeModel(model);
    }
  });

  it('an already aborted signal runs a single batch', async () => {
    const model = buildModel(mlp, sine);
    const controller = new AbortController();
    controller.abort();
    const batches: BatchLog[] = [];
    try {
      const result = await train(model, sine, config, { signal: controller.signal, onBatch: (b) => batches.push(b) });
      expect(batches).toHaveLength(1);
      expect(result.cancelled).toBe(true);
      expect(result.history).toEqual([]);
      expect(result.bestEpoch).toBe(0);
      expect(result.bestValMae).toBeNaN();
    } finally {
      disposeModel(model);
    }
  });
});

describe('early stopping', () => {
  it('stops after `patience` epochs without improvement and restores the best epoch', async () => {
    const model = buildModel({ kind: 'mlp', units: 32, layers: 2, dropout: 0 }, noise, 1);
    const snapshots = new Map<number, Float32Array>();
    const logs: EpochLog[] = [];
    try {
      const result = await train(model, noise, { ...config, epochs: 60, learningRate: 0.003, patience: 3 }, {
        onEpoch: (log) => {
          logs.push(log);
          snapshots.set(log.epoch, predictValidation(model, noise));
        },
      });
      // The best epoch is the lowest validation MAE (the number on screen), not the lowest loss.
      const maes = result.history.map((h) => h.valMae);
      const best = maes.indexOf(Math.min(...maes)) + 1;
      expect(result.stoppedEarly).toBe(true);
      expect(result.bestEpoch).toBe(best);
      expect(best).toBeGreaterThan(1);
      expect(result.history).toHaveLength(best + 3);
      expect(result.history.length).toBeLessThan(60);
      expect(logs).toEqual(result.history);
      expect(result.bestValMae).toBe(result.history[best - 1].valMae);
      // the weights are those of the best epoch, not of the last one
      expect(predictValidation(model, noise)).toEqual(snapshots.get(best));
      expect(predictValidation(model, noise)).not.toEqual(snapshots.get(result.history.length));
      const v = tf.tidy(() =>
        evaluateLoss(
          model,
          tf.tensor3d(noise.validation.x, [noise.validation.count, 7, noise.numFeatures]),
          tf.tensor2d(noise.validation.y, [noise.validation.count, 1]),
          noise.normalizer.std[0],
        ),
      );
      expect(v.loss).toBe(result.history[best - 1].valLoss);
    } finally {
      disposeModel(model);
    }
  });

  it('patience 0 never stops early', async () => {
    const model = buildModel({ kind: 'mlp', units: 64, layers: 2, dropout: 0 }, noise, 1);
    try {
      const result = await train(model, noise, { ...config, epochs: 12, patience: 0 });
      expect(result.history).toHaveLength(12);
      expect(result.stoppedEarly).toBe(false);
    } finally {
      disposeModel(model);
    }
  });
});

describe('divergence', () => {
  it('a huge SGD learning rate throws TrainingDivergedError naming the epoch and a lower rate', async () => {
    const model = buildModel({ kind: 'linear', units: 1, layers: 1, dropout: 0 }, sine);
    try {
      const error = await train(model, sine, { ...config, optimizer: 'sgd', learningRate: 10, epochs: 20 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TrainingDivergedError);
      const e = error as TrainingDivergedError;
      expect(e.name).toBe('TrainingDivergedError');
      expect(e.learningRate).toBe(10);
      expect(e.epoch).toBeGreaterThanOrEqual(1);
      expect(e.message).toContain(`the loss became NaN or infinite at epoch ${e.epoch}, batch ${e.batch + 1}.`);
      expect(e.message).toContain('Lower the learning rate (now 10, try 1)');
    } finally {
      disposeModel(model);
    }
  });
});

describe('reproducibility', () => {
  const run = async (trainSeed: number) => {
    const model = buildModel(gru, sine, 9);
    try {
      const result = await train(model, sine, { ...config, epochs: 3, seed: trainSeed });
      return result.history.map(({ epoch, trainLoss, valLoss, trainMae, valMae }) => ({ epoch, trainLoss, valLoss, trainMae, valMae }));
    } finally {
      disposeModel(model);
    }
  };

  it('same seeds ⇒ identical history on the same backend; another batch-order seed ⇒ different', async () => {
    const a = await run(5);
    expect(a).toHaveLength(3);
    expect(await run(5)).toEqual(a);
    const b = await run(6);
    expect(b[0].trainLoss).not.toBe(a[0].trainLoss);
  });
});

describe('validateTrainingConfig', () => {
  it('accepts the defaults', () => {
    expect(validateTrainingConfig(DEFAULT_TRAINING)).toEqual([]);
  });

  it('names each bad setting with its range', () => {
    const bad = (patch: Partial<TrainingConfig>) => validateTrainingConfig({ ...DEFAULT_TRAINING, ...patch });
    expect(bad({ epochs: 0 })).toEqual(['Epochs must be a whole number from 1 to 500 (got 0).']);
    expect(bad({ epochs: 501 })).toEqual(['Epochs must be a whole number from 1 to 500 (got 501).']);
    expect(bad({ batchSize: 1.5 })).toEqual(['Batch size must be a whole number from 1 to 1024 (got 1.5).']);
    expect(bad({ patience: -1 })).toEqual(['Early-stopping patience must be a whole number from 0 to 100 (got -1).']);
    expect(bad({ seed: -3 })).toEqual([`Seed must be a whole number from 0 to ${2 ** 31 - 1} (got -3).`]);
    expect(bad({ learningRate: 0 })).toEqual(['Learning rate must be from 0.000001 to 10 (got 0); 0.001–0.01 suits Adam.']);
    expect(bad({ learningRate: 11 })).toHaveLength(1);
    expect(bad({ learningRate: Number.NaN })).toHaveLength(1);
    expect(bad({ optimizer: 'lbfgs' as TrainingConfig['optimizer'] })).toEqual(['Unknown optimizer "lbfgs"; choose adam, sgd or rmsprop.']);
    expect(bad({ epochs: 0, batchSize: 0, learningRate: -1 })).toHaveLength(3);
  });

  it('train refuses an invalid config before touching the model', async () => {
    const model = buildModel(mlp, sine);
    try {
      await expect(train(model, sine, { ...config, epochs: 0 })).rejects.toThrow('Epochs must be a whole number from 1 to 500 (got 0).');
      expect((model as { optimizer?: unknown }).optimizer).toBeUndefined();
    } finally {
      disposeModel(model);
    }
  });
});

describe('tensor memory', () => {
  it('train + evaluate + disposeModel leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel(gru, sine);
    const result = await train(model, sine, { ...config, epochs: 2 });
    const evaluation = evaluateModel(model, sine);
    expect(evaluation.model.count).toBe(sine.test.count);
    expect(result.history).toHaveLength(2);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('after a diverged run', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel({ kind: 'linear', units: 1, layers: 1, dropout: 0 }, sine);
    await expect(train(model, sine, { ...config, optimizer: 'sgd', learningRate: 10, epochs: 20 })).rejects.toBeInstanceOf(TrainingDivergedError);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('after a cancelled run', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel(gru, sine);
    const controller = new AbortController();
    const result = await train(model, sine, config, {
      signal: controller.signal,
      onBatch: (b) => {
        if (b.epoch === 2 && b.batch === 1) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('training twice (a second compile) does not leak the first optimizer', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel(mlp, sine);
    await train(model, sine, { ...config, epochs: 1 });
    await train(model, sine, { ...config, epochs: 1, optimizer: 'rmsprop' });
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });
});
