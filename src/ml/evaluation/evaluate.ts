import * as tf from '@tensorflow/tfjs';
import { hasIntervalHead } from '../architectures/architectures.ts';
import { targetToUnits, type PreparedData, type SplitName } from '../data/prepare.ts';
import type { WindowSet } from '../data/windows.ts';
import { splitQuantiles } from './intervals.ts';
import { evaluateForecast, type Evaluation } from './metrics.ts';

export * from './metrics.ts';

/** A model's forecasts for a window set, in the target's units, row-major `[count, horizonDays]`. */
export interface WindowForecasts {
  /** The forecast; the median for an interval model. */
  readonly predicted: Float32Array;
  /** 10th and 90th percentiles (sorted with the median so they never cross), for an interval model. */
  readonly band: { readonly lower: Float32Array; readonly upper: Float32Array } | null;
}

/** Raw model outputs for a window set, normalized, row-major `[count, outputs]`. */
function rawOutputs(model: tf.LayersModel, data: PreparedData, set: WindowSet): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor3d(set.x, [set.count, data.lookbackDays, data.numFeatures]);
    return (model.predict(x, { batchSize: 256 }) as tf.Tensor).dataSync() as Float32Array;
  });
}

/** Forecasts (and, for an interval model, the 80 % band) for a window set, in target units. */
export function forecastWindows(model: tf.LayersModel, data: PreparedData, set: WindowSet): WindowForecasts {
  const normalized = rawOutputs(model, data, set);
  if (!hasIntervalHead(model, data.horizonDays)) return { predicted: targetToUnits(data, normalized), band: null };
  const mu = data.normalizer.mean[0];
  const sigma = data.normalizer.std[0];
  const q = splitQuantiles(normalized, data.horizonDays, (v) => v * sigma + mu);
  return { predicted: q.median, band: { lower: q.lower, upper: q.upper } };
}

/** Model forecasts for a window set (the median for an interval model), in the target's units, row-major `[count, horizonDays]`. */
export function predictWindows(model: tf.LayersModel, data: PreparedData, set: WindowSet): Float32Array {
  return forecastWindows(model, data, set).predicted;
}

/** Scores a model on a split (default: test) against persistence and climatology; with its band's calibration for an interval model. */
export function evaluateModel(model: tf.LayersModel, data: PreparedData, split: SplitName = 'test'): Evaluation {
  const { predicted, band } = forecastWindows(model, data, data[split]);
  return evaluateForecast(data, split, predicted, band ?? undefined);
}
