import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { hasIntervalHead } from '../architectures/architectures.ts';
import type { PreparedData } from '../data/prepare.ts';
import type { WindowSet } from '../data/windows.ts';
import { QUANTILES } from '../evaluation/intervals.ts';
import { fusedBatchStep } from './fused-step.ts';
import { OPTIMIZER_LABELS, TrainingDivergedError, validateTrainingConfig, type EpochLog, type OptimizerName, type TrainingCallbacks, type TrainingConfig, type TrainingResult } from './config.ts';
import { nextMacrotask } from '../next-macrotask.ts';

export * from './config.ts';

/** Optimizer registry. */
export const OPTIMIZERS: Readonly<Record<OptimizerName, { label: string; create: (learningRate: number) => tf.Optimizer }>> = {
  adam: { label: OPTIMIZER_LABELS.adam, create: (lr) => tf.train.adam(lr) },
  sgd: { label: OPTIMIZER_LABELS.sgd, create: (lr) => tf.train.sgd(lr) },
  rmsprop: { label: OPTIMIZER_LABELS.rmsprop, create: (lr) => tf.train.rmsprop(lr) },
};

/** The data a training run needs: windows plus the target scale. */
export type TrainingData = Pick<PreparedData, 'train' | 'validation' | 'lookbackDays' | 'numFeatures' | 'horizonDays' | 'normalizer'>;

function toTensors(set: WindowSet, data: TrainingData): { x: tf.Tensor3D; y: tf.Tensor2D } {
  return {
    x: tf.tensor3d(set.x, [set.count, data.lookbackDays, data.numFeatures]),
    y: tf.tensor2d(set.y, [set.count, data.horizonDays]),
  };
}

/** Targets `[n, H]` repeated once per quantile, `[n, 3H]`, to line up with the quantile-major outputs. */
function tileForQuantiles(y: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.concat(QUANTILES.map(() => y), 1));
}

/**
 * Pinball (quantile) loss for quantile-major outputs: `yTrue` and `yPred` are `[batch, 3H]`
 * (`yTrue` holds the target three times). Per element `max(τ·e, (τ−1)·e)` with `e = y − q` and
 * τ = 0.1, 0.5, 0.9 for the three blocks; returns the mean over the 3H outputs per sample
 * `[batch]`, i.e. the loss averaged over the three quantiles. Minimizing it makes each output
 * the τ-quantile of the target given the input.
 */
export function pinballLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const width = yPred.shape[yPred.rank - 1]!;
    const h = width / QUANTILES.length;
    const tau = tf.tensor1d(Array.from({ length: width }, (_, i) => QUANTILES[Math.floor(i / h)]));
    const e = tf.sub(yTrue, yPred);
    return tf.mean(tf.maximum(tf.mul(tau, e), tf.mul(tf.sub(tau, 1), e)), -1);
  });
}

/** Mean absolute error of the median block (the middle third) of quantile-major outputs, normalized. */
function medianAbsoluteError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const width = yPred.shape[yPred.rank - 1]!;
    const h = width / QUANTILES.length;
    const mid = (t: tf.Tensor) => tf.slice(t, [0, h], [-1, h]);
    return tf.mean(tf.abs(tf.sub(mid(yTrue), mid(yPred))), -1);
  });
}

/**
 * Validation loss and MAE in target units, computed in batches. `y` is `[n, horizonDays]`
 * (normalized). For a point model the loss is the MSE; for an interval model (3 × horizonDays
 * outputs) it is the pinball loss and the MAE is the median's.
 */
export function evaluateLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, targetStd: number): { loss: number; mae: number } {
  return tf.tidy(() => {
    const pred = model.predict(x, { batchSize: 256 }) as tf.Tensor;
    if (pred.shape[1] === QUANTILES.length * y.shape[1]!) {
      const tiled = tileForQuantiles(y as tf.Tensor2D);
      return { loss: pinballLoss(tiled, pred).mean().dataSync()[0], mae: medianAbsoluteError(tiled, pred).mean().dataSync()[0] * targetStd };
    }
    const diff = pred.sub(y);
    const loss = diff.square().mean().dataSync()[0];
    const mae = diff.abs().mean().dataSync()[0] * targetStd;
    return { loss, mae };
  });
}

/** One batch through `model.trainOnBatch`: the batch's normalized loss and MAE before the update. */
async function stockStep(model: tf.LayersModel, train: { x: tf.Tensor; y: tf.Tensor }, idx: Int32Array): Promise<{ loss: number; mae: number }> {
  const [xb, yb] = tf.tidy(() => {
    const indices = tf.tensor1d(idx, 'int32');
    return [tf.gather(train.x, indices), tf.gather(train.y, indices)];
  });
  try {
    const [loss, mae] = (await model.trainOnBatch(xb, yb)) as number[];
    return { loss, mae };
  } finally {
    xb.dispose();
    yb.dispose();
  }
}

/**
 * Trains `model` in place with mini-batches in a seeded order, validating after every epoch.
 * Early stopping restores the weights of the best validation epoch; so does cancelling.
 * Compiles the model with a fresh optimizer (the previous one is disposed), so calling it
 * again with a lower learning rate continues training from the current weights.
 * The loss follows the model's head: mean squared error for one output per horizon day, pinball
 * loss for an interval head (`buildModel(…, { intervals: true })`); `config.intervals` must agree.
 * @throws TrainingDivergedError when the loss becomes NaN or infinite.
 */
export async function train(
  model: tf.LayersModel,
  data: TrainingData,
  config: TrainingConfig,
  callbacks: TrainingCallbacks = {},
): Promise<TrainingResult> {
  const errors = validateTrainingConfig(config);
  if (errors.length > 0) throw new Error(errors.join(' '));
  const { onEpoch, onBatch, signal } = callbacks;
  const intervals = hasIntervalHead(model, data.horizonDays);
  if (intervals !== Boolean(config.intervals)) {
    throw new Error(
      intervals
        ? 'This model forecasts intervals (10th, 50th and 90th percentiles) but the training settings do not ask for them: set intervals to true to keep training it.'
        : 'The training settings ask for intervals but this model has one output per horizon day: build it with intervals, or turn intervals off.',
    );
  }
  const previous = (model as { optimizer?: tf.Optimizer }).optimizer;
  model.compile(
    intervals
      ? { optimizer: OPTIMIZERS[config.optimizer].create(config.learningRate), loss: pinballLoss, metrics: [medianAbsoluteError] }
      : { optimizer: OPTIMIZERS[config.optimizer].create(config.learningRate), loss: 'meanSquaredError', metrics: ['mae'] },
  );
  previous?.dispose();

  const targetStd = data.normalizer.std[0];
  // The walkthrough's models train without a TensorFlow.js op per batch (fused-step.ts), on the windows'
  // arrays: the training windows become tensors only for the models `trainOnBatch` trains.
  const fused = fusedBatchStep(model, data.train, data, config);
  const train = fused ? null : toTensors(data.train, data);
  if (train && intervals) {
    const tiled = tileForQuantiles(train.y);
    train.y.dispose();
    train.y = tiled;
  }
  const val = toTensors(data.validation, data);
  const n = data.train.count;
  const batchSize = Math.min(config.batchSize, n);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const random = seedrandom(String(config.seed));
  const order = new Int32Array(n);

  const history: EpochLog[] = [];
  let best: { epoch: number; loss: number; mae: number; weights: tf.Tensor[] } | null = null;
  let sinceBest = 0;
  let stoppedEarly = false;
  let cancelled = false;
  const t0 = performance.now();
  let lastYield = t0;
  try {
    for (let epoch = 1; epoch <= config.epochs && !cancelled; epoch++) {
      const e0 = performance.now();
      for (let i = 0; i < n; i++) order[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      let lossSum = 0;
      let maeSum = 0;
      let seen = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        const idx = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
        const { loss, mae } = fused ? fused.step(idx) : await stockStep(model, train!, idx);
        if (!Number.isFinite(loss) || !Number.isFinite(mae)) throw new TrainingDivergedError(epoch, b, config.learningRate);
        lossSum += loss * idx.length;
        maeSum += mae * idx.length;
        seen += idx.length;
        onBatch?.({ epoch, batch: b, batchesPerEpoch, loss });
        if (performance.now() - lastYield > 25) {
          await nextMacrotask();
          lastYield = performance.now();
        }
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
      }
      fused?.sync();
      if (cancelled && seen < n) break; // a partial epoch is not scored
      const v = evaluateLoss(model, val.x, val.y, targetStd);
      if (!Number.isFinite(v.loss)) throw new TrainingDivergedError(epoch, batchesPerEpoch - 1, config.learningRate);
      const ms = performance.now() - e0;
      const log: EpochLog = {
        epoch,
        trainLoss: lossSum / seen,
        valLoss: v.loss,
        trainMae: (maeSum / seen) * targetStd,
        valMae: v.mae,
        ms,
        samplesPerSecond: (n / ms) * 1000,
      };
      history.push(log);
      // The best epoch is the lowest validation MAE, as `bestEpochOf` defines it for every screen.
      if (best === null || v.mae < best.mae) {
        best?.weights.forEach((w) => w.dispose());
        best = { epoch, loss: v.loss, mae: v.mae, weights: model.getWeights().map((w) => w.clone()) };
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      onEpoch?.(log);
      if (config.patience > 0 && sinceBest >= config.patience) {
        stoppedEarly = epoch < config.epochs;
        break;
      }
    }
    if (best) model.setWeights(best.weights);
  } finally {
    best?.weights.forEach((w) => w.dispose());
    tf.dispose([...(train ? [train.x, train.y] : []), val.x, val.y]);
  }
  const msTotal = performance.now() - t0;
  return {
    history,
    bestEpoch: best?.epoch ?? 0,
    bestValMae: best?.mae ?? Number.NaN,
    stoppedEarly,
    cancelled,
    msTotal,
    msPerEpoch: history.length > 0 ? history.reduce((s, h) => s + h.ms, 0) / history.length : 0,
  };
}
