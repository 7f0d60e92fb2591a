import * as tf from '@tensorflow/tfjs';
import { targetToUnits, type PreparedData, type SplitName } from '../data/prepare.ts';
import type { WindowSet } from '../data/windows.ts';
import { evaluateForecast, type Evaluation } from './metrics.ts';

export * from './metrics.ts';

/** Model forecasts for a window set, in the target's units, row-major `[count, horizonDays]`. */
export function predictWindows(model: tf.LayersModel, data: PreparedData, set: WindowSet): Float32Array {
  const normalized = tf.tidy(() => {
    const x = tf.tensor3d(set.x, [set.count, data.lookbackDays, data.numFeatures]);
    return (model.predict(x, { batchSize: 256 }) as tf.Tensor).dataSync() as Float32Array;
  });
  return targetToUnits(data, normalized);
}

/** Scores a model on a split (default: test) against persistence and climatology. */
export function evaluateModel(model: tf.LayersModel, data: PreparedData, split: SplitName = 'test'): Evaluation {
  const set = data[split];
  return evaluateForecast(data, split, predictWindows(model, data, set));
}

